"""8-bit integer products (ukrnews_nlp.int8_matmul): close to float32, each row independent of the others."""
from __future__ import annotations

import pickle

import numpy
import pytest

from ukrnews_nlp.dense_forward import Affine
from ukrnews_nlp.int8_matmul import Int8Product, Int8StateProduct, product_model, quantize_columns

RNG = numpy.random.default_rng(0)
WEIGHTS = (RNG.standard_normal((96, 40)) * 0.1).astype("float32")
BIAS = RNG.standard_normal(40).astype("float32")
X = RNG.standard_normal((300, 96)).astype("float32")


def relative_error(got: numpy.ndarray, expected: numpy.ndarray) -> float:
    return float(numpy.abs(got - expected).max() / numpy.abs(expected).max())


def test_product_is_close_to_float32():
    product = Int8Product(WEIGHTS, BIAS)
    got = product(X)
    assert got.dtype == numpy.float32 and got.shape == (300, 40)
    assert relative_error(got, X @ WEIGHTS + BIAS) < 0.02
    assert relative_error(Int8Product(WEIGHTS)(X), X @ WEIGHTS) < 0.02


def test_a_rows_result_does_not_depend_on_the_other_rows():
    product = Int8Product(WEIGHTS, BIAS)
    together = product(X)
    assert numpy.array_equal(product(X[:3]), together[:3])
    louder = X.copy()
    louder[10:] *= 100  # other rows' magnitudes do not change a row's rounding
    assert numpy.array_equal(product(louder)[:10], together[:10])


def test_zero_rows_and_no_rows():
    product = Int8Product(WEIGHTS, BIAS)
    assert numpy.array_equal(product(numpy.zeros((2, 96), "float32")), numpy.tile(BIAS, (2, 1)))
    assert product(numpy.zeros((0, 96), "float32")).shape == (0, 40)


def test_into_writes_into_the_given_array_and_checks_it():
    product = Int8Product(WEIGHTS, BIAS)
    out = numpy.empty((300, 40), "float32")
    assert product.into(X, out) is out
    assert numpy.array_equal(out, product(X))
    with pytest.raises(ValueError, match="C-contiguous float32 array of shape"):
        product.into(X, numpy.empty((300, 41), "float32"))
    with pytest.raises(ValueError, match="must be a matrix"):
        Int8Product(BIAS)


def test_columns_keep_their_own_scale():
    weights = WEIGHTS.copy()
    weights[:, 0] *= 1000  # one large column does not coarsen the others
    quantized, scale = quantize_columns(weights)
    assert quantized.dtype == numpy.int8 and numpy.abs(quantized).max() == 127
    assert relative_error(quantized[:, 1:] * scale[1:], weights[:, 1:]) < 0.01


def test_pickled_product_makes_its_session_again():
    product = Int8Product(WEIGHTS, BIAS)
    expected = product(X)
    copy = pickle.loads(pickle.dumps(product))
    assert numpy.array_equal(copy(X), expected)


def test_model_is_valid_onnx():
    onnx = pytest.importorskip("onnx", reason="onnx checks the model bytes (running needs onnxruntime only)")
    quantized, scale = quantize_columns(WEIGHTS)
    onnx.checker.check_model(onnx.load_from_string(product_model(quantized, scale)), full_check=True)


def test_affine_switches_between_float_and_int8():
    affine = Affine(numpy.ascontiguousarray(WEIGHTS.T), BIAS)  # thinc's orientation: out × in
    out = numpy.empty((300, 40), "float32")
    exact = affine.into(X, out).copy()
    assert numpy.allclose(exact, X @ WEIGHTS + BIAS, atol=1e-5)
    affine.set_int8(True)
    assert relative_error(affine.into(X, out), exact) < 0.02
    affine.set_int8(False)
    assert numpy.array_equal(affine.into(X, out), exact)


def test_state_product_is_close_and_rows_are_independent():
    weights = (RNG.standard_normal((2, 32, 48)) * 0.2).astype("float32")
    states = numpy.tanh(RNG.standard_normal((2, 20, 32))).astype("float32")  # LSTM states: within ±1
    product = Int8StateProduct(weights)
    out = numpy.empty((2, 20, 48), "float32")
    assert product.into(states, out) is out
    assert relative_error(out, numpy.matmul(states, weights)) < 0.02
    fewer = numpy.empty((2, 3, 48), "float32")
    assert numpy.array_equal(product.into(states[:, :3], fewer), out[:, :3])
    assert numpy.array_equal(pickle.loads(pickle.dumps(product)).into(states, numpy.empty_like(out)), out)
    with pytest.raises(ValueError, match="C-contiguous float32 array of shape"):
        product.into(states, numpy.empty((2, 20, 47), "float32"))
    with pytest.raises(ValueError, match="directions × size × out"):
        Int8StateProduct(weights[0])


def test_weights_stored_for_cpus_without_vnni_give_the_same_numbers(monkeypatch):
    """Without VNNI the weights are stored as uint8 around 128 (no 16-bit saturation): the same integer sums."""
    import ukrnews_nlp.int8_matmul as int8_matmul

    weights = (RNG.standard_normal((2, 32, 48)) * 0.2).astype("float32")
    states = numpy.tanh(RNG.standard_normal((2, 20, 32)) * 3).astype("float32")
    loud = X * 10  # rows rounded up to 255 against large weights: where 16-bit pair sums would overflow
    results = []
    for vnni in (True, False):
        monkeypatch.setattr(int8_matmul, "_VNNI", vnni)
        results.append((Int8Product(WEIGHTS, BIAS)(loud),
                        Int8StateProduct(weights).into(states, numpy.empty((2, 20, 48), "float32"))))
    assert numpy.array_equal(results[0][0], results[1][0])
    assert numpy.array_equal(results[0][1], results[1][1])
    assert relative_error(results[1][0], loud @ WEIGHTS + BIAS) < 0.02
