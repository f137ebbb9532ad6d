"""``ukrnews_context_tagger``: each word's part of speech read from its whole sentence, a second opinion for the
morphologizer.

The morphologizer (``ukrnews_morphologizer``) labels a word from the CNN token vector of a few words around it. This
component reads the same token vectors with a BiLSTM over the whole sentence, beside what the pymorphy3 dictionary
says the word can be (its parts of speech and a few grammemes: proper-name kinds, pronoun, coordinating or
subordinating conjunction…) and its shape, and gives each word a log-probability per UPOS. It writes them to
``doc.user_data[CONTEXT_KEY]`` (words × UPOS, float32); the morphologizer adds them, times its ``context_weight``,
to the scores of every label of that UPOS on the words it is unsure of, before its own checks
(:mod:`ukrnews_nlp.tagging`). Alone it tags UD-IU dev (gold words) at about the morphologizer's level, with other
errors; the sum corrects more than it breaks (``models/core/README.md``, "Context tagger").

The weights are trained by ``ukrnews-nlp train context-tagger`` (PyTorch, :mod:`ukrnews_nlp.training.context_tagger`)
and run here with numpy: one input projection, one BiLSTM layer (the graph parser's, :func:`_bilstm_layer`) and an
output layer.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .dense_forward import Affine
from .errors import Errors, ModelError
from .graph_parser import LSTMLayer, _bilstm_layer, _blocks, _Positions
from .morphology import parse_form

#: The parts of speech scored, in the order of the output layer's columns.
CONTEXT_UPOS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
                "SCONJ", "SYM", "VERB", "X")
#: Where the component leaves its log-probabilities for the morphologizer (and the morphologizer finds them).
CONTEXT_KEY = "ukrnews_upos_context"
#: pymorphy3 parts of speech and grammemes, one input each: whether any dictionary reading of the word has it.
DICTIONARY_POS = ("NOUN", "ADJF", "ADJS", "COMP", "VERB", "INFN", "PRTF", "PRTS", "GRND", "NUMR", "ADVB", "NPRO",
                  "PRED", "PREP", "CONJ", "PRCL", "INTJ")
DICTIONARY_GRAMMEMES = ("Name", "Surn", "Patr", "Abbr", "Prnt", "Fixd", "pers", "Init", "LATN", "coord", "subord",
                        "Pltm", "intg", "rv_gent", "rv_datv", "rv_accs", "rv_ablt", "rv_loct")
#: Then four more: the dictionary knows the word, it is capitalized, it is in capitals, it has a digit.
FEATURE_COUNT = len(DICTIONARY_POS) + len(DICTIONARY_GRAMMEMES) + 4
#: Entries of the per-process word memo before it starts afresh.
MEMO_SIZE = 200_000

_POS_INDEX = {pos: i for i, pos in enumerate(DICTIONARY_POS)}
_memo: dict[str, numpy.ndarray] = {}


def dictionary_features(form: str) -> numpy.ndarray:
    """The dictionary and shape inputs of a word (:data:`FEATURE_COUNT` zeros and ones; memoized per form)."""
    row = _memo.get(form)
    if row is not None:
        return row
    if len(_memo) >= MEMO_SIZE:
        _memo.clear()
    row = numpy.zeros(FEATURE_COUNT, dtype="float32")
    known = False
    for parse in parse_form(form.lower()):
        if getattr(parse, "is_known", True) is False:
            continue
        k = _POS_INDEX.get(parse.tag.POS)
        if k is not None:
            row[k] = 1.0
            known = True
        grammemes = parse.tag.grammemes
        for j, grammeme in enumerate(DICTIONARY_GRAMMEMES):
            if grammeme in grammemes:
                row[len(DICTIONARY_POS) + j] = 1.0
    shape = len(DICTIONARY_POS) + len(DICTIONARY_GRAMMEMES)
    row[shape] = known
    row[shape + 1] = form[:1].isupper()
    row[shape + 2] = form.isupper() and len(form) > 1
    row[shape + 3] = any(ch.isdigit() for ch in form)
    _memo[form] = row
    return row


class ContextTaggerWeights:
    """The trained arrays: ``proj_W`` (inputs × P), ``proj_b``, the BiLSTM's PyTorch arrays (``lstm_*``), ``out_W``
    (2H × UPOS) and ``out_b``; ``meta`` holds the UPOS names and how the weights were trained."""

    def __init__(self, arrays: dict[str, numpy.ndarray], meta: dict) -> None:
        self.meta = meta
        self.upos: list[str] = list(meta["upos"])
        if tuple(self.upos) != CONTEXT_UPOS:
            raise ModelError(Errors.E120.format(found=", ".join(self.upos), expected=", ".join(CONTEXT_UPOS)))
        self.arrays = {name: numpy.asarray(value, dtype="float32") for name, value in arrays.items()}
        a = self.arrays
        self.proj_W, self.proj_b = a["proj_W"], a["proj_b"]
        self.out_W, self.out_b = a["out_W"], a["out_b"]
        self.layer = LSTMLayer((a["lstm_w_ih"], a["lstm_w_hh"], a["lstm_b_ih"] + a["lstm_b_hh"]),
                               (a["lstm_w_ih_reverse"], a["lstm_w_hh_reverse"],
                                a["lstm_b_ih_reverse"] + a["lstm_b_hh_reverse"]))
        self.tensor_width = self.proj_W.shape[0] - FEATURE_COUNT
        # the two input products (float32, or 8-bit integers after set_int8): X @ W + b as Affine's X @ W.T + b
        self.projection = Affine(numpy.ascontiguousarray(self.proj_W.T), self.proj_b)
        self.lstm_input = Affine(numpy.ascontiguousarray(self.layer.w_ih.T), self.layer.bias)

    def set_int8(self, on: bool) -> None:
        self.projection.set_int8(on)
        self.lstm_input.set_int8(on)

    @classmethod
    def from_disk(cls, folder: Path) -> ContextTaggerWeights:
        folder = Path(folder)
        if not (folder / "weights.npz").is_file() or not (folder / "meta.json").is_file():
            raise ModelError(Errors.E117.format(path=folder))
        with numpy.load(folder / "weights.npz") as data:
            arrays = {name: data[name] for name in data.files}
        return cls(arrays, json.loads((folder / "meta.json").read_text(encoding="utf-8")))

    def to_disk(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        numpy.savez_compressed(folder / "weights.npz", **{k: v.astype("float16") for k, v in self.arrays.items()})
        (folder / "meta.json").write_text(json.dumps(self.meta, ensure_ascii=False, indent=1), encoding="utf-8")

    def log_probs(self, sentences: list[tuple[numpy.ndarray, numpy.ndarray]]) -> list[numpy.ndarray]:
        """Per sentence (its token vectors and dictionary features, sorted by falling length): words × UPOS
        log-probabilities."""
        lengths = numpy.array([len(rows) for rows, _ in sentences])
        positions = _Positions(lengths)
        # (time, sentence) order: the words of each step in one run (see _Positions)
        tensor = numpy.concatenate([numpy.concatenate([rows, features], axis=1) for rows, features in sentences])
        starts = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]])
        rows = starts[positions.sentence] + positions.time  # each (time, sentence) row's word in ``tensor``
        inputs = tensor[rows]
        hidden = self.projection.into(inputs, numpy.empty((len(rows), self.proj_W.shape[1]), dtype="float32"))
        numpy.maximum(hidden, 0.0, out=hidden)
        projected = self.lstm_input.into(hidden, numpy.empty((len(rows), self.layer.w_ih.shape[1]), dtype="float32"))
        states = _bilstm_layer(projected, positions, self.layer)
        scores = states @ self.out_W + self.out_b
        scores -= scores.max(axis=1, keepdims=True)
        scores -= numpy.log(numpy.exp(scores).sum(axis=1, keepdims=True))
        ordered = numpy.empty_like(scores)
        ordered[rows] = scores  # back to sentence order
        return numpy.split(ordered, starts[1:])


class _FeatureTable:
    """:func:`dictionary_features` of every word form seen, one row per ORTH id (per process; starts afresh after
    :data:`MEMO_SIZE` forms): a doc's features are one gather instead of a look-up per token."""

    def __init__(self) -> None:
        self.index: dict[int, int] = {}
        self.rows = numpy.zeros((1024, FEATURE_COUNT), dtype="float32")

    def features(self, doc: Doc) -> numpy.ndarray:
        orths = doc.to_array(ORTH)
        index = self.index
        if len(index) >= MEMO_SIZE:
            index.clear()
        positions = []
        for orth in orths.tolist():
            k = index.get(orth)
            if k is None:
                k = index[orth] = len(index)
                if k >= len(self.rows):
                    self.rows = numpy.concatenate([self.rows, numpy.zeros_like(self.rows)])
                self.rows[k] = dictionary_features(doc.vocab.strings[orth])
            positions.append(k)
        return self.rows[positions]


class ContextTagger:
    """The ``ukrnews_context_tagger`` component (see the module docstring)."""

    def __init__(self, name: str = "ukrnews_context_tagger", *, batch_size: int = 64) -> None:
        self.name = name
        self.batch_size = batch_size
        self.weights: ContextTaggerWeights | None = None
        self._int8 = False  # the input products in 8-bit integers (set_int8; load(matmul="int8"))
        self._table = _FeatureTable()

    def set_int8(self, on: bool) -> None:
        """Multiply the input products in 8-bit integers (``on``; :mod:`ukrnews_nlp.int8_matmul`) or float32."""
        self._int8 = on
        if self.weights is not None:
            self.weights.set_int8(on)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ContextTagger:
        self.weights = ContextTaggerWeights.from_disk(Path(path))
        self.weights.set_int8(self._int8)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.weights is None:
            raise ModelError(Errors.E118.format(name=self.name))
        self.weights.to_disk(Path(path))

    def __call__(self, doc: Doc) -> Doc:
        self.tag([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        size = batch_size or self.batch_size
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= size:
                self.tag(batch)
                yield from batch
                batch = []
        if batch:
            self.tag(batch)
            yield from batch

    def tag(self, docs: list[Doc]) -> None:
        """Write each doc's words × UPOS log-probabilities to ``doc.user_data[CONTEXT_KEY]``."""
        w = self.weights
        if w is None:
            raise ModelError(Errors.E118.format(name=self.name))
        spans: list[tuple[numpy.ndarray, int, int]] = []
        inputs: list[tuple[numpy.ndarray, numpy.ndarray]] = []
        for doc in docs:
            if not len(doc):
                continue
            tensor = doc.tensor
            if tensor is None or tensor.ndim != 2 or tensor.shape != (len(doc), w.tensor_width):
                raise ModelError(Errors.E119.format(name=self.name, width=w.tensor_width, shape=tensor.shape,
                                                    tokens=len(doc)))
            tensor = tensor.astype("float32", copy=False)
            features = self._table.features(doc)
            out = doc.user_data[CONTEXT_KEY] = numpy.empty((len(doc), len(w.upos)), dtype="float32")
            # sentence bounds from one array read (Span objects cost a sixth of the component's time); no
            # boundaries (a Doc built from words): the doc is one sentence
            starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist() if doc.has_annotation(
                "SENT_START") else []
            bounds = sorted({0, *starts}) + [len(doc)]
            for start, end in zip(bounds, bounds[1:], strict=False):
                spans.append((out, start, end))
                inputs.append((tensor[start:end], features[start:end]))
        if not inputs:
            return
        order = sorted(range(len(inputs)), key=lambda k: -len(inputs[k][0]))
        for block in _blocks(order, [len(inputs[k][0]) for k in order]):
            for k, probs in zip(block, w.log_probs([inputs[k] for k in block]), strict=True):
                out, start, end = spans[k]
                out[start:end] = probs


@Language.factory("ukrnews_context_tagger", assigns=[], default_config={"batch_size": 64})
def make_context_tagger(nlp: Language, name: str, *, batch_size: int) -> ContextTagger:
    """Factory of :class:`ContextTagger`; its weights come from the model folder (``from_disk``)."""
    return ContextTagger(name, batch_size=batch_size)


__all__ = ["CONTEXT_KEY", "CONTEXT_UPOS", "ContextTagger", "ContextTaggerWeights", "dictionary_features"]
