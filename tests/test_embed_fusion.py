"""The tok2vec's first layer with premultiplied tables gives the stock layer's vectors (up to float rounding)."""
from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.pipeline import Tok2Vec
from spacy.training import Example

from ukrnews_nlp.embed_fusion import FusedEmbedding, fuse_embeddings

from .conftest import EXAMPLES, docs_before

TEXTS = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))] + ["", "Так.", " "]


def before(nlp, name):
    return docs_before(nlp, name, TEXTS)


@pytest.mark.parametrize("name", ["tok2vec", "ner_tok2vec"])
def test_loaded_tok2vecs_predict_with_fused_tables_and_the_same_vectors(float_nlp, name):
    component = float_nlp.get_pipe(name)
    assert component._fused is not None  # load() fused them
    docs = before(float_nlp, name)
    fused = component.predict(docs)
    stock = Tok2Vec.predict(component, docs)  # the model's own forward pass
    assert [v.shape for v in fused] == [v.shape for v in stock]
    for a, b in zip(fused, stock, strict=True):
        numpy.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


def test_first_layer_alone(float_nlp):
    component = float_nlp.get_pipe("tok2vec")
    embed = component.model.get_ref("embed")
    docs = [doc for doc in before(float_nlp, "tok2vec") if len(doc)]
    fused = FusedEmbedding.of(embed).predict(docs)
    for a, b in zip(fused, embed.predict(docs), strict=True):
        numpy.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


def tiny_pipeline(embed: dict):
    nlp = spacy.blank("uk")
    nlp.add_pipe("ukrnews_tok2vec", name="tok2vec", config={"model": {
        "@architectures": "spacy.Tok2Vec.v2", "embed": embed,
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 16, "depth": 1, "window_size": 1,
                   "maxout_pieces": 2}}})
    nlp.add_pipe("tagger", config={"model": {"@architectures": "spacy.Tagger.v2", "nO": None, "tok2vec": {
        "@architectures": "spacy.Tok2VecListener.v1", "width": 16, "upstream": "tok2vec"}}})
    return nlp


HASH_EMBED = {"@architectures": "spacy.MultiHashEmbed.v2", "width": 16, "attrs": ["NORM", "SHAPE"],
              "rows": [100, 50], "include_static_vectors": True}


def train(nlp):
    words = [(["Олег", "приїхав", "."], ["PROPN", "VERB", "PUNCT"]),
             (["Мама", "миє", "раму"], ["NOUN", "VERB", "NOUN"])]
    examples = [Example.from_dict(spacy.tokens.Doc(nlp.vocab, words=w), {"tags": t}) for w, t in words]
    return examples, nlp.initialize(lambda: examples)


def test_training_drops_the_fused_tables():
    nlp = tiny_pipeline(HASH_EMBED)
    table = numpy.random.default_rng(0).standard_normal((50, 8)).astype("float32")
    nlp.vocab.vectors = spacy.vectors.Vectors(data=table, mode="floret", hash_count=1, minn=2, maxn=3)
    examples, optimizer = train(nlp)
    assert fuse_embeddings(nlp) == 1
    docs = [nlp.make_doc("Олег миє раму")]
    component = nlp.get_pipe("tok2vec")
    numpy.testing.assert_allclose(component.predict(docs)[0], Tok2Vec.predict(component, docs)[0], atol=1e-5)
    nlp.update(examples, sgd=optimizer)
    assert component._fused is None  # new weights: back to the model's own forward pass
    numpy.testing.assert_array_equal(component.predict(docs)[0], Tok2Vec.predict(component, docs)[0])


def test_a_first_layer_it_does_not_know_is_left_alone():
    nlp = tiny_pipeline({"@architectures": "spacy.MultiHashEmbed.v2", "width": 16, "attrs": ["NORM", "SHAPE"],
                         "rows": [100, 50], "include_static_vectors": False})
    train(nlp)
    assert fuse_embeddings(nlp) == 0
    assert len(nlp("Олег миє раму")) == 3


def test_memoized_first_layer_gives_the_same_vectors_in_any_batch(nlp):
    component = nlp.get_pipe("tok2vec")
    docs = [doc for doc in before(nlp, "tok2vec") if len(doc)]
    fused = FusedEmbedding.of(component.model.get_ref("embed"))
    first = fused.predict(docs)
    assert 0 < len(fused.memo) < sum(len(doc) for doc in docs)  # one row per distinct token, fewer than tokens
    again = fused.predict(docs[::-1])[::-1]  # every row from the memo now
    for a, b in zip(first, again, strict=True):
        numpy.testing.assert_array_equal(a, b)


def test_memo_starts_afresh_with_another_vectors_table(nlp):
    component = nlp.get_pipe("tok2vec")
    docs = [doc for doc in before(nlp, "tok2vec") if len(doc)][:2]
    fused = FusedEmbedding.of(component.model.get_ref("embed"))
    first = fused.predict(docs)
    vocab = docs[0].vocab
    table = vocab.vectors
    try:
        vocab.vectors = spacy.vectors.Vectors(data=numpy.zeros((0, table.shape[1]), dtype="float32"),
                                              shape=(0, table.shape[1]))  # no vectors at all now
        changed = fused.predict(docs)
        assert any(not numpy.allclose(a, b) for a, b in zip(first, changed, strict=True))
    finally:
        vocab.vectors = table
    for a, b in zip(first, fused.predict(docs), strict=True):
        numpy.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
