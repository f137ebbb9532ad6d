"""Evaluation commands (``ukrnews-nlp evaluate NAME``) and the metric helpers they share with ``bench/``."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Errors
from ..matmul import MATMUL_BACKENDS
from ..pipeline import PARSERS

DEFAULT_DATA_DIR = "../shared/data"


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """``--data-dir`` and the pipeline options every evaluation accepts."""
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR, type=Path,
                        help="the shared data folder (default: %(default)s)")
    parser.add_argument("--models-dir", type=Path, default=None,
                        help="folder with trained models (default: the shipped models/)")
    parser.add_argument("--no-models", action="store_true",
                        help="evaluate the rule components only (tokenizer, sentences, dictionary lemmas)")
    parser.add_argument("--parser", choices=PARSERS, default=PARSERS[0],
                        help="the core model's dependency parser: graph (default) or spaCy's transition parser")
    add_matmul_argument(parser)


def add_matmul_argument(parser: argparse.ArgumentParser) -> None:
    """``--matmul``: ``load(matmul=...)``, the 8-bit integer products (default) or float32 ones."""
    parser.add_argument("--matmul", choices=MATMUL_BACKENDS, default=MATMUL_BACKENDS[0],
                        help="matrix products: int8 (default, as load()), numpy (all float32) or blis (thinc's)")


def non_negative_int(value: str) -> int:
    """argparse type: a whole number ≥ 0 (``--bootstrap``, ``annotate --max-strings``)."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 0, got {value!r}")
    return number


def data_path(data_dir: Path, *parts: str) -> Path:
    """``data_dir / parts``, or a :class:`DataError` that says what was expected where."""
    path = Path(data_dir).joinpath(*parts)
    if not path.exists():
        raise DataError(Errors.E201.format(path=data_dir, expected="/".join(parts)))
    return path


def pipeline_from_args(args: argparse.Namespace):
    """The pipeline an evaluation runs, as chosen by :func:`add_common_arguments` options."""
    from ..pipeline import load

    return load(models=not args.no_models, models_dir=args.models_dir, parser=args.parser, matmul=args.matmul)


@dataclass
class PRF:
    """Counts for precision / recall / F1 (and accuracy over aligned items)."""

    correct: int = 0
    system: int = 0
    gold: int = 0
    aligned: int | None = None

    @property
    def precision(self) -> float:
        return self.correct / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.correct / (self.system + self.gold) if self.system + self.gold else 0.0

    @property
    def aligned_accuracy(self) -> float | None:
        if self.aligned is None:
            return None
        return self.correct / self.aligned if self.aligned else 0.0

    def __iadd__(self, other: PRF) -> PRF:
        self.correct += other.correct
        self.system += other.system
        self.gold += other.gold
        if other.aligned is not None:
            self.aligned = (self.aligned or 0) + other.aligned
        return self

    def as_json(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "aligned_accuracy": self.aligned_accuracy,
                "correct": self.correct, "system": self.system, "gold": self.gold}


def format_table(rows: dict[str, PRF], *, title: str) -> str:
    """A fixed-width table of P / R / F1 (and aligned accuracy) in percent."""
    lines = [title, f"{'Metric':<12}|{'Precision':>10} |{'Recall':>10} |{'F1 Score':>10} |{'AligndAcc':>10}",
             "-" * 12 + ("+" + "-" * 11) * 4]
    for name, prf in rows.items():
        acc = "" if prf.aligned_accuracy is None else f"{100 * prf.aligned_accuracy:10.2f}"
        lines.append(f"{name:<12}|{100 * prf.precision:10.2f} |{100 * prf.recall:10.2f} |"
                     f"{100 * prf.f1:10.2f} |{acc:>10}")
    return "\n".join(lines)
