"""A small pure-Python CoNLL-U reader and writer.

A sentence is a :class:`Sentence` with its comment lines (``# key = value`` kept as ``(key, value)`` pairs in
order) and its rows. Every row is a dict with the ten CoNLL-U columns as keys (``id``, ``form``, ``lemma``,
``upos``, ``xpos``, ``feats``, ``head``, ``deprel``, ``deps``, ``misc``), all strings, ``_`` for empty.
Multiword-token ranges (``1-2``) and empty nodes (``1.1``) are kept as rows too; :func:`words` drops them.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

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


def iter_conllu(lines: Iterable[str]) -> Iterator[Sentence]:
    """Sentences from CoNLL-U lines (a blank line ends a sentence)."""
    sent = Sentence()
    for raw in lines:
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
                raise ValueError(f"expected 10 tab-separated columns, got {len(cols)}: {line!r}")
            sent.tokens.append(dict(zip(COLUMNS, cols, strict=True)))
    if sent.tokens or sent.comments:
        yield sent


def read_conllu(path: str | Path) -> list[Sentence]:
    """All sentences of a CoNLL-U file."""
    with open(path, encoding="utf-8") as f:
        return list(iter_conllu(f))


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
