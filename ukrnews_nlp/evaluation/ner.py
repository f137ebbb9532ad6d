"""``ukrnews-nlp evaluate ner``: exact-span entity P/R/F1 on NER-UK TEST (or on the validation part of DEV).

Raw text → our tokenizer and sentence splitter → model → entity rules (``--no-rules``: without them); predicted
character spans are compared with gold character spans (label and both offsets must match). Version 2
(default): 13 types, micro over PER/LOC/ORG and over all types, with a news (``ng``) vs BRUK breakdown.
Version 1: the 4 types of NER-UK 1.0 (PER/LOC/ORG/MISC; predictions of other labels are ignored), on the TEST
split used by Stanza (``uk_languk``, F1 86.05).

``--split valid`` scores the validation part that ``ukrnews-nlp train ner`` holds out of NER-UK 2.0 DEV
(:func:`~ukrnews_nlp.training.ner_uk.split_validation`, same fraction and seed): the model never trained on
it, so rule components around the model are tuned there and TEST is kept for the final figures.

Below the table, 95 % confidence intervals of the F1 figures with the documents resampled (``--bootstrap N``
resamples, 0 to skip): the validation part has 47 documents, and two models whose intervals overlap widely are not
told apart by it.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy

from . import add_matmul_argument, bootstrap, non_negative_int
from .bootstrap import DEFAULT_RESAMPLES, as_counts, f1_difference, f1_interval

#: ``--split`` choices.
SPLITS = ("test", "valid")
#: Stanza's published F1 for ``uk_languk`` (NER-UK 1.0 TEST, 4 types).
STANZA_V1_F1 = 86.05


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: PRF) -> PRF:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


@dataclass
class NerScores:
    """Counts per (group, label); ``group`` is ``"all"`` or a document source (``ng``, ``bruk``); and each
    document's counts per label, in the order scored (for :func:`bootstrap_f1`)."""

    counts: dict[tuple[str, str], PRF] = field(default_factory=dict)
    documents: list[dict[str, PRF]] = field(default_factory=list)

    def add(self, group: str, label: str, tp: int, fp: int, fn: int) -> None:
        for key in ((group, label), ("all", label)):
            self.counts.setdefault(key, PRF()).__iadd__(PRF(tp, fp, fn))

    def get(self, group: str, labels: Iterable[str]) -> PRF:
        total = PRF()
        for label in labels:
            total += self.counts.get((group, label), PRF())
        return total

    def groups(self) -> list[str]:
        return sorted({g for g, _ in self.counts if g != "all"})


def score_document(scores: NerScores, group: str, gold: set[tuple[int, int, str]],
                   predicted: set[tuple[int, int, str]], labels: Iterable[str]) -> None:
    """Add exact-match counts of one document for each label."""
    document: dict[str, PRF] = {}
    for label in labels:
        g = {s for s in gold if s[2] == label}
        p = {s for s in predicted if s[2] == label}
        counts = document[label] = PRF(len(g & p), len(p - g), len(g - p))
        scores.add(group, label, counts.tp, counts.fp, counts.fn)
    scores.documents.append(document)


def document_counts(scores: NerScores, labels: Iterable[str]) -> numpy.ndarray:
    """Per scored document, its (correct, system, gold) spans summed over ``labels``."""
    labels = tuple(labels)
    rows = []
    for doc in scores.documents:
        tp, fp, fn = (sum(getattr(doc[label], part) for label in labels if label in doc) for part in ("tp", "fp", "fn"))
        rows.append((tp, tp + fp, tp + fn))
    return as_counts(rows)


def bootstrap_f1(scores: NerScores, labels: Iterable[str], *, resamples: int = DEFAULT_RESAMPLES, seed: int = 0,
                 level: float = 0.95) -> tuple[float, float]:
    """The percentile interval (in %) of the micro F1 over ``labels`` when the scored documents are drawn again
    with replacement ``resamples`` times (:mod:`ukrnews_nlp.evaluation.bootstrap`)."""
    return f1_interval(document_counts(scores, labels), resamples=resamples, seed=seed, level=level)


def bootstrap_difference(scores: NerScores, other: NerScores, labels: Iterable[str], *,
                         resamples: int = DEFAULT_RESAMPLES, seed: int = 0, level: float = 0.95
                         ) -> tuple[float, float, float]:
    """The micro F1 over ``labels`` of ``scores`` minus that of ``other`` (in points) and its paired percentile
    interval: both scored on the same documents in the same order, each resample draws the same documents for
    both."""
    return f1_difference(document_counts(scores, labels), document_counts(other, labels), resamples=resamples,
                         seed=seed, level=level)


def summary_rows(labels: tuple[str, ...], core: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """(name, labels) of the figures the intervals are given for: each core type, micro over them and over all."""
    rows = [(label, (label,)) for label in core] + [("micro " + "/".join(x[0] for x in core), core)]
    if len(labels) > len(core):
        rows.append(("micro all", labels))
    return rows


def format_differences(scores: NerScores, other: NerScores, labels: tuple[str, ...], core: tuple[str, ...],
                       resamples: int) -> str:
    """One line: F1 of ``scores`` minus ``other`` with paired 95 % intervals (:func:`bootstrap_difference`)."""
    return bootstrap.format_differences(
        [(name, document_counts(scores, group), document_counts(other, group)) for name, group
         in summary_rows(labels, core)], resamples=resamples, against="--against")


def format_intervals(scores: NerScores, labels: tuple[str, ...], core: tuple[str, ...], resamples: int) -> str:
    """One line: the 95 % intervals of the core types' F1 and of the micro figures (:func:`bootstrap_f1`)."""
    return bootstrap.format_intervals([(name, document_counts(scores, group)) for name, group
                                       in summary_rows(labels, core)], resamples=resamples)


def build_pipeline(model: Path, *, rules: bool = True, matmul: str = "int8"):
    """The NER model as it runs in the library: our tokenizer and sentence splitter, the shipped core model and
    its rule components (the NER model reads their UPOS and morphology), the model at ``model``, and the entity
    rules (``ukrnews_entity_rules``) unless ``rules`` is False."""
    from ..pipeline import add_before_whitespace, add_trained_model, load, prepare_for_prediction

    nlp = load(models=["core"], exclude=["ukrnews_entity_rules", "ukrnews_entity_normalizer", "ukrnews_quotes"],
               matmul=matmul)
    add_trained_model(nlp, "ner", model)
    if rules:
        add_before_whitespace(nlp, "ukrnews_entity_rules")
    return prepare_for_prediction(nlp, matmul=matmul)  # the NER model's too, as load() gives it


def evaluate(nlp, documents, labels: tuple[str, ...]) -> tuple[NerScores, float, int]:
    """Score ``nlp`` on NER-UK documents; return scores, words per second and the token count."""
    scores = NerScores()
    texts = [d.text for d in documents]
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    elapsed = time.perf_counter() - start
    n_words = sum(len(doc) for doc in docs)
    for document, doc in zip(documents, docs, strict=True):
        gold = {(e.start, e.end, e.label) for e in document.entities if e.label in labels}
        predicted = {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in labels}
        score_document(scores, document.source, gold, predicted, labels)
    return scores, n_words / elapsed if elapsed else 0.0, n_words


def format_report(scores: NerScores, labels: tuple[str, ...], core: tuple[str, ...]) -> str:
    lines = [f"{'type':<10}{'gold':>7}{'P':>8}{'R':>8}{'F1':>8}"]

    def row(name: str, prf: PRF) -> str:
        return (f"{name:<10}{prf.tp + prf.fn:>7}{100 * prf.precision:>8.2f}{100 * prf.recall:>8.2f}"
                f"{100 * prf.f1:>8.2f}")

    for label in labels:
        lines.append(row(label, scores.get("all", [label])))
    lines.append(row("micro " + "/".join(x[0] for x in core), scores.get("all", core)))
    if len(labels) > len(core):
        lines.append(row("micro all", scores.get("all", labels)))
    for group in scores.groups():
        lines.append(f"-- {group}")
        lines.append(row("  " + "/".join(x[0] for x in core), scores.get(group, core)))
        if len(labels) > len(core):
            lines.append(row("  all", scores.get(group, labels)))
    return "\n".join(lines)


def load_split(data_dir: Path, split: str, *, version: int = 2) -> list:
    """The documents of ``split``: ``"test"`` (official TEST) or ``"valid"`` (the validation part of DEV).

    For NER-UK 1.0 the validation part is the 1.0 version of the BRUK texts in the 2.0 one (the 1.0 texts
    are the 2.0 ``bruk`` texts, matched by ``bruk_doc_mapping.tsv`` in the data folder).
    """
    from ..training.ner_uk import load_documents, split_validation

    if split == "test":
        return load_documents(data_dir, "TEST", version=version)
    valid = split_validation(load_documents(data_dir, "DEV", version=2))[1]
    if version == 2:
        return valid
    ids = {d.id for d in valid}
    mapping = Path(data_dir) / "ner-uk-2.0" / "bruk_doc_mapping.tsv"
    rows = (line.split("\t") for line in mapping.read_text(encoding="utf-8").splitlines()[1:])
    v1_ids = {row[0] for row in rows if len(row) > 1 and row[1] in ids}
    return [d for d in load_documents(data_dir, "DEV", version=1) if d.id in v1_ids]


def split_name(split: str) -> str:
    return "TEST" if split == "test" else "DEV validation part"


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"), help="shared data folder")
    parser.add_argument("--version", type=int, choices=(1, 2), default=2, help="NER-UK version")
    parser.add_argument("--model", type=Path, default=None, help="NER model folder (default: models/ner)")
    parser.add_argument("--no-rules", action="store_true",
                        help="score the model without the entity rules that follow it in the library pipeline")
    parser.add_argument("--split", choices=SPLITS, default="test",
                        help="test: the official TEST list (default); valid: the part of NER-UK 2.0 DEV held "
                             "out of training (tune on this one)")
    parser.add_argument("--against", type=Path, default=None, metavar="MODEL",
                        help="another NER model folder, scored on the same documents: prints the F1 differences "
                             "with paired bootstrap intervals")
    parser.add_argument("--bootstrap", type=non_negative_int, default=DEFAULT_RESAMPLES, metavar="N",
                        help="resamples of the documents for the F1 confidence intervals (0: none; default "
                             f"{DEFAULT_RESAMPLES})")
    add_matmul_argument(parser)


def run(args: argparse.Namespace) -> int:
    from ..errors import Errors, ModelError
    from ..training.ner_uk import CORE_LABELS, LABELS_V1, LABELS_V2

    model = args.model
    if model is None:
        from ..pipeline import default_models_dir

        model = default_models_dir() / "ner"
    for folder in (model, args.against):
        if folder is not None and not (folder / "config.cfg").is_file():
            raise ModelError(Errors.E101.format(path=folder))
    documents = load_split(args.data_dir, args.split, version=args.version)
    labels = LABELS_V2 if args.version == 2 else LABELS_V1
    nlp = build_pipeline(model, rules=not args.no_rules, matmul=args.matmul)
    scores, wps, n_words = evaluate(nlp, documents, labels)
    print(f"NER-UK {args.version}.0 {split_name(args.split)}: {len(documents)} documents, {n_words} tokens; "
          f"model {model}")
    print(f"pipeline: {' → '.join(nlp.pipe_names)}; {wps:,.0f} words/s")
    print(format_report(scores, labels, CORE_LABELS))
    if args.bootstrap:
        print(format_intervals(scores, labels, CORE_LABELS, args.bootstrap))
    if args.against is not None:
        other, _, _ = evaluate(build_pipeline(args.against, rules=not args.no_rules, matmul=args.matmul), documents,
                               labels)
        print(f"against {args.against}:")
        print(format_report(other, labels, CORE_LABELS))
        print(format_differences(scores, other, labels, CORE_LABELS, args.bootstrap or DEFAULT_RESAMPLES))
    if args.version == 1:
        f1 = 100 * scores.get("all", labels).f1
        print(f"micro F1 over {'/'.join(labels)}: {f1:.2f} (Stanza uk_languk: {STANZA_V1_F1})")
    label_counts = Counter(e.label for d in documents for e in d.entities)
    missing = sorted(set(label_counts) - set(labels))
    if missing:
        print(f"gold types not scored: {missing}")
    return 0
