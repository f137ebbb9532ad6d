"""The memoizing floret table gives the numbers spaCy's own table computes."""
from __future__ import annotations

import pickle

import numpy
import spacy
from spacy.vectors import Vectors

from ukrnews_nlp.vector_cache import CachedFloretVectors, cache_vectors

WORDS = ["київ", "києва", "рада", "", "sky", "news", "київ", "ї", "рада"]


def floret_table() -> Vectors:
    data = numpy.random.default_rng(0).normal(size=(97, 8)).astype("float32")
    return Vectors(data=data, mode="floret", minn=2, maxn=4, hash_count=2, hash_seed=7, attr="LOWER")


def keys_of(vectors: Vectors, words: list[str]) -> list[int]:
    return [vectors.strings.add(word) for word in words]


def test_same_vectors_as_spacy_in_any_batch_order():
    plain = floret_table()
    cached = CachedFloretVectors.from_vectors(plain)
    keys = keys_of(plain, WORDS)
    expected = plain.get_batch(keys)
    assert numpy.array_equal(cached.get_batch(keys), expected)  # first call: computed
    assert numpy.array_equal(cached.get_batch(keys), expected)  # second call: from the memo
    assert numpy.array_equal(cached.get_batch(keys[::-1]), expected[::-1])
    assert cached.get_batch(keys).dtype == numpy.float32


def test_memo_starts_afresh_when_full():
    plain = floret_table()
    cached = CachedFloretVectors.from_vectors(plain, cache_size=3)
    keys = keys_of(plain, WORDS)
    for start in range(len(keys)):
        batch = keys[start:start + 2]
        assert numpy.array_equal(cached.get_batch(batch), plain.get_batch(batch))
    assert len(cached._memo) <= 3


def test_many_batches_with_repeats_and_empty_ones():
    plain = floret_table()
    cached = CachedFloretVectors.from_vectors(plain, cache_size=50)
    rng = numpy.random.default_rng(1)
    words = [f"слово{i}" for i in range(80)]
    keys = numpy.asarray(keys_of(plain, words), dtype="uint64")
    for size in (0, 5, 30, 1, 120, 0, 60):
        batch = keys[rng.integers(0, len(keys), size=size)]
        got = cached.get_batch(batch)
        assert got.shape == (size, 8)
        assert numpy.array_equal(got, plain.get_batch(batch))


def test_pickling_keeps_the_memo_class_and_data():
    cached = CachedFloretVectors.from_vectors(floret_table())
    copy = pickle.loads(pickle.dumps(cached))
    assert isinstance(copy, CachedFloretVectors)
    keys = keys_of(cached, ["київ", "рада"])
    copy.strings.add("київ"), copy.strings.add("рада")
    assert numpy.array_equal(copy.get_batch(keys), cached.get_batch(keys))


def test_cache_vectors_swaps_floret_tables_only():
    nlp = spacy.blank("uk")
    cache_vectors(nlp)
    assert not isinstance(nlp.vocab.vectors, CachedFloretVectors)  # default (empty) table: left alone
    nlp.vocab.vectors = floret_table()
    cache_vectors(nlp)
    assert isinstance(nlp.vocab.vectors, CachedFloretVectors)
    doc = nlp("Київ і рада")
    reference = floret_table()
    reference.strings = nlp.vocab.strings
    key = nlp.vocab.strings["київ"]
    assert numpy.array_equal(nlp.vocab.vectors.get_batch([key]), reference.get_batch([key]))
    assert doc[0].has_vector


def test_loaded_pipeline_uses_the_memo(nlp):
    assert isinstance(nlp.vocab.vectors, CachedFloretVectors)
    assert nlp.vocab.vectors.shape == (25000, 80)
