"""Floret n-gram hashing in numpy gives spaCy's rows and vectors exactly."""
from __future__ import annotations

import numpy
from spacy.vectors import Vectors

from ukrnews_nlp.floret_hash import floret_rows, mean_rows

WORDS = ["", "a", "ї", "Київ", "прем'єр-міністра", "x" * 40, "ї" * 30, "😀emoji", "Sky News", "1990-х", "ab", "Ab"]


def spacy_rows(table: Vectors, word: str) -> list[int]:
    if not word:
        return []
    return [h % table.shape[0] for ngram in table._get_ngrams(word) for h in table._get_ngram_hashes(ngram)]


def test_rows_are_spacys_for_every_setting():
    rng = numpy.random.default_rng(0)
    letters = list("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяABCxyz-'’0 ")
    words = WORDS + ["".join(rng.choice(letters, size=int(rng.integers(1, 30)))) for _ in range(300)]
    for minn, maxn, hash_count, seed in [(3, 5, 2, 2166136261), (2, 4, 4, 7), (1, 1, 1, 0), (5, 6, 3, 123)]:
        table = Vectors(data=numpy.zeros((97, 4), "float32"), mode="floret", minn=minn, maxn=maxn,
                        hash_count=hash_count, hash_seed=seed)
        rows, counts = floret_rows(words, minn=minn, maxn=maxn, bow=table.bow, eow=table.eow, seed=seed,
                                   hash_count=hash_count, n_rows=97)
        assert rows.dtype == numpy.int32 and len(counts) == len(words) and counts.sum() == len(rows)
        got = numpy.split(rows, numpy.cumsum(counts)[:-1])
        assert [list(r) for r in got] == [spacy_rows(table, word) for word in words]


def test_mean_rows_is_thincs_reduce_mean_exactly():
    rng = numpy.random.default_rng(1)
    table = rng.standard_normal((50, 8)).astype("float32")
    counts = numpy.array([3, 0, 7, 1, 12, 7], dtype=numpy.int32)
    rows = rng.integers(0, 50, size=int(counts.sum())).astype(numpy.int32)
    table_vectors = Vectors(data=table, mode="floret", minn=1, maxn=2, hash_count=1)
    from thinc.backends import get_array_ops

    expected = get_array_ops(table).reduce_mean(table[rows], counts)
    assert numpy.array_equal(mean_rows(table, rows, counts), expected)
    assert table_vectors.shape == (50, 8)
