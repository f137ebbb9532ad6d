"""A memo of float32 rows per uint64 key, looked up for a whole batch in numpy (no Python step per token).

Used where a per-token computation depends on the word alone: the floret vector of a word
(:mod:`ukrnews_nlp.vector_cache`) and the first layer of a tok2vec (:mod:`ukrnews_nlp.embed_fusion`).
"""
from __future__ import annotations

import threading
from collections.abc import Callable

import numpy

#: Odd 64-bit constants of the key mixer (splitmix64's).
_MIX_1 = numpy.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = numpy.uint64(0x94D049BB133111EB)
_GOLDEN = numpy.uint64(0x9E3779B97F4A7C15)


def combine_keys(columns: numpy.ndarray) -> numpy.ndarray:
    """One uint64 key per row of ``columns`` (rows × k uint64 ids: a token's attribute hashes), mixed with
    splitmix64's finalizer. Distinct rows collide with probability ~n²/2⁶⁴ (n rows), as spaCy's string hashes do."""
    with numpy.errstate(over="ignore"):
        key = numpy.zeros(len(columns), dtype=numpy.uint64)
        for column in numpy.asarray(columns, dtype=numpy.uint64).T:
            key = (key + column + _GOLDEN)
            key ^= key >> numpy.uint64(30)
            key *= _MIX_1
            key ^= key >> numpy.uint64(27)
            key *= _MIX_2
            key ^= key >> numpy.uint64(31)
    return key


class RowMemo:
    """Rows of ``width`` float32 numbers memoized per uint64 key; starts afresh past ``max_rows`` rows."""

    def __init__(self, width: int, max_rows: int) -> None:
        self.width = width
        self.max_rows = max_rows
        self._lock = threading.RLock()  # threads sharing a pipeline update the memo one at a time
        self.clear()

    def clear(self) -> None:
        """Forget every row."""
        with self._lock:
            # the keys seen (sorted), the row of each in ``_rows``, the rows in the order they were computed
            self._keys = numpy.zeros(0, dtype="uint64")
            self._row_ids = numpy.zeros(0, dtype="int64")
            self._rows = numpy.zeros((0, self.width), dtype="float32")
            self._n_rows = 0

    def __len__(self) -> int:
        return self._n_rows

    def __getstate__(self) -> dict:
        # a pickled copy (a pipeline sent to another process) starts empty: the memo is only a cache
        return {"width": self.width, "max_rows": self.max_rows}

    def __setstate__(self, state: dict) -> None:
        self.width, self.max_rows = state["width"], state["max_rows"]
        self._lock = threading.RLock()
        self.clear()

    def _find(self, keys: numpy.ndarray) -> numpy.ndarray:
        """Rows in ``_rows`` of sorted unique ``keys``; -1 for keys not in the memo."""
        if not len(self._keys):
            return numpy.full(len(keys), -1, dtype="int64")
        at = numpy.minimum(numpy.searchsorted(self._keys, keys), len(self._keys) - 1)
        return numpy.where(self._keys[at] == keys, self._row_ids[at], -1)

    def get(self, keys: numpy.ndarray, compute: Callable[[numpy.ndarray], numpy.ndarray]) -> numpy.ndarray:
        """The row of every key of ``keys`` (a new array, one row per key). For keys not in the memo,
        ``compute(positions)`` is called once with the position in ``keys`` of one occurrence of each and must
        return their rows, in that order."""
        with self._lock:
            return self._get(keys, compute)

    def _get(self, keys: numpy.ndarray, compute: Callable[[numpy.ndarray], numpy.ndarray]) -> numpy.ndarray:
        unique, first, inverse = numpy.unique(numpy.asarray(keys, dtype="uint64"), return_index=True,
                                              return_inverse=True)
        rows = self._find(unique)
        missing = rows < 0
        if missing.any():
            if self._n_rows + int(missing.sum()) > self.max_rows:
                self.clear()
                missing[:] = True
            fresh = numpy.asarray(compute(first[missing]), dtype="float32").reshape(-1, self.width)
            start = self._n_rows
            if start + len(fresh) > len(self._rows):  # grow by doubling: amortized copies
                grown = numpy.zeros((max(2 * len(self._rows), start + len(fresh), 1024), self.width), dtype="float32")
                grown[:start] = self._rows[:start]
                self._rows = grown
            self._rows[start:start + len(fresh)] = fresh
            self._n_rows = start + len(fresh)
            all_keys = numpy.concatenate([self._keys, unique[missing]])
            order = numpy.argsort(all_keys, kind="stable")
            self._keys = all_keys[order]
            self._row_ids = numpy.concatenate([self._row_ids, numpy.arange(start, self._n_rows)])[order]
            rows = self._find(unique)
        return self._rows[rows[inverse.reshape(-1)]]


__all__ = ["RowMemo", "combine_keys"]
