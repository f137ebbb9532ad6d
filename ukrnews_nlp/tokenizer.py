"""Ukrainian news tokenizer: spaCy's own :class:`~spacy.tokenizer.Tokenizer` with Ukrainian rules.

Everything is expressed as prefix / suffix / infix / token_match regular expressions, so the tokenizer
runs at spaCy's native speed, caches per chunk, and serializes with ``nlp.to_disk``.

Conventions (``style="ud"``, the default) follow UD_Ukrainian-IU, the treebank our models are trained
and evaluated on:

* apostrophes (``' ’ ʼ ` ´ ′``) between letters stay inside the word: ``об'єкт``, ``п’ять``, and so do ``"`` and
  ``*`` typed for one before я, ю, є, ї (``обов"язково``, ``ім*я``); the same characters at a word edge are
  quotation marks and become tokens of their own;
* every punctuation mark and symbol is a token, including abbreviation and initial periods
  (``р.`` → ``р`` ``.``, ``О.`` → ``О`` ``.``), decimal commas, colons and slashes in numbers
  (``7,08`` → ``7`` ``,`` ``08``; ``12:30``; ``10.02.2022``), ``%``, ``№``, ``+``, ``°``;
* hyphenated compounds of two independent words are split (``прес-секретар``, ``північно-західний``,
  ``Карпенка-Карого``); words whose parts cannot stand alone stay whole: ``будь-який``, ``по-різному``,
  ``з-за``, ``хто-небудь``, ``все-таки``, ``Івано-Франківськ``, ``Нью-Йорк``, ``2016-го``, ``14-річний``;
* runs of terminal punctuation are one token: ``...``, ``…``, ``?!``, ``!!!``, ``!...``;
* URLs, domain names, e-mails, ``@handles`` and emoji (ZWJ sequences, skin tones and flags included) are single
  tokens; a hashtag is two, ``#`` and the word (``#`` ``вихідні``), as the treebank has it (zoloto outside UD-IU
  dev/test and UD-IU dev: 14 hashtags split, 1 whole);
* so are, as in the treebank, numbers written in groups of three digits (``26 000``, ``5 244 190``, also with a
  no-break space; ``8,000,000``) and emoticons (``:)``, ``;)``, ``:((``, ``))``, ``)))``, ``:wink:``), even where
  they touch a word (``дякую:)``, ``тобі)))``); a run of closing brackets is an emoticon only where no bracket
  is open before it on its line (``(див. (1))`` keeps two brackets).

``style="news"`` keeps numbers (``7,08``, ``12:30``, ``10.02.2022``), hashtags, hyphenated words and the periods of
known abbreviations (``вул.``, ``т.зв.``) inside one token, which reads more naturally but differs from
the treebank the statistical models were trained on.

``token.norm_`` is :func:`ukrnews_nlp.normalize.norm_form` of the token text: apostrophes unified, Latin
homoglyphs inside Cyrillic words replaced, lowercased (spaCy's default NORM is lowercased, and trained
models use NORM features). ``token.text`` and ``token.idx`` are never changed.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import spacy
from spacy.attrs import NORM, ORTH
from spacy.lang.norm_exceptions import BASE_NORMS
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import add_lookups

from .doc_text import remember_text
from .errors import Errors
from .normalize import APOSTROPHES, norm_form

__all__ = ["GROUPED_NUMBER_RE", "STYLES", "create_tokenizer", "make_tokenizer_factory"]

STYLES = ("ud", "news")

_APOS = re.escape(APOSTROPHES.replace("\u02bc", "").replace("\u02b9", ""))  # ʼ ʹ are letters already
_LETTER = r"[^\W\d_]"
_LETTER_OR_APOS = rf"(?:{_LETTER}|[{_APOS}])"
# Characters that never split a word: letters, digits, underscore, combining accents, soft hyphen.
_WORD_CHAR = r"\w\u0300-\u036f\u00ad"

# --- emoji -------------------------------------------------------------------------------------------
_EMOJI_BASE = (
    "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u231a\u231b\u2328\u23cf\u23e9-\u23f3\u23f8-\u23fa"
    "\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u27bf\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c"
    "\u2b50\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff]"
)
_EMOJI_MOD = "[\ufe0e\ufe0f]?[\U0001f3fb-\U0001f3ff]?[\U000e0020-\U000e007f]*"
#: One emoji: a flag (two regional indicators), a keycap, or a ZWJ sequence with modifiers.
EMOJI = (
    "(?:[\U0001f1e6-\U0001f1ff]{2}|[0-9#*]\ufe0f?\u20e3"
    f"|{_EMOJI_BASE}{_EMOJI_MOD}(?:\u200d{_EMOJI_BASE}{_EMOJI_MOD})*)"
)

# Runs of terminal punctuation kept together: "...", "…", "?!", "!!!", "!...", "?..", and "--".
_TERMINAL = r"(?:[!?]+(?:\.{2,}|…+)?|\.{2,}|…+|-{2,})"
# Any other single symbol or punctuation mark (apostrophes are handled separately).
_SYMBOL = rf"[^{_WORD_CHAR}\s{_APOS}]"
_EDGE_APOS = f"[{_APOS}]"

# --- whole tokens (checked before any affix is split off) ----------------------------------------------
_URL = (
    r"(?:(?:https?|ftp)://|www\.)[^\s<>«»\"“”„]*[^\s<>«»\"“”„.,;:!?)\]}'’]"
)
_TLDS = (
    "com|net|org|info|biz|ua|укр|ru|рф|by|pl|de|uk|us|eu|fr|it|es|cz|sk|lt|lv|ee|md|ge|io|me|tv|fm|co|"
    "gov|edu|int|news|online|site|media|today|ai"
)
_DOMAIN = (
    rf"(?:[A-Za-z0-9\u0400-\u04ff][\w\u0400-\u04ff-]*\.)+(?:{_TLDS})"
    r"(?:/[^\s<>«»\"“”„]*[^\s<>«»\"“”„.,;:!?)\]}'’])?"
)
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}"
_HANDLE = r"@[A-Za-z0-9_][\w.]*[\w]|@[A-Za-z0-9_]"
_HASHTAG = rf"#{_LETTER}[\w{_APOS}]*"
_EMOTICON = r"(?::|;|=)-?(?:\)+|\(+|D\b|P\b|p\b|\*)|\^_\^|<3"
#: Forum smilies in colons: ``:wink2:``, ``:rolleyes:``.
_SMILEY_CODE = r":[a-z][a-z0-9_]*:"
#: Thousands separated by commas, two groups at least (``8,000,000``; ``1,213`` may be a decimal and is split).
_COMMA_GROUPED = r"\d{1,3}(?:,\d{3}){2,}"
#: Thousands separated by a space, a no-break or a narrow space (``5 244 190``): merged after spaCy's pass.
_SPACE_GROUPED = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+"
#: A whole token that is a number in groups of three digits (the lemmatizer drops the separators).
GROUPED_NUMBER_RE = re.compile(f"(?:{_SPACE_GROUPED}|{_COMMA_GROUPED})")

# Hyphenated words whose parts cannot stand alone (UD_Ukrainian-IU keeps them as one token).
_HYPHEN = "[-\u2010\u2011]"
_WHOLE_HYPHENATED = [
    rf"[Пп][Оо]{_HYPHEN}{_LETTER}+",  # по-новому, по-перше
    rf"(?i:будь|казна|хтозна|бозна|абияк){_HYPHEN}{_LETTER}{_LETTER_OR_APOS}*",  # будь-який
    rf"{_LETTER}{_LETTER_OR_APOS}*{_HYPHEN}(?i:небудь|нибудь)",  # хто-небудь
    rf"(?i:все|усе|таки|ж|знову|отож){_HYPHEN}(?i:таки)",
    rf"(?i:з|із|зі){_HYPHEN}(?i:за|під|над|поміж|поза|посеред|перед|понад|попід)",
    rf"(?i:екс|ex){_HYPHEN}{_LETTER}{_LETTER_OR_APOS}*",
    rf"(?i:греко){_HYPHEN}{_LETTER}+",
    # place names with a bound first part
    rf"(?:[Іі]вано|[Нн]ью|Санкт|Сан|Санта|Монте|Аль|Ель|Лос|Лас|Буенос|Усть|Гуляй|Абу|Бен|Ібн)"
    rf"{_HYPHEN}{_LETTER}{_LETTER_OR_APOS}*",
    # lexicalised words
    r"(?i:врешті-решт|всього-навсього|всього-на-всього|хоч-не-хоч|де-не-де|коли-не-коли|їй-богу|а-ля|"
    r"альма-матер|он-лайн|оф-лайн|хенд-мейд|ноу-хау|рок-н-рол\w*|ритм-н-блюз\w*|д-р|р-н\w*|пр-т|пр-кт|"
    r"ток-шоу|а-ба-ба-га-ла-ма-га)",
    # a " or * typed for the apostrophe (before я, ю, є, ї; ukrnews_nlp.normalize): обов"язково, ім*я
    rf'{_LETTER}{_LETTER_OR_APOS}*["*][яюєї]{_LETTER_OR_APOS}*',
    # a number with an inflection: 2016-го, 14-річний, 1990-х, XX-го (not a range of Roman numerals: XVII-XVIII)
    rf"(?:\d+|[IVXLCDMІХ]+){_HYPHEN}(?![IVXLCDMІХ]+$){_LETTER}{_LETTER_OR_APOS}*",
]

# style="news" only: numbers with separators, abbreviations with periods, all hyphenated words.
_NEWS_NUMBER = r"[+-]?\d+(?:[.,:/]\d+)+"
_NEWS_HYPHENATED = rf"[\w{_APOS}]+(?:{_HYPHEN}[\w{_APOS}]+)+"
#: Abbreviations written with a period (style="news" keeps the period in the token).
ABBREVIATIONS = (
    "т. зв. дж. т.зв. т.з. т.б. т.д. т.п. ім. р. рр. вул. просп. пров. бул. пл. обл. р-н. м. с. смт. ст. див. ін. "
    "тис. млн. млрд. грн. коп. дол. тощо. проф. акад. доц. канд. д-р. п. заст. ген. св. кв. буд. "
    "корп. стор. табл. мал. рис. напр. гл. арт. ч. вид. ред. упоряд. авт. "
    "укр. рос. англ. нім. франц. лат. грец. н.е. ц.р. пн. вт. ср. чт. пт. сб. нд."
).split()


def _compile_alternatives(items: list[str], anchor: str = "") -> re.Pattern[str]:
    body = "|".join(f"(?:{item})" for item in items)
    if anchor == "^":
        return re.compile(f"^(?:{body})")
    if anchor == "$":
        return re.compile(f"(?:{body})$")
    return re.compile(body)


def _token_match_pattern(style: str) -> re.Pattern[str]:
    whole = [_URL, _DOMAIN, _EMAIL, _HANDLE, _EMOTICON, _SMILEY_CODE, _COMMA_GROUPED, *_WHOLE_HYPHENATED]
    if style == "news":
        whole += [_HASHTAG, _NEWS_NUMBER, _NEWS_HYPHENATED]
    # Every pattern above needs one of these characters; checking for them first lets plain words fail fast.
    needs = r"(?=[^\s]*[-\u2010\u2011@#.:;=^<,/\"*])"
    return re.compile(f"^{needs}(?:" + "|".join(f"(?:{w})" for w in whole) + ")$")


#: An emoticon ending or starting a word (``дякую:)``, ``нема:((``, ``:).``): one affix, not a colon and brackets.
_EMOTICON_AFTER_WORD = r"[:;=]-?(?:\)+|\(+)"


def _affix_patterns(style: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # "@" stays on a handle, and in style="news" "#" on a hashtag (token_match takes the whole word once the rest
    # is split off)
    hash_mark = rf"#(?!{_LETTER})" if style == "news" else "#"
    prefixes = [EMOJI, _TERMINAL, _EMOTICON_AFTER_WORD, rf"{hash_mark}|@(?![A-Za-z0-9_])|(?![#@]){_SYMBOL}",
                _EDGE_APOS]
    suffixes = [EMOJI, _TERMINAL, _EMOTICON_AFTER_WORD, _SYMBOL, _EDGE_APOS]
    infixes = [
        EMOJI,
        _TERMINAL,
        # a hyphen between a number and its inflection (»2013-му) is not split
        rf"(?!(?<=\d){_HYPHEN}{_LETTER}){_SYMBOL}",
        # an apostrophe-like character that is not between two letters is a quotation mark
        rf"(?<!{_LETTER})[{_APOS}]|[{_APOS}](?!{_LETTER})",
    ]
    return (
        _compile_alternatives(prefixes, "^"),
        _compile_alternatives(suffixes, "$"),
        _compile_alternatives(infixes),
    )


def _special_cases(style: str) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    if style == "news":
        for abbr in ABBREVIATIONS:
            if " " not in abbr:
                cases[abbr] = [{ORTH: abbr}]
                cap = abbr[:1].upper() + abbr[1:]
                cases[cap] = [{ORTH: cap}]
    return cases


# --- tokens that span a space or several affixes: merged after spaCy's pass ---------------------------------
#: A number in groups of three digits separated by a space or a narrow/no-break space (``5 244 190``); not the
#: tail of a decimal or of a longer number (``1,5 000``, ``2016 200``).
_GROUPED_DIGITS = re.compile(rf"(?<![\d.,]){_SPACE_GROUPED}(?!\d)")
#: Cheap checks first: most texts have neither (the full patterns cost as much as a tenth of the tokenizer).
_DIGITS_HINT = re.compile(r"\d[ \u00a0\u202f]\d\d\d")
#: Two or more brackets in a row: an emoticon (``))``, ``(((``) unless they close or open real brackets.
_BRACKET_RUN = re.compile(r"\){2,}|\({2,}")


def _line(text: str, start: int, end: int) -> tuple[str, str]:
    """The text of the line around ``text[start:end]`` before and after it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start:start], text[end:line_end if line_end >= 0 else len(text)]


def _is_bracket_emoticon(text: str, start: int, end: int) -> bool:
    before, after = _line(text, start, end)
    if text[start] == ")":
        depth = 0  # brackets opened and not closed before the run, on its line
        for char in before:
            if char == "(":
                depth += 1
            elif char == ")" and depth:
                depth -= 1
        return depth == 0
    return (not after or after[0].isspace()) and ")" not in after


def merge_units(doc: Doc, text: str) -> Doc:
    """Merge the tokens of numbers in groups of three digits and of bracket emoticons (see the module notes);
    ``text`` is ``doc.text``.

    Only runs that spaCy's pass split into whole tokens are merged (``doc.char_span`` is None otherwise)."""
    spans = []
    if _DIGITS_HINT.search(text):
        spans += [doc.char_span(m.start(), m.end()) for m in _GROUPED_DIGITS.finditer(text)]
    if "))" in text or "((" in text:
        spans += [doc.char_span(m.start(), m.end()) for m in _BRACKET_RUN.finditer(text)
                  if _is_bracket_emoticon(text, m.start(), m.end())]
    spans = [span for span in spans if span is not None and len(span) > 1]
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
    return doc


class UkrainianTokenizer(Tokenizer):
    """spaCy's tokenizer with the Ukrainian rules, then :func:`merge_units` (tokens that contain a space)."""

    def __call__(self, string: str) -> Doc:
        return remember_text(merge_units(super().__call__(string), string), string)


def _set_norm_getter(nlp: Language) -> None:
    """Make lexeme NORM our normalized lowercase form (spaCy's BASE_NORMS still apply first)."""
    getter = add_lookups(norm_form, BASE_NORMS)
    nlp.vocab.lex_attr_getters[NORM] = getter
    for lex in nlp.vocab:  # lexemes created before the getter was installed
        lex.norm_ = getter(lex.orth_)


def create_tokenizer(nlp: Language, *, style: str = "ud") -> Tokenizer:
    """Build the Ukrainian news tokenizer for ``nlp`` (and install the normalizing NORM getter).

    ``style`` is ``"ud"`` (UD_Ukrainian-IU conventions, matching the trained models) or ``"news"``.
    """
    if style not in STYLES:
        raise ValueError(Errors.E007.format(style=style, choices=", ".join(STYLES)))
    _set_norm_getter(nlp)
    prefix_re, suffix_re, infix_re = _affix_patterns(style)
    token_match = _token_match_pattern(style)
    return UkrainianTokenizer(
        nlp.vocab,
        rules=_special_cases(style),
        prefix_search=prefix_re.search,
        suffix_search=suffix_re.search,
        infix_finditer=infix_re.finditer,
        token_match=token_match.match,
        url_match=None,
    )


@spacy.registry.tokenizers("ukrnews_nlp.tokenizer.v1")
def make_tokenizer_factory(style: str = "ud") -> Callable[[Language], Tokenizer]:
    """Registered tokenizer factory: ``[nlp.tokenizer] @tokenizers = "ukrnews_nlp.tokenizer.v1"``."""

    def tokenizer_factory(nlp: Language) -> Tokenizer:
        return create_tokenizer(nlp, style=style)

    return tokenizer_factory
