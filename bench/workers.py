"""Corpus throughput with 1 and 2 worker processes: words/s of ``run_corpus`` on the NER-UK 2.0 texts.

The run is the one ``ukrnews-nlp annotate DIR -o OUT.jsonl --workers N`` does (reading, annotating, writing
JSON lines); words are whitespace-separated strings of the input. Two figures per run: end to end (with worker
start-up and pipeline loading) and steady state (after each worker has returned its first batch).

    python bench/workers.py --data-dir ../shared/data [--workers 1 2] [--rules-only] [--repeat 1]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")


class Timeline:
    """A Progress stand-in that records (time, words) for every batch written."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.points: list[tuple[float, int]] = []

    def update(self, docs: int, words: int) -> None:
        self.points.append((time.monotonic(), words))

    def close(self) -> None:
        pass

    def steady_rate(self, skip: int) -> float:
        """Words/s over the batches after the first ``skip`` (start-up excluded)."""
        if len(self.points) <= skip + 1:
            return float("nan")
        t0 = self.points[skip][0]
        words = sum(w for _, w in self.points[skip + 1:])
        return words / max(self.points[-1][0] - t0, 1e-9)


def documents(data_dir: Path, repeat: int):
    from ukrnews_nlp.io import Document

    folder = data_dir / "ner-uk-2.0" / "data"
    if not folder.is_dir():
        sys.exit(f"bench: {folder} not found; pass --data-dir pointing at the shared data folder")
    paths = sorted(folder.glob("*/*.txt"))
    texts = [(p.relative_to(folder).as_posix(), p.read_text(encoding="utf-8")) for p in paths]
    return [Document(f"{name}#{r}", text) for r in range(repeat) for name, text in texts]


def run(docs, workers: int, batch_size: int, load_kwargs: dict) -> tuple[float, float, int]:
    from ukrnews_nlp.batch import run_corpus
    from ukrnews_nlp.io import RecordSink

    with tempfile.TemporaryDirectory() as tmp:
        timeline = Timeline()
        started = time.perf_counter()
        summary = run_corpus(docs, RecordSink(Path(tmp) / "out.jsonl"), workers=workers, batch_size=batch_size,
                             load_kwargs=load_kwargs, progress=timeline)
        wall = time.perf_counter() - started
    if summary.failed:
        print(f"  warning: {summary.failed} documents failed", file=sys.stderr)
    return summary.words / wall, timeline.steady_rate(workers), summary.words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=1, help="pass over the texts this many times")
    parser.add_argument("--rules-only", action="store_true", help="load(models=False)")
    args = parser.parse_args()

    docs = documents(args.data_dir, args.repeat)
    load_kwargs = {"models": False} if args.rules_only else {}
    import ukrnews_nlp

    nlp = ukrnews_nlp.load(**load_kwargs)
    print(f"pipeline: {', '.join(nlp.pipe_names)}")
    del nlp
    try:
        load = os.getloadavg()
        print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
              f"(1/5/15 min) before the runs")
    except OSError:
        pass
    print(f"{len(docs)} NER-UK 2.0 texts, {sum(len(d.text.split()) for d in docs):,} words, "
          f"batch size {args.batch_size}")
    results = {}
    for workers in args.workers:
        total, steady, words = run(docs, workers, args.batch_size, load_kwargs)
        results[workers] = (total, steady)
        print(f"workers={workers}: {total:,.0f} words/s end to end, {steady:,.0f} words/s steady")
    if 1 in results:
        for workers, (total, steady) in results.items():
            if workers != 1:
                print(f"ratio {workers}/1 workers: {total / results[1][0]:.2f}x end to end, "
                      f"{steady / results[1][1]:.2f}x steady")
    try:
        load = os.getloadavg()
        print(f"load average after: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
