"""Entity rules for the names of the 2022–2024 news: the war's bodies and units, titles, foreign names.

NER-UK 2.0, the recognizer's training data, holds texts of the 2010s: it has few of the names the news has
written every day since 2022 (``Генштаб ЗСУ``, ``Сили оборони``, ``НАТО``, ``ГУР Міноборони``, ``Харківська ОВА``,
``47-ма окрема механізована бригада «Маґура»``), and the model misses them, takes them for places or runs them
into the next name (``Єврокомісії Урсулою``). These rules, the ``news_names`` switch of
:class:`~ukrnews_nlp.entity_rules.EntityRules`, follow NER-UK's conventions (an organisation's span takes in the
country or parent body after it, ``МЗС Польщі``; a title is no part of a name, JOB) and were written from the
errors on sets a and b of ``bench/news_entities.py`` (c and d held back) and checked against NER-UK 2.0 DEV:

* :func:`opening_titles`: a title that opens a sentence (:data:`OPENING_TITLES`) is no part of the name after it
  (``Генсек НАТО Єнс Столтенберг``, ``Президент Туреччини``); a span that is only a title (``Міський голова``) is a
  post, JOB.
* :func:`known_bodies`: the bodies of ``resources/news_bodies.tsv`` are ORG (``Кремль``, ``Білий дім``: LOC) in
  any case form, whatever the model made of them, with the country or parent body's acronym after them
  (``Держдеп`` + ``США``, ``Генштабі`` + ``ЗСУ``); a model span that runs on from such a name into a person's
  (``Верховного Суду Всеволода Князєва``) or into common words (``Кремлі рішення суду``) is cut there.
* :func:`parent_bodies`: any short ORG takes in the parent body's acronym or the country after it (``Ради
  керівників МАГАТЕ``), not after a quoted part or a place (NER-UK: ``ВЦ «10 Хіммотолігічний центр»`` +
  ``Міноборони``).
* :func:`military_units`: a numbered unit (``110-ї окремої механізованої бригади``, ``36-й окремій бригаді морської
  піхоти``; NER-UK: ``80-ї аеромобільної бригади``) or one named by a capitalized adjective and a quoted name
  (``Операційно-стратегічного угруповання військ «Таврія»``) is one ORG; a unit's lower-case noun before its
  quoted name stays out, as after a company's noun (NER-UK: ``батальйону «Айдар»`` → ``Айдар``).
* :func:`split_person_names`: a given name and surname inside another name's span are a person of their own
  (``путіна Дмитро Пєсков``, ``НАТО Єнс Столтенберг``), and a person's name takes in its particles (``Урсулою фон
  дер Ляєн``, ``Ларса фон Трієра``).
* :func:`hyphenated_names`: a name's span takes in the capitalized part joined to it by a hyphen
  (``Приморсько-Ахтарська``, ``Тім Бернерс-Лі``), which the UD tokenizer writes as three tokens; not a country
  (``Україна-Естонія``, a match) nor two names the model tagged apart (``Ломаченко-Кролла``).

Like the other entity rules they only move spans to token edges, so offsets stay those of the original text.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .entity_rules import (
    _ACRONYM_RE,
    _CLOSE_QUOTES,
    _OPEN_QUOTES,
    _REGION_ADJECTIVE_ANY_RE,
    _WORD_RE,
    NAME_LABELS,
    TITLE_NOUNS,
    _agreement_keys,
    _dictionary_parses,
    _Doc,
    _Ent,
    _is_capitalized,
    _is_country,
    _lettered,
    _same_name,
    _text_key,
    country_keys,
)
from .morphology import get_lemma_casing

_NAME_MARKS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad"})
_PLACE_PREPOSITIONS = frozenset({"в", "у", "на"})
_NUMERIC_LABELS = frozenset({"MON", "QUANT", "PCT", "DATE", "TIME", "PERIOD"})
_PERSON_MARKS = frozenset({"Name", "Surn"})
BODIES_PATH = Path(__file__).resolve().parent / "resources" / "news_bodies.tsv"


@lru_cache(maxsize=1)
def body_keys() -> dict[str, list[tuple[list[frozenset[str]], tuple[str, ...], str]]]:
    """The names of :data:`BODIES_PATH` as (lemma key, words as written, label), indexed by their first word's
    lemmas; the longest names first."""
    index: dict[str, list] = defaultdict(list)
    for line in BODIES_PATH.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, name = line.split("\t")
        words = tuple(_WORD_RE.findall(name))
        key = _text_key(name)
        for lemma in key[0]:
            index[lemma].append((key, words, label))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return dict(index)


@lru_cache(maxsize=1)
def _plural_keys() -> list[list[frozenset[str]]]:
    """The lemma keys of the table's names whose first word is a plural (``Сили оборони``, ``Повітряні сили``:
    every nominative reading of the word as written is plural)."""
    keys = []
    for entries in body_keys().values():
        for key, words, _label in entries:
            nominatives = [p for p in _dictionary_parses(words[0]) if "nomn" in p.tag.grammemes]
            if nominatives and all("plur" in p.tag.grammemes for p in nominatives) and key not in keys:
                keys.append(key)
    return keys


@lru_cache(maxsize=10_000)
def plural_body(words: tuple[str, ...]) -> bool:
    """``words`` (a mention's words and marks) open one of the table's plural names, in any case form."""
    lettered = [w for w in words if _WORD_RE.fullmatch(w)]
    return any(len(lettered) >= len(key) and _same_name([_text_key(w)[0] for w in lettered[:len(key)]], key)
               for key in _plural_keys())


def _words_from(d: _Doc, i: int, n: int) -> list[int] | None:
    """The ``n`` words from token ``i`` on, with the hyphens between their parts (``Військово`` ``-``
    ``морських``) and nothing else between them; None where the text stops or something else comes between."""
    words = [i]
    k = i
    while len(words) < n:
        k += 1
        if k < d.n and d.text[k] == "-" and not d.ws[k - 1] and not d.ws[k]:
            k += 1
        elif k >= d.n or not d.ws[k - 1]:
            return None
        if k >= d.n or not _WORD_RE.fullmatch(d.text[k]):
            return None
        words.append(k)
    return words


def _written_as(text: str, word: str) -> bool:
    """A token's text written as the table's word: an acronym exactly, a capitalized word capitalized, a
    lower-case word in lower case."""
    if len(word) > 1 and word.isupper():
        return text == word
    return _is_capitalized(text) == _is_capitalized(word)


def _body_at(d: _Doc, i: int) -> tuple[int, str] | None:
    """(end, label) of the longest table name starting at token ``i``, or None."""
    text = d.text[i]
    if not _is_capitalized(text):
        return None
    index = body_keys()
    for lemma in d.info(i)[3]:
        for key, words, label in index.get(lemma, ()):
            positions = _words_from(d, i, len(words))
            if positions is None or not all(_written_as(d.text[k], w) for k, w in zip(positions, words,
                                                                                        strict=True)):
                continue
            if _same_name([d.info(k)[3] for k in positions], key):
                return positions[-1] + 1, label
    return None


#: Acronyms of the military and state administrations of a region, district or city (``Харківська ОВА``).
REGIONAL_BODIES = frozenset({"ОВА", "ОДА", "МВА", "ВЦА", "РВА", "РДА", "КМВА"})

#: Acronyms of the parent body or country an organisation's name ends with (``Генштаб ЗСУ``, ``ЗС РФ``).
PARENT_ACRONYMS = frozenset({"ЗСУ", "ЗС", "РФ", "рф", "США", "ООН", "ЄС", "НАТО", "МАГАТЕ", "ОБСЄ", "Міноборони",
                             "МВС", "СБУ", "НБУ", "ВР"})


def _parent_end(d: _Doc, j: int) -> int | None:
    """The end of a parent body or a country in the genitive at token ``j`` (``ЗСУ``, ``Польщі``, ``Сполучених
    Штатів``), or None."""
    if j >= d.n:
        return None
    if d.text[j] in PARENT_ACRONYMS:
        return j + 1
    if not _is_capitalized(d.text[j]):
        return None
    body = _body_at(d, j)
    if body is not None and body[1] == "ORG" and "gent" in d.info(body[0] - 1)[2]:
        return body[0]  # ``Палата представників`` + ``Конгресу``
    index = country_keys()
    for lemma in d.info(j)[3]:
        for name in index.get(lemma, ()):
            positions = _words_from(d, j, len(name))
            if positions is not None and _same_name([d.info(k)[3] for k in positions], name) \
                    and "gent" in d.info(positions[-1])[2]:
                return positions[-1] + 1
    return None


def _with_parents(d: _Doc, end: int) -> int:
    """``end``, moved past the parent bodies and countries that follow it (``Генштабу`` + ``ЗС РФ``), after a
    space or a no-break space (a token of its own)."""
    while True:
        j = d.past_space(end, across_lines=False) if not d.ws[end - 1] else end
        if j == end and not d.ws[end - 1]:
            return end
        parent = _parent_end(d, j) if j < d.n else None
        if parent is None:
            return end
        end = parent


def _given_name_at(d: _Doc, k: int, end: int | None = None) -> bool:
    """Token ``k`` is capitalized, the dictionary reads it as a given name, and a name particle or a capitalized
    word before ``end`` follows it (a surname: ``Дмитро Пєсков``, ``Урсулою фон``)."""
    if not (_is_capitalized(d.text[k]) and d.text[k][1:].islower() and "Name" in d.info(k)[2]):
        return False
    j = k + 1
    if j >= d.n or d.ws[k] != " ":
        return False
    return d.text[j] in NAME_PARTICLES or (
        _is_capitalized(d.text[j]) and not d.text[j].isupper() and (end is None or j < end))


def known_bodies(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """The table's bodies as entities of their label, with their parents, in place of what the model gave
    their words. A longer ORG around a body stays (``Управління СБУ в Київській області``); another span that
    runs into a body ends before it (``Севастополю`` + ``Чорноморський флот``); one that starts at a body and
    runs on keeps what follows only where that is a person's name of its own (``Єврокомісії`` + ``Урсулою``) or
    more acronyms of the body's parents."""
    found: list[_Ent] = []
    i = 0
    while i < d.n:
        match = _body_at(d, i) if d.text[i][:1].isupper() else None
        if match is None or (i and d.text[i - 1] in _OPEN_QUOTES | {'"'} and (
                match[1] != "ORG" or match[0] >= d.n or d.text[match[0]] not in _CLOSE_QUOTES | {'"'})):
            i += 1  # a quoted name may open with a body's acronym (``«САП Україна»``), a quoted place's name is
            continue  # a company's or a team's (``фірма «Київ»``): the model's
        end, label = match
        if end < d.n and d.text[end] == "-" and not d.ws[end - 1]:
            i = end  # a hyphened name goes on (``Мінська-2``)
            continue
        start = i
        if d.text[i] in REGIONAL_BODIES and i and d.ws[i - 1] == " " and _REGION_ADJECTIVE_ANY_RE.match(d.text[i - 1]):
            start = i - 1  # ``Дніпропетровської`` + ``ОВА``, whatever the model gave the adjective
        found.append(_Ent(start, _with_parents(d, end) if label == "ORG" else end, label))
        i = found[-1].end
    for new in found:
        overlapping = [e for e in ents if e.start < new.end and e.end > new.start]
        for e in overlapping:
            if e.label in _NUMERIC_LABELS and e.start == new.start and e.end > new.end:
                e.start = d.past_space(new.end, across_lines=False)  # ``ЄБРР`` + ``300 млн євро``
        overlapping = [e for e in overlapping if e.start < new.end]
        if any((e.label in ("ORG", "PER") and e.start < new.start and e.end >= new.end)
               or (e.label not in NAME_LABELS and e.start <= new.start and e.end >= new.end
                   and (e.start, e.end) != (new.start, new.end))
               or (e.start < new.start and "gent" in d.info(new.start)[2]) for e in overlapping):
            continue  # a longer organisation's name, a person's (``Джон Девід Вашингтон``), a post (``Генсек
            # НАТО``: JOB), a document's title, a name with the body as its complement (``Кубку Кремля``); a span
            # of another type that is the body itself (``Світовий банк`` MISC) takes the body's label
        out = [e for e in ents if e not in overlapping]
        for e in overlapping:
            if e.start < new.start:
                head = _Ent(e.start, new.start, e.label)
                while head.end > head.start and not _WORD_RE.fullmatch(d.text[head.end - 1]):
                    head.end -= 1
                out.append(head)
            elif e.end > new.end:
                j = d.past_space(new.end, across_lines=False)
                if j < e.end and _given_name_at(d, j):
                    out.append(_Ent(j, e.end, "PER"))
                elif e.label == new.label and not _another_body(d, j, e.end) and not (
                        d.text[j] in ("з", "із") and d.info(new.end - 1)[3] & {"рада"}):
                    # a longer name (``Державним департаментом авіаційного транспорту``), but not a council's
                    # with the ombudsman's ``з прав людини`` (``Уповноважений Верховної Ради з прав людини``)
                    new.end = e.end
        ents = [e for e in out if e.end > e.start] + [new]
    return ents


_JOINING = frozenset({"та", "і", "й", ",", "або"})


def _another_body(d: _Doc, j: int, end: int) -> bool:
    """A table body starts at token ``j`` (before ``end``), or after a conjunction or comma there
    (``Національної гвардії`` + ``та Державної прикордонної служби``, ``ГУР Міноборони`` + ``Чорноморський флот``)."""
    if j < end and d.text[j] in _JOINING:
        j = d.past_space(j + 1, across_lines=False)
    elif j < end and d.text[j] in PARENT_ACRONYMS:
        return False  # the parent body (``Генштабі`` + ``ЗСУ``)
    return j < end and _body_at(d, j) is not None


#: Lemmas of the nouns that head a military unit's name.
UNIT_NOUNS = frozenset({"бригада", "полк", "батальйон", "дивізія", "корпус", "угруповання", "загін", "флотилія",
                        "ескадрилья"})
#: A numbered unit's ordinal: ``47-ї``, ``110-ї``, ``36-й``, ``3-тя``, ``47-ма``, ``93-тю``.
_ORDINAL_RE = re.compile(r"^\d{1,4}-?(?:[йїаяіу]|го|му|ма|та|тя|тю|ту|ий|ої|ій|ою|ого|ому|им|ім)$")


def _unit_end(d: _Doc, i: int) -> int | None:
    """The end of a military unit's name that starts at token ``i`` (an ordinal or a capitalized adjective,
    adjectives, the unit's noun, lower-case genitives, a quoted name), or None."""
    numbered = bool(_ORDINAL_RE.match(d.text[i]))
    if not numbered and not (_is_capitalized(d.text[i]) and _WORD_RE.fullmatch(d.text[i]) and (
            "ADJF" in d.info(i)[1] or (i + 1 < d.n and d.text[i + 1] == "-"))):
        return None  # ``Окремого``, ``Операційно`` ``-`` ``стратегічного``; not ``Бійці бригади``
    k = i + 1
    # adjectives (``окремої механізованої``; ``Операційно`` ``-`` ``стратегічного``) up to the unit's noun
    while k < d.n and (d.text[k] == "-" or (d.text[k].islower() and "ADJF" in d.info(k)[1])) \
            and not d.info(k)[3] & UNIT_NOUNS:
        k += 1
    if k >= d.n or not d.info(k)[3] & UNIT_NOUNS or not d.text[k].islower():
        return None
    end = k + 1
    # lower-case genitives after the noun: ``морської піхоти``, ``військ``, ``територіальної оборони``
    j = end
    while j < d.n and d.text[j].islower() and _WORD_RE.fullmatch(d.text[j]) and "gent" in d.info(j)[2] \
            and d.info(j)[1] & {"NOUN", "ADJF"} and j - end < 3 and d.text[j] != "імені":
        j += 1
        if "NOUN" in d.info(j - 1)[1]:
            end = j
    quoted = _quoted_name_end(d, end)
    if quoted is not None:
        return quoted
    if numbered and end < d.n and d.text[end] == "імені":
        # ``24-та окрема механізована бригада імені короля Данила``: up to the person's name
        k = end + 1
        while k < d.n and k - end <= 4 and _WORD_RE.fullmatch(d.text[k]) and not d.info(k)[1] & {"VERB", "PREP",
                                                                                                 "CONJ"}:
            if _is_capitalized(d.text[k]):
                end = k + 1
            k += 1
    return end if numbered else None


def _quoted_name_end(d: _Doc, j: int) -> int | None:
    """The end (past the closing mark) of a quoted capitalized name right after token ``j - 1``, or None."""
    if j >= d.n or d.text[j] not in _OPEN_QUOTES | {'"'}:
        return None
    if j + 1 >= d.n or not _is_capitalized(d.text[j + 1]):
        return None
    for k in range(j + 2, min(j + 8, d.n)):
        if d.text[k] in _QUOTED_NAME_ENDS:
            return k + 1
    return None


#: The marks that close a unit's quoted name (whichever mark opened it).
_QUOTED_NAME_ENDS = frozenset({"»", "”", '"'})


def military_units(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """Numbered units and units named with a capitalized adjective and a quoted name are one ORG each, the
    model's spans inside them dropped (NER-UK 2.0 DEV: ``80-ї аеромобільної бригади``; a unit's lower-case noun
    before a quoted name stays out, ``батальйону «Айдар»`` → ``Айдар``, as after a company's noun)."""
    found: list[_Ent] = []
    i = 0
    while i < d.n:
        end = _unit_end(d, i) if (d.text[i][:1].isdigit() or d.text[i][:1].isupper()) else None
        if end is None:
            i += 1
            continue
        found.append(_Ent(i, end, "ORG"))
        i = end
    for new in found:
        if any(e.start < new.start < e.end or e.start < new.end < e.end for e in ents):
            continue  # a name the model runs across the unit's edge: left alone
        ents = [e for e in ents if not (new.start <= e.start and e.end <= new.end)] + [new]
    return ents


#: Lemmas of the titles (NER-UK: JOB) that open a sentence before a name: the entity rules' own and the news'
#: ones (``Генсек``, ``Очільник``, ``Речниця``). A list, not every animate noun: fiction names characters with
#: common nouns (``Пес``, ``Тюлень``, ``Вчитель``: PER in NER-UK).
OPENING_TITLES = TITLE_NOUNS | frozenset({
    "генсек", "генсекретар", "очільник", "очільниця", "речник", "речниця", "лідер", "представник", "представниця",
    "прессекретар", "прес-секретар", "держсекретар", "держсекретарка", "канцлер", "прем'єр", "прем’єр",
    "міністерка", "президентка", "посолка", "командир", "комбриг", "головком", "генерал", "віцепрем'єр",
    "спікерка", "губернаторка", "постпред", "єврокомісар", "комісар", "віцепрезидент", "генпрокурор",
    "омбудсманка", "адвокат", "адвокатка", "аналітик", "аналітикиня", "експерт", "експертка", "політолог",
    "політологиня", "економіст", "економістка", "журналіст", "журналістка"})


def _is_title_word(d: _Doc, i: int) -> bool:
    """Token ``i`` is one of :data:`OPENING_TITLES`, as the dictionary reads it (``Генсек``, ``Очільник``)."""
    return bool(d.info(i)[3] & OPENING_TITLES)


def _is_group_noun(d: _Doc, i: int) -> bool:
    """Token ``i`` is a plural animate common noun with no name reading, no lemma BRUK capitalizes (``Аналітики``,
    ``Енергетики``, ``Рятувальники``): people of a trade, not a name's first word."""
    known, parts, grammemes, lemmas = d.info(i)
    return (known and parts == {"NOUN"} and {"anim", "plur"} <= grammemes and not grammemes & _NAME_MARKS
            and not lemmas & get_lemma_casing().keys())


def _title_end(d: _Doc, e: _Ent) -> int | None:
    """The end of a title that opens span ``e`` at the start of a sentence: common adjectives, then a person's
    noun (``Міський голова``, ``Генсек``, ``Прем'єр-міністр``); None if the span does not open so."""
    if not (_is_capitalized(d.text[e.start]) and not d.text[e.start].isupper() and d.opens_sentence(e.start)):
        return None
    k = e.start
    while k < e.end and "ADJF" in d.info(k)[1] and not d.info(k)[2] & _NAME_MARKS:  # ``Міський``
        k += 1
    if k < e.end and k == e.start and k + 1 < e.end and _is_group_noun(d, k) and (
            _body_at(d, k + 1) is not None or _given_name_at(d, k + 1, e.end)):
        return k + 1  # ``Аналітики`` + ``ISW``, ``Енергетики`` + ``ДТЕК`` (not ``Митниці Державної … служби``)
    if k >= e.end or not _is_title_word(d, k):
        return None
    end = k + 1
    while end + 1 < e.end and d.text[end] == "-" and _is_title_word(d, end + 1):
        end += 2  # ``Прем'єр-міністр``, ``віце-прем'єр``
    return end


def opening_titles(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A title opening a sentence and the span of a name after it: JOB for the title, the rest the name's (a
    country alone LOC, a table body ORG)."""
    out: list[_Ent] = []
    for e in ents:
        end = _title_end(d, e) if e.label in NAME_LABELS else None
        if end is None:
            out.append(e)
            continue
        if _is_title_word(d, end - 1):
            out.append(_Ent(e.start, end, "JOB"))
        rest = _Ent(d.past_space(end, across_lines=False), e.end, e.label)
        if rest.end > rest.start and any(_WORD_RE.fullmatch(d.text[k]) for k in range(rest.start, rest.end)):
            body = _body_at(d, rest.start)
            if body is not None and body[0] == rest.end:
                rest.label = body[1]
            elif _is_country(d, rest):
                rest.label = "LOC"
            out.append(rest)
    return out


#: Lower-case particles inside foreign names: ``фон дер Ляєн``, ``де Голль``, ``ван Россум``, ``аль-Асад``.
NAME_PARTICLES = frozenset({"фон", "дер", "де", "ван", "да", "ді", "дю", "ла", "ле", "аль", "ель", "бін", "ібн"})


def split_person_names(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A span of another name that goes on into a given name and a surname ends before them, which are a PER
    (``путіна`` + ``Дмитро Пєсков``, ``НАТО`` + ``Єнс Столтенберг``; not where the words before are a name's own,
    ``Петро Олексійович Порошенко``, nor an organisation named after its person, ``Фонду Ріната Ахметова``,
    unless it is a table body); a PER then takes in the particles and the surname after it (``Урсулою`` + ``фон
    дер Ляєн``)."""
    out: list[_Ent] = []
    for e in ents:
        words = _lettered(d, e)
        k = next((w for n, w in enumerate(words) if n and _given_name_at(d, w, e.end)), None)
        if k is not None and e.label == "PER" and words.index(k) == 1 and _two_given_names(d, words[0], k):
            # "Дружина Олега Алла Тимошенко": the husband's given name, then the wife's name
            out.extend([_Ent(e.start, words[0] + 1, "PER"), _Ent(k, e.end, "PER")])
            continue
        if k is None and e.label in ("LOC", "ORG") and len(words) >= 2 and _lone_given_name(d, words[-2], words[-1]):
            # "кав'ярні на Михайлівській Оксана каже": a place, then a person named by a given name alone
            out.extend([_Ent(e.start, words[-2] + 1, e.label), _Ent(words[-1], e.end, "PER")])
            continue
        if e.label not in NAME_LABELS or k is None or any("Name" in d.info(w)[2] for w in words[:words.index(k)]):
            out.append(e)
            continue
        head = _Ent(e.start, k, e.label)
        while head.end > head.start and d.is_space[head.end - 1]:
            head.end -= 1
        body = _body_at(d, e.start)
        if body is not None and body[0] <= k:
            head.label = body[1]
        elif _is_country(d, head):
            head.label = "LOC"
        elif e.label != "PER" or not all(d.text[w].islower() and d.info(w)[2] & _PERSON_MARKS
                                         for w in words[:words.index(k)]):
            # an organisation named after its person (``Фонду Ріната Ахметова``), a street (``вул. Михайла
            # Гришка``), a surname before the given name (``Петренко Марія Іванівна``): one name
            out.append(e)
            continue
        out.extend([head, _Ent(k, e.end, "PER")])
    for e in out:
        if e.label == "PER":
            _take_particles(d, e, out)
            _given_name_before(d, e, out)
    return [e for e in out if e.end > e.start]


def _two_given_names(d: _Doc, first: int, k: int) -> bool:
    """Tokens ``first`` and ``k`` are given names (only that, to the dictionary) in no common case: two people's
    names, not one (``Олега`` + ``Алла``)."""
    a = [p for p in _dictionary_parses(d.text[first]) if "NOUN" == p.tag.POS]
    b = [p for p in _dictionary_parses(d.text[k]) if "NOUN" == p.tag.POS]
    if not a or not b or not all("Name" in p.tag.grammemes for p in a + b):
        return False
    return not {p.tag.case for p in a} & {p.tag.case for p in b}


def _lone_given_name(d: _Doc, before: int, k: int) -> bool:
    """Token ``k`` ends a place's or an organisation's span but is a given name in the nominative that the word
    ``before`` it, an adjective with no nominative reading, cannot agree with (``Михайлівській`` + ``Оксана``)."""
    if not (_is_capitalized(d.text[k]) and d.text[k][1:].islower()) or d.ws[before] != " ":
        return False
    parses = _dictionary_parses(d.text[k])
    others = _dictionary_parses(d.text[before])
    lone_name = any({"Name", "nomn"} <= p.tag.grammemes and "plur" not in p.tag.grammemes for p in parses)
    if not lone_name or not others or not all(p.tag.POS == "ADJF" and "nomn" not in p.tag.grammemes for p in others):
        return False
    # a name the adjective agrees with is one name ("Північної Кароліни")
    agreeing = {(p.tag.case, p.tag.number) for p in others}
    return not any((p.tag.case, p.tag.number) in agreeing for p in parses)


def _take_particles(d: _Doc, e: _Ent, ents: list[_Ent]) -> None:
    """PER ``e`` takes in name particles and the capitalized surname after them, and the entity the model
    gave that surname (``Урсулою`` + ``фон дер`` + ``Ляєн``)."""
    j = e.end
    seen = False
    while j + 1 < d.n and d.ws[j - 1] == " " and d.text[j] in NAME_PARTICLES:
        j += 1
        seen = True
    if not seen or j >= d.n or d.ws[j - 1] != " " or not _is_capitalized(d.text[j]):
        return
    for o in ents:
        if o is not e and o.start <= j < o.end:
            if o.start < e.end or o.label != "PER":
                return
            o.end = o.start  # the surname's own span joins this one
    e.end = j + 1


def _given_name_before(d: _Doc, e: _Ent, ents: list[_Ent]) -> None:
    """PER ``e`` right after name particles takes in them and the given name before them, where no entity has
    that name (``Урсули`` + ``фон дер`` + ``Ляєн``)."""
    k = e.start - 1
    seen = False
    while k > 0 and d.ws[k] == " " and d.text[k] in NAME_PARTICLES:
        k -= 1
        seen = True
    if not seen or k < 0 or d.ws[k] != " " or not _given_name_at(d, k):
        return
    if any(o.start <= k < o.end for o in ents if o is not e):
        return
    e.start = k


def _joinable(d: _Doc, e: _Ent, k: int, ents: list[_Ent]) -> bool:
    """The capitalized part at token ``k``, hyphened to ``e``, belongs to ``e``'s name: it is no country
    (``Україна-Естонія``: a match), no entity of its own, unless both are persons and ``e`` holds a given name
    too (``Тім Бернерс`` + ``Лі``; not ``Ломаченко`` + ``Кролла``), and for a place no name of its own."""
    if not (_is_capitalized(d.text[k]) and _WORD_RE.fullmatch(d.text[k]) and not _ACRONYM_RE.match(d.text[k])):
        return False
    if _is_country(d, _Ent(k, k + 1, "LOC")):
        return False
    other = next((o for o in ents if o is not e and o.start <= k < o.end), None)
    if other is None:
        # a place's part the dictionary or BRUK knows as a name of its own is another name (``Шахтар-Динамо``)
        return e.label == "PER" or not (d.info(k)[3] & get_lemma_casing().keys() or d.info(k)[2] & _NAME_MARKS)
    if e.label == other.label == "LOC":
        # ``Приморсько`` + ``Ахтарська``: the first part a compound stem, no name of its own
        left = k if k < e.start else e.end - 1
        return d.text[left].endswith("о") and not d.info(left)[0]
    return e.label == other.label == "PER" and len(_lettered(d, e)) > 1


def hyphenated_names(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A name's span takes in a capitalized part joined to it by a hyphen on either side (``Приморсько`` ``-``
    ``Ахтарська``, ``Марії Львової`` ``-`` ``Бєлової``) where :func:`_joinable`, and the entity the model gave
    that part."""
    for e in sorted(ents, key=lambda x: x.start):
        if e.label not in NAME_LABELS or e.end <= e.start:
            continue
        while (e.end + 1 < d.n and d.text[e.end] == "-" and not d.ws[e.end - 1] and not d.ws[e.end]
               and _joinable(d, e, e.end + 1, ents)):
            for o in ents:
                if o is not e and o.start <= e.end + 1 < o.end:
                    e.end = max(e.end, o.end - 2)
                    o.end = o.start
            e.end += 2
        while (e.start >= 2 and d.text[e.start - 1] == "-" and not d.ws[e.start - 2] and not d.ws[e.start - 1]
               and _joinable(d, e, e.start - 2, ents)):
            for o in ents:
                if o is not e and o.start <= e.start - 2 < o.end:
                    e.start = min(e.start, o.start + 2)
                    o.end = o.start
            e.start -= 2
    return [e for e in ents if e.end > e.start]


def parent_bodies(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """An ORG takes in the parent body's acronym or the country in the genitive right after it, and the
    entities the model gave them (``Ради керівників`` + ``МАГАТЕ``, ``Сенат`` + ``США``), as NER-UK has
    ``Міністерства оборони України`` whole."""
    for e in sorted(ents, key=lambda x: x.start):
        if e.label != "ORG" or e.end <= e.start or not _WORD_RE.fullmatch(d.text[e.end - 1]) \
                or len(_lettered(d, e)) > 4 or any(d.text[k] in _OPEN_QUOTES or d.text[k] in _PLACE_PREPOSITIONS
                                                   or (d.text[k] in "-–—" and d.ws[k]) for k in range(e.start, e.end)):
            continue  # NER-UK: ``ВЦ «10 Хіммотолігічний центр»`` + ``Міноборони``, ``Управління … в Чернігівській
            # області`` + ``Нацполіції``: a name with its quoted part or its place is whole without the parent
        end = _with_parents(d, e.end)
        if end == e.end:
            continue
        inside = [o for o in ents if o is not e and o.start < end and o.end > e.end]
        if any(o.end > end or o.label not in ("ORG", "LOC") for o in inside):
            continue
        for o in inside:
            o.end = o.start
        e.end = end
    return [e for e in ents if e.end > e.start]


#: Lemmas of the bodies a country keeps in another country, whose name goes on with ``в``/``у`` and that country.
MISSION_NOUNS = frozenset({"посольство", "представництво", "консульство", "генконсульство", "місія"})


def missions(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """An embassy's or mission's ORG takes in ``в``/``у`` and the country it is in (``Посольство Німеччини`` + ``в
    Україні``), and the country's LOC."""
    for e in ents:
        if e.label != "ORG" or not d.info(e.start)[3] & MISSION_NOUNS:
            continue
        j = e.end
        if j + 1 >= d.n or d.ws[j - 1] != " " or d.text[j] not in ("в", "у") or d.ws[j] != " ":
            continue
        country = next((o for o in ents if o.start == j + 1 and o.label == "LOC"), None)
        if country is None or not _is_country(d, country):
            continue
        e.end, country.end = country.end, country.start
    return [e for e in ents if e.end > e.start]


#: Lemmas of the adjectives that end a settlement's name (``Новоселівка Перша``, ``Олександрівка Друга``).
SETTLEMENT_ADJECTIVES = frozenset({"перший", "другий", "третій", "новий", "старий", "великий", "малий", "верхній",
                                   "нижній", "середній", "північний", "південний", "західний", "східний"})


def settlement_adjectives(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A place takes in the capitalized adjective after it that ends a settlement's name, in the same case
    (``Новоселівки`` + ``Першої``), and the entity the model gave the adjective."""
    for e in ents:
        j = e.end
        if e.label != "LOC" or j >= d.n or d.ws[j - 1] != " " or not _is_capitalized(d.text[j]):
            continue
        if not d.info(j)[3] & SETTLEMENT_ADJECTIVES or not _shared_case(d, e.end - 1, j):
            continue
        if any(o is not e and o.start <= j < o.end and (o.end > j + 1 or o.label != "LOC") for o in ents):
            continue
        for o in ents:
            if o is not e and o.start == j:
                o.end = o.start
        e.end = j + 1
    return [e for e in ents if e.end > e.start]


def _shared_case(d: _Doc, i: int, j: int) -> bool:
    """Tokens ``i`` and ``j`` have readings of one case and gender (or both plural): ``Новоселівки Першої``, not
    ``Донецьк Нова``."""
    return bool(_agreement_set(d.text[i]) & _agreement_set(d.text[j]))


@lru_cache(maxsize=10_000)
def _agreement_set(text: str) -> frozenset[tuple[str, str]]:
    parses = _dictionary_parses(text)
    return frozenset().union(*(_agreement_keys(p.tag.grammemes) for p in parses)) if parses else frozenset()


def countries_as_persons(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """A person's span that names a country is a place (``прем'єр-міністром Великої Британії`` + ``Кіром
    Стармером``; not fiction's one-word ``Малий``, whose adjective is a reading of ``Малі`` too)."""
    for e in ents:
        if e.label == "PER" and len(_lettered(d, e)) <= 3 and _is_country(d, e) \
                and not (e.end - e.start == 1 and "ADJF" in d.info(e.start)[1]):
            e.label = "LOC"
    return ents


def hromadas(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """An adjective and ``громада`` (``Краснопільської громади``, ``Новгород-Сіверської громади``) is a territory,
    LOC, like an oblast or a district, and ends there (``Краснопільській громаді FPV-дрон``); the model, trained
    before the communities of 2020, made some ORG."""
    for e in ents:
        if e.label not in ("ORG", "LOC") or not _is_capitalized(d.text[e.start]):
            continue
        # the community's noun after its capitalized (perhaps hyphened) adjective; a run-on past it is cut
        k = next((k for k in range(e.start + 1, e.end) if d.text[k].islower() and "громада" in d.info(k)[3]), None)
        if k is None or not all(_is_capitalized(d.text[j]) or d.text[j] == "-" for j in range(e.start, k)):
            continue
        known, parts, grammemes, _ = d.info(k - 1)
        if (known and "ADJF" not in parts) or "plur" in d.info(k)[2] and d.text[k].lower() == "громад":
            continue  # an adjective's community, not ``Палати громад`` (the House of Commons)
        e.label, e.end = "LOC", k + 1
    return ents


def table_labels(d: _Doc, ents: list[_Ent]) -> None:
    """Each entity that is exactly one of the table's names (with its parents) takes the table's label again, after
    the document-wide rules (``Кремль вийшов із зернової угоди``: the subject of a verb of motion, which makes a
    one-word name a person everywhere in the document)."""
    for e in ents:
        if e.label in NAME_LABELS and d.text[e.start][:1].isupper() and not (
                e.start and d.text[e.start - 1] in _OPEN_QUOTES | {'"'}):  # ``фірма «Москва»``: a company
            body = _body_at(d, e.start)
            if body is not None and body[1] != e.label and _with_parents(d, body[0]) == e.end:
                e.label = body[1]


def apply(d: _Doc, ents: list[_Ent]) -> list[_Ent]:
    """All the rules of this module, in order."""
    ents = opening_titles(d, ents)
    ents = parent_bodies(d, known_bodies(d, ents))
    ents = military_units(d, ents)
    ents = split_person_names(d, ents)
    ents = settlement_adjectives(d, missions(d, ents))
    return hromadas(d, countries_as_persons(d, hyphenated_names(d, ents)))
