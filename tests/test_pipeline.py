"""load(): component order, model selection and clear errors for missing or broken models."""
from __future__ import annotations

from pathlib import Path

import pytest

import ukrnews_nlp
from ukrnews_nlp.errors import ModelError
from ukrnews_nlp.pipeline import default_models_dir

RULE_COMPONENTS = ["ukrnews_sentences", "ukrnews_punct_heads", "ukrnews_case_roles", "ukrnews_copula_agreement",
                   "ukrnews_lemmatizer", "ukrnews_word_features", "ukrnews_predicatives", "ukrnews_dative_objects",
                   "ukrnews_entity_rules", "ukrnews_entity_normalizer", "ukrnews_name_tokens", "ukrnews_quotes",
                   "ukrnews_whitespace"]


def test_rules_only_pipeline(rules_nlp):
    assert rules_nlp.pipe_names == RULE_COMPONENTS
    doc = rules_nlp("Київ — столиця України. Тут живе О. Петренко.")
    assert len(list(doc.sents)) == 2


def test_exclude_components():
    nlp = ukrnews_nlp.load(models=False, exclude=["ukrnews_quotes", "ukrnews_lemmatizer", "ukrnews_word_features",
                                                  "ukrnews_punct_heads", "ukrnews_case_roles",
                                                  "ukrnews_copula_agreement", "ukrnews_predicatives",
                                                  "ukrnews_dative_objects"])
    assert nlp.pipe_names == ["ukrnews_sentences", "ukrnews_entity_rules", "ukrnews_entity_normalizer",
                              "ukrnews_name_tokens", "ukrnews_whitespace"]
    assert "ukrnews_whitespace" not in ukrnews_nlp.load(models=False, exclude=["ukrnews_whitespace"]).pipe_names


def test_named_model_missing_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match=r"does not exist or is not a spaCy pipeline"):
        ukrnews_nlp.load(models=["core"], models_dir=tmp_path)


def test_broken_model_is_a_clear_error(tmp_path):
    broken = tmp_path / "core"
    broken.mkdir()
    (broken / "config.cfg").write_text("[nlp]\nlang = \"uk\"\npipeline = [\"nonexistent_factory_xyz\"]\n")
    with pytest.raises(ModelError, match=r"Cannot load model"):
        ukrnews_nlp.load(models=["core"], models_dir=tmp_path)


def test_models_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("UKRNEWS_NLP_MODELS", str(tmp_path))
    assert default_models_dir() == tmp_path
    # an empty models folder: the default load leaves the absent models out
    assert ukrnews_nlp.load().pipe_names == RULE_COMPONENTS


@pytest.mark.skipif(not (default_models_dir() / "core").is_dir(), reason="no trained core model in models/")
def test_shipped_core_model_is_used(nlp):
    for name in ("tok2vec", "morphologizer", "graph_parser"):
        assert name in nlp.pipe_names
    assert "parser" not in nlp.pipe_names  # the transition parser is kept in the folder, disabled
    doc = nlp("Президент України заявив, що переговори тривають.")
    assert doc.has_annotation("DEP") and doc.has_annotation("POS")
    assert any(t.pos_ == "VERB" for t in doc)


@pytest.mark.skipif(not (default_models_dir() / "core").is_dir(), reason="no trained core model in models/")
def test_core_model_reads_the_vectors_stored_with_the_ner_model(tmp_path):
    shipped = default_models_dir()
    assert not (shipped / "core" / "vocab" / "vectors").exists()  # stored once, in models/ner
    core_only = ukrnews_nlp.load(models=["core"], exclude=["ukrnews_quotes"])
    assert core_only.vocab.vectors.shape[0] > 0
    # a models folder without the NER model's folder: the core model cannot get its vectors, and says so
    (tmp_path / "core").symlink_to(shipped / "core", target_is_directory=True)
    with pytest.raises(ModelError, match=r"Model core reads static word vectors.*ner/vocab"):
        ukrnews_nlp.load(models=["core"], models_dir=tmp_path)


def test_exported_core_model_leaves_the_shared_vectors_out(tmp_path):
    from ukrnews_nlp.training.core import drop_shared_vectors

    vocab = tmp_path / "vocab"
    vocab.mkdir()
    for name in ("vectors", "vectors.cfg", "strings.json", "key2row"):
        (vocab / name).write_bytes(b"x")
    drop_shared_vectors(tmp_path)
    assert sorted(p.name for p in vocab.iterdir()) == ["key2row", "strings.json"]


def test_news_tokenizer_style_keeps_compounds_whole():
    nlp = ukrnews_nlp.load(models=False, tokenizer_style="news", exclude=["ukrnews_quotes"])
    words = [t.text for t in nlp("північно-західний район, 7,08 млн грн, вул. Хрещатик")]
    assert words[:2] == ["північно-західний", "район"] and "7,08" in words and "вул." in words


def test_unknown_tokenizer_style():
    with pytest.raises(ValueError, match="Unknown tokenizer style"):
        ukrnews_nlp.load(models=False, tokenizer_style="twitter")


def test_loaded_pipeline_batches_64_documents_by_default(nlp):
    from ukrnews_nlp.pipeline import DEFAULT_BATCH_SIZE

    assert nlp.batch_size == DEFAULT_BATCH_SIZE == 64


@pytest.mark.skipif(not (default_models_dir() / "ner").is_dir(), reason="no trained NER model in models/")
def test_a_models_folder_missing_the_core_model_says_so(tmp_path):
    (tmp_path / "ner").symlink_to(default_models_dir() / "ner")
    (tmp_path / "core").symlink_to(tmp_path / "gone")  # a broken link, as a stale candidate folder has
    with pytest.raises(ModelError, match=r"core is missing \(or a broken link\)"):
        ukrnews_nlp.load(models_dir=tmp_path)


@pytest.mark.skipif(not (default_models_dir() / "core").is_dir(), reason="no trained core model in models/")
def test_transition_parser_on_request():
    nlp = ukrnews_nlp.load(models=["core"], parser="transition", exclude=["ukrnews_quotes"])
    assert "parser" in nlp.pipe_names and "graph_parser" not in nlp.pipe_names
    doc = nlp("Президент підписав закон.")
    assert doc[0].dep_ == "nsubj" and doc[1].dep_ == "ROOT"


def test_parser_choice_errors():
    import spacy

    from ukrnews_nlp.errors import UserError
    from ukrnews_nlp.pipeline import choose_parser

    with pytest.raises(UserError, match="Unknown parser 'biaffine'; choose one of: graph, transition"):
        ukrnews_nlp.load(models=False, parser="biaffine")
    with pytest.raises(ModelError, match="keeps spaCy's transition parser"):
        choose_parser(spacy.blank("uk"), "transition", Path("core"))
