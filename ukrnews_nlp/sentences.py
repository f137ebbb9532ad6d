"""Rule-based sentence splitter for Ukrainian news, the ``ukrnews_sentences`` pipeline component.

It sets ``token.is_sent_start`` on every token. A sentence ends

* at a line break (news texts have one paragraph or headline per line), or only at a blank line when
  ``newline_boundary=False``; a line that ends in a hyphenated word part (``пере-``) and goes on in lowercase
  is not a boundary;
* after terminal punctuation (``. ! ? … ...`` and runs like ``?!``), together with any closing quotes and
  brackets that follow it, when the next word does not continue the sentence;
* after a smiley (``:)``, ``;))``) or closing brackets that close nothing in the sentence (``дякую )``, the ``1)``
  of a list) when a capitalized word follows (UD Ukrainian-IU's forum and blog texts).

The next word continues the sentence when it starts with a lowercase letter (also behind opening quotes or a dash:
``«Чому?» — запитав він``) — except after a period that ends a word of four or more lowercase letters the dictionary
knows (``почав уплітати. їсть``: an abbreviation such as ``істор.`` or ``тис.`` is no such word) —, when it is a
comma-like mark (``«Ми готові», — сказав він``), when the period is glued to it (``А.О.``, ``т.зв.``, ``1.35``),
after an abbreviation that does not end sentences (``ім.``, ``вул.``, ``т. зв.``, ``див.``, ``мр.``, ``р.`` of a river
where no number comes before it), after one followed by a number (``ч. 1 ст. 119``, ``бл. 80%``), after an amount
or currency followed by a number, a currency or the country (``24 млрд. 200 млн``, ``400 дол. США``), after a year
or century before a bracket or a Roman numeral (``2008 р. (``, ``90-х рр. XX ст.``), after an initial followed by a
capitalized word (``О. Лукашенко``; not ``P.S.``), inside a parenthesis that closes soon after (``(наступного
року. — Ред.)``), before a number after a spaced ellipsis (``в районі ... 2023 року``), and after marks that open
the sentence (``!!!Увага!!!``). As in UD_Ukrainian-IU, a quotation with several sentences is split inside: ``«Ми
готові. Ми чекаємо», — сказав він.`` gives two sentences, and the number of a list item (``1.
Затвердити порядок``) is a sentence of its own.

The rules read token texts and spacing (and, for that one case, the pymorphy3 dictionary), so the splitter works
on any tokenization (both tokenizer styles) and needs no other annotation.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import numpy
from spacy.attrs import IS_SPACE, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["NON_FINAL_ABBREVIATIONS", "SentenceSplitter", "make_sentence_splitter", "sentence_starts"]

#: Abbreviations that are normally followed by a name or a number, so a period after them does not end
#: the sentence (compared lowercased, without the period).
NON_FINAL_ABBREVIATIONS = frozenset(
    """
    ім вул просп пр пров бул пл майд наб м с смт ст р див напр пор проф акад доц д-р др
    п пп ген полк ген-лейт св зв т оз о г гр тов кв буд корп вид ред упоряд прим мр рр
    англ укр рос нім франц фр лат грец італ ісп пол ін-т р-н мкр ж/м в/ч
    """.split()
)
#: Abbreviations that do not end a sentence when a number follows ("мал. 8", "табл. 2"); some of them are
#: also ordinary words ("рис" is rice).
BEFORE_NUMBER_ABBREVIATIONS = frozenset("мал рис табл стор арт ч гл розд дод ст бл".split())
#: Amounts, which do not end a sentence before a number or a currency ("24 млрд. 200 млн ₴", "3 млрд. ₴
#: податків"), and currencies, which do not before the country or a bracket ("400 дол. США", "162 млрд дол.
#: (2008)"); a currency before a number may ("1,5 млн грн. 20 травня …").
AMOUNT_ABBREVIATIONS = frozenset("тис млн млрд трлн".split())
CURRENCY_ABBREVIATIONS = frozenset("дол грн коп руб євр".split())
_CURRENCIES = frozenset("₴ $ € £ грн дол USD EUR UAH".split())
#: Abbreviations that stand for a unit after a number ("100 м.", "2022 р.") and may then end a sentence;
#: elsewhere ("м. Київ", "р. Дніпро") they do not.
UNIT_ABBREVIATIONS = frozenset("м с р рр ст г т".split())
#: Units of a date ("1928 р.", "90-х рр.", "XV ст."), which do not end a sentence that so far is only the date
#: (:meth:`_Tokens.date_opening`).
DATE_UNITS = frozenset("р рр ст".split())
#: Words a sentence's opening date phrase is made of besides numbers ("У ніч із 8 на 9 червня 1923 р.", "На початку
#: XV ст.", "Ще 1866 р."): prepositions and particles, parts of a period, months in the genitive and the locative.
DATE_WORDS = frozenset(
    """
    у в на з із зі до від по після протягом упродовж впродовж наприкінці напередодні о об ще вже лише тільки аж
    понад близько приблизно між і та й або чи початку кінці кінця середині середини половині половини першій другій
    ніч ночі весні навесні влітку восени взимку січня лютого березня квітня травня червня липня серпня вересня
    жовтня листопада грудня січні лютому березні квітні травні червні липні серпні вересні жовтні листопаді грудні
    """.split()
)
#: Two-letter initials (Дж. Байден) besides single capital letters.
INITIALS = frozenset("Дж Ж Вл Ол Ст".split())

_BIG_NUMBERS = frozenset("тис млн млрд трлн тисяч тисячі мільйонів мільйона мільярдів мільярда".split())
_TERMINAL = re.compile(r"^[.!?…]+$")
_CLOSING = frozenset("»”)]}’›\u201d")
_OPENING = frozenset("«„“([{‘‹\"'")
_DASHES = frozenset("-–—−‒―")
_CONTINUING = frozenset(",;:)]}%№/")
_UNIT_PREFIXES = frozenset("кв куб".split())  # "кв. м.", "куб. м."
_ROMAN = re.compile(r"^[IVXLCDMІХ]+$")  # "XIX ст." (Cyrillic І and Х are common look-alikes)
_CYRILLIC = re.compile(r"^[\u0400-\u04ff]")
_INITIAL = re.compile(r"^[A-HJ-UWYZА-ЯІЇЄҐ]$")  # not Latin I, V, X: "Олександр I."


def _is_lower_word(text: str) -> bool:
    """A word in lowercase ("mTOR", "iPhone" are not: they may start a sentence)."""
    if not (text[:1].isalpha() and text[:1].islower()):
        return False
    return _CYRILLIC.match(text) is not None or not any(ch.isupper() for ch in text)


def _is_number(text: str) -> bool:
    return text[:1].isdigit() or text.lower() in _BIG_NUMBERS or _ROMAN.match(text) is not None


def _is_sentence_end_mark(text: str) -> bool:
    """Terminal punctuation, or an abbreviation token that ends with its period ("р.", style="news")."""
    return bool(_TERMINAL.match(text)) or (len(text) > 1 and text.endswith(".") and text[-2].isalpha())


_SMILEY = re.compile(r"^[:;=][-~]?[)(]+$")


def _is_smiley(text: list[str], i: int, sent_first: int) -> bool:
    """A smiley (``:)``, ``;))``, ``:(``) or closing brackets that close nothing in the sentence (``для нас )``,
    ``дякую))``, the ``4)`` of a list), after which a capitalized word starts a new sentence, as in UD
    Ukrainian-IU's forum and blog texts."""
    token = text[i]
    if token[-1:] not in ")(":
        return False
    if token[0] in ":;=":
        return _SMILEY.match(token) is not None
    if token.strip(")"):
        return False
    before = text[sent_first:i]
    return before.count("(") < before.count(")") + len(token)


def _dictionary_word(text: str) -> bool:
    """Whether the dictionary knows ``text`` (imported on first use: most texts never ask)."""
    from .morphology import is_dictionary_word

    return is_dictionary_word(text)


class _Tokens:
    """Plain lists of what the rules read (much faster than going through ``Token`` objects)."""

    __slots__ = ("text", "space_after", "is_space", "n")

    def __init__(self, doc: Doc) -> None:
        self.text = [t.text for t in doc]
        # the flags from one array read: a Token object per token and flag cost twice the rules' time
        flags = doc.to_array([SPACY, IS_SPACE]).astype(bool).tolist()
        self.space_after = [f[0] for f in flags]
        self.is_space = [f[1] for f in flags]
        self.n = len(self.text)

    def period_abbreviation(self, i: int) -> str | None:
        """The word a period ends: the token before a bare ``.`` ("р" ".") or the token itself ("р." in
        ``style="news"``); "" when a bare period follows a space; None when ``i`` is not a period.

        In pre-tokenized text (``В . Леніна``, ``вул . Грушевського``) every period stands apart, so a period
        after a space still ends an initial or a known abbreviation; after any other word it is ""."""
        text = self.text[i]
        if text == ".":
            if i > 0 and not self.is_space[i - 1]:
                before = self.text[i - 1]
                if not self.space_after[i - 1]:
                    return before
                low = before.lower()
                if (_INITIAL.match(before) or before in INITIALS or low in NON_FINAL_ABBREVIATIONS
                        or low in BEFORE_NUMBER_ABBREVIATIONS):
                    return before
            return ""
        if len(text) > 1 and text.endswith(".") and text[-2] != ".":
            return text[:-1]
        return None

    def date_opening(self, start: int, end: int) -> bool:
        """Whether tokens ``start .. end - 1`` (a sentence so far, up to a date unit) are a date phrase only: numbers,
        :data:`DATE_WORDS`, dashes and commas; such a sentence has no verb yet, so the unit's period cannot end it
        (BRUK outside its test files: 25 wrong boundaries fewer, e.g. ``У березні 1930 р. Й. Сталін опублікував``,
        and no new one; zoloto outside UD-IU dev/test 98.17 → 98.20 Sentences F1)."""
        words = 0
        for k in range(start, end):
            text = self.text[k]
            if self.is_space[k] or text in _DASHES or text == ",":
                continue
            if not (_is_number(text) or text.lower() in DATE_WORDS):
                return False
            words += 1
        return words > 0

    def inside_brackets(self, start: int, end: int, lookahead: int = 40) -> bool:
        """True when ``end`` is inside a parenthesis opened since ``start`` and closed soon after."""
        depth = 0
        for text in self.text[start:end]:
            if text == "(":
                depth += 1
            elif text == ")" and depth:
                depth -= 1
        if not depth:
            return False
        for k in range(end, min(self.n, end + lookahead)):
            if self.text[k] == ")":
                return True
            if self.is_space[k] and "\n" in self.text[k]:
                return False
        return False

    def ends_sentence(self, i: int, j: int, k: int, sent_first: int) -> bool:
        """Whether the sentence ends with the terminal mark ``i`` and the closing marks ``i+1 .. j-1``, so that
        token ``k`` (the next non-space token) starts a new one."""
        term, nxt = self.text[i], self.text[k]
        if nxt in _CONTINUING:
            return False
        if i == sent_first:  # marks that open the sentence ("!!!Увага!!!")
            return False
        if term in ("...", "…") and nxt[:1].isdigit():  # "в районі ... 2023 року"
            return False
        if k == i + 1 and not self.space_after[i] and term in ("...", "…") and nxt[:1].isalnum():
            return False  # an ellipsis opening the next words: "— …Сподіваюсь"
        if self.inside_brackets(sent_first, j):  # "(наступного року. — Ред.)"
            return False
        abbreviation = self.period_abbreviation(i)
        if abbreviation is not None and j == i + 1:  # a period with no closing quote or bracket after it
            low = abbreviation.lower()
            known = low in NON_FINAL_ABBREVIATIONS or low in BEFORE_NUMBER_ABBREVIATIONS
            if k == i + 1 and not self.space_after[i] and nxt[:1].isalnum():  # "А.О.", "т.зв.", "1.35"
                # ... but "нападникам.Так" is a missing space after a sentence
                missing_space = (len(abbreviation) >= 3 and abbreviation.isalpha() and not known
                                 and not abbreviation.isupper() and nxt[:1].isupper() and nxt[1:2].islower())
                if not missing_space:
                    return False
            own = i - 1 if term == "." else i  # index of the abbreviation's own token
            before = self.text[own - 1] if own >= 1 else ""
            if before == "." and own >= 2:  # "кв. м."
                before = self.text[own - 2]
            after_number = _is_number(before) or before.lower().rstrip(".") in _UNIT_PREFIXES or before == "/"
            if low in NON_FINAL_ABBREVIATIONS and not (low in UNIT_ABBREVIATIONS and after_number):
                return False
            if low in UNIT_ABBREVIATIONS and (nxt == "(" or _ROMAN.match(nxt)):  # "2008 р. (", "90-х рр. XX ст."
                return False
            if low in DATE_UNITS and after_number and self.date_opening(sent_first, own):
                return False  # "У 1928 р. Болгарію охопила криза": the date opens the sentence, a name follows
            if low in BEFORE_NUMBER_ABBREVIATIONS and nxt[:1].isdigit():
                return False
            if low in AMOUNT_ABBREVIATIONS and (nxt[:1].isdigit() or nxt in _CURRENCIES or nxt == "("):
                return False
            if low in CURRENCY_ABBREVIATIONS and nxt in ("США", "("):
                return False
            postscript = abbreviation == "S" and own >= 2 and self.text[own - 1] == "." and self.text[own - 2] == "P"
            degrees = before == "°"  # "17,5°C.": a unit, not an initial
            if ((_INITIAL.match(abbreviation) or abbreviation in INITIALS) and nxt[:1].isupper() and not postscript
                    and not degrees):
                return False
        # the first word of the next sentence, behind opening quotes, brackets and dashes
        m = k
        while m < self.n and (self.text[m] in _OPENING or self.text[m] in _DASHES):
            m += 1
        word = self.text[i - 1] if i >= 1 else ""
        if (term == "." and j == i + 1 and m == k and len(word) >= 4 and word.isalpha() and word.islower()
                and word not in NON_FINAL_ABBREVIATIONS and _dictionary_word(word)):
            return True  # a full word, not an abbreviation, ends a sentence even before a lower-case one
        return not (m < self.n and _is_lower_word(self.text[m]))


def sentence_starts(doc: Doc, *, newline_boundary: bool = True) -> list[bool]:
    """Compute ``is_sent_start`` for every token of ``doc`` (whitespace tokens never start a sentence)."""
    toks = _Tokens(doc)
    n = toks.n
    starts = [False] * n
    if n == 0:
        return starts
    starts[0] = True
    seen_word = False
    pending = False  # the next word starts a sentence
    wrapped = False  # ... unless it continues a word hyphenated at a line end
    sent_first = 0  # index of the first word of the current sentence
    text, is_space, space_after = toks.text, toks.is_space, toks.space_after
    i = 0
    while i < n:
        if is_space[i]:
            breaks = text[i].count("\n")
            if seen_word and (breaks >= 2 or (breaks == 1 and newline_boundary)):
                pending = True
                # a word broken by a hyphen at the end of a line ("пере-\nнос") goes on
                wrapped = breaks == 1 and i >= 2 and text[i - 1] == "-" and not space_after[i - 2]
            i += 1
            continue
        if pending:
            starts[i] = not (wrapped and _is_lower_word(text[i]))
            pending = False
        if starts[i] or not seen_word:
            sent_first = i
        seen_word = True
        if _is_smiley(text, i, sent_first):
            k = i + 1
            while k < n and is_space[k] and "\n" not in text[k]:
                k += 1
            if space_after[i] or k > i + 1:
                if k < n and not is_space[k] and text[k][:1].isupper() and text[k][:1].isalpha():
                    starts[k] = True
            i += 1
            continue
        if not _is_sentence_end_mark(text[i]):
            i += 1
            continue
        # attach closing quotes / brackets / further terminal marks glued to the sentence end
        j = i + 1
        while j < n and not is_space[j] and (
            text[j] in _CLOSING or _TERMINAL.match(text[j]) or (text[j] in "\"'" and not space_after[j - 1])
        ):
            j += 1
        k = j
        while k < n and is_space[k]:
            k += 1
        if k < n and "\n" not in "".join(text[j:k]) and toks.ends_sentence(i, j, k, sent_first):
            starts[k] = True
        i = j
    return starts


class SentenceSplitter:
    """The ``ukrnews_sentences`` component (see the module docstring for the rules)."""

    def __init__(self, name: str = "ukrnews_sentences", *, newline_boundary: bool = True) -> None:
        self.name = name
        self.newline_boundary = newline_boundary

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            starts = sentence_starts(doc, newline_boundary=self.newline_boundary)
            values = numpy.array([1 if s else -1 for s in starts], dtype="int32").astype("uint64")
            doc.from_array([SENT_START], values.reshape(-1, 1))
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)


@Language.factory(
    "ukrnews_sentences",
    assigns=["token.is_sent_start"],
    default_config={"newline_boundary": True},
)
def make_sentence_splitter(nlp: Language, name: str, *, newline_boundary: bool) -> SentenceSplitter:
    """Factory: ``nlp.add_pipe("ukrnews_sentences", config={"newline_boundary": True})``."""
    return SentenceSplitter(name, newline_boundary=newline_boundary)
