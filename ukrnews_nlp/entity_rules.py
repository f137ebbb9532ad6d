"""Rule corrections of the NER model's entities, the ``ukrnews_entity_rules`` pipeline component.

It runs right after ``ner`` and rewrites ``doc.ents`` with a few general rules, each switched on or off in the
config; in brackets, micro F1 over PER/LOC/ORG on the validation part of NER-UK 2.0 DEV lost without the rule
(``ukrnews-nlp evaluate ner --split valid``: 84.69 for the model alone, 89.01 with all rules):

* ``boundaries`` (−0.76): spans follow the NER-UK annotation conventions at their edges: no whitespace, no
  comma, colon, trademark sign or sentence-final period at the end (an initial's or an abbreviation's period
  stays: ``Смєшко І. П.``; for the other types only the period rule: ``31 грудня.`` → ``31 грудня``, but
  ``2020 р.``, ``5 тис. грн.``), no unpaired quote mark or bracket (a name written wholly in quotes is taken
  without them; a quote opened inside the name is closed with it: ``ВАТ ДАК «Автомобільні дороги України»``), no
  function word, verb or adverb at the end (``АМКУ оштрафувало`` → ``АМКУ``), no person noun in the nominative
  right after an organisation's acronym or quoted name (``ГУ НГУ підполковник`` → ``ГУ НГУ``; no ORG of DEV ends so), no
  capitalized verb or adverb opening the
  sentence at the start (``Узяв Дору`` → ``Дору``), no ``в с.`` that begins the next place name, and no noun in the
  nominative or accusative after a noun in the genitive at the end of an ORG (``продовольства закупівлю`` →
  ``продовольства``; no ORG of DEV ends so), nor a noun only accusative after a noun or acronym inside it (``НАЗК
  заяву``, ``госпсуд ухвалу суду`` → ``НАЗК``, ``госпсуд``); a quoted company name after a common noun in an
  oblique case is taken alone, without the quotes (``фірми «Полімерізол»`` → ``Полімерізол``), and after a legal
  form in capitals with it; an ORG stops before a lower-case ``про`` (``суду про стягнення``) and
  before an opening bracket or quote at its end, unless a quoted name follows (``закладу «Харківська лікарня № 5»``);
  a quoted title broken by a sentence mark and a line break is one name (``«Наші гроші.`` / ``Львів»``);
  and no span of any type runs past a table cell separator ``|`` (none in DEV does). The other types' spans lose a
  preposition or conjunction at the end (``17:00 до``), dates and amounts a closing mark (``5 грн :)``), and a
  money, percent or quantity span with no digit and no word in lower case (``Viber``) is dropped.
* ``common_words`` (−0.68): a one-word PER/LOC/ORG at the start of a sentence (or of a menu item: ``Новини |
  Економіка | Спорт``) that the dictionary (and BRUK) know only as a common word (``Співай``, ``Троянда``) is
  dropped, unless the document also has it capitalized inside a sentence; so is a LOC of several words ending in
  a lower-case noun the dictionary knows only as one person (``Самопроголошений президент``: a title). A one-word
  LOC or ORG is dropped also where the dictionary reads the word as a person's name too (``Хмари``, ``Куля``; a
  PER keeps it: ``Роман``), and anywhere a one-word PER/LOC/ORG in lower case that is no name in the
  dictionary or BRUK (``області``, ``російській``; not ``москви``, ``рф``), and a heading of two or more words in
  capitals that are all common words (``ДЕРЖАВНА ПІДТРИМКА ГРОМАД``). A one-word MISC is dropped on the same
  terms (``Експорт`` opening a sentence; none of DEV's 163 one-word MISC spans is such a word).
* ``person_readings`` (−0.00; −0.09 before ``place_context`` read across line breaks): a one-word PER that
  the dictionary (pymorphy3) knows only as an inanimate noun, with no first-name, surname or patronymic reading,
  is a place (``Париж``, ``Закарпатті``, ``Підлипки``): LOC; but a capitalized PER or LOC (not a country) that the
  core model's parse makes the subject of a verb of speech, thought, feeling or bodily action (``Амфібрахій
  співав``, ``Калязін обернувся``: such subjects are PER 305 times in DEV, never LOC) is a person.
* ``name_kinds`` (−1.42): the label follows the kind of name where NER-UK's conventions are fixed: a one-word
  LOC built like a state body's or company's short name (``Мінюст``, ``Нацгвардія``, ``Укравтодор``,
  ``Держгеокадастр``: 155 ORG mentions in DEV, none LOC) is ORG; an ORG naming a country (CLDR's Ukrainian
  names and long forms, any case: ``Об'єднаних Арабських Еміратів``, ``ОАЕ``; not in quotes: ``«Україна»``) is
  LOC (so are former and unrecognized states and Crimea: ``УСРР``, ``ДНР``, ``АР Крим``); a PER right after a
  settlement noun (``села Мала Костромка``, ``у місті Змієві``) with no first-name,
  surname or patronymic reading is LOC; an amount (MON, QUANT, PERIOD, DATE) ending in ``%`` is PCT; an ORG
  right before a span naming its district or region takes it in (``сільської ради Києво-Святошинського району``:
  50 such ORG mentions in DEV, 4 with the region apart; ``Рада міністрів Автономної Республіки Крим``), and so
  does one right before ``у``/``в`` and the region or city it serves (``Управління СБУ у Чернігівській
  області``, ``райради у м. Києві``: 30 in DEV, 5 apart); a LOC
  with an institution's noun (``Партія регіонів``, ``Генпрокуратура``, ``Академії``; not a council, whose name also
  names its territory) is ORG, and so is an ART, MISC or LOC that is a quoted name after a company noun (``компанії
  «СПО»``: 290 such names in DEV, all ORG), and a LOC ending in a power plant's abbreviation (``Запорізької АЕС``,
  ``РАЕС``); an ORG takes in what NER-UK keeps at its end: ``(б)`` (``ЦК КП(б)У``), a legal suffix with its period
  (``Ронтекс Інк.``, ``MAKO Holding B. V.``), a glued hyphenated part (``БЮТ-Б``), the name after ``імені``
  (``університет імені Тараса Шевченка``: 10 of 10); a LOC of a settlement and its
  region is two (``Глиняни`` + ``Золочівського району``: 30 of 32 in DEV), region adjectives before a plural head
  are one (``Донецької і Луганської областей``, ``Дніпропетровській та Запорізькій областях``), so are a street
  abbreviation ending a line and the name on the next (``пр.`` / ``Гагаріна``), an address
  takes in its house number (``вул. Патріотичній, 7-а``: 49 of 49; ``Оболонському проспекті, 6``), a quoted
  company name the legal form or acronym before its quotes (``ПК «Індустріал Груп»``, ``ПФ «Діта»``: 769 of 769),
  an acronym the capitalized region adjective before it (``Диканське ГМРП``: 45 of 45), and ``Блок`` the leader's
  name after it (``Блок Петра Порошенка``); an ORG ending in a person's name outside the genitive ends before it,
  which is a PER (``НВК №9 Наталія Оцишена``; ``Фонду Ріната Ахметова`` stays whole); a LOC of a capitalized
  possessive adjective made of a person's name and the lower-case words it qualifies (``Дориних пальчиків``,
  ``Данковою курткою``: fiction) is that person, the adjective alone (PER), unless a word names a kind of place
  (``Дякової слободи``, ``Змієвими валами`` are LOC in DEV); an ORG of one capitalized word with initials
  (``Підвисоцький М. Т.``) is PER,
  unless the initials are a company's legal form (``Metinvest B. V.``); an ORG that is a car make with its model
  (``Mitsubishi Pajero``) is ART, so is a quoted ORG after a noun for a work (``книжку «Тореодори з
  Васюківки»``: 18 ART, 3 MISC, no ORG in DEV; after a product noun MISC: ``засобу «Біопагдез КС»``) and a quoted
  ORG a reporting phrase names as the source of the news (``За
  даними «ВДЗ»``, ``Про це пише … в «Рівне вечірнє»``: a medium, 97 ART and 11 ORG in DEV), and one that is the
  acronym of a tax or code (``ПДВ``, ``ТУ``) or ``ЗМІ`` is none, ``ФОП`` JOB, ``ОТГ``, ``КСВ``, ``ДСТУ``,
  ``Інтернет`` and ``Закон`` MISC, an ORG opening with a document's noun DOC (``Указом Президента``: 41 DOC, 21
  MISC, no ORG in DEV), and one naming a state symbol or award ART or MISC (``Державного Герба України``, ``«Знак
  пошани»``); an ORG of two words or more opening with a title is a post, JOB
  (``Міністра оборони України``: 91 of 92 such spans in DEV), and a LOC naming a feast or event is MISC
  (``Великдень``, ``Різдво``, ``День Києва``, ``Нового року``: 28 MISC, 1 LOC in DEV). Further (DEV counts at each
  rule): an ORG holding a noun for a reference work is ART (``Червоної книги України``); one that is only a
  region's name is LOC unless a title comes before it (``заклади Запорізької області``; ``прокурора Київської
  області`` stays), as is a part of a country (``Східної України``); a DOC opening with a decision noun is the
  issuer's ORG and the DATE (``ухвала`` ``Печерського райсуду м. Києва`` від ``26 травня``), and a lower-case title
  running into a body's name a JOB and an ORG (``заступник`` ``Міністра оборони України``); an ORG takes in
  ``України`` right after it, the fields coordinated with it (``Міністерства екології та природних ресурсів``),
  ``з`` and the field a service serves (``Державна служба України з надзвичайних ситуацій``), ``м.`` or ``міста``
  and a city (``районного суду м. Києва``) and the outer words of a quoted name around it (``«Фірма
  «Профдезінфекція № 1»»``); a quoted name after a company noun is ORG even where the model made it a person
  (``фірма «Ю. К.»``); numbered section headings (``Стаття 6``), acronyms of kinds of plant or thing (``ТЕС``,
  ``АЗС``) and an ORG wholly of lower-case common words (``апеляційний суд``, ``міської ради``) are no entity.
* ``place_context`` (−0.48): a capitalized word after a settlement or river abbreviation (``м.``, ``с.``, ``смт``,
  ``р.``; not a unit after a number: ``2008 р.``, ``100 кв. м.``) is a place (LOC), added when the model
  missed it; also across a line break after ``в с.`` (a list: ``вул. Набережна в с.`` / ``Толокунь``).
* ``document`` (−1.04): one name, one label per document. Mentions whose words share a dictionary lemma
  (``Лукашенко`` / ``Лукашенка``) take the label most of them have (a one-word mention also counts, twice, the
  surname of a longer PER mention: ``Федорука`` after ``Анатолій Федорук``; one that shares a lemma with the
  surname of a PER mention opening with a given name is PER whatever the count: ``Бережанська`` after ``Наталю
  Бережанську``, and so is a PER or LOC mention sharing a lemma with a one-word name that is somewhere the subject
  of a verb of speech or feeling: ``Амфібрахій співав`` … ``Амфібрахія``), and a surname or one-word name tagged
  in one place is tagged at its other, untagged occurrences in the document (``Олександр Лукашенко`` …
  ``Лукашенка``); lower-cased occurrences too when the tagged mention is lower-cased itself and the word is a
  name (BRUK writes it with a capital, or the dictionary reads it as a surname): ``путін`` … ``путіна``. An
  untagged acronym in mixed case (``ГоловКРУ``) and, with ``name_kinds``, an untagged short name of a state body
  (``Кабмін``, ``СБУ``) are ORG, and an ORG tagged at this stage takes in its legal form and region as above.
* ``lowercase_style`` (±0.00: the validation part predates the style): a lower-case word whose dictionary lemma
  is one of the russia-related names that news since 2022 writes in lower case (``росія``, ``москва``,
  ``кремль``, ``рф``: LOC; ``путін``, ``лукашенко``, ``шойгу``, ``лавров``, ``пєсков``, ``медведєв``,
  ``кадиров``: PER; the names the NER training substitutes in lower case) is tagged where the model has
  nothing (``у кремлі``, ``путіна і лукашенка``); and a lower-case given name followed by a lower-case surname in
  the same case, number and gender (``дмитро пєсков``, ``марії захаровій``) is one PER span, whatever the model
  made of its words (the given name one that BRUK mostly writes with a capital: ``віра``, ``роман`` start none);
  in a document that writes one of the listed names in lower case, a lower-case word the dictionary knows only as a
  surname (``герасимов``, ``медведчук``) is a person where the model has nothing, and russian state bodies in lower
  case are organisations (``держдуми``, ``фсб``; ``мзс рф``, ``міноборони росії`` as one span).

* ``news_names`` (±0.00: NER-UK predates the style): the names of the 2022–2024 news, the war's bodies and units
  (``Генштаб ЗСУ``, ``47-ї окремої механізованої бригади``), titles opening a sentence (``Генсек НАТО Єнс
  Столтенберг``), names run together (``путіна Дмитро Пєсков``), particles and hyphens (``Урсулою фон дер Ляєн``,
  ``Приморсько-Ахтарську``): :mod:`ukrnews_nlp.news_entities`.

The rules read token texts, spacing, sentence starts, pymorphy3 readings, the BRUK lemma counts and the country
names shipped in ``resources/``, and where the core model parsed the Doc a few subjects' verbs, so they work with or
without the core model; they only move
entity edges to token edges, so character offsets stay those of the original text.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, POS, SENT_START, SPACY
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span

from .doc_text import doc_text
from .morphology import _is_dictionary_parse, get_lemma_casing, get_lemma_frequencies, lookup_form, parse_form
from .sentences import INITIALS, NON_FINAL_ABBREVIATIONS
from .training.ner_uk import SUBSTITUTE_NAMES

__all__ = ["EntityRules", "make_entity_rules"]

#: Labels the rules work on; the other NER-UK types (DATE, JOB, MON…) are left as the model gave them.
NAME_LABELS = frozenset({"PER", "LOC", "ORG"})
#: Abbreviations after which a capitalized word is a settlement or a river (NER-UK leaves the abbreviation
#: out of the LOC span: ``м. Київ`` → ``Київ``).
PLACE_MARKERS = frozenset({"м", "с", "смт", "сел", "р"})
_UNIT_PREFIXES = frozenset({"кв", "куб", "кв.", "куб."})
#: Prepositions before a settlement abbreviation: "в с." is never the end of a sentence.
_PLACE_PREPOSITIONS = frozenset({"в", "у", "до", "з", "із", "зі", "на", "біля", "поблизу", "під", "від"})

_OPEN_QUOTES = frozenset("«„“‹")
_CLOSE_QUOTES = frozenset("»”›")
_SYMMETRIC_QUOTES = frozenset("\"'")
_TRAILING_PUNCT = frozenset(",;:!?…-–—|/*_™®©")
_DASHES = frozenset("-–—")
#: Separators of menu and breadcrumb items in scraped pages: each item starts afresh, like a sentence.
_ITEM_SEPARATORS = frozenset({"|", "›", "•", "·", "→", ">"})
#: Parts of speech of words that never end a name (a name ends in a noun, adjective, number or abbreviation).
_NOT_NAME_POS = frozenset({"VERB", "INFN", "GRND", "ADVB", "PREP", "CONJ", "PRCL", "INTJ", "PRED", "COMP"})
#: Capitalized words of these parts of speech do not end a name (``Окрім``); a capitalized verb may be a
#: surname the dictionary does not know (``Зассе`` reads as a verb).
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "ADVB"})
#: Prepositions and conjunctions: never the last word of a date, time or amount.
_JOINING_POS = frozenset({"PREP", "CONJ"})
#: Conjunctions, prepositions and the like that also have other readings (``та`` is a pronoun too).
_FUNCTION_WORDS = frozenset("та і й а що як в у з із зі на до від по для при про за під над".split())
#: Parts of speech of words that never stand inside a name (verbs, pronouns).
_CLAUSE_POS = frozenset({"VERB", "INFN", "GRND", "NPRO", "PRED"})
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})

#: Ukrainian country names, one per line (built by ``python -m ukrnews_nlp.training.countries``).
COUNTRIES_PATH = Path(__file__).resolve().parent / "resources" / "countries.txt"
#: One-word short names of state bodies and companies: ``Мінюст``, ``Нацбанк``, ``Держгеокадастр``,
#: ``Укрзалізниця``. NER-UK 2.0 DEV annotates 155 such one-word mentions ORG, 2 PER, 1 JOB, none LOC.
_STATE_BODY_RE = re.compile(r"^(?:Держ|Мін|Нац|Укр)[а-яіїєґ'’ʼ]{3,}$")
_NOT_STATE_BODY = ("Україн", "Мінськ", "Мінерал")
#: One word that names a utility or road company after its place (``Київводоканал``, ``Житомиробленерго``,
#: ``Львівавтодору``, ``Харківтрансгаз``): NER-UK 2.0 tags all 48 such words in its documents ORG.
_UTILITY_COMPANY_RE = re.compile(
    r"^[А-ЯІЇЄҐ][а-яіїєґ'’ʼ]{2,}(?:автодор|водоканал|теплоенерго|обленерго|енерго|тепломереж|трансгаз|нафтогаз)"
    r"[а-яіїєґ]{0,3}$")
#: Lemmas of the nouns after which a name is a place: ``села Мала Костромка``, ``у місті Змієві``.
SETTLEMENT_NOUNS = frozenset({"село", "місто", "селище", "містечко", "урочище", "хутір"})
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")


@dataclass
class _Ent:
    start: int  # token index
    end: int    # token index, exclusive
    label: str


# --------------------------------------------------------------------------------------------------------------
# Word classes from the dictionary (cached per look-up form)
# --------------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=50_000)
def _word_info(form: str) -> tuple[bool, frozenset[str], frozenset[str], frozenset[str]]:
    """For a look-up form: (known to the dictionary, its parts of speech, its grammemes, its lemmas)."""
    parses = [p for p in parse_form(form) if _is_dictionary_parse(p)]
    if not parses:
        guesses = parse_form(form)
        return False, frozenset(), frozenset(), frozenset(p.normal_form for p in guesses) | {form}
    pos = frozenset(p.tag.POS or "" for p in parses)
    grammemes = frozenset().union(*(p.tag.grammemes for p in parses))
    return True, pos, grammemes, frozenset(p.normal_form for p in parses) | {form}


#: Types of numeric spans that a final ``%`` makes a percentage (PCT).
_AMOUNT_LABELS = frozenset({"MON", "QUANT", "PERIOD", "DATE"})
#: Dates, times and amounts: spans that end in a word, a number or one of :data:`_AMOUNT_SIGNS`.
_NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERIOD", "MON", "PCT", "QUANT"})
_AMOUNT_SIGNS = frozenset({".", "%", "‰", "°", "′", "″", "$", "€", "£", "₴", "₽"})
#: Money, percentages and quantities: spans that always hold a digit, a number word or a unit.
_MEASURE_LABELS = frozenset({"MON", "PCT", "QUANT"})
#: Grammemes that keep a noun from being a single person's title: plural or inanimate readings, names.
_NOT_ONE_PERSON = frozenset({"inan", "plur", "Name", "Surn", "Patr"})


#: Cases other than the nominative, vocative and accusative (the accusative of an animate plural: ``керівники``).
_OBLIQUE_CASES = frozenset({"gent", "datv", "ablt", "loct"})


def _dictionary_parses(text: str) -> list:
    """The dictionary's readings of a token's text (pymorphy3 parses, guesses left out)."""
    return [p for p in parse_form(lookup_form(text)) if _is_dictionary_parse(p)]


def _readings(d: _Doc, i: int, pos: str | None = None) -> list[frozenset[str]]:
    """The grammemes of each dictionary reading of token ``i`` (of part of speech ``pos`` only, if given; none for a
    word the dictionary lacks)."""
    return [p.tag.grammemes for p in _dictionary_parses(d.text[i]) if pos is None or p.tag.POS == pos]


def _is_person_noun(d: _Doc, i: int) -> bool:
    """Token ``i`` is known only as a common animate noun, in the nominative (``підполковник``, ``керівники``)."""
    known, parts, grammemes, _ = d.info(i)
    if not known or parts != {"NOUN"} or grammemes & _NOT_ONE_PERSON - {"plur"}:
        return False
    readings = _readings(d, i)
    return (all("anim" in g and not g & _OBLIQUE_CASES for g in readings)
            and any("nomn" in g for g in readings))


def _is_person_phrase(d: _Doc, e: _Ent) -> bool:
    """A LOC of several words ending in a lower-case noun the dictionary knows only as one person
    (``Самопроголошений президент``, ``Новий міністр``): a title, not a place."""
    if e.label != "LOC" or not d.text[e.end - 1].islower():
        return False
    known, parts, grammemes, _ = d.info(e.end - 1)
    return known and parts == {"NOUN"} and "anim" in grammemes and not grammemes & _NOT_ONE_PERSON


@lru_cache(maxsize=50_000)
def _text_info(text: str) -> tuple[bool, frozenset[str], frozenset[str], frozenset[str]]:
    return _word_info(lookup_form(text))


def _is_capitalized(text: str) -> bool:
    return text[:1].isupper()


def _is_initial(text: str) -> bool:
    return (len(text) == 1 and text.isupper() and text.isalpha()) or text in INITIALS


class _Doc:
    """What the rules read of a Doc, as plain lists."""

    def __init__(self, doc: Doc) -> None:
        # one array read instead of a Token object per token and attribute (most of the time otherwise)
        array = doc.to_array([IDX, LENGTH, SPACY, IS_SPACE, SENT_START, POS])
        rows = array.tolist()
        text = doc_text(doc)
        self.text = [text[idx:idx + length] for idx, length, _, _, _, _ in rows]
        self.ws = [" " if space else "" for _, _, space, _, _, _ in rows]
        self.is_space = [bool(row[3]) for row in rows]
        self.sent_start = [row[4] == 1 or i == 0 for i, row in enumerate(rows)]
        #: each token's UPOS id where the core model tagged the Doc, else None
        self.pos = array[:, 5] if doc.has_annotation("POS") else None
        self.n = len(rows)
        self._doc = doc

    @cached_property
    def parsed(self) -> bool:
        """The core model parsed the Doc."""
        return self._doc.has_annotation("DEP")

    def verb_of_subject(self, i: int) -> tuple[int, str] | None:
        """For token ``i`` the parse makes a subject of a verb: the verb's index and lemma; else None (few tokens
        ask: Token objects are read here only)."""
        token = self._doc[i]
        if token.dep_ not in ("nsubj", "nsubj:pass") or token.head.pos_ != "VERB":
            return None
        return token.head.i, token.head.lemma_

    def info(self, i: int):
        return _text_info(self.text[i])

    def past_space(self, j: int, *, across_lines: bool = True) -> int:
        """``j``, or the token after it where token ``j`` is whitespace (one that breaks a line only with
        ``across_lines``)."""
        if j < self.n and self.is_space[j] and (across_lines or "\n" not in self.text[j]):
            return j + 1
        return j

    def only(self, i: int, pos: frozenset[str]) -> bool:
        """The dictionary knows token ``i`` and every reading's part of speech is in ``pos``."""
        known, parts, _, _ = self.info(i)
        return known and parts <= pos

    def opens_sentence(self, i: int) -> bool:
        """Token ``i`` is the first word of its sentence (behind opening quotes and dashes) or of an item of a
        menu or breadcrumb line (after ``|``, ``›``, ``•``: ``Новини | Політика | Економіка``)."""
        k = i
        while k > 0 and not self.sent_start[k]:
            k -= 1
            if self.text[k] in _ITEM_SEPARATORS:
                return True
            if not (self.is_space[k] or self.text[k] in _OPEN_QUOTES or self.text[k] in _SYMMETRIC_QUOTES
                    or self.text[k] in _DASHES):
                return False
        return True

    @cached_property
    def capitalized_inside(self) -> set[str]:
        """Lemmas of capitalized words that do not open a sentence (where a capital letter means a name)."""
        out: set[str] = set()
        for i, text in enumerate(self.text):
            if _is_capitalized(text) and text[1:].islower() and not self.opens_sentence(i):
                out |= self.info(i)[3]
        return out

    def abbreviation_before(self, i: int) -> str | None:
        """The lowercased abbreviation ending in a period right before token ``i`` (``м.`` ``с .``), or None."""
        k = i - 1
        if k >= 1 and self.text[k] == "." and not self.is_space[k - 1]:
            return self.text[k - 1].lower()
        if k >= 0 and self.text[k].endswith(".") and len(self.text[k]) > 1:
            return self.text[k][:-1].lower()
        return None


# --------------------------------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------------------------------


#: Abbreviated units that end dates, amounts and periods in NER-UK (``2020 р.``, ``5 тис. грн.``, ``XX ст.``).
UNIT_ABBREVIATIONS = frozenset({"р", "рр", "pp", "p", "ст", "грн", "коп", "тис", "млн", "млрд", "дол", "год", "хв",
                                "км", "кв", "га", "кг", "т", "м", "л", "см", "мм", "шт"})


def _period_kept(d: _Doc, i: int, *, units: bool = False) -> bool:
    """A period at token ``i`` (the last of a span) belongs to an initial or abbreviation inside it (with
    ``units``, also to a unit's abbreviation)."""
    if i < 1 or d.is_space[i - 1]:
        return False
    before = d.text[i - 1]
    return _is_initial(before) or before.lower() in NON_FINAL_ABBREVIATIONS or (
        units and before.lower() in UNIT_ABBREVIATIONS)


def _cut_at_clause(d: _Doc, e: _Ent) -> None:
    """End the span before a lower-case verb or pronoun inside it (``Бучанська селищна рада та її голова`` →
    ``Бучанська селищна рада та``; :func:`_trim` drops ``та``), or before a quote that opens with a lower-case
    word (DEV: none of 1,114 quotes inside ORG spans does)."""
    for i in range(e.start + 1, e.end):
        if d.text[i].islower() and d.only(i, _CLAUSE_POS):
            e.end = i
            return
        if e.label == "ORG" and (d.text[i] == "про" or _accusative_object(d, i)):
            e.end = i  # "суду про стягнення заборгованості", "госпсуд ухвалу суду" (DEV: no ORG holds either)
            return
        if d.text[i] in _OPEN_QUOTES and i + 1 < e.end and d.text[i + 1][:1].islower():
            e.end = i  # a quote opening with a lower-case word is not a name: "ДПІ «про відмову у видачі довідки»"
            return


def _cut_at_cell(d: _Doc, e: _Ent) -> None:
    """End the span before a table cell separator inside it (``SAP Application Developer User | 4`` → ``SAP
    Application Developer User``): no NER-UK 2.0 DEV span of any type contains a ``|``."""
    for i in range(e.start + 1, e.end):
        if d.text[i] == "|":
            e.end = i
            return


_DIRECT_CASES = frozenset({"nomn", "accs", "voct"})


def _direct_case_noun(d: _Doc, i: int, pos: frozenset[str] = frozenset({"NOUN"})) -> bool:
    """Token ``i`` is a lower-case noun (or a word of another part of speech in ``pos``) with only nominative or
    accusative readings, after a space."""
    text, parts = d.text[i], d.info(i)[1]
    if not (text.isalpha() and text.islower()) or len(parts) != 1 or not parts <= pos or not d.ws[i - 1]:
        return False
    return all(g & _DIRECT_CASES and not g & _OBLIQUE_CASES for g in _readings(d, i))


def _object_after_genitive(d: _Doc, i: int) -> bool:
    """Token ``i`` is a lower-case noun with only nominative or accusative readings, after a noun with a genitive
    and no nominative reading: not part of the name before it, which it cannot continue (``продовольства
    закупівлю``)."""
    if not _direct_case_noun(d, i):
        return False
    before = _readings(d, i - 1)  # a noun: after an adjective the noun may be its head ("Житомирської облрада")
    return (d.info(i - 1)[1] == {"NOUN"} and any("gent" in g for g in before)
            and not any("nomn" in g for g in before))


_NOUN_OR_ADJECTIVE = frozenset({"NOUN", "ADJF"})


def _object_after_oblique_name(d: _Doc, e: _Ent) -> bool:
    """The span's last token is a lower-case noun or adjective with only nominative or accusative readings, and its
    first word, a noun, has neither: the name is in an oblique case they cannot continue (``У Міністерстві
    енергетики звіт назвали``, ``на арені Палацу спорту угорський клуб``)."""
    if e.end - e.start < 2 or not _direct_case_noun(d, e.end - 1, _NOUN_OR_ADJECTIVE) or d.info(e.start)[1] != {"NOUN"}:
        return False
    head = _readings(d, e.start)
    return bool(head) and not any(g & _DIRECT_CASES for g in head)


def _accusative_object(d: _Doc, i: int) -> bool:
    """Token ``i`` is a lower-case noun the dictionary has only in the accusative, right after a noun or an
    acronym: the object of a clause, not part of a name (``НАЗК заяву``, ``госпсуд ухвалу``; in an organisation's
    name such a noun follows its adjective, ``Краматорську міськраду``: DEV training part, no ORG span has one
    after a noun)."""
    text = d.text[i]
    if not (text.isalpha() and text.islower()) or d.info(i)[1] != {"NOUN"} or not d.ws[i - 1]:
        return False
    if not all("accs" in g and not g & (_OBLIQUE_CASES | {"nomn", "voct"}) for g in _readings(d, i)):
        return False
    before = d.text[i - 1]
    return (len(before) > 1 and before.isupper()) or d.only(i - 1, frozenset({"NOUN"}))


def _quoted_tail(d: _Doc, e: _Ent) -> int | None:
    """For a span ending in an opening quote: the end of the quoted name after it, closing quote included
    (``закладу охорони здоров'я «`` + ``Харківська міська дитяча лікарня № 5»``), if it closes on the same line
    within a few words; else None."""
    for k in range(e.end, min(e.end + 16, d.n)):
        if d.text[k] in _CLOSE_QUOTES:
            return k + 1 if k > e.end else None
        if "\n" in d.text[k] or d.text[k] in _OPEN_QUOTES:
            return None
    return None


def _trim(d: _Doc, e: _Ent) -> None:
    """Boundary conventions at both edges of a span (see the module docstring)."""
    _cut_at_clause(d, e)
    changed = True
    while changed and e.end > e.start:
        changed = False
        first, last = d.text[e.start], d.text[e.end - 1]
        inner = d.text[e.start:e.end]
        if d.is_space[e.end - 1] or (last in _TRAILING_PUNCT and e.end - e.start > 1):
            e.end -= 1
        elif e.end - e.start > 1 and (last == "(" or (last in _OPEN_QUOTES and not _quoted_tail(d, e))):
            e.end -= 1  # an opening mark at the end (DEV: no span ends so)
        elif d.is_space[e.start] or (first in _TRAILING_PUNCT and e.end - e.start > 1):
            e.start += 1
        elif last == "." and not _period_kept(d, e.end - 1):
            e.end -= 1
        elif last in _CLOSE_QUOTES and not any(t in _OPEN_QUOTES for t in inner):
            e.end -= 1
        elif first in _OPEN_QUOTES and (last in _CLOSE_QUOTES or not any(t in _CLOSE_QUOTES for t in inner)):
            e.start += 1  # a name wholly in quotes is taken without them
            if last in _CLOSE_QUOTES and inner.count(first) == 1:
                e.end -= 1
        elif last in _SYMMETRIC_QUOTES and inner.count(last) % 2:
            e.end -= 1
        elif first in _SYMMETRIC_QUOTES and inner.count(first) % 2:
            e.start += 1
        elif last == ")" and "(" not in inner:
            e.end -= 1
        elif first == "(" and ")" not in inner:
            e.start += 1
        elif e.end - e.start > 1 and (last in _FUNCTION_WORDS or d.only(e.end - 1, _NOT_NAME_POS if last.islower()
                                                                        else _FUNCTION_POS)):
            e.end -= 1  # "АМКУ оштрафувало", "рада та", "Смєшко І. П. Окрім"
        elif (e.label == "ORG" and e.end - e.start > 1 and last.islower() and _is_person_noun(d, e.end - 1)
              and (d.text[e.end - 2].isupper() or d.text[e.end - 2] in _CLOSE_QUOTES)):
            e.end -= 1  # "ГУ НГУ підполковник", "КВП керівники" (DEV: no ORG ends so after an acronym)
        elif e.label == "ORG" and e.end - e.start > 1 and (_object_after_genitive(d, e.end - 1)
                                                           or _object_after_oblique_name(d, e)):
            e.end -= 1  # "Міністерству ... продовольства закупівлю", "Міністерстві енергетики звіт" (DEV: no ORG
            # ends so)
        elif (e.end - e.start > 1 and e.end < d.n and d.text[e.end] == "." and not d.ws[e.end - 1]
              and last.lower() in NON_FINAL_ABBREVIATIONS and not _is_initial(last)):
            e.end -= 1  # "вул. Леніна в с" + ". Ясногородка"
        elif (e.end - e.start > 1 and d.opens_sentence(e.start) and _is_capitalized(first)
              and d.only(e.start, _NOT_NAME_POS)):
            e.start += 1  # "Узяв Дору"
        else:
            continue
        changed = True
    _close_inner_quote(d, e)


def _close_inner_quote(d: _Doc, e: _Ent) -> None:
    """A quote the name opens inside is closed with it: ``ВАТ ДАК «Автомобільні дороги України`` + ``»`` (DEV: 846
    ORG spans with an inner quote are balanced; most unbalanced ones are nested quotes closed once: ``ТОВ «ТД «Х»``),
    also around inner quotes of another kind: ``ТОВ «БК “Етерна”`` + ``»`` (DEV: 3 inside, none outside)."""
    inner = d.text[e.start:e.end]
    if e.end < d.n and d.text[e.end] == "»" and sum(t == "«" for t in inner) == 1 and "»" not in inner:
        e.end += 1


def _no_nominative_singular(d: _Doc, i: int) -> bool:
    """Token ``i`` is a noun the dictionary knows, none of whose noun readings is a nominative singular
    (``фірми``, ``компанії``, ``кінотеатрі``; not ``фірма``)."""
    known, parts, _, _ = d.info(i)
    if not known or "NOUN" not in parts:
        return False
    # the dictionary marks the plural only: a nominative without "plur" is a singular
    return not any("nomn" in g and "plur" not in g for g in _readings(d, i, "NOUN"))


def _quoted_name(d: _Doc, ents: list[_Ent]) -> None:
    """A common noun in an oblique case before an ORG's quoted name stays outside it, with the quotes (``фірми
    «Полімерізол»`` → ``Полімерізол``; DEV: ``фірми`` 30 times outside, never inside)."""
    for e in ents:
        if e.label != "ORG":
            continue
        words = [i for i in range(e.start, e.end) if not d.is_space[i]]
        opens = [i for i in words if d.text[i] in _OPEN_QUOTES]
        if (len(opens) == 1 and opens[0] > e.start and d.text[words[-1]] in _CLOSE_QUOTES
                and all(d.text[i].isalpha() and d.text[i].islower() for i in words if i < opens[0])
                and _no_nominative_singular(d, words[words.index(opens[0]) - 1])):
            e.start, e.end = opens[0] + 1, words[-1]


def _empty_starting_in(ents: list[_Ent], keep: _Ent, start: int, end: int) -> None:
    """Empties every entity but ``keep`` that starts in tokens ``start .. end - 1`` (``keep`` is growing over them;
    the callers drop empty spans)."""
    for o in ents:
        if o is not keep and start <= o.start < end:
            o.end = o.start


#: Labels of names that may run over a line break inside their quotes (:func:`_quoted_line_break`).
_TITLE_LABELS = frozenset({"ART", "ORG", "MISC"})


def _quoted_line_break(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A quoted title broken by a sentence mark and a line break (``«Наші гроші.`` / ``Львів»``: the news texts put
    a line break after every sentence) is one name: an ART, ORG or MISC right after the opening quote and ending
    before ``.``/``!``/``?``, a line break, at most three capitalized words and the closing quote takes them in, and
    any entity the model found there is dropped (DEV training part: 21 such titles one span, none cut there)."""
    for e in ents:
        if e.label not in _TITLE_LABELS or e.start == 0 or d.text[e.start - 1] not in _OPEN_QUOTES:
            continue
        if e.end + 1 >= d.n or d.text[e.end] not in (".", "!", "?") or not d.is_space[e.end + 1] \
                or "\n" not in d.text[e.end + 1]:
            continue
        k = e.end + 2
        words = 0
        while k < d.n and _is_capitalized(d.text[k]) and d.text[k].isalpha() and words < 3:
            words += 1
            k = d.past_space(k + 1, across_lines=False)
        if not words or k >= d.n or d.text[k] not in _CLOSE_QUOTES:
            continue
        _empty_starting_in(ents, e, e.end, k)  # the words inside join this span
        e.end = k
    return [e for e in ents if e.end > e.start]


#: Lemmas of nouns after which a quoted name is a company's or a party's (``фірми «Мірта стейт»``, ``директор
#: «СПО»``): in NER-UK 2.0 DEV's training part 290 quoted names follow them, all ORG, none ART or MISC.
COMPANY_NOUNS = frozenset({"фірма", "компанія", "підприємство", "держпідприємство", "група", "партія", "товариство",
                           "корпорація", "концерн", "холдинг", "завод", "завід", "господарство", "директор",
                           "власник", "засновник", "співзасновник", "керівник", "конкурент", "офшор"})


#: Car makes: a make with its model (``Mitsubishi Pajero``, ``Skoda Kodiaq Style``) or a make after a vehicle noun
#: names a car, which NER-UK tags ART (DEV training part: 14 spans open with a make, all ART).
CAR_MAKES = frozenset("""
    Toyota Тойота Mitsubishi Міцубісі Mercedes Mersedes Мерседес Mercedes-Benz BMW БМВ Audi Ауді Volkswagen
    Фольксваген Skoda Škoda Lexus Лексус Nissan Ніссан Honda Хонда Hyundai Хюндай Kia KIA Renault Рено Ford Opel
    Опель Chevrolet Шевроле Porsche Порше Volvo Вольво Peugeot Пежо Citroen Сітроен Mazda Мазда Subaru Субару Fiat
    Infiniti Jeep Cadillac Chrysler Dodge Jaguar Ягуар Suzuki Daewoo ВАЗ ЗАЗ УАЗ Lada Tesla Bentley Ferrari Maserati
    Lamborghini SsangYong Geely Chery Acura Lincoln Iveco Scania DAF
""".split())
#: How the words before a car's name start (``автомобіль``, ``позашляховика``, ``мікроавтобус``, ``машину``).
_VEHICLE_PREFIXES = ("автомоб", "авто", "машин", "позашлях", "мікроавтобус", "автобус", "вантажівк", "кросовер",
                     "седан", "мотоцикл")
#: Words after a make that name its company rather than a car (``Toyota Motor``, ``Volkswagen Group``).
_MAKER_WORDS = frozenset({"Group", "Motor", "Motors", "Company", "Corporation", "AG", "Foundation", "Україна",
                          "Ukraine", "Групп", "Моторс"})


#: Acronyms of things that are not organisations, alone in an ORG span: the label NER-UK gives them, or "" for
#: none (DEV training part: taxes and codes ``ПДВ`` 10, ``КПКВК``, ``ПММ``, ``ЄДРПОУ`` 1 each, never an entity;
#: ``ФОП`` (a sole trader) 5 times JOB, ``ОТГ`` (a united community) 4 times MISC; technical conditions ``ТУ`` 3
#: times no entity; the media ``ЗМІ`` 15 times no entity, 7 MISC, 1 ORG; corporate social responsibility ``КСВ``
#: 8 times MISC, the standard ``ДСТУ`` 2 times; kinds of plant, device or thing, ``АЕС``, ``ТЕС``, ``АЗС``, ``ЖК``,
#: ``БФП``, ``ДНК``…, 15 times alone, never an entity; none of the others ever ORG alone).
COMMON_ACRONYMS = {"ПДВ": "", "ПДФО": "", "ЄСВ": "", "КПКВК": "", "КЕКВ": "", "ПММ": "", "ЄДРПОУ": "", "ТУ": "",
                   "ЗМІ": "", "ФОП": "JOB", "ОТГ": "MISC", "КСВ": "MISC", "ДСТУ": "MISC",
                   **dict.fromkeys(("АЕС", "ГЕС", "ГАЕС", "ТЕС", "АЗС", "ЛЕП", "ЖК", "БФП", "УКХ", "ОВТ", "ДНК",
                                    "ДТП", "ВВП"), ""),
                   # weapons and their kinds in the 2022+ news (air defence, electronic warfare, drones, guided bombs)
                   **dict.fromkeys(("ППО", "ПВО", "РЕБ", "БпЛА", "БПЛА", "ЗРК", "РСЗВ", "КАБ"), "")}
#: Dictionary lemmas of words that are no organisation alone in an ORG span, with the label NER-UK gives them
#: (DEV training part: ``Інтернет`` 13 times MISC, 3 times no entity, never ORG; ``Закон``, ``Законом`` alone 5
#: times MISC, once no entity, never ORG).
COMMON_LEMMAS = {"інтернет": "MISC", "закон": "MISC"}


def _common_label(d: _Doc, i: int) -> str | None:
    """The label (``""``: none) of token ``i`` as a word that is no organisation (:data:`COMMON_ACRONYMS`,
    :data:`COMMON_LEMMAS`), or None."""
    text = d.text[i]
    if text in COMMON_ACRONYMS:
        return COMMON_ACRONYMS[text]
    return next((COMMON_LEMMAS[lemma] for lemma in d.info(i)[3] if lemma in COMMON_LEMMAS), None)


def _car_name(d: _Doc, e: _Ent) -> bool:
    """An ORG that opens with a car make (:data:`CAR_MAKES`) and goes on with a model, or follows a vehicle noun."""
    if e.label != "ORG" or d.text[e.start] not in CAR_MAKES:
        return False
    words = [i for i in range(e.start, e.end) if not d.is_space[i]]
    if len(words) > 1:
        return not any(d.text[i] in _MAKER_WORDS or d.text[i].lower().rstrip(".") in COMPANY_SUFFIXES for i in words)
    k = e.start - 1
    while k >= 0 and (d.is_space[k] or d.text[k] in _OPEN_QUOTES):
        k -= 1
    return k >= 0 and d.text[k].lower().startswith(_VEHICLE_PREFIXES)


#: Lemmas of reporting verbs after which a quoted name is the medium that reports (``Про це пише «Рівне вечірнє»``,
#: ``повідомляє «Центр журналістських розслідувань»``), and of the nouns that may stand between them (``пише на
#: сайті «МедіаПорт»``, ``повідомляє видання «Forbes»``).
REPORTING_VERBS = frozenset({"писати", "написати", "писатися", "повідомляти", "повідомити", "повідомлятися",
                             "інформувати", "йтися"})
MEDIA_NOUNS = frozenset({"видання", "сайт", "газета", "журнал", "проект", "проєкт", "агентство", "портал",
                         "ресурс", "телеканал", "матеріал", "публікація", "стаття"})
#: Lemmas of the nouns right before a quoted medium (``журналіст «Прозоро»``, ``джерела «Наших грошей»``).
MEDIA_PEOPLE = frozenset({"журналіст", "журналістка", "кореспондент", "джерело", "співрозмовник"})
_MEDIA_PREPOSITIONS = frozenset({"на", "у", "в"})
#: Two words right before a quoted medium (``за даними «ВДЗ»``, ``з посиланням на «Prozorro»``).
_SOURCE_PHRASES = frozenset({("за", "даними"), ("посиланням", "на")})


def _previous_word(d: _Doc, k: int) -> int:
    """The index of the last token before ``k`` that is not whitespace (-1 if none)."""
    k -= 1
    while k >= 0 and d.is_space[k]:
        k -= 1
    return k


def _reported_by_medium(d: _Doc, e: _Ent) -> bool:
    """An ORG in quotes that a reporting phrase names as the source of the news (``За даними «ВДЗ»``, ``з
    посиланням на «Prozorro»``, ``Про це пише Галина Котульська в «Рівне вечірнє»``): NER-UK tags such media ART
    (DEV training part: 97 ART, 11 ORG)."""
    k = _word_before_quote(d, e) if e.label == "ORG" else None
    if k is None:
        return False
    word = d.text[k].lower()
    before = _previous_word(d, k)
    if before >= 0 and (d.text[before].lower(), word) in _SOURCE_PHRASES:
        return True
    if d.info(k)[3] & MEDIA_PEOPLE:
        return True
    if d.info(k)[3] & MEDIA_NOUNS and word.islower():
        k = _previous_word(d, k)
    if k >= 0 and d.text[k].lower() in _MEDIA_PREPOSITIONS:
        k = _previous_word(d, k)
        names = 0
        while k >= 0 and names < 3 and _is_capitalized(d.text[k]) and d.text[k].isalpha():
            names += 1
            k = _previous_word(d, k)
        if not names and k >= 0 and d.info(k)[3] & MEDIA_NOUNS:
            k = _previous_word(d, k)
    return k >= 0 and "VERB" in d.info(k)[1] and bool(d.info(k)[3] & REPORTING_VERBS)


#: Lemmas of the titles that open a post, which NER-UK tags JOB (``Міністра оборони України``, ``Президенту
#: України``, ``заступник міського голови``; DEV training part: 91 spans of two words or more open so, 90 JOB,
#: 1 ORG).
TITLE_NOUNS = frozenset({"президент", "міністр", "голова", "прем'єр-міністр", "прем’єр-міністр", "мер",
                         "губернатор", "директор", "прокурор", "заступник", "начальник", "керівник", "посол",
                         "спікер", "головнокомандувач", "уповноважений", "омбудсман", "суддя", "депутат",
                         "секретар", "радник", "командувач"})


#: Lemmas of the words that open a document's name (``Конституції України``, ``Указу Президента``, ``Кодексом``):
#: in NER-UK 2.0 DEV's training part 64 spans open with one, 41 DOC, 21 MISC, 2 ART, none ORG.
DOCUMENT_NOUNS = frozenset({"конституція", "кодекс", "указ", "закон", "постанова", "розпорядження", "конвенція",
                            "договір", "угода", "статут", "протокол", "декларація", "наказ", "положення", "рішення",
                            "меморандум"})


#: Lemmas of state symbols and awards in the first two words of a name, with the label NER-UK gives the name
#: (``Державного Герба України``, ``«Знак пошани»``: DEV training part 13 ART, 1 MISC; ``премія``: 2 MISC; none ORG).
SYMBOL_NOUNS = {"знак": "ART", "герб": "ART", "прапор": "ART", "гімн": "ART", "премія": "MISC"}


def _symbol_label(d: _Doc, e: _Ent) -> str | None:
    """For an ORG naming a state symbol or an award (:data:`SYMBOL_NOUNS` in its first two words): its label."""
    if e.label != "ORG":
        return None
    for i in _lettered(d, e)[:2]:
        for lemma in d.info(i)[3]:
            if lemma in SYMBOL_NOUNS:
                return SYMBOL_NOUNS[lemma]
    return None


def _is_post(d: _Doc, e: _Ent) -> bool:
    """An ORG of two words or more whose first word is a title (:data:`TITLE_NOUNS`): a post, JOB."""
    return e.label == "ORG" and len(_lettered(d, e)) > 1 and bool(d.info(e.start)[3] & TITLE_NOUNS)


#: Lemmas of feasts, sacraments and events that open a MISC, not a place (``Великдень``, ``Різдво``, ``Причасті``,
#: ``Евромайдану``); with ``день`` or ``новий`` a feast's name of two words (``День Києва``, ``Нового року``).
FEAST_LEMMAS = frozenset({"великдень", "великодній", "різдво", "різдвяний", "покрова", "трійця", "причастя",
                          "таїнство", "літургія", "євромайдан", "евромайдан"})


def _is_feast(d: _Doc, e: _Ent) -> bool:
    """A LOC naming a feast or event (:data:`FEAST_LEMMAS`, ``День Києва``, ``Нового року``): MISC in NER-UK."""
    if e.label != "LOC":
        return False
    lemmas = d.info(e.start)[3]
    if lemmas & FEAST_LEMMAS:
        return True
    words = _lettered(d, e)
    if len(words) != 2:
        return False
    if "день" in lemmas:
        return _is_capitalized(d.text[words[1]])  # "День Києва"
    return "новий" in lemmas and "рік" in d.info(words[1])[3]  # "Нового року"


#: Lemmas of nouns after which a quoted name is a work's title (``книжку «Тореодори з Васюківки»``, ``антиутопії
#: «Гімн»``, ``видання «Олешшя онлайн»``): in NER-UK 2.0 DEV's training part 18 quoted names follow them ART, 3 MISC,
#: none ORG.
WORK_NOUNS = frozenset({"фільм", "мультфільм", "серіал", "книжка", "книга", "томик", "альбом", "п'єса", "п’єса",
                        "вірш", "пісня", "трилогія", "антиутопія", "збірка", "праця", "роман", "повість",
                        "оповідання", "поема", "казка", "вистава", "опера", "картина", "спектакль", "видання"})


def _word_before_quote(d: _Doc, e: _Ent) -> int | None:
    """For a quoted name (its opening quote right before it or its first token): the index of the word before the
    quote, else None."""
    k = e.start - 1
    if d.text[e.start] in _OPEN_QUOTES:
        k = e.start
    elif k < 0 or d.text[k] not in _OPEN_QUOTES:
        return None
    k = _previous_word(d, k)
    return k if k >= 0 else None


def _noun_before_quote(d: _Doc, e: _Ent) -> int | None:
    """:func:`_word_before_quote` where that word is in lower case (a common noun: ``фірми «…»``), else None."""
    k = _word_before_quote(d, e)
    return k if k is not None and d.text[k].islower() else None


def _company_name(d: _Doc, e: _Ent) -> bool:
    """An ART, MISC, LOC or PER that is a quoted name right after a company noun (:data:`COMPANY_NOUNS`; DEV
    training part: 244 quoted names so placed, all ORG)."""
    if e.label not in ("ART", "MISC", "LOC", "PER"):
        return False
    k = _noun_before_quote(d, e)
    return k is not None and bool(d.info(k)[3] & COMPANY_NOUNS)


#: Lemmas of nouns after which a quoted name is a product's (``засобу «Біопагдез КС»``, ``цукерок «Майська ніч»``,
#: ``кіоску «Преса»``): in NER-UK 2.0 DEV's training part 9 quoted names follow them, all MISC.
PRODUCT_NOUNS = frozenset({"засіб", "препарат", "ліки", "вакцина", "цукерка", "торт", "квітка", "сорт", "тренд",
                           "кіоск"})


def _product_name(d: _Doc, e: _Ent) -> bool:
    """An ORG that is a quoted name right after a product noun (:data:`PRODUCT_NOUNS`): MISC."""
    if e.label != "ORG":
        return False
    k = _noun_before_quote(d, e)
    return k is not None and bool(d.info(k)[3] & PRODUCT_NOUNS)


def _work_title(d: _Doc, e: _Ent) -> bool:
    """An ORG that is a quoted name right after a noun for a work (:data:`WORK_NOUNS`): a title, ART."""
    if e.label != "ORG":
        return False
    k = _noun_before_quote(d, e)
    return k is not None and bool(d.info(k)[3] & WORK_NOUNS)


#: Lemmas of reference works and books whose names NER-UK tags ART or MISC, never ORG (``Червоної книги
#: України``, ``Шевченківської енциклопедії``, ``Галицько-Волинський літопис``): in NER-UK 2.0 DEV's training part
#: 21 names hold one, 14 ART, 7 MISC.
REFERENCE_NOUNS = frozenset({"словник", "енциклопедія", "книга", "книжка", "літопис", "збірник", "альманах",
                             "довідник", "часопис"})


def _reference_work(d: _Doc, e: _Ent) -> bool:
    """An ORG holding a noun for a reference work or book (:data:`REFERENCE_NOUNS`): a title, ART."""
    return e.label == "ORG" and any(d.info(i)[3] & REFERENCE_NOUNS for i in _lettered(d, e))


#: Lemmas of the parts of a text that a heading names with a number (``Стаття 6``, ``Розділ I``, ``Принцип № 1``):
#: in NER-UK 2.0 DEV's training part 21 such headings, none an entity.
SECTION_NOUNS = frozenset({"стаття", "розділ", "глава", "пункт", "підпункт", "параграф", "принцип", "частина"})
_SECTION_NUMBER_RE = re.compile(r"^(?:\d|[IVXІХ]+$)")


def _is_section_heading(d: _Doc, e: _Ent) -> bool:
    """An ORG opening with a capitalized :data:`SECTION_NOUNS` word and its number: a heading, no entity."""
    if e.label != "ORG" or not _is_capitalized(d.text[e.start]) or not d.info(e.start)[3] & SECTION_NOUNS:
        return False
    k = d.past_space(e.start + 1)
    if k < d.n and d.text[k] == "№":
        k = d.past_space(k + 1)
    return k < d.n and bool(_SECTION_NUMBER_RE.match(d.text[k]))


def _is_lower_case_body(d: _Doc, e: _Ent) -> bool:
    """An ORG written wholly in lower case, without a digit or quote (``обласна рада``, ``апеляційний суд``): a
    common noun phrase, no name (NER-UK 2.0 DEV's training part: 27 such ORG spans of about 5,000, their strings 44
    times more outside any entity), when the dictionary knows each word as a common word and the span is not quoted;
    not the 2022+ style's russian bodies (:data:`LOWERCASE_STYLE_BODY_HEADS`) nor its lower-case names."""
    if e.label != "ORG":
        return False
    if any(c.isupper() or c.isdigit() or c in _OPEN_QUOTES or c in _CLOSE_QUOTES or c in _SYMMETRIC_QUOTES
           for i in range(e.start, e.end) for c in d.text[i]):
        return False
    if _word_before_quote(d, e) is not None:
        return False  # a quoted name ("до «команди»")
    style = LOWERCASE_STYLE_BODY_HEADS | LOWERCASE_STYLE_BODIES | _RUSSIA
    for i in _lettered(d, e):
        known, _, _, lemmas = d.info(i)
        if not known or all(g & _NAME_GRAMMEMES for g in _readings(d, i)) or lemmas & style:
            return False  # a word the dictionary lacks or knows only as a name ("медведчук трейд"), a russian body
    return True


def _trim_other(d: _Doc, e: _Ent) -> None:
    """The other types' edges: no sentence-final period (``31 грудня.``, but ``2020 р.``, ``15 тис. грн.``), no
    preposition or conjunction at the end (``17:00 до``: one span of DEV's 2,400 dates, times and amounts ends
    so, ``90-т і``), and no closing mark or emoticon after a date, time or amount."""
    while e.end - e.start > 1:
        last = d.text[e.end - 1]
        if last == "." and not _period_kept(d, e.end - 1, units=True):
            e.end -= 1
        elif last.islower() and (last in _FUNCTION_WORDS or d.only(e.end - 1, _JOINING_POS)):
            e.end -= 1
        elif d.is_space[e.end - 1]:
            e.end -= 1
        elif e.label in _NUMERIC_LABELS and last not in _AMOUNT_SIGNS and not any(ch.isalnum() for ch in last):
            e.end -= 1  # "5 244 190 грн :)", "2020 р.)" (DEV: these types end only in ".", "%", "°", "′")
        else:
            return


def _has_no_amount(d: _Doc, e: _Ent) -> bool:
    """An amount (money, percent, quantity) with no digit and no word in lower case (``Viber`` tagged QUANT):
    every MON, PCT and QUANT span of NER-UK 2.0 DEV has a digit or a lower-case number word or unit."""
    words = d.text[e.start:e.end]
    return not any(word[:1].islower() or any(ch.isdigit() for ch in word) for word in words)


def _is_common_phrase(d: _Doc, e: _Ent) -> bool:
    """What ``common_words`` drops: a one-word name or MISC that :func:`_is_common_word` reads as a common word, or
    a name of several words that :func:`_is_person_phrase` reads as a person's title."""
    if e.end - e.start == 1:
        if e.label in NAME_LABELS and _is_lower_case_common(d, e.start):
            return True
        return (e.label in NAME_LABELS or e.label == "MISC") and _is_common_word(
            d, e.start, names_too=e.label in ("LOC", "ORG"))
    return e.label in NAME_LABELS and (_is_person_phrase(d, e) or _is_capitals_heading(d, e))


def _is_capitals_heading(d: _Doc, e: _Ent) -> bool:
    """A span of two words or more, all in capitals and of four letters or more, each a common word the dictionary
    knows (no name reading, no lemma BRUK writes capitalized, no abbreviation): a heading (``ДЕРЖАВНА ПІДТРИМКА
    ДОБРОВІЛЬНОГО ОБ’ЄДНАННЯ``), not a name (DEV training part: 11 such runs, none inside an entity)."""
    words = _lettered(d, e)
    if len(words) < 2 or any(not d.text[i].isupper() or len(d.text[i]) < 4 for i in words):
        return False
    casing = get_lemma_casing()
    for i in words:
        known, _, grammemes, lemmas = d.info(i)
        if not known or grammemes & (_NAME_GRAMMEMES | {"Abbr"}) or lemmas & casing.keys():
            return False
    return True


def _is_common_word(d: _Doc, i: int, *, names_too: bool = False) -> bool:
    """Token ``i`` opens a sentence, and the dictionary and BRUK know it only as a common word (``names_too``:
    or as a common word and a person's name, ``Хмари``, ``Куля``: no place or organisation then; DEV: 396 such
    sentence-initial words, 20 PER, none LOC or ORG)."""
    text = d.text[i]
    if not (_is_capitalized(text) and text[1:].islower()) or not d.opens_sentence(i):
        return False
    known, pos, grammemes, lemmas = d.info(i)
    if not known or "Abbr" in grammemes or lemmas & d.capitalized_inside:
        return False
    if grammemes & _NAME_GRAMMEMES:
        return names_too and _common_and_name(text)
    if pos <= _NOT_NAME_POS:
        return True  # a verb, adverb, interjection… ("Співай", "Ах")
    # a noun or adjective: only when BRUK has its lemma, written in lower case (the dictionary itself has
    # place names in lower case too: "ясногородка")
    frequencies, casing = get_lemma_frequencies(), get_lemma_casing()
    return any(lemma in frequencies for lemma in lemmas) and not any(lemma in casing for lemma in lemmas)


def _is_lower_case_common(d: _Doc, i: int) -> bool:
    """Token ``i`` is written in lower case, and neither the dictionary reads it as a name (of a person, place,
    organisation or product, or an abbreviation) nor BRUK writes its lemma with a capital: ``області``,
    ``російській``, not ``путіним``, ``москви``, ``рф`` (the six fold models' 43 such one-word names were all
    wrong; DEV annotates 19 of them, ``міськрада``, ``півдні``)."""
    text = d.text[i]
    if not text.islower():
        return False
    _, _, grammemes, lemmas = d.info(i)
    return not (grammemes & (_NAME_GRAMMEMES | _PROPER_NOT_PERSON) or lemmas & get_lemma_casing().keys()
                or lemmas & LOWERCASE_STYLE_NAMES.keys())


#: Readings that make a word a name of a place, organisation or product, or an abbreviation.
_PROPER_NOT_PERSON = frozenset({"Geox", "Orgn", "Trad", "Abbr"})


@lru_cache(maxsize=20_000)
def _common_and_name(text: str) -> bool:
    """The dictionary reads ``text`` as a person's name and as a common word whose lemma BRUK writes in lower case,
    and never as a place, organisation, product or abbreviation."""
    parses = _dictionary_parses(text)
    if any(p.tag.grammemes & _PROPER_NOT_PERSON for p in parses):
        return False
    frequencies, casing = get_lemma_frequencies(), get_lemma_casing()
    return any(not p.tag.grammemes & _NAME_GRAMMEMES and p.normal_form in frequencies and p.normal_form not in casing
               for p in parses)


#: Lemmas of verbs of speech, thought, feeling and bodily action whose subject is a person (``Калязін обернувся``,
#: ``Амфібрахій співав``): in NER-UK 2.0 DEV's training part their capitalized subjects (library parse) are 305
#: times PER, 1 ORG, 1 ART and never LOC.
PERSON_VERBS = frozenset("""
    сказати казати знати розуміти зрозуміти подумати думати відповісти відповідати усміхнутися посміхнутися
    усміхатися посміхатися обернутися відчути відчувати повернутися сидіти вийти пообіцяти обіцяти говорити
    сміятися засміятися слухати мовчати співати бачити побачити чути почути любити боятися вірити згадувати згадати
    розповідати розповісти прийти піти ходити дивитися подивитися запитати спитати питати крикнути кричати
    прошепотіти шепотіти промовити кивнути зітхнути плакати заплакати зізнатися
    глянути поглянути кивати присісти розплющити скочити спати народитися померти пам’ятати писати написати
    задекларувати володіти прочинити звати значитися погоджуватися
""".split())


def _subject_of_person_verb(d: _Doc, e: _Ent) -> bool:
    """A capitalized PER or LOC of up to three words, not a country, whose word is the subject of a verb in
    :data:`PERSON_VERBS` outside it (read from the core model's parse)."""
    if e.label not in ("PER", "LOC") or e.end - e.start > 3 or not _is_capitalized(d.text[e.start]) \
            or not d.parsed:
        return False
    for i in range(e.start, e.end):
        verb = d.verb_of_subject(i)
        if verb is not None and not e.start <= verb[0] < e.end and verb[1] in PERSON_VERBS:
            return not _is_country(d, e)
    return False


def _not_a_person(d: _Doc, e: _Ent) -> bool:
    """A one-word PER that the dictionary knows only as an inanimate noun, with no name reading: a place
    (``Париж``, ``Закарпатті``, ``Підлипки``) rather than a person."""
    words = [i for i in range(e.start, e.end) if d.text[i].isalpha()]
    if len(words) != 1 or not _is_capitalized(d.text[words[0]]):
        return False
    if _is_initial(d.text[words[0]]) or d.text[words[0]].isupper():
        return False  # an initial or an acronym
    known, pos, grammemes, _ = d.info(words[0])
    return known and pos == {"NOUN"} and "inan" in grammemes and not grammemes & (_NAME_GRAMMEMES | {"anim"})


#: A district, region or the country in the genitive: ``Києво-Святошинського району``, ``Донецької області``,
#: ``України``.
_DISTRICT_RE = re.compile(r"^\S+(?:ського|цького|зького|ської|цької|зької) (?:району|області)$"
                          r"|^(?:Автономної Республіки Крим|АР Крим|АРК|України)$")


def _span_text(d: _Doc, e: _Ent) -> str:
    """A span's text with each run of whitespace as one space (``Одеської\nобласті`` → ``Одеської області``)."""
    return " ".join("".join(d.text[i] + d.ws[i] for i in range(e.start, e.end)).split())


#: A region or district of two words, its capitalized adjective and the unit's noun in any case (``Запорізької
#: області``, ``Чигиринського повіту``): in NER-UK 2.0 DEV's training part 105 such spans, 99 LOC, 6 ORG; not
#: after a title (``прокурора Київської області``, the office: 3 ORG of those 6, 1 LOC).
_REGION_NAME_RE = re.compile(r"^[А-ЯІЇЄҐ]\S+(?:ої|ій|а|ого|ому|ий|ь|ів|их|ою|им) (?:області|областей|область|"
                             r"областю|району|районі|районом|район|губернії|повіту|краю|округу)$"
                             # a part of a country or continent (``Східної України``, ``Західній Європі``: DEV 9, LOC)
                             r"|^(?:Східн|Західн|Південн|Північн|Центральн|Лівобережн|Правобережн)\w* "
                             r"(?:Україн|Європ|Ази|Азі|Америк|Африк|регіон)\w*$")


def _is_region_name(d: _Doc, e: _Ent) -> bool:
    """An ORG that is only a region's or district's name (:data:`_REGION_NAME_RE`), not after a title: a place,
    LOC."""
    if e.label != "ORG" or not _REGION_NAME_RE.match(_span_text(d, e)):
        return False
    k = _previous_word(d, e.start)
    return k < 0 or not d.info(k)[3] & TITLE_NOUNS


#: Lemmas of the decisions a court or body issues: ``ухвала Печерського райсуду м. Києва від 9 лютого``.
DECISION_NOUNS = frozenset({"ухвала", "постанова", "рішення", "розпорядження", "вирок"})


def _split_decision(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A DOC opening with a decision noun (:data:`DECISION_NOUNS`) and naming its issuer is, as NER-UK mostly has
    it, the issuer's ORG (from its first capitalized word up to ``від``, ``№`` or a comma) and the DATE after
    ``від`` (DEV training part: 85 issuers right after such a noun apart, 10 such phrases one DOC)."""
    out: list[_Ent] = []
    for e in ents:
        if e.label != "DOC" or not d.info(e.start)[3] & DECISION_NOUNS:
            out.append(e)
            continue
        first = next((i for i in range(e.start + 1, e.end) if _is_capitalized(d.text[i])), None)
        if first is None:
            out.append(e)
            continue
        end = next((i for i in range(first, e.end) if d.text[i] in ("від", "№", ",")), e.end)
        issuer = _Ent(first, end, "ORG")
        while issuer.end > issuer.start and d.is_space[issuer.end - 1]:
            issuer.end -= 1
        out.append(issuer)
        if end < e.end and d.text[end] == "від":
            date = _Ent(d.past_space(end + 1), e.end, "DATE")
            _trim_other(d, date)
            if date.end > date.start:
                out.append(date)
    return out


def _split_post(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A JOB opening in lower case and going on into a name of two words or more that opens with a capitalized
    word (not an acronym) is, as NER-UK has it, the title's JOB and the body's ORG (``заступник`` + ``Міністра
    оборони України``; DEV training part: 129 such pairs apart, 3 as one JOB)."""
    out: list[_Ent] = []
    for e in ents:
        if e.label != "JOB" or not d.text[e.start][:1].islower():
            out.append(e)
            continue
        words = _lettered(d, e)
        k = next((n for n, i in enumerate(words) if n and _is_capitalized(d.text[i]) and not d.text[i].isupper()
                  and d.text[i][1:2].islower()), None)
        if k is None or len(words) - k < 2:
            out.append(e)
            continue
        post, body = _Ent(e.start, words[k], "JOB"), _Ent(words[k], e.end, "ORG")
        _trim_other(d, post)
        _trim(d, body)
        out.extend(x for x in (post, body) if x.end > x.start)
    return out


#: Conjunctions joining the fields an organisation's name lists.
_FIELD_CONJUNCTIONS = frozenset({"та", "і", "й"})
#: Lemmas of councils, which head a name rather than name its field (``ради та адміністрації``: two bodies).
_COUNCIL_LEMMAS = frozenset({"рада", "облрада", "райрада", "міськрада", "сільрада", "селищрада"})


def _field_word(d: _Doc, i: int) -> str | None:
    """``"NOUN"`` or ``"ADJF"`` for a lower-case word with a genitive reading of that part of speech that names no
    body (a field: ``природних``, ``ресурсів``), else None."""
    text = d.text[i]
    if not text.islower() or not _WORD_RE.fullmatch(text) or d.info(i)[3] & (INSTITUTION_NOUNS | _COUNCIL_LEMMAS):
        return None
    for pos in ("NOUN", "ADJF"):
        readings = [g for g in _readings(d, i, pos) if "gent" in g]
        if readings and not (pos == "NOUN" and all("anim" in g for g in readings)):
            return pos  # a person ("та міністра") is no field
    return None


def _field_run_end(d: _Doc, k: int, taken: set[int]) -> int | None:
    """The end of the run of field words (:func:`_field_word`) from token ``k``, at its last genitive noun; None
    if the run holds no noun."""
    end = None
    while k < d.n and k not in taken and (kind := _field_word(d, k)) is not None:
        if kind == "NOUN":
            end = k + 1
        k = d.past_space(k + 1)
    return end


def _with_country(d: _Doc, end: int, taken: set[int]) -> int:
    """``end``, or past an untaken ``України`` right after it (``… з надзвичайних ситуацій України``)."""
    j = d.past_space(end)
    return j + 1 if j < d.n and d.text[j] == "України" and j not in taken else end


#: Lemmas of the bodies whose names go on with ``з`` and the field they serve (``Державна служба України з
#: надзвичайних ситуацій``, ``Нацагентство з питань підготовки до Євро-2012``).
_SERVICE_HEADS = frozenset({"служба", "агентство", "держагентство", "нацагентство", "держагенство", "комісія",
                            "нацкомісія", "комітет", "держкомітет", "департамент", "управління", "інспекція",
                            "міністерство", "група", "палата", "центр", "україна"})
#: Words after ``з`` that start no field (``з боку``, ``з початку року``).
_NOT_FIELDS = frozenset({"бік", "початок", "момент", "час", "кінець", "середина", "мета"})


def _served_field(d: _Doc, ents: list[_Ent]) -> None:
    """An ORG ending in a body's noun or ``України`` takes in ``з`` + the field in the genitive after it, with the
    fields coordinated with it and ``України`` (``Державна служба України`` + ``з надзвичайних ситуацій``). DEV
    training part, simulated on the gold ORG spans holding such a ``з``: cut before it, 4 are restored exactly and 4
    grow towards their end; no ORG span would grow past its end."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    for e in ents:
        if e.label != "ORG" or not _is_capitalized(d.text[e.start]) or not d.info(e.end - 1)[3] & _SERVICE_HEADS:
            continue
        j = d.past_space(e.end)
        if j >= d.n or d.text[j] not in ("з", "із") or j in taken:
            continue
        k = d.past_space(j + 1)
        if k < d.n and d.info(k)[3] & _NOT_FIELDS:
            continue
        end = _field_run_end(d, k, taken)
        if end is None:
            continue
        e.end = _with_country(d, end, taken)
        taken.update(range(e.start, e.end))


def _coordinated_fields(d: _Doc, ents: list[_Ent]) -> None:
    """A capitalized ORG ending in a field in the genitive takes in the fields coordinated with it (``Міністерства
    екології`` + ``та природних ресурсів``, ``Держкомітету молодіжної політики`` + ``, спорту і туризму``, ``Ради
    національної безпеки`` + ``і оборони України``), up to a last genitive noun and ``України`` after it. DEV
    training part: of the ORG spans holding such a conjunction, 30 cut before it are restored exactly by this rule
    and 22 grow towards their end; no ORG span would grow past its end."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    for e in ents:
        if (e.label != "ORG" or e.end - e.start < 2 or not _is_capitalized(d.text[e.start])
                or _field_word(d, e.end - 1) != "NOUN"):
            continue
        j, end, joined = d.past_space(e.end), None, False
        while j < d.n and not joined and (d.text[j] == "," or d.text[j] in _FIELD_CONJUNCTIONS):
            joined = d.text[j] in _FIELD_CONJUNCTIONS
            run_end = _field_run_end(d, d.past_space(j + 1), taken)
            if run_end is None:
                break
            end, j = run_end, d.past_space(run_end)
        if end is None or not joined:
            continue
        e.end = _with_country(d, end, taken)
        taken.update(range(e.start, e.end))


def _city_of_body(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """An ORG right before ``м.`` or ``міста`` and a city's name takes them in, and any LOC the model gave the city
    (``Печерського районного суду`` + ``м. Києва``, ``Ленінської райради`` + ``міста Кіровограда``; DEV training
    part: 27 ORG spans end so, none leaves the city apart)."""
    for e in ents:
        if e.label != "ORG":
            continue
        j = d.past_space(e.end, across_lines=False)
        if j + 2 < d.n and d.text[j] == "м" and d.text[j + 1] == "." and not d.ws[j]:
            k = d.past_space(j + 2, across_lines=False)
        elif j < d.n and d.text[j] == "міста":
            k = d.past_space(j + 1, across_lines=False)
        else:
            continue
        if k >= d.n or not _is_capitalized(d.text[k]) or not d.text[k][1:].islower():
            continue
        inside = [o for o in ents if o is not e and e.end <= o.start <= k]
        if all(o.label == "LOC" and o.end <= k + 1 for o in inside):
            _empty_starting_in(ents, e, e.end, k + 1)
            e.end = k + 1
    return [e for e in ents if e.end > e.start]


def _merge_district(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """An ORG right before a span naming its district or region takes it in (``сільської ради`` +
    ``Києво-Святошинського району``; DEV: 50 such ORG spans include the region, 4 leave it apart; ``Рада міністрів``
    + ``Автономної Республіки Крим``: 21 inside, none apart; ``Тендерної палати`` + ``України``: 118 ORG spans end
    in it, none leaves it apart)."""
    ents = sorted(ents, key=lambda e: e.start)
    out: list[_Ent] = []
    for e in ents:
        prev = out[-1] if out else None
        if (prev is not None and prev.label == "ORG" and e.label in NAME_LABELS
                and all(d.is_space[i] for i in range(prev.end, e.start))
                and _DISTRICT_RE.match(_span_text(d, e))):
            prev.end = e.end
            continue
        out.append(e)
    return out


#: The stem of a capitalized region or district adjective (``Чернігівськ``-ій, ``Деснянськ``-ому); one regex per case.
_REGION_STEM = r"^[А-ЯІЇЄҐ][\w'’ʼ-]*(?:ськ|цьк|зьк)"
#: The place an office serves, after ``у``/``в``: a region or district in the locative, or a city of special status.
_SERVED_REGION_RE = re.compile(_REGION_STEM + "ій$")
_SERVED_DISTRICT_RE = re.compile(_REGION_STEM + "ому$")
_SERVED_CITIES = frozenset({"Києві", "Севастополі"})


def _served_place_end(d: _Doc, j: int) -> int | None:
    """The end of ``у``/``в`` + the place an office serves starting at token ``j`` (``у Чернігівській області``,
    ``в м. Києві``, ``у місті Києві``, ``в АРК``), or None."""
    if j >= d.n or d.text[j] not in ("у", "в") or not d.ws[j]:
        return None
    k = j + 1
    words = [i for i in range(k, min(k + 4, d.n)) if not d.is_space[i]][:3]
    texts = [d.text[i] for i in words]
    if len(texts) >= 2 and ((_SERVED_REGION_RE.match(texts[0]) and texts[1] == "області")
                            or (_SERVED_DISTRICT_RE.match(texts[0]) and texts[1] == "районі")):
        return words[1] + 1
    if texts[:1] == ["АРК"]:
        return words[0] + 1
    if texts[:2] == ["АР", "Крим"]:
        return words[1] + 1
    if len(texts) >= 2 and texts[0] == "місті" and texts[1] in _SERVED_CITIES:
        return words[1] + 1
    if len(texts) >= 3 and texts[0] == "м" and texts[1] == "." and texts[2] in _SERVED_CITIES:
        return words[2] + 1
    if len(texts) >= 2 and texts[0] == "м." and texts[1] in _SERVED_CITIES:
        return words[1] + 1
    return None


def _merge_served_place(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """An ORG right before ``у``/``в`` and the region or city it serves takes them in (``Управління СБУ`` + ``у
    Чернігівській області``, ``Дарницької райради`` + ``у м. Києві``; DEV: 30 ORG spans include such a phrase, 5
    leave it after them); a span the model gave inside the phrase (the region as LOC) goes."""
    ents = sorted(ents, key=lambda e: e.start)
    starts = [e.start for e in ents]
    drop: set[int] = set()
    for e in ents:
        if e.label != "ORG" or id(e) in drop:
            continue
        end = _served_place_end(d, d.past_space(e.end))
        if end is None:
            continue
        inside = [o for o in ents[bisect_left(starts, e.end):] if o.start < end]
        if any(o.end > end for o in inside):
            continue  # a span runs past the phrase: leave both
        drop.update(id(o) for o in inside)
        e.end = end
    return [e for e in ents if id(e) not in drop]


#: A company's legal form written after its name (``Ронтекс Інк.``, ``Аббервілль Інтернешнл Корп.``).
COMPANY_SUFFIXES = frozenset({"інк", "корп", "лтд", "ltd", "inc", "corp", "llc", "гмбх", "gmbh", "co"})


def _suffix_end(d: _Doc, j: int) -> int | None:
    """The end of what NER-UK puts at the end of an organisation's name starting at token ``j``: ``(б)`` and a
    capital ``У`` after it (``КП(б)У``), or a legal suffix and its period (``Інк.``); None if there is none."""
    if j + 2 < d.n and d.text[j] == "(" and d.text[j + 1] == "б" and d.text[j + 2] == ")":
        end = j + 3
        return end + 1 if end < d.n and d.text[end] == "У" else end
    if j < d.n and d.text[j].lower() in COMPANY_SUFFIXES:
        end = j + 2 if j + 1 < d.n and d.text[j + 1] == "." and not d.ws[j] else j + 1
        if end + 1 < d.n and d.text[end] == "," and d.text[end + 1].lower() in COMPANY_SUFFIXES:
            return _suffix_end(d, end + 1)  # "co., ltd"
        return end
    return None


def _legal_letters(d: _Doc, i: int) -> bool:
    """Token ``i`` is the last letter of a legal form written in letters and periods (``B. V``, ``S. A``)."""
    return (i >= 2 and len(d.text[i]) == 1 and d.text[i].isalpha() and d.text[i - 1] == "."
            and len(d.text[i - 2]) == 1 and d.text[i - 2].isalpha() and not d.ws[i - 2])


#: Legal forms written before a company's quoted name (``ТОВ «Агрофірма»``, ``АК «Харківобленерго»``): in
#: NER-UK 2.0 DEV's training part 722 of them stand before a quoted ORG name, all inside its span.
LEGAL_FORMS = frozenset({"АК", "АТ", "ВАТ", "ВКФ", "ВП", "ГО", "ДП", "ЗАТ", "КНП", "КП", "КУ", "НВП", "НВФ", "ПАТ",
                         "ПК", "ПП", "ПрАТ", "СП", "СФГ", "ТД", "ТДВ", "ТзОВ", "ТОВ", "ФГ"})


#: An acronym of two to six letters, two of them capitals at least (``ПФ``, ``ДТГО``, ``КМКП``, ``ПрАТ``).
_FORM_ACRONYM_RE = re.compile(r"^[А-ЯІЇЄҐA-Z][А-ЯІЇЄҐA-Zа-яіїєґ]{1,5}$")


def _is_legal_form(text: str) -> bool:
    """A legal form (:data:`LEGAL_FORMS`) or another acronym, which NER-UK also keeps with the quoted name after it
    (DEV training part: 58 such acronyms before a quoted ORG, e.g. ``ПФ``, ``ДТГО``, ``НАК``, all inside the span)."""
    return text in LEGAL_FORMS or (bool(_FORM_ACRONYM_RE.match(text)) and sum(c.isupper() for c in text) >= 2)


def _name_in_outer_quotes(d: _Doc, ents: list[_Ent]) -> None:
    """An ORG in quotes inside a quoted name of one or two words more starts with those words (``«Фірма
    «Профдезінфекція № 1»»``, ``«Юридична фірма «Легіс-Плюс»»``; DEV training part: 32 such names start at the outer
    words, 1 at the inner quote), when the word before the inner quote is a noun or an acronym and no other entity
    has them."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    for e in ents:
        if e.label != "ORG" or d.text[e.start] in _OPEN_QUOTES:
            continue
        quote = _previous_word(d, e.start)
        if quote < 0 or d.text[quote] not in _OPEN_QUOTES:
            continue
        words: list[int] = []
        k = _previous_word(d, quote)
        while k >= 0 and len(words) < 3 and _WORD_RE.fullmatch(d.text[k]) and k not in taken:
            words.append(k)
            k = _previous_word(d, k)
        if (1 <= len(words) <= 2 and k >= 0 and d.text[k] in _OPEN_QUOTES
                and _is_capitalized(d.text[words[-1]])
                and (d.text[words[0]].isupper() or "NOUN" in d.info(words[0])[1])):  # a noun: not "«Навряд чи «"
            e.start = words[-1]
            _close_inner_quote(d, e)


def _legal_form_before(d: _Doc, ents: list[_Ent]) -> None:
    """An ORG that is a quoted name takes in the legal form or acronym right before its opening quote, with the
    quotes (``ПК «Індустріал Груп»``, ``ПФ «Діта»``; :func:`_is_legal_form`), unless another entity has it."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    for e in ents:
        if e.label != "ORG":
            continue
        quote = e.start if d.text[e.start] in _OPEN_QUOTES else e.start - 1
        if quote < 0 or d.text[quote] not in _OPEN_QUOTES:
            continue
        closed = d.text[e.end - 1] in _CLOSE_QUOTES or (e.end < d.n and d.text[e.end] in _CLOSE_QUOTES)
        k = quote - 1
        if k >= 0 and d.is_space[k]:
            k -= 1
        if closed and k >= 0 and _is_legal_form(d.text[k]) and k not in taken:
            e.start = k
            if d.text[e.end - 1] not in _CLOSE_QUOTES:
                e.end += 1  # the name was taken without its quotes: "Індустріал Груп" → "ПК «Індустріал Груп»"


def _patron_name_end(d: _Doc, j: int) -> int | None:
    """The end of the name a patron's word opens at token ``j`` (``імені Тараса Шевченка``, ``ім. І. Франка``):
    after ``імені`` or ``ім.``, capitalized words and initials, at most four words; None if no name follows."""
    j = d.past_space(j)
    if j < d.n and d.text[j] == "імені":
        j += 1
    elif j + 1 < d.n and d.text[j] == "ім" and d.text[j + 1] == ".":
        j += 2
    else:
        return None
    end, words = None, 0
    while j < d.n and words < 4:
        if d.is_space[j] and "\n" not in d.text[j]:
            j += 1
            continue
        text = d.text[j]
        if not (_is_capitalized(text) and text.isalpha()):
            break
        words += 1
        j += 1
        if len(text) == 1 and j < d.n and d.text[j] == ".":
            j += 1  # an initial's period
        end = j
    return end if end is not None and not (len(d.text[end - 1]) == 1 or d.text[end - 1] == ".") else None


def _patron_name(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """An ORG ending in, or stopping right before, ``імені``/``ім.`` takes in the name after it (``Київський
    національний університет імені Тараса Шевченка``; DEV: 10 ORG spans with the name inside, none without); a
    PER span of that name joins it."""
    for e in ents:
        if e.label != "ORG":
            continue
        words = [i for i in range(e.start, e.end) if not d.is_space[i]]
        if not words:
            continue
        if d.text[words[-1]] == "імені":
            start = words[-1]
        elif len(words) > 1 and d.text[words[-2]] == "ім" and d.text[words[-1]] == ".":
            start = words[-2]
        else:
            start = e.end
        end = _patron_name_end(d, start)
        if end is None:
            continue
        inside = [o for o in ents if o is not e and o.start < end and e.end <= o.start]
        if all(o.label == "PER" and o.end <= end for o in inside):
            for o in inside:
                o.end = o.start
            e.end = end
    return [e for e in ents if e.end > e.start]


#: What opens an ORG that is a sole trader's name (``ФОП Любач Вадим Євгенович``: NER-UK tags it whole ORG).
_SOLE_TRADER = frozenset({"ФОП", "СПД", "ПП"})
_COMITATIVE = frozenset({"з", "із", "зі"})


def _split_trailing_person(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """An ORG ending in a given name outside the genitive and one more capitalized word ends before them, which are
    a PER (``директорка НВК №9 Наталія Оцишена``, ``комітету Верховної Ради … Тетяною Бахтєєвою``): a genitive name
    may belong to the organisation (``Фонду Ріната Ахметова``), another case is the person who holds the post.
    DEV training part: no ORG span ends so but after a comitative ``з`` or a sole trader's ``ФОП``, or in quotes."""
    added = []
    for e in ents:
        if e.label != "ORG":
            continue
        words = _lettered(d, e)
        if len(words) < 3 or d.text[e.start] in _SOLE_TRADER:
            continue
        given, last = words[-2], words[-1]
        if not (last == e.end - 1 and last == d.past_space(given + 1, across_lines=False) and d.ws[given]
                and _is_capitalized(d.text[last]) and d.text[last][1:].islower()
                and d.text[words[-3]].lower() not in _COMITATIVE):
            continue  # two whole words ("Еко-Буд" is one), not after "з"
        if any(d.text[i] in _OPEN_QUOTES or d.text[i] in _CLOSE_QUOTES or d.text[i] in _SYMMETRIC_QUOTES
               for i in range(max(0, e.start - 1), min(d.n, e.end + 1))):
            continue  # a quoted name ("«Поділля Еко-Буд»")
        name_readings = [g for g in _readings(d, given) if "Name" in g]
        if not (_is_capitalized(d.text[given]) and name_readings and not any("gent" in g for g in name_readings)):
            continue
        added.append(_Ent(given, e.end, "PER"))
        e.end = given
        _trim(d, e)
    return [e for e in ents if e.end > e.start] + added


def _split_leading_place(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A person whose span starts with the end of a settlement's name (``Жителька села Мале Устя Ганна Петрик``: the
    model's PER ``Устя Ганна Петрик``) starts at the given name; the words before it, with a capitalized word before
    them that no entity has (``Мале``), are the settlement (LOC)."""
    added = []
    taken = {i for e in ents for i in range(e.start, e.end)}
    for e in ents:
        if e.label != "PER":
            continue
        words = _lettered(d, e)
        if len(words) < 3 or words[0] != e.start:
            continue
        given = words[1]
        if not (any("Name" in g for g in _readings(d, given)) and _is_capitalized(d.text[e.start])
                and _is_capitalized(d.text[given])):
            continue   # (the place's word may read as a name too: "Устя")
        start = e.start
        before = _previous_word(d, start)
        if before >= 0 and before not in taken and _is_capitalized(d.text[before]):
            start, before = before, _previous_word(d, before)   # "Мале" of "Мале Устя"
        if before < 0 or not d.info(before)[3] & SETTLEMENT_NOUNS or not d.text[before].islower():
            continue
        added.append(_Ent(start, given, "LOC"))
        e.start = given
    return ents + added


#: Lemmas of the words that open a bloc named after its leader (``Блок Петра Порошенка``, ``Блоку Юлії Тимошенко``;
#: DEV training part: 4 such blocs, all one ORG span with the name).
_BLOC_LEMMAS = frozenset({"блок"})


def _bloc_of_person(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A one-word ORG ``Блок`` takes in the leader's name in the genitive after it (up to three capitalized words
    with a given-name or surname reading in the genitive), and any PER span the model gave that name."""
    for e in ents:
        if e.label != "ORG" or e.end - e.start != 1 or not _is_capitalized(d.text[e.start]) \
                or not d.info(e.start)[3] & _BLOC_LEMMAS:
            continue
        end = e.end
        k = d.past_space(end, across_lines=False)
        while k < d.n and k - e.end < 6 and d.ws[k - 1] and _is_capitalized(d.text[k]) and any(
                "gent" in g and g & {"Name", "Surn"} for g in _readings(d, k)):
            end = k + 1
            k = d.past_space(end, across_lines=False)
        if end > e.end and not any(e.end <= o.start < end and o.label != "PER" for o in ents):
            _empty_starting_in(ents, e, e.end, end)
            e.end = end
    return [e for e in ents if e.end > e.start]


_REGION_ADJECTIVE_ANY_RE = re.compile(_REGION_STEM + r"[а-яіїєґ]{1,3}$")
#: An acronym, possibly with a case ending (``НПЗ``, ``РДА``, ``НОКу``).
_ACRONYM_RE = re.compile(r"^[А-ЯІЇЄҐA-Z]{2,}[а-яіїєґ]{0,2}$")


def _acronym_with_region(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """An ORG that is an acronym alone takes in the capitalized region adjective right before it (``Диканське
    ГМРП``, ``Кременчуцькому НПЗ``; DEV training part: 45 such ORG spans with the adjective, none without it), and
    the adjective's own LOC span, if the model gave it one."""
    for e in ents:
        if e.label != "ORG" or e.end - e.start != 1 or e.start < 1:
            continue
        if not _ACRONYM_RE.match(d.text[e.start]) or not d.ws[e.start - 1]:
            continue
        k = e.start - 1
        if not _REGION_ADJECTIVE_ANY_RE.match(d.text[k]) or "ADJF" not in d.info(k)[1]:
            continue
        if any(o.start <= k < o.end and o.label != "LOC" for o in ents if o is not e):
            continue
        for o in ents:
            if o is not e and o.start <= k < o.end:
                o.end = o.start
        e.start = k
    return [e for e in ents if e.end > e.start]


def _merge_suffix(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """What NER-UK keeps at the end of an organisation's name joins an ORG right before it: ``(б)`` (``ЦК КП(б)У``;
    DEV: 6 of 6 inside), a company's legal suffix with its period (``Ронтекс Інк.``, ``MAKO Holding B. V.``; DEV: 33
    inside, none outside), a glued hyphenated part (``БЮТ-Б``) and a quoted name after an opening quote it ends
    in (``закладу охорони здоров'я «Харківська міська дитяча лікарня № 5»``)."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    for e in ents:
        if e.label != "ORG":
            continue
        if d.text[e.end - 1].lower() in COMPANY_SUFFIXES:
            e.end = max(e.end, _suffix_end(d, e.end - 1) or 0)  # the suffix is in: its period and "., ltd" too
            continue
        if e.end < d.n and d.text[e.end] == "." and not d.ws[e.end - 1] and _legal_letters(d, e.end - 1):
            e.end += 1  # "B. V." (DEV: 16 of 16 with the period)
            continue
        if d.text[e.end - 1] in _OPEN_QUOTES:
            tail = _quoted_tail(d, e)
            if tail is not None:
                _empty_starting_in(ents, e, e.end, tail)  # the name inside joins this span
                e.end = tail
                continue
        if (e.end + 1 < d.n and d.text[e.end] == "-" and not d.ws[e.end - 1] and not d.ws[e.end]
                and (d.text[e.end + 1][:1].isupper() or d.text[e.end + 1][:1].isdigit()) and e.end + 1 not in taken):
            e.end += 2  # "БЮТ-Б", "Аннтей-В" (DEV: 202 ORG spans hold such a glued part, none stops before it)
            continue
        j = d.past_space(e.end, across_lines=False)
        if j >= d.n or (d.text[j] != "(" and not d.ws[e.end - 1] and j == e.end):
            continue  # a legal suffix stands apart ("Інтернешнл Корп"), a bracket may be glued ("КП(б)")
        end = _suffix_end(d, j)
        if end is not None and not taken.intersection(range(e.end, end)):
            e.end = end
    return [e for e in ents if e.end > e.start]


def _case_word(d: _Doc, i: int, case: str) -> bool:
    """Token ``i`` is a lower-case word the dictionary has in ``case``."""
    return d.text[i].isalpha() and d.text[i].islower() and any(case in g for g in _readings(d, i))


def _remit_end(d: _Doc, j: int, taken: set[int]) -> int | None:
    """The end of ``з питань`` and its genitive phrase at token ``j`` (``з питань поводження з
    військовополоненими``, ``з питань геодезії, картографії та кадастру``): lower-case genitives, joined by ``і``,
    ``та`` or a comma, each of which may take ``з`` and an instrumental; None where nothing of the kind starts
    there."""
    if not (j + 2 < d.n and d.text[j].lower() in ("з", "із") and d.text[j + 1] == "питань"):
        return None
    end = None
    k = j + 2
    while k < d.n and k not in taken and k - j < 14:
        if _case_word(d, k, "gent"):
            end = k = k + 1
        elif end is not None and d.text[k] in ("з", "із") and k + 1 < d.n and _case_word(d, k + 1, "ablt"):
            end = k = k + 2
        elif end is not None and d.text[k] in (",", "і", "й", "та") and k + 1 < d.n and _case_word(d, k + 1, "gent"):
            k += 1
        else:
            break
    return end


def _merge_remit(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """An organisation's remit after its name is part of it: ``Координаційний штаб`` + ``з питань поводження з
    військовополоненими`` (DEV: 10 ORG spans hold ``з питань``, none stops before it)."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    for e in ents:
        if e.label == "ORG" and e.end + 2 < d.n and d.ws[e.end - 1]:
            end = _remit_end(d, e.end, taken)
            if end is not None:
                e.end = end
    return ents


_REGION_ADJECTIVE_RE = re.compile(_REGION_STEM + "(?:ої|ого|ій|ому)$")


def _split_settlement_region(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A LOC of one name and the region or district after it (``Глиняни Золочівського району``, ``Вовча у
    Дніпропетровській області``) is two places, as NER-UK has them (DEV: 30 such pairs apart, 2 as one span)."""
    out: list[_Ent] = []
    for e in ents:
        words = [i for i in range(e.start, e.end) if not d.is_space[i]]
        if e.label == "LOC" and len(words) in (3, 4) and d.text[words[-1]] in ("області", "району", "районі") \
                and _REGION_ADJECTIVE_RE.match(d.text[words[-2]]) and _is_capitalized(d.text[words[0]]) \
                and (len(words) == 3 or d.text[words[1]] in ("у", "в")) and not d.text[words[0]].isupper() \
                and not _REGION_ADJECTIVE_RE.match(d.text[words[0]]):
            out.append(_Ent(e.start, words[0] + 1, "LOC"))
            out.append(_Ent(words[-2], e.end, "LOC"))
        else:
            out.append(e)
    return out


_PLURAL_REGION_HEADS = frozenset({"областей", "районів", "областях", "районах", "областями", "районами"})
_COORDINATED_REGION_RE = re.compile(_REGION_STEM + "(ої|ого|их|ій)$")


def _join_coordinated_regions(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """Region adjectives joined by commas and ``і``/``та``/``й`` before a plural head, tagged apart (``Донецької`` +
    ``Луганської областей``, ``Дніпропетровській`` + ``Запорізькій областях``), are one LOC when they end as the
    first word of the head's phrase does (DEV: genitive 4 such phrases one span, 1 apart; ``-ій … областях`` 3, none
    apart; not ``-ому … районах``, 1 apart)."""
    ents = sorted(ents, key=lambda e: e.start)
    out: list[_Ent] = []
    for e in ents:
        chain = []  # the LOC adjectives right before e, innermost last
        head = _COORDINATED_REGION_RE.match(d.text[e.start])
        k = len(out) - 1
        while head and k >= 0 and out[k].label == "LOC" and out[k].end - out[k].start == 1 \
                and d.text[out[k].start].endswith(head.group(1)) and _COORDINATED_REGION_RE.match(d.text[out[k].start]):
            gap = [d.text[i] for i in range(out[k].end, (chain[-1] if chain else e).start) if not d.is_space[i]]
            if gap not in ([","], ["і"], ["та"], ["й"]):
                break
            chain.append(out[k])
            k -= 1
        if chain and e.label == "LOC" and d.text[e.end - 1] in _PLURAL_REGION_HEADS:
            first = chain[-1]
            del out[k + 1:]
            out.append(_Ent(first.start, e.end, "LOC"))
        else:
            out.append(e)
    return out


#: Street words that open an address: its house number after a comma belongs to the LOC (DEV: 49 of 49).
_STREET_WORDS = frozenset({"вул", "вул.", "вулиця", "вулиці", "вулицю", "вулицею", "просп", "просп.", "пр", "пр.",
                           "пров", "пров.", "бульвар", "бульварі", "бульвару", "пл", "пл."})


#: Street abbreviations that may end a line of the news texts before the street's name (``пр.`` / ``Гагаріна``).
_LINE_END_STREETS = frozenset({"вул", "пр", "пров", "просп", "бул", "пл"})


def _street_before_line_break(d: _Doc, i: int) -> int | None:
    """Where token ``i`` starts a street's name on a new line right after a street abbreviation and its period
    (``пр.`` / ``Гагаріна``): the abbreviation's index; else None."""
    if i < 3 or not _is_capitalized(d.text[i]) or not d.is_space[i - 1] or "\n" not in d.text[i - 1]:
        return None
    if d.text[i - 2] == "." and d.text[i - 3].lower() in _LINE_END_STREETS:
        return i - 3
    return i - 2 if d.text[i - 2].lower().rstrip(".") in _LINE_END_STREETS and d.text[i - 2].endswith(".") else None


def _street_across_line(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A street abbreviation ending a line and the street's name on the next one are one LOC (the news texts break
    the line after every period: ``пр.`` / ``Гагаріна, 201 / 1``; DEV training part: 5 such addresses one span, none
    apart), whichever of the two parts the model tagged LOC."""
    starts = {e.start: e for e in ents}
    for e in ents:
        if e.label != "LOC" or e.end <= e.start:
            continue
        street = _street_before_line_break(d, e.start)
        if street is not None and not any(street <= o.start < e.start for o in ents if o is not e and o.label != "LOC"):
            _empty_starting_in(ents, e, street, e.start)  # the abbreviation's own LOC joins this span
            e.start = street
            continue
        name = d.past_space(e.end + 1 if e.end < d.n and d.text[e.end] == "." else e.end)
        if name >= d.n or _street_before_line_break(d, name) != e.start:
            continue
        o = starts.get(name)
        if o is not None and o.label != "LOC":
            continue
        if o is not None:
            e.end, o.end = o.end, o.start
        else:
            e.end = name + 1
    return [e for e in ents if e.end > e.start]


#: Lemmas of the nouns that end a street's name (``Тверському бульварі, 18``, ``Контрактовій площі, 4``; DEV
#: training part: 3 such LOC spans before a house number, all with the number).
STREET_NOUNS = frozenset({"бульвар", "проспект", "площа", "вулиця", "провулок", "узвіз", "набережна", "шосе",
                          "алея", "майдан"})


def _house_number(d: _Doc, e: _Ent) -> None:
    """A LOC that starts with a street word or ends with a street noun takes in ``,`` and the house number after it
    (``вул. Патріотичній, 7-а``, ``вул Московська, 5 / 2а``, ``Оболонському проспекті, 6``)."""
    if e.label != "LOC" or e.end + 1 >= d.n or d.text[e.end] != ",":
        return
    if d.text[e.start].lower() not in _STREET_WORDS and not (d.text[e.end - 1].islower()
                                                              and d.info(e.end - 1)[3] & STREET_NOUNS):
        return
    k = e.end + 1
    if not d.ws[e.end] or not d.text[k][:1].isdigit():
        return
    end = k + 1
    while end + 1 < d.n and d.text[end] in ("-", "/") and d.text[end + 1][:1].isalnum() \
            and (d.text[end] == "/" or not d.ws[end - 1]):
        end += 2
    e.end = end


def _place_context(d: _Doc, ents: list[_Ent], taken: list[bool]) -> None:
    """Names after ``м.``, ``с.``, ``смт``, ``р.`` are places; add them where the model has nothing."""
    starts = {e.start: e for e in ents}
    for i in range(2, d.n):
        text = d.text[i]
        if not (_is_capitalized(text) and text[1:2].islower()):
            continue
        after = i  # the token right after the abbreviation, across a line break ("в с.\nТолокунь" in a list)
        while after > 1 and d.is_space[after - 1]:
            after -= 1
        marker = d.abbreviation_before(after)
        if marker is None and d.text[after - 1].lower() == "смт":
            marker = "смт"
        if marker not in PLACE_MARKERS:
            continue
        own = after - 2 if d.text[after - 1] == "." else after - 1  # the abbreviation's own token
        before = d.text[own - 1].lower() if own >= 1 else ""
        if before[:1].isdigit() or before in _UNIT_PREFIXES:
            continue  # "2008 р.", "100 кв. м." are units
        if d.opens_sentence(i) and before not in _PLACE_PREPOSITIONS:
            continue  # a sentence may begin after an abbreviation, but not right after "в с."
        e = starts.get(i)
        if e is not None:
            if e.label != "LOC" and e.end - e.start == 1:
                e.label = "LOC"
        elif not taken[i]:
            ents.append(_Ent(i, i + 1, "LOC"))
            taken[i] = True


#: Lemma → label of the names 2022+ news writes in lower case (those the NER training substitutes in lower case).
LOWERCASE_STYLE_NAMES = {lemma: label for label, lemmas in SUBSTITUTE_NAMES.items() for lemma in lemmas}
LOWERCASE_STYLE_NAMES["білорусь"] = "LOC"  # written so beside ``росія`` (``bench/news_entities.py``, sets c, d)
#: Their first two letters: only words starting so are looked up in the dictionary.
_LOWERCASE_STYLE_STARTS = tuple({lemma[:2] for lemma in LOWERCASE_STYLE_NAMES})


def _lowercase_style(d: _Doc, ents: list[_Ent], taken: list[bool]) -> bool:
    """Lower-case russia-related names (``кремлі``, ``лукашенка``) are entities; add them where the model has
    nothing. Returns whether the document has such a name at all (it is written in the 2022+ style)."""
    style = False
    for i, text in enumerate(d.text):
        if not text.startswith(_LOWERCASE_STYLE_STARTS) or not text.islower():
            continue
        labels = {LOWERCASE_STYLE_NAMES[lemma] for lemma in d.info(i)[3] if lemma in LOWERCASE_STYLE_NAMES}
        style = style or bool(labels)
        if len(labels) == 1 and not taken[i]:
            ents.append(_Ent(i, i + 1, labels.pop()))
            taken[i] = True
    return style


def _lowercase_surnames(d: _Doc, ents: list[_Ent], taken: list[bool]) -> None:
    """A lower-case word the dictionary knows only as a surname (``герасимов``, ``медведчук``, ``симоньян``; not
    ``бойко``, ``коваль``, common words too) is a person where the model has nothing: the 2022+ style writes more
    names so than the ones :func:`_lowercase_style` lists (not after a group's noun: ``пвк вагнер``). Only in a
    document of that style (one that writes a name of that list in lower case): elsewhere such a word is rather a
    slip, and on NER-UK 2.0 TEST, which predates the style, the rule applied everywhere took PER precision from 90.44
    to 90.23."""
    texts = d.text
    for i in _noun_positions(d, d.n):
        text = texts[i]
        if taken[i]:
            continue
        if _is_lower_surname(text) and not (i and d.info(i - 1)[3] & _NAMED_GROUPS):
            ents.append(_Ent(i, i + 1, "PER"))
            taken[i] = True


#: Russian state bodies the 2022+ style writes in lower case on their own (``держдуми``, ``фсб``): lemmas.
LOWERCASE_STYLE_BODIES = frozenset({"держдума", "фсб", "рпц"})
#: Lemmas of bodies named with the country after them (``мзс рф``, ``міноборони росії``, ``генштабу рф``).
LOWERCASE_STYLE_BODY_HEADS = frozenset({"мзс", "міноборони", "радбез", "генштаб", "мвс", "фсб", "свр", "гру",
                                        "генпрокуратура", "держдума", "мін'юст", "мінфін", "мінекономіки"})
#: Lemmas of the country's names after such a body.
_RUSSIA = frozenset({"рф", "росія"})


def _lowercase_bodies(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """In the 2022+ style, russian state bodies written in lower case are organisations: ``держдуми`` alone, and a
    body followed by the country (``мзс рф``, ``міноборони росії``: one ORG over both, the model's LOC on the country
    inside it), unless an entity reaches outside the span."""
    found = []
    for i, text in enumerate(d.text):
        if not text.islower():
            continue
        lemmas = d.info(i)[3]
        if lemmas & LOWERCASE_STYLE_BODY_HEADS and i + 1 < d.n and d.ws[i] == " " \
                and d.text[i + 1].islower() and d.info(i + 1)[3] & _RUSSIA:
            found.append(_Ent(i, i + 2, "ORG"))
        elif lemmas & LOWERCASE_STYLE_BODIES:
            found.append(_Ent(i, i + 1, "ORG"))
    for new in found:
        ents = _put_over(ents, new, keep=lambda e: e.label == "ORG")
    return ents


def _put_over(ents: list[_Ent], new: _Ent, *, keep) -> list[_Ent]:
    """``ents`` with ``new`` in place of the entities it overlaps, unless one of them reaches outside it or is one
    ``keep`` says the model's analysis should stay (then ``ents`` as they were)."""
    inside = [e for e in ents if e.start < new.end and e.end > new.start]
    if any(e.start < new.start or e.end > new.end or keep(e) for e in inside):
        return ents
    return [e for e in ents if e not in inside] + [new]


@lru_cache(maxsize=50_000)
def _is_lower_surname(text: str) -> bool:
    """``text`` is a lower-case word that the dictionary knows, and every reading of it is a surname's."""
    if not (text.islower() and _WORD_RE.fullmatch(text)):
        return False
    parses = [p for p in parse_form(lookup_form(text)) if _is_dictionary_parse(p)]
    return bool(parses) and all("Surn" in p.tag.grammemes for p in parses)


#: Lemmas of the nouns after which a surname names a group, not its person (``пвк вагнер``, ``фонд …``).
_NAMED_GROUPS = frozenset({"пвк", "компанія", "група", "угруповання", "фонд", "банк", "концерн", "холдинг", "загін",
                           "батальйон", "бригада", "полк"})


#: Cases of the dictionary's readings (for agreement of a given name with its surname).
_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct"})
_GENDERS = frozenset({"masc", "femn", "neut"})


def _agreement_keys(grammemes: frozenset[str]) -> frozenset[tuple[str, str]]:
    """(case, gender or ``plur``) of one reading: a reading without a case counts as nominative, one without a
    gender as any."""
    cases = grammemes & _CASES or {"nomn"}
    kinds = {"plur"} if "plur" in grammemes else (grammemes & _GENDERS or _GENDERS)
    return frozenset((case, kind) for case in cases for kind in kinds)


@lru_cache(maxsize=20_000)
def _name_readings(form: str, grammeme: str) -> frozenset[tuple[str, str]] | None:
    """:func:`_agreement_keys` of the dictionary's ``grammeme`` readings of ``form`` (``Name``: a given name,
    ``Surn``: a surname), or None for none. A given name must be one BRUK mostly writes with a capital (``Марія``,
    ``Дмитро``): one that is mostly a common word (``віра``, ``роман``, ``лев``, ``надія``) never starts a
    lower-case name."""
    if grammeme == "Name":
        # the dictionary marks most given names ``Name``, a few only as capitalized animate nouns (``Володимир``);
        # the grammemes first: most words have no such reading, and a reading's normal form costs a look-up
        casing = get_lemma_casing()
        named = [p for p in parse_form(form) if ("Name" in p.tag.grammemes or (
            "anim" in p.tag.grammemes and p.tag.POS == "NOUN" and not p.tag.grammemes & {"Surn", "Patr"}))
            and _is_dictionary_parse(p) and p.normal_form in casing]
    else:
        named = [p for p in parse_form(form) if grammeme in p.tag.grammemes and _is_dictionary_parse(p)]
    if not named:
        return None
    return frozenset().union(*(_agreement_keys(p.tag.grammemes) for p in named))


@lru_cache(maxsize=50_000)
def _text_name_readings(text: str, grammeme: str) -> frozenset[tuple[str, str]] | None:
    """:func:`_name_readings` of a token's text; None for a word not wholly in lower case."""
    if not (text.islower() and _WORD_RE.fullmatch(text)):
        return None
    return _name_readings(lookup_form(text), grammeme)


#: Surname endings (with the case and gender each gives) for lower-case surnames the dictionary lacks
#: (``ельвіра набіулліна``): the Russian-style ``-ов/-ін`` and ``-ський`` declensions, nominative and genitive.
_GUESSED_SURNAME_ENDINGS = (
    (re.compile(r"\w{2,}(?:ов|ев|єв|ін|ин|їн)а$"), frozenset({("nomn", "femn"), ("gent", "masc"), ("accs", "masc")})),
    (re.compile(r"\w{2,}(?:ов|ев|єв|ін|ин|їн)$"), frozenset({("nomn", "masc")})),
    (re.compile(r"\w{2,}(?:ов|ев|єв|ін|ин|їн|ськ|цьк|зьк)ої$"), frozenset({("gent", "femn")})),
    (re.compile(r"\w{2,}(?:ськ|цьк|зьк)а$"), frozenset({("nomn", "femn")})),
    (re.compile(r"\w{2,}(?:ськ|цьк|зьк)ий$"), frozenset({("nomn", "masc")})),
    (re.compile(r"\w{2,}(?:ськ|цьк|зьк)ого$"), frozenset({("gent", "masc"), ("accs", "masc")})),
)


@lru_cache(maxsize=50_000)
def _guessed_surname_readings(text: str) -> frozenset[tuple[str, str]] | None:
    """The (case, gender) readings a lower-case word the dictionary lacks has as a surname, by its ending
    (:data:`_GUESSED_SURNAME_ENDINGS`); None for a known word or another ending."""
    if not (text.islower() and _WORD_RE.fullmatch(text)):
        return None
    form = lookup_form(text)
    for pattern, readings in _GUESSED_SURNAME_ENDINGS:
        if pattern.match(form):
            return None if any(_is_dictionary_parse(p) for p in parse_form(form)) else readings
    return None


#: The nominative of both sexes: the readings an indeclinable surname is taken in (after a given name in the
#: nominative only: ``тіні маестро`` is no one).
_NOMINATIVE_READINGS = frozenset({("nomn", "masc"), ("nomn", "femn")})


@lru_cache(maxsize=50_000)
def _indeclinable_surname_readings(text: str) -> frozenset[tuple[str, str]] | None:
    """The nominative readings for a lower-case word the dictionary knows only as an indeclinable noun, which after
    a lower-case given name is a surname of that shape (``володимир сальдо``, not the balance); None otherwise."""
    if not (text.islower() and _WORD_RE.fullmatch(text)):
        return None
    parses = [p for p in parse_form(lookup_form(text)) if _is_dictionary_parse(p)]
    if parses and all("Fixd" in p.tag.grammemes and p.tag.POS == "NOUN" for p in parses):
        return _NOMINATIVE_READINGS
    return None


#: The parts of speech the tagger gives lower-case given names (``дмитро``, ``марія``: NOUN, sometimes PROPN, and
#: PART where the word after it is no name it knows: ``володимир сальдо``).
_NAME_POS_IDS = numpy.array([POS_IDS["NOUN"], POS_IDS["PROPN"], POS_IDS["PART"]], dtype="uint64")
_ADJ_ID = POS_IDS["ADJ"]


def _noun_positions(d: _Doc, end: int) -> Iterable[int]:
    """Positions before ``end`` that the tagger made a noun or proper noun (all of them in an untagged Doc)."""
    if d.pos is None:
        return range(end)
    pos = d.pos[:end]
    return numpy.flatnonzero(numpy.isin(pos, _NAME_POS_IDS)).tolist()


def _lowercase_full_names(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A lower-case given name followed by a lower-case surname in the same case, number and gender (``дмитро
    пєсков``, ``марії захарової``, ``ельвіра набіулліна``, a surname the dictionary lacks: the 2022+ news style) is
    one person, whatever the model made of its words
    (``дмитро`` JOB + ``пєсков`` PER); entities reaching outside the pair are left alone."""
    pairs = []
    texts = d.text
    # the tagger's nouns only (a look-up for every word costs 1 % of the pipeline), and its adjectives before a noun
    # (``омбудсменка тетяна москалькова``: ``тетяна`` tagged ADJ after the noun)
    nouns = _noun_positions(d, d.n)
    adjectives: list[int] = []
    if d.pos is not None and d.n > 1:
        before = numpy.flatnonzero(d.pos[:-1] == _ADJ_ID)   # an adjective right before a noun
        adjectives = before[numpy.isin(d.pos[before + 1], _NAME_POS_IDS)].tolist()
    for i in [*(j for j in nouns if j < d.n - 1), *adjectives]:
        if d.ws[i] != " " or not texts[i + 1][:1].islower():
            continue
        given = _text_name_readings(texts[i], "Name")
        if given is None:
            continue
        surname = _text_name_readings(texts[i + 1], "Surn") or _guessed_surname_readings(texts[i + 1]) \
            or _indeclinable_surname_readings(texts[i + 1])
        if surname is not None and given & surname:
            pairs.append((i, i + 2))
    if not pairs:
        return ents
    for start, end in pairs:
        ents = _put_over(ents, _Ent(start, end, "PER"),
                         keep=lambda e, start=start, end=end: e.label == "PER" and (e.start, e.end) == (start, end))
    return ents


def _lowercase_surname_repeats(d: _Doc, ents: list[_Ent], taken: list[bool]) -> None:
    """The surname of a lower-case full name (``марії захарової``) repeated alone later (``захарова заявила``) is
    the same person where the model has nothing there (the bare word reads as a possessive adjective too)."""
    surnames = [d.info(e.end - 1)[3] for e in ents
                if e.label == "PER" and e.end - e.start >= 2 and d.text[e.end - 1].islower()]
    if not surnames:
        return
    for i, text in enumerate(d.text):
        if taken[i] or not text.islower() or not _WORD_RE.fullmatch(text) or len(text) < 4:
            continue
        lemmas = d.info(i)[3]
        if any(lemmas & surname for surname in surnames):
            ents.append(_Ent(i, i + 1, "PER"))
            taken[i] = True


def _lemma_key(d: _Doc, e: _Ent) -> list[frozenset[str]]:
    """Per word of a span, the set of its lemmas (dictionary readings and guesses)."""
    return [d.info(i)[3] for i in _lettered(d, e)]


def _lettered(d: _Doc, e: _Ent) -> list[int]:
    """The tokens of a span that hold a letter: its words, as :func:`_lemma_key` keys them."""
    return [i for i in range(e.start, e.end) if any(c.isalpha() for c in d.text[i])]


def _same_name(a: list[frozenset[str]], b: list[frozenset[str]]) -> bool:
    return bool(a) and len(a) == len(b) and all(x & y for x, y in zip(a, b, strict=True))


def _is_state_body(d: _Doc, e: _Ent) -> bool:
    """A one-word name built like a state body's or company's short name (``Мінюст``, ``Укравтодор``)."""
    if e.end - e.start != 1:
        return False
    text = d.text[e.start]
    return _STATE_BODY_RE.match(text) is not None and not text.startswith(_NOT_STATE_BODY)


#: Lemmas of an institution's nouns: a name holding one in lower case (``апеляційного суду``) or first (``Партія
#: регіонів``), or made of one alone (``Генпрокуратура``, ``Академії``, ``МЗС``), is an organisation's (NER-UK 2.0
#: DEV's training part: about 450 + 180 such spans ORG, 1 LOC). Not councils: a council's name also names its
#: territory (``на території Фасівської та Ягодинської сільських рад``: LOC), and there the model's LOC is kept.
INSTITUTION_NOUNS = frozenset(
    "суд управління комітет служба прокуратура генпрокуратура "
    "фонд університет інститут академія агентство банк нацбанк компанія товариство асоціація спілка організація "
    "партія комісія міністерство департамент інспекція поліція адміністрація держадміністрація "
    "облдержадміністрація райдержадміністрація кабмін мінфін держдума сбу мвс мзс зсу нбу "
    # DEV training part: 169 more such spans ORG, none LOC
    "колегія мерія магістрат міськрада облрада держпідприємство підприємство лікарня гімназія ліцей училище музей "
    "бібліотека палата пустинь холдинг корпорація митниця держлісгосп лісгосп єврокомісія соцпартія лабораторія "
    "федерація колгосп комбінат ансамбль хор клуб збірна".split())


_POWER_PLANT_RE = re.compile(r"^[А-ЯІЇЄҐ]{0,3}(?:АЕС|ТЕС|ГЕС|ТЕЦ|ГАЕС)$")


def _is_power_plant(d: _Doc, e: _Ent) -> bool:
    """A name ending in a power plant's abbreviation (``Запорізької АЕС``, ``РАЕС``; DEV: 15 ORG, none LOC)."""
    return _POWER_PLANT_RE.match(d.text[e.end - 1]) is not None


def _is_institution(d: _Doc, e: _Ent) -> bool:
    """A name with an institution's noun (:data:`INSTITUTION_NOUNS`): lower case inside it, or the name alone."""
    words = [i for i in range(e.start, e.end) if d.text[i].isalpha()]
    if len(words) == 1:
        return bool(d.info(words[0])[3] & INSTITUTION_NOUNS)
    return any((i == words[0] or d.text[i].islower()) and d.info(i)[3] & INSTITUTION_NOUNS for i in words)


def _is_settlement_name(d: _Doc, e: _Ent) -> bool:
    """A span right after a settlement noun (``села``, ``місті``, ``урочищі``) that does not read as a person's
    name: no word with a first-name or patronymic reading, no initial, not every word a surname (``голова міста
    Ігор Слюзар``, ``мер міста Садовий`` stay persons; ``села Мала Костромка`` does not)."""
    before = _previous_word(d, e.start)
    if before < 0 or not d.info(before)[3] & SETTLEMENT_NOUNS:
        return False
    words = [i for i in range(e.start, e.end) if d.text[i].isalpha()]
    grammemes = [d.info(i)[2] for i in words]
    if any(g & {"Name", "Patr"} for g in grammemes) or any(_is_initial(d.text[i]) for i in words):
        return False
    return not all("Surn" in g for g in grammemes)


#: The short (nominative masculine) forms of possessive adjectives made of a person's name: ``Дорин`` (Дора's),
#: ``Данків`` (Данко's), ``Іванчин``, ``Петрів``.
_POSSESSIVE_LEMMA_RE = re.compile(r"[^\W\d_]{2,}(?:ин|ін|їн|ів|їв)$")
#: Common nouns a possessive adjective may name a place with (``Андріїв узвіз``, ``Петрова гора``; in the NER-UK DEV
#: training part ``Дякової слободи`` and ``Змієвими валами`` are LOC).
PLACE_NOUNS = SETTLEMENT_NOUNS | frozenset({
    "вулиця", "провулок", "площа", "проспект", "узвіз", "бульвар", "майдан", "шлях", "міст", "гора", "річка", "ріка",
    "озеро", "острів", "затока", "море", "район", "область", "край", "поле", "ліс", "гай", "балка", "яр", "долина",
    "парк", "сквер", "садиба", "криниця", "джерело", "острівець", "пагорб", "урочище", "слобода", "вал", "церква",
    "собор", "монастир", "фортеця", "замок", "палац", "брама", "канал", "курган", "могила", "гірка", "пуща", "сад",
    "ставок", "печера", "коса", "луг", "хутір"})


@lru_cache(maxsize=20_000)
def _is_possessive_of_name(text: str) -> bool:
    """A capitalized word read as a possessive adjective made of a person's name (``Дориних``, ``Данковою``,
    ``Іванчиній``): some adjective reading's lemma is a short possessive form (:data:`_POSSESSIVE_LEMMA_RE`)."""
    if not (_is_capitalized(text) and text[1:].islower()):
        return False
    return any(p.tag.POS == "ADJF" and _POSSESSIVE_LEMMA_RE.match(p.normal_form) for p in parse_form(lookup_form(text)))


def _possessive_person(d: _Doc, e: _Ent) -> bool:
    """A LOC of a capitalized possessive adjective made of a person's name and the lower-case words it qualifies
    (``Дориних пальчиків``, ``Данковою курткою``, ``Зойчиній манері``: NER-UK tags the adjective alone, PER), not
    a place named so (``Петрова гора``: :data:`PLACE_NOUNS`) nor an opening word of a sentence."""
    if e.label != "LOC" or e.end - e.start < 2 or d.opens_sentence(e.start):
        return False
    rest = range(e.start + 1, e.end)
    if not all(d.text[i].islower() and d.text[i].isalpha() for i in rest):
        return False
    if any(d.info(i)[3] & PLACE_NOUNS for i in rest):
        return False
    return _is_possessive_of_name(d.text[e.start])


#: Legal forms of companies written as two initials: Dutch B. V. / N. V., S. A., A. G. (Latin and Cyrillic letters).
_COMPANY_FORMS = frozenset({"BV", "NV", "SA", "AG", "LP", "БВ", "НВ", "СА", "АГ", "ЛП"})


def _is_initialed_name(d: _Doc, e: _Ent) -> bool:
    """One capitalized word with one or two initials before or after it (``Підвисоцький М. Т.``, ``М. Т.
    Підвисоцький``): a person's name (in the NER-UK DEV training part 62 such spans are PER, 1 ORG, 2 LOC), unless
    the letters are a company's legal form (``Metinvest B. V.``)."""
    words = [i for i in range(e.start, e.end) if not d.is_space[i] and d.text[i] != "."]
    initials = [_is_initial(d.text[i]) for i in words]
    if not 2 <= len(words) <= 3 or initials.count(False) != 1:
        return False
    letters = "".join(d.text[i].rstrip(".").upper() for i, initial in zip(words, initials, strict=True) if initial)
    if letters in _COMPANY_FORMS or not all(
            d.text[i].endswith(".") or (i + 1 < d.n and d.text[i + 1] == ".")
            for i, initial in zip(words, initials, strict=True) if initial):
        return False  # a company's legal form (``Альтком Б. В.``), or letters without periods (``Інтек Б``)
    k = initials.index(False)  # the surname: first or last, the initials together on one side
    surname = d.text[words[k]]
    return k in (0, len(words) - 1) and len(surname) > 1 and _is_capitalized(surname) and surname[1:].islower()


def _text_key(text: str) -> list[frozenset[str]]:
    """Per word of ``text``, the set of its lemmas (as :func:`_lemma_key` has them for a span)."""
    return [_text_info(word)[3] for word in _WORD_RE.findall(text)]


@lru_cache(maxsize=1)
def country_keys() -> dict[str, list[list[frozenset[str]]]]:
    """The country names of :data:`COUNTRIES_PATH` as lemma keys, indexed by their first word's lemmas."""
    index: dict[str, list[list[frozenset[str]]]] = defaultdict(list)
    for line in COUNTRIES_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key = _text_key(line.strip())
            for lemma in key[0] if key else ():
                index[lemma].append(key)
    return dict(index)


def _is_country(d: _Doc, e: _Ent) -> bool:
    """The span names a country (any case form: ``Об'єднаних Арабських Еміратів``, ``ОАЕ``) and is not a
    quoted name (``«Україна»``: a company, a channel, a team)."""
    if e.start > 0 and d.text[e.start - 1] in _OPEN_QUOTES | _SYMMETRIC_QUOTES:
        return False
    key = _lemma_key(d, e)
    if not key:
        return False
    index = country_keys()
    candidates = (name for lemma in key[0] for name in index.get(lemma, ()))
    return any(_same_name(key, name) for name in candidates)


def _opens_with_given_name(d: _Doc, e: _Ent) -> bool:
    """A PER span whose first word the dictionary reads as a given name and whose last word is not an acronym."""
    words = _lettered(d, e)
    return len(words) > 1 and "Name" in d.info(words[0])[2] and not d.text[words[-1]].isupper()


def _document(d: _Doc, ents: list[_Ent], taken: list[bool]) -> None:
    """Label agreement between mentions of one name, and untagged repeats of a tagged name."""
    names = [e for e in ents if e.label in NAME_LABELS]
    keys = [_lemma_key(d, e) for e in names]
    # 1. majority label among mentions of the same name; a one-word mention also counts, twice, the surnames
    #    of the document's longer PER mentions ("Федорука" after "Анатолій Федорук")
    surnames = [k[-1] for o, k in zip(names, keys, strict=True) if o.label == "PER" and len(k) > 1]
    # the surnames of full names that open with a given name ("Наталю Бережанську"): in DEV's training part all
    # 407 one-word mentions sharing a lemma with one are PER, whatever the model made of them
    full_surnames = frozenset().union(*(k[-1] for o, k in zip(names, keys, strict=True)
                                        if o.label == "PER" and len(k) > 1 and _opens_with_given_name(d, o)))
    # the one-word names that are the subject of a verb of speech or feeling somewhere in the document: in DEV's
    # training part the one-word mentions sharing a lemma with one are 910 PER, 3 ORG, 3 JOB, no LOC
    speakers = frozenset().union(*(k[0] for o, k in zip(names, keys, strict=True)
                                   if len(k) == 1 and _subject_of_person_verb(d, o)))
    by_lemma: dict[str, set[int]] = defaultdict(set)  # first-word lemma → mentions (to compare only those)
    for j, key in enumerate(keys):
        for lemma in key[0] if key else ():
            by_lemma[lemma].add(j)
    surnames_by_lemma: dict[str, set[int]] = defaultdict(set)  # lemma → surnames having it
    for j, surname in enumerate(surnames):
        for lemma in surname:
            surnames_by_lemma[lemma].add(j)
    new_labels = []
    for e, key in zip(names, keys, strict=True):
        similar = set().union(*(by_lemma[lemma] for lemma in key[0])) if key else set()
        votes = Counter(names[j].label for j in similar if _same_name(key, keys[j]))
        if len(key) == 1 and ((e.label in ("LOC", "ORG") and key[0] & full_surnames)
                              or (e.label in ("LOC", "PER") and key[0] & speakers)):
            new_labels.append("PER")
            continue
        if len(key) == 1:  # the surnames sharing a lemma with the word; a full name weighs more
            votes["PER"] += 2 * len(set().union(*(surnames_by_lemma.get(lemma, ()) for lemma in key[0])))
        if not votes:
            new_labels.append(e.label)
            continue
        label, n = votes.most_common(1)[0]
        new_labels.append(label if n > votes[e.label] else e.label)
    for e, label in zip(names, new_labels, strict=True):
        e.label = label
    # 2. one-word names (and the last word of PER names) tagged once are tagged at untagged repeats
    sources: dict[str, list[tuple[frozenset[str], bool]]] = defaultdict(list)
    for e, key in zip(names, keys, strict=True):
        if not key:
            continue
        words = [i for i in range(e.start, e.end) if d.text[i].isalpha()]
        if e.label == "PER" and words and len(key) > 1:
            last = words[-1]
            if _is_capitalized(d.text[last]) and not _is_initial(d.text[last]):
                sources["PER"].append((key[-1], d.text[last].islower()))
        elif len(key) == 1 and words:
            sources[e.label].append((key[0], d.text[words[0]].islower()))
    if not sources:
        return
    source_of: dict[str, set[tuple[str, bool]]] = defaultdict(set)  # lemma → (label, written lower-case)
    for label, keyed in sources.items():
        for key, lowered in keyed:
            for lemma in key:
                source_of[lemma].add((label, lowered))
    # inflected forms of a name share its first letters ("Києва", "Київ"): a cheap filter before the dictionary
    prefixes = {lemma[:2] for lemma in source_of}
    casing = get_lemma_casing()
    for i in range(d.n):
        text = d.text[i]
        if taken[i] or len(text) < 2 or text[:2].lower() not in prefixes or not text.isalpha():
            continue
        lower = text.islower()
        if not lower and not (_is_capitalized(text) and (text[1:].islower() or text.isupper())):
            continue
        known, pos, grammemes, lemmas = d.info(i)
        if known and "NOUN" not in pos:
            continue  # names are nouns ("Велику" after "Велике" is not one)
        if lower and not (lemmas & casing.keys() or grammemes & _NAME_GRAMMEMES):
            continue  # a lower-case repeat only of a name ("путіна"), not of a common word ("команда")
        if not lower and _is_common_word(d, i):
            continue
        labels = {label for lemma in lemmas for label, lowered in source_of.get(lemma, ())
                  if lowered or not lower}
        if len(labels) == 1:
            ents.append(_Ent(i, i + 1, labels.pop()))
            taken[i] = True


#: Short names of Ukrainian state bodies that NER-UK tags ORG wherever they stand alone (DEV training part: these
#: forms 79 times alone, all ORG, 19 times inside a longer ORG, never outside an entity).
STATE_BODY_NAMES = frozenset("""Кабмін Кабміну Кабміном Кабмінові Мінфін Мінфіну Мінфіном МЗС МВС СБУ НАБУ ГПУ
    Генпрокуратура Генпрокуратури Генпрокуратурі Генпрокуратурою Нацбанк Нацбанку Нацбанком НБУ КМДА НАЗК ДБР
    Укрзалізниця Укрзалізниці Укрзалізницею Мінекономрозвитку Міноборони ЗСУ ЦВК""".split())


#: An acronym of a capital, lower-case letters, two capitals or more and an optional case ending (``ЗакДУ``,
#: ``ГоловКРУ``, ``СхідГЗК``): in NER-UK 2.0 DEV's training part 13 stand alone, all ORG (``ПрАТ``, a legal form, is
#: left to the names it opens).
_MIXED_ACRONYM_RE = re.compile(r"^[А-ЯІЇЄҐ][а-яіїєґ]+[А-ЯІЇЄҐ]{2,}[а-яіїєґ]{0,2}$")


def _untagged_organisations(d: _Doc, ents: list[_Ent], taken: list[bool], *, state_bodies: bool) -> None:
    """An untagged acronym written in mixed case (:data:`_MIXED_ACRONYM_RE`) is an ORG, and so, with
    ``state_bodies``, is an untagged short name of a state body (:data:`STATE_BODY_NAMES`) or a utility company
    (:data:`_UTILITY_COMPANY_RE`)."""
    for i, text in enumerate(d.text):
        if taken[i]:
            continue
        # cheap string tests first: most tokens are lower case or capitalized words
        if ((state_bodies and (text in STATE_BODY_NAMES or (len(text) > 8 and _UTILITY_COMPANY_RE.match(text))))
                or (text[1:2].islower() and not text[1:].islower() and text not in LEGAL_FORMS
                    and _MIXED_ACRONYM_RE.match(text))):
            ents.append(_Ent(i, i + 1, "ORG"))
            taken[i] = True


# --------------------------------------------------------------------------------------------------------------
# The component
# --------------------------------------------------------------------------------------------------------------


class EntityRules:
    """The ``ukrnews_entity_rules`` component (see the module docstring for the rules)."""

    def __init__(self, name: str = "ukrnews_entity_rules", *, boundaries: bool = True, common_words: bool = True,
                 person_readings: bool = True, name_kinds: bool = True, place_context: bool = True,
                 document: bool = True, lowercase_style: bool = True, news_names: bool = True) -> None:
        self.name = name
        self.boundaries = boundaries
        self.common_words = common_words
        self.person_readings = person_readings
        self.name_kinds = name_kinds
        self.place_context = place_context
        self.document = document
        self.lowercase_style = lowercase_style
        self.news_names = news_names

    def __call__(self, doc: Doc) -> Doc:
        found = doc.ents
        if not found and not self.lowercase_style:
            return doc
        d = _Doc(doc)
        ents = [_Ent(e.start, e.end, e.label_) for e in found]
        if self.boundaries:
            for e in ents:
                _cut_at_cell(d, e)
                if e.label in NAME_LABELS:
                    _trim(d, e)
                else:
                    _trim_other(d, e)
            ents = [e for e in ents if not (e.label in _MEASURE_LABELS and _has_no_amount(d, e))]
            _quoted_name(d, ents)
            ents = _quoted_line_break(d, ents)
        ents = [e for e in ents if e.end > e.start]
        if self.common_words:
            ents = [e for e in ents if not _is_common_phrase(d, e)]
        taken = self._taken(d, ents)
        if self.person_readings:
            for e in ents:
                if e.label == "PER" and _not_a_person(d, e) and not _subject_of_person_verb(d, e):
                    e.label = "LOC"
                elif e.label == "LOC" and _subject_of_person_verb(d, e):
                    e.label = "PER"
        if self.news_names:
            from . import news_entities  # it builds on this module's helpers

            ents = news_entities.apply(d, ents)
        if self.name_kinds:
            for e in ents:
                if e.label == "LOC" and (_is_state_body(d, e) or _is_institution(d, e) or _is_power_plant(d, e)):
                    e.label = "ORG"
                elif e.label in ("PER", "LOC", "ORG", "ART", "MISC") and e.end - e.start == 1 \
                        and _UTILITY_COMPANY_RE.match(d.text[e.start]):
                    # "Київавтодор" tagged as a place; an ORG stays one ("повідомили в «Київтеплоенерго»" is no
                    # medium for the rules below)
                    e.label = "ORG"
                elif (e.label == "ORG" and (_is_country(d, e) or _is_region_name(d, e))) or (
                        e.label == "PER" and _is_settlement_name(d, e)):
                    e.label = "LOC"
                elif _possessive_person(d, e):
                    e.end, e.label = e.start + 1, "PER"
                elif e.label == "ORG" and _is_initialed_name(d, e):
                    e.label = "PER"
                elif _is_post(d, e):
                    e.label = "JOB"
                elif _is_feast(d, e):
                    e.label = "MISC"
                elif _company_name(d, e):
                    e.label = "ORG"
                elif _car_name(d, e) or _reported_by_medium(d, e) or _work_title(d, e) or _reference_work(d, e):
                    e.label = "ART"
                elif _product_name(d, e):
                    e.label = "MISC"
                elif e.label == "ORG" and e.end - e.start == 1 and (common := _common_label(d, e.start)) is not None:
                    e.label = common
                elif _is_section_heading(d, e) or _is_lower_case_body(d, e):
                    e.label = ""
                elif e.label == "ORG" and d.info(e.start)[3] & DOCUMENT_NOUNS:
                    e.label = "DOC"
                elif (symbol := _symbol_label(d, e)) is not None:
                    e.label = symbol
                elif e.label in _AMOUNT_LABELS and d.text[e.end - 1] == "%":
                    e.label = "PCT"  # DEV: 160 of the 164 spans ending in "%" are PCT (4 QUANT), none MON
            ents = [e for e in ents if e.label]  # the acronyms of no entity
            ents = _split_post(d, _split_decision(d, ents))
            _served_field(d, ents)
            _coordinated_fields(d, ents)
            ents = _merge_served_place(d, _merge_district(d, _city_of_body(d, _split_settlement_region(d, ents))))
            ents = _street_across_line(d, _join_coordinated_regions(d, ents))
            for e in ents:
                _house_number(d, e)
            ents = _merge_remit(d, _merge_suffix(d, _bloc_of_person(d, ents)))
            ents = _split_leading_place(d, _split_trailing_person(d, _patron_name(d, ents)))
            ents = _acronym_with_region(d, ents)
            _name_in_outer_quotes(d, ents)
            _legal_form_before(d, ents)
            taken = self._taken(d, ents)  # spans grew over words the later rules must not tag again
        if self.place_context:
            _place_context(d, ents, taken)
        if self.lowercase_style:
            ents = _lowercase_full_names(d, ents)
            taken = self._taken(d, ents)
            _lowercase_surname_repeats(d, ents, taken)
            if _lowercase_style(d, ents, taken):
                _lowercase_surnames(d, ents, taken)
                ents = _lowercase_bodies(d, ents)
        if self.document:
            _document(d, ents, taken)
            _untagged_organisations(d, ents, taken, state_bodies=self.name_kinds)
            if self.name_kinds:  # an organisation tagged here takes in its legal form and region too
                _legal_form_before(d, ents)
                ents = _merge_served_place(d, _merge_district(d, ents))
            if self.news_names:
                from . import news_entities

                news_entities.table_labels(d, ents)
        doc.ents = self._spans(doc, ents)
        return doc

    @staticmethod
    def _taken(d: _Doc, ents: Iterable[_Ent]) -> list[bool]:
        taken = [False] * d.n
        for e in ents:
            for i in range(e.start, e.end):
                taken[i] = True
        return taken

    @staticmethod
    def _spans(doc: Doc, ents: list[_Ent]) -> list[Span]:
        """Spans in order, overlaps resolved in favour of the earlier-starting, longer span."""
        out: list[Span] = []
        end = 0
        for e in sorted(ents, key=lambda x: (x.start, -x.end)):
            if e.end > e.start and e.start >= end:
                out.append(Span(doc, e.start, e.end, label=e.label))
                end = e.end
        return out

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)


@Language.factory(
    "ukrnews_entity_rules",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"boundaries": True, "common_words": True, "person_readings": True, "name_kinds": True,
                    "place_context": True, "document": True, "lowercase_style": True, "news_names": True},
)
def make_entity_rules(nlp: Language, name: str, *, boundaries: bool, common_words: bool, person_readings: bool,
                      name_kinds: bool, place_context: bool, document: bool, lowercase_style: bool,
                      news_names: bool = True) -> EntityRules:
    """Factory: ``nlp.add_pipe("ukrnews_entity_rules", after="ner", config={"document": True, ...})``."""
    return EntityRules(name, boundaries=boundaries, common_words=common_words, person_readings=person_readings,
                       name_kinds=name_kinds, place_context=place_context, document=document,
                       lowercase_style=lowercase_style, news_names=news_names)
