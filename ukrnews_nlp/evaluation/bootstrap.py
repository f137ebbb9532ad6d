"""Confidence intervals of F1 figures by resampling documents (the evaluations' ``--bootstrap``).

A test or validation set is a sample of documents, and errors come in documents (a hard text, a table, a
source with other conventions), so the intervals resample whole documents with replacement. Each document
contributes its counts ``(correct, system, gold)``; a resample's F1 is ``2 · Σcorrect / (Σsystem + Σgold)``, the
CoNLL 2018 and exact-span definitions alike. Two systems scored on the same documents are compared by resampling
the same documents for both (a paired interval of their difference): far narrower than their two separate
intervals, which share the documents' difficulty. Seeded: the same counts give the same interval.
"""
from __future__ import annotations

import numpy

#: Resamples the evaluation commands draw unless told otherwise (``--bootstrap N``).
DEFAULT_RESAMPLES = 1000


def _f1(counts: numpy.ndarray, picks: numpy.ndarray) -> numpy.ndarray:
    """F1 of each resample: ``counts`` (documents × (correct, system, gold)), ``picks`` (resamples × documents)."""
    correct, system, gold = counts[picks].sum(axis=1).T
    total = system + gold
    return numpy.divide(2 * correct, total, out=numpy.zeros_like(correct), where=total > 0)


def _picks(documents: int, resamples: int, seed: int) -> numpy.ndarray:
    return numpy.random.default_rng(seed).integers(0, documents, size=(resamples, documents))


def _percentiles(values: numpy.ndarray, level: float) -> tuple[float, float]:
    tail = 50 * (1 - level)
    low, high = numpy.percentile(values, [tail, 100 - tail])
    return 100 * float(low), 100 * float(high)


def as_counts(rows) -> numpy.ndarray:
    """Per-document ``(correct, system, gold)`` rows as the float array the functions below take."""
    return numpy.asarray(rows, dtype=float).reshape(-1, 3)


def f1_interval(counts: numpy.ndarray, *, resamples: int = DEFAULT_RESAMPLES, seed: int = 0,
                level: float = 0.95) -> tuple[float, float]:
    """The percentile interval (in %) of the F1 of per-document ``counts`` over resampled documents; (0, 0)
    without documents or resamples."""
    if resamples < 1 or not len(counts):
        return 0.0, 0.0
    return _percentiles(_f1(counts, _picks(len(counts), resamples, seed)), level)


def f1_difference(counts: numpy.ndarray, other: numpy.ndarray, *, resamples: int = DEFAULT_RESAMPLES, seed: int = 0,
                  level: float = 0.95) -> tuple[float, float, float]:
    """The F1 of ``counts`` minus that of ``other`` (in points; the same documents in the same order) and the
    paired percentile interval of that difference."""
    if len(counts) != len(other):
        raise ValueError(f"paired scores need the same documents: {len(counts)} and {len(other)}")
    if not len(counts):
        return 0.0, 0.0, 0.0
    every = numpy.arange(len(counts))[None]
    difference = 100 * float(_f1(counts, every)[0] - _f1(other, every)[0])
    if resamples < 1:
        return difference, 0.0, 0.0
    picks = _picks(len(counts), resamples, seed)
    return (difference, *_percentiles(_f1(counts, picks) - _f1(other, picks), level))


def format_intervals(named: list[tuple[str, numpy.ndarray]], *, resamples: int, digits: int = 1) -> str:
    """One line of 95 % intervals, ``name [low, high]`` for each (name, per-document counts)."""
    parts = []
    for name, counts in named:
        low, high = f1_interval(counts, resamples=resamples)
        parts.append(f"{name} [{low:.{digits}f}, {high:.{digits}f}]")
    documents = len(named[0][1]) if named else 0
    return f"F1 95 % intervals ({documents} documents resampled {resamples} times): " + ", ".join(parts)


def format_differences(named: list[tuple[str, numpy.ndarray, numpy.ndarray]], *, resamples: int, against: str,
                       digits: int = 1) -> str:
    """One line of paired differences, ``name +d [low, high]`` for each (name, counts, the other's counts)."""
    parts = []
    for name, counts, other in named:
        difference, low, high = f1_difference(counts, other, resamples=resamples)
        parts.append(f"{name} {difference:+.2f} [{low:+.{digits}f}, {high:+.{digits}f}]")
    documents = len(named[0][1]) if named else 0
    return (f"F1 difference (these scores minus {against}'s), paired 95 % intervals ({documents} documents "
            f"resampled {resamples} times): " + ", ".join(parts))


__all__ = ["DEFAULT_RESAMPLES", "as_counts", "f1_difference", "f1_interval", "format_differences",
           "format_intervals"]
