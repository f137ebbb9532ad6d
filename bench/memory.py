"""Memory over a long run: process memory and string store size of one corpus worker, with and without memory zones.

The worker annotates raw-uk texts (news, fiction, essays, technical documents, speeches and legislation, four lines
a text, the sources interleaved until each runs out: after about 4 million words only legislation is left) batch by
batch as ``ukrnews-nlp annotate`` does (``annotate_batch``: records as JSON lines, then discarded), once with
``--max-strings LIMIT`` and once with memory zones off, each in a fresh process. Every CHECKPOINT words it prints the
resident memory (MB) and the strings in the vocabulary; at the end, words/s of each run (CPU time of the process)
and their ratio. The memos (word analyses, lemmas, vectors, tok2vec rows) grow too until they reach their fixed
sizes; the string store and its lexemes grow for good unless zones stop them.

    python bench/memory.py --data-dir ../shared/data [--words 2000000] [--limit 150000] [--checkpoint 250000]
                           [--jobs 2]
"""
from __future__ import annotations

import argparse
import json
import lzma
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
SOURCES = ("uk_news_korrespondent", "uk_fiction_eltec", "uk_essays_uagec", "uk_techdocs", "uk_speeches_resistinua",
           "uk_legal_zakon")
LINES_PER_TEXT = 4


def texts(data_dir: Path, words: int) -> list[str]:
    """Texts of LINES_PER_TEXT lines from each source in turn, up to ``words`` whitespace-separated words."""
    folder = data_dir / "raw-uk"
    if not all((folder / f"{s}.txt.xz").is_file() for s in SOURCES):
        sys.exit(f"bench: the raw-uk files are not in {folder}; pass --data-dir pointing at the shared data folder")
    handles = [lzma.open(folder / f"{s}.txt.xz", "rt", encoding="utf-8") for s in SOURCES]
    out: list[str] = []
    total = 0
    try:
        while total < words and handles:
            for handle in list(handles):
                lines = [line.rstrip("\n") for _, line in zip(range(LINES_PER_TEXT), handle, strict=False)]
                if len(lines) < LINES_PER_TEXT:
                    handles.remove(handle)
                    continue
                out.append("\n".join(lines))
                total += sum(len(line.split()) for line in lines)
                if total >= words:
                    break
    finally:
        for handle in handles:
            handle.close()
    return out


def resident_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run(data_dir: Path, words: int, limit: int | None, checkpoint: int) -> None:
    """One run in this process: a JSON line per checkpoint, then one with the totals."""
    from ukrnews_nlp.batch import annotate_batch, pipeline
    from ukrnews_nlp.io import Document
    from ukrnews_nlp.worker_gc import tune_worker_gc

    corpus = texts(data_dir, words)
    nlp = pipeline({})
    tune_worker_gc()
    done, next_mark = 0, checkpoint
    cpu = time.process_time()
    for start in range(0, len(corpus), 32):
        batch = [Document(str(k), t) for k, t in enumerate(corpus[start:start + 32], start)]
        done += sum(r[2] for r in annotate_batch(batch, nlp=nlp, strings_limit=limit))
        if done >= next_mark or start + 32 >= len(corpus):
            print(json.dumps({"words": done, "rss": resident_mb(), "strings": len(nlp.vocab.strings)}), flush=True)
            next_mark += checkpoint
    print(json.dumps({"done": done, "cpu": time.process_time() - cpu}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--words", type=int, default=2_000_000, help="words to annotate in each run")
    parser.add_argument("--limit", type=int, default=150_000, help="--max-strings of the run with zones")
    parser.add_argument("--checkpoint", type=int, default=250_000, help="words between two measurements")
    parser.add_argument("--jobs", type=int, choices=(1, 2), default=1,
                        help="2: both runs at once (words/s are CPU time of each, so they still compare)")
    parser.add_argument("--child", choices=("zones", "off"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run(args.data_dir, args.words, args.limit if args.child == "zones" else None, args.checkpoint)
        return
    children = {}
    results = {}
    for config in ("off", "zones"):
        cmd = [sys.executable, __file__, "--child", config, "--data-dir", str(args.data_dir), "--words",
               str(args.words), "--limit", str(args.limit), "--checkpoint", str(args.checkpoint)]
        children[config] = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        if args.jobs == 1:  # one after the other: neither run shares the machine with the other
            results[config] = [json.loads(line) for line in children[config].communicate()[0].splitlines()]
    for config, child in children.items():
        if config not in results:
            results[config] = [json.loads(line) for line in child.communicate()[0].splitlines()]
        if child.returncode:
            sys.exit(f"bench: the {config} run failed (exit status {child.returncode})")
    points = {c: [p for p in r if "rss" in p] for c, r in results.items()}
    totals = {c: r[-1] for c, r in results.items()}
    print(f"raw-uk texts ({', '.join(SOURCES)}), {LINES_PER_TEXT} lines each; one process each run, the full "
          f"pipeline; zones past {args.limit:,} strings")
    print(f"{'words':>10} {'RSS off MB':>11} {'RSS zones':>10} {'strings off':>12} {'strings zones':>14}")
    for off, on in zip(points["off"], points["zones"], strict=False):
        print(f"{off['words']:>10,} {off['rss']:>11,.0f} {on['rss']:>10,.0f} {off['strings']:>12,} "
              f"{on['strings']:>14,}")
    rates = {c: t["done"] / t["cpu"] for c, t in totals.items()}
    print(f"words/s (CPU): off {rates['off']:,.0f}, zones {rates['zones']:,.0f} "
          f"(zones / off = {rates['zones'] / rates['off']:.3f})")
    first, last = points["zones"][0], points["zones"][-1]
    print(f"growth after the first checkpoint: off {points['off'][-1]['rss'] - points['off'][0]['rss']:+,.0f} MB, "
          f"zones {last['rss'] - first['rss']:+,.0f} MB")


if __name__ == "__main__":
    main()
