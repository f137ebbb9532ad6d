"""Accuracy of entity normal forms (``Span._.normal``) on our hand-annotated NER-UK 2.0 DEV mentions.

Each mention of ``bench/data/entity_normals.tsv`` is normalized in its document: the document text is run
through the pipeline (``ukrnews_nlp.load()`` with whatever models exist, or a blank ``uk`` pipeline with
``--no-models`` or when the package pipeline cannot be built yet), the mention is set as the only entity and
``ukrnews_entity_normalizer`` computes its normal form. Exact string match against the gold form (any of the
``|``-separated alternatives), per label and overall.

    python bench/normal_forms.py --data-dir ../shared/data            # with the trained models, if any
    python bench/normal_forms.py --data-dir ../shared/data --no-models --errors
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_LIST = HERE / "data" / "entity_normals.tsv"
NER_SUBDIR = Path("ner-uk-2.0") / "data"


def read_list(path: Path) -> list[dict]:
    rows = []
    header = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            continue
        row = dict(zip(header, fields, strict=True))
        row["start"], row["end"] = int(row["start"]), int(row["end"])
        rows.append(row)
    return rows


def build_pipeline(use_models: bool, core_path: str | None = None):
    """The package pipeline (with models when asked), else a blank ``uk`` pipeline; and a description.

    When ``ukrnews_nlp.load()`` cannot be built, the trained ``models/core`` (tagger, parser) is still sourced
    into the blank pipeline if it exists, so the normalizer can use predicted morphology.
    """
    import spacy

    from ukrnews_nlp import entities  # noqa: F401  (registers the component)

    if use_models and not core_path:
        try:
            from ukrnews_nlp.pipeline import load

            nlp = load(exclude=["ukrnews_quotes", "ner", "ner_tok2vec"])
            return nlp, "ukrnews_nlp.load(): " + ", ".join(nlp.pipe_names)
        except Exception as exc:  # the package pipeline is not buildable yet: say so and go on
            print(f"note: ukrnews_nlp.load() unavailable ({exc}); using a blank pipeline", file=sys.stderr)
    nlp = spacy.blank("uk")
    try:
        from ukrnews_nlp.tokenizer import create_tokenizer

        nlp.tokenizer = create_tokenizer(nlp)
        parts = ["ukrnews tokenizer"]
    except Exception:
        parts = ["spaCy uk tokenizer"]
    core = Path(core_path) if core_path else HERE.parent / "models" / "core"
    if use_models and (core / "config.cfg").is_file():
        from ukrnews_nlp.pipeline import load_trained_model

        trained = load_trained_model(core, nlp.vocab)  # its static vectors are stored with models/ner
        for name in trained.pipe_names:
            nlp.add_pipe(name, source=trained)
        parts.append(f"{core}: " + ", ".join(trained.pipe_names))
    nlp.add_pipe("ukrnews_entity_normalizer")
    return nlp, "blank uk pipeline (" + "; ".join(parts) + ") + ukrnews_entity_normalizer"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default="../shared/data", help="shared data folder (holds ner-uk-2.0/)")
    parser.add_argument("--list", default=str(DEFAULT_LIST), help="evaluation list (TSV)")
    parser.add_argument("--no-models", action="store_true", help="blank pipeline: dictionary only")
    parser.add_argument("--core", help="a trained core pipeline to use instead of models/core (a checkpoint)")
    parser.add_argument("--errors", action="store_true", help="print every mismatch")
    args = parser.parse_args(argv)


    from ukrnews_nlp.entities import normalize_entity

    root = Path(args.data_dir) / NER_SUBDIR
    if not root.is_dir():
        print(f"Data directory {root} not found (pass --data-dir pointing at the shared data folder)",
              file=sys.stderr)
        return 2
    rows = read_list(Path(args.list))
    nlp, description = build_pipeline(not args.no_models, args.core)
    normalizer = nlp.get_pipe("ukrnews_entity_normalizer")

    by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_doc[row["doc_id"]].append(row)

    total, correct = Counter(), Counter()
    misaligned = 0
    errors = []
    pipeline_s = normalize_s = 0.0
    for doc_id, doc_rows in by_doc.items():
        text = (root / f"{doc_id}.txt").read_text(encoding="utf-8")
        t0 = time.perf_counter()
        doc = nlp(text)
        pipeline_s += time.perf_counter() - t0
        for row in doc_rows:
            span = doc.char_span(row["start"], row["end"], label=row["label"])
            if span is None:
                misaligned += 1
                span = doc.char_span(row["start"], row["end"], label=row["label"], alignment_mode="expand")
            doc.ents = [span]
            t0 = time.perf_counter()
            normalizer(doc)
            predicted = span._.normal
            normalize_s += time.perf_counter() - t0
            # A span widened by tokenization: judge the normal form of the mention's own characters.
            if span.text != row["mention"]:
                predicted = normalize_entity(row["mention"], row["label"])
            gold = row["normal"].split("|")
            label = row["label"]
            total[label] += 1
            if predicted in gold:
                correct[label] += 1
            else:
                errors.append((label, row["mention"], predicted, row["normal"], doc_id))

    print(f"entity normal forms: {len(rows)} mentions from {len(by_doc)} NER-UK 2.0 DEV documents")
    print(f"pipeline: {description}")
    print(f"{'label':8} {'n':>5} {'correct':>8} {'accuracy':>9}")
    for label in sorted(total, key=lambda lab: -total[lab]):
        print(f"{label:8} {total[label]:5d} {correct[label]:8d} {100 * correct[label] / total[label]:8.1f}%")
    n, c = sum(total.values()), sum(correct.values())
    print(f"{'overall':8} {n:5d} {c:8d} {100 * c / n:8.1f}%")
    changed = [r for r in rows if r["normal"] != r["mention"]]
    print(f"(gold differs from the surface for {len(changed)} mentions; misaligned spans: {misaligned})")
    print(f"time: pipeline {pipeline_s:.2f}s for {len(by_doc)} docs; normalizer {1000 * normalize_s / n:.2f} ms "
          f"per mention")
    if args.errors:
        for label, mention, predicted, gold, doc_id in errors:
            print(f"  {label:6} {mention!r} -> {predicted!r}  gold {gold!r}  ({doc_id})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
