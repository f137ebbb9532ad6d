"""``ukrnews_word_features``: features that belong to the word, not the form, taken from a lemma table.

Gender and animacy of a noun, whether it is plural-only, the aspect of a verb, whether an adjective has
degrees of comparison, the pronoun type of a pronominal word: these are properties of the lexeme. The tagger
predicts them per token and errs on rare words and on plural forms (``метали`` gets no gender, ``меблі`` a
gender it does not have). After the lemma is known, this component sets such features from a table of what
the training treebanks say about the lemma (``resources/word_features.tsv``, built by
``python -m ukrnews_nlp.training.word_features``), where they say it consistently.

Whether an adjective has ``Degree=Pos`` follows UD Ukrainian-IU, whose dictionary version marks far fewer
adjectives as comparable than the newer one behind BRUK and pymorphy3: adjectives absent from the treebank
get no degree. Measured on UD Ukrainian-IU dev (gold tokens): UFeats 90.34 → 91.71 with the core model
trained before the BRUK degrees were aligned.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import IS_DIGIT, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import hash_string
from spacy.tokens import Doc

from .digit_numbers import align_digit_numbers
from .errors import Errors, ModelError
from .morphology import _is_dictionary_parse, _plural_lemma, lookup_form, parse_form
from .name_agreement import agree_person_names
from .normalize import normalize_apostrophes

WORD_FEATURES_PATH = Path(__file__).resolve().parent / "resources" / "word_features.tsv"

#: Lexical features looked up per UPOS. ``Number`` stands for plural-only (``Ptan``) vs ordinary (``Plur``)
#: and is used only on plural forms; ``Degree`` only for ``Pos`` vs none, on positive-degree forms.
LEXICAL_FEATURES: dict[str, tuple[str, ...]] = {
    "NOUN": ("Gender", "Animacy", "Number"),
    "PROPN": ("Gender", "Animacy", "Number"),
    "ADJ": ("Degree",),
    "ADV": ("Degree", "PronType"),
    "VERB": ("Aspect",),
    "AUX": ("Aspect",),
    "DET": ("PronType", "Poss", "Reflex"),
    "PRON": ("PronType", "Poss", "Reflex"),
    "NUM": ("NumType",),
}

_LEXICAL_POS_IDS = numpy.asarray([POS_IDS[pos] for pos in LEXICAL_FEATURES], dtype="uint64")

#: What a lemma missing from the table gets: the treebank's convention for adjectives it does not contain is no
#: degree (1,182 of the 1,213 zoloto adjective lemmas BRUK lacks have none).
DEFAULTS: dict[str, dict[str, str]] = {"ADJ": {"Degree": ""}}

#: Numerals UD-IU gives the gender of the noun they count (zoloto outside dev/test, ``nummod``: ``два`` 23 of 24 with
#: their noun's gender, ``двох`` 26 of 32, ``двома`` 6 of 9, ``обидва`` 5 of 5); BRUK, most of the tagger's data,
#: gives them none, and so did the tagger (UD-IU dev: 10 of 12 such words without the gender the treebank has).
AGREEING_NUMERALS = frozenset({"два", "двох", "двом", "двома", "обидва"})
#: Numerals that are masculine where no noun gives them its gender (``два`` without a noun: zoloto 4 of 4;
#: ``обидва``, its masculine form), and ``півтора`` always (5 of 5).
MASCULINE_NUMERALS = frozenset({"два", "обидва", "півтора"})
_NUM_ID = POS_IDS["NUM"]
_ADV_ID = POS_IDS["ADV"]
_NOUN_ID = POS_IDS["NOUN"]
_ADJ_ID = POS_IDS["ADJ"]
_HYPHEN = hash_string("-")
_PERIOD = hash_string(".")
_ARTICLE_ORTHS = numpy.array([hash_string(f) for f in ("ст", "Ст", "СТ")], dtype="uint64")

#: (UPOS, lowercased lemma) → {feature: value}; value "" means the lexeme's forms do not carry the feature.
WordTable = dict[tuple[str, str], dict[str, str]]


def read_table(path: str | Path = WORD_FEATURES_PATH) -> WordTable:
    """Read a table written by :func:`write_table` (``UPOS<TAB>lemma<TAB>Feat=Value|Feat=|…`` per line)."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(Errors.E104.format(path=path))
    table: WordTable = {}
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[0] not in LEXICAL_FEATURES or not parts[2]:
                raise ModelError(Errors.E105.format(path=path, line=line_no))
            table[(parts[0], parts[1])] = dict(item.split("=", 1) for item in parts[2].split("|"))
    return table


def write_table(table: WordTable, path: str | Path, header: str = "") -> int:
    """Write ``table`` sorted, one lemma per line, leaving out lemmas that only repeat :data:`DEFAULTS`;
    returns the number of lines."""
    lines = [f"{upos}\t{lemma}\t" + "|".join(f"{k}={v}" for k, v in sorted(feats.items()))
             for (upos, lemma), feats in sorted(table.items()) if feats and feats != DEFAULTS.get(upos)]
    with Path(path).open("w", encoding="utf-8") as fh:
        if header:
            fh.write(f"# {header}\n")
        fh.write("\n".join(lines) + "\n")
    return len(lines)


@lru_cache(maxsize=2)
def get_table(path: str = str(WORD_FEATURES_PATH)) -> WordTable:
    """The table at ``path``, read once per process."""
    return read_table(path)


def lemma_key(lemma: str) -> str:
    """How lemmas are keyed in the table: lowercased, apostrophes as ``'``."""
    return normalize_apostrophes(lemma.lower())


def parse_feats(feats: str) -> dict[str, str]:
    """``Case=Gen|Number=Sing`` → ``{"Case": "Gen", "Number": "Sing"}`` (``""`` and ``_`` → ``{}``)."""
    return dict(item.split("=", 1) for item in feats.split("|") if "=" in item) if feats and feats != "_" else {}


def format_feats(feats: dict[str, str]) -> str:
    """Inverse of :func:`parse_feats`, features sorted case-insensitively as in UD."""
    return "|".join(f"{k}={v}" for k, v in sorted(feats.items(), key=lambda kv: kv[0].lower()))


def converb_tense(form: str) -> str | None:
    """UD-IU ``Tense`` of a converb (``VerbForm=Conv``) read off its ending: ``-чи`` Pres, ``-ши`` Past."""
    ending = form.lower().removesuffix("сь").removesuffix("ся")
    if ending.endswith("чи"):
        return "Pres"
    if ending.endswith("ши"):
        return "Past"
    return None


#: The negative prefix of participles the dictionary has only without it (``нескорений``: ``скорений``).
NEGATIVE_PREFIX = "не"
_VOICES = {"actv": "Act", "pssv": "Pass"}
#: The suffixes of active participles (``існуючий``, ``діючої``, ``лежачого``; ``минулий``, ``зів'ялий``) before an
#: adjective ending: the only forms :func:`participle_features` looks up without the negative prefix.
_ACTIVE_PARTICIPLE = re.compile(r"(?:уч|юч|ач|яч|л)(?:ий|а|е|і|ого|ої|ому|ій|им|ою|их|ими|у|ім)$")
_ASPECTS = {"perf": "Perf", "impf": "Imp"}


def _adjective_readings(form: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """What the dictionary's adjective readings of ``form`` (normalized) are: their kinds (``actv``, ``pssv`` or
    ``adj``) and aspects; None where it has none."""
    parses = [p for p in parse_form(form) if p.tag.POS in ("ADJF", "PRTF") and _is_dictionary_parse(p)]
    if not parses:
        return None
    kinds = frozenset(next((g for g in ("actv", "pssv") if g in p.tag.grammemes), "adj") for p in parses)
    aspects = frozenset(a for p in parses for a in ("perf", "impf") if a in p.tag.grammemes)
    return kinds, aspects


_ANIMACY = {"anim": "Anim", "inan": "Inan"}


@lru_cache(maxsize=50_000)
def dictionary_animacy(text: str) -> str | None:
    """The animacy every dictionary noun reading of ``text`` gives (``Anim``/``Inan``), for a word of four letters
    or more; None where the readings differ or there are none. Short words are often abbreviations the dictionary
    reads as another noun (``коп``: "cop", for ``копійок``)."""
    if len(text) < 4:
        return None
    found = {_ANIMACY[g] for p in parse_form(lookup_form(text)) if p.tag.POS == "NOUN" and _is_dictionary_parse(p)
             for g in p.tag.grammemes if g in _ANIMACY}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=50_000)
def participle_features(text: str) -> tuple[str, str] | None:
    """``(Voice, Aspect)`` of an adjective UD-IU annotates as a participle, from the dictionary; None otherwise.

    A form whose every dictionary reading is an active participle (``існуючої``, ``діючої``), and a form with the
    negative prefix the dictionary knows only as an adjective or not at all whose stem is only one kind of
    participle (``нескорених``: ``скорених``, passive): zoloto outside dev/test, tagged ``ADJ`` without
    ``VerbForm``: 42 such words, 38 of them participles in the treebank with this voice and aspect (2 plain
    adjectives, 2 nouns). Passive participles the dictionary knows are left to the tagger, which follows the
    treebank there (12 of the 21 it leaves plain are plain adjectives in it). One aspect only, else None.
    """
    lower = text.lower()
    if not lower.startswith(NEGATIVE_PREFIX) and not _ACTIVE_PARTICIPLE.search(lower):
        return None  # neither negated nor shaped like an active participle: no dictionary look-up needed
    form = lookup_form(text)
    readings = _adjective_readings(form)
    if readings is None or readings[0] == {"adj"}:
        if not form.startswith(NEGATIVE_PREFIX) or len(form) < 6:
            return None
        readings = _adjective_readings(form[len(NEGATIVE_PREFIX):])
        if readings is None or len(readings[0]) != 1 or "adj" in readings[0]:
            return None
    elif readings[0] != {"actv"}:
        return None
    kinds, aspects = readings
    if len(aspects) != 1:
        return None
    return _VOICES[next(iter(kinds))], _ASPECTS[next(iter(aspects))]


def correct_features(lemma: str, upos: str, feats: str, table: WordTable, form: str = "") -> str:
    """``feats`` with the lexical features of ``(upos, lemma)`` set from ``table``; unchanged if it has none.

    With the ``form``, a converb missing its tense gets it from its ending (:func:`converb_tense`), an adjective the
    dictionary knows as a participle its voice and aspect (:func:`participle_features`), and a noun whose animacy
    the table leaves open the dictionary's (:func:`dictionary_animacy`). An imperfective active participle is in
    the present tense.
    """
    if form and upos == "VERB" and "VerbForm=Conv" in feats and "Tense=" not in feats:
        tense = converb_tense(form)
        if tense:
            feats = format_feats({**parse_feats(feats), "Tense": tense})
    if form and upos == "ADJ" and ("VerbForm=" not in feats or "VerbForm=Part" in feats):
        participle = participle_features(form)
        # a plain adjective label, or a participle of the voice the dictionary rules out (``існуючі`` passive)
        if participle and ("VerbForm=" not in feats or f"Voice={participle[0]}" not in feats):
            feats = format_feats({**parse_feats(feats), "VerbForm": "Part", "Voice": participle[0],
                                  "Aspect": participle[1]})
    if upos == "ADJ" and "Voice=Act" in feats and "Aspect=Imp" in feats and "Tense=" not in feats:
        # UD-IU: an imperfective active participle is in the present (zoloto and UD-IU dev: 39 of 39)
        feats = format_feats({**parse_feats(feats), "Tense": "Pres"})
    names = LEXICAL_FEATURES.get(upos)
    if names is None:
        return feats
    known = table.get((upos, lemma_key(lemma))) or DEFAULTS.get(upos)
    if form and upos == "NOUN" and "Animacy" not in (known or {}) and "Animacy=" in feats:
        # a noun the treebanks do not settle: the dictionary's animacy where all its readings agree (UD-IU dev:
        # 4 tokens right, none wrong; the tagger guesses rare nouns' animacy: ``кролів``, ``парашутистів``)
        animacy = dictionary_animacy(form)
        if animacy:
            feats = format_feats({**parse_feats(feats), "Animacy": animacy})
    if known is None:
        return feats
    values = parse_feats(feats)
    for name in names:
        value = known.get(name)
        if value is None:
            continue
        if name == "Number":
            if values.get("Number") in ("Plur", "Ptan"):
                values["Number"] = value
                if value == "Ptan":
                    values.pop("Gender", None)
            continue
        if name == "Degree" and values.get("Degree", "Pos") != "Pos" and not (upos == "ADV" and value == ""):
            continue  # comparative and superlative forms are marked on the form, unless the adverb has no degree
        if name == "Gender" and values.get("Number") == "Ptan":
            continue
        if value:
            values[name] = value
        else:
            values.pop(name, None)
    return format_feats(values)


def plural_only_lemma(text: str, upos: str, feats: str, lemma: str) -> str:
    """The lemma of a form the table makes plurale tantum (``коштів``: ``кошт`` → ``кошти``): its nominative plural,
    as UD-IU lemmatizes such nouns (lower case, acronyms too: ``ЗМІ`` → ``змі``)."""
    return _plural_lemma(lookup_form(text), upos, feats) or lemma


def numeral_gender(doc: Doc, rows: numpy.ndarray | None = None) -> None:
    """Give :data:`AGREEING_NUMERALS` the gender of the noun they count (their ``nummod`` head), and
    :data:`MASCULINE_NUMERALS` without such a noun ``Gender=Masc``. ``rows``: the doc's POS column, if read."""
    pos = doc.to_array([POS]) if rows is None else rows
    for i in numpy.flatnonzero(pos == _NUM_ID).tolist():
        token = doc[i]
        form = normalize_apostrophes(token.lower_)
        if form not in AGREEING_NUMERALS and form not in MASCULINE_NUMERALS:
            continue
        head = token.head
        gender = None
        if form != "півтора" and token.dep_.startswith("nummod") and head.pos_ in ("NOUN", "PROPN"):
            gender = next(iter(head.morph.get("Gender")), None)
        if gender is None and form in MASCULINE_NUMERALS:
            gender = "Masc"
        if gender is not None and token.morph.get("Gender") != [gender]:
            feats = token.morph.to_dict()
            feats["Gender"] = gender
            token.set_morph(feats)


def ago_without_pronoun_type(doc: Doc, rows: numpy.ndarray | None = None) -> None:
    """``тому`` right after a noun means "ago" (``два роки тому``) and has no pronoun type in UD-IU (zoloto outside
    dev/test: 14 of 14; elsewhere ``PronType=Dem``, 75 of 77, which the lemma table gives). ``rows``: the doc's
    POS column, if read."""
    pos = doc.to_array([POS]) if rows is None else rows
    for i in numpy.flatnonzero(pos[1:] == _ADV_ID).tolist():
        if pos[i] == _NOUN_ID and doc[i + 1].lower_ == "тому":
            token = doc[i + 1]
            if token.morph.get("PronType"):
                feats = token.morph.to_dict()
                del feats["PronType"]
                token.set_morph(feats or None)


def compound_first_parts(doc: Doc, orths: numpy.ndarray | None = None, pos: numpy.ndarray | None = None) -> None:
    """The first part of a hyphenated compound adjective (``південно``-``західний``, ``чорно``-``білий``: an
    adjective in ``-о`` right before a hyphen) has no universal features in UD-IU (zoloto outside dev/test: 111 of
    111), where the tagger gives some a degree; it keeps ``Hyph=Yes`` only. ``orths``, ``pos``: the doc's ORTH and
    POS columns, if read."""
    orths = doc.to_array([ORTH]) if orths is None else orths
    pos = doc.to_array([POS]) if pos is None else pos
    for i in numpy.flatnonzero((orths[1:] == _HYPHEN) & (pos[:-1] == _ADJ_ID)).tolist():
        token = doc[i]
        if not token.whitespace_ and token.lower_.endswith("о") and str(token.morph) not in ("", "Hyph=Yes"):
            token.set_morph("Hyph=Yes")


#: ``ст.`` before a number is ``стаття`` ("article", feminine: ``ч. 1 ст. 119``), after a century's Roman numeral
#: ``століття`` (neuter: ``XIX ст.``); the tagger gives it the neuter either way (zoloto outside dev/test: 7 of 7
#: before a number feminine, all tagged neuter).
ARTICLE_ABBREVIATION = "ст"


def article_gender(doc: Doc, orths: numpy.ndarray | None = None) -> None:
    """:data:`ARTICLE_ABBREVIATION` followed by a number (its period between) is feminine. ``orths``: the doc's ORTH
    column, if read."""
    orths = doc.to_array([ORTH]) if orths is None else orths
    for i in numpy.flatnonzero(numpy.isin(orths, _ARTICLE_ORTHS)).tolist():
        j = i + 2 if i + 1 < len(doc) and orths[i + 1] == _PERIOD else i + 1
        token = doc[i]
        if j < len(doc) and doc[j].is_digit and token.pos_ == "NOUN" and token.morph.get("Gender") == ["Neut"]:
            feats = token.morph.to_dict()
            feats["Gender"] = "Fem"
            token.set_morph(feats)


class WordFeatures:
    """Sets the lexical features of each token from the lemma table (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, *, table_path: str | None = None, cache_size: int = 200_000):
        self.name = name
        self.table_path = table_path
        self.table = get_table(table_path or str(WORD_FEATURES_PATH))
        self.cache_size = cache_size
        self._strings = nlp.vocab.strings
        self._cache: dict[tuple[int, int, int, int], str | None] = {}

    def __call__(self, doc: Doc) -> Doc:
        cache = self._cache
        # one array read instead of four Token attributes per token; Token objects only where work is left
        rows = doc.to_array([ORTH, LEMMA, POS, MORPH, IS_DIGIT])
        positions = numpy.flatnonzero(numpy.isin(rows[:, 2], _LEXICAL_POS_IDS))
        # the keys in one conversion: a numpy row slice per token cost as much as the cache look-ups
        for i, key_row in zip(positions.tolist(), rows[positions, :4].tolist(), strict=True):
            key = tuple(key_row)
            if key in cache:
                new = cache[key]
            else:
                token = doc[i]
                old = str(token.morph)
                new = correct_features(token.lemma_, token.pos_, old, self.table, token.text)
                new = None if new == old else new
                if len(cache) >= self.cache_size:
                    cache.clear()
                cache[key] = new
            if new is not None:
                token = doc[i]
                made_plural_only = "Number=Ptan" in new and token.morph.get("Number") != ["Ptan"]
                token.set_morph(new or None)
                if made_plural_only:
                    token.lemma_ = plural_only_lemma(token.text, token.pos_, new, token.lemma_)
        numeral_gender(doc, rows[:, 2])
        ago_without_pronoun_type(doc, rows[:, 2])
        compound_first_parts(doc, rows[:, 0], rows[:, 2])
        agree_person_names(doc, rows[:, 2], rows[:, 3])
        article_gender(doc, rows[:, 0])
        align_digit_numbers(doc, rows[:, 4])
        return doc

    # the table ships with the package; nothing is serialized with a pipeline
    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        """Nothing to save."""

    def from_disk(self, path, *, exclude: Iterable[str] = ()) -> WordFeatures:
        """Nothing to load."""
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """Nothing to save."""
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> WordFeatures:
        """Nothing to load."""
        return self


@Language.factory(
    "ukrnews_word_features",
    default_config={"table_path": None, "cache_size": 200_000},
    assigns=["token.morph"],
    requires=["token.pos", "token.morph", "token.lemma"],
)
def make_word_features(nlp: Language, name: str, *, table_path: str | None = None,
                       cache_size: int = 200_000) -> WordFeatures:
    """Factory of :class:`WordFeatures`. ``table_path``: another table (default: the shipped one)."""
    return WordFeatures(nlp, name, table_path=table_path, cache_size=cache_size)


__all__ = ["AGREEING_NUMERALS", "DEFAULTS", "LEXICAL_FEATURES", "MASCULINE_NUMERALS", "WordFeatures",
           "ago_without_pronoun_type", "converb_tense", "correct_features", "format_feats", "get_table", "lemma_key",
           "numeral_gender", "parse_feats", "read_table", "write_table"]
