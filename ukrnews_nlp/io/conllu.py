"""A small CoNLL-U reader (pure Python, no spaCy): sentences with their comments, words and multiword tokens.

Used by the evaluation harness and the training converters; also rebuilds the raw text of a treebank document
from ``SpaceAfter=No`` and ``# newdoc`` / ``# newpar`` the way UD's ``conllu_to_text`` does.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Errors

ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS, MISC = range(10)


@dataclass
class Word:
    """One syntactic word (a CoNLL-U line with an integer id)."""

    id: int
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int | None
    deprel: str
    deps: str
    misc: str

    @property
    def space_after(self) -> bool:
        return "SpaceAfter=No" not in self.misc.split("|")


@dataclass
class MultiwordToken:
    """A surface token covering words ``first..last`` (a CoNLL-U range line such as ``1-2``)."""

    first: int
    last: int
    form: str
    misc: str

    @property
    def space_after(self) -> bool:
        return "SpaceAfter=No" not in self.misc.split("|")


@dataclass
class Sentence:
    comments: list[str] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    multiword: list[MultiwordToken] = field(default_factory=list)

    def comment(self, key: str) -> str | None:
        """Value of a ``# key = value`` comment, ``""`` for a bare ``# key``, None when absent."""
        for line in self.comments:
            body = line[1:].strip()
            if body == key:
                return ""
            if body.startswith(key + " ") or body.startswith(key + "="):
                return body[len(key):].lstrip(" =").strip()
        return None

    @property
    def starts_document(self) -> bool:
        return self.comment("newdoc") is not None or self.comment("newdoc id") is not None

    @property
    def starts_paragraph(self) -> bool:
        return self.comment("newpar") is not None or self.comment("newpar id") is not None

    def tokens(self) -> list[tuple[str, bool, list[Word]]]:
        """Surface tokens in order: (form, space_after, words it covers)."""
        ranges = {m.first: m for m in self.multiword}
        out: list[tuple[str, bool, list[Word]]] = []
        i = 0
        while i < len(self.words):
            word = self.words[i]
            mwt = ranges.get(word.id)
            if mwt is not None:
                covered = [w for w in self.words if mwt.first <= w.id <= mwt.last]
                out.append((mwt.form, mwt.space_after, covered))
                i += len(covered)
            else:
                out.append((word.form, word.space_after, [word]))
                i += 1
        return out

    def text(self) -> str:
        """The sentence text rebuilt from its tokens and ``SpaceAfter=No`` (no trailing space)."""
        parts = []
        for form, space_after, _ in self.tokens():
            parts.append(form + (" " if space_after else ""))
        return "".join(parts).rstrip(" ")


def _parse_head(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def read_conllu(path: str | Path) -> list[Sentence]:
    """Read a CoNLL-U file into sentences; empty nodes (``8.1``) are skipped."""
    path = Path(path)
    if not path.is_file():
        raise DataError(Errors.E001.format(path=path))
    with path.open(encoding="utf-8") as f:
        return list(parse_conllu(f, source=str(path)))


def parse_conllu(lines: Iterable[str], *, source: str = "<string>") -> Iterator[Sentence]:
    sent = Sentence()
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if not line.strip():
            if sent.words:
                yield sent
            sent = Sentence()
            continue
        if line.startswith("#"):
            sent.comments.append(line)
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise DataError(Errors.E202.format(path=source, line=lineno, reason=f"{len(cols)} columns, need 10"))
        if "." in cols[ID]:
            continue
        if "-" in cols[ID]:
            first, last = cols[ID].split("-")
            sent.multiword.append(MultiwordToken(int(first), int(last), cols[FORM], cols[MISC]))
            continue
        sent.words.append(Word(int(cols[ID]), cols[FORM], cols[LEMMA], cols[UPOS], cols[XPOS], cols[FEATS],
                               _parse_head(cols[HEAD]), cols[DEPREL], cols[DEPS], cols[MISC]))
    if sent.words:
        yield sent


def split_documents(sentences: list[Sentence]) -> list[list[list[Sentence]]]:
    """Group sentences into documents (``# newdoc``) of paragraphs (``# newpar``)."""
    docs: list[list[list[Sentence]]] = []
    for sent in sentences:
        if not docs or sent.starts_document:
            docs.append([[sent]])
        elif sent.starts_paragraph:
            docs[-1].append([sent])
        else:
            docs[-1][-1].append(sent)
    return docs


def document_text(paragraphs: list[list[Sentence]]) -> str:
    """Raw text of one document: sentences joined by a space (none after ``SpaceAfter=No``),
    paragraphs separated by a blank line, as UD's ``conllu_to_text`` does."""
    out = []
    for para in paragraphs:
        chunks = []
        for i, sent in enumerate(para):
            chunks.append(sent.text())
            last_space = sent.tokens()[-1][1] if sent.words else True
            if i < len(para) - 1 and last_space:
                chunks.append(" ")
        out.append("".join(chunks))
    return "\n\n".join(out)
