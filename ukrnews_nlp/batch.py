"""Corpus runner: documents → records with N local processes (or Dask, see :mod:`ukrnews_nlp.dask`), resumable.

Each worker process loads the pipeline once and runs ``nlp.pipe`` over batches of documents; records come back
as JSON lines and are written in input order, so a run's output does not depend on the number of workers or
the engine. A bad document becomes a record with ``errors`` (never an exception), and a document longer than
``max_length`` is annotated in chunks cut at paragraph or sentence boundaries, then merged into one record
whose offsets are into the whole text (:func:`merge_records`).

>>> from ukrnews_nlp.io import RecordSink, read_documents
>>> summary = run_corpus(read_documents(["corpus/"]), RecordSink("out.jsonl"), workers=2)
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import re
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from .errors import Errors, UserError
from .io.readers import Document
from .io.writers import RecordSink, record_line
from .memory_zones import DEFAULT_STRINGS_LIMIT, annotation_zone, check_strings_limit
from .record import SCHEMA_ID

#: Documents per ``nlp.pipe`` batch (and per task sent to a worker).
BATCH_SIZE = 32
#: Words the main process annotates before it forks the workers (see ``run_corpus``'s ``warmup_words``).
WARMUP_WORDS = 5_000
#: A worker's task result: (id, failed, words, JSON line) per document.
Result = list[tuple[Any, bool, int, str]]


# ------------------------------------------------------------------------------------------------ records

def error_record(doc: Document, errors: list[str] | None = None) -> dict[str, Any]:
    """The record of a document that was not annotated: its text (if any), meta and errors, nothing else."""
    return {"schema": SCHEMA_ID, "id": doc.id, "text": doc.text, "meta": dict(doc.meta), "sentences": [],
            "tokens": [], "entities": [], "quotes": [], "speakers": [], "errors": list(errors or doc.errors)}


def count_words(text: str) -> int:
    """Whitespace-separated words: the unit of every words/s figure (independent of the tokenizer)."""
    return len(text.split())


_SENTENCE_END = re.compile(r"[.!?…][\"'»”)\]]*\s+")


def split_text(text: str, max_length: int) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive ``(start, end)`` chunks of at most ``max_length`` characters that tile it.

    Cuts go after a blank line if one lies in the second half of the window, else after a line break, else
    after a sentence end, else after any whitespace, else (one enormous token) at ``max_length``. The whitespace
    run at a cut stays with the chunk before it, so every chunk but the first starts with a non-space.
    """
    if max_length < 1:
        raise ValueError("max_length must be positive")
    spans = []
    start, n = 0, len(text)
    while n - start > max_length:
        window_end = start + max_length
        low = start + max_length // 2
        cut = -1
        for pattern in ("\n\n", "\n"):
            k = text.rfind(pattern, low, window_end)
            if k != -1:
                cut = k + len(pattern)
                break
        if cut == -1:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, low, window_end)]
            cut = ends[-1] if ends else -1
        if cut == -1:
            k = max(text.rfind(" ", low, window_end), text.rfind("\t", low, window_end))
            cut = k + 1 if k != -1 else window_end
        while cut < n and cut - start < max_length and text[cut].isspace():
            cut += 1
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


def _shift_span(item: dict[str, Any] | None, offset: int) -> dict[str, Any] | None:
    if item is None:
        return None
    out = dict(item)
    out["start"] += offset
    out["end"] += offset
    return out


def merge_records(parts: list[tuple[int, dict[str, Any]]], *, text: str, id: Any = None,
                  meta: dict[str, Any] | None = None, errors: list[str] | None = None) -> dict[str, Any]:
    """One record from the records of a text's chunks, given as ``(offset of the chunk in text, record)``.

    Every offset is shifted back into ``text`` and every token index (``head``) past the tokens of the chunks
    before; speakers of the same name and label are merged (mentions joined, quote counts added).
    """
    tokens: list[dict[str, Any]] = []
    sentences: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    speakers: dict[tuple[str, Any], dict[str, Any]] = {}
    chunk_errors: list[str] = []
    for offset, record in parts:
        base = len(tokens)
        for t in record["tokens"]:
            t = _shift_span(t, offset)
            if t["head"] is not None:
                t["head"] += base
            tokens.append(t)
        sentences.extend(_shift_span(s, offset) for s in record["sentences"])
        entities.extend(_shift_span(e, offset) for e in record["entities"])
        for q in record["quotes"]:
            q = _shift_span(q, offset)
            q["parts"] = [[a + offset, b + offset] for a, b in q["parts"]]
            if q.get("speaker"):
                q["speaker"] = dict(q["speaker"], mention=_shift_span(q["speaker"].get("mention"), offset))
            q["cue"] = _shift_span(q.get("cue"), offset)
            quotes.append(q)
        for s in record["speakers"]:
            merged = speakers.setdefault((s["name"], s["label"]),
                                         {"name": s["name"], "label": s["label"], "mentions": [], "quotes": 0})
            merged["mentions"].extend(_shift_span(m, offset) for m in s["mentions"])
            merged["quotes"] += s["quotes"]
        chunk_errors.extend(e for e in record["errors"] if e not in chunk_errors)
    return {"schema": SCHEMA_ID, "id": id, "text": text, "meta": dict(meta or {}), "sentences": sentences,
            "tokens": tokens, "entities": entities, "quotes": quotes, "speakers": list(speakers.values()),
            "errors": list(errors or []) + chunk_errors}


# --------------------------------------------------------------------------------------- annotating a batch

_PIPELINES: dict[str, Any] = {}
_PIPELINE_LOCK = threading.Lock()


def pipeline(load_kwargs: dict[str, Any] | None = None):
    """This process's pipeline for ``load(**load_kwargs)``, loaded on first use and kept (one per worker)."""
    key = json.dumps(load_kwargs or {}, sort_keys=True, default=str)
    with _PIPELINE_LOCK:
        if key not in _PIPELINES:
            from .pipeline import load

            _PIPELINES[key] = load(**(load_kwargs or {}))
        return _PIPELINES[key]


def annotate_batch(docs: list[Document], *, nlp=None, load_kwargs: dict[str, Any] | None = None,
                   batch_size: int = BATCH_SIZE, max_length: int | None = None,
                   strings_limit: int | None = DEFAULT_STRINGS_LIMIT) -> Result:
    """Annotate documents; one ``(id, failed, words, JSON line)`` per document, in order.

    Documents with read errors are passed through as error records; one that makes the pipeline fail does not
    take its batch down (the batch is redone one document at a time and only it gets ``errors``).
    ``strings_limit``: once the pipeline's string store holds that many strings, the batch runs in a spaCy memory
    zone, so a long run's vocabulary stops growing (:mod:`ukrnews_nlp.memory_zones`; None: never).
    """
    nlp = nlp if nlp is not None else pipeline(load_kwargs)
    limit = max_length or nlp.max_length
    records: list[dict[str, Any] | None] = [None] * len(docs)
    # every piece of text to run through nlp.pipe: (doc index, offset in its text, piece)
    pieces: list[tuple[int, int, str]] = []
    for n, doc in enumerate(docs):
        if not doc.ok:
            records[n] = error_record(doc)
        elif len(doc.text) <= limit:
            pieces.append((n, 0, doc.text))
        else:
            pieces.extend((n, a, doc.text[a:b]) for a, b in split_text(doc.text, limit))
    with annotation_zone(nlp, strings_limit):  # the Docs live and die inside it: only records leave
        chunks, failures = _piece_records(nlp, pieces, batch_size)
    for n, doc in enumerate(docs):
        if records[n] is not None:
            continue
        if n in failures:
            records[n] = error_record(doc, failures[n])
        elif len(chunks[n]) == 1 and chunks[n][0][0] == 0 and len(doc.text) <= limit:
            records[n] = dict(chunks[n][0][1], id=doc.id, meta=dict(doc.meta))
        else:
            records[n] = merge_records(chunks[n], text=doc.text, id=doc.id, meta=doc.meta)
    return [(r["id"], bool(r["errors"]), count_words(r["text"]) if not r["errors"] else 0, record_line(r))
            for r in records]  # type: ignore[index]


def _piece_records(nlp, pieces: list[tuple[int, int, str]], batch_size: int
                   ) -> tuple[dict[int, list[tuple[int, dict[str, Any]]]], dict[int, list[str]]]:
    """Annotate ``(document index, offset, text)`` pieces: each document's ``(offset, record)`` pieces, and the
    errors of those whose annotation failed."""
    from .record import doc_to_record

    annotated = _pipe_isolated(nlp, [p[2] for p in pieces], batch_size)
    chunks: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    failures: dict[int, list[str]] = {}
    for (n, offset, _), result in zip(pieces, annotated, strict=True):
        if isinstance(result, Exception):
            failures.setdefault(n, []).append(Errors.E613.format(reason=f"{type(result).__name__}: {result}"))
            continue
        chunks.setdefault(n, []).append((offset, doc_to_record(result)))
    return chunks, failures


def _pipe_isolated(nlp, texts: list[str], batch_size: int) -> list[Any]:
    """``nlp.pipe`` over texts; if a batch raises, its texts are redone one by one (Doc or the exception)."""
    out: list[Any] = []
    for start in range(0, len(texts), batch_size):
        batch = texts[start:start + batch_size]
        try:
            out.extend(list(nlp.pipe(batch, batch_size=batch_size)))  # all or nothing
        except Exception:
            for text in batch:
                try:
                    out.append(nlp(text))
                except Exception as exc:  # this one document is bad; report it and go on
                    out.append(exc)
    return out


# ------------------------------------------------------------------------------------------------ workers

def _watch_parent(parent: int) -> None:
    """Exit when the parent dies (e.g. killed with SIGKILL), so no orphaned worker keeps running."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


#: A pipeline the main process has loaded and warmed up; forked workers inherit it (copy-on-write).
_INHERITED: Any = None


def _init_worker(load_kwargs: dict[str, Any] | None, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if _INHERITED is None:
        pipeline(load_kwargs)  # load once, up front


def _worker_task(docs: list[Document], load_kwargs: dict[str, Any] | None, batch_size: int,
                 max_length: int | None, strings_limit: int | None = DEFAULT_STRINGS_LIMIT) -> Result:
    from .matmul import single_threaded_blas
    from .worker_gc import tune_worker_gc

    single_threaded_blas()  # every worker, of the local pool or of Dask, before its first batch; then a no-op
    tune_worker_gc()  # likewise (a forked worker has its parent's settings already)
    return annotate_batch(docs, nlp=_INHERITED, load_kwargs=load_kwargs, batch_size=batch_size,
                          max_length=max_length, strings_limit=strings_limit)


def _mp_context():
    # fork starts workers fastest; the parent has not loaded the pipeline, so there is little to copy
    return mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")


# ---------------------------------------------------------------------------------------------- progress

class Progress:
    """A one-line progress display on stderr: documents (of total), words/s, ETA. Silent when disabled."""

    def __init__(self, total: int | None = None, *, enabled: bool | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = total
        self.docs = 0
        self.words = 0
        self.started = time.monotonic()
        self._shown = 0.0

    def update(self, docs: int, words: int) -> None:
        self.docs += docs
        self.words += words
        now = time.monotonic()
        if self.enabled and now - self._shown >= 0.25:
            self._shown = now
            self.stream.write("\r" + self.line() + "\x1b[K")
            self.stream.flush()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.words / elapsed
        done = f"{self.docs:,}" + (f"/{self.total:,}" if self.total else "")
        eta = ""
        if self.total and self.docs:
            left = max(self.total - self.docs, 0) * elapsed / self.docs
            eta = f"  ETA {_clock(left)}"
        return f"{done} docs  {rate:,.0f} words/s  {_clock(elapsed)}{eta}"

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + self.line() + "\x1b[K\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


# --------------------------------------------------------------------------------------------- the runner

@dataclass
class Summary:
    """What a run did: documents annotated (ok), failed (records with errors), skipped (done before a resume)."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    words: int = 0
    seconds: float = 0.0
    failures: list[tuple[Any, str]] = field(default_factory=list)  # the first few (id, first error)

    @property
    def docs(self) -> int:
        return self.ok + self.failed

    def line(self) -> str:
        rate = self.words / self.seconds if self.seconds else 0.0
        skipped = f", {self.skipped:,} already done" if self.skipped else ""
        return (f"{self.docs:,} documents: {self.ok:,} ok, {self.failed:,} failed{skipped}; "
                f"{self.words:,} words in {self.seconds:.1f} s ({rate:,.0f} words/s)")


#: submit(function, *args) → a future with .result(); concurrent.futures and Dask both fit.
Submit = Callable[..., Any]


def _tasks(documents: Iterable[Document], done: set, batch_size: int, summary: Summary) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in documents:
        if doc.id in done:
            summary.skipped += 1
            continue
        batch.append(doc)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_corpus(documents: Iterable[Document], sink: RecordSink, *, workers: int = 1, batch_size: int = BATCH_SIZE,
               load_kwargs: dict[str, Any] | None = None, max_length: int | None = None,
               progress: Progress | None = None, submit: Submit | None = None, window: int | None = None,
               nlp=None, warmup_words: int = WARMUP_WORDS,
               strings_limit: int | None = DEFAULT_STRINGS_LIMIT) -> Summary:
    """Annotate ``documents`` into ``sink``, skipping ids the sink already has (resume); returns a Summary.

    workers: 1 runs in this process; more start that many processes, each loading ``load(**load_kwargs)`` once.
    submit: run tasks elsewhere instead (``ukrnews_nlp.dask`` passes a Dask client's submit); ``window`` is how
    many tasks may be in flight (default: twice the workers). ``nlp``: an already loaded pipeline to use here.
    warmup_words: with several local workers on Linux, the main process first annotates this many words itself,
    then forks the workers, which inherit its loaded pipeline and its warm caches (word analyses, lemmas) instead
    of each loading and warming their own; 0 forks them at once.
    strings_limit: past this many strings in a process's vocabulary, its batches run in memory zones, so the
    vocabulary stops growing however long the run (:mod:`ukrnews_nlp.memory_zones`; 0: every batch; None: never).
    Output is in input order whatever the workers. The sink is closed (output finished) on success and left
    resumable on an exception or interrupt.
    """
    if workers < 1:
        raise UserError(Errors.E616.format(option="workers", value=workers))
    if batch_size < 1:
        raise UserError(Errors.E616.format(option="batch-size", value=batch_size))
    check_strings_limit(strings_limit)
    summary = Summary()
    progress = progress or Progress(enabled=False)
    started = time.monotonic()
    tasks = _tasks(documents, sink.done, batch_size, summary)
    executor = None
    global _INHERITED

    def local(nlp_here, budget: float) -> Iterator[Result]:
        """Tasks run in this process until ``budget`` words are done."""
        done = 0
        while done < budget:
            task = next(tasks, None)
            if task is None:
                return
            result = annotate_batch(task, nlp=nlp_here, batch_size=batch_size, max_length=max_length,
                                    strings_limit=strings_limit)
            done += sum(r[2] for r in result)
            yield result

    def remote(task: list[Document]) -> tuple:
        """A task for a worker process or a Dask worker: the function and its arguments."""
        return (_worker_task, task, load_kwargs, batch_size, max_length, strings_limit)

    def pooled() -> Iterator[Result]:
        nonlocal executor
        global _INHERITED
        fork = _mp_context().get_start_method() == "fork"
        if fork and warmup_words > 0:
            # annotate the first documents here, then fork: the workers share this pipeline and its caches
            warm_nlp = nlp if nlp is not None else pipeline(load_kwargs)
            yield from local(warm_nlp, warmup_words)
            _INHERITED = warm_nlp
        executor = ProcessPoolExecutor(workers, mp_context=_mp_context(), initializer=_init_worker,
                                       initargs=(load_kwargs, os.getpid()))
        yield from _ordered(executor.submit, tasks, window or 2 * workers, remote)

    try:
        if submit is not None:
            results: Iterator[Result] = _ordered(submit, tasks, window or 2 * workers, remote)
        elif workers > 1:
            results = pooled()
        else:
            results = local(nlp if nlp is not None else pipeline(load_kwargs), float("inf"))
        for result in results:
            sink.write_lines([line for _, _, _, line in result])
            for doc_id, failed, words, line in result:
                if failed:
                    summary.failed += 1
                    if len(summary.failures) < 20:
                        summary.failures.append((doc_id, json.loads(line)["errors"][0]))
                else:
                    summary.ok += 1
                    summary.words += words
            progress.update(len(result), sum(r[2] for r in result))
    except BaseException:
        sink.abandon()
        progress.close()
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        _INHERITED = None
    if executor is not None:
        executor.shutdown()
    sink.close()
    progress.close()
    summary.seconds = time.monotonic() - started
    return summary


def _ordered(submit: Submit, tasks: Iterator[list[Document]], window: int,
             call: Callable[[list[Document]], tuple]) -> Iterator[Result]:
    """Results of the tasks in order, with at most ``window`` tasks in flight (memory stays flat)."""
    pending: deque = deque()
    for task in tasks:
        pending.append(submit(*call(task)))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
