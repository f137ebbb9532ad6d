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
}

OUTPUT_FORMATS = ("jsonl", "json")

DESCRIPTION = """\
Annotate Ukrainian news text: tokens, sentences, lemmas, morphology, syntax, named entities and quotes.

examples:
  ukrnews-nlp annotate examples/lukashenko.txt              # one JSON record per line to stdout
  ukrnews-nlp annotate article.txt -o article.json --format json
  cat article.txt | ukrnews-nlp annotate - -o out.jsonl
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
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise UserError(Errors.E003.format(path=path, byte=data[exc.start], offset=exc.start,
                                           line=line, column=column)) from None


def write_output(text: str, out: str | None) -> None:
    """Write to ``out`` atomically (temporary file, then rename), or to stdout when ``out`` is None or ``-``."""
    import os
    import tempfile
    from pathlib import Path

    if out in (None, "-"):
        sys.stdout.write(text)
        return
    target = Path(out)
    if target.is_dir():
        raise UserError(Errors.E002.format(path=out))
    fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def cmd_annotate(args: argparse.Namespace) -> int:
    import json

    from . import annotate

    text = read_text(args.input)
    doc_id = args.id if args.id is not None else (None if args.input == "-" else args.input)
    record = annotate(text, id=doc_id)
    if args.format == "json":
        payload = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    else:
        payload = json.dumps(record, ensure_ascii=False) + "\n"
    write_output(payload, args.output)
    return 0


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

    ann = sub.add_parser("annotate", help="annotate one text file (or stdin) into JSON records",
                         description="Annotate one UTF-8 text file (or '-' for standard input) and write its "
                                     "record: tokens, sentences, lemmas, morphology, syntax, entities, quotes.")
    ann.add_argument("input", metavar="PATH", help="a UTF-8 text file, or '-' to read standard input")
    ann.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    ann.add_argument("--format", choices=OUTPUT_FORMATS, default="jsonl",
                     help="jsonl: one record per line (default); json: one pretty-printed record")
    ann.add_argument("--id", help="document id to put in the record (default: the input path)")
    ann.set_defaults(func=cmd_annotate)

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


if __name__ == "__main__":
    sys.exit(main())
