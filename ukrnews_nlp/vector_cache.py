"""Floret vectors computed once per word, not once per token and component.

spaCy's floret table has no row per word: every lookup hashes the word's character n-grams and averages their
rows, again for every token and again in every tok2vec that reads the table (the core and NER models share it).
:class:`CachedFloretVectors` keeps the averaged vector of each word it has seen, so a frequent word costs one
dictionary look-up, and the n-grams of new words are hashed for a whole batch at once in numpy
(:mod:`ukrnews_nlp.floret_hash`: a cold process's first 57,000 words 1.23 → 0.5 s). The vectors are the same numbers
spaCy computes (the same rows averaged in the same order); only the work is saved. :func:`cache_vectors` swaps the
table of a loaded pipeline for this class.
"""
from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.vectors import Mode, Vectors, unpickle_vectors

from .floret_hash import floret_rows, mean_rows
from .row_memo import RowMemo

#: Words whose vectors are kept before the memo starts afresh (80-dim float32: 32 MB at most).
DEFAULT_CACHE_SIZE = 100_000


class CachedFloretVectors(Vectors):
    """A floret :class:`spacy.vectors.Vectors` table that memoizes :meth:`get_batch` per key.

    Serialization is the stock table's (``to_bytes``, ``to_disk``), so a saved pipeline loads without this
    class; pickling keeps it.
    """

    def __init__(self, *, cache_size: int = DEFAULT_CACHE_SIZE, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cache_size = cache_size
        self._memo = RowMemo(self.data.shape[1], cache_size)

    @classmethod
    def from_vectors(cls, vectors: Vectors, *, cache_size: int = DEFAULT_CACHE_SIZE) -> CachedFloretVectors:
        """A cached copy of a floret table (the same data, strings and hashing settings)."""
        return cls(strings=vectors.strings, data=vectors.data, mode=Mode.floret, minn=vectors.minn,
                   maxn=vectors.maxn, hash_count=vectors.hash_count, hash_seed=vectors.hash_seed, bow=vectors.bow,
                   eow=vectors.eow, attr=vectors.attr, cache_size=cache_size)

    def get_batch(self, keys):
        """The vectors of ``keys`` (string hashes), as :meth:`spacy.vectors.Vectors.get_batch` computes them."""
        if self.mode != Mode.floret:
            return super().get_batch(keys)
        keys = numpy.asarray(keys, dtype="uint64").reshape(-1)
        return self._memo.get(keys, lambda positions: self._floret_batch(keys[positions]))

    def _floret_batch(self, keys: numpy.ndarray) -> numpy.ndarray:
        """spaCy's floret ``get_batch`` with the n-grams hashed in numpy (:func:`ukrnews_nlp.floret_hash.floret_rows`):
        the same rows averaged in the same order, so the same numbers."""
        words = [self.strings.as_string(key) for key in keys.tolist()]
        if not any(words):
            return numpy.zeros((len(words), self.data.shape[1]), dtype="float32")
        unique = list(dict.fromkeys(words))
        index = {word: i for i, word in enumerate(unique)}
        rows, counts = floret_rows(unique, minn=self.minn, maxn=self.maxn, bow=self.bow, eow=self.eow,
                                   seed=self.hash_seed, hash_count=self.hash_count, n_rows=self.data.shape[0])
        vectors = mean_rows(numpy.asarray(self.data), rows, counts)
        return numpy.ascontiguousarray(vectors[[index[word] for word in words]])

    def __reduce__(self):
        return (_unpickle_cached, (self.to_bytes(), self.cache_size))


def _unpickle_cached(data: bytes, cache_size: int) -> CachedFloretVectors:
    return CachedFloretVectors.from_vectors(unpickle_vectors(data), cache_size=cache_size)


def cache_vectors(nlp: Language, *, cache_size: int = DEFAULT_CACHE_SIZE) -> Language:
    """Give ``nlp`` a memoizing copy of its floret vectors table (other tables are left as they are)."""
    vectors = nlp.vocab.vectors
    if isinstance(vectors, Vectors) and vectors.mode == Mode.floret and not isinstance(vectors, CachedFloretVectors):
        nlp.vocab.vectors = CachedFloretVectors.from_vectors(vectors, cache_size=cache_size)
    return nlp


__all__ = ["CachedFloretVectors", "cache_vectors"]
