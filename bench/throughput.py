"""Throughput benchmark: words/s and peak memory of the pipeline on the NER-UK 2.0 texts.

Each configuration runs in a fresh process (so peak RSS is its own) over the same texts:
  blank        spaCy's stock ``spacy.blank("uk")`` (its tokenizer only)
  tokenizer    our tokenizer only
  rules        ``load(models=False)``: tokenizer, sentences and the rule components
  core         ``load(models=["core"])`` without the entity and quote components: tokenizer, sentences,
               tagger, parser, lemmatizers, punctuation heads, word features (the morphology-and-syntax job)
  full         ``load()``: everything shipped in models/
  core-transition, full-transition   the same with ``load(parser="transition")``: spaCy's transition parser
               instead of the graph parser (faster, less accurate)
and the full pipeline's time is broken down per component. Times are CPU seconds of the measuring process
(single-threaded, numpy's BLAS limited to one thread and the garbage collector set as in corpus workers:
:func:`ukrnews_nlp.worker_gc.tune_worker_gc`; ``--gc default`` keeps Python's settings, as in a notebook), so
a busy machine does not distort them; the wall-clock rate is printed beside. The same runs on a shared virtual
machine still vary by ±10 %: ``--repeat N`` runs every configuration N times, interleaved, and reports the
fastest run with the range.
Words are whitespace-separated strings of the input, so every configuration is measured in the same unit.
The speed of the core itself (float32 products, plain Python, memory copy) is measured before and after the runs
and printed with them: this shared machine drifts by tens of percent within hours.

    python bench/throughput.py --data-dir ../shared/data [--configs blank tokenizer full] [--limit 0]
                               [--matmul int8|numpy|blis] [--gc worker|default] [--repeat 3]
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import time
from pathlib import Path

CONFIGS = ("blank", "tokenizer", "rules", "core", "full", "core-transition", "full-transition")
#: Components that build on NER, left out of the ``core`` configuration.
NER_COMPONENTS = ["ukrnews_entity_rules", "ukrnews_entity_normalizer", "ukrnews_quotes"]


def read_texts(data_dir: Path, limit: int) -> list[str]:
    folder = data_dir / "ner-uk-2.0" / "data"
    if not folder.is_dir():
        sys.exit(f"bench: {folder} not found; pass --data-dir pointing at the shared data folder")
    paths = sorted(folder.glob("*/*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return texts[:limit] if limit else texts


def build(config: str, matmul: str = "int8"):
    import spacy

    import ukrnews_nlp

    if config == "blank":
        return spacy.blank("uk")
    if config == "tokenizer":
        nlp = ukrnews_nlp.load(models=False)
        for name in list(nlp.pipe_names):
            nlp.remove_pipe(name)
        return nlp
    config, _, parser = config.partition("-")
    parser = parser or "graph"
    if config == "core":
        return ukrnews_nlp.load(models=["core"], exclude=NER_COMPONENTS, matmul=matmul, parser=parser)
    return ukrnews_nlp.load(models=config == "full", matmul=matmul, parser=parser)


def machine_speed(queue) -> None:
    """Run in a child process: this core's speed now, on the two kinds of work the pipeline does (this shared
    machine's speed drifts by tens of percent within hours, so the figures come with it): float32 products
    (numpy's BLAS, one thread; GFLOP/s), plain Python (dictionary look-ups and string slicing; million
    steps/s) and memory (a 128 MB copy; GB/s read and written). Best of 5 tries each."""
    import numpy

    from ukrnews_nlp.matmul import single_threaded_blas

    single_threaded_blas()
    rng = numpy.random.default_rng(0)
    X, W = rng.standard_normal((8192, 384), dtype="float32"), rng.standard_normal((384, 384), dtype="float32")
    out = numpy.empty((8192, 384), dtype="float32")
    best_product = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(10):
            numpy.dot(X, W, out=out)
        best_product = min(best_product, time.perf_counter() - started)
    words = [f"слово{i}" for i in range(1000)]
    table = {w: i for i, w in enumerate(words)}
    best_python = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for _ in range(200):
            for w in words:
                total += table[w] + len(w[:3])
        best_python = min(best_python, time.perf_counter() - started)
    source = numpy.ones(32 * 1024 * 1024, dtype="float32")
    target = numpy.empty_like(source)
    best_copy = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        numpy.copyto(target, source)
        best_copy = min(best_copy, time.perf_counter() - started)
    from threadpoolctl import threadpool_info

    kernel = ", ".join(f"{i.get('internal_api')} {i.get('architecture')}" for i in threadpool_info()
                       if i.get("user_api") == "blas")
    queue.put((10 * 2 * 8192 * 384 * 384 / best_product / 1e9, 200 * len(words) / best_python / 1e6,
               2 * source.nbytes / best_copy / 1e9, kernel))


def measure(config: str, texts: list[str], batch_size: int, matmul: str, worker_gc: bool, queue) -> None:
    """Run in a child process: time nlp over texts, per component, and report peak RSS."""
    from ukrnews_nlp.matmul import single_threaded_blas
    from ukrnews_nlp.worker_gc import tune_worker_gc

    single_threaded_blas()  # one core per process, as corpus workers run
    started = time.perf_counter()
    nlp = build(config, matmul)
    load_seconds = time.perf_counter() - started
    if worker_gc:
        tune_worker_gc()  # the garbage collector as corpus workers set it
    per_component: dict[str, float] = {}  # CPU seconds of this process
    wall = time.perf_counter()
    t0 = time.process_time()
    docs = [nlp.make_doc(t) for t in texts]
    per_component["tokenizer"] = time.process_time() - t0
    for name, proc in nlp.pipeline:
        t0 = time.process_time()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(d) for d in docs]
        per_component[name] = time.process_time() - t0
    wall = time.perf_counter() - wall
    seconds = sum(per_component.values())
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"config": config, "seconds": seconds, "wall": wall, "load_seconds": load_seconds, "rss_mb": rss_mb,
               "per_component": per_component, "pipe_names": list(nlp.pipe_names),
               "tokens": sum(len(d) for d in docs)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--configs", nargs="+", choices=CONFIGS, default=list(CONFIGS[:5]))
    parser.add_argument("--limit", type=int, default=0, help="use only the first N texts (0: all 560)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--matmul", choices=("int8", "numpy", "blis"), default="int8",
                        help="load(matmul=...): the large products in 8-bit integers (default, as load()), numpy's "
                             "BLAS all float32, or thinc's BLIS, to compare")
    parser.add_argument("--gc", choices=("worker", "default"), default="worker",
                        help="the garbage collector as corpus workers set it (default) or Python's defaults")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per configuration, interleaved; the fastest is reported, with the range")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    texts = read_texts(args.data_dir, args.limit)
    words = sum(len(t.split()) for t in texts)
    chars = sum(len(t) for t in texts)
    print(f"NER-UK 2.0 texts: {len(texts)} documents, {words:,} words, {chars:,} characters; 1 process; "
          f"matmul={args.matmul}; gc={args.gc}")
    ctx = mp.get_context("spawn")

    def check_machine() -> tuple[float, float, float, str]:
        queue = ctx.Queue()
        proc = ctx.Process(target=machine_speed, args=(queue,))
        proc.start()
        speed = queue.get()
        proc.join()
        return speed

    machine_before = check_machine()
    runs: dict[str, list[dict]] = {config: [] for config in args.configs}
    for _ in range(args.repeat):  # interleaved, so that a slow spell of the machine hits every configuration
        for config in args.configs:
            queue = ctx.Queue()
            proc = ctx.Process(target=measure, args=(config, texts, args.batch_size, args.matmul,
                                                          args.gc == "worker", queue))
            proc.start()
            runs[config].append(queue.get())
            proc.join()
    machine_after = check_machine()
    results = {config: min(found, key=lambda r: r["seconds"]) for config, found in runs.items()}
    print(f"\n{'config':<10} {'words/s':>12} {'CPU s':>8} {'wall w/s':>10} {'peak RSS MB':>12} {'load s':>7}"
          "  components")
    for config, r in results.items():
        print(f"{config:<10} {words / r['seconds']:>12,.0f} {r['seconds']:>8.2f} {words / r['wall']:>10,.0f} "
              f"{r['rss_mb']:>12.0f} {r['load_seconds']:>7.2f}  {', '.join(r['pipe_names']) or '-'}")
    if args.repeat > 1:
        print(f"fastest of {args.repeat} runs each; range of words/s: " + "; ".join(
            f"{config} {words / max(r['seconds'] for r in found):,.0f}–{words / min(r['seconds'] for r in found):,.0f}"
            for config, found in runs.items()))
    print("words/s = words / CPU seconds of the one process (what an idle core gives); wall w/s = the same by the "
          f"clock, lower when other work shares the machine (load average now: {os.getloadavg()[0]:.1f})")
    print(f"machine (one core), before / after the runs: float32 products {machine_before[0]:.0f} / "
          f"{machine_after[0]:.0f} GFLOP/s, plain Python {machine_before[1]:.1f} / {machine_after[1]:.1f} million "
          f"steps/s, memory copy {machine_before[2]:.0f} / {machine_after[2]:.0f} GB/s (compare runs of different "
          "hours or machines with these)")
    forced = {name: os.environ.get(name, "") for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    print(f"BLAS kernel: {machine_before[3] or 'unknown'} ({', '.join(f'{k}={v!r}' for k, v in forced.items())}: an "
          "older kernel forced by the environment multiplies about half as fast as OpenBLAS's own choice on AVX-512 "
          "machines)")
    if "blank" in results and "tokenizer" in results:
        ratio = results["blank"]["seconds"] / results["tokenizer"]["seconds"]
        print(f"\nour tokenizer vs spacy.blank('uk'): {ratio:.2f}× the speed")
    base = results.get("tokenizer") or results.get("blank")
    for config in ("rules", "core", "full"):
        if config in results and base:
            print(f"{config} pipeline vs tokenizer alone: {base['seconds'] / results[config]['seconds']:.3f}× "
                  f"the speed ({results[config]['seconds'] / base['seconds']:.1f}× the time)")
    for config in ("full", "core", "rules"):
        if config in results:
            r = results[config]
            print(f"\nper component ({config} pipeline):")
            for name, sec in r["per_component"].items():
                print(f"  {name:<28} {sec:8.2f} s  {100 * sec / r['seconds']:5.1f} %  {words / sec:>12,.0f} words/s")
            break


if __name__ == "__main__":
    main()
