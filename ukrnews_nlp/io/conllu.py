"""A small pure-Python CoNLL-U reader and writer (no spaCy), shared by the converters and the evaluation.

A sentence is a :class:`Sentence` with its comment lines (``# key = value`` kept as ``(key, value)`` pairs in
order) and its rows. Every row is a dict with the ten CoNLL-U columns as keys (``id``, ``form``, ``lemma``,
``upos``, ``xpos``, ``feats``, ``head``, ``deprel``, ``deps``, ``misc``), all strings, ``_`` for empty.
Multiword-token ranges (``1-2``) and empty nodes (``1.1``) are kept as rows too; :func:`words` drops them.
:func:`surface_tokens`, :func:`split_documents` and :func:`document_text` rebuild the raw text of a treebank
document from ``SpaceAfter=No``, ``# newpar`` and ``# newdoc`` the way UD's ``conllu_to_text`` does.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Errors

COLUMNS = ("id", "form", "lemma", "upos", "xpos", "feats", "head", "deprel", "deps", "misc")


@dataclass
class Sentence:
    comments: list[tuple[str, str]] = field(default_factory=list)
    tokens: list[dict[str, str]] = field(default_factory=list)

    def meta(self, key: str) -> str | None:
        """The value of the first ``# key = value`` comment, or None."""
        for k, v in self.comments:
            if k == key:
                return v
        return None

    def words(self) -> list[dict[str, str]]:
        """Syntactic words only: no multiword ranges, no empty nodes."""
        return [t for t in self.tokens if t["id"].isdigit()]


def parse_misc(misc: str) -> dict[str, str]:
    """``SpaceAfter=No|Id=02tp`` → ``{"SpaceAfter": "No", "Id": "02tp"}``."""
    if misc in ("", "_"):
        return {}
    out = {}
    for part in misc.split("|"):
        key, _, value = part.partition("=")
        out[key] = value
    return out


def format_misc(misc: dict[str, str]) -> str:
    return "|".join(f"{k}={v}" for k, v in misc.items()) or "_"


def iter_conllu(lines: Iterable[str], *, source: str = "<lines>") -> Iterator[Sentence]:
    """Sentences from CoNLL-U lines (a blank line ends a sentence); a malformed line is a :class:`DataError`."""
    sent = Sentence()
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\n").rstrip("\r")
        if not line.strip():
            if sent.tokens or sent.comments:
                yield sent
            sent = Sentence()
        elif line.startswith("#"):
            key, sep, value = line[1:].partition("=")
            sent.comments.append((key.strip(), value.strip()) if sep else (line[1:].strip(), ""))
        else:
            cols = line.split("\t")
            if len(cols) != 10:
                raise DataError(Errors.E202.format(path=source, line=lineno,
                                                   reason=f"expected 10 tab-separated columns, got {len(cols)}"))
            sent.tokens.append(dict(zip(COLUMNS, cols, strict=True)))
    if sent.tokens or sent.comments:
        yield sent


def read_conllu(path: str | Path) -> list[Sentence]:
    """All sentences of a CoNLL-U file; bytes that are not UTF-8 are a :class:`DataError` saying where."""
    from .readers import utf8_error

    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(utf8_error(data, exc, str(path))) from None
    return list(iter_conllu(text.split("\n"), source=str(path)))  # not splitlines(): forms may hold U+2028, U+0085…


def format_sentence(sent: Sentence) -> str:
    lines = [f"# {k} = {v}" if v else f"# {k}" for k, v in sent.comments]
    lines += ["\t".join(t.get(c, "_") or "_" for c in COLUMNS) for t in sent.tokens]
    return "\n".join(lines) + "\n\n"


def write_conllu(path: str | Path, sentences: Iterable[Sentence]) -> int:
    """Write sentences to ``path``; returns how many were written."""
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for sent in sentences:
            f.write(format_sentence(sent))
            n += 1
    return n


def space_after(row: dict[str, str]) -> bool:
    return parse_misc(row["misc"]).get("SpaceAfter") != "No"


def surface_tokens(sent: Sentence) -> list[tuple[str, bool, list[dict[str, str]]]]:
    """Surface tokens in order: (form, space after, the words it covers); a multiword token covers several."""
    out: list[tuple[str, bool, list[dict[str, str]]]] = []
    covered_until = 0
    words = {int(w["id"]): w for w in sent.words()}
    for row in sent.tokens:
        if "-" in row["id"]:
            first, last = (int(x) for x in row["id"].split("-"))
            out.append((row["form"], space_after(row), [words[i] for i in range(first, last + 1) if i in words]))
            covered_until = last
        elif row["id"].isdigit() and int(row["id"]) > covered_until:
            out.append((row["form"], space_after(row), [row]))
    return out


def sentence_text(sent: Sentence) -> str:
    """The sentence text rebuilt from its tokens and ``SpaceAfter=No`` (no trailing space)."""
    return "".join(form + (" " if space else "") for form, space, _ in surface_tokens(sent)).rstrip(" ")


def _starts(sent: Sentence, marker: str) -> bool:
    return any(key.split(" ", 1)[0] == marker for key, _ in sent.comments)


def split_documents(sentences: list[Sentence]) -> list[list[list[Sentence]]]:
    """Group sentences into documents (``# newdoc``) of paragraphs (``# newpar``)."""
    docs: list[list[list[Sentence]]] = []
    for sent in sentences:
        if not docs or _starts(sent, "newdoc"):
            docs.append([[sent]])
        elif _starts(sent, "newpar"):
            docs[-1].append([sent])
        else:
            docs[-1][-1].append(sent)
    return docs


def document_text(paragraphs: list[list[Sentence]]) -> str:
    """Raw text of one document: sentences joined by a space (none after ``SpaceAfter=No``),
    paragraphs separated by a blank line."""
    out = []
    for para in paragraphs:
        chunks = []
        for i, sent in enumerate(para):
            chunks.append(sentence_text(sent))
            tokens = surface_tokens(sent)
            if i < len(para) - 1 and (not tokens or tokens[-1][1]):
                chunks.append(" ")
        out.append("".join(chunks))
    return "\n\n".join(out)
