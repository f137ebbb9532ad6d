"""A model reading the core model's token vectors: the layer, its training corpora, its fused form, its check."""
from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.tokens import Doc, DocBin

import ukrnews_nlp
import ukrnews_nlp.tok2vec_chunks  # noqa: F401  (registers ukrnews_tok2vec)
from ukrnews_nlp.embed_fusion import FusedEmbedding, fuse_embeddings
from ukrnews_nlp.errors import DataError, ModelError
from ukrnews_nlp.pipeline import add_trained_model, analysis_inputs, default_models_dir
from ukrnews_nlp.tensor_features import SAVED_TENSOR_KEY, load_tensors, multi_hash_embed_with_tensor, save_tensors
from ukrnews_nlp.training.ner import create_analyzed_corpus

from .conftest import floret_nlp, randomize_weights

WIDTH, TENSOR_WIDTH = 8, 6
EMBED = {"@architectures": "ukrnews.MultiHashEmbedWithTensor.v1", "width": WIDTH, "attrs": ["NORM", "SHAPE"],
         "rows": [50, 20], "include_static_vectors": True, "tensor_width": TENSOR_WIDTH}


def docs_with_tensors(vocab, texts, seed=0):
    rng = numpy.random.default_rng(seed)
    docs = [Doc(vocab, words=text.split()) for text in texts]
    for doc in docs:
        doc.tensor = rng.standard_normal((len(doc), TENSOR_WIDTH)).astype("float32")
    return docs


def floret_vocab():
    return floret_nlp(WIDTH)


def initialized_layer(docs):
    layer = multi_hash_embed_with_tensor(WIDTH, ["NORM", "SHAPE"], [50, 20], True, TENSOR_WIDTH)
    layer.initialize(X=docs)
    return randomize_weights(layer)


def test_the_layer_reads_the_tensor_and_a_training_doc_s_saved_one_first():
    nlp = floret_vocab()
    docs = docs_with_tensors(nlp.vocab, ["Олег приїхав до Києва", "Так"])
    layer = initialized_layer(docs)
    out = layer.predict(docs)
    assert [o.shape for o in out] == [(4, WIDTH), (1, WIDTH)]
    changed = docs_with_tensors(nlp.vocab, ["Олег приїхав до Києва"], seed=5)[0]
    assert not numpy.allclose(layer.predict([changed])[0], out[0])  # the tensor is an input
    changed.user_data[SAVED_TENSOR_KEY] = docs[0].tensor  # a training doc's saved tensor wins over doc.tensor
    numpy.testing.assert_allclose(layer.predict([changed])[0], out[0], rtol=1e-5)


def test_a_doc_without_the_core_tensor_is_a_clear_error():
    nlp = floret_vocab()
    docs = docs_with_tensors(nlp.vocab, ["Олег приїхав"])
    layer = initialized_layer(docs)
    with pytest.raises(ModelError, match="doc.tensor, 6 numbers a token"):
        layer.predict([Doc(nlp.vocab, words=["Олег", "приїхав"])])
    wrong = docs_with_tensors(nlp.vocab, ["Олег приїхав"])[0]
    wrong.tensor = numpy.zeros((2, TENSOR_WIDTH + 1), dtype="float32")
    with pytest.raises(ModelError, match=r"\(2, 7\) for 2 tokens"):
        layer.predict([wrong])


def test_the_fused_layer_gives_the_same_vectors():
    nlp = floret_vocab()
    docs = docs_with_tensors(nlp.vocab, ["Олег приїхав до Києва", "Так", "Мама миє раму ."])
    layer = initialized_layer(docs)
    fused = FusedEmbedding.of(layer)
    assert fused is not None and fused.tensor_weights.shape[0] == TENSOR_WIDTH
    for a, b in zip(fused.predict(docs), layer.predict(docs), strict=True):
        numpy.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


def test_saved_tensors_come_back_with_their_corpus(tmp_path):
    nlp = spacy.blank("uk")
    docs = docs_with_tensors(nlp.vocab, ["Лукашенко приїхав до Москви", "Так ."])
    docs.insert(1, Doc(nlp.vocab, words=[]))  # empty docs are skipped by spaCy's reader, and so here
    path = tmp_path / "train.spacy"
    DocBin(docs=docs).to_disk(path)
    save_tensors(docs, path)
    loaded = load_tensors(path)
    assert len(loaded) == 2
    numpy.testing.assert_array_equal(loaded[1], docs[2].tensor)
    examples = list(create_analyzed_corpus(path, tensors=True)(nlp))
    numpy.testing.assert_array_equal(examples[0].predicted.user_data[SAVED_TENSOR_KEY], docs[0].tensor)
    assert examples[0].predicted.tensor.size == 0  # not in doc.tensor: tok2vec listeners read that one
    assert SAVED_TENSOR_KEY not in list(create_analyzed_corpus(path)(nlp))[0].predicted.user_data
    with pytest.raises(ModelError):  # a doc the core model did not analyse
        save_tensors([Doc(nlp.vocab, words=["Так"])], tmp_path / "other.spacy")


def test_a_mismatched_tensor_file_is_refused(tmp_path):
    nlp = spacy.blank("uk")
    docs = docs_with_tensors(nlp.vocab, ["Лукашенко приїхав", "Так ."])
    path = tmp_path / "train.spacy"
    DocBin(docs=docs).to_disk(path)
    save_tensors(docs[:1], path)
    with pytest.raises(DataError, match="do not match"):
        list(create_analyzed_corpus(path, tensors=True)(nlp))


def test_the_model_is_refused_without_a_tok2vec_before_it(tmp_path):
    assert analysis_inputs({"components": {"ner_tok2vec": {"model": {"embed": EMBED}}}}) == {"TENSOR"}
    source = floret_vocab()
    source.add_pipe("ukrnews_tok2vec", name="ner_tok2vec", config={"model": {
        "@architectures": "spacy.Tok2Vec.v2", "embed": EMBED,
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": WIDTH, "depth": 1,
                   "window_size": 1, "maxout_pieces": 2}}})
    docs = docs_with_tensors(source.vocab, ["Олег приїхав"])
    source.initialize(lambda: [spacy.training.Example(d, d) for d in docs])
    assert fuse_embeddings(source) == 1
    source.to_disk(tmp_path / "ner")
    nlp = ukrnews_nlp.load(models=False, exclude=["ukrnews_quotes"])
    with pytest.raises(ModelError, match=r"reads TENSOR.*models=\['core', 'ner'\]"):
        add_trained_model(nlp, "ner", tmp_path / "ner")
    if (default_models_dir() / "core" / "config.cfg").is_file():  # after the core model's tok2vec: accepted
        nlp = ukrnews_nlp.load(models=["core"], exclude=["ukrnews_quotes"])
        add_trained_model(nlp, "ner", tmp_path / "ner")
        assert "ner_tok2vec" in nlp.pipe_names


def test_the_experiment_config_reads_the_core_tensor():
    from ukrnews_nlp.training.ner import CONFIG

    config = spacy.util.load_config(CONFIG.parent / "ner_core_tensor.cfg", interpolate=False)
    assert analysis_inputs(config) == {"POS", "MORPH", "TENSOR"}
    assert config["corpora"]["train"]["tensors"] is True
    assert "TENSOR" not in analysis_inputs(spacy.util.load_config(CONFIG, interpolate=False))  # the shipped one
