"""Garbage-collector settings for the processes that annotate a corpus (CLI and Dask workers).

The pipeline memoizes what it learns about each distinct word (pymorphy3 analyses, lemma choices, quote-rule
word facts): a few hundred thousand small objects that live as long as the process. Python's collector checks
every such object again at each full collection, and with its default settings a full collection comes whenever
the survivors have grown by a quarter: on the 560 NER-UK 2.0 texts 9–11 full collections took 2.2–2.9 s of ~40 s
(`gc.callbacks` timing). The pipeline itself makes few reference cycles (the young-generation collections, left as
they are, free them), so a worker process can afford full collections far less often.

:func:`tune_worker_gc` is called in processes this package runs (pool and Dask workers, ``ukrnews-nlp annotate``
and ``evaluate``); a notebook or program that imports the package keeps Python's defaults unless it calls it.
The commands call it before any pipeline exists, so ``load()`` freezes the pipeline it builds in a process that
has been tuned (:func:`freeze_if_tuned`): its objects are never scanned again either.
"""
from __future__ import annotations

import gc

__all__ = ["FULL_COLLECTION_EVERY", "freeze_if_tuned", "tune_worker_gc"]

#: Collections of the middle generation between two full collections (Python's default: 10).
FULL_COLLECTION_EVERY = 1000

_tuned = False


def tune_worker_gc() -> bool:
    """In this process, freeze what exists now (the loaded pipeline: never scanned again, and shared
    copy-on-write with forked workers) and make full collections rare (:data:`FULL_COLLECTION_EVERY`). Young
    generations are collected as usual. Idempotent; returns True the first time."""
    global _tuned
    if _tuned:
        return False
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
    _tuned = True
    return freeze_if_tuned()


def freeze_if_tuned() -> bool:
    """In a process tuned by :func:`tune_worker_gc`, freeze what exists now (``load()`` calls it with the
    pipeline just built); elsewhere do nothing. True when it froze."""
    if not _tuned:
        return False
    gc.collect()
    gc.freeze()
    return True
