"""Command-line interface: thin argument parsing over the library's modules.

Sub-commands of ``evaluate`` and ``train`` live in their own modules, registered below by name. Each such
module defines ``configure_parser(parser: argparse.ArgumentParser) -> None`` and
``run(args: argparse.Namespace) -> int``; importing happens only when the sub-command is used.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .errors import Errors, UserError
from .evaluation import non_negative_int
from .matmul import MATMUL_BACKENDS
from .memory_zones import DEFAULT_STRINGS_LIMIT
from .pipeline import PARSERS

#: ``ukrnews-nlp evaluate NAME`` → module implementing it.
EVALUATIONS: dict[str, tuple[str, str]] = {
    "ud": ("ukrnews_nlp.evaluation.ud", "tokens, sentences, UPOS, UFeats, lemmas, UAS, LAS on UD Ukrainian-IU"),
    "bruk": ("ukrnews_nlp.evaluation.bruk", "lemma and POS accuracy on the BRUK test files"),
    "ner": ("ukrnews_nlp.evaluation.ner", "entity P/R/F1 per type on NER-UK TEST"),
    "quotes": ("ukrnews_nlp.evaluation.quotes", "quote detection and attribution on quotes-uk-dev"),
}
#: ``ukrnews-nlp train NAME`` → module implementing it.
TRAININGS: dict[str, tuple[str, str]] = {
    "core": ("ukrnews_nlp.training.core", "tagger, parser and lemmatizer on UD-IU (zoloto) data"),
    "ner": ("ukrnews_nlp.training.ner", "named-entity recognizer on NER-UK 2.0 DEV"),
    "graph-parser": ("ukrnews_nlp.training.graph_parser",
                     "graph parser (BiLSTM, biaffine) over the core model's features; needs torch"),
    "pretrain": ("ukrnews_nlp.training.pretrain", "core tok2vec pretrained on raw-uk text (for train core)"),
}

OUTPUT_FORMATS = ("jsonl", "json", "conllu", "parquet", "csv")
INPUT_FORMATS = ("auto", "txt", "jsonl", "json", "csv", "tsv", "html")

DESCRIPTION = """\
Annotate Ukrainian news text: tokens, sentences, lemmas, morphology, syntax, named entities and quotes.

examples:
  ukrnews-nlp annotate examples/lukashenko.txt              # one JSON record per line to stdout
  ukrnews-nlp annotate article.txt -o article.json --format json
  cat article.txt | ukrnews-nlp annotate - -o out.jsonl
  ukrnews-nlp annotate corpus/ news.jsonl.gz -o out.jsonl --workers 2 --resume
  ukrnews-nlp annotate 'pages/**/*.html' -o tables/ --format parquet
  ukrnews-nlp stats out.jsonl                               # top speakers and entities
  ukrnews-nlp evaluate ud --data-dir ../shared/data         # accuracy on UD Ukrainian-IU test
"""


def read_text(path: str) -> str:
    """The text of ``path`` (``-`` for standard input), strictly UTF-8, with a clear error otherwise."""
    from pathlib import Path


    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        p = Path(path)
        if p.is_dir():
            raise UserError(Errors.E002.format(path=path))
        if not p.is_file():
            raise UserError(Errors.E001.format(path=path))
        data = p.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from .io.readers import utf8_error

        raise UserError(utf8_error(data, exc, path)) from None


def _single_document(args: argparse.Namespace) -> bool:
    """One plain text (a file or stdin): read strictly, so a bad input is a one-line error (exit 2)."""
    from .io.readers import split_suffixes

    if len(args.inputs) != 1 or args.input_format not in ("auto", "txt"):
        return False
    path = args.inputs[0]
    if path == "-":
        return True
    import glob
    from pathlib import Path

    if not Path(path).exists():
        return not glob.has_magic(path)  # a missing file: "No such file"; a glob: the corpus reader expands it
    return Path(path).is_file() and split_suffixes(path) == ("txt", None)


def _documents(args: argparse.Namespace):
    from .io.readers import Document, check_text, clean_scraped_text, read_documents

    if _single_document(args):
        path = args.inputs[0]
        text = read_text(path)
        if args.clean:
            text = clean_scraped_text(text)
        doc_id = args.id if args.id is not None else (None if path == "-" else path)
        errors = check_text(text, max_chars=args.max_chars)
        return [Document(doc_id, "" if errors and text.strip() else text, {}, errors)], 1
    if args.id is not None:
        raise UserError(Errors.E622)
    docs = read_documents(args.inputs, input_format=args.input_format, text_field=args.text_field,
                          id_field=args.id_field, max_chars=args.max_chars, clean=args.clean)
    return docs, None


def _count_documents(args: argparse.Namespace) -> int | None:
    """Documents in the inputs, for the progress bar's ETA; None when it cannot be told cheaply."""
    from .io.readers import expand_inputs, split_suffixes

    total = 0
    for path, _ in expand_inputs(args.inputs, input_format=args.input_format):
        fmt, compression = split_suffixes(path) if path != "-" else (None, None)
        fmt = fmt if args.input_format == "auto" else args.input_format
        if path == "-" or compression or fmt == "json":
            return None
        if fmt in ("txt", "html"):
            total += 1
            continue
        with open(path, "rb") as f:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
        total += lines - (1 if fmt in ("csv", "tsv") else 0)
    return total


def cmd_annotate(args: argparse.Namespace) -> int:
    from .batch import Progress, run_corpus
    from .io.writers import RecordSink, format_for_path

    fmt = args.format or (format_for_path(args.output) if args.output not in (None, "-") else "jsonl")
    documents, total = _documents(args)
    sink = RecordSink(args.output, format=fmt, resume=args.resume)
    show = not args.quiet and sys.stderr.isatty()
    if show and total is None:
        total = _count_documents(args)
    progress = Progress(max(total - len(sink.done), 0) if total is not None else None, enabled=show)
    load_kwargs = {"models": False} if args.rules_only else {"parser": args.parser, "matmul": args.matmul}
    try:
        if args.engine == "dask":
            from .dask import run_dask

            summary = run_dask(documents, sink, scheduler=args.scheduler, workers=args.workers,
                               batch_size=args.batch_size, load_kwargs=load_kwargs, max_length=args.max_length,
                               progress=progress, strings_limit=args.max_strings)
        else:
            summary = run_corpus(documents, sink, workers=args.workers, batch_size=args.batch_size,
                                 load_kwargs=load_kwargs, max_length=args.max_length, progress=progress,
                                 strings_limit=args.max_strings)
    except KeyboardInterrupt:
        if sink.out is not None:
            print(f"ukrnews-nlp: stopped; {sink.count:,} records are in {sink.journal}. Run the same command "
                  f"with --resume to continue.", file=sys.stderr)
        raise
    if not args.quiet:
        print(f"ukrnews-nlp: {summary.line()}", file=sys.stderr)
        for doc_id, error in summary.failures[:5]:
            print(f"  failed {doc_id}: {error}", file=sys.stderr)
        if summary.failed > 5:
            print(f"  … and {summary.failed - 5:,} more (see the records' errors)", file=sys.stderr)
    return 1 if summary.failed else 0


def cmd_stats(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .io.writers import read_records
    from .stats import corpus_stats, format_stats

    tables = corpus_stats(read_records(args.records))
    if args.csv:
        out = Path(args.csv)
        if out.exists() and not out.is_dir():
            raise UserError(Errors.E619.format(path=out))
        out.mkdir(parents=True, exist_ok=True)
        for name, df in tables.items():
            df.to_csv(out / f"{name}.csv", index=False)
    sys.stdout.write(format_stats(tables, top=args.top))
    return 0


def positive_int(value: str) -> int:
    """argparse type: an integer of at least 1."""
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def _add_registry(sub: argparse._SubParsersAction, name: str, helptext: str,
                  registry: dict[str, tuple[str, str]]) -> None:
    parser = sub.add_parser(name, help=helptext, description=helptext)
    inner = parser.add_subparsers(dest="target", metavar="NAME", required=True)
    for target, (module_name, target_help) in registry.items():
        p = inner.add_parser(target, help=target_help, description=target_help)
        p.set_defaults(module=module_name)
        # options come from the module itself; importing it is cheap (heavy imports happen in run())
        try:
            importlib.import_module(module_name).configure_parser(p)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            p.set_defaults(unavailable=True)


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="ukrnews-nlp", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ann = sub.add_parser(
        "annotate", help="annotate texts or whole corpora into records (jsonl, json, conllu, parquet, csv)",
        description="Annotate UTF-8 texts (files, directories, globs, or '-' for standard input) and write one "
                    "record per document: tokens, sentences, lemmas, morphology, syntax, entities, quotes. "
                    "Exit status: 0 all documents ok, 1 some failed (their records carry 'errors'), "
                    "2 a usage or input error.")
    ann.add_argument("inputs", metavar="INPUT", nargs="+",
                     help="a file (.txt, .jsonl, .json, .csv, .tsv, .html, also .gz/.bz2/.xz), a directory "
                          "(searched recursively), a glob, or '-' for standard input")
    ann.add_argument("-o", "--output", metavar="OUT",
                     help="output file, or directory for parquet/csv tables (default: standard output)")
    ann.add_argument("--format", choices=OUTPUT_FORMATS, default=None,
                     help="jsonl: one record per line (default); json: one pretty-printed record; conllu; "
                          "parquet/csv: tables (documents, tokens, entities, quotes, speakers) in OUT/. "
                          "Default: from OUT's suffix")
    ann.add_argument("--id", help="document id of a single input document (default: the input path)")
    inp = ann.add_argument_group("input")
    inp.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                     help="format of the inputs (default: from each file's suffix; stdin is txt)")
    inp.add_argument("--text-field", default="text", help="jsonl/json/csv field holding the text (default: text)")
    inp.add_argument("--id-field", default="id", help="field holding the document id (default: id); other "
                                                      "fields go to the record's meta")
    inp.add_argument("--clean", action="store_true",
                     help="drop share/navigation lines and 'related articles' tails of scraped pages")
    inp.add_argument("--max-chars", type=positive_int, default=20_000_000, metavar="N",
                     help="documents longer than N characters are not annotated but reported (default: 20M)")
    run = ann.add_argument_group("run")
    run.add_argument("--workers", type=positive_int, default=1, metavar="N",
                     help="processes, each loading the pipeline once (default: 1)")
    run.add_argument("--batch-size", type=positive_int, default=32, metavar="N",
                     help="documents per nlp.pipe batch and per task (default: 32)")
    run.add_argument("--max-length", type=positive_int, default=None, metavar="N",
                     help="annotate texts longer than N characters in chunks cut at paragraph or sentence "
                          "boundaries (default: the pipeline's max_length, 1,000,000)")
    run.add_argument("--max-strings", type=non_negative_int, default=DEFAULT_STRINGS_LIMIT, metavar="N",
                     help="memory: once a process's vocabulary holds N strings, the strings and words each batch "
                          "adds are freed after it, so the vocabulary stops growing however long the run "
                          "(default: 500,000, more than 9 million words of text bring; 0: from the first batch)")
    run.add_argument("--resume", action="store_true",
                     help="continue an interrupted run into the same OUT: no document missing, none twice")
    run.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="local processes (default) or a Dask distributed cluster")
    run.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="Dask scheduler address (default: a LocalCluster of --workers processes)")
    run.add_argument("--rules-only", action="store_true",
                     help="skip the trained models (tokens, sentences, lemmas and rule components only)")
    run.add_argument("--parser", choices=PARSERS, default=PARSERS[0],
                     help="dependency parser: graph (default; more accurate) or transition (spaCy's: faster)")
    run.add_argument("--matmul", choices=MATMUL_BACKENDS, default=MATMUL_BACKENDS[0],
                     help="matrix products: int8 (default: the large ones in 8-bit integers, ~1.3x faster) or "
                          "numpy (all float32)")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    ann.set_defaults(func=cmd_annotate)

    st = sub.add_parser("stats", help="top speakers and entities of annotated records",
                        description="Corpus statistics from a records file (jsonl): top speakers by canonical "
                                    "name with their quote counts, top entities by normal form and label.")
    st.add_argument("records", metavar="RECORDS", help="a .jsonl (or .jsonl.gz) file written by annotate")
    st.add_argument("--top", type=positive_int, default=20, metavar="N", help="rows per table (default: 20)")
    st.add_argument("--csv", metavar="DIR", help="also write the full tables as DIR/speakers.csv, "
                                                 "DIR/entities.csv, DIR/summary.csv")
    st.set_defaults(func=cmd_stats)

    _add_registry(sub, "evaluate", "measure accuracy against gold data (needs --data-dir)", EVALUATIONS)
    _add_registry(sub, "train", "retrain a shipped model from the shared data", TRAININGS)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if hasattr(args, "func"):
            return args.func(args)
        if getattr(args, "unavailable", False):
            parser.error(f"'{args.command} {args.target}' is not available in this version")
        return importlib.import_module(args.module).run(args)
    except UserError as exc:
        print(f"ukrnews-nlp: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ukrnews-nlp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


#: Commands whose process runs the pipeline over many documents: the garbage collector is set as in corpus workers.
PIPELINE_COMMANDS = ("annotate", "evaluate")


def console() -> int:
    """The ``ukrnews-nlp`` command: :func:`main` in a process of its own; ``annotate`` and ``evaluate`` set the
    garbage collector as corpus workers do (:mod:`ukrnews_nlp.worker_gc`; training keeps Python's settings).
    ``main`` called from Python leaves the caller's settings."""
    if sys.argv[1:2] and sys.argv[1] in PIPELINE_COMMANDS:
        from .worker_gc import tune_worker_gc

        tune_worker_gc()
    return main()


if __name__ == "__main__":
    sys.exit(console())
