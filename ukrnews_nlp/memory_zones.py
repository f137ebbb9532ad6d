"""Bounded memory over long runs: spaCy memory zones once the vocabulary has grown past a limit.

spaCy keeps every string and lexeme it meets for the life of the process, so the vocabulary of a worker that
annotates a corpus of millions of articles keeps growing with the new words, numbers, names and typos it meets:
``bench/memory.py`` counts 405,000 strings after 9 million words of raw-uk text. Everything else a worker keeps
(word analyses, lemmas, vectors, tok2vec rows) sits in memos of fixed sizes. Inside ``nlp.memory_zone()`` the strings
and lexemes a batch adds are freed when the zone ends. :func:`annotation_zone` runs a batch as usual while the
string store holds fewer than ``strings_limit`` entries (so the frequent words, the tokenizer's cache and every memo
fill as before) and inside a memory zone after that, so the store stops growing at about the limit. The documents of
a zone must be turned into records (or anything holding plain Python values) inside it: a Doc of a finished zone
points at freed strings.

Components whose memos hold string hashes make them safe with :class:`ZoneMemo`: entries added inside a zone are
dropped when it ends (the strings they name are gone; ``ukrnews_lemmatizer``'s lemma ids).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from .errors import Errors, UserError

__all__ = ["DEFAULT_STRINGS_LIMIT", "ZoneMemo", "annotation_zone", "check_strings_limit"]

#: Strings kept for good before batches run in memory zones: more than 9 million words of mixed text bring
#: (``bench/memory.py``), so only long runs reach it.
DEFAULT_STRINGS_LIMIT = 500_000


def check_strings_limit(limit: int | None) -> int | None:
    """``limit`` if it is None (no zones) or a non-negative int, else a :class:`UserError` saying so."""
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise UserError(Errors.E631.format(value=limit))
    return limit


def annotation_zone(nlp: Any, strings_limit: int | None):
    """The context to annotate one batch in: ``nlp.memory_zone()`` once ``nlp``'s string store holds
    ``strings_limit`` strings or more (0: always), else a no-op; also a no-op with ``strings_limit=None``, inside
    a zone already (zones do not nest) and for a callable without ``memory_zone`` (a stand-in pipeline)."""
    vocab = getattr(nlp, "vocab", None)
    if (strings_limit is None or vocab is None or not hasattr(nlp, "memory_zone") or vocab.in_memory_zone
            or len(vocab.strings) < strings_limit):
        return nullcontext()
    return nlp.memory_zone()


class ZoneMemo(dict):
    """A memo (a dict) whose values may be string hashes of the shared vocabulary: its :meth:`memory_zone`, which
    a component's own ``memory_zone`` returns, drops the entries added during the zone when it ends, since the
    strings they name are freed then. Entries from outside any zone stay. ``limit``: the memo starts afresh when
    it holds that many entries (as before, whether in a zone or not)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self._zone_start: int | None = None  # entries before the zone (insertion order); None: no zone

    def put(self, key: Any, value: Any) -> None:
        """Store ``key``; past :attr:`limit` entries, the memo is emptied first. Inside a zone a key stored before
        moves to the zone's entries (its new value may name a string of the zone)."""
        if len(self) >= self.limit:
            self.clear()
            if self._zone_start is not None:
                self._zone_start = 0
        if self._zone_start is not None and key in self:
            position = list(self).index(key)
            del self[key]
            if position < self._zone_start:
                self._zone_start -= 1
        self[key] = value

    @contextmanager
    def memory_zone(self, mem: Any = None) -> Iterator[None]:
        self._zone_start = len(self)
        try:
            yield
        finally:
            start, self._zone_start = self._zone_start, None
            if len(self) > start:
                for key in list(self)[start:]:  # dicts keep insertion order: the zone's entries come last
                    del self[key]
