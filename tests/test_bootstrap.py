"""Confidence intervals over resampled documents, and paired differences."""
from __future__ import annotations

import random

import numpy
import pytest

from ukrnews_nlp.evaluation import PRF
from ukrnews_nlp.evaluation.bootstrap import as_counts, f1_difference, f1_interval
from ukrnews_nlp.evaluation.ud import format_differences, format_intervals, metric_counts


def documents(n: int, hit_rate: float, seed: int) -> numpy.ndarray:
    """(correct, system, gold) per document: 1–20 gold items, each found with ``hit_rate``, one false alarm."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        gold = rng.randint(1, 20)
        correct = sum(rng.random() < hit_rate for _ in range(gold))
        rows.append((correct, correct + 1, gold))
    return as_counts(rows)


def f1(counts: numpy.ndarray) -> float:
    correct, system, gold = counts.sum(axis=0)
    return 100 * 2 * correct / (system + gold)


def test_interval_surrounds_the_figure_narrows_with_documents_and_is_seeded():
    few, many = documents(20, 0.8, 0), documents(500, 0.8, 0)
    for counts in (few, many):
        low, high = f1_interval(counts)
        assert low < f1(counts) < high
    assert f1_interval(many) == f1_interval(many)
    assert f1_interval(many, seed=1) != f1_interval(many)
    width = lambda interval: interval[1] - interval[0]  # noqa: E731
    assert width(f1_interval(many)) < width(f1_interval(few)) / 2
    assert width(f1_interval(many, level=0.5)) < width(f1_interval(many))


def test_degenerate_inputs():
    assert f1_interval(as_counts([])) == (0.0, 0.0)
    assert f1_interval(documents(10, 0.5, 0), resamples=0) == (0.0, 0.0)
    same = as_counts([(2, 3, 3)] * 10)
    assert f1_interval(same) == pytest.approx((100 * 2 / 3, 100 * 2 / 3))
    assert f1_interval(as_counts([(0, 0, 0)] * 5)) == (0.0, 0.0)  # nothing to score: F1 0, no division by zero
    assert f1_difference(as_counts([]), as_counts([])) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="same documents"):
        f1_difference(documents(5, 0.5, 0), documents(6, 0.5, 0))


def test_paired_difference_sees_a_small_consistent_gain_that_separate_intervals_do_not():
    base = documents(80, 0.8, 3)
    better = base.copy()
    # in every eighth document the false alarm becomes one more item found
    better[::8, 0] += numpy.minimum(1, better[::8, 2] - better[::8, 0])
    difference, low, high = f1_difference(better, base)
    assert difference == pytest.approx(f1(better) - f1(base))
    assert 0 < low < difference < high
    base_low, base_high = f1_interval(base)
    assert base_low < f1(better) < base_high  # the separate interval cannot tell them apart
    assert f1_difference(base, better)[0] == pytest.approx(-difference)
    assert f1_difference(base, base) == (0.0, 0.0, 0.0)


def test_ud_lines_name_each_metric():
    per_document = [{"UPOS": PRF(correct=9, system=10, gold=10), "LAS": PRF(correct=7, system=10, gold=10)},
                    {"UPOS": PRF(correct=4, system=5, gold=6), "LAS": PRF(correct=3, system=5, gold=6)}]
    assert metric_counts(per_document, "LAS").tolist() == [[7, 10, 10], [3, 5, 6]]
    line = format_intervals(["UPOS", "LAS"], per_document, 100)
    assert line.startswith("F1 95 % intervals (2 documents resampled 100 times): UPOS [") and "LAS [" in line
    assert "UPOS +0.00 [+0.00, +0.00]" in format_differences(["UPOS"], per_document, per_document, 100)
