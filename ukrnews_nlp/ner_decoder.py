"""``ukrnews_ner``: spaCy's entity recognizer with its greedy decoding done sentence-parallel in numpy.

spaCy's NER reads its entities off a transition system (BILUO: begin, in, last, unit, out), one token at a
time per document, in compiled code that — in the spaCy 3.8.8+ wheels — takes Python's global lock several
times per token (about 30 µs a token here: more than the network itself). The decision at a token depends on
earlier ones only through the open entity, and an entity never crosses a sentence boundary (spaCy's own
validity rules), so every sentence can be decoded independently. :func:`decode_entities` steps through all
sentences of a batch at once: step *t* scores the *t*-th token of every sentence with the same precomputed
features, hidden layer and validity rules as spaCy (first best valid action, same arithmetic order), so the
entities are spaCy's own (up to the rounding of one matrix product: different BLAS kernels). Beam search,
pre-set entities or a model of another shape fall back to spaCy's decoder.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.pipeline.factories import DEFAULT_NER_MODEL
from spacy.pipeline.ner import EntityRecognizer
from spacy.tokens import Doc, Span
from thinc.api import Model

#: BILUO move kinds, as in spaCy's ``ner.pyx``.
BEGIN, IN, LAST, UNIT, OUT = "B", "I", "L", "U", "O"


@dataclass
class DecodedEntities:
    """What :meth:`SentenceParallelEntityRecognizer.predict` returns: per doc, (start, end, label) triples."""

    entities: list[list[tuple[int, int, int]]]


@dataclass(frozen=True)
class MoveTable:
    """The recognizer's actions as arrays: kind (B, I, L, U, O) and label hash per class."""

    kinds: numpy.ndarray
    labels: numpy.ndarray

    @classmethod
    def of(cls, recognizer: EntityRecognizer) -> MoveTable:
        kinds, labels = [], []
        strings = recognizer.vocab.strings
        for i in range(recognizer.moves.n_moves):
            name = recognizer.moves.get_class_name(i)
            kind, _, label = name.partition("-")
            kinds.append(kind)
            labels.append(strings.add(label) if label else 0)
        return cls(numpy.array(kinds), numpy.array(labels, dtype="uint64"))


def sentence_segments(docs: list[Doc]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """(global start, length, doc index) of every stretch of tokens that an entity may not cross: each doc
    split before tokens marked as sentence starts (``sent_start == 1``), as spaCy's validity rules split it."""
    starts, lengths, owners = [], [], []
    offset = 0
    for d, doc in enumerate(docs):
        n = len(doc)
        if n:
            cuts = numpy.flatnonzero(doc.to_array(SENT_START).astype("int64") == 1)
            bounds = numpy.unique(numpy.concatenate([[0], cuts, [n]]))
            starts.append(offset + bounds[:-1])
            lengths.append(numpy.diff(bounds))
            owners.append(numpy.full(len(bounds) - 1, d))
        offset += n
    if not starts:
        empty = numpy.zeros(0, dtype="int64")
        return empty, empty, empty
    return numpy.concatenate(starts), numpy.concatenate(lengths), numpy.concatenate(owners)


#: Context tokens per state that the decoder knows (spaCy's ``set_context_tokens`` for NER): 3 (the first
#: buffer word, the open entity's first word, the word before the buffer) or 6 (``extra_state_tokens``: the first
#: buffer word and the open entity's first five words).
CONTEXT_TOKENS = (3, 6)


def context_rows(n_features: int, b0: numpy.ndarray, opened: numpy.ndarray,
                 ent_start: numpy.ndarray) -> list[numpy.ndarray]:
    """Per context token, each state's row of the precomputed features (token index + 1; 0, the padding row,
    for a missing token), as spaCy's ``set_context_tokens`` picks them for ``n_features`` (one of
    :data:`CONTEXT_TOKENS`): ``b0`` the first buffer word, ``opened`` whether an entity is open, ``ent_start`` its
    first word."""
    if n_features == 3:
        return [b0 + 1, numpy.where(opened, ent_start + 1, 0),
                numpy.where(opened, b0, 0)]  # the previous token (b0 - 1, shifted by the padding row)
    rows = [b0 + 1]
    for j in range(1, n_features):  # the open entity's j-th word, while it is before the buffer
        word = ent_start + (j - 1)
        rows.append(numpy.where(opened & (word < b0), word + 1, 0))
    return rows


def context_features(features: numpy.ndarray, b0: numpy.ndarray, opened: numpy.ndarray,
                     ent_start: numpy.ndarray) -> numpy.ndarray:
    """The summed precomputed features (``(tokens + 1, nF, nO, nP)``) of each state's context tokens
    (:func:`context_rows`), added in spaCy's order."""
    rows = context_rows(features.shape[1], b0, opened, ent_start)
    summed = features[rows[0], 0] + features[rows[1], 1]
    for f in range(2, len(rows)):
        summed += features[rows[f], f]
    return summed


def max_pieces(unmaxed: numpy.ndarray) -> numpy.ndarray:
    """The maxout of ``unmaxed`` (…, pieces): ``unmaxed.max(axis=-1)``, a piece at a time (numpy reduces a last
    axis of 2 or 3 values slowly: 0.8 s of the recognizer's 1.9 s on the 560 NER-UK texts)."""
    out = numpy.maximum(unmaxed[..., 0], unmaxed[..., 1]) if unmaxed.shape[-1] > 1 else unmaxed[..., 0].copy()
    for piece in range(2, unmaxed.shape[-1]):
        numpy.maximum(out, unmaxed[..., piece], out=out)
    return out


def decode_entities(recognizer: EntityRecognizer, docs: list[Doc], moves: MoveTable) -> DecodedEntities:
    """Greedy BILUO decoding of ``docs`` by the recognizer's model, all sentences in parallel."""
    model = recognizer.model
    lower, upper = model.get_ref("lower"), model.get_ref("upper")
    tokvecs = model.get_ref("tok2vec").predict(docs)
    features = numpy.asarray(lower.predict(tokvecs))  # (tokens + 1, nF, nO, nP); row 0 is the padding
    bias = numpy.asarray(lower.get_param("b"))
    weights = numpy.ascontiguousarray(numpy.asarray(upper.get_param("W")).T)
    out_bias = numpy.asarray(upper.get_param("b"))
    is_space = numpy.concatenate([doc.to_array(IS_SPACE) for doc in docs]).astype(bool)

    starts, lengths, owners = sentence_segments(docs)
    order = numpy.argsort(-lengths, kind="stable")  # longest first: the active sentences are a prefix
    starts, lengths, owners = starts[order], lengths[order], owners[order]
    n = len(starts)
    is_open = numpy.zeros(n, dtype=bool)
    ent_start = numpy.zeros(n, dtype="int64")
    ent_label = numpy.zeros(n, dtype="uint64")
    found: list[tuple[numpy.ndarray, ...]] = []  # per step: (segment, global start, end, label) of closed entities

    kinds = moves.kinds
    is_begin, is_in, is_last = kinds == BEGIN, kinds == IN, kinds == LAST
    is_unit = (kinds == UNIT) & (moves.labels != 0)  # "U-" (no label) is only for pre-set blocked tokens
    is_out = kinds == OUT
    active = n
    for step in range(int(lengths[0]) if n else 0):
        while lengths[active - 1] <= step:  # sentences sorted longest first: those finished are at the end
            active -= 1
        b0 = starts[:active] + step
        opened = is_open[:active]
        unmaxed = context_features(features, b0, opened, ent_start[:active])
        unmaxed += bias
        scores = max_pieces(unmaxed) @ weights
        scores += out_bias
        has_next = lengths[:active] - step >= 2
        space = is_space[b0]
        same_label = moves.labels[None, :] == ent_label[:active, None]
        closed = ~opened
        valid = (is_begin & (closed & has_next & ~space)[:, None]) \
            | (is_in & (opened & has_next)[:, None] & same_label) \
            | (is_last & opened[:, None] & same_label) \
            | (is_unit & (closed & ~space)[:, None]) \
            | (is_out & closed[:, None])
        scores[~valid] = -numpy.inf
        guess = scores.argmax(axis=1)
        kind = kinds[guess]
        label = moves.labels[guess]
        begin = kind == BEGIN
        ent_start[:active][begin] = b0[begin]
        ent_label[:active][begin] = label[begin]
        is_open[:active][begin] = True
        last = kind == LAST
        unit = kind == UNIT
        closing = last | unit
        if closing.any():
            where = numpy.flatnonzero(closing)
            found.append((where, numpy.where(unit[where], b0[where], ent_start[where]), b0[where] + 1,
                          numpy.where(unit[where], label[where], ent_label[where])))
        is_open[:active][last] = False

    offsets = numpy.cumsum([0] + [len(doc) for doc in docs])
    entities: list[list[tuple[int, int, int]]] = [[] for _ in docs]
    for where, start, end, label in found:
        for segment, s, e, lab in zip(where, start, end, label, strict=True):
            d = int(owners[segment])
            entities[d].append((int(s - offsets[d]), int(e - offsets[d]), int(lab)))
    for doc_entities in entities:
        doc_entities.sort()
    return DecodedEntities(entities)


class SentenceParallelEntityRecognizer(EntityRecognizer):
    """:class:`spacy.pipeline.EntityRecognizer` whose greedy decoding is :func:`decode_entities`.

    Training, weights and serialization are the stock recognizer's; a trained ``ner`` loads as this component
    by its factory name alone."""

    _moves_table: MoveTable | None = None

    def _decodable(self, docs: list[Doc]) -> bool:
        model = self.model
        return (self.cfg.get("beam_width", 1) == 1 and model.attrs.get("has_upper")
                and not model.attrs.get("unseen_classes") and model.get_ref("lower").get_dim("nF") in CONTEXT_TOKENS
                and not any(doc.to_array(ENT_IOB).any() for doc in docs))

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        if not any(len(doc) for doc in docs) or not self._decodable(docs):
            return super().predict(docs)
        if self._moves_table is None or len(self._moves_table.kinds) != self.moves.n_moves:
            self._moves_table = MoveTable.of(self)
        return decode_entities(self, docs, self._moves_table)

    def set_annotations(self, docs: Iterable[Doc], states_or_entities) -> None:
        if not isinstance(states_or_entities, DecodedEntities):
            super().set_annotations(docs, states_or_entities)
            return
        for doc, found in zip(docs, states_or_entities.entities, strict=True):
            doc.set_ents([Span(doc, start, end, label=label) for start, end, label in found], default="outside")


@Language.factory(
    "ukrnews_ner",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={"moves": None, "update_with_oracle_cut_size": 100, "model": DEFAULT_NER_MODEL,
                    "incorrect_spans_key": None, "scorer": {"@scorers": "spacy.ner_scorer.v1"}},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_ukrnews_ner(nlp: Language, name: str, model: Model, *, moves, update_with_oracle_cut_size: int,
                     incorrect_spans_key: str | None, scorer) -> SentenceParallelEntityRecognizer:
    """Factory of :class:`SentenceParallelEntityRecognizer` (the stock ``ner`` settings)."""
    return SentenceParallelEntityRecognizer(
        nlp.vocab, model, name=name, moves=moves, update_with_oracle_cut_size=update_with_oracle_cut_size,
        incorrect_spans_key=incorrect_spans_key, scorer=scorer)


__all__ = ["CONTEXT_TOKENS", "DecodedEntities", "MoveTable", "SentenceParallelEntityRecognizer", "context_features",
           "context_rows", "decode_entities", "max_pieces", "sentence_segments"]
