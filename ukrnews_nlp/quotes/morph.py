"""Cached word-level morphology for quote attribution (pymorphy3, Ukrainian dictionaries).

Everything here works on single word forms and is memoised, so the quote component stays linear in the
text length even on a blank pipeline. Name normalisation goes through :func:`nominative`, the one place
to switch to the project-wide entity normaliser.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

try:  # pymorphy3 is a core dependency; keep import errors readable in odd environments
    import pymorphy3
except ImportError:  # pragma: no cover - exercised only without the dependency
    pymorphy3 = None


@lru_cache(maxsize=1)
def _analyzer():
    if pymorphy3 is None:  # pragma: no cover
        return None
    return pymorphy3.MorphAnalyzer(lang="uk")


@dataclass(frozen=True)
class WordInfo:
    """What the attribution rules need to know about one word form (case-insensitive)."""

    lemmas: frozenset[str]          # normal forms of all parses
    verb_lemmas: frozenset[str]     # normal forms of VERB / INFN parses, plus the verb behind a gerund
    pos: frozenset[str]             # POS of all parses (NOUN, VERB, ADJF, GRND, PREP, NPRO, ...)
    cases: frozenset[str]           # grammatical cases of noun-like parses
    genders: frozenset[str]         # masc / femn / neut / plur seen in verb or noun parses
    is_name: bool                   # some parse is a first name, surname or patronymic
    is_surname: bool
    is_given: bool
    is_patronymic: bool
    is_finite_verb: bool            # VERB parse that is not an infinitive
    is_infinitive: bool
    is_present: bool                # present / future 3rd person (relay verbs: "передає", "повідомляє")
    is_plural: bool
    known: bool
    name_strength: int = 0          # 2: the first analysis is a name; 1: some analysis is, or unknown word


_EMPTY = WordInfo(frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), False, False, False, False,
                  False, False, False, False, False)

_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")
_GENDERS = ("masc", "femn", "neut")


def _gerund_verb_forms(word: str) -> list[str]:
    """Finite forms from which a gerund is built: заявивши → заявив, зазначаючи → зазначаю."""
    forms = []
    base = word[:-2] if word.endswith("сь") else word
    if base.endswith("вши"):
        forms.append(base[:-2])
    if base.endswith("чи"):
        forms.append(base[:-2])
    return forms


@lru_cache(maxsize=200_000)
def word_info(word: str) -> WordInfo:
    """Morphology of a word form; cached by the lower-cased form."""
    morph = _analyzer()
    if morph is None or not word:
        return _EMPTY
    low = word.lower()
    parses = morph.parse(low)
    lemmas, verb_lemmas, pos, cases, genders = set(), set(), set(), set(), set()
    is_name = is_surname = is_given = is_patr = False
    finite = infinitive = present = plural = False
    for p in parses:
        tag = p.tag
        lemmas.add(p.normal_form)
        if tag.POS:
            pos.add(tag.POS)
        gram = tag.grammemes
        if tag.POS in ("VERB", "INFN"):
            verb_lemmas.add(p.normal_form)
            if tag.POS == "INFN" or "infn" in gram:
                infinitive = True
            else:
                finite = True
            if "pres" in gram or "futr" in gram:
                present = True
        if tag.POS in ("NOUN", "NPRO", "ADJF", "VERB", "NUMR"):
            for g in _GENDERS:
                if g in gram:
                    genders.add(g)
            if "plur" in gram:
                genders.add("plur")
                plural = True
        if tag.POS in ("NOUN", "NPRO", "ADJF", "NUMR"):
            for c in _CASES:
                if c in gram:
                    cases.add(c)
        if "Surn" in gram:
            is_surname = is_name = True
        if "Name" in gram:
            is_given = is_name = True
        if "Patr" in gram:
            is_patr = is_name = True
    if "GRND" in pos:
        for form in _gerund_verb_forms(low):
            for p in morph.parse(form):
                if p.tag.POS == "VERB":
                    verb_lemmas.add(p.normal_form)
                    if p.normal_form.endswith("ти") and low.endswith("сь"):
                        verb_lemmas.add(p.normal_form + "ся")
    known = bool(morph.word_is_known(low))
    first = parses[0].tag.grammemes if parses else frozenset()
    strength = 2 if first & {"Name", "Surn", "Patr"} or is_given else (1 if is_name or not known else 0)
    return WordInfo(frozenset(lemmas), frozenset(verb_lemmas), frozenset(pos), frozenset(cases),
                    frozenset(genders), is_name, is_surname, is_given, is_patr, finite, infinitive, present,
                    plural, known, strength)


@lru_cache(maxsize=100_000)
def _nominative_word(word: str, gender: str | None, want: str) -> str:
    """One word of a name in the nominative. ``want`` selects parses: 'given', 'surname', 'patr', 'any'."""
    morph = _analyzer()
    if morph is None:
        return word
    low = word.lower()
    best = None
    for p in morph.parse(low):
        gram = p.tag.grammemes
        if want == "given" and "Name" not in gram:
            continue
        if want == "surname" and "Surn" not in gram:
            continue
        if want == "patr" and "Patr" not in gram:
            continue
        if gender and gender in _GENDERS and p.tag.gender and p.tag.gender != gender:
            if "Fixd" not in gram:
                continue
        if "plur" in gram and want != "any":
            continue
        best = p
        break
    if best is None:
        return word
    if "nomn" in best.tag.grammemes:
        form = low
    else:
        inflected = best.inflect({"nomn"})
        form = inflected.word if inflected is not None else best.normal_form
    return restore_case(word, form)


def restore_case(original: str, form: str) -> str:
    """Copy the capitalisation style of ``original`` onto ``form``; all-caps names become title case."""
    if not original:
        return form
    if original[0].isupper():
        # Title-case each hyphen part: "ПОПОВ" → "Попов", "Квітка-Основ'яненко" stays.
        return "-".join(part[:1].upper() + part[1:] for part in form.split("-"))
    return form


def person_name_nominative(words: list[str]) -> tuple[str, str | None]:
    """Canonical person name from its words: nominative, patronymic dropped, given name first.

    Returns ``(name, gender)``; the gender comes from the given name or surname when the dictionary knows it.
    """
    infos = [word_info(w) for w in words]
    gender = None
    for w, info in zip(words, infos, strict=True):
        if info.is_given and not info.is_surname:
            gs = info.genders & {"masc", "femn"}
            if len(gs) == 1:
                gender = next(iter(gs))
                break
    given, surname, other = [], [], []
    for w, info in zip(words, infos, strict=True):
        if info.is_patronymic and not info.is_given:
            if gender is None:
                gender = "femn" if w.lower().endswith(("івна", "ївна", "івни", "івною", "івні", "івну")) else "masc"
            continue
        if info.is_given and not given and not (info.is_surname and given):
            given.append(_nominative_word(w, gender, "given"))
        elif info.is_surname or not info.known:
            surname.append(_nominative_word(w, gender, "surname" if info.is_surname else "any"))
        else:
            other.append(_nominative_word(w, gender, "any"))
    parts = given + surname + other
    if not parts:
        parts = [restore_case(w, w.lower()) for w in words]
    return " ".join(parts), gender


def nominative(text: str) -> str:
    """Nominative form of a short noun phrase (organisation, role): the first noun-like word is inflected.

    Genitive complements stay as they are ("Лізі антитрасту" → "Ліга антитрасту").
    """
    words = text.split()
    if not words:
        return text
    out = list(words)
    for i, w in enumerate(words):
        info = word_info(w.strip("«»\"“”„"))
        if not info.pos & {"NOUN", "ADJF"}:
            continue
        if "nomn" in info.cases:
            if "NOUN" in info.pos:
                break
            continue
        out[i] = _nominative_word(w, None, "any") if w[:1].isalpha() else w
        if "NOUN" in info.pos:
            break
    return " ".join(out)
