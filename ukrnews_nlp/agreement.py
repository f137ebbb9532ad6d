"""Agreement inside a noun phrase, decided jointly from the tagger's label scores.

In ``у великих містах`` the preposition, the adjectives and determiners right before a noun and the noun share
a case, and the modifiers share the noun's number, gender and animacy (UD Ukrainian-IU dev: 97 % of such
adjacent words agree; the rest are quantifiers, relative words and participles with an agent, left out here).
The tagger labels every word on its own and sometimes gives the words of one phrase different cases
(``вторинні/Nom ресурси/Acc``, ``у/Acc році/Loc``). Where the words of a phrase disagree, this module finds the
labels that agree and score best together (each word's score: log-probability minus the dictionary's conflicts,
as in :func:`ukrnews_nlp.tagging.rerank`) and takes them if they give up at most ``margin`` of the words' summed
score; a word the tagger is sure of (one label at least 0.999 probable) keeps its label and the others follow it.

The functions work on label indices and feature tuples only; :class:`ukrnews_nlp.tagging.DictionaryMorphologizer`
calls :func:`agree_phrases` with its scores.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy

_GEN, _DAT, _ACC, _INS, _LOC = "Gen", "Dat", "Acc", "Ins", "Loc"
#: The cases each common preposition takes (Ukrainian grammar, in UD Ukrainian-IU's reading: ``у товаришів`` Gen,
#: ``з рік`` Acc); a preposition's label with another case contradicts it like a dictionary conflict.
PREPOSITION_CASES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("в", "у", "ув", "уві", "ві", "во"), frozenset({_ACC, _LOC, _GEN})),
    "на": frozenset({_ACC, _LOC}),
    **dict.fromkeys(("з", "із", "зі", "зо"), frozenset({_GEN, _INS, _ACC})),
    "за": frozenset({_ACC, _INS, _GEN}),
    **dict.fromkeys(("о", "об", "обо"), frozenset({_ACC, _LOC})),
    "по": frozenset({_LOC, _ACC, _DAT}),
    **dict.fromkeys(("під", "попід", "поза"), frozenset({_ACC, _INS})),
    **dict.fromkeys(("між", "поміж", "межи"), frozenset({_INS, _GEN, _ACC})),
    **dict.fromkeys(("над", "понад"), frozenset({_INS, _ACC})),
    "перед": frozenset({_INS}),
    **dict.fromkeys(("про", "через", "крізь", "попри", "повз"), frozenset({_ACC})),
    "при": frozenset({_LOC}),
    **dict.fromkeys(("завдяки", "всупереч", "усупереч", "назустріч"), frozenset({_DAT})),
    **dict.fromkeys(("до", "від", "од", "для", "без", "після", "біля", "серед", "посеред", "близько", "коло",
                     "навколо", "довкола", "круг", "довкіл", "окрім", "крім", "замість", "щодо", "стосовно",
                     "протягом", "впродовж", "упродовж", "проти", "внаслідок", "унаслідок", "поблизу", "вздовж",
                     "уздовж", "наприкінці", "напередодні", "шляхом", "з-під", "з-за", "з-поміж", "з-посеред",
                     "задля", "заради", "обабіч", "поперед", "позад"),
                    frozenset({_GEN})),
}


def preposition_conflicts(form: str, case: str | None) -> float | None:
    """1.0 when the preposition ``form`` (lower case, normalized) does not take ``case``, 0.0 when it does, None
    when it is not in :data:`PREPOSITION_CASES` or the label has no case."""
    cases = PREPOSITION_CASES.get(form)
    if cases is None or case is None:
        return None
    return 0.0 if case in cases else 1.0


#: Parts of speech of the words before a noun that agree with it.
MODIFIERS = frozenset({"ADJ", "DET"})
NOUNS = frozenset({"NOUN", "PROPN"})


@dataclass(frozen=True)
class LabelAgreement:
    """What of a morphologizer label takes part in agreement: its part of speech, case and the features a modifier
    shares with its noun, ``(Number, Gender, Animacy)`` (``Number=Ptan`` read as plural); ``free``: a modifier
    that does not agree at all (quantifier, relative or interrogative word, short adjective); ``case_only``: a
    word that agrees in case only: a possessive (``його``, ``їх``: their gender and number are the possessor's)
    or an ordinal; ``participle``."""

    pos: str
    case: str | None
    features: tuple[str | None, ...]
    free: bool = False
    case_only: bool = False
    participle: bool = False


def label_agreement(pos: str, feats: str) -> LabelAgreement:
    """The :class:`LabelAgreement` of one label (``pos``, ``feats``: :func:`ukrnews_nlp.tagging.split_label`)."""
    values = dict(item.split("=", 1) for item in feats.split("|") if "=" in item)
    number = "Plur" if values.get("Number") == "Ptan" else values.get("Number")
    free = ("NumType" in values and values.get("NumType") != "Ord") or values.get("PronType") in ("Rel", "Int") \
        or values.get("Variant") == "Short"
    # possessives agree in case only; so do ordinals (``31 грудня``: UD-IU gives a date's day the neuter)
    case_only = (values.get("Poss") == "Yes" and values.get("Uninflect") == "Yes") or values.get("NumType") == "Ord"
    return LabelAgreement(pos, values.get("Case"), (number, values.get("Gender"), values.get("Animacy")), free,
                          case_only, values.get("VerbForm") == "Part")


def agrees(word: LabelAgreement, noun: LabelAgreement) -> bool:
    """Whether a preposition or modifier label agrees with a noun label (features either lacks never clash;
    gender only in the singular)."""
    if word.case != noun.case:
        return False
    if word.pos not in MODIFIERS or word.case_only:
        return True
    number, gender, animacy = word.features
    noun_number, noun_gender, noun_animacy = noun.features
    if number and noun_number and number != noun_number:
        return False
    if gender and noun_gender and noun_number != "Plur" and gender != noun_gender:
        return False
    return not (animacy and noun_animacy and animacy != noun_animacy)


@dataclass(frozen=True)
class AgreementTable:
    """:func:`label_agreement` of every label of a morphologizer, with two masks over the labels: ``nouns``
    (a noun with a case: where a phrase ends) and ``before`` (a label that may come right before it in one)."""

    labels: tuple[LabelAgreement, ...]
    nouns: numpy.ndarray
    before: numpy.ndarray
    _agrees: dict[tuple[int, int], bool] = field(default_factory=dict, compare=False, repr=False)

    def agree(self, word: int, noun: int) -> bool:
        """:func:`agrees` for two label indices (memoized)."""
        found = self._agrees.get((word, noun))
        if found is None:
            found = self._agrees[word, noun] = agrees(self.labels[word], self.labels[noun])
        return found


def agreement_table(label_parts: Sequence[tuple[str, str]]) -> AgreementTable:
    """The :class:`AgreementTable` of a morphologizer's labels, given as ``(UPOS, FEATS)`` pairs."""
    labels = tuple(label_agreement(pos, feats) for pos, feats in label_parts)
    nouns = numpy.array([a.pos in NOUNS and a.case is not None for a in labels], dtype=bool)
    before = numpy.array([a.case is not None and (a.pos == "ADP" or (a.pos in MODIFIERS and not a.free))
                          for a in labels], dtype=bool)
    return AgreementTable(labels, nouns, before)


def phrase_before(noun: int, guesses: Sequence[int], agreement: AgreementTable) -> list[int]:
    """Token indices of the phrase ending at the noun at ``noun``: an optional preposition with a case, then the
    agreeing adjectives and determiners right before the noun, then the noun; just ``[noun]`` when none (the
    words the table's ``before`` mask allows, walked back from the noun)."""
    members = [noun]
    k = noun - 1
    while k >= 0 and agreement.before[guesses[k]] and agreement.labels[guesses[k]].pos != "ADP":
        members.append(k)
        k -= 1
    if k >= 0 and agreement.before[guesses[k]]:  # what stopped the walk: a preposition with a case
        members.append(k)
    members.reverse()
    return members


def agree_phrases(guesses: numpy.ndarray, agreement: AgreementTable,
                  candidates_of: Callable[[int], list[tuple[int, float]]], *, margin: float) -> int:
    """Make each disagreeing phrase agree where that costs at most ``margin`` of summed score; return how many
    labels changed.

    guesses: the label index of every token of a doc (changed in place); agreement: :func:`agreement_table` of
    the labels; candidates_of(i): the labels token ``i`` may take with their scores (its current label among them;
    only that label for a word the tagger is sure of).
    """
    changed = 0
    if len(guesses) < 2:
        return 0
    table = agreement.labels
    nouns = numpy.flatnonzero(agreement.nouns[guesses[1:]] & agreement.before[guesses[:-1]]) + 1
    labels_now = guesses.tolist()  # plain ints for the memo; kept in step with ``guesses``
    for noun in nouns.tolist():
        members = phrase_before(noun, labels_now, agreement)
        noun_label = labels_now[noun]
        if all(agreement.agree(labels_now[i], noun_label) for i in members[:-1]):
            continue
        labels = [table[labels_now[i]] for i in members]
        if labels[-1].case == "Ins" and any(label.participle and label.case != "Ins" for label in labels[:-1]):
            continue  # a participle with its agent (``затвердженого постановою``)
        options = [candidates_of(i) for i in members]
        current = sum(next(s for index, s in option if index == labels_now[i])
                      for i, option in zip(members, options, strict=True))
        best: tuple[float, list[int]] | None = None
        for head, head_score in options[-1]:
            total, chosen = head_score, []
            for option in options[:-1]:
                fitting = [(s, index) for index, s in option if agreement.agree(index, head)]
                if not fitting:
                    break
                score, index = max(fitting)
                total += score
                chosen.append(index)
            else:
                if best is None or total > best[0]:
                    best = (total, [*chosen, head])
        if best is None or best[0] < current - margin:
            continue
        for i, index in zip(members, best[1], strict=True):
            if labels_now[i] != index:
                guesses[i] = labels_now[i] = index
                changed += 1
    return changed


__all__ = ["PREPOSITION_CASES", "AgreementTable", "LabelAgreement", "agree_phrases", "agreement_table", "agrees",
           "label_agreement", "phrase_before", "preposition_conflicts"]
