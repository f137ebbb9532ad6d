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


_PATR_SUFFIXES = ("ович", "овича", "овичем", "овичу", "евич", "евича", "івна", "ївна", "івни", "ївни", "івною",
                  "ївною", "івну", "ївну", "ович", "йович", "йовича")


def _looks_patronymic(word: str) -> bool:
    return word[:1].isupper() and word.lower().endswith(_PATR_SUFFIXES) and len(word) > 6


def _surname_fallback(word: str, case: str) -> str | None:
    """Nominative of an unknown surname in an oblique case (Западенка → Западенко)."""
    low = word.lower()
    for suffix in ("енка", "енку", "енком", "енкові", "енці"):
        if low.endswith(suffix) and case != "nomn":
            return restore_case(word, low[: -len(suffix)] + "енко")
    return None


def person_name_nominative(words: list[str], gender_hint: str | None = None) -> tuple[str, str | None]:
    """Canonical person name from its words: nominative, patronymic dropped, given name first.

    The words of a name agree in case and gender, so one (case, gender) reading is chosen for the whole name
    (the cue verb's gender, when known, breaks ties: "Петра Порошенко" after "заявив" is Петро).
    Returns ``(name, gender)``.
    """
    morph = _analyzer()
    if morph is None or not words:
        return " ".join(words), None
    readings = []
    for w in words:
        parses = morph.parse(w.lower())
        named = [p for p in parses if p.tag.grammemes & {"Name", "Surn", "Patr"}]
        readings.append(named or [p for p in parses if p.tag.POS == "NOUN"] or parses)
    genders = [gender_hint] if gender_hint in ("masc", "femn") else []
    genders += [g for g in ("masc", "femn") if g not in genders]
    best, best_key = None, None
    for gi, g in enumerate(genders):
        for ci, case in enumerate(_CASES):
            hits = 0
            for rs in readings:
                if any(case in p.tag.grammemes and (p.tag.gender in (None, g) or "Fixd" in p.tag.grammemes)
                       and "plur" not in p.tag.grammemes for p in rs):
                    hits += 1
            key = (-hits, gi, ci)
            if best_key is None or key < best_key:
                best, best_key = (case, g), key
    case, gender = best
    if case == "voct":
        case = "nomn"  # names are not addressed in news prose; a vocative-only reading is a guess
    given, surname, other = [], [], []
    for w, rs in zip(words, readings, strict=True):
        match = [p for p in rs if case in p.tag.grammemes and (p.tag.gender in (None, gender)
                                                               or "Fixd" in p.tag.grammemes)]
        p = match[0] if match else None
        gram = p.tag.grammemes if p is not None else frozenset()
        if "Patr" in gram or _looks_patronymic(w):
            continue
        if p is None:
            form = _surname_fallback(w, case) or restore_case(w, w.lower())
        elif case == "nomn":
            form = restore_case(w, w.lower())
        else:
            inflected = p.inflect({"nomn"})
            form = _surname_fallback(w, case) or restore_case(w, inflected.word if inflected else p.normal_form)
        if "Name" in gram and not given:
            given.append(form)
        elif "Surn" in gram or p is None or not word_info(w).known or "Name" not in gram:
            surname.append(form)
        else:
            other.append(form)
    parts = given + surname + other
    return " ".join(parts) if parts else " ".join(words), gender if best_key[0] < 0 else None


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
        if info.cases <= {"voct"} and not info.cases & {"nomn"} and w[:1].isupper():
            break  # an unknown capitalised word: keep it as written
        if "nomn" in info.cases:
            if "NOUN" in info.pos:
                break
            continue
        out[i] = _nominative_word(w, None, "any") if w[:1].isalpha() else w
        if "NOUN" in info.pos:
            break
    return " ".join(out)
