"""Cached word-level morphology for quote attribution (pymorphy3, Ukrainian dictionaries).

Everything here works on single word forms and is memoised, so the quote component stays linear in the
text length even on a blank pipeline. Name normalisation goes through :func:`nominative`, the one place
to switch to the project-wide entity normaliser.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


def _analyzer():
    # the one process-wide analyzer, shared with the lemmatizer and the entity normalizer
    return _morphology().get_analyzer()


def _parses(word: str) -> tuple:
    """pymorphy3 readings of a word, through the project-wide cache the lemmatizer fills (same look-up key)."""
    return _morphology().parse_form(_morphology().lookup_form(word))


@lru_cache(maxsize=1)
def _morphology():
    from .. import morphology  # imported on first use, once (not on every word)

    return morphology


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
    is_animate: bool = False        # some parse is an animate common noun ("іноземець", "бойовики")
    plural_nominative: bool = False  # a noun whose nominative readings are all plural ("учасниці", "люди")
    is_place: bool = False          # some parse is an inanimate noun in the locative ("Львові": Львів or Лев)


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


def word_info(word: str) -> WordInfo:
    """Morphology of a word form; cached by the lower-cased form. A compound whose first part is Latin letters
    ("HR-директорка", "IT-компанія") is its Cyrillic part, which the dictionary knows."""
    low = word.lower()
    info = _word_info(low)
    if not info.known and _LATIN_PREFIXED.match(low):
        tail = _word_info(low.split("-", 1)[1])
        if tail.known:
            return tail
    if not info.known and _CYRILLIC_COMPOUND.match(low):
        # "лікар-інфекціоніст", "суддя-доповідач": a noun and a noun in apposition inflect as the first
        head, tail = (_word_info(part) for part in low.split("-", 1))
        if "NOUN" in head.pos and "NOUN" in tail.pos and head.is_animate and tail.is_animate:
            return head
    return info


_LATIN_PREFIXED = re.compile(r"[a-z]+-[а-яіїєґʼ'’]+$")
_CYRILLIC_COMPOUND = re.compile(r"[а-яіїєґ]{3,}-[а-яіїєґ]{3,}$")


@lru_cache(maxsize=200_000)
def _word_info(low: str) -> WordInfo:
    morph = _analyzer()
    if morph is None or not low:
        return _EMPTY
    parses = _parses(low)
    lemmas, verb_lemmas, pos, cases, genders = set(), set(), set(), set(), set()
    is_name = is_surname = is_given = is_patr = False
    finite = infinitive = present = plural = animate = False
    nominative_numbers = set()
    place = False
    for p in parses:
        tag = p.tag
        tag_pos = tag.POS  # a pymorphy3 descriptor: a set intersection per access
        # a plain string: pymorphy3's grammeme values compare through a Python-level __eq__
        tag_pos = str(tag_pos) if tag_pos else None
        lemmas.add(p.normal_form)
        if tag_pos:
            pos.add(tag_pos)
        gram = tag.grammemes
        if tag_pos in ("VERB", "INFN"):
            verb_lemmas.add(p.normal_form)
            if tag_pos == "INFN" or "infn" in gram:
                infinitive = True
            else:
                finite = True
            if "pres" in gram or "futr" in gram:
                present = True
        if tag_pos in ("NOUN", "NPRO", "ADJF", "VERB", "NUMR"):
            for g in _GENDERS:
                if g in gram:
                    genders.add(g)
            if "plur" in gram:
                genders.add("plur")
                plural = True
        if tag_pos in ("NOUN", "NPRO", "ADJF", "NUMR"):
            found = [c for c in _CASES if c in gram]
            # some dictionary entries carry no case for the nominative singular ("тенор": NOUN,anim masc)
            cases.update(found or (["nomn"] if "Fixd" not in gram else list(_CASES)))
            if tag_pos == "NOUN" and "anim" in gram and not gram & {"Name", "Surn", "Patr"}:
                animate = True
            if tag_pos == "NOUN" and "nomn" in gram:
                nominative_numbers.add("plur" in gram)
            if tag_pos == "NOUN" and "inan" in gram and "loct" in gram:
                place = True
        if "Surn" in gram:
            is_surname = is_name = True
        if "Name" in gram:
            is_given = is_name = True
        if "Patr" in gram:
            is_patr = is_name = True
    if not is_given and "NOUN" in pos and low in lemmas:
        # a given name whose nominative the dictionary lacks ("Володимир"): its genitive is tagged as a name
        if morph.word_is_known(low + "а") and any(
                "Name" in p.tag.grammemes and p.normal_form == low for p in _parses(low + "а")):
            is_given = is_name = True
    if "GRND" in pos:
        for form in _gerund_verb_forms(low):
            for p in _parses(form):
                if p.tag.POS == "VERB":
                    verb_lemmas.add(p.normal_form)
                    if p.normal_form.endswith("ти") and low.endswith("сь"):
                        verb_lemmas.add(p.normal_form + "ся")
    known = bool(morph.word_is_known(low))
    first = parses[0].tag.grammemes if parses else frozenset()
    strength = 2 if first & {"Name", "Surn", "Patr"} or is_given else (1 if is_name or not known else 0)
    return WordInfo(frozenset(lemmas), frozenset(verb_lemmas), frozenset(pos), frozenset(cases),
                    frozenset(genders), is_name, is_surname, is_given, is_patr, finite, infinitive, present,
                    plural, known, strength, animate, nominative_numbers == {True}, place)


@lru_cache(maxsize=20_000)
def is_singular_nominative(word: str, gender: str) -> bool:
    """The noun ``word`` has a nominative singular reading of ``gender`` ("мати" the mother, beside the genitive
    of "мата" the dictionary reads first)."""
    return any(str(p.tag.POS) == "NOUN" and {"nomn", gender} <= p.tag.grammemes and "plur" not in p.tag.grammemes
               for p in _parses(word.lower()))


@lru_cache(maxsize=20_000)
def is_speakers_aside(word: str) -> bool:
    """Every verb reading of the form is a first person plural ("нагадаємо", "зазначимо", "повідомляємо") or a
    first person singular future ("нагадаю", "додам"): the narrator's or speaker's own aside ("Нагадаємо, що
    …"), not reported speech. The first person present ("кажу, що") may report what one says."""
    verbs = [p.tag for p in _parses(word.lower()) if str(p.tag.POS) == "VERB"]
    return bool(verbs) and all("1per" in t and ("plur" in t or "futr" in t) for t in verbs)


@lru_cache(maxsize=100_000)
def _nominative_word(word: str, gender: str | None, want: str) -> str:
    """One word of a name in the nominative. ``want`` selects parses: 'given', 'surname', 'patr', 'any'."""
    morph = _analyzer()
    if morph is None:
        return word
    low = word.lower()
    best = None
    for p in _parses(low):
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


def name_genitive(name: str, gender: str | None) -> str:
    """A person's canonical name in the genitive ("Петро Гаврилюк" → "Петра Гаврилюка", "Ірина Павлюк" →
    "Ірини Павлюк"): each word by the dictionary's name reading of ``gender``, else by its ending."""
    return " ".join(_genitive_word(w, gender) for w in name.split())


def _genitive_word(word: str, gender: str | None) -> str:
    low = word.lower()
    if gender == "femn" and re.search(r"(?:ськ|цьк|зьк|ов|ев|єв|ін|їн)а$", low):
        return word[:-1] + "ої"   # "Іванова", "Тораєва", "Ковальська": adjectival, whatever the dictionary guesses
    readings = [p for p in _parses(word) if p.tag.grammemes & {"Name", "Surn"} and "nomn" in p.tag.grammemes
                and "plur" not in p.tag.grammemes]
    # the reading of that sex first: "Гаврилюк" is a man's surname that inflects, a woman's that does not
    for p in sorted(readings, key=lambda p: gender is not None and gender not in p.tag.grammemes):
        inflected = p.inflect({"gent"})
        if inflected is not None:
            return restore_case(word, inflected.word)
    if gender == "femn":
        if low.endswith("а"):
            return word[:-1] + ("і" if low[-2:-1] in "жчшщ" else "и")
        if low.endswith("я"):
            return word[:-1] + "ї"
        return word   # "Гринчук", "Коваленко": a woman's such surname does not inflect
    if low.endswith(("ський", "цький", "зький", "ий")):
        return word[:-2] + "ого"
    if low.endswith(("й", "ь")):
        return word[:-1] + "я"
    if low.endswith(("о", "а")):
        return word[:-1] + ("а" if low.endswith("о") else "и")
    return word + "а" if low[-1:] in "бвгґджзклмнпрстфхцчшщ" else word


def restore_case(original: str, form: str) -> str:
    """Copy the capitalisation style of ``original`` onto ``form``; all-caps names become title case."""
    if not original:
        return form
    if original[0].isupper():
        # Title-case each hyphen part: "ПОПОВ" → "Попов", "Квітка-Основ'яненко" stays.
        return "-".join(part[:1].upper() + part[1:] for part in form.split("-"))
    return form


# "-евич" is left out: in Ukrainian it ends surnames (Шуневич, Блажкевич), not patronymics.
_PATR_SUFFIXES = ("ович", "овича", "овичем", "овичу", "івна", "ївна", "івни", "ївни", "івною",
                  "ївною", "івну", "ївну", "ович", "йович", "йовича")


def _looks_patronymic(word: str) -> bool:
    return word[:1].isupper() and word.lower().endswith(_PATR_SUFFIXES) and len(word) > 6


#: Case endings a surname in its nominative form takes, after its final vowel (if any) is dropped: the hard and soft
#: noun declensions ("Сибіга" → "Сибіги", "Сибігою"; "Калниньш" → "Калниньша", "Калниньшем").
_SURNAME_CASE_ENDINGS = frozenset("а у ем ом і ові еві ою ею и ю єю ї я".split())
_SURNAME_FINAL_VOWELS = ("а", "я", "о", "ь")


def inflects_surname(word: str, surname: str) -> bool:
    """Whether ``word`` is ``surname`` (a nominative the document gives) in some case: what a surname the dictionary
    lacks takes ("За словами Сибіги" of "Андрій Сибіга"; "– сказав Калниньш", whose nominative the normaliser may
    misread). A nominative of 4 letters or fewer matches only itself."""
    low, base = word.lower(), surname.lower()
    if low == base:
        return True
    if len(base) <= 4 or not word[:1].isupper():
        return False
    stem = base[:-1] if base.endswith(_SURNAME_FINAL_VOWELS) else base
    return low.startswith(stem) and low[len(stem):] in _SURNAME_CASE_ENDINGS


def _surname_fallback(word: str, case: str) -> str | None:
    """Nominative of an unknown surname in an oblique case (Западенка → Западенко)."""
    low = word.lower()
    for suffix in ("енка", "енку", "енком", "енкові", "енці"):
        if low.endswith(suffix) and case != "nomn":
            return restore_case(word, low[: -len(suffix)] + "енко")
    return None


def _mans_surname_fallback(word: str, case: str) -> str | None:
    """Nominative of an unknown man's surname in -ин/-ін/-ов/-ев/-єв in the genitive or accusative ("за словами
    Романа Ткачишина" → "Ткачишин"), where the context tells the case and a man's given name the sex."""
    low = word.lower()
    if case in ("gent", "accs") and _SURNAME_GENITIVE.search(low):
        return restore_case(word, low[:-1])
    return None


_SURNAME_GENITIVE = re.compile(r"\w{2,}(?:ин|ін|їн|ов|ев|єв)а$")


def _name_case_gender(readings: list[list], gender_hint: str | None) -> tuple[str, str, int]:
    """The (case, gender) reading most words of a name agree on, and how many words have it."""
    genders = [gender_hint] if gender_hint in ("masc", "femn") else []
    genders += [g for g in ("masc", "femn") if g not in genders]
    best, best_key = ("nomn", genders[0]), None
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
    return best[0], best[1], -best_key[0] if best_key is not None else 0


def _title(word: str) -> str:
    """All-capitals name words in title case ("ПОПОВ" → "Попов"), hyphen parts each."""
    if len(word) > 1 and word.isupper() and word_info(word).is_name:
        return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))
    return word


def _feminine_given(word: str) -> bool:
    """``word`` reads as a woman's given name in the nominative (``Ганна``, ``Ірина``)."""
    return any({"Name", "femn", "nomn"} <= p.tag.grammemes for p in _parses(word))


def _undeclined_for_women(word: str) -> bool:
    """A capitalised surname ending in a consonant or ``ь`` (``Вебер``, ``Коваль``): a woman's does not decline."""
    return word[:1].isupper() and word[-1:].lower() not in "аеєиіїоуюя" and word[-1:].isalpha()


def person_name_nominative(words: list[str], gender_hint: str | None = None,
                           case_hint: str | None = None) -> tuple[str, str | None]:
    """Canonical person name from its words: nominative, patronymic dropped, given name first.

    The nominative forms come from the project-wide entity normaliser (:func:`ukrnews_nlp.entities.
    normalize_entity`); here the name is put in canonical order and the patronymic dropped. The words of a
    name agree in case and gender; the cue verb's gender, when known, breaks ties. Returns ``(name, gender)``.
    """
    morph = _analyzer()
    if morph is None or not words:
        return " ".join(words), None
    readings = []
    for w in words:
        parses = _parses(w)
        named = [p for p in parses if p.tag.grammemes & {"Name", "Surn", "Patr"}]
        readings.append(named or [p for p in parses if p.tag.POS == "NOUN"] or parses)
    case, gender, agreed = _name_case_gender(readings, gender_hint)
    titled = [_title(w) for w in words]
    forms = entity_nominative(" ".join(titled), "PER").split()
    if case == "nomn" and agreed == len(words) and gender_hint in ("masc", "femn") and case_hint in (None, "nomn"):
        forms = titled   # every word a nominative of the sex the verb gives ("Ганна" of "поскаржилася", not "Ганн")
    elif case_hint in (None, "nomn") and gender_hint in ("masc", "femn") and not all(known := [
            word_info(w).known for w in words]):
        # the verb's subject: a word the dictionary lacks stays as written ("написав Сибіга", "сказав … Маріо
        # Бертіні", not the locative of "Бертін")
        forms = [f if k else t for k, t, f in zip(known, titled, forms, strict=False)]
    elif gender_hint == "femn" and case_hint in (None, "nomn") and len(words) > 1 and _feminine_given(words[0]) \
            and all(_undeclined_for_women(w) for w in words[1:]):
        forms = titled   # "заявила … Ганна Вебер": a woman's surname in a consonant does not decline, "Ганна" stays
    elif case_hint == "nomn" and gender_hint not in ("masc", "femn"):
        # the verb's subject, of no gender the verb tells ("Денісова нагадує"): a nominative reading of every word
        nominative_gender = _name_case_gender([[p for p in rs if "nomn" in p.tag.grammemes] for rs in readings],
                                              None)
        if nominative_gender[0] == "nomn" and nominative_gender[2] == len(words):
            forms, gender, agreed = titled, nominative_gender[1], len(words)
    if case_hint and case_hint != "nomn":
        # the context fixes the case ("за словами Олександра Грабара"): inflect each word from that reading
        every = [sorted(_parses(w), key=lambda p: not p.tag.grammemes & {"Name", "Surn"}) for w in words]
        hinted = _inflect_from_case(words, every, case_hint, gender_hint)
        if hinted is not None:
            forms, gender, agreed = hinted[0], hinted[1], True
    if len(forms) != len(words):
        forms = titled
    # "-енко" surnames are indeclinable for women, so an unchanged "Западенка" is a man's surname in an oblique case
    forms = [(_surname_fallback(f, "gent") or f) if f == t and not word_info(f).is_given else f
             for f, t in zip(forms, titled, strict=True)]
    # a vocative-only guess for an unknown word ("Западенко" as if of "Западенка") is no reason to change it
    forms = [t if word_info(t).cases and word_info(t).cases <= {"voct"} else f
             for f, t in zip(forms, titled, strict=True)]
    # words of a name that disagree in case ("Олега Токарчуку"): a name word left in an oblique form the
    # agreed reading does not cover is normalised on its own
    # ("Гроссі", "Мелоні": a foreign surname in -і does not decline, though the dictionary reads a locative of "Гросс")
    forms = [nominative_surname(t) if f == t and len(words) > 1 and _oblique_name(t) and not t.endswith(("і", "ї"))
             else f for f, t in zip(forms, titled, strict=True)]
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= 4:
        return words[0], None   # an acronym
    kept = []
    for i, form in enumerate(forms):
        info = word_info(form)
        after_given = i > 0 and word_info(forms[i - 1]).is_given
        # a surname that is also a Russian-style patronymic ("Роман Кузьмич") stays where it has no Ukrainian
        # patronymic's ending and nothing follows it
        surname_too = info.is_surname and len(words) == 2 and not _looks_patronymic(form)
        if after_given and ((info.is_patronymic and not surname_too)
                            or (not info.is_surname and _looks_patronymic(form))):
            continue  # "Петро Григорович Григоренко", "Ігор Валентинович"; "Роман Абрамович" is relinked later
        kept.append(form)
    infos = [word_info(f) for f in kept]
    first = next((i for i, x in enumerate(infos) if x.is_given and not x.is_surname), None)
    if first is None and infos and infos[0].is_given:
        first = 0
    if first == 1 and len(kept) == 2 and len(words) == 2 and not infos[0].known \
            and not _SURNAME_ENDINGS.search(kept[0].lower()):
        first = None   # "Кайдо Саар": a given name the dictionary lacks before the surname stays first
    given = [kept[first]] if first is not None else []
    surname = [f for i, f in enumerate(kept) if i != first]
    parts = given + surname
    told = given_name_gender(given[0]) if given and len(parts) > 1 and gender_hint not in ("masc", "femn") else None
    if told and told != gender:
        # the given name tells the sex where the words' readings tie ("Любові Сидоренко": not the locative of a
        # man's surname "Любів"), and the name is read again as that sex's ("Хаді Забліт", not a dative of "Хада")
        return person_name_nominative(words, told, case_hint)[0], told
    return " ".join(parts) if parts else " ".join(words), gender if agreed else None


#: Endings of Ukrainian surnames in the nominative ("Арсеєнко", "Петрук", "Левицький", "Іванов"): a first word with
#: one is read as the surname even where the dictionary does not know it.
_SURNAME_ENDINGS = re.compile(r"(?:[еє]нко|[уюч]к|[сц]ький|[оеє]вич|[оеє]в|[иі]н|їн)$")


def given_name_gender(word: str) -> str | None:
    """The sex a given name in the nominative tells, where its nominative readings agree ("Євгенія": femn; "Петро":
    masc), else None."""
    genders = {str(p.tag.gender) for p in _parses(_title(word))
               if {"Name", "nomn"} <= p.tag.grammemes and "plur" not in p.tag.grammemes and p.tag.gender}
    return genders.pop() if len(genders) == 1 else None


def _oblique_name(word: str) -> bool:
    """A dictionary surname or given name with no nominative reading ("Токарчуку", "Олегові")."""
    info = word_info(word)
    return info.known and (info.is_surname or info.is_given) and bool(info.cases) and "nomn" not in info.cases


def nominative_surname(word: str) -> str:
    """Nominative of one surname word (title case)."""
    return entity_nominative(_title(word), "PER")


def _inflect_from_case(words: list[str], readings: list[list], case: str,
                       gender_hint: str | None) -> tuple[list[str], str] | None:
    """Nominative forms of a name read in ``case`` (a gender all its words agree on), or None."""
    genders = [gender_hint] if gender_hint in ("masc", "femn") else []
    genders += [g for g in ("masc", "femn") if g not in genders]
    for g in genders:
        forms = []
        for w, rs in zip(words, readings, strict=True):
            match = [p for p in rs if case in p.tag.grammemes and "plur" not in p.tag.grammemes
                     and (p.tag.gender in (None, g) or "Fixd" in p.tag.grammemes)]
            if not match:
                fallback = _surname_fallback(w, case) or (_mans_surname_fallback(w, case) if g == "masc" else None)
                if fallback is None:
                    break
                forms.append(fallback)
                continue
            inflected = match[0].inflect({"nomn"})
            forms.append(restore_case(_title(w), inflected.word if inflected else match[0].normal_form))
        else:
            return forms, g
    return None


@lru_cache(maxsize=50_000)
def entity_nominative(text: str, label: str) -> str:
    """Nominative of an entity's text as the entity normaliser gives it for ``label`` (``кремлі`` LOC → ``кремль``,
    where :func:`nominative` keeps a lower-case nominative plural as written)."""
    from ..entities import normalize_entity

    return normalize_entity(text, label)


def nominative(text: str) -> str:
    """Nominative form of a short noun phrase (organisation, role, document) by the entity normaliser.

    Genitive complements stay as they are ("Лізі антитрасту" → "Ліга антитрасту").
    """
    if not text.strip():
        return text
    first = word_info(text.split()[0].strip("«»\"“”„"))
    if text[:1].isupper() and first.cases and first.cases <= {"voct"}:
        return text   # an unknown capitalised word read only as a vocative: keep it as written
    if text[:1].islower() and "nomn" in first.cases and "gent" not in first.cases and first.pos & {"NOUN", "ADJF"} \
            and not first.pos & {"PREP"}:
        return text   # already a nominative phrase ("друзі", "мешканці будинку"): keep number and words
    return entity_nominative(text, "ORG")
