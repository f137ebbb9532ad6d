"""Prediction-only forward passes give thinc's numbers (up to float rounding)."""
from __future__ import annotations

import numpy
import pytest
from thinc.api import LayerNorm, Maxout, NumpyOps, chain

from ukrnews_nlp.dense_forward import (
    MaxoutEncoder,
    Scratch,
    affine_into,
    layer_norm_,
    maxout_into,
    piece_major,
    seq2col_into,
)

from .conftest import EXAMPLES, docs_before

RNG = numpy.random.default_rng(0)


def test_scratch_reuses_its_memory_and_grows():
    scratch = Scratch()
    a = scratch.get("x", 10, 4)
    b = scratch.get("x", 6, 4)
    assert b.base is a.base or b.base is a  # the same memory
    assert b.shape == (6, 4) and b.flags.c_contiguous
    c = scratch.get("x", 20, 4)
    assert c.shape == (20, 4)
    assert scratch.get("y", 0, 4).shape == (0, 4)


def test_affine_into_is_thinc_affine():
    X = RNG.standard_normal((50, 16)).astype("float32")
    W = RNG.standard_normal((7, 16)).astype("float32")
    b = RNG.standard_normal(7).astype("float32")
    out = numpy.empty((50, 7), dtype="float32")
    assert numpy.array_equal(affine_into(X, W, b, out), NumpyOps(use_blis=False).affine(X, W, b))


@pytest.mark.parametrize("window", [1, 2, 4])
@pytest.mark.parametrize("rows", [0, 1, 3, 17])
def test_seq2col_into_is_thinc_seq2col(window, rows):
    X = numpy.random.default_rng(rows).standard_normal((rows, 5)).astype("f")
    out = numpy.full((rows, (2 * window + 1) * 5), numpy.nan, dtype="f")  # every value must be written
    assert numpy.array_equal(seq2col_into(X, window, out), NumpyOps().seq2col(X, window))


@pytest.mark.parametrize("pieces", [1, 2, 3])
def test_piece_major_maxout_and_layer_norm_match_thinc(pieces):
    model = chain(Maxout(nO=8, nI=12, nP=pieces), LayerNorm(nI=8))
    model.initialize(X=RNG.standard_normal((5, 12)).astype("float32"))
    maxout, norm = model.layers
    norm.set_param("G", RNG.standard_normal(8).astype("float32"))
    norm.set_param("b", RNG.standard_normal(8).astype("float32"))
    X = RNG.standard_normal((40, 12)).astype("float32") * 3
    W, b = piece_major(maxout.get_param("W").reshape(8 * pieces, 12), maxout.get_param("b").reshape(-1), 8, pieces)
    best = maxout_into(X @ W.T + b, 8, pieces, numpy.empty((40, 8), dtype="float32"))
    numpy.testing.assert_allclose(best, maxout.predict(X), rtol=1e-5, atol=1e-5)
    numpy.testing.assert_allclose(layer_norm_(best, norm.get_param("G"), norm.get_param("b")), model.predict(X),
                                  rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name", ["tok2vec", "ner_tok2vec"])
def test_encoder_gives_the_models_vectors(nlp, name):
    component = nlp.get_pipe(name)
    encode = component.model.get_ref("encode")
    encoder = MaxoutEncoder.of(encode)
    assert encoder is not None and component._encoder is not None  # load() set it up
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))] + ["Так."]
    docs = docs_before(nlp, name, texts)
    inputs = component.model.get_ref("embed").predict(docs)
    got = encoder.predict(inputs)
    expected = encode.predict(inputs)
    assert [g.shape for g in got] == [e.shape for e in expected]
    for g, e in zip(got, expected, strict=True):
        numpy.testing.assert_allclose(g, e, rtol=1e-4, atol=1e-4)


def test_other_encoders_are_left_to_thinc(nlp):
    assert MaxoutEncoder.of(nlp.get_pipe("tok2vec").model.get_ref("embed")) is None
    assert MaxoutEncoder.of(Maxout(nO=4, nI=4)) is None


def test_threads_sharing_the_pipeline_get_their_own_results(nlp):
    from concurrent.futures import ThreadPoolExecutor

    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    texts = [texts[k % len(texts)][: 300 * (k + 1)] for k in range(8)]  # different lengths: different arrays
    expected = [[(t.pos_, t.morph, t.head.i, t.dep_) for t in doc] + [e.text for e in doc.ents]
                for doc in nlp.pipe(texts)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda text: [(t.pos_, t.morph, t.head.i, t.dep_) for t in nlp(text)]
                            + [e.text for e in nlp(text).ents], texts * 3))
    assert got == expected * 3
