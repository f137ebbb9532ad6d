"""Prediction-only forward passes of the trained networks' dense layers, into memory that is reused.

thinc computes each layer into a new array. On a batch of a few thousand tokens those arrays are megabytes
(the morphologizer's label scores: 4,096 tokens × ~1,600 labels, 27 MB), and a new array of that size is fresh
pages that the kernel zeroes and no CPU cache holds: in the full pipeline the morphologizer's output layer took
about three times as long as the same product into memory already in use. thinc's maxout also finds the best
piece with a per-value loop (a fifth of the encoder's time). Here, for prediction only:

* :class:`Scratch` hands out views of arrays kept from one call to the next;
* :func:`affine_into` is ``X @ W.T + b`` into such a view (the same operations as ``ops.affine``: same numbers);
* :func:`seq2col_into` is thinc's ``seq2col`` (a token's window of neighbours side by side) into such a view;
* :func:`piece_major` reorders a maxout layer's weights so each piece's outputs are one block of columns and
  :func:`maxout_into` takes the maximum of the blocks with numpy (5 × faster than thinc's maxout; the BLAS
  rounds the reordered product slightly differently);
* :func:`layer_norm_` normalizes rows in place as thinc's ``LayerNorm`` does (up to float rounding);
* :class:`Affine` is one layer's ``X @ W.T + b``: :func:`affine_into`, or after ``set_int8(True)`` the same product
  in 8-bit integers (:class:`ukrnews_nlp.int8_matmul.Int8Product`, ``load(matmul="int8")``);
* :class:`MaxoutEncoder` runs spaCy's ``MaxoutWindowEncoder`` (residual blocks of window, maxout, layer norm)
  with them.

Training never goes through this module: the components drop these forms when their weights change.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy
from thinc.api import Model

from .int8_matmul import Int8Product


class Scratch:
    """Arrays reused from one call to the next, one per name and thread (a pipeline shared by threads must not
    have them write into each other's), grown when a larger one is asked for."""

    def __init__(self) -> None:
        self._local = threading.local()

    def __getstate__(self) -> dict:
        return {}  # a pickled copy starts without arrays: they are only working memory

    def __setstate__(self, state: dict) -> None:
        self._local = threading.local()

    def get(self, name: str, rows: int, cols: int) -> numpy.ndarray:
        """A C-contiguous ``rows × cols`` float32 view (contents undefined) of this thread's array ``name``."""
        arrays = getattr(self._local, "arrays", None)
        if arrays is None:
            arrays = self._local.arrays = {}
        array = arrays.get(name)
        if array is None or array.shape[1] != cols or array.shape[0] < rows:
            array = arrays[name] = numpy.empty((max(rows, 1), cols), dtype=numpy.float32)
        return array[:rows]


def affine_into(X: numpy.ndarray, W: numpy.ndarray, b: numpy.ndarray, out: numpy.ndarray) -> numpy.ndarray:
    """``X @ W.T + b`` written into ``out`` (rows of ``X`` × rows of ``W``), as thinc's ``ops.affine`` computes
    it with numpy's BLAS (the product, then the bias added)."""
    numpy.dot(X, W.T, out=out)
    out += b
    return out


class Affine:
    """A dense layer's ``X @ W.T + b`` for prediction (``W``: out × in): float32 (:func:`affine_into`, thinc's
    numbers), or in 8-bit integers once :meth:`set_int8` is on (:mod:`ukrnews_nlp.int8_matmul`)."""

    def __init__(self, W: numpy.ndarray, b: numpy.ndarray) -> None:
        self.W, self.b = W, b
        self.int8: Int8Product | None = None

    @property
    def n_out(self) -> int:
        return self.W.shape[0]

    def set_int8(self, on: bool) -> None:
        """Multiply in 8-bit integers (``on``) or float32; the int8 weights are made once and kept."""
        if on and self.int8 is None:
            self.int8 = Int8Product(self.W.T, self.b)
        elif not on:
            self.int8 = None

    def into(self, X: numpy.ndarray, out: numpy.ndarray) -> numpy.ndarray:
        """The layer's output for ``X`` written into ``out`` (rows × out, C-contiguous)."""
        if self.int8 is not None:
            return self.int8.into(X, out)
        return affine_into(X, self.W, self.b, out)


def seq2col_into(X: numpy.ndarray, window: int, out: numpy.ndarray) -> numpy.ndarray:
    """thinc's ``seq2col`` of one sequence into ``out`` (rows of ``X`` × ``(2 · window + 1)`` · its columns): each
    row is the rows ``window`` before to ``window`` after it side by side, zeros past either end."""
    n, width = X.shape
    for k, offset in enumerate(range(-window, window + 1)):
        block = out[:, k * width:(k + 1) * width]
        shift = min(abs(offset), n)
        if offset < 0:
            block[:shift] = 0.0
            block[shift:] = X[:n - shift]
        elif offset > 0:
            block[:n - shift] = X[shift:]
            block[n - shift:] = 0.0
        else:
            block[:] = X
    return out


def piece_major(weights: numpy.ndarray, bias: numpy.ndarray, n_out: int, n_pieces: int
                ) -> tuple[numpy.ndarray, numpy.ndarray]:
    """A maxout layer's weights ``(n_out · n_pieces, n_in)`` and bias, rows reordered from thinc's
    output-major order (output o, piece p at row ``o · n_pieces + p``) to piece-major (``p · n_out + o``)."""
    order = numpy.arange(n_out * n_pieces).reshape(n_out, n_pieces).T.reshape(-1)
    return numpy.ascontiguousarray(weights[order]), numpy.ascontiguousarray(bias[order])


def maxout_into(pieces: numpy.ndarray, n_out: int, n_pieces: int, out: numpy.ndarray) -> numpy.ndarray:
    """The maximum over the pieces of piece-major maxout inputs ``pieces`` (rows × n_pieces · n_out)."""
    numpy.maximum(pieces[:, :n_out], pieces[:, n_out:2 * n_out] if n_pieces > 1 else pieces[:, :n_out], out=out)
    for piece in range(2, n_pieces):
        numpy.maximum(out, pieces[:, piece * n_out:(piece + 1) * n_out], out=out)
    return out


def layer_norm_(X: numpy.ndarray, gain: numpy.ndarray, shift: numpy.ndarray) -> numpy.ndarray:
    """Normalize each row of ``X`` in place, then scale and shift: thinc's ``LayerNorm`` forward (mean and
    variance per row, ε = 1e-8) without its temporary arrays; the variance is summed from the centred row in
    one pass (float rounding apart, the same numbers; 1.5 → 0.9 ms for 8,192 × 128)."""
    mean = X.mean(axis=1, keepdims=True)
    X -= mean
    var = numpy.einsum("ij,ij->i", X, X)
    var /= X.shape[1]
    var += 1e-08
    X *= (var ** (-1.0 / 2.0))[:, None]
    X *= gain
    X += shift
    return X


#: thinc's name of one block of spaCy's ``MaxoutWindowEncoder`` (with ``normalize=True``).
_BLOCK_NAME = "residual(expand_window>>maxout>>layernorm>>dropout)"


@dataclass
class MaxoutBlock:
    """One residual block of spaCy's ``MaxoutWindowEncoder``: window of ``window`` tokens each side, maxout
    (piece-major weights), layer norm; its output is added to its input."""

    window: int
    affine: Affine  # weights (n_pieces · n_out, (2 · window + 1) · n_out), piece-major rows, and bias
    gain: numpy.ndarray
    shift: numpy.ndarray
    n_out: int
    n_pieces: int


class MaxoutEncoder:
    """spaCy's ``MaxoutWindowEncoder.v2`` (``with_array`` over residual blocks) for prediction, with the
    outputs of the thinc model up to float rounding (:func:`MaxoutEncoder.of` builds it from one). On the first
    100 NER-UK 2.0 texts: the core encoder 1.95 → 1.40 s, the NER encoder 1.40 → 1.19 s; on all 560, with the
    thinc model's vectors, one parser head of 355,595 tokens differs, nothing else."""

    def __init__(self, blocks: list[MaxoutBlock], pad: int, ops) -> None:
        self.blocks = blocks
        self.pad = pad
        self.ops = ops
        self.scratch = Scratch()

    @classmethod
    def of(cls, encode: Model) -> MaxoutEncoder | None:
        """The encoder of a ``spacy.Tok2Vec.v2`` (its ``encode`` layer), or None when it is not the
        ``MaxoutWindowEncoder.v2`` this class knows."""
        if not encode.name.startswith("with_array(") or "pad" not in encode.attrs:
            return None
        stack = encode.layers[0] if len(encode.layers) == 1 else None
        residuals = stack.layers if stack is not None and stack.name.startswith("residual(") else []
        blocks = []
        for block in residuals:
            layers = list(block.walk())
            names = [layer.name for layer in layers]
            if block.name != _BLOCK_NAME or names.count("maxout") != 1 or names.count("layernorm") != 1:
                return None
            window = layers[names.index("expand_window")].attrs["window_size"]
            maxout, norm = layers[names.index("maxout")], layers[names.index("layernorm")]
            n_out, n_pieces, n_in = maxout.get_dim("nO"), maxout.get_dim("nP"), maxout.get_dim("nI")
            if n_in != (2 * window + 1) * n_out:
                return None
            weights, bias = piece_major(numpy.asarray(maxout.get_param("W")).reshape(n_out * n_pieces, n_in),
                                        numpy.asarray(maxout.get_param("b")).reshape(n_out * n_pieces),
                                        n_out, n_pieces)
            blocks.append(MaxoutBlock(window, Affine(weights, bias), numpy.asarray(norm.get_param("G")),
                                      numpy.asarray(norm.get_param("b")), n_out, n_pieces))
        if not blocks:
            return None
        return cls(blocks, int(encode.attrs["pad"]), encode.ops)

    def set_int8(self, on: bool) -> None:
        """Multiply every block in 8-bit integers (``on``) or float32 (:class:`Affine`)."""
        for block in self.blocks:
            block.affine.set_int8(on)

    def predict(self, Xs: list[numpy.ndarray]) -> list[numpy.ndarray]:
        """Per doc, its token vectors after every block (docs padded apart, as ``with_array`` does)."""
        ops = self.ops
        lengths = ops.asarray1i([len(X) for X in Xs])
        X = ops.flatten(Xs, pad=self.pad)  # a new array: updated in place below
        for block in self.blocks:
            window = seq2col_into(X, block.window, self.scratch.get("window", len(X), (2 * block.window + 1)
                                                                     * X.shape[1]))
            pieces = block.affine.into(window, self.scratch.get("pieces", len(X), block.affine.n_out))
            out = maxout_into(pieces, block.n_out, block.n_pieces, self.scratch.get("out", len(X), block.n_out))
            X += layer_norm_(out, block.gain, block.shift)
        return ops.unflatten(X, lengths, pad=self.pad)


__all__ = ["Affine", "MaxoutBlock", "MaxoutEncoder", "Scratch", "affine_into", "layer_norm_", "maxout_into",
           "piece_major", "seq2col_into"]
