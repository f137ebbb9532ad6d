"""A graph-based dependency parser over the core model's token vectors, the ``ukrnews_graph_parser`` component.

spaCy's transition parser reads a window of a few words around its stack and buffer; this one reads whole
sentences. Each word's input is the core tok2vec's output (``doc.tensor``, 128 numbers) with embeddings of the
morphologizer's UPOS and a few of its features (Case, VerbForm, Number, PronType); a two-layer BiLSTM runs over
each sentence (a root vector first), and biaffine scores (Dozat & Manning 2017) give every word's best head, then
every arc's best relation (at most one subject, object… per word; no subject or object its verb's agreement rules
out, :func:`agreement_relabel`). Heads form a tree: where the best heads do not (a cycle, or no or several words on the
root), the sentence's maximum spanning tree with one root word is taken (Chu-Liu-Edmonds).

The weights are trained with PyTorch (``ukrnews-nlp train graph-parser``, the ``train-parser`` extra) and stored as
plain arrays (``weights.npz`` and ``labels.json`` in the component's folder of the core model); running them needs
numpy, and with ``set_int8(True)`` (``load()``'s default) the products run in 8-bit integers with ONNX Runtime
(:class:`Int8Projections`; no torch at run time). Sentences come from ``doc.sents`` (the sentence splitter's),
which the parse keeps: no head crosses a sentence boundary.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy
from spacy.attrs import DEP, HEAD, LOWER, MORPH, POS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from .errors import Errors, ModelError
from .int8_matmul import Int8Product, Int8StateProduct
from .subject_agreement import (
    cannot_be_object,
    cannot_be_subject,
    could_be_subject,
    facts,
    may_not_be_object,
    may_not_be_subject,
)

__all__ = ["GraphParser", "GraphParserWeights", "chu_liu_edmonds", "make_graph_parser"]

#: The relation of the word on the root in the training trees (written ``ROOT`` on the Doc, as spaCy does).
ROOT_LABEL = "root"
WEIGHTS_FILE = "weights.npz"
LABELS_FILE = "labels.json"
#: Longer sentences are parsed in pieces of this many words (each piece's root hung on the first piece's).
MAX_PIECE_WORDS = 1000
#: The relation of those pieces' roots.
PIECE_LABEL = "parataxis"
#: Sentences up to this many words get the exact spanning tree where their best heads are not a tree; longer
#: ones a cheaper repair (:func:`_repair_tree`).
MAX_EXACT_TREE = 200
#: Sentences encoded together, of similar lengths (sorted): at most this many padded positions (a few MB).
BLOCK_POSITIONS = 4096
#: Relations a word governs at most one of (each set is one slot): one subject, one object… per predicate. In the
#: training trees (zoloto outside UD-IU dev/test and ParlaMint train) 1 of 8,600 words with a subject has two, 3 of
#: 6,140 with an object two, none two of the others; the relation scorer labels each arc alone and gives 43 words of
#: UD-IU dev two subjects and 19 two objects (gold words).
UNIQUE_RELATIONS: tuple[frozenset[str], ...] = (
    frozenset({"nsubj", "nsubj:pass", "csubj"}), frozenset({"obj"}), frozenset({"iobj"}), frozenset({"cop"}),
    frozenset({"expl"}), frozenset({"xcomp"}), frozenset({"ccomp"}))
#: Relations of UD_Ukrainian-ParlaMint that UD-IU never uses (neither its dev/test files nor zoloto), as UD-IU
#: writes them (ParlaMint v2.15: advmod:neg 550 words, obl:arg 321, nsubj:pass 108, advmod:emph 104, obl:agent
#: 67, aux:pass 27, nsubj:outer 9). Training reads ParlaMint's trees through :func:`iu_relation`; a parser
#: trained before that (the shipped one) has them as labels, and writes them as UD-IU's: it gave ``не``
#: advmod:neg on UD-IU dev 12 times, where UD-IU has advmod.
IU_RELATIONS = {"advmod:neg": "advmod", "obl:arg": "obl", "obl:agent": "obl", "nsubj:pass": "nsubj",
                "nsubj:outer": "nsubj", "aux:pass": "aux"}
#: Relations of a word whose number is its phrase's, not its own (``Іван і Марія``, ``п'ять років``): such a word's
#: agreement with its verb is not checked (:mod:`ukrnews_nlp.subject_agreement`).
PHRASE_NUMBER_RELATIONS = frozenset({"conj", "nummod", "nummod:gov", "det:numgov"})
#: Prepositions of a comitative phrase, whose head's number is not checked either (``Дяк із Сомовим дрімали``: in
#: the training trees such a singular noun under a plural verb is its subject 4 times, its object 5).
COMITATIVE_PREPOSITIONS = ("з", "із", "зі")
_VERB = POS_IDS["VERB"]


def iu_relation(deprel: str, upos: str = "") -> str:
    """A relation in UD-IU's inventory: :data:`IU_RELATIONS`, and ParlaMint's emphasis ``advmod:emph`` as UD-IU
    labels those words, ``discourse`` for particles (тільки, лише: zoloto 168 of 168) and ``advmod`` for adverbs
    (ще, майже: 177 of 177) and where the UPOS is not known."""
    if deprel == "advmod:emph":
        return "discourse" if upos == "PART" else "advmod"
    return IU_RELATIONS.get(deprel, deprel)


def _leaky_relu(x: numpy.ndarray) -> numpy.ndarray:
    return numpy.maximum(x, 0.1 * x)


class GraphParserWeights:
    """The arrays of a trained graph parser and its vocabularies.

    ``arrays`` holds ``upos`` (embedding rows, row 0 for unknown), ``feat_<Name>`` per feature, ``root``, per
    BiLSTM layer ``l`` and direction ``d`` (``f``/``b``) ``lstm_l_d_ih`` (4H × in), ``lstm_l_d_hh`` (4H × H) and
    ``lstm_l_d_b`` (4H; PyTorch's gate order i, f, g, o), ``arc_dep_W``/``_b``, ``arc_head_W``/``_b``,
    ``lab_dep_W``/``_b``, ``lab_head_W``/``_b``, ``arc_U`` and ``arc_u`` (the biaffine arc scorer), ``lab_diag``
    (labels × L) and ``lab_lin_W``/``_b`` (labels × 2L: the relation scorer). ``meta`` holds ``upos`` (tag list),
    ``features`` ({name: [values]}) and ``labels``."""

    def __init__(self, arrays: dict[str, numpy.ndarray], meta: dict) -> None:
        self.arrays = {k: numpy.ascontiguousarray(v, dtype="float32") for k, v in arrays.items()}
        self.meta = meta
        self.labels: list[str] = list(meta["labels"])
        self.upos_index = {tag: i + 1 for i, tag in enumerate(meta["upos"])}
        self.features: list[str] = list(meta["features"])
        self.feature_index = {name: {value: i + 1 for i, value in enumerate(values)}
                              for name, values in meta["features"].items()}
        self.layers = sum(1 for k in self.arrays if k.startswith("lstm_") and k.endswith("_f_ih"))
        a = self.arrays
        self.lstm = [LSTMLayer(*[(a[f"lstm_{layer}_{d}_ih"], a[f"lstm_{layer}_{d}_hh"], a[f"lstm_{layer}_{d}_b"])
                                 for d in "fb"]) for layer in range(self.layers)]
        embedded = a["upos"].shape[1] + sum(a[f"feat_{name}"].shape[1] for name in self.features)
        self.tensor_width = a["lstm_0_f_ih"].shape[1] - embedded  # the core tok2vec's width
        self.root_projection = a["root"] @ self.lstm[0].w_ih + self.lstm[0].bias
        self.root_label = self.labels.index(ROOT_LABEL) if ROOT_LABEL in self.labels else None
        #: per label, its slot in :data:`UNIQUE_RELATIONS` (-1: none); per slot, a mask of its labels
        self.slot_of = numpy.array([next((k for k, group in enumerate(UNIQUE_RELATIONS) if label in group), -1)
                                    for label in self.labels])
        self.slot_masks = [self.slot_of == k for k in range(len(UNIQUE_RELATIONS))]
        relations = [iu_relation(label) for label in self.labels]
        self.subject_mask = numpy.array([r.split(":")[0] == "nsubj" for r in relations])
        self.object_mask = numpy.array([r == "obj" for r in relations])
        self.phrase_number_mask = numpy.array([r in PHRASE_NUMBER_RELATIONS for r in relations])
        self.case_mask = numpy.array([r == "case" for r in relations])
        self.nmod_mask = numpy.array([r.split(":")[0] == "nmod" for r in relations])
        # the four MLPs in one product: [arc_dep | arc_head | lab_dep | lab_head]
        self.mlp_W = numpy.ascontiguousarray(numpy.concatenate(
            [a["arc_dep_W"], a["arc_head_W"], a["lab_dep_W"], a["lab_head_W"]]).T)
        self.mlp_b = numpy.concatenate([a["arc_dep_b"], a["arc_head_b"], a["lab_dep_b"], a["lab_head_b"]])
        self.arc_size = a["arc_dep_W"].shape[0]
        self.lab_size = a["lab_dep_W"].shape[0]
        self._int8: Int8Projections | None = None

    def int8_projections(self) -> Int8Projections:
        """The products of :class:`Int8Projections` (made once)."""
        if self._int8 is None:
            self._int8 = Int8Projections(
                Int8Product(self.lstm[0].w_ih[:self.tensor_width]),
                [Int8Product(layer.w_ih, layer.bias) for layer in self.lstm[1:]],
                Int8Product(self.mlp_W, self.mlp_b), [Int8StateProduct(layer.w_hh) for layer in self.lstm])
        return self._int8

    @classmethod
    def from_disk(cls, folder: Path) -> GraphParserWeights:
        weights, labels = folder / WEIGHTS_FILE, folder / LABELS_FILE
        if not weights.is_file() or not labels.is_file():
            raise ModelError(Errors.E114.format(path=folder))
        with numpy.load(weights) as data:
            arrays = {k: data[k] for k in data.files}
        return cls(arrays, json.loads(labels.read_text(encoding="utf-8")))

    def to_disk(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        numpy.savez_compressed(folder / WEIGHTS_FILE, **{k: v.astype("float16") if v.ndim > 1 else v
                                                         for k, v in self.arrays.items()})
        (folder / LABELS_FILE).write_text(json.dumps(self.meta, ensure_ascii=False, indent=1), encoding="utf-8")


class Int8Projections:
    """A parser's products over all words at once in 8-bit integers (:mod:`ukrnews_nlp.int8_matmul`): the token
    vectors' part of the first layer's input projection, the later layers' input projections (biases included), the
    four MLPs, and each layer's recurrent products (the hidden states are within ±1: one fixed scale; at ~100
    sentences a step 100 µs instead of numpy's 290 µs)."""

    def __init__(self, tensor: Int8Product, layers: list[Int8Product], mlp: Int8Product,
                 recurrent: list[Int8StateProduct]) -> None:
        self.tensor, self.layers, self.mlp, self.recurrent = tensor, layers, mlp, recurrent


def _feature_value(morph: str, name: str) -> str:
    """``Case=Gen`` from ``Animacy=Inan|Case=Gen|…`` (``Case=_`` when absent), as the training script reads it."""
    prefix = name + "="
    for part in morph.split("|"):
        if part.startswith(prefix):
            return part
    return prefix + "_"


class LSTMLayer:
    """One BiLSTM layer's weights, arranged for :func:`_bilstm_layer`: both directions' input weights side by side
    (in × 8H) with their biases, the recurrent weights stacked (2 × H × 4H), the gates reordered from PyTorch's i, f,
    g, o to i, f, o, g and the i, f, o columns halved (one tanh gives all four gates)."""

    def __init__(self, forward: tuple[numpy.ndarray, ...], backward: tuple[numpy.ndarray, ...]) -> None:
        size = forward[1].shape[1]
        order = numpy.concatenate([numpy.arange(0, 2 * size), numpy.arange(3 * size, 4 * size),
                                   numpy.arange(2 * size, 3 * size)])
        self.size = size
        # sigmoid(x) = (tanh(x / 2) + 1) / 2: the i, f, o rows halved, so that one tanh serves all four gates
        scale = numpy.ones(4 * size, dtype="float32")
        scale[:3 * size] = 0.5
        # input weights of both directions side by side: one product gives both projections
        self.w_ih = numpy.ascontiguousarray(numpy.concatenate([(forward[0][order] * scale[:, None]).T,
                                                               (backward[0][order] * scale[:, None]).T], axis=1))
        self.bias = numpy.concatenate([forward[2][order] * scale, backward[2][order] * scale]).astype("float32")
        self.w_hh = numpy.ascontiguousarray(numpy.stack([(forward[1][order] * scale[:, None]).T,
                                                         (backward[1][order] * scale[:, None]).T]))


class _Positions:
    """Where a block's words (each sentence's root position first) lie in its flat arrays.

    Sentences are sorted by falling length, so at time ``t`` the sentences still running are a prefix
    ``0 … active[t] - 1``: words in (time, sentence) order put each time's words in one run of rows, starting at
    ``offsets[t]``. The backward direction reads every sentence from its end; its own flat order, (reversed time,
    sentence), has the same runs, and ``backward_row`` gives each word's row there."""

    def __init__(self, lengths: numpy.ndarray) -> None:
        steps = int(lengths[0])
        valid = numpy.arange(steps)[:, None] < lengths[None, :]
        self.time, self.sentence = numpy.nonzero(valid)
        self.active = valid.sum(axis=1)
        self.offsets = numpy.concatenate([[0], numpy.cumsum(self.active)[:-1]])
        self.backward_row = self.offsets[lengths[self.sentence] - 1 - self.time] + self.sentence
        self.steps, self.count = steps, len(lengths)


def _bilstm_layer(projected: numpy.ndarray, positions: _Positions, layer: LSTMLayer,
                  recurrent: Int8StateProduct | None = None) -> numpy.ndarray:
    """One BiLSTM layer over a block: ``projected`` is (words, 8H), each word's input projection for both
    directions (biases included) in (time, sentence) order; returns the (words, 2H) hidden states, forward then
    backward, in the same order. At step ``t`` both directions update the rows of the sentences still running.
    ``recurrent``: the layer's recurrent weights in 8-bit integers (else float32 products)."""
    size = layer.size
    words = len(projected)
    gates_all = numpy.empty((2, words, 4 * size), dtype="float32")
    gates_all[0] = projected[:, :4 * size]
    gates_all[1][positions.backward_row] = projected[:, 4 * size:]
    c = numpy.zeros((2, positions.count, size), dtype="float32")
    out = numpy.empty((2, words, size), dtype="float32")
    previous = None  # the states of the step before: the first rows of its run (the running sentences shrink)
    products = numpy.empty(2 * positions.count * 4 * size, dtype="float32") if recurrent is not None else None
    for k, start in zip(positions.active.tolist(), positions.offsets.tolist(), strict=True):
        gates = gates_all[:, start:start + k]
        if previous is not None:
            if products is None:
                gates += numpy.matmul(out[:, previous:previous + k], layer.w_hh)
            else:
                gates += recurrent.into(out[:, previous:previous + k], products[:2 * k * 4 * size].reshape(2, k, -1))
        numpy.tanh(gates, out=gates)  # i, f, o: tanh(x / 2) (their weights are halved); g: tanh(x)
        sig = gates[..., :3 * size]
        sig *= 0.5  # sigmoid(x) = (tanh(x / 2) + 1) / 2
        sig += 0.5
        cell = gates[..., 3 * size:]
        ck = c[:, :k]
        ck *= gates[..., size:2 * size]
        cell *= gates[..., :size]
        ck += cell
        hk = out[:, start:start + k]
        numpy.tanh(ck, out=hk)
        hk *= gates[..., 2 * size:3 * size]
        previous = start
    return numpy.concatenate([out[0], out[1][positions.backward_row]], axis=1)


def _repair_tree(scores: numpy.ndarray) -> numpy.ndarray:
    """A tree from the best heads without the exact search (long sentences): the likeliest root word alone on the
    root, every other word on its best head, and each cycle broken where hanging one of its words on the root word
    costs least (the root word hangs on the root, so no new cycle can form)."""
    s = scores.copy()
    numpy.fill_diagonal(s, -numpy.inf)
    root = int(numpy.argmax(s[1:, 0])) + 1
    s[:, 0] = -numpy.inf
    heads = s.argmax(axis=1)
    heads[0], heads[root] = -1, 0
    cycle = _find_cycle(heads)
    while cycle is not None:
        cost = [s[d, heads[d]] - s[d, root] for d in cycle]
        heads[cycle[int(numpy.argmin(cost))]] = root
        cycle = _find_cycle(heads)
    return heads


def _join_pieces(pieces: list[tuple[Doc, int, int, int]], heads_of: dict[int, numpy.ndarray],
                 labels_of: dict[int, numpy.ndarray], label: int) -> None:
    """Hang the root of each later piece ``(doc, first piece's start, start, end)`` of a run-on sentence on the
    first piece's root: one tree a sentence."""
    for doc, first, start, end in pieces:
        heads = heads_of[id(doc)]
        target = first + int(numpy.flatnonzero(heads[first:first + MAX_PIECE_WORDS] == 0)[0])
        root = start + int(numpy.flatnonzero(heads[start:end] == 0)[0])
        heads[root] = target - root
        labels_of[id(doc)][root] = label


def one_per_head(heads_out: list[numpy.ndarray], label_scores: numpy.ndarray, best_labels: numpy.ndarray,
                 weights: GraphParserWeights) -> None:
    """Relabel, in place, the words that share a head and a slot of :data:`UNIQUE_RELATIONS` (two subjects of one
    verb): the word that would lose the most by another label keeps the slot, the others take their best label
    outside it (which may fill another slot: repeated, at most once per slot and once more, until every slot holds
    one word). ``label_scores`` (words of all sentences × labels; a relabelled word's scores of the slot it lost
    become -inf) and ``best_labels`` follow ``heads_out`` (each sentence's heads, 1-based)."""
    slot_of = weights.slot_of
    sentence_of = numpy.repeat(numpy.arange(len(heads_out)), [len(h) for h in heads_out])
    heads = numpy.concatenate(heads_out) if heads_out else numpy.zeros(0, dtype=int)
    for _ in range(len(weights.slot_masks) + 1):
        slots = slot_of[best_labels]
        words = numpy.flatnonzero(slots >= 0)
        if len(words) < 2:
            return
        keys = numpy.stack([sentence_of[words], heads[words], slots[words]], axis=1)
        _, group, counts = numpy.unique(keys, axis=0, return_inverse=True, return_counts=True)
        if counts.max() < 2:
            return
        for g in numpy.flatnonzero(counts > 1).tolist():
            members = words[group.ravel() == g]
            mask = weights.slot_masks[int(slots[members[0]])]
            outside = numpy.where(mask, -numpy.inf, label_scores[members]).max(axis=1)
            keep = members[int(numpy.argmax(label_scores[members, best_labels[members]] - outside))]
            for word in members.tolist():
                if word != keep:
                    label_scores[word, mask] = -numpy.inf
                    best_labels[word] = int(label_scores[word].argmax())


def agreement_relabel(doc: Doc, offsets: numpy.ndarray, labels: numpy.ndarray, scores: numpy.ndarray,
                      weights: GraphParserWeights) -> None:
    """Relabel, in place, the subjects and objects of ``doc`` that their verb's agreement rules out
    (:mod:`ukrnews_nlp.subject_agreement`): such a word takes its best relation outside the ruled-out one, and words
    sharing a head and a slot are then resolved as in :func:`one_per_head`. ``offsets`` are the heads as spaCy
    stores them (relative; 0 on a root), ``labels`` the label indices, ``scores`` the words' relation scores."""
    subject, obj = weights.subject_mask, weights.object_mask
    heads = numpy.arange(len(doc)) + offsets
    candidates = numpy.flatnonzero((subject | obj)[labels] & (offsets != 0))
    if not len(candidates):
        return
    verbs = doc.to_array(POS)[heads[candidates]] == _VERB
    candidates = candidates[verbs]
    if not len(candidates):
        return
    morph = doc.to_array(MORPH)
    strings = doc.vocab.strings
    phrase_heads = set(heads[weights.phrase_number_mask[labels]].tolist())  # words with a conjunct or a numeral
    comitative = [strings[p] for p in COMITATIVE_PREPOSITIONS]
    prepositions = numpy.flatnonzero(weights.case_mask[labels])
    lower = doc.to_array(LOWER)[prepositions]
    for k in prepositions[numpy.isin(lower, comitative)].tolist():  # "із" + its noun, under a nominal
        if weights.nmod_mask[labels[heads[k]]]:
            phrase_heads.add(int(heads[heads[k]]))
    changed: list[int] = []  # heads of relabelled words
    for i in candidates.tolist():
        h = int(heads[i])
        word_facts, verb_facts = facts(int(morph[i]), strings), facts(int(morph[h]), strings)
        # the features alone first; the words (and the dictionary) only where agreement may rule the relation out
        if subject[labels[i]]:
            ruled_out = subject if (i not in phrase_heads and may_not_be_subject(word_facts, verb_facts)
                                    and cannot_be_subject(doc[i], doc[h])) else None
        else:
            ruled_out = obj if may_not_be_object(word_facts, verb_facts) and cannot_be_object(doc[i], doc[h]) else None
        if ruled_out is None:
            continue
        scores[i, ruled_out] = -numpy.inf
        labels[i] = int(scores[i].argmax())
        changed.append(h)
        if ruled_out is subject and obj[labels[i]]:
            # the verb's object, if it can be the subject, becomes it: the two swap (``сенс мають картини``)
            for j in numpy.flatnonzero((heads == h) & obj[labels]).tolist():
                if j != i and could_be_subject(doc[j], doc[h]):
                    scores[j, obj] = -numpy.inf
                    labels[j] = int(numpy.where(subject, scores[j], -numpy.inf).argmax())
    if changed:  # slots resolved among the dependents of the verbs concerned only
        members = numpy.flatnonzero(numpy.isin(heads, changed))
        slotted = [(h, slot) for h, slot in zip(heads[members].tolist(), weights.slot_of[labels[members]].tolist(),
                                                strict=True) if slot >= 0]
        if len(set(slotted)) < len(slotted):
            relabelled = labels[members]
            one_per_head([heads[members]], scores[members], relabelled, weights)
            labels[members] = relabelled


def chu_liu_edmonds(scores: numpy.ndarray) -> numpy.ndarray:
    """The maximum spanning tree of ``scores`` (``scores[d, h]``: word ``d`` (1…n) takes head ``h`` (0 = root);
    row 0 unused) with exactly one word on the root; returns heads (``heads[0]`` is -1)."""
    n = scores.shape[0]
    best_tree, best_total = None, -numpy.inf
    root_scores = scores[1:, 0]
    # one root word: try the few words most likely to be it, each as the only child of the root
    for root in numpy.argsort(-root_scores)[:min(3, n - 1)] + 1:
        s = scores.copy()
        s[:, 0] = -numpy.inf
        s[root, :] = -numpy.inf
        s[root, 0] = scores[root, 0]
        heads = _cle(s)
        total = float(scores[numpy.arange(1, n), heads[1:]].sum())
        if total > best_total:
            best_tree, best_total = heads, total
    return best_tree


def _cle(scores: numpy.ndarray) -> numpy.ndarray:
    """Chu-Liu-Edmonds on a dense score matrix (``scores[d, h]``, -inf where not allowed; node 0 the root)."""
    n = scores.shape[0]
    s = scores.copy()
    numpy.fill_diagonal(s, -numpy.inf)
    heads = s.argmax(axis=1)
    heads[0] = -1
    cycle = _find_cycle(heads)
    if cycle is None:
        return heads
    in_cycle = numpy.zeros(n, dtype=bool)
    in_cycle[cycle] = True
    rest = numpy.flatnonzero(~in_cycle)  # node 0 is always here
    cycle_score = float(sum(s[d, heads[d]] for d in cycle))
    # contracted graph: nodes = rest + one node for the cycle
    m = len(rest) + 1
    c = m - 1
    contracted = numpy.full((m, m), -numpy.inf)
    contracted[:c, :c] = s[numpy.ix_(rest, rest)]
    # the cycle taking a head outside it: best entry point for each outside head
    gain = s[cycle][:, rest] - s[cycle, heads[cycle]][:, None]  # (cycle, rest)
    entry = gain.argmax(axis=0)
    contracted[c, :c] = cycle_score + gain[entry, numpy.arange(len(rest))]
    # outside words taking a head inside the cycle: the best such head
    out_scores = s[rest][:, cycle]  # (rest, cycle)
    exit_head = out_scores.argmax(axis=1)
    contracted[:c, c] = out_scores[numpy.arange(len(rest)), exit_head]
    sub = _cle(contracted)
    result = heads.copy()
    for k, node in enumerate(rest):
        if node == 0:
            continue
        h = sub[k]
        result[node] = cycle[exit_head[k]] if h == c else rest[h]
    outer = sub[c]
    enter = cycle[entry[outer]]
    result[enter] = rest[outer]
    return result


def _find_cycle(heads: numpy.ndarray) -> list[int] | None:
    n = len(heads)
    state = numpy.zeros(n, dtype=numpy.int8)  # 0 unseen, 1 on the current path, 2 done
    state[0] = 2
    for start in range(1, n):
        path = []
        node = start
        while state[node] == 0:
            state[node] = 1
            path.append(node)
            node = heads[node]
        if state[node] == 1:
            return path[path.index(node):]
        for p in path:
            state[p] = 2
    return None


def _blocks(order: list[int], lengths: list[int]) -> Iterator[list[int]]:
    """Consecutive runs of ``order`` (sorted by falling length) whose padded size stays within
    :data:`BLOCK_POSITIONS` (a longer sentence alone makes a block of its own)."""
    start = 0
    while start < len(order):
        longest = lengths[start]
        count = max(1, BLOCK_POSITIONS // longest)
        yield order[start:start + count]
        start += count


def _are_trees(best: numpy.ndarray, lengths: numpy.ndarray) -> numpy.ndarray:
    """Per sentence of a block, whether its best heads (``best[j, d]``; position 0 the root) form a tree with one
    word on the root: every word's chain of heads reaches the root, found for all sentences at once by pointer
    doubling (after k rounds each word points 2^k heads up; the root points at itself)."""
    steps = best.shape[1]
    valid = numpy.arange(steps)[None, :] < lengths[:, None]
    up = numpy.where(valid, best, 0)
    up[:, 0] = 0
    one_root = ((up == 0) & valid).sum(axis=1) == 2  # the root itself and one word
    for _ in range(max(1, int(steps).bit_length())):
        up = numpy.take_along_axis(up, up, axis=1)
    return one_root & (up == 0).all(axis=1)


class GraphParser:
    """The ``ukrnews_graph_parser`` component (module docstring). Weights come from ``from_disk`` (the core model's
    folder ``graph_parser/``); a parser without weights raises :class:`ModelError` when called."""

    def __init__(self, name: str = "ukrnews_graph_parser", *, batch_size: int = 64, agreement: bool = True) -> None:
        self.name = name
        self.batch_size = batch_size
        self.agreement = agreement  # subjects and objects checked against their verb's agreement
        self.weights: GraphParserWeights | None = None
        # (UPOS id, morphology key) → row of _table, the first layer's projection of their embeddings
        self._rows: dict[tuple[int, int], int] = {}
        self._table: numpy.ndarray | None = None
        self._lock = threading.Lock()
        self._label_ids: numpy.ndarray | None = None
        self.int8 = False  # the projections in 8-bit integers (set_int8; load(matmul="int8"))

    def set_int8(self, on: bool) -> None:
        """Compute the projections and the recurrence's products in 8-bit integers (``on``;
        :class:`Int8Projections`) or float32."""
        self.int8 = on

    # -- serialization (spaCy calls these with the model folder's component path) --
    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> GraphParser:
        self.weights = GraphParserWeights.from_disk(Path(path))
        self._rows.clear()
        self._table = None
        self._label_ids = None
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.weights is None:
            raise ModelError(Errors.E115.format(name=self.name))
        self.weights.to_disk(Path(path))

    # -- running --
    def __call__(self, doc: Doc) -> Doc:
        for _ in self.pipe([doc]):
            pass
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        size = batch_size or self.batch_size
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= size:
                self.parse(batch)
                yield from batch
                batch = []
        if batch:
            self.parse(batch)
            yield from batch

    def feature_rows(self, doc: Doc) -> numpy.ndarray:
        """Row numbers in :attr:`_table` of the doc's words' (UPOS, morphology) pairs, adding new pairs."""
        pairs = doc.to_array([POS, MORPH])
        rows = numpy.empty(len(doc), dtype=numpy.int64)
        for i, (pos, morph) in enumerate(pairs.tolist()):
            row = self._rows.get((pos, morph))
            if row is None:
                row = self._add_row(pos, morph, doc.vocab.strings)
            rows[i] = row
        return rows

    def _add_row(self, pos: int, morph: int, strings) -> int:
        """Add a (UPOS, morphology) pair's projection to :attr:`_table`; threads sharing the pipeline add one at a
        time, and a row is published in :attr:`_rows` only once written (the table grows by doubling, copied, so
        rows read from an older table stay right)."""
        with self._lock:
            row = self._rows.get((pos, morph))
            if row is not None:
                return row
            row = len(self._rows)
            projection = self._feature_projection(strings[pos] if pos else "", strings[morph] if morph else "")
            table = self._table
            if table is None or row == len(table):
                grown = numpy.empty((max(64, 2 * row), len(projection)), dtype="float32")
                if table is not None:
                    grown[:row] = table[:row]
                table = grown
            table[row] = projection
            self._table = table
            self._rows[(pos, morph)] = row
            return row

    def _feature_projection(self, upos: str, morph: str) -> numpy.ndarray:
        """The first LSTM layer's input projection of a word's UPOS and feature embeddings, biases included (both
        directions): computed once per (UPOS, morphology), so that only the token vector is multiplied per word."""
        w = self.weights
        assert w is not None
        parts = [w.arrays["upos"][w.upos_index.get(upos, 0)]]
        for name in w.features:
            parts.append(w.arrays[f"feat_{name}"][w.feature_index[name].get(_feature_value(morph, name), 0)])
        first = w.lstm[0]
        return numpy.concatenate(parts) @ first.w_ih[w.tensor_width:] + first.bias

    def parse(self, docs: list[Doc]) -> None:
        """Parse every sentence of ``docs`` and write heads and relations."""
        w = self.weights
        if w is None:
            raise ModelError(Errors.E115.format(name=self.name))
        if self._label_ids is None and docs:
            # the root's relation is spaCy's "ROOT" (UD writes "root"), as the transition parser gives it; others
            # in UD-IU's inventory
            self._label_ids = numpy.array([docs[0].vocab.strings.add("ROOT" if label == ROOT_LABEL
                                                                     else iu_relation(label))
                                           for label in w.labels], dtype="uint64")
        sentences: list[tuple[Doc, int, int]] = []
        inputs: list[tuple[numpy.ndarray, numpy.ndarray]] = []  # per sentence: token vectors, feature rows
        pieces: list[tuple[Doc, int, int, int]] = []  # later pieces of run-on sentences
        for doc in docs:
            if not len(doc):
                continue
            tensor = doc.tensor
            if tensor is None or tensor.ndim != 2 or tensor.shape != (len(doc), w.tensor_width):
                raise ModelError(Errors.E116.format(name=self.name))
            tensor = tensor.astype("float32", copy=False)
            rows = self.feature_rows(doc)
            # no sentence boundaries (a Doc built from words, no sentence splitter): the doc is one sentence
            for sent in (doc.sents if doc.has_annotation("SENT_START") else [doc[:]]):
                # a run-on "sentence" (a table, a list without stops) is parsed in pieces: bounded memory and time
                for start in range(sent.start, sent.end, MAX_PIECE_WORDS):
                    end = min(start + MAX_PIECE_WORDS, sent.end)
                    if start > sent.start:
                        pieces.append((doc, sent.start, start, end))
                    sentences.append((doc, start, end))
                    inputs.append((tensor[start:end], rows[start:end]))
        if not sentences:
            return
        heads_of: dict[int, numpy.ndarray] = {id(doc): numpy.zeros(len(doc), dtype="int64") for doc in docs}
        labels_of: dict[int, numpy.ndarray] = {id(doc): numpy.zeros(len(doc), dtype="int64") for doc in docs}
        scores_of: dict[int, numpy.ndarray] = {}  # each word's relation scores, for the agreement check
        if self.agreement:
            scores_of = {id(doc): numpy.zeros((len(doc), len(w.labels)), dtype="float32") for doc in docs}
        order = sorted(range(len(sentences)), key=lambda k: -len(inputs[k][1]))
        for block in _blocks(order, [len(inputs[k][1]) + 1 for k in order]):
            heads, labels, scores = self._parse_block([inputs[k] for k in block])
            for k, h, lab, sc in zip(block, heads, labels, scores, strict=True):
                doc, start, end = sentences[k]
                # h[j] is the head of word j+1 of the sentence (0 = root): relative offsets, as spaCy stores them
                positions = numpy.arange(start, end)
                absolute = numpy.where(h == 0, positions, start + h - 1)
                heads_of[id(doc)][start:end] = absolute - positions
                labels_of[id(doc)][start:end] = lab
                if self.agreement:
                    scores_of[id(doc)][start:end] = sc
        _join_pieces(pieces, heads_of, labels_of, w.labels.index(PIECE_LABEL) if PIECE_LABEL in w.labels else 0)
        for doc in docs:
            if len(doc):
                if self.agreement:
                    agreement_relabel(doc, heads_of[id(doc)], labels_of[id(doc)], scores_of[id(doc)], w)
                doc.from_array([HEAD, DEP], numpy.column_stack([heads_of[id(doc)].view("uint64"),
                                                                self._label_ids[labels_of[id(doc)]]]))

    def _parse_block(self, sentences: list[tuple[numpy.ndarray, numpy.ndarray]]
                     ) -> tuple[list[numpy.ndarray], list[numpy.ndarray], list[numpy.ndarray]]:
        """Heads (1-based, 0 = root), label indices and relation scores (words × labels; -inf where ruled out) of
        sentences sorted by falling length, each given as its words' token vectors and feature rows
        (:meth:`feature_rows`)."""
        block = self.block_scores(sentences)
        heads_out = block.trees()
        label_scores = block.label_scores(heads_out)
        # the word on the root is "root", and only it
        on_root = numpy.concatenate(heads_out) == 0
        root_label = block.weights.root_label
        if root_label is not None:
            label_scores[:, root_label] = -numpy.inf
        best_labels = label_scores.argmax(axis=1)
        one_per_head(heads_out, label_scores, best_labels, block.weights)
        if root_label is not None:
            best_labels[on_root] = root_label
        labels_out, scores_out, start = [], [], 0
        for heads in heads_out:
            labels_out.append(best_labels[start:start + len(heads)])
            scores_out.append(label_scores[start:start + len(heads)])
            start += len(heads)
        return heads_out, labels_out, scores_out

    def block_scores(self, sentences: list[tuple[numpy.ndarray, numpy.ndarray]]) -> BlockScores:
        """The arc scores and relation-scorer inputs of sentences sorted by falling length, each given as its words'
        token vectors and feature rows (:meth:`feature_rows`); what :meth:`parse` decides from, and what training
        averages over several parsers (``ukrnews_nlp.training.graph_parser``)."""
        w = self.weights
        assert w is not None and self._table is not None
        lengths = numpy.array([len(rows) + 1 for _, rows in sentences])  # + the root position
        positions = _Positions(lengths)
        # the first layer's input projections in (time, sentence) order: time 0 (the first rows) is every sentence's
        # root, the rest are words
        count = len(sentences)
        word_time, word_sentence = positions.time[count:], positions.sentence[count:]
        starts = numpy.concatenate([[0], numpy.cumsum(lengths - 1)[:-1]])
        source = starts[word_sentence] + word_time - 1
        first = w.lstm[0]
        projected = numpy.empty((len(positions.time), first.w_ih.shape[1]), dtype="float32")
        projected[:count] = w.root_projection
        int8 = w.int8_projections() if self.int8 else None
        tokens = numpy.concatenate([t for t, _ in sentences])[source]
        if int8 is not None:
            int8.tensor.into(tokens, projected[count:])
        else:
            numpy.matmul(tokens, first.w_ih[:w.tensor_width], out=projected[count:])
        projected[count:] += self._table[numpy.concatenate([rows for _, rows in sentences])[source]]
        states = _bilstm_layer(projected, positions, first, int8.recurrent[0] if int8 is not None else None)
        for k, layer in enumerate(w.lstm[1:]):
            if int8 is not None:
                projected = int8.layers[k](states)
            else:
                projected = states @ layer.w_ih
                projected += layer.bias
            states = _bilstm_layer(projected, positions, layer, int8.recurrent[k + 1] if int8 is not None else None)
        if int8 is not None:
            hidden = int8.mlp(states)
        else:
            hidden = states @ w.mlp_W
            hidden += w.mlp_b
        hidden = _leaky_relu(hidden)
        a = w.arc_size
        steps = positions.steps
        dep = numpy.zeros((count, steps, a), dtype="float32")
        head = numpy.zeros((count, steps, a), dtype="float32")
        dep[positions.sentence, positions.time] = hidden[:, :a] @ w.arrays["arc_U"]
        head[positions.sentence, positions.time] = hidden[:, a:2 * a]
        # scores[j, d, h]: word d of sentence j takes head h
        scores = dep @ head.transpose(0, 2, 1)
        scores += (head @ w.arrays["arc_u"])[:, None, :]
        padded = numpy.arange(steps)[None, :] >= lengths[:, None]
        scores.transpose(0, 2, 1)[padded] = -numpy.inf  # padded positions head nothing
        scores[:, numpy.arange(steps), numpy.arange(steps)] = -numpy.inf
        return BlockScores(w, lengths, positions, scores, hidden)


class BlockScores:
    """A block's arc scores (``scores[j, d, h]``: word ``d`` of sentence ``j`` takes head ``h``, 0 the root; padded
    and self arcs −inf) and the hidden states its relation scorer reads."""

    def __init__(self, weights: GraphParserWeights, lengths: numpy.ndarray, positions: _Positions,
                 scores: numpy.ndarray, hidden: numpy.ndarray) -> None:
        self.weights, self.lengths, self.positions = weights, lengths, positions
        self.scores, self.hidden = scores, hidden

    def trees(self, scores: numpy.ndarray | None = None) -> list[numpy.ndarray]:
        """Each sentence's heads (1-based, 0 = root) from ``scores`` (default: the block's own): the best head of
        each word where those form a tree, else the maximum spanning tree (a quick repair for very long ones)."""
        scores = self.scores if scores is None else scores
        lengths = self.lengths
        best = scores.argmax(axis=2)
        trees = _are_trees(best, lengths)
        heads_out = []
        for j in range(len(lengths)):
            n = int(lengths[j])
            if trees[j]:
                heads_out.append(best[j, 1:n])
            elif n <= MAX_EXACT_TREE:
                heads_out.append(chu_liu_edmonds(scores[j, :n, :n])[1:])
            else:
                heads_out.append(_repair_tree(scores[j, :n, :n])[1:])
        return heads_out

    def label_scores(self, heads_out: list[numpy.ndarray]) -> numpy.ndarray:
        """The relation scores (words of all sentences in order × labels) of the arcs ``heads_out``."""
        w, positions, hidden = self.weights, self.positions, self.hidden
        a, la = w.arc_size, w.lab_size
        # the relation of every arc: d·diag(u_l)·h + W_l [d; h] + b_l
        # (word at time t of sentence j) is row offsets[t] + j of the flat arrays
        sentence_of = numpy.concatenate([numpy.full(len(h), j) for j, h in enumerate(heads_out)])
        dependents = numpy.concatenate([numpy.arange(1, len(h) + 1) for h in heads_out])
        lab_dep = hidden[positions.offsets[dependents] + sentence_of, 2 * a:2 * a + la]
        lab_head = hidden[positions.offsets[numpy.concatenate(heads_out)] + sentence_of, 2 * a + la:]
        label_scores = (lab_dep * lab_head) @ w.arrays["lab_diag"].T
        label_scores += numpy.concatenate([lab_dep, lab_head], axis=1) @ w.arrays["lab_lin_W"].T
        label_scores += w.arrays["lab_lin_b"]
        return label_scores


@Language.factory(
    "ukrnews_graph_parser",
    assigns=["token.dep", "token.head"],
    requires=["doc.tensor", "token.pos", "token.morph", "doc.sents"],
    default_config={"batch_size": 64, "agreement": True},
)
def make_graph_parser(nlp: Language, name: str, *, batch_size: int, agreement: bool) -> GraphParser:
    """Factory: the weights load with the model folder (``graph_parser/weights.npz``); ``agreement`` checks
    subjects and objects against their verb's agreement (:func:`agreement_relabel`)."""
    return GraphParser(name, batch_size=batch_size, agreement=agreement)
