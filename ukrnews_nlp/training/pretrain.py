"""Pretrain the core model's tok2vec on unlabelled text (``spacy pretrain``, characters objective).

The treebanks give the tagger and parser ~150K parsed words; ``raw-uk/`` has 20M unlabelled ones. Pretraining
teaches the tok2vec to predict the first and last characters of each word from its context, and
``ukrnews-nlp train core --init-tok2vec FILE`` starts from those weights.

Corpus: every ``raw-uk/`` file, legislation capped (it is 82 % of the words), one paragraph per example.
Never ``news-uk/``. Two deviations from plain ``spacy pretrain``, both so that the weights fit the core
model: the architecture is the one in ``configs/core.cfg``, and the static vectors it reads (the floret table
of ``models/ner``) are loaded before pretraining, which ``spacy pretrain`` would not do.

    ukrnews-nlp train pretrain --data-dir ../shared/data     # ~40 min on one core; 3 epochs of 5.6M words
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from ..errors import DataError, Errors
from .vectors import RAW_FILES, _capped_lines

CORE_CONFIG = Path(__file__).parent / "configs" / "core.cfg"


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", default="../shared/data", help="shared data folder (default: %(default)s)")
    parser.add_argument("--work-dir", default="training_runs/pretrain",
                        help="corpus, log and weights go here (default: %(default)s)")
    parser.add_argument("--vectors", default="models/ner",
                        help="spaCy pipeline with the floret table the core tok2vec reads (default: %(default)s)")
    parser.add_argument("--legal-words", type=int, default=2_000_000,
                        help="words taken from the legislation file (default: %(default)s)")
    parser.add_argument("--max-minutes", type=float, default=None,
                        help="stop after this long and keep the weights (default: the epochs of core.cfg's "
                             "[pretraining], 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--config", type=Path, default=CORE_CONFIG,
                        help="config whose tok2vec and [pretraining] block are used (default: core.cfg)")


def write_corpus(data_dir: Path, path: Path, *, legal_words: int) -> int:
    """Write the pretraining corpus as JSONL (``{"text": paragraph}``); returns the number of words."""
    raw = data_dir / "raw-uk"
    if not raw.is_dir():
        raise DataError(Errors.E201.format(path=data_dir, expected="raw-uk/"))
    path.parent.mkdir(parents=True, exist_ok=True)
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for name in RAW_FILES:
            cap = legal_words if name == "uk_legal_zakon" else None
            for line in _capped_lines(raw / f"{name}.txt.xz", cap):
                text = line.strip()
                out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
                words += text.count(" ") + 1
    return words


def pretrain_config(corpus: Path, vectors: str, seed: int, config_path: Path = CORE_CONFIG):
    """The core config (whose ``[pretraining]`` block says how) pointed at the corpus and the vectors."""
    from thinc.api import Config

    config = Config().from_disk(config_path, interpolate=False)
    config["paths"]["raw_text"] = str(corpus)
    config["paths"]["vectors"] = vectors
    config["system"]["seed"] = seed
    return config


def run(args: argparse.Namespace) -> int:
    import spacy.training.pretrain as spacy_pretrain
    from spacy.training.initialize import load_vectors_into_model

    from ..matmul import train_with_matmul
    from .core import project_norms  # also registers the factories core.cfg names

    data_dir = Path(args.data_dir)
    work_dir = Path(args.work_dir)
    if not (data_dir / "raw-uk").is_dir():
        raise DataError(Errors.E201.format(path=data_dir, expected="raw-uk/"))
    if not (Path(args.vectors) / "vocab" / "vectors.cfg").is_file():
        raise DataError(Errors.E203.format(path=args.vectors))
    corpus = work_dir / "corpus.jsonl"
    words = write_corpus(data_dir, corpus, legal_words=args.legal_words)
    print(f"corpus: {words:,} words → {corpus}", flush=True)
    config = pretrain_config(corpus, args.vectors, args.seed, Path(args.config))
    out = work_dir / "weights"
    out.mkdir(parents=True, exist_ok=True)
    config.to_disk(out / "config.cfg")

    load_model = spacy_pretrain.load_model_from_config
    deadline = time.monotonic() + 60 * args.max_minutes if args.max_minutes else float("inf")

    def with_vectors(cfg, **kwargs):
        nlp = load_model(cfg, **kwargs)
        load_vectors_into_model(nlp, args.vectors)
        return project_norms()(nlp)  # the NORM values training and load() use

    make_update = spacy_pretrain.make_update

    def update_until_deadline(*a, **kw):
        if time.monotonic() > deadline:
            raise _TimeUp
        return make_update(*a, **kw)

    spacy_pretrain.load_model_from_config = with_vectors
    spacy_pretrain.make_update = update_until_deadline
    train_with_matmul("numpy")  # same computation, about twice as fast as thinc's default BLIS
    try:
        spacy_pretrain.pretrain(config.interpolate(), out, silent=False)
    except _TimeUp:
        pass  # pretrain() saves model-last.bin on the way out
    finally:
        spacy_pretrain.load_model_from_config = load_model
        spacy_pretrain.make_update = make_update
    print(f"weights: {out / 'model-last.bin'}", flush=True)
    return 0


class _TimeUp(Exception):
    """Raised inside the pretraining loop when ``--max-minutes`` have passed."""
