"""Find quoted spans in raw text and decide which of them are quotations.

Works on characters only (no tokens), so offsets are indices into the original text by construction.

1. :func:`pair_marks` pairs opening and closing marks with a stack: « » (and nested « »), „ “, “ ”, ‚ ‘,
   straight " by context. A mark that reopens each paragraph of a multi-paragraph quote continues it. Unbalanced
   marks never raise: a quote left open ends at a shared closing mark followed by an attribution, at an
   attribution dash inside it, or at its line end.
2. :func:`split_parts` cuts a quote around an inner attribution (``«…, — сказав він. — …»``).
3. :func:`classify` separates quotations from names, titles, terms and scare quotes by length,
   capitalisation, a preceding name noun (ТОВ, компанія, газета, фільм …) and speech context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import NAME_CONTEXT_NOUNS, NAME_CONTEXT_WORDS, OPINION_CUES, ROLE_NOUNS, SPEECH_VERBS, is_naming_verb
from .morph import word_info

WORD_RE = re.compile(r"\w+(?:[-'’ʼ]\w+)*")
DASHES = "–—−-"  # hyphen last: literal inside character classes
_OPEN_CONTEXT = set("([{«„“‚/:;" + DASHES)
_CLOSE_CONTEXT = set(".,;:!?…)]}»”’" + DASHES)
_MARKUP = set(" \t>_*")
#: The characters :func:`pair_marks` acts on: line breaks and quotation marks.
_SIGNIFICANT = re.compile("[\n«»„“”‚‘’\"]")
_INNER_SENTENCE = re.compile(r"\w\w[.!?…]+[»”“\"]?\s+[«„“\"]?[А-ЯІЇЄҐA-Z]")

#: After a closing mark: optional punctuation, a dash, then the attribution ("», – сказав він").
ATTRIBUTION_AFTER = re.compile(r"[,.!?…]*[ \t\xa0\u202f]*[" + DASHES + r"][ \t\xa0\u202f]+(?=\w)")
#: Attribution inside one pair of marks: «part, — сказав він. — part» (the attribution is checked for a cue).
_GAP_RE = re.compile(r"(?P<punct>[,.!?…]+)[ \t\xa0\u202f]+[" + DASHES + r"][ \t\xa0\u202f]+(?P<attr>[^\n]{1,260}?)"
                     r"[,.:;]?[ \t\xa0\u202f]+[" + DASHES + r"][ \t\xa0\u202f]+(?=\S)")


@dataclass
class QuotedSpan:
    """A pair of quote marks and what is between them."""

    open: int                  # index of the opening mark
    close: int | None          # index of the closing mark; None when recovered without one
    start: int                 # first character inside the marks (whitespace trimmed)
    end: int                   # end (exclusive) inside the marks
    depth: int = 0
    parent: int | None = None  # index of the enclosing span in the list
    parts: list[tuple[int, int]] = field(default_factory=list)
    gaps: list[tuple[int, int]] = field(default_factory=list)   # attribution text between parts
    is_quote: bool = False
    reason: str = ""

    @property
    def after(self) -> int:
        """Index just after the closing mark (or the end of the span when it has none)."""
        return self.close + 1 if self.close is not None else self.end


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def pair_marks(text: str) -> list[QuotedSpan]:
    """All quoted spans in ``text``, outer before inner, ordered by opening position."""
    n = len(text)
    stack: list[dict] = []
    found: list[dict] = []
    skip: set[int] = set()
    closes_at: set[int] = set()

    def opening_ctx(i: int) -> bool:
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        return (prev.isspace() or prev in _OPEN_CONTEXT or prev in "\"“") and not nxt.isspace()

    def closing_ctx(i: int) -> bool:
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        return not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_CONTEXT or nxt in "\"“")

    def push(i: int, closers: str) -> None:
        entry = {"open": i, "closers": closers, "close": None, "depth": len(stack),
                 "parent": stack[-1]["id"] if stack else None, "id": len(found), "shared": None}
        found.append(entry)
        stack.append(entry)

    def close_to(ch: str, i: int) -> bool:
        for k in range(len(stack) - 1, -1, -1):
            if ch in stack[k]["closers"]:
                if k > 0 and _cue_follows(text, i + 1) and _ends_line(text, i + 1):
                    k = 0  # «A … «B», – розказав X: the attribution ends the outer quote as well
                elif k > 0 and ch == "»" and _collapsed_name(text, stack[k - 1]["open"], stack[k]["open"], i):
                    k -= 1  # ТОВ «Завод «Емко»: one mark closes a name nested in a name
                for entry in stack[k:]:   # inner quotes left open end at the same mark
                    entry["close"] = i
                del stack[k:]
                closes_at.add(i)
                return True
        return False

    def recover_all(limit: int) -> None:
        while stack:
            entry = stack.pop()
            entry["recover_limit"] = limit

    for mark in _SIGNIFICANT.finditer(text):  # every other character leaves the state as it is
        i = mark.start()
        ch = text[i]
        if ch == "\n":
            j = i + 1
            blank = False
            while j < n and (text[j] in _MARKUP or text[j] == "\n"):
                blank = blank or text[j] == "\n"
                j += 1
            if stack:
                opener = text[stack[-1]["open"]]
                last = text[:i].rstrip(" \t.,;!?…")
                last_idx = len(last) - 1
                next_opens = j < n and text[j] in "«„“\""
                if last_idx >= 0 and last_idx in closes_at and (
                        next_opens or not _attribution_ahead(text, j)):
                    # «A «B».⏎«C…: the outer quote shared its closing mark with the inner one
                    for entry in stack:
                        entry["close"] = last_idx
                    stack.clear()
                elif next_opens and text[j] == opener:
                    skip.add(j)  # the same mark reopening a new paragraph continues the quote
                elif blank and not _closes_before_opens(text, j, opener, stack[-1]["closers"]):
                    recover_all(i)
            continue
        if i in skip:
            continue
        if ch == "«":
            push(i, "»")
        elif ch == "»":
            close_to("»", i)
        elif ch == "„":
            push(i, "“”")
        elif ch == "“":
            if stack and "“" in stack[-1]["closers"]:
                close_to("“", i)
            elif opening_ctx(i):
                push(i, "”“")
            elif closing_ctx(i):
                close_to("“", i)
        elif ch == "”":
            if not close_to("”", i) and opening_ctx(i) and not closing_ctx(i):
                push(i, "”")
        elif ch == "‚":
            if opening_ctx(i):
                push(i, "‘’")
        elif ch in "‘’":
            between = i > 0 and i + 1 < n and _is_letter(text[i - 1]) and _is_letter(text[i + 1])
            if not between:
                if stack and ch in stack[-1]["closers"]:
                    close_to(ch, i)
                elif ch == "‘" and opening_ctx(i):
                    push(i, "’")
        elif ch == '"':
            top_straight = bool(stack) and '"' in stack[-1]["closers"]
            o, c = opening_ctx(i), closing_ctx(i)
            if c and not o:
                close_to('"', i)
            elif o and not c:
                push(i, '"')
            elif top_straight:
                close_to('"', i)
            else:
                push(i, '"')
    recover_all(n)

    spans: list[QuotedSpan] = []
    id_to_index: dict[int, int] = {}
    closed_marks = sorted(e["close"] for e in found if e["close"] is not None)
    for entry in found:
        close = entry["close"]
        if close is None:
            close = _recover_end(text, entry["open"], entry.get("recover_limit", n), closed_marks)
            end = close
            close_idx = close if close < n and text[close] in "»”“\"’‘" else None
        else:
            end = close
            close_idx = close
        start = entry["open"] + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        id_to_index[entry["id"]] = len(spans)
        parent = id_to_index.get(entry["parent"]) if entry["parent"] is not None else None
        spans.append(QuotedSpan(open=entry["open"], close=close_idx, start=start, end=end, depth=entry["depth"],
                                parent=parent, parts=[(start, end)]))
    return spans


def _closes_before_opens(text: str, pos: int, opener: str, closers: str, lookahead: int = 4000) -> bool:
    """Whether a closing mark of the open quote comes before the next opening one (quote runs on)."""
    window = text[pos:pos + lookahead]
    nxt_open = window.find(opener)
    nxt_close = min((k for k in (window.find(c) for c in closers) if k >= 0), default=-1)
    return nxt_close >= 0 and (nxt_open < 0 or nxt_close < nxt_open)


def _collapsed_name(text: str, outer_open: int, inner_open: int, close: int) -> bool:
    head = text[outer_open + 1:inner_open]
    words = WORD_RE.findall(head)
    if not (1 <= len(words) <= 3) or not head[:1].isupper() or "\n" in head or ":" in head:
        return False   # «Петренко запитав: «…»: a colon introduces speech, never a nested name
    m = re.search(r"[«»\n]", text[close + 1:close + 300])
    return m is None or m.group() != "»"


def _ends_line(text: str, pos: int) -> bool:
    """Whether the sentence starting at ``pos`` is the last one on its line (ng-style attribution)."""
    m = re.compile(r"[.!?…]+[ \t>_*]*(\n|$)|[.!?…]+[ \t]+\S").search(text, pos)
    return m is None or m.group(1) is not None


_LINE_OPENS = re.compile(r"\n[ \t>_*]*[«„“\"]")


def _attribution_ahead(text: str, pos: int, lookahead: int = 3000) -> bool:
    """A closing mark followed by an attribution comes before any line that opens a new quote."""
    window = text[pos:pos + lookahead]
    line_open = _LINE_OPENS.search(window)
    limit = line_open.start() if line_open else len(window)
    for m in re.finditer(r"[»”“\"]", window[:limit]):
        if _cue_follows(text, pos + m.end()):
            return True
    return False


def _cue_follows(text: str, pos: int) -> bool:
    m = ATTRIBUTION_AFTER.match(text, pos)
    if m is None:
        return False
    words = WORD_RE.findall(text[m.end():m.end() + 60]) if m else []
    return bool(words) and _has_cue(words, max_words=3)


def _recover_end(text: str, open_idx: int, limit: int, closed_marks: list[int]) -> int:
    """End of a quote whose closing mark is missing (see module docstring)."""
    for mark in closed_marks:
        if open_idx < mark < limit and (ATTRIBUTION_AFTER.match(text, mark + 1)
                                        or len(WORD_RE.findall(text[open_idx:mark])) <= 8):
            return mark  # shares its closing mark with a nested quote ("ТОВ «Дім «Системи».")
    region = text[open_idx + 1:limit]
    m = re.search(r"[,.!?…]?\s+[" + DASHES + r"]\s+\w", region)
    line_end = region.find("\n")
    candidates = [limit]
    if m:
        candidates.append(open_idx + 1 + m.start())
    if line_end >= 0:
        candidates.append(open_idx + 1 + line_end)
    return min(candidates)


def _is_cue_word(word: str) -> bool:
    """A finite speech verb or an opinion cue (infinitives such as 'сказати' do not introduce a quote)."""
    info = word_info(word)
    if info.is_infinitive and not info.is_finite_verb:
        return False
    return bool(info.verb_lemmas & SPEECH_VERBS or info.lemmas & OPINION_CUES)


def _has_cue(words: list[str], *, max_words: int = 4) -> bool:
    return any(_is_cue_word(w) for w in words[:max_words])


def split_parts(text: str, span: QuotedSpan, children: list[QuotedSpan]) -> None:
    """Cut ``span`` into parts around inner attributions such as ``, — каже Іван. —``."""
    child_ranges = [(c.open, c.after) for c in children]
    parts: list[tuple[int, int]] = []
    gaps: list[tuple[int, int]] = []
    pos = span.start
    for m in _GAP_RE.finditer(text, span.start, span.end):
        if any(a <= m.start() < b for a, b in child_ranges):
            continue
        words = WORD_RE.findall(m.group("attr"))
        if not words or not _has_cue(words):
            continue
        punct = m.group("punct")
        cut = m.start("punct")
        kept = punct.rstrip(",.") if punct not in ("...",) else punct
        cut += len(kept)
        if cut <= pos:
            continue
        parts.append((pos, cut))
        gaps.append((m.start("attr"), m.end("attr")))
        pos = m.end()
    if parts:
        parts.append((pos, span.end))
        span.parts = parts
        span.gaps = gaps


def _prev_words(text: str, idx: int, k: int = 3) -> list[str]:
    """Up to ``k`` words before ``idx`` on the same line (lower-cased, nearest last)."""
    line_start = text.rfind("\n", 0, idx) + 1
    return [w.lower() for w in WORD_RE.findall(text[max(line_start, idx - 60):idx])][-k:]


_CAPITALIZED_WORD_AT_END = re.compile(r"\b[А-ЯІЇЄҐ]\w*\s*$")
_WORD_CHAR = re.compile(r"\w")


def _ends_with_capitalized_word(text: str, idx: int) -> bool:
    """``text[:idx]`` ends with a word that starts with a capital (then whitespace): the regex run on the last
    word only (a search over the whole prefix for every quoted span is quadratic in the document's length)."""
    k = idx
    while k > 0 and text[k - 1].isspace():
        k -= 1
    while k > 0 and _WORD_CHAR.match(text[k - 1]):
        k -= 1
    lo = k - 1 if k > 0 else 0  # one character before the word keeps the word boundary as in the whole text
    return _CAPITALIZED_WORD_AT_END.search(text, lo, idx) is not None


def _sentence_before(text: str, idx: int, limit: int = 250) -> str:
    lo = max(0, idx - limit)
    chunk = text[lo:idx]
    cut = max(chunk.rfind("\n"), chunk.rfind(". "), chunk.rfind("! "), chunk.rfind("? "))
    return chunk[cut + 1:] if cut >= 0 else chunk


def classify(text: str, spans: list[QuotedSpan]) -> None:
    """Mark each span ``is_quote`` (quotation) or not (name, title, term, scare quote)."""
    for span in spans:
        span.is_quote, span.reason = _classify_one(text, span, spans)


def _classify_one(text: str, span: QuotedSpan, spans: list[QuotedSpan]) -> tuple[bool, str]:
    content = text[span.start:span.end]
    words = WORD_RE.findall(content)
    n = len(words)
    if n == 0:
        return False, "no words"
    if len(span.parts) > 1:
        return True, "split around attribution"
    first_upper = content[:1].isupper() or (content[:1] in "«„\"“" and content[1:2].isupper())
    k = span.open
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    prev_char = text[k - 1] if k > 0 else ""
    prev = _prev_words(text, span.open)
    while len(prev) >= 2 and prev[-1].isdigit():
        prev = prev[:-1]   # "законопроєкт №10342 «Про …»": the noun before the number decides
    if len(prev) >= 2 and _ends_with_capitalized_word(text, span.open):
        prev = prev[:-1]  # "Закону України «…»": the noun before a proper name decides
    after = text[span.after:span.after + 80]
    attribution_after = False
    m = ATTRIBUTION_AFTER.match(after)
    if m:
        nxt = WORD_RE.findall(after[m.end():])
        attribution_after = bool(nxt) and (_has_cue(nxt, max_words=3) or nxt[0][:1].isupper()
                                           or nxt[0] in ("так", "такою", "така", "таким"))
    else:
        m2 = re.match(r"[,.!?…]*,\s*(\w+(?:\s+\w+)?)", after)
        if m2 and _has_cue(WORD_RE.findall(m2.group(1)), max_words=2):
            attribution_after = True
    # a name before a dash ("членство України в Альянсі – «питання часу»"): what follows says what it is, it is
    # no name of it (but "висунувши статтю – «антирадянська агітація»" is)
    after_name_dash = prev_char in DASHES and _ends_with_capitalized_word(text, k - 1)
    name_context = bool(prev) and not after_name_dash and (
        prev[-1] in NAME_CONTEXT_NOUNS or prev[-1] in NAME_CONTEXT_WORDS or prev[-1][:-1] in NAME_CONTEXT_NOUNS
        or bool(word_info(prev[-1]).lemmas & NAME_CONTEXT_NOUNS)
        or " ".join(prev[-2:]) in ("в рамках", "у рамках", "так званий", "так звана", "так зване", "так званих"))
    upper_words = sum(1 for w in words if w[:1].isupper())
    all_caps_title = n <= 6 and upper_words == n and not re.search(r"[.!?…]\s", content)
    ends_sentence = bool(re.search(r"[!?…]$|\w\w[.]$", content)) or bool(_INNER_SENTENCE.search(content))
    # computed only where a rule needs them (the checks run for every quoted span)
    def finite_verb() -> bool:
        # (a capitalised word after the first is a name, whatever verb the dictionary guesses: "справі Хізб ут-Тахрір")
        return any(word_info(w).is_finite_verb for i, w in enumerate(words) if i == 0 or not w[:1].isupper())

    def cue_before() -> bool:
        return _speech_context(_sentence_before(text, span.open))

    if span.depth > 0 and n <= 3 and not ends_sentence and prev_char != ":":
        return False, "short nested"
    if prev_char == ":" and not (n == 1 and first_upper):
        return True, "colon introduction"
    if attribution_after and not (name_context and n <= 3):
        if n >= 2 or not first_upper:
            return True, "attribution after"
    if 2 <= n <= 8 and not first_upper and _after_naming_verb(text, span.open) \
            and any("ablt" in word_info(w).cases for w in (*words[:3], words[-1])):
        return True, "naming"   # "назвав слова Зеленського «вкрай небезпечною риторикою»"
    if name_context and (not ends_sentence or n <= 5):
        if not first_upper and cue_before() and (n >= 4 and finite_verb() or n >= 3 and _after_that(text, span.open)
                                                 and not word_info(prev[-1]).lemmas & _LOWER_CASE_TITLED):
            # a name is capitalised: "зазначено, що фільм «чесно і без пафосу показує життя …»" is a quote
            return True, "partial quote after a noun"
        return False, "name context"
    if all_caps_title and not ends_sentence:
        return False, "capitalised words"
    if n >= 6:
        if not ends_sentence and not finite_verb() and (first_upper or not cue_before()):
            return False, "title-like"
        return True, "long"
    if ends_sentence and n >= 2:
        return True, "sentence"
    if n >= 3 and repeats_in_body(text, span, spans):
        return True, "headline repeated"
    if n >= 2 and _headline_speaker(text, span):
        return True, "headline speaker"
    if first_upper:
        if n >= 4 and finite_verb():
            return True, "short capitalised with verb"
        if n >= 2 and finite_verb() and any(w.lower() in _FIRST_SECOND_PERSON for w in words):
            return True, "short, in the first or second person"   # «Я виконував наказ»: someone's words
        return False, "short capitalised"
    if n >= 3 and (finite_verb() or cue_before()):
        return True, "partial quote"
    if n == 2 and finite_verb():
        return True, "short verbal"
    return False, "short term"


#: Pronouns of the one speaking or spoken to: short capitalised words with a verb and one of them are words said.
_FIRST_SECOND_PERSON = frozenset("я ми мене мені мною нас нам нами ви вас вам вами ти тебе тобі".split())

_HEADLINE_TAIL = re.compile(r"[ \t]*[:" + DASHES + r"][ \t]*\S")


def repeats_in_body(text: str, span: QuotedSpan, spans: list[QuotedSpan], *, opening: bool = True
                    ) -> QuotedSpan | None:
    """The later quoted span a headline quote repeats, or None: a span on the text's first line (with ``opening``,
    opening it with a colon or a dash after it: `"Таких знахідок у Європі одиниці": науковці про …`), most of its
    words inside a later span's ("… подібних знахідок у Європі одиниці")."""
    first_line_end = text.find("\n")
    if first_line_end < span.after:
        return None
    if opening and (text[:span.open].strip() or not _HEADLINE_TAIL.match(text, span.after)):
        return None
    words = {w.lower() for w in WORD_RE.findall(text[span.start:span.end])}
    for later in spans:
        if later.open > span.after and later.close is not None:
            shared = words & {w.lower() for w in WORD_RE.findall(text[later.start:later.end])}
            if len(shared) >= 0.6 * len(words):
                return later
    return None


#: What follows a quote that opens a headline and names its speaker: ": Гроссі про …", ": посол України … про …",
#: "– Столтенберг" at the line's end.
_HEADLINE_SPEAKER = re.compile(r"[ \t]*(?::[ \t]*(?P<about>[^\n]{1,80}?)\s+про\s|[" + DASHES + r"][ \t]*"
                               r"(?P<alone>\w+(?:[ \t]+\w+){0,3})[ \t]*(?:\n|$))")


def _headline_speaker(text: str, span: QuotedSpan) -> bool:
    """A quote opening the text's first line followed by its speaker: a name or a role noun and "про …", a name
    alone after a dash ("«Ситуація залишається нестабільною»: Гроссі про Запорізьку АЕС"), or a clause with a speech
    verb after a colon."""
    line_end = text.find("\n")
    if text[:span.open].strip() or (0 <= line_end < span.after):
        return False
    # a clause with a speech verb: "«Ми на межі катастрофи»: в Енергоатомі попередили про ризики"
    tail = re.match(r"[ \t]*:[ \t]*([^\n]{1,120})", text[span.after:line_end if line_end >= 0 else len(text)])
    if tail and any(_is_cue_word(w) for w in WORD_RE.findall(tail.group(1))[:5]):
        return True
    m = _HEADLINE_SPEAKER.match(text, span.after)
    words = WORD_RE.findall(m.group("about") or m.group("alone")) if m else []
    if not words:
        return False
    return words[0][:1].isupper() or (m.group("about") is not None
                                      and any(word_info(w).lemmas & ROLE_NOUNS for w in words[:4]))


#: Nouns whose names are written in lower case in quote marks ("за статтями «зловживання владою»").
_LOWER_CASE_TITLED = frozenset("стаття закон кодекс справа постанова указ програма проєкт проект операція "
                               "номінація категорія рубрика розділ пункт".split())


def _after_that(text: str, pos: int) -> bool:
    """Whether the sentence before ``pos`` has a "що" clause the quote ends ("заявив, що ситуація на станції
    «повністю під контролем»"): reported words, not a name in lower case."""
    return bool(re.search(r",\s+що\s", _sentence_before(text, pos)))


def _after_naming_verb(text: str, pos: int) -> bool:
    """Whether a verb of naming is among the six words before ``pos`` in its sentence ("назвав рішення суду «…»")."""
    return any(is_naming_verb(word_info(w)) for w in WORD_RE.findall(_sentence_before(text, pos))[-6:])


def _speech_context(sentence: str) -> bool:
    low = sentence.lower()
    if "за словами" in low or "словами" in low.split()[-3:]:
        return True
    return any(_is_cue_word(w) for w in WORD_RE.findall(sentence)[-25:])


def detect(text: str) -> list[QuotedSpan]:
    """Pair marks, split around attributions and classify: the full detection step."""
    spans = pair_marks(text)
    children: dict[int, list[QuotedSpan]] = {}
    for span in spans:
        if span.parent is not None:
            children.setdefault(span.parent, []).append(span)
    for idx, span in enumerate(spans):
        split_parts(text, span, children.get(idx, []))
    classify(text, spans)
    return spans
