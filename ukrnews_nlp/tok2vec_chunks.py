"""``ukrnews_tok2vec``: spaCy's tok2vec run over a batch of documents in chunks of a few thousand tokens.

A tok2vec's layers are applied to all tokens of a batch at once: with ``nlp.pipe``'s batch of 64 news texts
(~36,000 tokens) every layer's input and output are tens of megabytes, above the size at which the C allocator
hands memory back to the system, so each layer's arrays are fresh pages that the kernel must zero (12 % of
the tok2vec's time here) and that no CPU cache holds. Every document's vectors depend on its own tokens only,
so running the same network over consecutive chunks of at most ``max_chunk_tokens`` tokens (whole documents)
gives the same vectors with arrays small enough to be reused: about 12 % less tok2vec time. Training is the
stock component's (one pass over the batch).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.pipeline.tok2vec import DEFAULT_TOK2VEC_MODEL, Tok2Vec
from spacy.tokens import Doc
from thinc.api import Model

from .dense_forward import MaxoutEncoder
from .embed_fusion import FusedEmbedding
from .errors import Errors, UserError

#: Tokens per chunk: layer arrays of a few megabytes (width 128 × 3 maxout pieces × 8,192 tokens × 4 bytes).
DEFAULT_CHUNK_TOKENS = 8192


def doc_chunks(docs: list[Doc], max_tokens: int) -> Iterator[list[Doc]]:
    """Consecutive runs of ``docs`` with at most ``max_tokens`` tokens each (a longer document alone)."""
    chunk: list[Doc] = []
    size = 0
    for doc in docs:
        if chunk and size + len(doc) > max_tokens:
            yield chunk
            chunk, size = [], 0
        chunk.append(doc)
        size += len(doc)
    if chunk:
        yield chunk


class ChunkedTok2Vec(Tok2Vec):
    """:class:`spacy.pipeline.Tok2Vec` whose prediction runs over chunks of at most ``max_chunk_tokens``
    tokens; same vectors, weights and serialization (a trained ``tok2vec`` loads as this component)."""

    def __init__(self, vocab, model: Model, name: str = "tok2vec", *,
                 max_chunk_tokens: int = DEFAULT_CHUNK_TOKENS) -> None:
        if max_chunk_tokens < 1:
            raise UserError(Errors.E107.format(value=max_chunk_tokens))
        super().__init__(vocab, model, name)
        self.max_chunk_tokens = max_chunk_tokens

    _fused: FusedEmbedding | None = None
    _encoder: MaxoutEncoder | None = None
    _int8 = False  # the fused forms multiply in 8-bit integers (set_int8; load(matmul="int8"))

    def set_int8(self, on: bool) -> None:
        """Let the fused first layer and encoder (:meth:`fuse_embedding`) multiply in 8-bit integers (``on``;
        :mod:`ukrnews_nlp.int8_matmul`) or float32; thinc's own layers, when not fused, stay float32."""
        self._int8 = on
        for form in (self._fused, self._encoder):
            if form is not None:
                form.set_int8(on)

    def fuse_embedding(self) -> bool:
        """Predict with the first layer's tables premultiplied (:mod:`ukrnews_nlp.embed_fusion`) and the encoder
        run by :class:`ukrnews_nlp.dense_forward.MaxoutEncoder` until the component is trained or loads other
        weights; False when its first layer is not one that module knows (the encoder is then thinc's too)."""
        model = self.model
        self._drop_prediction_forms()
        if model.has_ref("embed") and model.has_ref("encode") \
                and model.layers == [model.get_ref("embed"), model.get_ref("encode")]:  # spaCy's Tok2Vec.v2
            self._fused = FusedEmbedding.of(model.get_ref("embed"))
            if self._fused is not None:
                self._encoder = MaxoutEncoder.of(model.get_ref("encode"))
        if self._int8:
            self.set_int8(True)
        return self._fused is not None

    def _drop_prediction_forms(self) -> None:
        self._fused = None
        self._encoder = None

    def _predict_chunk(self, docs: list[Doc]):
        if self._fused is None or not any(len(doc) for doc in docs):
            return super().predict(docs)
        encode = self._encoder.predict if self._encoder is not None else self.model.get_ref("encode").predict
        return encode(self._fused.predict(docs))

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        if sum(len(doc) for doc in docs) <= self.max_chunk_tokens:
            return self._predict_chunk(docs)
        tokvecs = []
        for chunk in doc_chunks(docs, self.max_chunk_tokens):
            tokvecs.extend(self._predict_chunk(chunk))
        return tokvecs

    # other weights: the premultiplied tables and reordered encoder weights no longer hold
    def finish_update(self, sgd) -> None:
        self._drop_prediction_forms()
        super().finish_update(sgd)

    def initialize(self, get_examples, *, nlp=None) -> None:
        self._drop_prediction_forms()
        super().initialize(get_examples, nlp=nlp)

    def from_bytes(self, bytes_data, *, exclude=tuple()):
        self._drop_prediction_forms()
        return super().from_bytes(bytes_data, exclude=exclude)

    def from_disk(self, path, *, exclude=tuple()):
        self._drop_prediction_forms()
        return super().from_disk(path, exclude=exclude)


@Language.factory("ukrnews_tok2vec", assigns=["doc.tensor"],
                  default_config={"model": DEFAULT_TOK2VEC_MODEL, "max_chunk_tokens": DEFAULT_CHUNK_TOKENS})
def make_ukrnews_tok2vec(nlp: Language, name: str, model: Model, *, max_chunk_tokens: int) -> ChunkedTok2Vec:
    """Factory of :class:`ChunkedTok2Vec`."""
    return ChunkedTok2Vec(nlp.vocab, model, name, max_chunk_tokens=max_chunk_tokens)


__all__ = ["DEFAULT_CHUNK_TOKENS", "ChunkedTok2Vec", "doc_chunks"]
