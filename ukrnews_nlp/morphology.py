"""Dictionary lemmas: pymorphy3 (VESUM-derived ``pymorphy3-dicts-uk``) readings chosen by UD tags.

The ``ukrnews_lemmatizer`` component runs after the morphologizer. For each token it looks up the normalized
form, scores every dictionary reading against the token's UPOS and FEATS (case, number, gender, person, tense,
aspect, degree, verb form, animacy, name type…) and takes the lemma of the best one, not the first. Words the
dictionary does not know keep the lemma set upstream by the trained edit-tree lemmatizer, when there is one.
Numbers, URLs, Latin words, punctuation and symbols are lemmatized by rule. A few rules turn the dictionary's
lemma into the UD Ukrainian-IU convention where they differ (measured on UD-IU dev by
``bench/lemma_conventions.py``).

Everything is cached: the analyzer once per process, the readings once per form, the UD→grammeme translation
once per FEATS string and the final lemma once per (form, norm, UPOS, FEATS, context) combination. With the
C DAWG reader installed (``pymorphy3[fast]``, i.e. ``dawg2``) a new form costs about 12 µs instead of 35 µs.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import DEP, IS_ALPHA, LEMMA, MORPH, NORM, ORTH, POS, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from .agreement import preposition_conflicts
from .memory_zones import ZoneMemo
from .normalize import norm_form, normalize_apostrophes
from .tokenizer import GROUPED_NUMBER_RE

# --------------------------------------------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------------------------------------------

def lookup_form(text: str) -> str:
    """The key used for dictionary look-up: :func:`~ukrnews_nlp.normalize.norm_form` (apostrophes unified,
    Latin look-alike letters made Cyrillic, lowercased) without stress marks."""
    text = norm_form(text)
    return text.replace("\u0301", "") if "\u0301" in text else text


# --------------------------------------------------------------------------------------------------------------
# The analyzer (one per process)
# --------------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def get_analyzer():
    """The process-wide ``pymorphy3.MorphAnalyzer`` for Ukrainian (built on first use).

    Its ``parse`` never raises: pymorphy3 fails on characters that have no Unicode name (e.g. recent CJK or
    Tangut code points, unassigned ones); such words get a single ``UNKN`` reading of themselves instead.
    """
    import pymorphy3

    class SafeMorphAnalyzer(pymorphy3.MorphAnalyzer):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            first = self._units[0].analyzer
            self._dictionary = first if type(first).__name__ == "DictionaryAnalyzer" else None

        def parse(self, word):
            # A Cyrillic word of two or more characters that the dictionary knows: the units after it (initials,
            # Roman numbers, Latin words) find nothing in it and the Latin unit ends the search, so the readings
            # are the dictionary's alone; skipping those checks saves a third of a parse.
            if self._dictionary is not None and len(word) > 1 and _CYRILLIC_ONLY.fullmatch(word):
                found = self._dictionary.parse(word, word.lower(), set())
                if found:
                    return [self._result_type(*p) for p in found]
            try:
                return super().parse(word)
            except (ValueError, KeyError):
                return [self._result_type(word, self.TagClass("UNKN"), word, 1.0, ())]

    return SafeMorphAnalyzer(lang="uk")


#: Characters of the Cyrillic block, apostrophes and hyphens only (see ``SafeMorphAnalyzer.parse``).
_CYRILLIC_ONLY = re.compile("[\u0400-\u04ff'\u2019\u02bc-]+")


#: Lemma counts from BRUK (train part), built by ``python -m ukrnews_nlp.training.lemma_frequencies``.
LEMMA_FREQUENCIES_PATH = Path(__file__).resolve().parent / "resources" / "lemma_frequencies.tsv"
#: Weight of the lemma-frequency tie-breaker: below every tag-based score step (0.25), so it only orders
#: readings the UPOS and FEATS do not separate.
FREQUENCY_WEIGHT = 0.2


@lru_cache(maxsize=1)
def _lemma_statistics() -> tuple[dict[str, float], dict[str, str]]:
    counts: dict[str, int] = {}
    cased: dict[str, tuple[int, str]] = {}
    if LEMMA_FREQUENCIES_PATH.is_file():
        with LEMMA_FREQUENCIES_PATH.open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                lemma, _, n = line.rstrip("\n").partition("\t")
                if not n.isdigit():
                    continue
                low = lemma.lower()
                counts[low] = counts.get(low, 0) + int(n)
                if int(n) > cased.get(low, (0, ""))[0]:
                    cased[low] = (int(n), lemma)
    if not counts:
        return {}, {}
    top = math.log1p(max(counts.values()))
    freq = {lemma: math.log1p(n) / top for lemma, n in counts.items()}
    casing = {low: lemma for low, (_, lemma) in cased.items() if lemma != low}
    return freq, casing


def get_lemma_frequencies() -> dict[str, float]:
    """Lowercase lemma → log-frequency scaled to [0, 1] (empty when the resource file is missing)."""
    return _lemma_statistics()[0]


def get_lemma_casing() -> dict[str, str]:
    """Lowercase lemma → the capitalized spelling BRUK mostly uses for it (``київ`` → ``Київ``, ``сша`` → ``США``)."""
    return _lemma_statistics()[1]


@lru_cache(maxsize=100_000)
def parse_form(form: str) -> tuple:
    """All pymorphy3 readings of a normalized form (cached: one form comes with many tags)."""
    return tuple(get_analyzer().parse(form))


def set_feature(token, name: str, value: str) -> None:
    """Set one UD feature of ``token``'s morphology (``Case=Acc``), keeping the others."""
    features = token.morph.to_dict()
    features[name] = value
    token.set_morph(features)


def is_dictionary_word(text: str) -> bool:
    """Whether the dictionary itself knows ``text`` (normalized, any case), not only by a suffix guess."""
    parses = parse_form(lookup_form(text))
    return bool(parses) and _is_dictionary_parse(parses[0])


def _is_dictionary_parse(parse) -> bool:
    """True when the reading comes from the dictionary itself, not from a suffix/prefix guess."""
    stack = parse.methods_stack
    # a guess by prefix or suffix also starts with a dictionary look-up (of the word's tail): more steps follow
    return len(stack) == 1 and type(stack[0][0]).__name__ == "DictionaryAnalyzer"


# --------------------------------------------------------------------------------------------------------------
# UD → pymorphy3 grammemes
# --------------------------------------------------------------------------------------------------------------

#: For each UD feature: its values' grammemes, and the set of all grammemes of that category (a reading that
#: carries another grammeme of the category contradicts the tag).
_FEATURE_GRAMMEMES: dict[str, tuple[dict[str, str], frozenset[str]]] = {
    "Case": (
        {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct", "Voc": "voct"},
        frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct"}),
    ),
    "Number": ({"Sing": "sing", "Plur": "plur", "Ptan": "plur"}, frozenset({"sing", "plur"})),
    "Gender": ({"Masc": "masc", "Fem": "femn", "Neut": "neut"}, frozenset({"masc", "femn", "neut"})),
    "Animacy": ({"Anim": "anim", "Inan": "inan"}, frozenset({"anim", "inan"})),
    "Aspect": ({"Imp": "impf", "Perf": "perf"}, frozenset({"impf", "perf"})),
    "Tense": ({"Past": "past", "Pres": "pres", "Fut": "futr"}, frozenset({"past", "pres", "futr"})),
    "Person": (
        {"0": "Impe", "1": "1per", "2": "2per", "3": "3per"},
        frozenset({"Impe", "1per", "2per", "3per"}),
    ),
    "Mood": ({"Imp": "impr"}, frozenset({"impr"})),
    "Voice": ({"Act": "actv", "Pass": "pssv"}, frozenset({"actv", "pssv"})),
    "NameType": ({"Giv": "Name", "Sur": "Surn", "Pat": "Patr"}, frozenset({"Name", "Surn", "Patr"})),
    "Abbr": ({"Yes": "Abbr"}, frozenset()),
}

#: UPOS → (pymorphy3 parts of speech that fit well, those that fit loosely).
_UPOS_POS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "NOUN": (frozenset({"NOUN"}), frozenset({"NPRO", "ADJF", "NUMR"})),
    "PROPN": (frozenset({"NOUN"}), frozenset({"ADJF", "NPRO"})),
    "ADJ": (frozenset({"ADJF", "PRTF", "ADJS"}), frozenset({"NUMR", "NPRO", "NOUN"})),
    "DET": (frozenset({"NPRO"}), frozenset({"ADJF", "NUMR"})),
    "PRON": (frozenset({"NPRO"}), frozenset({"NOUN", "ADJF"})),
    "VERB": (frozenset({"VERB", "INFN", "GRND"}), frozenset({"ADJF", "PRTF"})),
    "AUX": (frozenset({"VERB", "INFN", "GRND"}), frozenset()),
    "NUM": (frozenset({"NUMR"}), frozenset({"ADJF", "NOUN", "NPRO"})),
    "ADV": (frozenset({"ADVB", "PRED", "COMP"}), frozenset({"PRCL", "CONJ", "NPRO", "PREP"})),
    "ADP": (frozenset({"PREP"}), frozenset({"ADVB", "PRCL"})),
    "CCONJ": (frozenset({"CONJ"}), frozenset({"PRCL"})),
    "SCONJ": (frozenset({"CONJ"}), frozenset({"PRCL", "ADVB"})),
    "PART": (frozenset({"PRCL"}), frozenset({"CONJ", "ADVB"})),
    "INTJ": (frozenset({"INTJ"}), frozenset({"PRCL"})),
}

#: Parts of speech whose lemma is the (lowercased) form itself when the dictionary offers nothing better.
_UNINFLECTED_UPOS = frozenset({"ADP", "CCONJ", "SCONJ", "PART", "INTJ", "ADV"})

#: Readings marked with these are rarer variants; prefer others when the tags do not decide.
_RARE_GRAMMEMES = frozenset({"Arch", "Slng", "Infr", "alt", "Fixd"})


@dataclass(frozen=True, eq=False)
class TagQuery:
    """A UD tag translated once into what the reading scorer needs (compared by identity: :func:`tag_query`
    makes one per tag, so the scorers' memos hash it in O(1))."""

    upos: str
    good_pos: frozenset[str]
    loose_pos: frozenset[str]
    #: (wanted grammeme or None, grammemes of the same category) per feature present.
    wanted: tuple[tuple[str | None, frozenset[str]], ...]
    verb_form: str | None
    degree: str | None
    conj_type: str | None
    #: True for Number=Ptan, False for Number=Plur, None otherwise.
    ptan: bool | None


@lru_cache(maxsize=4096)
def tag_query(upos: str, feats: str) -> TagQuery:
    """Translate a UPOS and a FEATS string (``Case=Gen|Number=Sing``) into a :class:`TagQuery`."""
    values = dict(item.split("=", 1) for item in feats.split("|") if "=" in item) if feats else {}
    wanted: list[tuple[str | None, frozenset[str]]] = []
    for name, (mapping, category) in _FEATURE_GRAMMEMES.items():
        if name in values:
            wanted.append((mapping.get(values[name]), category))
    good, loose = _UPOS_POS.get(upos, (frozenset(), frozenset()))
    conj = {"CCONJ": "coord", "SCONJ": "subord"}.get(upos)
    number = values.get("Number")
    ptan = {"Ptan": True, "Plur": False}.get(number or "")
    return TagQuery(upos, good, loose, tuple(wanted), values.get("VerbForm"), values.get("Degree"), conj, ptan)


@lru_cache(maxsize=100_000)
def score_reading(tag, query: TagQuery) -> float:
    """How well one pymorphy3 tag fits a UD tag: part of speech first, then agreeing features."""
    grammemes = tag.grammemes
    pos = tag.POS
    if pos in query.good_pos:
        score = 10.0
    elif pos in query.loose_pos:
        score = 5.0
    else:
        score = 0.0
    for gram, category in query.wanted:
        if gram is None:
            continue
        if gram in grammemes:
            score += 1.0
        elif gram == "sing" and "plur" not in grammemes:
            score += 0.5  # singular is unmarked in the Ukrainian dictionary
        elif grammemes & category:
            score -= 1.0
    vf = query.verb_form
    if vf is not None:
        if vf == "Inf":
            score += 1.0 if "infn" in grammemes else -1.0
        elif vf == "Conv":
            score += 2.0 if pos == "GRND" else -1.0
        elif vf == "Part":
            score += 2.0 if ("actv" in grammemes or "pssv" in grammemes) else -1.0
        elif vf == "Fin":
            score += -1.0 if ("infn" in grammemes or pos == "GRND") else 0.5
    elif query.upos == "ADJ" and ("actv" in grammemes or "pssv" in grammemes):
        score -= 0.5  # a plain adjective, not a participle
    deg = query.degree
    if deg is not None and pos in ("ADJF", "ADVB"):
        if deg == "Pos":
            score += 0.5 if "compb" in grammemes else 0.0
        elif "compb" in grammemes:
            score -= 1.0
    if query.conj_type is not None and pos == "CONJ":
        score += 1.0 if query.conj_type in grammemes else -0.5
    if query.ptan is not None and "Pltm" in grammemes:
        score += 0.5 if query.ptan else -0.5  # plurale tantum lexeme vs plural of a singular noun
    if query.upos == "DET" and pos == "NPRO" and grammemes & {"anim", "inan"}:
        score -= 0.5  # noun-like pronoun (це, те) where UD has the adjectival one (цей, той)
    if grammemes & _RARE_GRAMMEMES:
        score -= 0.25
    return score


#: Grammemes of an adjective that has degrees of comparison (UD ``Degree``).
_DEGREE_GRAMMEMES = frozenset({"compb", "compr", "supr"})


@lru_cache(maxsize=100_000)
def reading_conflicts(tag, query: TagQuery, extra: frozenset[str] = frozenset()) -> float:
    """How much of a UD tag one pymorphy3 reading contradicts (0: none).

    Part of speech: 0 if it fits, 1.5 if it fits loosely, 3 otherwise; then 1 for every feature whose category
    the reading marks with another value. For adjectives also 1 when the tag and the reading disagree on having
    a degree (``compb``, weakly) or on being a participle. Features the reading does not mark never conflict:
    the dictionary rules out tags, it does not choose among the ones it allows. ``extra``: grammemes of the
    lexeme added to the reading's own (the gender of a plural noun, which UD-IU annotates and the plural
    reading lacks).
    """
    grammemes = tag.grammemes | extra if extra else tag.grammemes
    pos = tag.POS
    conflicts = 0.0 if pos in query.good_pos else 1.5 if pos in query.loose_pos else 3.0
    for gram, category in query.wanted:
        if gram is None or gram in grammemes or (gram == "sing" and "plur" not in grammemes):
            continue
        if grammemes & category:
            conflicts += 1.0
    if query.upos == "ADJ" and pos in ("ADJF", "PRTF"):
        # weak evidence: where the dictionary has a degree UD-IU annotates one for 65 % of adjectives (dev),
        # where it has none for 8 % (comparatives and superlatives are not marked in the dictionary)
        if (query.degree is not None) != bool(grammemes & _DEGREE_GRAMMEMES):
            conflicts += 0.3
        participle = pos == "PRTF" or "actv" in grammemes or "pssv" in grammemes
        if (query.verb_form == "Part") != participle:
            conflicts += 1.0
    return conflicts


@lru_cache(maxsize=200_000)
def dictionary_conflicts(form: str, upos: str, feats: str) -> float | None:
    """The fewest conflicts of any dictionary reading of ``form`` (normalized) with a UD tag; None for a word
    the dictionary does not know (a guess proves nothing). The dictionary has no case for prepositions: theirs
    is checked against the cases each one takes (:func:`ukrnews_nlp.agreement.preposition_conflicts`)."""
    if upos == "ADP":
        case = next((f[5:] for f in feats.split("|") if f.startswith("Case=")), None)
        governed = preposition_conflicts(form, case)
        if governed is not None:
            return governed
    parses = parse_form(form)
    if not parses or not _is_dictionary_parse(parses[0]):
        return None
    query = tag_query(upos, feats)
    plural_gender = upos in ("NOUN", "PROPN") and "Gender=" in feats and "Number=Plur" in feats
    return min(reading_conflicts(p.tag, query, _lexeme_gender(p) if plural_gender else frozenset())
               for p in parses)


_GENDERS = frozenset({"masc", "femn", "neut"})


def _lexeme_gender(parse) -> frozenset[str]:
    """The gender of a plural noun reading's lexeme (from its first form), or nothing."""
    tag = parse.tag
    if tag.POS != "NOUN" or "plur" not in tag.grammemes or tag.grammemes & _GENDERS:
        return frozenset()
    # the normal form's reading is the lexeme's first form; building it alone is ~20x cheaper than the lexeme
    return parse.normalized.tag.grammemes & _GENDERS


# --------------------------------------------------------------------------------------------------------------
# Lemma choice
# --------------------------------------------------------------------------------------------------------------

_URL_RE = re.compile(
    r"^(?:https?://|www\.)|^[\w.+-]+@[\w-]+\.[\w.]+$|^[\w-]+(?:\.[\w-]+)+/\S*$|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$",
    re.IGNORECASE,
)
_LATIN_RE = re.compile(r"[A-Za-z]")
_CYRILLIC_RE = re.compile(r"[А-Яа-яЇїІіЄєҐґ]")
_DIGIT_RE = re.compile(r"\d")
_WORD_RE = re.compile(r"\w")
#: ``2016-го``, ``10-ї``, ``1980-х``: an ordinal written in digits with a case ending.
_DIGIT_ORDINAL_RE = re.compile(r"^(\d+)-([а-яіїєґ]{1,3})$")
#: ``14-річні``: digits joined to a word that inflects.
_DIGIT_COMPOUND_RE = re.compile(r"^(\d+(?:[.,]\d+)?-)([а-яіїєґ']{4,})$")


@dataclass(frozen=True)
class LemmaChoice:
    """A lowercase lemma (dictionary apostrophe) and where it came from."""

    lemma: str
    #: "dict" (dictionary reading), "guess" (pymorphy3 guess), "rule" (number, URL, punctuation, convention…)
    source: str
    #: The chosen reading is a personal, family or patronymic name.
    is_name: bool = False
    #: The chosen reading is an abbreviation (kept upper case when written so).
    is_abbr: bool = False


def _rule_lemma(text: str, upos: str) -> str | None:
    """Lemmas fixed by the token's shape, not by the dictionary: the text itself."""
    if upos in ("PUNCT", "SYM", "X") or not _WORD_RE.search(text):
        return text
    if _URL_RE.search(text):
        return text
    if GROUPED_NUMBER_RE.fullmatch(text):  # 26 000, 8,000,000: one token (ukrnews_nlp.tokenizer)
        return re.sub(r"\D", "", text)  # UD-IU: 26 000 → 26000
    if not _CYRILLIC_RE.search(text) and (_DIGIT_RE.search(text) or _LATIN_RE.search(text)):
        return text
    return None


def _best_parse(parses, upos: str, feats: str):
    """The reading that fits the UD tag best, then has the most frequent lemma, then comes first."""
    query = tag_query(upos, feats)
    freq = get_lemma_frequencies()
    best = parses[0]
    best_score = float("-inf")
    for parse in parses:
        s = score_reading(parse.tag, query) + FREQUENCY_WEIGHT * freq.get(parse.normal_form, 0.0)
        if s > best_score:
            best, best_score = parse, s
    return best, best_score


def _most_frequent_parse(parses):
    """Without tags: the dictionary reading with the most frequent lemma (rarer variants last)."""
    freq = get_lemma_frequencies()
    best = parses[0]
    best_score = float("-inf")
    for parse in parses:
        s = freq.get(parse.normal_form, 0.0) - (0.1 if parse.tag.grammemes & _RARE_GRAMMEMES else 0.0)
        if s > best_score:
            best, best_score = parse, s
    return best


def choose_reading(form: str, upos: str = "", feats: str = "", *, first_reading: bool = False,
                   prefer_abbr: bool = False) -> LemmaChoice:
    """Pick the dictionary lemma of ``form`` (already normalized by :func:`lookup_form`) for a UD tag.

    With no UPOS (no morphologizer ran) the reading with the most frequent lemma wins, or with ``prefer_abbr``
    (a word written in capitals) the first abbreviation reading; ``first_reading`` takes the dictionary's
    first reading whatever the tags (the baseline).
    """
    parses = parse_form(form)
    if not parses:
        return LemmaChoice(form, "guess")
    if upos and not first_reading:
        best, best_score = _best_parse(parses, upos, feats)
        if best_score < 5.0 and upos in _UNINFLECTED_UPOS:
            # no reading of a fitting part of speech: an uninflected word is its own lemma
            return LemmaChoice(form, "dict" if _is_dictionary_parse(parses[0]) else "guess")
    elif prefer_abbr:
        best = next((p for p in parses if "Abbr" in p.tag.grammemes), parses[0])
    elif first_reading:
        best = parses[0]
    else:
        best = _most_frequent_parse(parses)
    grammemes = best.tag.grammemes
    return LemmaChoice(
        best.normal_form,
        "dict" if _is_dictionary_parse(best) else "guess",
        bool(grammemes & {"Name", "Surn", "Patr"}),
        "Abbr" in grammemes,
    )


#: Readings that make a word a name: people, places, organisations, trade marks; and abbreviations.
_PROPER_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


@lru_cache(maxsize=100_000)
def _proper_readings(form: str) -> tuple[int, int] | None:
    """How many dictionary readings of ``form`` (normalized) are names (of people, places, organisations, trade
    marks), abbreviations or lemmas BRUK writes with a capital, and how many readings there are; None for a word
    the dictionary does not know."""
    parses = parse_form(form)
    if not parses or not _is_dictionary_parse(parses[0]):
        return None
    casing = get_lemma_casing()
    return sum(bool(p.tag.grammemes & _PROPER_GRAMMEMES or p.normal_form in casing) for p in parses), len(parses)


def is_common_word(form: str) -> bool:
    """The dictionary knows ``form`` (normalized) as a common word only (``шлаки``, ``коментар``)."""
    counts = _proper_readings(form)
    return counts is not None and counts[0] == 0


_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})


def _every_reading(form: str, pos: str, names: bool = True) -> bool:
    """The dictionary knows ``form`` (normalized), and every reading of it is of part of speech ``pos`` (with
    ``names=False``, none of them a name)."""
    parses = parse_form(form)
    if not parses or not _is_dictionary_parse(parses[0]):
        return False
    return all(p.tag.POS == pos and (names or not p.tag.grammemes & _NAME_GRAMMEMES) for p in parses)


@lru_cache(maxsize=50_000)
def is_plain_noun(form: str) -> bool:
    """Every dictionary reading of ``form`` (normalized) is a common noun (``принца``, ``нафта``, ``таксі``), and the
    form is not one of UD-IU's adverbs the dictionary reads as nouns (``треба``, ``слід``, ``варто``): never an
    adverb, whatever the tagger says. Names do not count (``шкода`` is also a surname)."""
    return form not in UD_ADVERB_NOUNS and _every_reading(form, "NOUN", names=False)


@lru_cache(maxsize=50_000)
def is_plain_adverb(form: str) -> bool:
    """Every dictionary reading of ``form`` (normalized) is an adverb (``внічию``, ``топлес``, ``різноспрямовано``),
    and the form is none of UD-IU's nouns and converbs the dictionary reads as adverbs (``позавчора``, ``дригом``;
    ``стоячи``): never a noun or a verb, whatever the tagger says."""
    return form not in UD_NOUN_ADVERBS and not form.endswith(("чи", "ши", "чись", "шись")) \
        and _every_reading(form, "ADVB")


@lru_cache(maxsize=50_000)
def is_plain_pronoun(form: str) -> bool:
    """Every dictionary reading of ``form`` (normalized) is a pronoun (``чий``, ``жодної``)."""
    return _every_reading(form, "NPRO")


#: Forms UD-IU tags NOUN that the dictionary knows only as adverbs: those of zoloto outside UD-IU dev/test
#: (``сьогодні`` 3 times, ``позавчора``, ``дригом``) and the other day adverbs (``на завтра``).
UD_NOUN_ADVERBS = frozenset("сьогодні позавчора дригом вчора учора завтра післязавтра".split())

#: Forms UD-IU tags ADV that the dictionary knows only as common nouns: those tagged so in zoloto outside UD-IU
#: dev/test (``треба`` 87 times, ``уже`` 43, ``слід`` 27 of 29, ``варто`` 8, ``т`` of ``т. д.``, ``час`` once of 138,
#: ``весною``, ``напрямки``…) and the predicatives ``пора``, ``шкода``, ``лінь``, ``сором``.
UD_ADVERB_NOUNS = frozenset(
    "треба уже слід варто т незмога благо гріх весною час напрямки пора шкода лінь сором".split())


def is_proper_word(form: str) -> bool:
    """The dictionary knows ``form`` (normalized) as a name only (``кадар``, ``хочолава``, ``карпати``)."""
    counts = _proper_readings(form)
    return counts is not None and counts[0] == counts[1]


_CYRILLIC_WORD = re.compile(r"[а-щьюяєіїґ]+(?:['’-][а-щьюяєіїґ]+)*")


def is_unknown_cyrillic_word(form: str) -> bool:
    """``form`` (normalized, lower case) is a Ukrainian-alphabet word the dictionary does not know
    (``волиньприродресурс``, ``інтерстеллару``)."""
    return bool(_CYRILLIC_WORD.fullmatch(form)) and _proper_readings(form) is None


# --------------------------------------------------------------------------------------------------------------
# UD Ukrainian-IU conventions (measured on UD-IU dev, see bench/lemma_conventions.py)
# --------------------------------------------------------------------------------------------------------------

#: Parts of speech whose UD-IU lemma is the lowercased form itself (no exceptions in UD-IU dev for ADV:
#: comparatives such as ``більш``, ``краще`` stay as written).
_FORM_IS_LEMMA_UPOS = frozenset({"ADV", "ADP", "CCONJ", "SCONJ", "PART", "INTJ"})

#: Determiners: UD-IU lemmatizes the adjectival pronoun, the dictionary often the neuter noun-like one.
_DET_LEMMAS = {"це": "цей", "те": "той", "оце": "оцей", "оте": "отой", "самий": "сам"}
_TOTAL_LEMMAS = frozenset({"весь", "ввесь", "все", "всі", "увесь", "усе", "усі", "вся", "уся"})
_GERUND_PRESENT = (("ючи", "ють"), ("учи", "уть"), ("ачи", "ать"), ("ячи", "ять"))


def _known_reading(word: str, pos: frozenset[str]):
    for parse in parse_form(word):
        if parse.tag.POS in pos and _is_dictionary_parse(parse):
            return parse
    return None


@lru_cache(maxsize=20_000)
def gerund_infinitive(form: str) -> str | None:
    """UD lemma of an adverbial participle (``враховуючи`` → ``враховувати``), via a finite form."""
    reflexive = form.endswith(("сь", "ся"))
    base = form[:-2] if reflexive else form
    candidates: list[str] = []
    if base.endswith("вши"):
        candidates.append(base[:-3] + "в")  # розглянувши → розглянув
    elif base.endswith("ши"):
        candidates.append(base[:-2])  # досягши → досяг
    for suffix, finite in _GERUND_PRESENT:
        if base.endswith(suffix):
            candidates.append(base[: -len(suffix)] + finite)  # враховуючи → враховують
    for cand in candidates:
        parse = _known_reading(cand + ("ся" if reflexive else ""), frozenset({"VERB"}))
        if parse is not None:
            return parse.normal_form
    return None


@lru_cache(maxsize=20_000)
def compound_first_part(form: str) -> str:
    """UD lemma of the first part of a hyphenated adjective (``військово``-…) → ``військовий``."""
    stem = form[:-1] if form.endswith(("о", "ьо")) else form
    candidates = [stem + "ий", stem + "ій", stem + "ний"]
    if stem.endswith("ик"):
        candidates.insert(0, stem[:-1] + "чний")  # медико → медичний
    for cand in candidates:
        if _known_reading(cand, frozenset({"ADJF"})) is not None:
            return cand
    return stem + "ий"


def _digit_ordinal(form: str) -> str | None:
    """``2016-го`` → ``2016-ий``, ``3-го`` → ``3-ій``, ``1980-х`` → ``1980-й`` (UD-IU spelling)."""
    m = _DIGIT_ORDINAL_RE.match(form)
    if m is None:
        return None
    digits, ending = m.groups()
    if ending in ("х", "ї", "й", "м", "ми"):
        return f"{digits}-й"
    soft = digits.endswith("3") and not digits.endswith("13")  # третій
    return f"{digits}-{'ій' if soft else 'ий'}"


def _feature(feats: str, name: str) -> str | None:
    key = name + "="
    for item in feats.split("|"):
        if item.startswith(key):
            return item[len(key):]
    return None


#: UD-IU lemmas of nouns used as the first part of a hyphenated noun (``прес-секретар``: zoloto 6 of 6 ``пресовий``,
#: ``прем'єр-міністр`` 2 of 2 ``прем'єрний``), by the lower-cased form.
COMPOUND_ADJECTIVE_LEMMAS = {"прес": "пресовий", "прем'єр": "прем'єрний", "прем’єр": "прем’єрний",
                             "прем`єр": "прем`єрний"}


#: Adjectives used as nouns whose UD-IU lemma is the neuter form itself, where the dictionary has another noun
#: (``головне`` "the main thing": zoloto 6 of 6 ``головне``; the dictionary reads ``головня``).
SUBSTANTIVE_LEMMAS = {"головне": "головне"}


def convention_lemma(form: str, upos: str, feats: str) -> str | None:
    """A UD-IU lemma decided before the dictionary is consulted, or None."""
    if upos in _FORM_IS_LEMMA_UPOS:
        return form
    if upos in ("ADJ", "NOUN", "NUM", "DET") and _DIGIT_RE.search(form):
        ordinal = _digit_ordinal(form) if upos in ("ADJ", "NOUN") else None
        if ordinal is not None:
            return ordinal
    if upos == "ADJ" and "Hyph=Yes" in feats and form.endswith("о"):
        return compound_first_part(form)
    if upos in ("VERB", "AUX") and "VerbForm=Conv" in feats:
        return gerund_infinitive(form)
    if upos == "DET" and "Poss=Yes" in feats and "Person=3" in feats and form in ("його", "її", "їх"):
        return form
    if upos == "VERB" and form in ("немає", "нема"):
        return "немати"  # UD-IU (zoloto and dev: 93 of 93); the dictionary has no such verb
    if upos == "ADJ" and form in COMPOUND_ADJECTIVE_LEMMAS:
        return COMPOUND_ADJECTIVE_LEMMAS[form]
    if upos == "NOUN" and form in SUBSTANTIVE_LEMMAS:
        return SUBSTANTIVE_LEMMAS[form]
    return None


def adjust_lemma(lemma: str, form: str, upos: str, feats: str, parse=None) -> str:
    """Turn a dictionary lemma into the UD-IU one where their conventions differ."""
    if upos == "DET":
        if "PronType=Tot" in feats and lemma in _TOTAL_LEMMAS:
            return "увесь" if form.startswith("у") else "весь"
        return _DET_LEMMAS.get(lemma, lemma)
    if upos == "PRON" and "PronType=Tot" in feats and lemma in _TOTAL_LEMMAS:
        return "усе" if form.startswith("у") else "все"
    if upos == "PRON" and lemma == "такий":
        return "таке"  # the pronoun ("таке трапляється"): zoloto 30 of 30, as "те", "це"
    return lemma


# --------------------------------------------------------------------------------------------------------------
# Letter case and apostrophes of the output
# --------------------------------------------------------------------------------------------------------------

#: UD-IU writes lemmas with U+2019 whatever the text used.
LEMMA_APOSTROPHE = "\u2019"


def restore_case(lemma: str, text: str, *, proper: bool, keep_upper: bool) -> str:
    """Give a lowercase dictionary lemma the capitals of the written form when it is a proper name.

    ``Лукашенка`` → ``Лукашенко``, ``Нью-Йорка`` → ``Нью-Йорк``, ``О'Райлі`` → ``О'Райлі``; ``НАТО`` → ``НАТО``
    (``keep_upper``); ``ПАТЕРСОН`` → ``Патерсон``; lowercase forms (``путіним``) stay lowercase.
    """
    if not text or not text[0].isupper():
        return lemma
    if keep_upper and len(text) > 1 and text.isupper():
        return lemma.upper()
    if not proper:
        return lemma
    if text.isupper():  # a name in capitals: capitalize each part
        text = "-".join(part[:1] + part[1:].lower() for part in text.split("-"))
    text_parts = text.split("-")
    lemma_parts = lemma.split("-")
    if len(text_parts) != len(lemma_parts):
        text_parts, lemma_parts = [text], [lemma]
    return "-".join(_copy_case(lp, tp) for tp, lp in zip(text_parts, lemma_parts, strict=True))


def _copy_case(lemma: str, text: str) -> str:
    """The letters of ``lemma`` with the case of ``text`` over their common beginning; the first one capital
    if the text's is."""
    chars = list(lemma)
    for i, (lc, tc) in enumerate(zip(lemma, text, strict=False)):
        if lc != tc.lower() and normalize_apostrophes(lc + "a") != normalize_apostrophes(tc + "a"):
            break
        if tc.isupper():
            chars[i] = lc.upper()
    if chars and text[:1].isupper():
        chars[0] = chars[0].upper()
    return "".join(chars)


def set_apostrophe(lemma: str, apostrophe: str) -> str:
    """Write the lemma with the chosen apostrophe character (the dictionary uses ASCII ``'``)."""
    return lemma.replace("'", apostrophe) if "'" in lemma else lemma


def lemmatize_word(
    text: str,
    upos: str = "",
    feats: str = "",
    *,
    norm: str | None = None,
    upstream: str | None = None,
    sent_start: bool = False,
    next_text: str = "",
    conventions: bool = True,
    first_reading: bool = False,
    apostrophe: str = LEMMA_APOSTROPHE,
) -> str:
    """Lemma of one word given its UD tag (the component's logic, without spaCy).

    ``sent_start``: the word opens its sentence (only punctuation before it);
    ``norm`` is the tokenizer's normalized form (defaults to ``text``); ``upstream`` is a lemma predicted
    earlier in the pipeline, kept when the dictionary does not know the word; ``next_text`` is the following
    token (a ``.`` right after an abbreviation belongs to its lemma: ``р`` ``.`` → ``р.``).
    """
    lemma = _lemma(text, norm or text, upos, feats, sent_start, next_text == ".", conventions, first_reading)
    if lemma is None:
        if upstream:
            return upstream
        lemma = _lemma(text, norm or text, upos, feats, sent_start, next_text == ".", conventions,
                       first_reading, guess=True)
    return set_apostrophe(lemma, apostrophe)


#: Abbreviations UD-IU lemmatizes without a period even where one follows (units and amounts at the end of a
#: sentence: ``5 м.``, ``11 млн т.``); the others take the period that follows them (``ст`` ``.`` → ``ст.``: zoloto
#: outside dev/test 46 of 46).
UNDOTTED_ABBREVIATIONS = frozenset({"м", "с", "т", "млн", "млрд", "км", "кг", "г", "л", "см", "мм", "га", "грн"})


def _lemma(text: str, norm: str, upos: str, feats: str, sent_start: bool, dot_follows: bool,
           conventions: bool, first_reading: bool, guess: bool = False) -> str | None:
    """The lemma with ASCII apostrophes, or None for a word the dictionary does not know (unless ``guess``)."""
    fixed = _rule_lemma(text, upos)
    if fixed is not None:
        return normalize_apostrophes(fixed)
    form = lookup_form(norm)
    abbr = "Abbr=Yes" in feats
    if conventions and upos:
        lemma = convention_lemma(form, upos, feats)
        if lemma is not None:
            return restore_case(lemma, text, proper=upos == "PROPN", keep_upper=abbr)
    all_caps = len(text) > 1 and text.isupper()
    if all_caps and len(text) <= 6 and _is_acronym(form):
        return text  # НАТО, США: an indeclinable abbreviation is its own lemma, whatever the tag
    choice = choose_reading(form, upos, feats, first_reading=first_reading, prefer_abbr=all_caps and not upos)
    if dot_follows and (abbr or not upos or upos == "PROPN" or choice.is_abbr) and not (
            form in UNDOTTED_ABBREVIATIONS and text.islower()):
        dotted = choose_reading(form + ".", upos, feats)
        if dotted.source == "dict" and (dotted.is_abbr or abbr or dotted.lemma.endswith(".")):
            choice = dotted  # р . → р.
        elif upos == "PROPN" and len(form) == 1:
            return text + "."  # an initial: Р . → Р.
    if choice.source != "dict" and not guess:
        return None
    lemma = choice.lemma
    if "ґ" in lemma and "ґ" not in form:
        lemma = lemma.replace("ґ", "г")  # guesses borrow the ending of a ґ-word: машингвера → машинґвер
    if conventions and upos:
        lemma = adjust_lemma(lemma, form, upos, feats)
        if "Number=Ptan" in feats and not lemma.endswith(("и", "і", "а", "я")):
            plural = _plural_lemma(form, upos, feats)
            lemma = plural or lemma
    if upos:
        proper = upos == "PROPN"
        keep_upper = abbr or choice.is_abbr or choice.source != "dict" or (upos == "PROPN" and len(text) <= 4)
        if choice.source == "dict" and text[:1].isupper() and not keep_upper:
            # second opinion on a (predicted) tag: the dictionary's name marks and BRUK's spelling of the lemma
            named = choice.is_name or lemma in get_lemma_casing()
            if proper and sent_start and not named and lemma in get_lemma_frequencies():
                proper = False  # "Бабця" opening a sentence, tagged PROPN: a common word
            elif upos == "NOUN" and not sent_start and named:
                proper = True  # "Закарпаття" inside a sentence, tagged NOUN: a name
    elif choice.source == "dict":
        # no tags: a capitalized word is a name when its lemma is (or BRUK writes it with capitals)
        cased = get_lemma_casing().get(lemma)
        if cased is not None and text[:1].isupper():
            return cased
        proper = choice.is_name or (not sent_start and not all_caps and lemma not in get_lemma_frequencies())
        keep_upper = choice.is_abbr
    else:
        proper = not sent_start
        keep_upper = True
    return restore_case(lemma, text, proper=proper, keep_upper=keep_upper)


@lru_cache(maxsize=20_000)
def _is_acronym(form: str) -> bool:
    """The dictionary knows ``form`` as an indeclinable abbreviation (НАТО, США, ЗМІ)."""
    return any(
        p.normal_form == form and p.tag.grammemes & {"Abbr", "Fixd"} and p.tag.POS == "NOUN"
        for p in parse_form(form) if _is_dictionary_parse(p)
    )


@lru_cache(maxsize=20_000)
def _plural_lemma(form: str, upos: str, feats: str) -> str | None:
    """Nominative plural of the chosen reading: UD lemmatizes plurale tantum nouns so (``коштів`` → ``кошти``)."""
    parses = parse_form(form)
    if not parses:
        return None
    best, _ = _best_parse(parses, upos, feats)
    inflected = best.inflect({"plur", "nomn"})
    return inflected.word if inflected is not None else None


# --------------------------------------------------------------------------------------------------------------
# spaCy component
# --------------------------------------------------------------------------------------------------------------


#: Demonstratives before which a form of ``сам`` is ``самий`` ("the same": ``той самий``, ``цієї самої``): zoloto and
#: UD-IU dev, determiners after one of these 30 of 31 times ``самий``, elsewhere 118 of 144 times ``сам``.
DEMONSTRATIVE_FORMS = frozenset(
    "той та те ті того тієї тої тому тій тим тією тою тих тими ту цей ця це ці цього цієї цьому цім цим цією цих цими "
    "цю такий така таке такі такого такої такому таким такою таких такими таку".split())


class UkrNewsLemmatizer:
    """Sets ``token.lemma_`` from the dictionary reading that fits the token's UPOS and FEATS.

    Words unknown to the dictionary keep a lemma predicted earlier (the trainable lemmatizer); with no
    morphology the most probable reading is used.
    """

    def __init__(self, nlp: Language, name: str, *, conventions: bool = True, keep_upstream: bool = True,
                 apostrophe: str = LEMMA_APOSTROPHE, cache_size: int = 200_000) -> None:
        self.name = name
        self.conventions = conventions
        self.keep_upstream = keep_upstream
        self.apostrophe = apostrophe
        self.cache_size = cache_size
        self._strings = nlp.vocab.strings
        self._period = nlp.vocab.strings.add(".")
        self._possessive3 = frozenset(nlp.vocab.strings.add(w) for w in ("його", "її", "їх"))
        self._sam, self._samyi = nlp.vocab.strings.add("сам"), nlp.vocab.strings.add("самий")
        self._demonstratives = frozenset(nlp.vocab.strings.add(w) for w in DEMONSTRATIVE_FORMS)
        # (orth, norm, pos, morph, sentence start, "." follows) → lemma hash, or None: unknown word; a memory
        # zone's entries go with it (the lemma strings they name are freed)
        self._cache: ZoneMemo = ZoneMemo(cache_size)
        get_analyzer()  # build the dictionary and read the frequencies now, not on the first document
        get_lemma_frequencies()

    def __call__(self, doc: Doc) -> Doc:
        cache = self._cache
        period = self._period
        # one array read instead of a dozen Token attributes per token, one write of every lemma; Token
        # objects only where there is work left
        rows = doc.to_array([ORTH, NORM, POS, MORPH, SENT_START, IS_ALPHA, SPACY, LEMMA, DEP]).tolist()
        lemmas = [row[7] for row in rows]  # what earlier components set (the trainable lemmatizer), or 0
        unknown: list[tuple[int, bool, bool]] = []  # words the dictionary lacks: (index, initial, "." follows)
        possessive: list[int] = []
        n = len(rows)
        conventions = self.conventions
        initial = True  # no word yet in this sentence (opening quotes and dashes do not count)
        for i, (orth, norm, pos, morph, sent_start, is_alpha, space, _lemma, dep) in enumerate(rows):
            if sent_start == 1:
                initial = True
            dot_follows = i + 1 < n and rows[i + 1][0] == period and not space
            key = (orth, norm, pos, morph, initial, dot_follows)
            lemma_id = cache.get(key, 0)
            if lemma_id == 0:
                lemma_id = self._lemma_id(doc[i], initial, dot_follows, guess=not self.keep_upstream)
                cache.put(key, lemma_id)
            if lemma_id is None:  # unknown word: keep what the trained lemmatizer said, if anything
                unknown.append((i, initial, dot_follows))
            else:
                lemmas[i] = lemma_id
            if lemmas[i] == self._sam and conventions and i and rows[i - 1][1] in self._demonstratives:
                lemmas[i] = self._samyi  # "той самий", "тих самих": the same (UD-IU), not "oneself"
            if norm in self._possessive3 and dep:
                possessive.append(i)
            if initial and is_alpha:
                initial = False
        if n:
            doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64"))
        for i, initial, dot_follows in unknown:
            token = doc[i]
            if token.lemma == 0:
                token.lemma = self._lemma_id(token, initial, dot_follows, guess=True)
            elif not initial and token.text[:1].isupper():
                self._capitalize_upstream(token)
        for i in possessive:
            self._third_person(doc[i])
        return doc

    def memory_zone(self, mem=None):
        """Called by ``nlp.memory_zone()``: the lemma ids memoized inside the zone are dropped when it ends."""
        return self._cache.memory_zone(mem)

    def _third_person(self, token) -> None:
        """його/її/їх: possessive (lemma as written) when the parser attaches it as ``det``, else personal.

        The parser sees the whole clause, so its attachment overrides a DET/PRON slip of the tagger.
        """
        possessive = token.dep_ == "det"
        if possessive == (token.pos_ == "DET"):
            return
        if possessive:
            token.lemma_ = token.text.lower()
        else:
            lemma = _lemma(token.text, token.norm_, "PRON", str(token.morph), False, False, self.conventions, False)
            if lemma is not None:
                token.lemma_ = lemma

    def _capitalize_upstream(self, token) -> None:
        """An unknown word written with a capital inside a sentence is a name: so is its lemma (Йора → Йора)."""
        lemma = token.lemma_
        if lemma[:1].islower() and lemma[:1] == token.text[:1].lower():
            token.lemma_ = lemma[:1].upper() + lemma[1:]

    def _lemma_id(self, token, initial: bool, dot_follows: bool, *, guess: bool) -> int | None:
        lemma = _lemma(token.text, token.norm_, token.pos_, str(token.morph), initial,
                       dot_follows, self.conventions, False, guess=guess)
        if lemma is None:
            return None
        return self._strings.add(set_apostrophe(lemma, self.apostrophe))

    # the component has no state of its own beyond its config
    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        """Nothing to save: the dictionary comes from the ``pymorphy3-dicts-uk`` package."""

    def from_disk(self, path, *, exclude: Iterable[str] = ()) -> UkrNewsLemmatizer:
        """Nothing to load."""
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """Nothing to save."""
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> UkrNewsLemmatizer:
        """Nothing to load."""
        return self


@Language.factory(
    "ukrnews_lemmatizer",
    default_config={"conventions": True, "keep_upstream": True, "apostrophe": LEMMA_APOSTROPHE,
                    "cache_size": 200_000},
    assigns=["token.lemma"],
    requires=["token.pos", "token.morph"],
)
def make_ukrnews_lemmatizer(
    nlp: Language,
    name: str,
    *,
    conventions: bool = True,
    keep_upstream: bool = True,
    apostrophe: str = LEMMA_APOSTROPHE,
    cache_size: int = 200_000,
) -> UkrNewsLemmatizer:
    """Factory of the dictionary lemmatizer (see :class:`UkrNewsLemmatizer`).

    ``conventions``: apply the UD-IU lemma conventions; ``keep_upstream``: keep an earlier lemma for words the
    dictionary does not know; ``apostrophe``: the character written in lemmas; ``cache_size``: entries kept.
    """
    return UkrNewsLemmatizer(nlp, name, conventions=conventions, keep_upstream=keep_upstream,
                             apostrophe=apostrophe, cache_size=cache_size)
