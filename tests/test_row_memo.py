"""The batch memo returns the rows its computation gives, computing each distinct key once."""
from __future__ import annotations

import numpy

from ukrnews_nlp.row_memo import RowMemo, combine_keys


def rows_of(keys: numpy.ndarray) -> numpy.ndarray:
    """A row that depends on the key alone."""
    keys = numpy.asarray(keys, dtype="float64")
    return numpy.stack([keys, keys * 2.0, -keys]).T.astype("float32")


def test_rows_are_computed_once_per_key_and_returned_in_batch_order():
    memo = RowMemo(3, max_rows=100)
    asked: list[list[int]] = []

    def compute(positions):
        asked.append(sorted(keys[positions].tolist()))
        return rows_of(keys[positions])

    keys = numpy.asarray([5, 3, 5, 9, 3], dtype="uint64")
    assert numpy.array_equal(memo.get(keys, compute), rows_of(keys))
    assert asked == [[3, 5, 9]]
    keys = numpy.asarray([9, 1, 1, 5], dtype="uint64")
    assert numpy.array_equal(memo.get(keys, compute), rows_of(keys))
    assert asked[-1] == [1]  # only the new key
    assert len(memo) == 4
    assert memo.get(numpy.zeros(0, dtype="uint64"), compute).shape == (0, 3)


def test_memo_starts_afresh_past_its_size():
    memo = RowMemo(3, max_rows=4)
    rng = numpy.random.default_rng(0)
    for _ in range(20):
        keys = rng.integers(0, 12, size=rng.integers(1, 6)).astype("uint64")
        assert numpy.array_equal(memo.get(keys, lambda positions, k=keys: rows_of(k[positions])), rows_of(keys))
        assert len(memo) <= 5  # at most one batch's distinct keys past the limit


def test_combined_keys_tell_rows_apart_and_match_equal_rows():
    rng = numpy.random.default_rng(1)
    rows = rng.integers(0, 2**63, size=(5000, 4), dtype="uint64")
    rows[100] = rows[7]
    swapped = rows[:, [1, 0, 2, 3]]
    keys = combine_keys(rows)
    assert keys.dtype == numpy.uint64 and keys.shape == (5000,)
    assert keys[100] == keys[7]
    assert len(numpy.unique(keys)) == 4999
    assert not numpy.array_equal(combine_keys(swapped), keys)  # the columns' order counts
    small = numpy.asarray([[0, 1], [1, 0], [0, 0]], dtype="uint64")
    assert len(set(combine_keys(small).tolist())) == 3


def test_a_pickled_memo_starts_empty():
    import pickle

    memo = RowMemo(3, max_rows=10)
    keys = numpy.asarray([1, 2], dtype="uint64")
    memo.get(keys, lambda positions: rows_of(keys[positions]))
    copy = pickle.loads(pickle.dumps(memo))
    assert len(copy) == 0 and copy.width == 3 and copy.max_rows == 10
    assert numpy.array_equal(copy.get(keys, lambda positions: rows_of(keys[positions])), rows_of(keys))
