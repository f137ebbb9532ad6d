"""The first layer of a trained tok2vec with its embedding tables folded in, for prediction.

spaCy's ``MultiHashEmbed`` (with static vectors) looks up one row sum per attribute (NORM, PREFIX, SUFFIX…),
projects the word's static vector, concatenates them (5 × 128 numbers a token here) and multiplies the result
by a maxout layer's weights (640 → 3 × 128): a third of the tok2vec's time. The product is linear in each
part, so each table can be multiplied by its block of the weights once (:class:`FusedEmbedding`): a token then
costs a few row sums of the premultiplied tables and one small product for the static vector (80 → 3 × 128)
instead of the 640-wide product. Then the same maxout, layer normalization and encoder. The vectors are those
of the stock layer up to float rounding (the sums are added in another order: largest difference ~6e-6 on
values up to ~8): on the 560 NER-UK 2.0 texts one parser head of 355,595 tokens differs, nothing else. The
first layer takes half the time, each tok2vec about 16 % less (interleaved runs: 9.7–10.3 s → 8.3–8.6 s and
9.5–9.6 s → 7.5–8.4 s).

The premultiplied tables are kept in piece-major order and the maxout and layer normalization run as in
:mod:`ukrnews_nlp.dense_forward` (into reused memory, the pieces' maximum taken by numpy). A token's output
depends on its attribute ids and vector key alone, so it is memoized per distinct row of them
(:class:`ukrnews_nlp.row_memo.RowMemo`; ~61,000 distinct rows for the 355,595 tokens of the 560 NER-UK texts):
the first layer's time falls from ~1.2 s to ~0.3 s a tok2vec there.

A first layer that also reads the core model's token vectors (:mod:`ukrnews_nlp.tensor_features`) keeps that
block as a product of its own (tensor width → 3 × width).

The tables are computed from the weights once, when :func:`fuse_embeddings` is called (``load()`` does), and
dropped when the component is trained or loads other weights.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.tokens import Doc
from spacy.vectors import Mode, Vectors
from thinc.api import Model

from .dense_forward import Scratch, layer_norm_, maxout_into, piece_major
from .int8_matmul import Int8Product
from .row_memo import RowMemo, combine_keys
from .tensor_features import DOC_TENSOR_LAYER, tensors_of

#: Distinct tokens whose first-layer output is kept before the memo starts afresh (width 128: 51 MB at most).
MEMO_ROWS = 100_000


def _layers(model: Model) -> Iterator[Model]:
    yield model
    for layer in model.layers:
        yield from _layers(layer)


@dataclass
class FusedEmbedding:
    """``MultiHashEmbed`` (static vectors included) of one tok2vec, premultiplied by its maxout weights (output
    columns in piece-major order, :func:`ukrnews_nlp.dense_forward.piece_major`)."""

    features: Model  # spaCy's extract_features layer: (tokens, attributes) ids per doc
    #: per attribute column: (hash seed, table premultiplied by the weights: rows × (nO · nP))
    tables: list[tuple[int, numpy.ndarray]]
    #: static vector → maxout input weights: (vector width, nO · nP)
    vector_weights: numpy.ndarray
    bias: numpy.ndarray
    #: the core model's token vectors (``doc.tensor``, :mod:`ukrnews_nlp.tensor_features`) → maxout input
    #: weights: (tensor width, nO · nP); None when the layer does not read them
    tensor_weights: numpy.ndarray | None
    n_out: int
    n_pieces: int
    #: the layer normalization after the maxout: gain and shift
    norm_gain: numpy.ndarray
    norm_shift: numpy.ndarray

    def __post_init__(self) -> None:
        self.scratch = Scratch()
        self.memo = RowMemo(self.n_out, MEMO_ROWS)
        self._memo_vectors = None  # the vectors table the memo's rows were computed with
        #: the static vectors' and token vectors' products in 8-bit integers (:meth:`set_int8`), or None
        self.vector_int8: Int8Product | None = None
        self.tensor_int8: Int8Product | None = None

    def set_int8(self, on: bool) -> None:
        """Multiply the static vectors and the core token vectors in 8-bit integers (``on``;
        :mod:`ukrnews_nlp.int8_matmul`) or float32; the memoized rows start afresh."""
        self.vector_int8 = Int8Product(self.vector_weights, self.bias) if on else None
        self.tensor_int8 = Int8Product(self.tensor_weights) if on and self.tensor_weights is not None else None
        self.memo.clear()

    @classmethod
    def of(cls, embed: Model) -> FusedEmbedding | None:
        """The fused form of ``embed`` (a tok2vec's first layer), or None when it is not the
        ``MultiHashEmbed.v2`` with static vectors this module knows."""
        layers = list(_layers(embed))
        names = [layer.name for layer in layers]
        if names.count("extract_features") != 1 or names.count("static_vectors") != 1 \
                or names.count("maxout") != 1 or names.count("layernorm") != 1 or names.count(DOC_TENSOR_LAYER) > 1:
            return None
        hashes = [layer for layer in layers if layer.name == "hashembed"]
        maxout = layers[names.index("maxout")]
        static = layers[names.index("static_vectors")]
        if not hashes or [h.attrs.get("column") for h in hashes] != list(range(len(hashes))):
            return None
        tensor_width = layers[names.index(DOC_TENSOR_LAYER)].get_dim("nO") if DOC_TENSOR_LAYER in names else 0
        n_out, n_pieces, n_in = maxout.get_dim("nO"), maxout.get_dim("nP"), maxout.get_dim("nI")
        weights, bias = piece_major(numpy.asarray(maxout.get_param("W")).reshape(n_out * n_pieces, n_in),
                                    numpy.asarray(maxout.get_param("b")).reshape(n_out * n_pieces), n_out, n_pieces)
        width = hashes[0].get_param("E").shape[1]
        if n_in != width * (len(hashes) + 1) + tensor_width or static.get_param("W").shape[0] != width:
            return None
        tables = [(int(h.attrs["seed"]),
                   numpy.ascontiguousarray(numpy.asarray(h.get_param("E")) @ weights[:, k * width:(k + 1) * width].T))
                  for k, h in enumerate(hashes)]
        vectors_end = (len(hashes) + 1) * width  # the blocks: hash tables, static vectors, doc tensor
        vector_weights = numpy.ascontiguousarray(
            (weights[:, len(hashes) * width:vectors_end] @ numpy.asarray(static.get_param("W"))).T)
        tensor_weights = numpy.ascontiguousarray(weights[:, vectors_end:].T) if tensor_width else None
        norm = layers[names.index("layernorm")]
        return cls(layers[names.index("extract_features")], tables, vector_weights, bias, tensor_weights, n_out,
                   n_pieces, numpy.asarray(norm.get_param("G")), numpy.asarray(norm.get_param("b")))

    def _static_vectors(self, vocab, keys: numpy.ndarray) -> numpy.ndarray:
        """The static vectors of ``keys`` (the table's key attribute per token), as ``StaticVectors`` reads them."""
        vectors = vocab.vectors
        if isinstance(vectors, Vectors) and vectors.mode == Mode.default:
            data = numpy.asarray(vectors.data)
            if not data.size:  # an empty table: no token has a vector
                return numpy.zeros((len(keys), self.vector_weights.shape[0]), dtype="float32")
            rows = vectors.find(keys=keys)
            found = data[rows]
            found[rows < 0] = 0
            return numpy.ascontiguousarray(found)
        return numpy.ascontiguousarray(vectors.get_batch(keys))

    def _compute(self, vocab, ids: numpy.ndarray, vector_keys: numpy.ndarray,
                 tensors: numpy.ndarray | None) -> numpy.ndarray:
        """The layer's output for tokens given by their attribute ids, vector keys and (if read) core tensors."""
        ops = self.features.ops
        vectors = self._static_vectors(vocab, vector_keys)
        unmaxed = self.scratch.get("unmaxed", len(vectors), self.vector_weights.shape[1])
        if self.vector_int8 is not None:
            self.vector_int8.into(vectors, unmaxed)
        else:
            numpy.dot(vectors, self.vector_weights, out=unmaxed)
            unmaxed += self.bias
        if tensors is not None:
            unmaxed += tensors @ self.tensor_weights if self.tensor_int8 is None else self.tensor_int8(tensors)
        for column, (seed, table) in enumerate(self.tables):
            keys = ops.hash(numpy.ascontiguousarray(ids[:, column], dtype="uint64"), seed) % table.shape[0]
            unmaxed += ops.gather_add(table, keys)
        out = maxout_into(unmaxed, self.n_out, self.n_pieces, numpy.empty((len(unmaxed), self.n_out), "f"))
        return layer_norm_(out, self.norm_gain, self.norm_shift)

    def predict(self, docs: list[Doc]) -> list[numpy.ndarray]:
        """Per doc, the vectors the stock first layer gives (up to float rounding); docs with tokens only.

        A token's vector depends on its attributes alone (unless the layer reads the core model's tensors), so
        it is computed once per distinct attribute row and memoized (:class:`ukrnews_nlp.row_memo.RowMemo`):
        a batch of news text has about one distinct row per six tokens."""
        vocab = docs[0].vocab
        ids = numpy.concatenate(self.features.predict(docs))
        vector_keys = numpy.concatenate([doc.to_array(getattr(vocab.vectors, "attr", "ORTH")) for doc in docs])
        if self.tensor_weights is not None:
            tensors = numpy.concatenate(tensors_of(docs, self.tensor_weights.shape[0]))
            out = self._compute(vocab, ids, vector_keys, tensors)
        else:
            if vocab.vectors is not self._memo_vectors:  # another vectors table: other outputs
                self.memo.clear()
                self._memo_vectors = vocab.vectors
            keys = combine_keys(numpy.column_stack([ids, vector_keys]))
            out = self.memo.get(keys, lambda positions: self._compute(vocab, ids[positions],
                                                                      vector_keys[positions], None))
        return numpy.split(out, numpy.cumsum([len(doc) for doc in docs])[:-1])


def fuse_embeddings(nlp) -> int:
    """Give every :class:`~ukrnews_nlp.tok2vec_chunks.ChunkedTok2Vec` of ``nlp`` its fused first layer (for
    prediction); returns how many were fused."""
    from .tok2vec_chunks import ChunkedTok2Vec

    fused = 0
    for _, component in nlp.pipeline:
        if isinstance(component, ChunkedTok2Vec):
            fused += component.fuse_embedding()
    return fused


__all__ = ["FusedEmbedding", "fuse_embeddings"]
