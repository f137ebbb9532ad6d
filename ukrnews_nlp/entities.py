"""Nominative normal forms of named-entity mentions (``Span._.normal``).

``Сергієм Шойгу`` → ``Сергій Шойгу``, ``Верховної Ради`` → ``Верховна Рада``, ``Сполучених Штатів`` →
``Сполучені Штати``, ``міністром оборони`` → ``міністр оборони``, ``путіним`` → ``путін``.

How a mention is normalized:

* Numeric and temporal labels (DATE, TIME, MON, PCT, QUANT, PERIOD…) keep their surface.
* Some tokens are *frozen* (copied as they are): everything inside quotes (``ТОВ «Агрофірма»``), Latin-script
  words (``Sky News``), abbreviations (``НБУ``, ``вул.``, ``м.``), initials, numbers and punctuation.
* Person names (PER): every other word is a part of the name and agrees in case with the others
  (``Олександра Лукашенка`` → ``Олександр Лукашенко``); unlabelled input that reads as first name + names is
  treated the same way. Unknown masculine surnames in -ов/-ев/-ін get their genitive/dative/instrumental
  readings added (the dictionary's guesser reads ``Зінова`` only as a feminine nominative). First names never
  take plural readings (``Петр``); double-barrelled names unknown as a whole decline part by part
  (``Косач-Квітки`` → ``Косач-Квітка``).
* Places (LOC) whose head and next word are both person names in the genitive (``Лесі Українки``,
  ``Байди Вишневецького``) are streets or squares named after someone and keep the genitive.
* Other labels: the head is the first noun; the adjectives before it agree with it and are inflected with it;
  everything after it (genitive complements, prepositional phrases) is kept (``Міністерства оборони України``
  → ``Міністерство оборони України``). When a parser ran, the span's syntactic root is preferred as the head.
* The case, number and gender shared by the agreeing words are chosen jointly over their pymorphy3 readings:
  the head noun must fit; then the most words agreeing; then readings matching the predicted morphology
  (``token.morph`` Case/Number); then singular over plural (a plural-only word such as ``Штатів`` stays
  plural); then name readings for PER (non-name readings for LOC); then a case prior (genitive, nominative,
  accusative, dative/locative…, vocative last); then the dictionary's own order, with dialectal and rare
  readings last. The words are then put into the nominative of that number (adjectives in the head's gender).
* Output keeps each word's capitalization pattern (lower, Title, UPPER) and the original spacing.

Works with or without upstream annotation: without morphology or parser only the dictionary decides.
The analyzer is shared with :mod:`ukrnews_nlp.morphology` (one per process); inflections are cached.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .morphology import get_analyzer, parse_form
from .normalize import APOSTROPHES, norm_form, normalize_word

#: Labels whose normal form is their surface (numbers, dates, amounts).
SURFACE_LABELS = frozenset({"DATE", "TIME", "MON", "MONEY", "PCT", "PERCENT", "QUANT", "QUANTITY", "PERIOD",
                            "CARDINAL", "ORDINAL"})
#: Labels treated as personal names (every word agrees).
PERSON_LABELS = frozenset({"PER", "PERS", "PERSON"})
#: Street-type abbreviations and words: a noun after them is the street's name in the genitive
#: (``вул. Сурікова``) and is kept; only adjectives (``вул. Університетській``) are inflected.
STREET_MARKERS = {"вул": "femn", "вул.": "femn", "просп": "masc", "просп.": "masc",
                  "пров": "masc", "пров.": "masc", "бульв": "masc", "бульв.": "masc", "б-р": "masc", "пл": "femn",
                  "пл.": "femn", "майд": "masc", "майд.": "masc", "наб": "femn", "наб.": "femn", "узв": "masc",
                  "узв.": "masc", "туп": "masc", "туп.": "masc"}
#: Words that end a possible head search: a noun after them is no longer in the agreeing group.
_STOP_TEXTS = frozenset({",", "(", ")", ";", ":", "–", "—", "-", "/"})
_PREPOSITIONS = frozenset({"в", "у", "з", "із", "зі", "на", "по", "для", "при", "від", "до", "за", "під", "над",
                           "про", "біля", "та", "і", "й", "ім", "ім.", "імені"})
#: Abbreviations that govern the genitive of what follows (в. о. = виконувач обов'язків).
_GOVERNING_ABBREVIATIONS = frozenset({"о.", "в.о.", "т.в.о.", "тво", "во"})
_CONJUNCTIONS = frozenset({"та", "і", "й"})
#: Name particles kept as they are inside person names.
_NAME_PARTICLES = frozenset({"де", "да", "ді", "фон", "ван", "дер", "ла", "ле", "ель", "аль", "ібн", "бен", "бін",
                             "оглу", "огли", "кизи"})
#: Abbreviated compound titles that do not decline (``замміністра`` = заступник міністра).
_INDECLINABLE_RE = re.compile(r"^(зам|заст)(міністра|голови|директора|начальника|мера|прокурора)$")

_OPEN_QUOTES = frozenset("«„“‹")
_CLOSE_QUOTES = frozenset("»”‟›")
_SYMMETRIC_QUOTES = frozenset('"\'')
_CYRILLIC_RE = re.compile(r"[а-щьюяіїєґА-ЩЬЮЯІЇЄҐ]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_WORD_RE = re.compile(r"^[а-щьюяіїєґА-ЩЬЮЯІЇЄҐ'’ʼ‘`-]+$")
#: Abbreviation with a Cyrillic case ending: ``ДТЕКу``, ``НАБУ``'s ``НАБУ`` has none.
_ABBR_WITH_ENDING_RE = re.compile(r"^([А-ЩЬЮЯІЇЄҐ]{2,})(у|а|ом|і|ові|ем|ою|ах|ам|ами|ів|е|и)$")
#: Plain-string input is split into words, numbers and single punctuation marks.
_STRING_TOKEN_RE = re.compile(r"[\w'’ʼ‘`]+(?:[-‐][\w'’ʼ‘`]+)*\.?|\S")

_UD_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct",
            "Voc": "voct"}
_UD_NUMBER = {"Sing": "sing", "Plur": "plur", "Ptan": "plur"}
_UD_GENDER = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
_ADJ_POS = frozenset({"ADJF", "PRTF", "NUMR", "NPRO"})
_NOUN_POS = frozenset({"NOUN"})


# --------------------------------------------------------------------------------------------------------------
# Word records: what the normalizer needs from a token (works for spaCy tokens and plain strings alike)
# --------------------------------------------------------------------------------------------------------------


@dataclass
class _Word:
    text: str
    ws: str
    pos: str = ""          # UPOS from a tagger, "" when none ran
    morph: dict | None = None  # UD FEATS from a morphologizer, None when none ran
    head: int | None = None  # index of the syntactic head inside the span, None when outside or no parser
    frozen: bool = False
    out: str | None = None
    lemma: str = ""        # the pipeline's lemma, lower-cased, "" when no lemmatizer ran


def _words_from_tokens(tokens: Sequence[Token]) -> list[_Word]:
    if not tokens:
        return []
    doc = tokens[0].doc
    has_morph = doc.has_annotation("MORPH")
    has_pos = doc.has_annotation("POS")
    has_dep = doc.has_annotation("DEP")
    has_lemma = doc.has_annotation("LEMMA")
    first = tokens[0].i
    words: list[_Word] = []
    word_of: list[int] = []  # token position in the span → word index
    for k, tok in enumerate(tokens):
        # ``екс`` ``-`` ``начальника`` written without spaces is one word for the dictionary.
        if words and words[-1].ws == "" and (tok.text in ("-", "‐") or words[-1].text[-1:] in ("-", "‐")) and (
                tok.text not in ("-", "‐") or (k + 1 < len(tokens) and tok.whitespace_ == "")):
            prev = words[-1]
            prev.text += tok.text
            prev.ws = tok.whitespace_ if k < len(tokens) - 1 else ""
            if tok.text not in ("-", "‐"):
                prev.pos = tok.pos_ if has_pos else ""
                prev.morph = tok.morph.to_dict() if has_morph and len(tok.morph) else None
            word_of.append(len(words) - 1)
            continue
        # ``вул`` ``.`` split by the tokenizer is one abbreviation for us (``м.``, ``обл.``, ``ім.``).
        if (tok.text == "." and words and words[-1].ws == "" and words[-1].text.isalpha()
                and (k < len(tokens) - 1 or len(words[-1].text) <= 4)):
            words[-1].text += "."
            words[-1].ws = tok.whitespace_ if k < len(tokens) - 1 else ""
            word_of.append(len(words) - 1)
            continue
        word_of.append(len(words))
        words.append(_Word(
            text=tok.text, ws=tok.whitespace_ if k < len(tokens) - 1 else "",
            pos=tok.pos_ if has_pos else "",
            morph=tok.morph.to_dict() if has_morph and len(tok.morph) else None,
            lemma=tok.lemma_.lower() if has_lemma else ""))
    if has_dep:
        for k, tok in enumerate(tokens):
            if tok.head.i != tok.i and first <= tok.head.i < first + len(tokens):
                if word_of[tok.head.i - first] != word_of[k]:
                    words[word_of[k]].head = word_of[tok.head.i - first]
    return words


def _words_from_string(text: str) -> list[_Word]:
    matches = list(_STRING_TOKEN_RE.finditer(text))
    words = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else m.end()
        words.append(_Word(text=m.group(), ws=text[m.end():end]))
    return words


# --------------------------------------------------------------------------------------------------------------
# Dictionary readings and inflection (cached)
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    pos: str            # NOUN, ADJF, PRTF, NUMR, …
    case: str | None
    number: str         # "sing" | "plur"
    gender: str | None
    name: bool          # a first name, surname or patronymic reading
    given: bool         # a first name reading
    fixed: bool         # indeclinable
    rank: int           # position in the analyzer's answer (its own preference order)
    index: int          # index into the parse list, to recover the Parse object (-1: our own surname guess)
    known: bool = True  # from the dictionary itself, not guessed from the word's ending
    lemma: str = ""     # nominative of our own surname guesses


#: Dialectal, archaic, rare, slang or substandard readings come after every ordinary one.
_MARGINAL = frozenset({"Dist", "Arch", "Rare", "Slng", "Infr", "Bad"})
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")


def _is_known(parse) -> bool:
    """True for a reading straight from the dictionary (not guessed from a suffix or an unknown prefix)."""
    stack = parse.methods_stack
    return len(stack) == 1 and type(stack[0][0]).__name__ == "DictionaryAnalyzer"


@lru_cache(maxsize=200_000)
def _readings(key: str) -> tuple[_Reading, ...]:
    out = []
    for i, p in enumerate(parse_form(key)):
        tag = p.tag
        # plain strings: pymorphy3's grammeme values compare through a Python-level __eq__, and the readings
        # are compared many times (a quarter of this component's time went into those comparisons)
        pos = str(tag.POS or "")
        if pos not in _ADJ_POS and pos not in _NOUN_POS:
            continue
        grammemes = tag.grammemes
        case = str(tag.case) if tag.case else None
        if case is None and pos == "NOUN" and p.word == p.normal_form:
            case = "nomn"  # the dictionary leaves the case off some lemma forms (``майка``)
        gender = str(tag.gender) if tag.gender and "plur" not in grammemes else None
        out.append(_Reading(
            pos=pos, case=case, number="plur" if "plur" in grammemes else "sing",
            gender=gender,
            name=bool(grammemes & {"Name", "Surn", "Patr"}), given="Name" in grammemes, fixed="Fixd" in grammemes,
            rank=i + (20 if grammemes & _MARGINAL else 0), index=i, known=_is_known(p)))
    return tuple(out)


#: Endings of masculine surnames in -ов/-ев/-ін/-ин in oblique cases, for surnames the dictionary does not
#: know (its guesser reads ``Зінова`` only as a feminine nominative).
_SURNAME_OBLIQUE = (("а", ("gent", "accs")), ("ові", ("datv", "loct")), ("им", ("ablt",)))
_SURNAME_STEM_RE = re.compile(r"^(.{2,}(?:ов|ев|єв|ін|ин|їн))$")


#: Endings of a foreign name that no Ukrainian case ending shares: a consonant (not й, nor the endings -ом, -ем,
#: -єм, -ам, -ям, -ів, -їв, -ах, -ях), -о, -е, -і (not -ові, -еві, -єві).
_NOMINATIVE_LOOKING = re.compile(r"(?<!о|е|є|а|я)м$|(?<!і|ї)в$|(?<!а|я)х$|(?<!ов|ев|єв)і$|[бгґджзклнпрстфцчшщое]$")
#: An unknown surname of the -а declension in the instrumental (``Сибігою`` of ``Сибіга``), a man's or a woman's.
_A_SURNAME_INSTRUMENTAL_RE = re.compile(r"^(.{2,}[бвгґджзклмнпрстфхцчшщ])ою$")


@lru_cache(maxsize=50_000)
def _surname_guesses(key: str) -> tuple[_Reading, ...]:
    out = []
    for ending, cases in _SURNAME_OBLIQUE:
        if key.endswith(ending) and _SURNAME_STEM_RE.match(key[: -len(ending)]):
            for case in cases:
                out.append(_Reading(pos="NOUN", case=case, number="sing", gender="masc", name=True, given=False,
                                    fixed=False,
                                    rank=50, index=-1, known=False, lemma=key[: -len(ending)]))
    m = _A_SURNAME_INSTRUMENTAL_RE.match(key)
    if m:
        for gender in ("masc", "femn"):
            out.append(_Reading(pos="NOUN", case="ablt", number="sing", gender=gender, name=True, given=False,
                                fixed=False, rank=50, index=-1, known=False, lemma=m.group(1) + "а"))
    return tuple(out)


@lru_cache(maxsize=200_000)
def _inflect(key: str, index: int, number: str, gender: str | None) -> str | None:
    """The nominative of reading ``index`` of ``key`` in ``number`` (and ``gender`` for adjectives)."""
    parse = parse_form(key)[index]
    tag = parse.tag
    if "Fixd" in tag.grammemes:
        return key
    is_adj = tag.POS in _ADJ_POS
    best = None
    for form in parse.lexeme:
        g = form.tag.grammemes
        if ("plur" in g) != (number == "plur"):
            continue
        if form.tag.POS != tag.POS:
            continue
        case = form.tag.case
        if case not in ("nomn", None):
            continue
        if is_adj and number == "sing" and gender and form.tag.gender != gender:
            continue
        if case is None and not (tag.POS == "NOUN" and form.word == parse.normal_form):
            continue
        # Prefer forms without variant marks (alt, rare, …) and the first one in dictionary order.
        score = (len(g - tag.grammemes - {"nomn", "sing", "plur"}), 0 if case == "nomn" else 1)
        if best is None or score < best[0]:
            best = (score, form.word)
    return best[1] if best else None


# --------------------------------------------------------------------------------------------------------------
# Capitalization and token classes
# --------------------------------------------------------------------------------------------------------------


def _restore_case(original: str, new: str) -> str:
    """``new`` (lowercase) written in ``original``'s pattern: lower, Title (per hyphen part) or UPPER."""
    if original.islower():
        return new
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return new.upper()
    orig_parts = re.split(r"([-‐])", original)
    new_parts = re.split(r"([-‐])", new)
    if len(orig_parts) == len(new_parts):
        return "".join(n.capitalize() if o[:1].isupper() else n for o, n in zip(orig_parts, new_parts, strict=True))
    return new.capitalize() if original[:1].isupper() else new


def _restore_apostrophe(original: str, new: str) -> str:
    """Write the dictionary's ``'`` with the apostrophe character the original word used."""
    for c in original:
        if c in APOSTROPHES and c != "'":
            return new.replace("'", c)
    return new


def _is_all_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_abbreviation(text: str, headline: bool = False) -> bool:
    """An abbreviation or acronym (kept as written).

    headline: the mention has several all-capitals words (``ВЕРХОВНОЇ РАДИ``); then an all-capitals word the
    dictionary knows as an ordinary word is a word, while a lone one (``СЕТАМ``, ``НАБУ``) is an acronym.
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if text.endswith("."):
        return True
    upper = sum(c.isupper() for c in letters)
    if upper >= 2 and upper == len(letters):
        return not (headline and len(letters) >= 4 and _is_plain_word(_key(text)))
    # ``ГоловКРУ``: capitals in a row inside a word (but not ``Івано-Франківської`` nor ``ДТЕКу``).
    return re.search(r"[А-ЩЬЮЯІЇЄҐ]{2,}", text) is not None and not _ABBR_WITH_ENDING_RE.match(text)


@lru_cache(maxsize=20_000)
def _is_plain_word(key: str) -> bool:
    """The dictionary knows ``key`` as an ordinary declinable word (not an abbreviation)."""
    return any(_is_known(p) and not p.tag.grammemes & {"Abbr", "Fixd"} for p in parse_form(key))


def _key(text: str) -> str:
    """Dictionary look-up key: the shared ``token.norm_`` normalization (apostrophes, Latin look-alikes)."""
    return norm_form(text).replace("‐", "-")


def _freeze(words: list[_Word]) -> None:
    """Mark the words copied as they are: quoted parts, foreign words, abbreviations, numbers, punctuation."""
    in_quotes = False
    headline = sum(_is_all_capitals(w.text) and _CYRILLIC_RE.search(w.text) is not None for w in words) >= 2
    for w in words:
        t = normalize_word(w.text)
        if t and (t[0] in _OPEN_QUOTES or (t[0] in _SYMMETRIC_QUOTES and not in_quotes and len(t) == 1)):
            in_quotes = True
            w.frozen = True
            if len(t) > 1 and t[-1] in _CLOSE_QUOTES:
                in_quotes = False
            continue
        if in_quotes:
            w.frozen = True
            if t and (t[-1] in _CLOSE_QUOTES or t in _SYMMETRIC_QUOTES):
                in_quotes = False
            continue
        if (not _CYRILLIC_RE.search(t) or _LATIN_RE.search(t) or any(c.isdigit() for c in t)
                or not _WORD_RE.match(t.rstrip("."))):
            w.frozen = True
        elif len(t.rstrip(".")) == 1 and (t[0].isupper() or t.endswith(".")):
            w.frozen = True  # initials
        elif _ABBR_WITH_ENDING_RE.match(t):
            w.frozen = True
            w.out = _ABBR_WITH_ENDING_RE.match(t).group(1)  # ``ДТЕКу`` → ``ДТЕК``
        elif _is_abbreviation(t, headline) or _INDECLINABLE_RE.match(_key(t)):
            w.frozen = True


# --------------------------------------------------------------------------------------------------------------
# Choosing the shared case / number / gender
# --------------------------------------------------------------------------------------------------------------


def _candidates(w: _Word) -> tuple[_Reading, ...]:
    m = _ABBR_WITH_ENDING_RE.match(w.text)
    if m and m.group(1).isupper():
        return ()
    return _readings(_key(w.text))


def _compatible(r: _Reading, case: str, number: str, gender: str | None) -> bool:
    if r.case != case or r.number != number:
        return False
    return gender is None or r.gender is None or r.gender == gender


def _morph_agrees(w: _Word, case: str, number: str, gender: str | None = None) -> int:
    """How far the predicted morphology (UD Case, Number, Gender) supports the reading: +1/-1 per feature."""
    if not w.morph:
        return 0
    score = 0
    g = _UD_GENDER.get(w.morph.get("Gender", ""))
    if g and gender:
        score += 1 if g == gender else -1
    c = _UD_CASE.get(w.morph.get("Case", ""))
    if c:
        score += 1 if c == case else -1
    n = _UD_NUMBER.get(w.morph.get("Number", ""))
    if n:
        score += 1 if n == number else -1
    return score


#: When nothing else decides, how likely each case is for an entity mention (genitive complements are the most
#: frequent oblique use in news; vocatives are rare).
_CASE_PRIOR = {"gent": 6, "nomn": 5, "accs": 4, "datv": 3, "loct": 2, "ablt": 1, "voct": 0}
#: Places are far more often in the locative (``у Києві``) than in the dative.
_CASE_PRIOR_LOC = {**_CASE_PRIOR, "loct": 3, "datv": 2}


def _role_readings(words: list[_Word], group: list[int], label: str,
                   has_head: bool) -> dict[int, list[_Reading]]:
    """Readings of each group word restricted to its role: the head reads as a noun, modifiers as adjectives."""
    person = label in PERSON_LABELS
    out = {}
    for k, i in enumerate(group):
        readings = list(_candidates(words[i]))
        if not person:
            is_head = has_head and k == len(group) - 1
            wanted = _NOUN_POS if is_head else _ADJ_POS
            restricted = [r for r in readings if r.pos in wanted]
            readings = restricted or readings
        street_gender = _street_gender(words, i)
        if street_gender:
            # ``вул. Народній`` is feminine like вулиця, whatever else the adjective could be.
            readings = [r for r in readings if r.gender == street_gender] or readings
        if person:
            # A first name is never plural (``Петр`` is not the genitive plural of a name Петра); surnames can be
            # (``Близнюків`` → ``Близнюки``, a family). A word left with no reading is kept as written.
            readings = [r for r in readings if not (r.given and r.number == "plur")]
            if not any(r.known for r in readings):
                key = _key(words[i].text)
                readings += _surname_guesses(key)
                if words[i].morph and _UD_CASE.get(words[i].morph.get("Case", "")) == "nomn" \
                        and _NOMINATIVE_LOOKING.search(key) and not _oblique_neighbour(words, group, i):
                    # a name the dictionary lacks that the tagger reads as a nominative stays as written where
                    # no case ending of ours ends it (``Калниньш``, ``Торо Россо``, ``Тете``, ``Ратаковскі``;
                    # not ``Кроллу``, ``Марсьяля``, which the tagger misreads)
                    gender = _UD_GENDER.get(words[i].morph.get("Gender", ""))
                    readings.append(_Reading(pos="NOUN", case="nomn", number="sing", gender=gender, name=True,
                                             given=False, fixed=False, rank=0, index=-1, known=False,
                                             lemma=key))
        out[i] = readings
    return out


def _oblique_neighbour(words: list[_Word], group: list[int], i: int) -> bool:
    """Another word of the name that the dictionary knows only outside the nominative (``Олександрії`` of
    ``Олександрії Бабогло``): it tells the case, whatever the tagger read for word ``i``."""
    for j in group:
        if j != i:
            known = [r for r in _candidates(words[j]) if r.known]
            if known and not any(r.case == "nomn" for r in known):
                return True
    return False


def _street_gender(words: list[_Word], i: int) -> str | None:
    """The gender of the street-type abbreviation right before word ``i`` (``вул.`` → feminine), if any."""
    for j in range(i - 1, -1, -1):
        key = _key(words[j].text)
        if key in STREET_MARKERS:
            return STREET_MARKERS[key] if words[j].frozen else None
        if not (words[j].frozen or _is_adjective(words[j])):
            return None
    return None


def _prefer_name(label: str) -> bool | None:
    """Person names read as names; places rather not (``Львові`` is the city, not the surname Львов)."""
    return True if label in PERSON_LABELS else False if label == "LOC" else None


def _reading_order(r: _Reading, prefer_name: bool | None) -> tuple[int, int]:
    return (prefer_name is not None and r.name != prefer_name, r.rank)


def _choose(words: list[_Word], readings: dict[int, list[_Reading]], head: int | None = None,
            prefer_name: bool | None = None, number: str | None = None) -> tuple[str, str, str | None] | None:
    """The (case, number, gender) best shared by the group's words (always including ``head``'s, if given; of
    ``number`` only, if given)."""
    # in the order the words and their readings come (a set's order changes with the process's hash seed, and
    # it decided ties: "Імператора Росії" came out "Імператор Росії" or "Імператора Росія" from run to run)
    keys: dict[tuple[str, str, str | None], None] = {}
    for rs in readings.values():
        for r in rs:
            if r.case and (number is None or r.number == number):
                keys[(r.case, r.number, r.gender)] = None
    best = None
    first = next(iter(readings))
    case_prior = _CASE_PRIOR_LOC if prefer_name is False else _CASE_PRIOR
    for case, num, gender in keys:
        agree = morph = names = 0
        rank = 0
        for i, rs in readings.items():
            compat = [r for r in rs if _compatible(r, case, num, gender)]
            if not compat:
                rank += 10
                continue
            agree += 1
            morph += _morph_agrees(words[i], case, num, gender)
            best_name, best_rank = min(_reading_order(r, prefer_name) for r in compat)
            names -= best_name
            rank += best_rank
        head_ok = head is None or any(_compatible(r, case, num, gender) for r in readings[head])
        singular = num == "sing"
        # Full person names: singular first (``Олександр Брензей`` is not a plural), then a first name first
        # (``Тарасові Шевченку`` is Тарас, not the surname Тарасов; a lone ``Ганна`` is the first name in the
        # nominative, not the genitive of a surname Ганн).
        full_name = prefer_name is True and len(readings) > 1
        given = prefer_name is True and any(r.given for r in readings[first] if _compatible(r, case, num, gender))
        score = (head_ok, singular if full_name else 0, agree, singular, names, morph, given,
                 case_prior.get(case, 0), gender is not None, -rank)
        if best is None or score > best[0]:
            best = (score, (case, num, gender))
    return best[1] if best else None


def _normalize_word(w: _Word, readings: list[_Reading], case: str, number: str, gender: str | None,
                    prefer_name: bool | None = None) -> None:
    if prefer_name is True and "-" in w.text.replace("‐", "-") and not any(r.known for r in readings):
        _normalize_name_parts(w, case, number, gender)
        return
    compat = sorted((r for r in readings if _compatible(r, case, number, gender)),
                    key=lambda r: _reading_order(r, prefer_name))
    if not compat or case == "nomn":
        return  # nothing fits, or already nominative: keep the word exactly as written
    r = compat[0]
    if w.lemma and len(compat) > 1 and _lemma_of(w, r) != w.lemma:
        # the lemmatizer chose between the dictionary's readings in context (``Сході``: ``схід``, not ``сход``)
        r = next((x for x in compat if _reading_order(x, prefer_name)[0] == _reading_order(r, prefer_name)[0]
                  and _lemma_of(w, x) == w.lemma), r)
    if r.fixed:
        return
    new = r.lemma if r.index < 0 else _inflect(_key(w.text), r.index, number, gender or r.gender)
    if not new:
        return
    w.out = _restore_apostrophe(w.text, _restore_case(w.text, new))


def _lemma_of(w: _Word, r: _Reading) -> str:
    """The dictionary lemma of reading ``r`` of ``w``, lower-cased ("" for our own surname guesses)."""
    return parse_form(_key(w.text))[r.index].normal_form.lower() if r.index >= 0 else ""


def _normalize_name_parts(w: _Word, case: str, number: str, gender: str | None) -> None:
    """A double-barrelled name the dictionary does not know as a whole (``Косач-Квітки`` → ``Косач-Квітка``):
    each part is a name of its own in the chosen case; its guesser would read the first part's indeclinable
    reading as the whole word's."""
    parts = re.split(r"([-‐])", w.text)
    for k in range(0, len(parts), 2):
        part = _Word(text=parts[k], ws="")
        readings = [r for r in _candidates(part) if r.known and r.number == "sing"] or [
            r for r in _candidates(part) if r.pos in _ADJ_POS and r.number == "sing"]   # "Сухолиткого-Собчука"
        if parts[k] and readings:
            _normalize_word(part, readings, case, number, gender, True)
            parts[k] = part.out or parts[k]
    new = "".join(parts)
    if new != w.text:
        w.out = new


def _named_after_person(words: list[_Word], group: list[int], readings: dict[int, list[_Reading]]) -> bool:
    """The head and the word after it can both be a person's names in that case (a street named after
    someone: ``Лесі Українки``, ``Байди Вишневецького``)."""
    head = group[-1]
    if head + 1 >= len(words) or words[head + 1].frozen:
        return False
    after = _candidates(words[head + 1])
    return any(a.known and a.name and a.case == "gent" and a.number == "sing"
               and any(b.known and b.name and b.case == "gent" and b.number == "sing" and b.gender == a.gender
                       for b in after)
               for a in _candidates(words[head]))


def _head_gender(readings: dict[int, list[_Reading]], group: list[int], case: str, number: str,
                 gender: str | None) -> str | None:
    """The gender the modifiers take: the head noun's (last word of the group)."""
    if gender is not None or number == "plur" or not group:
        return gender
    compat = sorted((r for r in readings[group[-1]] if _compatible(r, case, number, None)), key=lambda r: r.rank)
    return compat[0].gender if compat else None


# --------------------------------------------------------------------------------------------------------------
# The agreeing group of a mention
# --------------------------------------------------------------------------------------------------------------


def _is_adjective(w: _Word) -> bool:
    """The dictionary allows an adjective reading; a tagger's UPOS decides only when it also allows a noun."""
    dict_adj = any(r.pos in _ADJ_POS for r in _candidates(w))
    if not dict_adj or not w.pos:
        return dict_adj
    dict_noun = any(r.pos in _NOUN_POS for r in _candidates(w))
    return not dict_noun or w.pos in ("ADJ", "DET", "NUM")


def _is_noun(w: _Word) -> bool:
    """The dictionary allows a noun reading; a tagger's UPOS decides only when it also allows an adjective."""
    dict_noun = any(r.pos in _NOUN_POS for r in _candidates(w))
    if not dict_noun or not w.pos:
        return dict_noun
    dict_adj = any(r.pos in _ADJ_POS for r in _candidates(w))
    return not dict_adj or w.pos in ("NOUN", "PROPN")


def _can_agree(modifier: _Word, word: _Word) -> bool:
    """Whether ``modifier`` read as an adjective can agree with ``word`` (the next word of the phrase)."""
    for a in _candidates(modifier):
        if a.pos not in _ADJ_POS:
            continue
        for b in _candidates(word):
            if a.case == b.case and a.number == b.number and (a.gender is None or b.gender is None
                                                              or a.gender == b.gender):
                return True
    return False


def _group(words: list[_Word], person: bool) -> tuple[list[int], bool, bool]:
    """Indices of the words that agree with each other (and so are inflected); whether the last one is a
    head noun (else they are all modifiers of a frozen head: ``Дніпропетровської обл.``); whether the
    modifiers are coordinated (``Донецької та Луганської областей``: singular adjectives, plural head)."""
    open_words = [i for i, w in enumerate(words) if not w.frozen]
    if person:
        return [i for i in open_words
                if _key(words[i].text) not in _NAME_PARTICLES and _candidates(words[i])], False, False
    head = _syntactic_head(words)
    street = False
    has_head = coordinated = False
    group: list[int] = []
    for i, w in enumerate(words):
        key = _key(w.text)
        if key in STREET_MARKERS:
            street = True
        if head is not None and i > head:
            break
        if w.frozen:
            if w.text in _STOP_TEXTS or _is_frozen_head(w):
                break
            if group:  # a frozen word between agreeing words ends the group (``Дніпропетровської обл.``)
                break
            continue
        if (key in _CONJUNCTIONS and group and i + 1 < len(words) and not words[i + 1].frozen
                and _is_adjective(words[i + 1])):
            coordinated = True  # ``Донецької та Луганської областей``
            continue
        if key in _PREPOSITIONS or w.text in _STOP_TEXTS:
            if not has_head:
                group.clear()  # adjectives cut off from their noun are left as they are
            break
        if not _candidates(w):
            if group:
                break
            continue
        if street and any(r.known and r.name for r in _candidates(w)):
            break  # ``вул. Заньковецької``: a person's name (even an adjective-like surname) stays
        if head is not None:
            if street and i == head:
                break  # ``вул. Професора Підвисоцького``
            if i == head or _is_adjective(w):
                group.append(i)
                has_head = i == head
            continue
        nxt = words[i + 1] if i + 1 < len(words) else None
        adjective_here = _is_adjective(w) and (
            not _is_noun(w) or (nxt is not None and not nxt.frozen and _can_agree(w, nxt))
            or (nxt is not None and _is_frozen_head(nxt))  # ``Дніпропетровську САД``
            or (coordinated and nxt is not None and not nxt.frozen)  # the second of ``Донецькій і Луганській``
            or (nxt is not None and _key(nxt.text) in _CONJUNCTIONS and i + 2 < len(words)
                and not words[i + 2].frozen and _is_adjective(words[i + 2])))  # the first one
        if adjective_here:
            group.append(i)
            continue
        if _is_noun(w):
            if street:
                break  # ``вул. Сурікова``: the name stays in the genitive
            group.append(i)
            if not coordinated:
                _add_postposed_adjective(words, group)
            return group, True, coordinated
        break
    if coordinated and not has_head:
        group.clear()
    return group, has_head, False


def _add_postposed_adjective(words: list[_Word], group: list[int]) -> None:
    """``вулиці Намисловській``: one adjective closing the mention right after the head agrees with it."""
    head = group[-1]
    k = head + 1
    if k >= len(words) or words[k].frozen or not _is_adjective(words[k]):
        return
    if any(r.known and r.pos in _NOUN_POS for r in _candidates(words[k])):
        return  # ``парку Годлевського``: a noun (surname) complement, not an adjective
    if k + 1 < len(words) and not words[k + 1].frozen:
        return  # more words follow: the adjective more likely belongs to them
    if _can_agree(words[k], words[head]):
        group.insert(len(group) - 1, k)  # keep the head last


def _is_frozen_head(w: _Word) -> bool:
    """An undeclined noun that heads the mention itself: an acronym (``ГУ Держгеокадастру``) or ``замміністра``.

    Dotted abbreviations (``м.``, ``с.``, ``вул.``) are not: the name after them agrees (``м. Києва`` → ``м. Київ``).
    """
    t = w.text
    if _key(t) in _GOVERNING_ABBREVIATIONS:
        return True  # ``в. о. керівника``: the title after "acting" stays in the genitive
    if any(c.isdigit() for c in t):
        return _ORDINAL_RE.match(t) is None  # ``15 років``: the noun is governed by the number; ``24-ї`` agrees
    return (not t.endswith(".") and _CYRILLIC_RE.search(t) is not None
            and (_is_abbreviation(t) or _ABBR_WITH_ENDING_RE.match(t) is not None
                 or _INDECLINABLE_RE.match(_key(t)) is not None))


def _syntactic_head(words: list[_Word]) -> int | None:
    """The span's root when a parser ran and it is an open (inflectable) noun."""
    if not any(w.head is not None for w in words):
        return None
    roots = [i for i, w in enumerate(words) if w.head is None and not w.frozen and w.text not in _STOP_TEXTS]
    if len(roots) != 1:
        return None
    root = roots[0]
    if not (_is_noun(words[root]) and _candidates(words[root])):
        return None
    # Trust the parse only when it fits "modifiers + head" (a wrong root such as ``України`` in
    # ``Міністерства оборони України`` would inflect the complement instead of the head).
    if any(not (w.frozen or _is_adjective(w)) for w in words[:root]):
        return None
    return root


# --------------------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------------------


def _normalize_coordinated(words: list[_Word], group: list[int], label: str) -> None:
    """``Донецької та Луганської областей`` → ``Донецька та Луганська області``: the head in its own number,
    each adjective in the singular of the head's gender."""
    head = group[-1]
    readings = _role_readings(words, group, label, True)
    prefer_name = _prefer_name(label)
    choice = _choose(words, {head: readings[head]}, head, prefer_name)
    if choice is None:
        return
    case, number, gender = choice
    compat = sorted((r for r in readings[head] if _compatible(r, case, number, gender)), key=lambda r: r.rank)
    if not compat:
        return
    lemma_gender = gender
    if lemma_gender is None and compat[0].index >= 0:
        lemma = parse_form(_key(words[head].text))[compat[0].index].normal_form
        lemma_gender = next((r.gender for r in _readings(lemma) if r.gender), None)
    _normalize_word(words[head], readings[head], case, number, gender, prefer_name)
    for i in group[:-1]:
        _normalize_word(words[i], readings[i], case, "sing", lemma_gender, prefer_name)


def _looks_like_person_name(words: list[_Word]) -> bool:
    """Unlabelled input: two or more open words, a first name first, every word readable as a name."""
    open_words = [w for w in words if not w.frozen]
    if len(open_words) < 2 or not any(r.given for r in _candidates(open_words[0])):
        return False
    return all(any(r.name for r in _candidates(w)) for w in open_words)


def normalize_entity(mention: Span | Sequence[Token] | str, label: str | None = None) -> str:
    """The nominative normal form of an entity mention, in the mention's own capitalization.

    mention: a spaCy ``Span`` (its ``label_`` is used when ``label`` is not given), a sequence of tokens, or a
        plain string (split into words and punctuation).
    label: the entity type (PER, LOC, ORG, JOB, DATE…); numeric labels return the surface unchanged. Without
        one, a sequence of name words starting with a first name is treated as a person's name.
    """
    if isinstance(mention, str):
        words = _words_from_string(mention)
        surface = mention
    else:
        tokens = list(mention)
        if label is None and isinstance(mention, Span):
            label = mention.label_
        words = _words_from_tokens(tokens)
        surface = "".join(w.text + w.ws for w in words)
    label = (label or "").upper()
    if not words or label in SURFACE_LABELS:
        return surface
    if label in PERSON_LABELS and words[0].text[:1].islower():
        # a name in the 2022+ style's lower case: the tagger, which learnt names capitalized, reads such words
        # badly (``вʼячеслава володіна`` as a feminine nominative); the dictionary alone decides
        for w in words:
            w.morph, w.pos = None, ""
    # a mention recurs with the same words, tags and inner heads (``України``, ``Верховної Ради``): memoized
    key = (label, tuple((w.text, w.ws, w.pos, tuple(w.morph.items()) if w.morph else None, w.head, w.lemma)
                        for w in words))
    normal = _NORMAL_FORMS.get(key)
    if normal is None:
        if len(_NORMAL_FORMS) >= NORMAL_FORMS_MEMO_SIZE:
            _NORMAL_FORMS.clear()
        normal = _NORMAL_FORMS[key] = _normal_form(words, label)
    return normal


#: Mentions whose normal forms are kept (by words, tags, inner heads and label) before the memo starts afresh.
NORMAL_FORMS_MEMO_SIZE = 50_000
_NORMAL_FORMS: dict[tuple, str] = {}


def _normal_form(words: list[_Word], label: str) -> str:
    """:func:`normalize_entity` of a mention's words (changed in place) under an upper-case ``label``."""
    _freeze(words)
    person = label in PERSON_LABELS or (not label and _looks_like_person_name(words))
    if person:
        label = "PER"
        for w in words:
            if w.text[:1].isupper() and _key(w.text).endswith(("их", "іх")):
                w.frozen = True   # "Каменських", "Долгих": one person's surname in -их does not decline
    group, has_head, coordinated = _group(words, person)
    if group and coordinated:
        _normalize_coordinated(words, group, label)
    elif group:
        readings = _role_readings(words, group, label, has_head)
        ordinal = words[group[0] - 1] if has_head and group[0] > 0 else None
        genders = _ORDINAL_GENDERS.get(ordinal.text.rsplit("-", 1)[-1]) if ordinal is not None \
            and _ORDINAL_RE.match(ordinal.text) else None
        if genders:
            # the ordinal's ending tells the noun's gender: ``210-му окрузі`` is ``округ``, not ``округа``
            readings = {i: [r for r in rs if r.gender is None or r.gender in genders] or rs
                        for i, rs in readings.items()}
        prefer_name = _prefer_name(label)
        choice = _choose(words, readings, group[-1] if has_head else None, prefer_name)
        if choice is not None and choice[1] != "plur" and label == "ORG" and _plural_body(words):
            # ``Сили оборони України``: ``Сили`` reads as a genitive singular too; the body's name is plural
            choice = _choose(words, readings, group[-1] if has_head else None, prefer_name, number="plur") or choice
        if choice is not None and label == "LOC" and has_head and _named_after_person(words, group, readings):
            choice = None  # ``(вулиця) Лесі Українки``: a place named after a person keeps the genitive
        if choice is not None:
            case, number, gender = choice
            if has_head:
                gender = _head_gender(readings, group, case, number, gender)
            for i in group:
                _normalize_word(words[i], readings[i], case, number, gender, prefer_name)
            if has_head and group[0] > 0 and group == list(range(group[0], group[-1] + 1)) and case != "nomn":
                _agree_ordinal(words[group[0] - 1], number, gender)   # (a nominative's ordinal stays as written)
    return "".join((w.out or w.text) + w.ws for w in words)


#: A number written as an ordinal with its case ending: ``24-ї``, ``47-й``, ``3-тя``, ``1-го``.
_ORDINAL_RE = re.compile(r"^(\d+)-[а-яіїєґ]{1,3}$")
#: Ordinal endings that tell the gender of what they number (``-му`` and ``-го``: masculine or neuter; ``-ї``,
#: ``-ій``, ``-ою``: feminine); ``-й`` may be either (``47-й батальйон``, ``47-й бригаді``).
_ORDINAL_GENDERS = {**dict.fromkeys(("го", "му", "ого", "ому", "м"), frozenset({"masc", "neut"})),
                    **dict.fromkeys(("ї", "ій", "ою", "ої"), frozenset({"femn"}))}


def _ordinal_ending(n: int, number: str, gender: str | None) -> str:
    """The nominative ending written after an ordinal number (the last letters of the ordinal word): ``24-та``
    (двадцять четверта), ``47-ма`` (сьома), ``3-тя``, ``1-ша``, ``40-ва``, ``1000-на``; masculine always ``-й``."""
    if number != "plur" and gender in (None, "masc"):
        return "й"
    tens, last = n % 100, n % 10
    if 11 <= tens <= 19:
        stem = "т"
    elif last:
        stem = {1: "ш", 2: "г", 3: "т", 7: "м", 8: "м"}.get(last, "т")
    elif tens == 40:
        stem = "в"
    elif tens == 0 and n % 1000 == 0:
        stem = "н"
    else:
        stem = "т"
    if number == "plur":
        return stem + "і"
    if gender == "neut":
        return stem + ("є" if last == 3 and not 11 <= tens <= 19 else "е")
    return stem + ("я" if last == 3 and not 11 <= tens <= 19 else "а")


def _agree_ordinal(w: _Word, number: str, gender: str | None) -> None:
    """An ordinal number before the words that were put in the nominative takes their number and gender
    (``24-ї окремої механізованої бригади`` → ``24-та окрема механізована бригада``)."""
    m = _ORDINAL_RE.match(w.text)
    if m is not None and w.ws == " ":
        w.out = f"{m.group(1)}-{_ordinal_ending(int(m.group(1)), number, gender)}"


def _plural_body(words: list[_Word]) -> bool:
    """The words open a body of the 2022–2024 news whose name is plural (``Сили оборони``, ``Повітряні сили``:
    :func:`ukrnews_nlp.news_entities.plural_body`)."""
    from .news_entities import plural_body  # it reads the entity rules' table

    return plural_body(tuple(w.text for w in words))


# --------------------------------------------------------------------------------------------------------------
# spaCy integration
# --------------------------------------------------------------------------------------------------------------

_CACHE_KEY = "ukrnews_entity_normal"


def _get_normal(span: Span) -> str:
    cached = span.doc.user_data.get((_CACHE_KEY, span.start_char, span.end_char, span.label_))
    return cached if cached is not None else normalize_entity(span)


if not Span.has_extension("normal"):
    Span.set_extension("normal", getter=_get_normal)


class EntityNormalizer:
    """Computes ``Span._.normal`` for every entity in ``doc.ents`` (and ``extra_span_keys`` span groups).

    The values are stored in ``doc.user_data`` so they travel with the Doc (``DocBin``, pickling); any other
    span gets its normal form computed on access.
    """

    def __init__(self, nlp: Language, name: str, *, span_keys: Iterable[str] = ()) -> None:
        self.name = name
        self.span_keys = tuple(span_keys)
        get_analyzer()  # build the analyzer at construction, not on the first document

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.ents)
        for key in self.span_keys:
            if key in doc.spans:
                spans.extend(doc.spans[key])
        normals = [normalize_entity(span) for span in spans]
        _surnames_as_named_in_full(spans, normals)
        for span, normal in zip(spans, normals, strict=True):
            doc.user_data[(_CACHE_KEY, span.start_char, span.end_char, span.label_)] = normal
        return doc


def _surnames_as_named_in_full(spans: list[Span], normals: list[str]) -> None:
    """A person named by a lone surname the dictionary lacks takes the nominative the document's full name gives it
    (``Сибіга``, ``Сибіги`` after ``Андрій Сибіга``: not ``Сибіго``), where exactly one such surname fits; in place."""
    # imported on first use: the quote package reads this module
    from .quotes.morph import inflects_surname

    surnames = {normal.split()[-1] for span, normal in zip(spans, normals, strict=True)
                if span.label_ in PERSON_LABELS and len(normal.split()) >= 2 and normal[:1].isupper()
                and not any(r.known for r in _readings(_key(normal.split()[-1])))}
    if not surnames:
        return
    for i, span in enumerate(spans):
        if span.label_ in PERSON_LABELS and len(span) == 1 and normals[i] not in surnames:
            fits = [s for s in surnames if inflects_surname(span.text, s) and not (
                s[-1:].lower() not in _VOWELS and span.text.lower().endswith(_A_DECLENSION_ONLY))]
            if len(fits) == 1:
                normals[i] = fits[0]


_VOWELS = frozenset("аеєиіїоуюяь")
#: Case endings of the -а declension only: "Кролли" is no case of "Кролл" (it is of "Кролла").
_A_DECLENSION_ONLY = ("и", "ою", "ею", "ї")


@Language.factory("ukrnews_entity_normalizer", default_config={"span_keys": []})
def make_entity_normalizer(nlp: Language, name: str, span_keys: list[str]) -> EntityNormalizer:
    """Set ``Span._.normal`` (nominative normal form) on the entities of each document."""
    return EntityNormalizer(nlp, name, span_keys=span_keys)


__all__ = ["SURFACE_LABELS", "EntityNormalizer", "normalize_entity"]
