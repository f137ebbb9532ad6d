"""The NER model reads the core model's analysis: training corpora carry it, load() refuses a NER without it."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, DocBin

import ukrnews_nlp
from ukrnews_nlp.errors import ModelError
from ukrnews_nlp.pipeline import add_trained_model, analysis_inputs, default_models_dir
from ukrnews_nlp.training.ner import ANALYSIS_ATTRS, analyse, core_analyser, create_analyzed_corpus


def test_analysis_inputs_reads_the_embedding_attrs():
    config = {"components": {"ner_tok2vec": {"model": {"embed": {
        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE", "POS", "MORPH"]}}}}}
    assert analysis_inputs(config) == {"POS", "MORPH"}
    assert analysis_inputs({"components": {"t": {"model": {"embed": {"attrs": ["NORM", "SHAPE"]}}}}}) == set()


def test_analyzed_corpus_gives_the_model_the_analysis_but_not_the_entities(tmp_path):
    nlp = spacy.blank("uk")
    doc = Doc(nlp.vocab, words=["Лукашенко", "приїхав", "до", "Москви"], pos=["PROPN", "VERB", "ADP", "PROPN"],
              morphs=["Case=Nom|NameType=Sur", "Tense=Past", "Case=Gen", "Case=Gen"],
              ents=["B-PER", "O", "O", "B-LOC"])
    DocBin(docs=[doc]).to_disk(tmp_path / "train.spacy")
    (example,) = list(create_analyzed_corpus(tmp_path / "train.spacy")(nlp))
    predicted = example.predicted
    assert [t.pos_ for t in predicted] == ["PROPN", "VERB", "ADP", "PROPN"]
    assert str(predicted[0].morph) == "Case=Nom|NameType=Sur"
    assert not predicted.ents and [e.label_ for e in example.reference.ents] == ["PER", "LOC"]
    assert {"POS", "MORPH"} <= set(ANALYSIS_ATTRS)


def test_training_docs_are_analysed_by_the_core_model_with_gold_entities_kept():
    if not (default_models_dir() / "core" / "config.cfg").is_file():
        pytest.skip("needs models/core")
    analyser = core_analyser(None)
    doc = analyser.make_doc("Олександр Лукашенко заявив у Мінську.")
    doc.ents = [doc.char_span(0, 19, label="PER"), doc.char_span(29, 36, label="LOC")]
    (done,) = list(analyse([doc], analyser))
    assert [(e.text, e.label_) for e in done.ents] == [("Олександр Лукашенко", "PER"), ("Мінську", "LOC")]
    assert done[1].pos_ == "PROPN" and done[1].morph.get("Case") == ["Nom"]


def test_a_model_reading_the_analysis_is_refused_without_the_core_model(tmp_path):
    # a minimal trained pipeline whose tok2vec embeds POS: nothing before it assigns POS in a rules-only nlp
    source = spacy.blank("uk")
    source.add_pipe("tok2vec", name="ner_tok2vec", config={"model": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 16, "attrs": ["NORM", "POS"],
                  "rows": [100, 20], "include_static_vectors": False},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 16, "depth": 1,
                   "window_size": 1, "maxout_pieces": 2}}})
    source.initialize()
    source.to_disk(tmp_path / "ner")
    nlp = ukrnews_nlp.load(models=False, exclude=["ukrnews_quotes"])
    with pytest.raises(ModelError, match=r"reads POS.*models=\['core', 'ner'\]"):
        add_trained_model(nlp, "ner", tmp_path / "ner")
    if (default_models_dir() / "core" / "config.cfg").is_file():  # with the core model before it, accepted
        nlp = ukrnews_nlp.load(models=["core"], exclude=["ukrnews_quotes"])
        add_trained_model(nlp, "ner", tmp_path / "ner")
        assert "ner_tok2vec" in nlp.pipe_names


def test_excluding_what_the_ner_model_reads_is_refused():
    models = default_models_dir()
    if not (models / "ner" / "config.cfg").is_file() or not (models / "core" / "config.cfg").is_file():
        pytest.skip("needs models/core and models/ner")
    if not analysis_inputs(spacy.util.load_config(models / "ner" / "config.cfg")):
        pytest.skip("the shipped NER model reads no core annotation")
    for kwargs in ({"models": ["ner"]}, {"exclude": ["morphologizer"]}):
        with pytest.raises(ModelError, match=r"models=\['core', 'ner'\]"):
            ukrnews_nlp.load(**kwargs)


def test_all_dev_needs_a_positive_step_count():
    import argparse

    from ukrnews_nlp.training.ner import configure_parser

    parser = argparse.ArgumentParser()
    configure_parser(parser)
    assert parser.parse_args(["--all-dev", "3200"]).all_dev == 3200
    assert parser.parse_args([]).all_dev is None
    with pytest.raises(SystemExit):
        parser.parse_args(["--all-dev", "0"])


def test_a_model_trained_on_the_validation_part_is_exported_without_its_scores(tmp_path):
    import json

    from ukrnews_nlp.training.ner import export_model

    nlp = spacy.blank("uk")
    nlp.add_pipe("ner").add_label("PER")
    nlp.initialize()
    nlp.meta["performance"] = {"ents_f": 0.96}
    nlp.to_disk(tmp_path / "last")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "README.md").write_text("card")
    export_model(tmp_path / "last", tmp_path / "out", scored_on_seen=True)
    meta = json.loads((tmp_path / "out" / "meta.json").read_text(encoding="utf-8"))
    assert meta["performance"] == {}
    assert (tmp_path / "out" / "README.md").read_text() == "card"
    export_model(tmp_path / "last", tmp_path / "out2")
    assert json.loads((tmp_path / "out2" / "meta.json").read_text(encoding="utf-8"))["performance"] == {"ents_f": 0.96}
