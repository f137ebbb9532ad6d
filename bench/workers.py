"""Corpus throughput with 1 and 2 worker processes: words/s of ``run_corpus`` on the NER-UK 2.0 texts.

The run is the one ``ukrnews-nlp annotate DIR -o OUT.jsonl --workers N`` does (reading, annotating, writing
JSON lines); words are whitespace-separated strings of the input. Two figures per run: end to end (with worker
start-up and pipeline loading) and steady state (after each worker has returned its first batch). Each
worker count runs in a fresh process, so no run inherits a loaded pipeline from another.

    python bench/workers.py --data-dir ../shared/data [--workers 1 2] [--rules-only] [--repeat 1]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
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


def documents(data_dir: Path, repeat: int, half: int | None = None):
    from ukrnews_nlp.io import Document

    folder = data_dir / "ner-uk-2.0" / "data"
    if not folder.is_dir():
        sys.exit(f"bench: {folder} not found; pass --data-dir pointing at the shared data folder")
    paths = sorted(folder.glob("*/*.txt"))
    texts = [(p.relative_to(folder).as_posix(), p.read_text(encoding="utf-8")) for p in paths]
    docs = [Document(f"{name}#{r}", text) for r in range(repeat) for name, text in texts]
    return docs if half is None else docs[half::2]  # every other text: two halves of the same corpus


def cpu_seconds() -> tuple[float, float]:
    """CPU time (user + system) of this process and of its finished child processes (the workers)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def run(docs, workers: int, batch_size: int, load_kwargs: dict) -> dict:
    from ukrnews_nlp.batch import run_corpus
    from ukrnews_nlp.io import RecordSink

    with tempfile.TemporaryDirectory() as tmp:
        timeline = Timeline()
        cpu_before = cpu_seconds()
        started = time.perf_counter()
        summary = run_corpus(docs, RecordSink(Path(tmp) / "out.jsonl"), workers=workers, batch_size=batch_size,
                             load_kwargs=load_kwargs, progress=timeline)
        wall = time.perf_counter() - started
        cpu_after = cpu_seconds()  # the workers have exited: their CPU time is in RUSAGE_CHILDREN
    if summary.failed:
        print(f"  warning: {summary.failed} documents failed", file=sys.stderr)
    parent = cpu_after[0] - cpu_before[0]
    children = cpu_after[1] - cpu_before[1]
    return {"total": summary.words / wall, "steady": timeline.steady_rate(workers), "words": summary.words,
            "wall": wall, "cpu_parent": parent, "cpu_workers": children}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=1, help="pass over the texts this many times")
    parser.add_argument("--rules-only", action="store_true", help="load(models=False)")
    parser.add_argument("--check-machine", action="store_true",
                        help="also run the two halves of the texts in two independent processes at once")
    parser.add_argument("--only", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--half", type=int, choices=(0, 1), help=argparse.SUPPRESS)  # half the texts (machine check)
    args = parser.parse_args()
    load_kwargs = {"models": False} if args.rules_only else {}

    if args.only:
        docs = documents(args.data_dir, args.repeat, args.half)
        print(json.dumps(run(docs, args.only, args.batch_size, load_kwargs)))
        return 0

    docs = documents(args.data_dir, args.repeat)
    import ukrnews_nlp

    print(f"pipeline: {', '.join(ukrnews_nlp.load(**load_kwargs).pipe_names)}")
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
        cmd = [sys.executable, __file__, "--data-dir", str(args.data_dir), "--batch-size", str(args.batch_size),
               "--repeat", str(args.repeat), "--only", str(workers)] + (["--rules-only"] if args.rules_only else [])
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        results[workers] = result
        cpu = result["cpu_parent"] + result["cpu_workers"]
        print(f"workers={workers}: {result['total']:,.0f} words/s end to end, {result['steady']:,.0f} words/s "
              f"steady; wall {result['wall']:.1f} s, CPU {cpu:.1f} s (main process {result['cpu_parent']:.1f} s, "
              f"workers {result['cpu_workers']:.1f} s)")
    if 1 in results:
        one = results[1]
        for workers, r in results.items():
            if workers == 1:
                continue
            # What the same CPU work would take on `workers` idle cores: the workers share the annotation, and
            # the main process's own CPU (warm-up before the fork, reading, writing) is counted as if serial,
            # so this is a conservative estimate.
            idle_wall = r["cpu_parent"] + r["cpu_workers"] / workers
            idle_one = one["cpu_parent"] + one["cpu_workers"]
            print(f"ratio {workers}/1 workers: {r['total'] / one['total']:.2f}x end to end, "
                  f"{r['steady'] / one['steady']:.2f}x steady (wall clock, as measured); "
                  f"{idle_one / idle_wall:.2f}x expected on {workers} idle cores from the CPU times")
    if args.check_machine and 1 in results:
        # The best any two processes can do here: each half of the corpus in its own independent process, at once.
        cmd = [sys.executable, __file__, "--data-dir", str(args.data_dir), "--batch-size", str(args.batch_size),
               "--repeat", str(args.repeat), "--only", "1"] + (["--rules-only"] if args.rules_only else [])
        procs = [subprocess.Popen(cmd + ["--half", str(h)], stdout=subprocess.PIPE, text=True) for h in (0, 1)]
        pair = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
        wall = max(p["wall"] for p in pair)
        together = sum(p["words"] for p in pair) / wall
        cpu_pair = sum(p["cpu_parent"] for p in pair)
        one = results[1]
        print(f"machine check: the two halves of the texts in two independent processes at once: "
              f"{together:,.0f} words/s, {together / one['total']:.2f}x one process alone; "
              f"CPU {cpu_pair:.1f} s together against {one['cpu_parent']:.1f} s for one process "
              f"({cpu_pair / one['cpu_parent'] - 1:+.0%}: two processes at once on this machine, and each "
              f"warming its own caches)")
        for workers, r in results.items():
            if workers == 2:
                print(f"2 workers against the independent halves: {r['total'] / together:.2f}x their words/s, "
                      f"CPU {r['cpu_parent'] + r['cpu_workers']:.1f} s against {cpu_pair:.1f} s")
    try:
        load = os.getloadavg()
        print(f"load average after: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
