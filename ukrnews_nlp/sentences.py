"""Rule-based sentence splitter for Ukrainian news, the ``ukrnews_sentences`` pipeline component.

It sets ``token.is_sent_start`` on every token. A sentence ends

* at a line break (news texts have one paragraph or headline per line), or only at a blank line when
  ``newline_boundary=False``;
* after terminal punctuation (``. ! ? … ...`` and runs like ``?!``), together with any closing quotes and
  brackets that follow it, when the next word does not continue the sentence.

The next word continues the sentence when it starts with a lowercase letter (also behind opening quotes or a
dash: ``«Чому?» — запитав він``), when it is a comma-like mark (``«Ми готові», — сказав він``), when the
period is glued to it (``А.О.``, ``т.зв.``, ``1.35``), after an abbreviation that does not end sentences
(``ім.``, ``вул.``, ``т. зв.``, ``див.``), after an initial followed by a capitalized word (``О. Лукашенко``),
and after the number of a list item (``1. Затвердити``). As in UD_Ukrainian-IU, a quotation with several
sentences is split inside: ``«Ми готові. Ми чекаємо», — сказав він.`` gives two sentences.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Token

__all__ = ["NON_FINAL_ABBREVIATIONS", "SentenceSplitter", "make_sentence_splitter", "sentence_starts"]

#: Abbreviations that are normally followed by a name or a number, so a period after them does not end
#: the sentence (compared lowercased, without the period).
NON_FINAL_ABBREVIATIONS = frozenset(
    """
    ім вул просп пр пров бул пл майд наб м с смт ст мал рис табл див напр пор проф акад доц д-р др
    п пп ген полк ген-лейт св зв т оз о г гр тов кв буд корп стор ч арт вид ред упоряд прим
    англ укр рос нім франц фр лат грец італ ісп пол ін-т р-н мкр ж/м в/ч
    """.split()
)
#: Abbreviations that stand for a unit after a number ("100 м.", "2022 р.") and may then end a sentence;
#: elsewhere ("м. Київ", "р. Дніпро") they do not.
UNIT_ABBREVIATIONS = frozenset("м с р ст г т".split())
#: Two-letter initials (Дж. Байден) besides single capital letters.
INITIALS = frozenset("Дж Ж Вл Ол Ст".split())

_BIG_NUMBERS = frozenset("тис млн млрд трлн тисяч тисячі мільйонів мільйона мільярдів мільярда".split())
_TERMINAL = re.compile(r"^[.!?…]+$")
_CLOSING = frozenset("»”)]}’›\u201d")
_OPENING = frozenset("«„“([{‘‹\"'")
_DASHES = frozenset("-–—−‒―")
_CONTINUING = frozenset(",;:)]}%№")
_CYRILLIC = re.compile(r"^[\u0400-\u04ff]")
_INITIAL = re.compile(r"^[A-ZА-ЯІЇЄҐ]$")


def _is_lower_word(token: Token) -> bool:
    """A word in lowercase ("mTOR", "iPhone" are not: they may start a sentence)."""
    text = token.text
    if not (text[:1].isalpha() and text[:1].islower()):
        return False
    return _CYRILLIC.match(text) is not None or not any(ch.isupper() for ch in text)


def _inside_brackets(doc: Doc, start: int, end: int, lookahead: int = 40) -> bool:
    """True when ``doc[end]`` is inside a parenthesis opened in this sentence and closed soon after."""
    depth = 0
    for tok in doc[start:end]:
        if tok.text == "(":
            depth += 1
        elif tok.text == ")" and depth:
            depth -= 1
    if not depth:
        return False
    for tok in doc[end : end + lookahead]:
        if tok.text == ")":
            return True
        if tok.is_space and "\n" in tok.text:
            return False
    return False


def _period_abbreviation(doc: Doc, i: int) -> str | None:
    """The word a period ends: the token before a bare ``.`` ("р" ".") or the token itself ("р." in
    ``style="news"``); None when ``doc[i]`` is not a period."""
    text = doc[i].text
    if text == ".":
        return doc[i - 1].text if i > 0 and not doc[i - 1].is_space and not doc[i - 1].whitespace_ else ""
    if len(text) > 1 and text.endswith(".") and text[-2] != ".":
        return text[:-1]
    return None


def _is_sentence_end_mark(token: Token) -> bool:
    """Terminal punctuation, or an abbreviation token that ends with its period ("р.", style="news")."""
    text = token.text
    return bool(_TERMINAL.match(text)) or (len(text) > 1 and text.endswith(".") and text[-2].isalpha())


def _ends_sentence(doc: Doc, i: int, j: int, k: int, sent_first: int) -> bool:
    """Whether the sentence ends with the terminal mark ``doc[i]`` and the closing marks ``doc[i+1:j]``,
    so that ``doc[k]`` (the next non-space token) starts a new one."""
    term, nxt = doc[i], doc[k]
    if nxt.text in _CONTINUING:
        return False
    if term.text in ("...", "…") and nxt.text[:1].isdigit():  # "в районі ... 2023 року"
        return False
    if _inside_brackets(doc, sent_first, j):  # "(наступного року. — Ред.)"
        return False
    abbreviation = _period_abbreviation(doc, i)
    if abbreviation is not None and j == i + 1:  # a bare period (no closing quote or bracket after it)
        glued = k == i + 1 and not term.whitespace_
        if glued and nxt.text[:1].isalnum():  # "А.О.", "т.зв.", "1.35"
            return False
        start = i - 1 if term.text == "." else i  # index of the abbreviation's own token
        after_number = start >= 1 and (doc[start - 1].like_num or doc[start - 1].lower_ in _BIG_NUMBERS)
        low = abbreviation.lower()
        if low in NON_FINAL_ABBREVIATIONS and not (low in UNIT_ABBREVIATIONS and after_number):
            return False
        if (_INITIAL.match(abbreviation) or abbreviation in INITIALS) and nxt.text[:1].isupper():
            return False
    # the first word of the next sentence, behind opening quotes, brackets and dashes
    m = k
    while m < len(doc) and (doc[m].text in _OPENING or doc[m].text in _DASHES):
        m += 1
    if m < len(doc) and _is_lower_word(doc[m]):
        return False
    return True


def sentence_starts(doc: Doc, *, newline_boundary: bool = True) -> list[bool]:
    """Compute ``is_sent_start`` for every token of ``doc`` (whitespace tokens never start a sentence)."""
    n = len(doc)
    starts = [False] * n
    if n == 0:
        return starts
    starts[0] = True
    seen_word = False
    pending = False  # the next word starts a sentence
    sent_first = 0  # index of the first word of the current sentence
    i = 0
    while i < n:
        tok = doc[i]
        if tok.is_space:
            breaks = tok.text.count("\n")
            if seen_word and (breaks >= 2 or (breaks == 1 and newline_boundary)):
                pending = True
            i += 1
            continue
        if pending:
            starts[i] = True
            pending = False
        if starts[i] or not seen_word:
            sent_first = i
        seen_word = True
        if not _is_sentence_end_mark(tok):
            i += 1
            continue
        # attach closing quotes / brackets / further terminal marks glued to the sentence end
        j = i + 1
        while j < n and not doc[j].is_space and (
            doc[j].text in _CLOSING
            or _TERMINAL.match(doc[j].text)
            or (doc[j].text in "\"'" and not doc[j - 1].whitespace_)
        ):
            j += 1
        k = j
        while k < n and doc[k].is_space:
            k += 1
        if k < n and (k == j or "\n" not in "".join(t.text for t in doc[j:k])):
            if _ends_sentence(doc, i, j, k, sent_first):
                starts[k] = True
        i = j
    return starts


class SentenceSplitter:
    """The ``ukrnews_sentences`` component (see the module docstring for the rules)."""

    def __init__(self, name: str = "ukrnews_sentences", *, newline_boundary: bool = True) -> None:
        self.name = name
        self.newline_boundary = newline_boundary

    def __call__(self, doc: Doc) -> Doc:
        for token, start in zip(doc, sentence_starts(doc, newline_boundary=self.newline_boundary), strict=True):
            token.is_sent_start = start
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
