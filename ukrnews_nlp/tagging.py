"""``ukrnews_morphologizer``: spaCy's morphologizer with its choice checked against the dictionary.

The trained morphologizer scores every UPOS+FEATS label it knows for each token. Its best label sometimes
contradicts what the word can be at all: a plural-only noun given a gender it does not have, a plain adjective
tagged as a participle, a noun form tagged with the gender of another lexeme. This component keeps the model
and its training unchanged and only changes the decision: among the ``candidates`` best labels it takes the
one maximizing ``log p(label) − dictionary_weight × conflicts``, where ``conflicts`` counts what the label
contradicts in every pymorphy3 reading of the word (:func:`ukrnews_nlp.morphology.dictionary_conflicts`).

The dictionary and UD Ukrainian-IU disagree on the part of speech of many function words (``так``, ``коли``,
``б``), so a label may change part of speech only between NOUN, ADJ, VERB and NUM; other labels only change
features (PROPN keeps its proper-noun decision, which the dictionary cannot make). Unknown words and
confident predictions keep the model's label. Measured on UD Ukrainian-IU dev (gold tokens): UPOS +0.4,
UFeats +1.8 points over the plain argmax.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence

import numpy
from spacy.attrs import IS_ALPHA, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline.morphologizer import Morphologizer
from spacy.tokens import Doc
from thinc.api import Model

from .agreement import AgreementTable, agree_phrases, agreement_table
from .dense_forward import Affine, Scratch
from .morphology import (
    dictionary_conflicts,
    is_common_word,
    is_plain_adverb,
    is_plain_noun,
    is_plain_pronoun,
    is_proper_word,
    is_unknown_cyrillic_word,
    lookup_form,
)
from .tok2vec_chunks import doc_chunks

#: Parts of speech between which the dictionary may move a label.
OPEN_CLASS = frozenset({"NOUN", "ADJ", "VERB", "NUM"})
#: Entries of the per-process form memo of :class:`DictionaryMorphologizer` before it starts afresh.
MEMO_SIZE = 200_000
#: Tokens scored at once: their scores (tokens × ~1,600 labels, float32) take 27 MB, written into the same
#: memory for every chunk (:meth:`DictionaryMorphologizer._chunk_scores`).
CHUNK_TOKENS = 4096
#: Rows of scores computed at once: 128 × ~1,600 labels (0.8 MB) stay in the core's cache while the best two
#: labels of each row are found (4,096 rows at once: 22–28 ms a chunk for the product and both maxima; by blocks
#: of 128: 18 ms).
BLOCK_ROWS = 128
#: The same in 8-bit integers (:mod:`ukrnews_nlp.int8_matmul`), where each call has a fixed cost: 512 rows (the
#: 560 NER-UK texts' scores 1.10 → 0.92 s).
INT8_BLOCK_ROWS = 512
#: Keep the model's label when it is at least this probable: time saved for nearly nothing (UD-IU dev, gold
#: tokens: UFeats 90.37 with 0.9999, 90.34 with 0.999, 90.25 with 0.99; a third less time than 0.9999).
CONFIDENT = 0.999
#: Summed score (log-probability minus dictionary conflicts) a noun phrase may give up to agree.
AGREEMENT_MARGIN = 4.0


#: (UPOS, feature) pairs in the morphologizer's labels that UD Ukrainian-IU's own annotation (zoloto outside dev and
#: test) never has: the conventions of the other training treebanks (ParlaMint: ``Reflex=Yes`` on verbs,
#: ``NameType=Geo``, ``InflClass=Ind``; BRUK: ``Orth=Alt``, ``BadStyle``, ``Typo``). The labels keep them as the
#: model learnt them; the features set on tokens leave them out (UD-IU dev, gold tokens: 17 tokens got one, 15 of
#: them otherwise right).
FOREIGN_FEATURES: frozenset[tuple[str, str]] = frozenset({
    ("VERB", "Reflex=Yes"), ("VERB", "Variant=Short"), ("VERB", "Orth=Alt"), ("VERB", "BadStyle=Yes"),
    ("PROPN", "NameType=Geo"), ("PROPN", "InflClass=Ind"), ("NOUN", "InflClass=Ind"), ("DET", "InflClass=Ind"),
    ("NOUN", "Gender=Fem,Masc"), ("NOUN", "NumType=Ord"), ("NOUN", "BadStyle=Yes"), ("NOUN", "Typo=Yes"),
    ("DET", "BadStyle=Yes"), ("ADJ", "BadStyle=Yes"), ("PART", "BadStyle=Yes"), ("NUM", "Number=Sing"),
    ("NUM", "Animacy=Inan"), ("ADV", "Variant=Short"), ("ADV", "PronType=Emp"), ("ADV", "Polarity=Neg"),
    ("ADP", "Case=Nom"), ("INTJ", "Orth=Alt"), ("SCONJ", "PronType=Rel"),
})


#: Words ParlaMint tags ``ADV`` with ``Polarity=Neg`` and UD-IU a negative verb (zoloto outside dev/test and UD-IU
#: dev: ``немає``, ``нема`` 93 of 93 times ``VERB``, lemma ``немати``; ParlaMint v2.15 train and dev: 56 of 56
#: ``ADV``): the label they take where the morphologizer gives them ParlaMint's part of speech.
NEGATIVE_EXISTENTIALS = frozenset({"немає", "нема"})
NEGATIVE_EXISTENTIAL_LABEL = ("VERB", "Aspect=Imp|Mood=Ind|Number=Sing|Person=3|Polarity=Neg|Tense=Pres|VerbForm=Fin")
#: Words that are a parenthetical adverb where a comma follows them: ``може`` ("maybe": ``А може, й через Токіо``;
#: zoloto outside dev/test, before a comma 27 of 29 ``ADV``, where the model, misled by the verb, tags 21 of them
#: ``VERB``), and the connectives ``втім``, ``утім``, ``однак`` set off by a comma (``Утім, у «Шквала»…``: zoloto and
#: UD-IU dev 15 of 16 ``ADV``, the model's ``CCONJ`` in 5; without a comma they are conjunctions, 17 of 17); the
#: label they then take.
PARENTHETICAL_WORDS = frozenset({"може", "втім", "утім", "однак"})
PARENTHETICAL_LABEL = ("ADV", "")
#: Quantity words that are determiners of a countable noun's genitive plural (``багато років``, ``стільки
#: людей``: ``DET``, ``det:numgov``) and adverbs otherwise (``багато води``, ``багато грошей``, ``багато працює``):
#: zoloto outside dev/test, ``багато``/``стільки``/``скільки`` before a genitive plural noun 38 of 39 ``DET``, where
#: the model tagged 6 ``ADV`` (UD-IU dev: 7 of 7 ``ADV``); before a singular or plurale tantum one 20 of 22 ``ADV``.
#: ``чимало`` and ``мало`` stay adverbs there (zoloto: 7 of 7).
QUANTITY_DETERMINERS = frozenset({"багато", "стільки", "скільки"})
#: Nouns that are adjectives without features as the first part of a hyphenated noun (``прес-секретар``,
#: ``прем'єр-міністр``: zoloto outside dev/test 11 of 11 ``ADJ``; the model tagged UD-IU dev's 3 ``NOUN``).
COMPOUND_ADJECTIVES = frozenset({"прес", "прем'єр", "прем’єр", "прем`єр"})
COMPOUND_ADJECTIVE_LABEL = ("ADJ", "")
#: ``їх`` is their possessive determiner before a noun (``на їх погляд``, ``а їх появу``, ``загальний їх обсяг``)
#: and the personal pronoun after a verb (``заповнимо їх книжками``) or a noun it is the object of (``з дня їх
#: вилову``, ``від їх подальшого використання``: the object of an action noun). The model tags UD-IU dev's possessives
#: ``PRON`` (5 of 6); zoloto outside dev/test, after a word of the parts of speech below and before a noun that does
#: not name an action (``-ння``, ``-ття``, ``-ція``): 15 of 15 ``DET`` (before action nouns 5 of 6 ``PRON``).
POSSESSIVE_THEIR = frozenset({"їх"})
_BEFORE_POSSESSIVE = frozenset({"ADP", "CCONJ", "SCONJ", "ADJ", "DET", "ADV", "PART"})
_ACTION_NOUN = re.compile(r"(?:нн|тт)(?:я|ю|ям|і|ями|ях)$|ці(?:я|ї|ю|єю|ях|ями)$")
#: Adverbs of time that are indeclinable nouns after a preposition (``на сьогодні``, ``до сьогодні``: zoloto and UD-IU
#: dev 4 of 4 ``NOUN``, the model's ``ADV`` in all 4).
TIME_ADVERB_NOUNS = frozenset({"сьогодні", "завтра", "вчора", "учора"})
#: ``що`` after ``поки`` ("so far": ``поки що``) is a particle in UD-IU (zoloto and dev 9 of 9; the model's ``SCONJ``
#: in 5), and ``що`` opening a question is the pronoun "what" (zoloto and dev 26 of 28 ``PRON`` where a sentence
#: opens with it and ends with ``?``; the model's ``SCONJ`` in 5).
WHAT = frozenset({"що"})
SO_FAR = frozenset({"поки"})
WHAT_PARTICLE_LABEL = ("PART", "")
#: ``головне`` ("the main thing") is a neuter noun in UD-IU unless it modifies a noun (``головне місто``) or is the
#: predicate of ``це`` (``і це головне``): zoloto outside dev/test 10 of 10 ``NOUN`` (``Головне — …``, ``а головне,``),
#: the model's ``ADJ`` in 9; the other 6 (4 there, 2 in UD-IU dev) ``ADJ``.
MAIN_THING = frozenset({"головне"})
#: Words whose part of speech their neighbour decides, in zoloto outside dev/test (UD-IU dev has none of them): ``то``
#: right after a subordinating conjunction is the pronoun (``що то були два долари``: 10 of 11 ``PRON``, the model's
#: other labels in 7); ``це`` after ``коли`` ("suddenly": ``коли це змій летить``) the particle (16 of 17, the model's
#: ``PRON`` in 5); ``тільки`` before a hyphen (``тільки-но``) the adverb (5 of 5, all tagged ``PART``); ``ніби`` after
#: ``так`` (``так ніби``, "as if") the conjunction (4 of 4, the model's ``PART`` in 3); ``що`` right before a question
#: mark (``А що?``) the pronoun (4 of 4, ``SCONJ`` in 2); ``та`` right after one (``…? Та годі``) the particle (5 of 5,
#: all tagged ``CCONJ``).
THAT = frozenset({"то"})
WHEN = frozenset({"коли"})
THIS = frozenset({"це"})
ONLY = frozenset({"тільки"})
AS_IF = frozenset({"ніби"})
SO = frozenset({"так"})
AND = frozenset({"та"})
#: The present-tense copula, tagged ``VERB`` ("there is") by the model where an instrumental predicate shows it is
#: ``AUX`` (``Флагманом зростання є сільське господарство``, ``яким фактично є…``): UD-IU dev, 3 of 3 such; zoloto
#: outside dev/test: the model already tags all of its copulas ``AUX``, and the rule fires on none of its 82
#: existential ``є``.
COPULA = "є"
#: Nominal parts of speech an instrumental predicate can have.
_PREDICATE_POS = frozenset({"NOUN", "PROPN", "ADJ", "PRON", "DET", "NUM"})
#: Words for thousands, millions… that UD-IU tags ``NUM`` where they are part of a number counting a noun (``8
#: тисяч робочих місць``, ``150 тис. грн``) and often ``NOUN`` elsewhere (``236 млрд, імпорт``): zoloto outside
#: dev/test, after a number and before a noun 49 of 50 ``NUM``, of which the model had tagged 22 ``NOUN``.
BIG_NUMBERS = frozenset("""тисяча тисячі тисячу тисячею тисяч тисячам тисячами тисячах мільйон мільйона мільйону
мільйоном мільйоні мільйони мільйонів мільйонам мільйонами мільйонах мільярд мільярда мільярду мільярдом мільярді
мільярди мільярдів мільярдам мільярдами мільярдах трильйон трильйона трильйонів тис млн млрд трлн""".split())


def ud_iu_features(pos: str, morph: str) -> str:
    """``morph`` (``Feat=Value|…``) without the features UD-IU never gives a ``pos`` word (:data:`FOREIGN_FEATURES`)."""
    if not morph:
        return morph
    return "|".join(f for f in morph.split("|") if (pos, f) not in FOREIGN_FEATURES)


def softmax(scores: numpy.ndarray) -> numpy.ndarray:
    """Row-wise probabilities from the tagger's output (unnormalized at inference with ``normalize = false``)."""
    scores = scores - scores.max(axis=1, keepdims=True)
    numpy.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    return scores


def unsure_rows(logits: numpy.ndarray, best: numpy.ndarray) -> numpy.ndarray:
    """Indices of the rows of ``logits`` (tokens × labels) whose best label ``best`` has a probability below
    :data:`CONFIDENT`.

    The same rows as ``softmax(logits)[i, best[i]] < CONFIDENT``, without exponentiating every score: the gap
    between a row's best and second-best score decides most rows (a wide gap: confident, whatever the other
    labels; a narrow one: not), and only rows near the threshold get their probability computed.
    """
    n_rows, n_labels = logits.shape
    if n_rows == 0 or n_labels < 2:
        return numpy.zeros(0, dtype=numpy.intp)
    rows = numpy.arange(n_rows)
    top = logits[rows, best]
    logits[rows, best] = -numpy.inf  # in place (then restored) rather than a copy of the whole array
    gap = top - logits.max(axis=1)
    logits[rows, best] = top
    rest = 1.0 / CONFIDENT - 1.0  # p(best) ≥ CONFIDENT ⇔ Σ_{j≠best} exp(s_j − s_best) ≤ rest
    # margins of one unit of log-probability keep float rounding away from both bounds
    sure = gap > math.log((n_labels - 1) / rest) + 1.0
    unsure = gap < math.log(1.0 / rest) - 1.0
    borderline = numpy.flatnonzero(~sure & ~unsure)
    if len(borderline):
        probs = softmax(logits[borderline])
        unsure[borderline] = probs[numpy.arange(len(borderline)), best[borderline]] < CONFIDENT
    return numpy.flatnonzero(unsure)


def opens_sentence(rows: numpy.ndarray, i: int) -> bool:
    """Token ``i`` is its sentence's first word (only punctuation, quotes or digits before it); ``rows``: the
    doc's SENT_START and IS_ALPHA columns first."""
    k = i
    while rows[k, 0] != 1 and k > 0:
        k -= 1
        if rows[k, 1]:
            return False
    return True


def split_label(morph: str) -> tuple[str, str]:
    """``Case=Nom|POS=NOUN`` (a morphologizer label) → ``("NOUN", "Case=Nom")``."""
    pos = ""
    feats = []
    for item in morph.split("|") if morph and morph != "_" else ():
        if item.startswith("POS="):
            pos = item[4:]
        else:
            feats.append(item)
    return pos, "|".join(feats)


def may_replace(first_pos: str, other_pos: str, form: str | None = None) -> bool:
    """Whether the dictionary may turn a label of part of speech ``first_pos`` into one of ``other_pos`` (of the
    look-up ``form``: an adverb label on a form the dictionary knows only as a common noun, a noun or verb label on
    one it knows only as an adverb, and an adjective or noun label on one it knows only as a pronoun, may change
    too)."""
    if first_pos == other_pos or (first_pos in OPEN_CLASS and other_pos in OPEN_CLASS):
        return True
    if form is None:
        return False
    return (first_pos == "ADV" and other_pos == "NOUN" and is_plain_noun(form)) or (
        first_pos in ("NOUN", "VERB") and other_pos == "ADV" and is_plain_adverb(form)) or (
        first_pos in ("NOUN", "ADJ") and other_pos in ("DET", "PRON") and is_plain_pronoun(form))


def rerank(form: str, probs: numpy.ndarray, labels: Sequence[tuple[str, str]], *, candidates: int,
           weight: float, top: list[int] | None = None) -> int:
    """The index of the label chosen for one token.

    form: the dictionary look-up form; probs: the model's label probabilities; labels: (UPOS, FEATS) per label;
    top: ``top_labels(probs, candidates)`` when already computed (:func:`top_label_rows`).
    """
    best = int(probs.argmax())
    if candidates <= 1 or probs[best] >= CONFIDENT:
        return best
    first_pos = labels[best][0]
    conflicts = dictionary_conflicts(form, *labels[best])
    if conflicts is None or conflicts == 0:
        return best  # unknown word, or the model's label fits the dictionary
    best_score = math.log(max(float(probs[best]), 1e-9)) - weight * conflicts
    chosen = best
    for index in top if top is not None else top_labels(probs, candidates):
        if index == best or not may_replace(first_pos, labels[index][0], form):
            continue
        score = label_score(form, float(probs[index]), labels[index], weight)
        if score > best_score:
            chosen, best_score = index, score
    return chosen


def top_labels(probs: numpy.ndarray, candidates: int) -> list[int]:
    """Indices of the ``candidates`` most probable labels (in no particular order)."""
    if len(probs) <= candidates:
        return list(range(len(probs)))
    return numpy.argpartition(-probs, candidates)[:candidates].tolist()


def top_label_rows(probs: numpy.ndarray, candidates: int) -> list[list[int]]:
    """:func:`top_labels` of every row of ``probs`` (tokens × labels) in one call: the same labels in the same
    order (the selection runs on each row as on a single one)."""
    if probs.shape[1] <= candidates:
        return [list(range(probs.shape[1]))] * len(probs)
    return numpy.argpartition(-probs, candidates, axis=1)[:, :candidates].tolist()


def label_score(form: str, prob: float, label: tuple[str, str], weight: float) -> float:
    """What :func:`rerank` maximizes for one label: ``log p − weight × conflicts with the dictionary``."""
    return math.log(max(prob, 1e-9)) - weight * (dictionary_conflicts(form, *label) or 0.0)


#: Every word set the lexical rules of :meth:`DictionaryMorphologizer._guess` look at.
_RULE_WORDS = (NEGATIVE_EXISTENTIALS, PARENTHETICAL_WORDS, COMPOUND_ADJECTIVES, QUANTITY_DETERMINERS, BIG_NUMBERS,
               frozenset({COPULA}), POSSESSIVE_THEIR, TIME_ADVERB_NOUNS, WHAT, MAIN_THING, THAT, THIS, ONLY, AS_IF, AND)
#: Opening quotes before a quoted name (``_check_proper_nouns``).
_OPENING_QUOTES = frozenset("«“„")
#: Closing quotes and brackets after a sentence's last mark.
_CLOSING_QUOTES = frozenset("»”\")]'\"")


class DictionaryMorphologizer(Morphologizer):
    """A :class:`spacy.pipeline.Morphologizer` whose decision is re-ranked by :func:`rerank`.

    Training, weights and serialization are the stock morphologizer's, so a trained ``morphologizer`` loads as
    this component by changing only its factory name in ``config.cfg``.
    """

    def __init__(self, vocab, model: Model, name: str = "morphologizer", *, overwrite: bool = True,
                 extend: bool = False, label_smoothing: float = 0.0, scorer: Callable | None = None,
                 candidates: int = 10, dictionary_weight: float = 8.0,
                 agreement_margin: float = AGREEMENT_MARGIN) -> None:
        super().__init__(vocab, model, name, overwrite=overwrite, extend=extend, label_smoothing=label_smoothing,
                         scorer=scorer)
        self.candidates = candidates
        self.dictionary_weight = dictionary_weight
        self.agreement_margin = agreement_margin
        self._agreement: AgreementTable | None = None
        self._split: list[tuple[str, str]] | None = None
        self._capitalized_kind: dict[int, str | None] = {}  # ORTH → :meth:`_kind` (per process)
        # per-process memo of the hot path: token ORTH → look-up form (conflicts are cached by dictionary_conflicts)
        self._form_of: dict[int, str] = {}
        self._scratch = Scratch()
        self._int8 = False  # the output layer in 8-bit integers (set_int8; load(matmul="int8"))
        self._output: Affine | None = None  # the output layer's product, made for its current weights
        self._word_ids: dict[frozenset[str], frozenset[int]] = {}  # :meth:`_ids`
        self._label_index: dict[tuple[tuple[str, str], int], int | None] = {}  # (label, label count) → index
        self._pos_label_masks: dict[tuple[str, int], numpy.ndarray] = {}  # (UPOS, label count) → mask
        self._neuter_mask: numpy.ndarray | None = None
        self._all_rule_orths: numpy.ndarray | None = None

    def from_disk(self, path, *, exclude=tuple()):
        super().from_disk(path, exclude=exclude)
        self.use_ud_iu_features()
        return self

    def use_ud_iu_features(self) -> None:
        """Set the features of each label without :data:`FOREIGN_FEATURES` (what ``set_annotations`` writes)."""
        self.cfg["labels_morph"] = {label: ud_iu_features(split_label(label)[0], morph)
                                    for label, morph in self.cfg["labels_morph"].items()}

    def set_int8(self, on: bool) -> None:
        """Compute the label scores in 8-bit integers (``on``; :mod:`ukrnews_nlp.int8_matmul`) or float32."""
        self._int8 = on
        self._output = None

    def _label_parts(self) -> list[tuple[str, str]]:
        labels = self.labels
        if self._split is None or len(self._split) != len(labels):
            self._split = [split_label(label) for label in labels]
        return self._split

    def _form(self, orth: int) -> str:
        """The dictionary look-up form of a token's text (memoized by ORTH)."""
        form = self._form_of.get(orth)
        if form is None:
            if len(self._form_of) >= MEMO_SIZE:
                self._form_of.clear()
            form = self._form_of[orth] = lookup_form(self.vocab.strings[orth])
        return form

    def _chunk_scores(self, docs: list[Doc]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        """The label scores (unnormalized) of all tokens of ``docs`` (one row per token, docs in order), as
        ``self.model.predict`` gives them; the best label of each token; the rows (ascending) whose best label
        is not certain (:func:`unsure_rows`).

        For the stock tagger model (the tok2vec listener, then an unnormalized output layer) the scores are
        computed from the docs' tensors into memory reused for every chunk (:mod:`ukrnews_nlp.dense_forward`: a
        new 27 MB array per chunk cost three times the product itself), :data:`BLOCK_ROWS` rows at a time, each
        block's best labels found while it is in the CPU's cache. The scores are overwritten by the next
        chunk's."""
        model = self.model
        output = model.layers[-1].layers[0] if len(model.layers) == 2 and model.layers[-1].layers else None
        if model.layers[0].name != "tok2vec-listener" or output is None or output.name != "softmax" \
                or output.attrs.get("softmax_normalize") or output.attrs.get("softmax_temperature", 1.0) != 1.0:
            scores = numpy.concatenate([model.ops.to_numpy(s) for s in model.predict(docs)])
            best = scores.argmax(axis=1)
            return scores, best, unsure_rows(scores, best)
        W, b = model.ops.to_numpy(output.get_param("W")), model.ops.to_numpy(output.get_param("b"))
        tokvecs = numpy.concatenate([doc.tensor if doc.tensor.size else numpy.zeros((len(doc), W.shape[1]), "f")
                                     for doc in docs])
        scores = self._scratch.get("scores", len(tokvecs), W.shape[0])
        best = numpy.empty(len(tokvecs), dtype=numpy.intp)
        unsure = []
        affine = self._output
        if affine is None or affine.W is not W or affine.b is not b:  # new weights (training): a new product
            affine = self._output = Affine(W, b)
            affine.set_int8(self._int8)
        step = BLOCK_ROWS if affine.int8 is None else INT8_BLOCK_ROWS
        for start in range(0, len(tokvecs), step):
            block = affine.into(tokvecs[start:start + step], scores[start:start + step])
            best[start:start + len(block)] = block_best = block.argmax(axis=1)
            unsure.append(unsure_rows(block, block_best) + start)
        return scores, best, numpy.concatenate(unsure) if unsure else numpy.zeros(0, dtype=numpy.intp)

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        if not any(len(doc) for doc in docs) or self.candidates <= 1:
            return super().predict(docs)
        labels = self._label_parts()
        guesses = []
        # one pass per chunk: the label scores of a whole batch would be hundreds of MB
        for chunk in doc_chunks(docs, CHUNK_TOKENS):
            scores, best, unsure = self._chunk_scores(chunk)
            starts = numpy.cumsum([0] + [len(doc) for doc in chunk])
            cuts = numpy.searchsorted(unsure, starts)
            for k, doc in enumerate(chunk):
                start, end = starts[k], starts[k + 1]
                # ``best`` is new for every chunk: each doc's slice is its own to change
                guesses.append(self._guess(doc, scores[start:end], best[start:end],
                                           unsure[cuts[k]:cuts[k + 1]] - start, labels))
        return guesses

    def _guess(self, doc: Doc, logits: numpy.ndarray, doc_guesses: numpy.ndarray, unsure: numpy.ndarray,
               labels: list[tuple[str, str]]) -> numpy.ndarray:
        """The label index chosen for each token of ``doc`` from its scores, best labels and unsure rows."""
        if len(unsure):
            orths = doc.to_array(ORTH)
            # None (unknown word) or 0 (the label fits): the model's label stays without a re-ranking
            forms = [(i, self._form(int(orths[i]))) for i in unsure.tolist()]
            reranked = [(i, form) for i, form in forms if dictionary_conflicts(form, *labels[doc_guesses[i]])]
            if reranked:
                # probabilities only for the few tokens re-ranked (the whole-batch softmax: 4.6 s → 4.3 s of
                # prediction on the 560 NER-UK texts, memos warm), all of a document's at once
                probs = softmax(logits[[i for i, _ in reranked]])
                tops = top_label_rows(probs, self.candidates)
                for (i, form), token_probs, top in zip(reranked, probs, tops, strict=True):
                    doc_guesses[i] = rerank(form, token_probs, labels, candidates=self.candidates,
                                            weight=self.dictionary_weight, top=top)
        self._check_proper_nouns(doc, logits, doc_guesses, labels)
        # the lexical rules: one look-up of all their words, then each rule over its own words' positions
        orths = doc.to_array(ORTH)
        found = numpy.flatnonzero(numpy.isin(orths, self._rule_orths())).tolist()
        if found:
            self._negative_existentials(orths, found, doc_guesses, labels)
            self._before_mark(doc, orths, found, doc_guesses, labels, PARENTHETICAL_WORDS, PARENTHETICAL_LABEL, ",",
                              glued=False)
            self._before_mark(doc, orths, found, doc_guesses, labels, COMPOUND_ADJECTIVES, COMPOUND_ADJECTIVE_LABEL,
                              "-", glued=True)
            self._quantity_determiners(orths, found, logits, doc_guesses, labels)
            self._big_numbers(orths, found, logits, doc_guesses, labels)
            self._instrumental_copulas(orths, found, logits, doc_guesses, labels)
            self._possessive_their(orths, found, logits, doc_guesses, labels)
            self._what(doc, orths, found, logits, doc_guesses, labels)
            self._main_thing(orths, found, logits, doc_guesses, labels)
            self._neighbour_decides(orths, found, logits, doc_guesses, labels)
        if self.agreement_margin > 0:
            self._agree(doc, logits, doc_guesses, unsure, labels)
        if found:
            self._time_nouns(orths, found, logits, doc_guesses, labels)  # after agreement, which would re-decide
        return doc_guesses

    def _agree(self, doc: Doc, logits: numpy.ndarray, doc_guesses: numpy.ndarray, unsure: numpy.ndarray,
               labels: list[tuple[str, str]]) -> None:
        """Noun phrases whose words got disagreeing cases (or modifiers another number, gender or animacy than
        their noun) take the best-scoring labels that agree, within :attr:`agreement_margin`
        (:mod:`ukrnews_nlp.agreement`)."""
        if self._agreement is None or len(self._agreement.labels) != len(labels):
            self._agreement = agreement_table(labels)
        def candidates_of(i: int) -> list[tuple[int, float]]:
            current = int(doc_guesses[i])
            k = int(numpy.searchsorted(unsure, i))  # ``unsure`` is ascending
            if k == len(unsure) or unsure[k] != i:
                return [(current, 0.0)]  # the tagger is sure: this label only
            form = self._form(doc[i].orth)
            probs = softmax(logits[i:i + 1])[0]
            pos = labels[current][0]
            return [(k, label_score(form, float(probs[k]), labels[k], self.dictionary_weight))
                    for k in {current, *top_labels(probs, self.candidates)} if labels[k][0] == pos]

        agree_phrases(doc_guesses, self._agreement, candidates_of, margin=self.agreement_margin)

    def _ids(self, words: frozenset[str]) -> frozenset[int]:
        """The ORTH ids of ``words`` in lower case, capitalized and upper case (memoized per word set)."""
        ids = self._word_ids.get(words)
        if ids is None:
            ids = self._word_ids[words] = frozenset(self.vocab.strings.add(f) for w in words
                                                     for f in (w, w.capitalize(), w.upper()))
        return ids

    def _word_label(self, words: frozenset[str], label: tuple[str, str],
                    labels: list[tuple[str, str]]) -> tuple[frozenset[int], int | None]:
        """:meth:`_ids` of ``words`` and the index of ``label`` among ``labels`` (None where the model lacks it)."""
        key = (label, len(labels))
        if key not in self._label_index:
            self._label_index[key] = labels.index(label) if label in labels else None
        return self._ids(words), self._label_index[key]

    def _rule_orths(self) -> numpy.ndarray:
        """The ORTH ids of every word a lexical rule of :meth:`_guess` looks at (one look-up per doc)."""
        if self._all_rule_orths is None:
            ids = frozenset().union(*(self._ids(words) for words in _RULE_WORDS))
            self._all_rule_orths = numpy.array(sorted(ids), dtype="uint64")
        return self._all_rule_orths

    @staticmethod
    def _hits(found: list[int], orths: numpy.ndarray, ids: frozenset[int]) -> list[int]:
        """The positions among ``found`` whose ORTH is one of ``ids``."""
        return [i for i in found if int(orths[i]) in ids]

    def _negative_existentials(self, orths: numpy.ndarray, found: list[int], doc_guesses: numpy.ndarray,
                               labels: list[tuple[str, str]]) -> None:
        """``немає``, ``нема`` tagged ``ADV`` (ParlaMint's convention) take UD-IU's negative verb label
        (:data:`NEGATIVE_EXISTENTIALS`). ``orths``: the doc's ORTH column; ``found``: the positions of any rule's
        words (:meth:`_rule_orths`), as for the rules below."""
        words, target = self._word_label(NEGATIVE_EXISTENTIALS, NEGATIVE_EXISTENTIAL_LABEL, labels)
        if target is None:
            return
        for i in self._hits(found, orths, words):
            if labels[doc_guesses[i]][0] == "ADV":
                doc_guesses[i] = target

    def _before_mark(self, doc: Doc, orths: numpy.ndarray, found: list[int], doc_guesses: numpy.ndarray,
                     labels: list[tuple[str, str]], words: frozenset[str], label: tuple[str, str], mark: str, *,
                     glued: bool) -> None:
        """``words`` right before ``mark`` (with no space between them where ``glued``) take ``label``:
        :data:`PARENTHETICAL_WORDS` before a comma, :data:`COMPOUND_ADJECTIVES` before a glued hyphen."""
        ids, target = self._word_label(words, label, labels)
        if target is None:
            return
        mark_id = self.vocab.strings.add(mark)
        for i in self._hits(found, orths, ids):
            if i + 1 < len(orths) and orths[i + 1] == mark_id and not (glued and doc[i].whitespace_):
                doc_guesses[i] = target

    @staticmethod
    def _best_of(logits: numpy.ndarray, i: int, allowed: numpy.ndarray) -> int:
        """The index of the model's best label for token ``i`` among the ``allowed`` ones (a mask over labels)."""
        return int(numpy.where(allowed, logits[i], -numpy.inf).argmax())

    def _quantity_determiners(self, orths: numpy.ndarray, found: list[int], logits: numpy.ndarray,
                              doc_guesses: numpy.ndarray, labels: list[tuple[str, str]]) -> None:
        """:data:`QUANTITY_DETERMINERS` tagged ``ADV`` before a genitive plural noun (genitive adjectives and
        determiners between them allowed) take the model's best ``DET`` label."""
        words = self._ids(QUANTITY_DETERMINERS)
        hits = [i for i in self._hits(found, orths, words) if i + 1 < len(orths)]
        if not hits:
            return
        determiners = self._pos_mask(labels, "DET")
        for i in hits:
            if labels[doc_guesses[i]][0] != "ADV":
                continue
            j = i + 1
            while j < len(orths) and labels[doc_guesses[j]][0] in ("ADJ", "DET") and (
                    "Case=Gen" in labels[doc_guesses[j]][1]):
                j += 1
            if j == len(orths):
                continue
            pos, feats = labels[doc_guesses[j]]
            if pos in ("NOUN", "PROPN") and "Case=Gen" in feats and "Number=Plur" in feats:
                doc_guesses[i] = self._best_of(logits, i, determiners)

    def _big_numbers(self, orths: numpy.ndarray, found: list[int], logits: numpy.ndarray, doc_guesses: numpy.ndarray,
                     labels: list[tuple[str, str]]) -> None:
        """:data:`BIG_NUMBERS` tagged ``NOUN`` after a number and before a noun (an abbreviation's period and
        adjectives between them allowed) take the model's best ``NUM`` label."""
        words = self._ids(BIG_NUMBERS)
        hits = [i for i in self._hits(found, orths, words) if 0 < i < len(orths) - 1]
        if not hits:
            return
        period = self.vocab.strings.add(".")
        numerals = self._pos_mask(labels, "NUM")
        for i in hits:
            if labels[doc_guesses[i]][0] != "NOUN" or not (
                    labels[doc_guesses[i - 1]][0] == "NUM" or self.vocab.strings[int(orths[i - 1])].isdigit()):
                continue
            j = i + 1
            if orths[j] == period:
                j += 1
            while j < len(orths) and labels[doc_guesses[j]][0] == "ADJ":
                j += 1
            if j < len(orths) and labels[doc_guesses[j]][0] in ("NOUN", "PROPN"):
                doc_guesses[i] = self._best_of(logits, i, numerals)

    def _instrumental_copulas(self, orths: numpy.ndarray, found: list[int], logits: numpy.ndarray,
                              doc_guesses: numpy.ndarray, labels: list[tuple[str, str]]) -> None:
        """:data:`COPULA` tagged ``VERB`` with an instrumental predicate takes the model's best ``AUX`` label: an
        instrumental nominal without a preposition before it in the same stretch between punctuation marks, or the
        first nominal after it (adverbs, particles, modifiers between). ``чим`` ("there is something to…") is
        no predicate."""
        words = self._ids(frozenset({COPULA}))
        hits = self._hits(found, orths, words)
        if not hits:
            return
        chym = {self.vocab.strings.add(f) for f in ("чим", "Чим")}

        def predicate(j: int) -> bool:
            pos, feats = labels[doc_guesses[j]]
            return pos in _PREDICATE_POS and "Case=Ins" in feats and int(orths[j]) not in chym

        def governed(j: int) -> bool:  # a preposition before the word and its modifiers
            k = j - 1
            while k >= 0 and labels[doc_guesses[k]][0] in ("ADJ", "DET", "NUM"):
                k -= 1
            return k >= 0 and labels[doc_guesses[k]][0] == "ADP"

        auxiliaries = self._pos_mask(labels, "AUX")
        for i in hits:
            if labels[doc_guesses[i]][0] != "VERB":
                continue
            found = False
            for j in range(i - 1, max(-1, i - 7), -1):
                if labels[doc_guesses[j]][0] == "PUNCT":
                    break
                if predicate(j) and not governed(j):
                    found = True
                    break
            if not found:
                for j in range(i + 1, min(len(orths), i + 7)):
                    pos, feats = labels[doc_guesses[j]]
                    if pos in ("ADV", "PART", "DET", "ADJ") and "Case=Ins" not in feats:
                        continue
                    found = predicate(j)
                    break
            if found:
                doc_guesses[i] = self._best_of(logits, i, auxiliaries)

    def _possessive_their(self, orths: numpy.ndarray, found: list[int], logits: numpy.ndarray,
                          doc_guesses: numpy.ndarray, labels: list[tuple[str, str]]) -> None:
        """:data:`POSSESSIVE_THEIR` tagged ``PRON`` before a noun (adjectives between allowed), after a word of a part
        of speech in ``_BEFORE_POSSESSIVE`` or a comma, period or bracket, takes the model's best ``DET`` label."""
        words = self._ids(POSSESSIVE_THEIR)
        hits = [i for i in self._hits(found, orths, words) if i + 1 < len(orths)]
        if not hits:
            return
        punctuation = {self.vocab.strings.add(p) for p in (",", ".", "(", "«", "—", "–")}
        determiners = self._pos_mask(labels, "DET")
        for i in hits:
            if labels[doc_guesses[i]][0] != "PRON":
                continue
            before = labels[doc_guesses[i - 1]][0] if i > 0 else None
            if before is not None and before not in _BEFORE_POSSESSIVE and int(orths[i - 1]) not in punctuation:
                continue
            j = i + 1
            while j < len(orths) and labels[doc_guesses[j]][0] == "ADJ":
                j += 1
            if (j < len(orths) and labels[doc_guesses[j]][0] in ("NOUN", "PROPN")
                    and not _ACTION_NOUN.search(self.vocab.strings[int(orths[j])].lower())):
                doc_guesses[i] = self._best_of(logits, i, determiners)

    def _what(self, doc: Doc, orths: numpy.ndarray, found: list[int], logits: numpy.ndarray,
              doc_guesses: numpy.ndarray, labels: list[tuple[str, str]]) -> None:
        """:data:`WHAT` after :data:`SO_FAR` takes :data:`WHAT_PARTICLE_LABEL`; tagged ``SCONJ`` where it opens a
        sentence that ends with a question mark, the model's best ``PRON`` label."""
        words, particle = self._word_label(WHAT, WHAT_PARTICLE_LABEL, labels)
        hits = self._hits(found, orths, words)
        if not hits:
            return
        so_far = self._ids(SO_FAR)
        rows = None
        for i in hits:
            if i > 0 and int(orths[i - 1]) in so_far:
                if particle is not None:
                    doc_guesses[i] = particle
                continue
            if labels[doc_guesses[i]][0] != "SCONJ":
                continue
            if rows is None:
                rows = doc.to_array([SENT_START, IS_ALPHA, ORTH])
            if not opens_sentence(rows, i):
                continue
            end = i + 1
            while end < len(orths) and rows[end, 0] != 1:
                end += 1
            last = next((self.vocab.strings[int(orths[k])] for k in range(end - 1, i, -1)
                         if not rows[k, 1] and self.vocab.strings[int(orths[k])] not in _CLOSING_QUOTES), "")
            if "?" in last:
                doc_guesses[i] = self._best_of(logits, i, self._pos_mask(labels, "PRON"))

    def _main_thing(self, orths: numpy.ndarray, found: list[int], logits: numpy.ndarray, doc_guesses: numpy.ndarray,
                    labels: list[tuple[str, str]]) -> None:
        """:data:`MAIN_THING` tagged ``ADJ``, not before a noun (adjectives between allowed) nor after ``це``, takes
        the model's best neuter singular ``NOUN`` label."""
        words = self._ids(MAIN_THING)
        hits = self._hits(found, orths, words)
        if not hits:
            return
        this = self._ids(THIS)
        for i in hits:
            if labels[doc_guesses[i]][0] != "ADJ" or (i > 0 and int(orths[i - 1]) in this):
                continue
            j = i + 1
            while j < len(orths) and labels[doc_guesses[j]][0] == "ADJ":
                j += 1
            if j < len(orths) and labels[doc_guesses[j]][0] in ("NOUN", "PROPN"):
                continue
            doc_guesses[i] = self._best_of(logits, i, self._neuter_noun_mask(labels))

    def _neighbour_decides(self, orths: numpy.ndarray, found: list[int], logits: numpy.ndarray,
                           doc_guesses: numpy.ndarray, labels: list[tuple[str, str]]) -> None:
        """:data:`THAT` after a ``SCONJ`` takes the best ``PRON`` label, :data:`THIS` after :data:`WHEN` the best
        ``PART`` label, :data:`ONLY` before a hyphen the best ``ADV`` label, :data:`AS_IF` after :data:`SO` the best
        ``SCONJ`` label, ``що`` before a question mark the best ``PRON`` label, :data:`AND` after one the best ``PART``
        label (see :data:`THAT`)."""
        that, this, only, when = self._ids(THAT), self._ids(THIS), self._ids(ONLY), self._ids(WHEN)
        as_if, so, what, and_ = self._ids(AS_IF), self._ids(SO), self._ids(WHAT), self._ids(AND)
        hyphen, question = self.vocab.strings.add("-"), self.vocab.strings.add("?")
        for i in found:
            orth = int(orths[i])
            before = int(orths[i - 1]) if i > 0 else None
            after = int(orths[i + 1]) if i + 1 < len(orths) else None
            if orth in that and i > 0 and labels[doc_guesses[i - 1]][0] == "SCONJ":
                pos = "PRON"
            elif orth in this and before in when:
                pos = "PART"
            elif orth in only and after == hyphen:
                pos = "ADV"
            elif orth in as_if and before in so:
                pos = "SCONJ"
            elif orth in what and after == question:
                pos = "PRON"
            elif orth in and_ and before == question:
                pos = "PART"
            else:
                continue
            if labels[doc_guesses[i]][0] != pos:
                doc_guesses[i] = self._best_of(logits, i, self._pos_mask(labels, pos))

    def _neuter_noun_mask(self, labels: list[tuple[str, str]]) -> numpy.ndarray:
        """Which of ``labels`` are neuter singular nouns (memoized)."""
        if self._neuter_mask is None or len(self._neuter_mask) != len(labels):
            self._neuter_mask = numpy.array([p == "NOUN" and "Gender=Neut" in f and "Number=Sing" in f
                                                for p, f in labels])
        return self._neuter_mask

    def _time_nouns(self, orths: numpy.ndarray, found: list[int], logits: numpy.ndarray, doc_guesses: numpy.ndarray,
                    labels: list[tuple[str, str]]) -> None:
        """:data:`TIME_ADVERB_NOUNS` tagged ``ADV`` right after a preposition take the model's best ``NOUN``
        label."""
        words = self._ids(TIME_ADVERB_NOUNS)
        hits = [i for i in self._hits(found, orths, words) if i > 0]
        if not hits:
            return
        nouns = self._neuter_noun_mask(labels)  # indeclinable neuter singular nouns, as UD-IU annotates these
        for i in hits:
            if labels[doc_guesses[i]][0] == "ADV" and labels[doc_guesses[i - 1]][0] == "ADP":
                doc_guesses[i] = self._best_of(logits, i, nouns)

    def _pos_mask(self, labels: list[tuple[str, str]], pos: str) -> numpy.ndarray:
        """Which of ``labels`` have the part of speech ``pos`` (memoized)."""
        key = (pos, len(labels))
        mask = self._pos_label_masks.get(key)
        if mask is None:
            mask = self._pos_label_masks[key] = numpy.array([p == pos for p, _ in labels])
        return mask

    def _kind(self, orth: int) -> str | None:
        """``"common"`` or ``"name"`` for a capitalized word (the rest lower case) that the dictionary knows only
        as a common word or only as a name, ``"unknown"`` for one in the Ukrainian alphabet it does not know; None
        otherwise."""
        text = self.vocab.strings[orth]
        if not (text[:1].isupper() and text[1:].islower()):
            return None
        form = self._form(orth)
        if is_common_word(form):
            return "common"
        return "name" if is_proper_word(form) else "unknown" if is_unknown_cyrillic_word(form) else None

    def _pos_masks(self, labels: list[tuple[str, str]]) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Which of ``labels`` (:meth:`_label_parts`) are PROPN, and which NOUN (a boolean per label)."""
        return self._pos_mask(labels, "PROPN"), self._pos_mask(labels, "NOUN")

    def _check_proper_nouns(self, doc: Doc, logits: numpy.ndarray, doc_guesses: numpy.ndarray,
                            labels: list[tuple[str, str]]) -> None:
        """Capitalization decides PROPN vs NOUN where the dictionary knows the word as only one of them:

        * a word opening a sentence, tagged PROPN, that the dictionary knows only as a common word (``Шлаки``,
          ``Коментар`` opening a heading) takes the model's best label of another part of speech;
        * a capitalized word inside a sentence, tagged NOUN, that the dictionary knows only as a name
          (``Кадар``, ``Хочолава``, ``Карпати``) takes the model's best PROPN label;
        * so does one right after an opening quote that the dictionary does not know (``«Волиньприродресурс»``:
          zoloto, such words tagged NOUN or PROPN: 30 PROPN, 6 NOUN).

        Either choice is then checked against the dictionary like any other (:func:`rerank`)."""
        proper, noun = self._pos_masks(labels)
        candidates = numpy.flatnonzero(proper[doc_guesses] | noun[doc_guesses])
        if not len(candidates):
            return
        rows = doc.to_array([SENT_START, IS_ALPHA, ORTH])
        kinds = self._capitalized_kind
        for i in candidates.tolist():
            orth = int(rows[i, 2])
            kind = kinds.get(orth, "")
            if kind == "":  # not seen yet (None: seen, neither kind)
                if len(kinds) >= MEMO_SIZE:
                    kinds.clear()
                kind = kinds[orth] = self._kind(orth)
            if kind is None:
                continue
            opener = opens_sentence(rows, i)
            if proper[doc_guesses[i]] and opener and kind == "common":
                allowed = ~proper
            elif noun[doc_guesses[i]] and ((not opener and kind == "name") or (
                    kind == "unknown" and i > 0 and self.vocab.strings[int(rows[i - 1, 2])] in _OPENING_QUOTES)):
                allowed = proper
            else:
                continue
            form = self._form(orth)
            probs = softmax(logits[i:i + 1])[0]
            probs[~allowed] = 0.0
            total = probs.sum()
            if total > 0:
                doc_guesses[i] = rerank(form, probs / total, labels, candidates=self.candidates,
                                        weight=self.dictionary_weight)


@Language.factory(
    "ukrnews_morphologizer",
    assigns=["token.morph", "token.pos"],
    default_config={
        "model": {"@architectures": "spacy.Tagger.v2", "nO": None, "normalize": False,
                  "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 128, "upstream": "*"}},
        "overwrite": True, "extend": False, "label_smoothing": 0.0,
        "scorer": {"@scorers": "spacy.morphologizer_scorer.v1"},
        "candidates": 10, "dictionary_weight": 8.0, "agreement_margin": AGREEMENT_MARGIN,
    },
    default_score_weights={"pos_acc": 0.5, "morph_acc": 0.5, "morph_per_feat": None},
)
def make_ukrnews_morphologizer(nlp: Language, model: Model, name: str, *, overwrite: bool, extend: bool,
                               label_smoothing: float, scorer: Callable | None, candidates: int,
                               dictionary_weight: float, agreement_margin: float) -> DictionaryMorphologizer:
    """Factory of :class:`DictionaryMorphologizer`.

    ``candidates``: how many of the model's best labels are checked (1 turns the check off);
    ``dictionary_weight``: log-probability given up per conflict with the dictionary;
    ``agreement_margin``: summed score a noun phrase may give up to agree (:mod:`ukrnews_nlp.agreement`; 0: off).
    """
    return DictionaryMorphologizer(nlp.vocab, model, name, overwrite=overwrite, extend=extend,
                                   label_smoothing=label_smoothing, scorer=scorer, candidates=candidates,
                                   dictionary_weight=dictionary_weight, agreement_margin=agreement_margin)


__all__ = ["FOREIGN_FEATURES", "DictionaryMorphologizer", "may_replace", "rerank", "split_label", "ud_iu_features",
           "unsure_rows"]
