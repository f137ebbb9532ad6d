"""The rows of a floret vectors table that a word's vector averages, for many words at once in numpy.

spaCy's floret table (``Vectors`` in floret mode) has no row per word: a word's vector is the mean of the rows that
MurmurHash3_x64_128 gives for the word padded with ``bow``/``eow`` and for each of its character n-grams (``minn`` to
``maxn`` characters), ``hash_count`` 32-bit parts of each hash taken modulo the number of rows. spaCy computes this
one n-gram at a time in Python-level loops (~20 µs a word; the vectors of a cold process's first 57,000 distinct
words cost 1.2 s). :func:`floret_rows` hashes all n-grams of a batch of words together with numpy's wrapping uint64
arithmetic, and gives the same row indices in the same order, so the averaged vectors are spaCy's exactly
(:class:`ukrnews_nlp.vector_cache.CachedFloretVectors` uses it).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy

__all__ = ["floret_rows", "mean_rows", "murmurhash3_x64_128"]

_C1 = numpy.uint64(0x87C37B91114253D5)
_C2 = numpy.uint64(0x4CF5AD432745937F)
_FMIX1 = numpy.uint64(0xFF51AFD7ED558CCD)
_FMIX2 = numpy.uint64(0xC4CEB9FE1A85EC53)
_LOW32 = numpy.uint64(0xFFFFFFFF)


def _rotl(x: numpy.ndarray, r: int) -> numpy.ndarray:
    return (x << numpy.uint64(r)) | (x >> numpy.uint64(64 - r))


def _fmix(k: numpy.ndarray) -> numpy.ndarray:
    k = k ^ (k >> numpy.uint64(33))
    k = k * _FMIX1
    k = k ^ (k >> numpy.uint64(33))
    k = k * _FMIX2
    return k ^ (k >> numpy.uint64(33))


def _words_at(buffer: numpy.ndarray, starts: numpy.ndarray,
              keep: numpy.ndarray | None = None) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The two little-endian uint64 of the 16 bytes of ``buffer`` at each of ``starts`` (only the first ``keep``
    bytes of each, the rest read as zeros, where given)."""
    block = buffer[starts[:, None] + numpy.arange(16)]
    if keep is not None:
        block[numpy.arange(16)[None, :] >= keep[:, None]] = 0
    halves = numpy.ascontiguousarray(block).view("<u8")
    return halves[:, 0].astype(numpy.uint64), halves[:, 1].astype(numpy.uint64)


def murmurhash3_x64_128(buffer: numpy.ndarray, starts: numpy.ndarray, lengths: numpy.ndarray,
                        seed: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """MurmurHash3_x64_128 (Austin Appleby's reference code, as the ``murmurhash`` package spaCy uses) of the byte
    strings ``buffer[start:start + length]``: its two uint64 halves per string. ``buffer`` (uint8) must have at
    least 16 zero bytes after the last string."""
    h1 = numpy.full(len(starts), seed, dtype=numpy.uint64)
    h2 = h1.copy()
    with numpy.errstate(over="ignore"):
        blocks = lengths // 16
        for b in range(int(blocks.max()) if len(blocks) else 0):
            todo = numpy.flatnonzero(blocks > b)
            k1, k2 = _words_at(buffer, starts[todo] + 16 * b)
            a, c = h1[todo], h2[todo]
            a ^= _rotl(k1 * _C1, 31) * _C2
            a = _rotl(a, 27) + c
            a = a * numpy.uint64(5) + numpy.uint64(0x52DCE729)
            c ^= _rotl(k2 * _C2, 33) * _C1
            c = _rotl(c, 31) + a
            c = c * numpy.uint64(5) + numpy.uint64(0x38495AB5)
            h1[todo], h2[todo] = a, c
        # the tail (length % 16 bytes, zeros after it): a zero word leaves its half unchanged, as the reference's
        # switch on the tail length does
        k1, k2 = _words_at(buffer, starts + 16 * blocks, keep=lengths % 16)
        h2 ^= _rotl(k2 * _C2, 33) * _C1
        h1 ^= _rotl(k1 * _C1, 31) * _C2
        size = lengths.astype(numpy.uint64)
        h1 ^= size
        h2 ^= size
        h1 += h2
        h2 += h1
        h1 = _fmix(h1)
        h2 = _fmix(h2)
        h1 += h2
        h2 += h1
    return h1, h2


def floret_rows(words: Sequence[str], *, minn: int, maxn: int, bow: str, eow: str, seed: int, hash_count: int,
                n_rows: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Per word, the table rows its floret vector averages, as spaCy's ``Vectors.get_batch`` lists them (the padded
    word, then its n-grams by size and position; per string its first ``hash_count`` 32-bit hash parts): all
    words' rows one after another (int32) and each word's count (an empty word has none)."""
    padded = [(bow + word + eow) if word else "" for word in words]
    encoded = [text.encode("utf-8") for text in padded]
    byte_lengths = numpy.array([len(data) for data in encoded], dtype=numpy.int64)
    buffer = numpy.frombuffer(b"".join(encoded) + bytes(16), dtype=numpy.uint8)
    word_start = numpy.concatenate([[0], numpy.cumsum(byte_lengths)[:-1]]).astype(numpy.int64)
    # character starts (UTF-8 lead bytes) of every word, with each word's end as a last "start"
    chars = numpy.array([len(text) for text in padded], dtype=numpy.int64)
    leads = numpy.flatnonzero((buffer[:-16] & 0xC0) != 0x80)
    char_start = numpy.empty(int(chars.sum() + len(words)), dtype=numpy.int64)
    slot = numpy.concatenate([[0], numpy.cumsum(chars + 1)[:-1]]).astype(numpy.int64)  # each word's first slot
    is_end = numpy.zeros(len(char_start), dtype=bool)
    is_end[slot + chars] = True
    char_start[~is_end] = leads
    char_start[is_end] = word_start + byte_lengths
    # every string to hash: per word, the whole padded word, then for n = minn … maxn each n-gram by position
    pieces_start, pieces_length, owner = [word_start], [byte_lengths], [numpy.arange(len(words))]
    order = [numpy.zeros(len(words), dtype=numpy.int64)]  # rank of the string within its word
    offset = numpy.ones(len(words), dtype=numpy.int64)
    for n in range(minn, maxn + 1):
        count = numpy.where(chars > 0, numpy.maximum(chars - n + 1, 0), 0)
        word = numpy.repeat(numpy.arange(len(words)), count)
        position = numpy.arange(int(count.sum())) - numpy.repeat(numpy.cumsum(count) - count, count)
        first = slot[word] + position
        pieces_start.append(char_start[first])
        pieces_length.append(char_start[first + n] - char_start[first])
        owner.append(word)
        order.append(offset[word] + position)
        offset += count
    starts, lengths = numpy.concatenate(pieces_start), numpy.concatenate(pieces_length)
    owners, ranks = numpy.concatenate(owner), numpy.concatenate(order)
    keep = (chars > 0)[owners]  # an empty word: no strings at all
    starts, lengths, owners, ranks = starts[keep], lengths[keep], owners[keep], ranks[keep]
    sequence = numpy.lexsort((ranks, owners))
    starts, lengths, owners = starts[sequence], lengths[sequence], owners[sequence]
    h1, h2 = murmurhash3_x64_128(buffer, starts, lengths, seed)
    parts = numpy.stack([h1 & _LOW32, h1 >> numpy.uint64(32), h2 & _LOW32, h2 >> numpy.uint64(32)], axis=1)
    rows = (parts[:, :min(hash_count, 4)] % numpy.uint64(n_rows)).astype(numpy.int32).reshape(-1)
    counts = numpy.bincount(owners, minlength=len(words)) * min(hash_count, 4)
    return rows, counts.astype(numpy.int32)


def mean_rows(table: numpy.ndarray, rows: numpy.ndarray, counts: numpy.ndarray) -> numpy.ndarray:
    """Per word, the mean of its ``counts[i]`` rows of ``table`` listed in ``rows`` (:func:`floret_rows`): thinc's
    ``reduce_mean`` of ``table[rows]`` (each row times 1/count, added in order: the same float32 numbers) without
    gathering every row at once (2.6 million rows of 80 floats for 57,000 words). Words are taken by falling count,
    so the words still adding rows at step ``j`` are a prefix."""
    n = len(counts)
    order = numpy.argsort(-counts, kind="stable")
    sorted_counts = counts[order]
    first = (numpy.cumsum(counts) - counts)[order]
    scale = numpy.zeros(n, dtype=numpy.float32)
    has_rows = sorted_counts > 0
    scale[has_rows] = 1.0 / sorted_counts[has_rows]  # as thinc: 1. / length in double, then float
    sums = numpy.zeros((n, table.shape[1]), dtype=numpy.float32)
    steps = int(sorted_counts[0]) if n else 0
    for j, running in enumerate(numpy.searchsorted(-sorted_counts, -numpy.arange(steps), side="left").tolist()):
        sums[:running] += table[rows[first[:running] + j]] * scale[:running, None]
    means = numpy.empty_like(sums)
    means[order] = sums
    return means
