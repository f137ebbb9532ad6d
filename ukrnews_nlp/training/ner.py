"""``ukrnews-nlp train ner``: train the named-entity model shipped in ``models/ner/`` from one command.

Steps (fixed seeds throughout):

1. read NER-UK 2.0 DEV, hold out a validation part by document (stratified by source);
2. tokenize with the library's tokenizer (paragraph chunks, plus a share of chunks again with russia-related
   names lower-cased, the 2022+ news style), analyse the chunks with the core model (``--models-dir``/core,
   its rule components included: the NER model reads their UPOS and morphology, as it does at run time) and
   write spaCy corpora;
3. train floret vectors (``vectors.py``) unless ``--vectors`` points at existing ones;
4. ``spacy train`` with ``configs/ner.cfg`` (component ``ner_tok2vec`` + ``ner``; the corpus reader
   ``ukrnews.AnalyzedCorpus.v1`` hands the core model's analysis to the model being trained);
5. copy the best model to ``--output``.

``--all-dev STEPS`` trains the final model on every DEV document (the validation part included) for a fixed
number of steps, found beforehand by a run with the validation part held out, and exports the last weights
(parameter averages): with the validation part in training, no checkpoint can be chosen on it.

From scratch the core model needs the vectors, which this command trains: ``--vectors-only`` first, then
``train core --vectors RUN_DIR/vectors/vectors_model``, then this command with the same ``--vectors``.

NER-UK TEST is never read here; score it with ``ukrnews-nlp evaluate ner``.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy import registry

CONFIG = Path(__file__).parent / "configs" / "ner.cfg"
#: Token annotation of the core model that the training examples carry (what a NER config may embed).
ANALYSIS_ATTRS = ("POS", "MORPH", "LEMMA")
#: What the training corpora keep of the analysed docs: no parse, so that spaCy's ``gold_preproc`` reader keeps
#: each chunk whole (with sentence boundaries it would train on single sentences, and the model then does worse
#: on whole texts: DEV validation part, all types, 79.9 on sentences but 76.9 on the chunks).
CORPUS_ATTRS = ("ORTH", "NORM", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID", "LEMMA", "MORPH", "POS", "SPACY")
#: Components whose output is not needed to train NER (entity and quote rules), or that run only after it
#: (``ukrnews_whitespace``: the NER model reads the tagger's own labels of whitespace tokens).
NOT_FOR_TRAINING = ("ukrnews_entity_rules", "ukrnews_entity_normalizer", "ukrnews_quotes", "ukrnews_whitespace")


def configure_parser(parser: argparse.ArgumentParser) -> None:
    from ..cli import positive_int
    from ..evaluation import non_negative_int

    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"), help="shared data folder")
    parser.add_argument("--config", type=Path, default=CONFIG, help="spaCy training config (default: ner.cfg)")
    parser.add_argument("--output", type=Path, default=Path("models/ner"), help="where the model goes")
    parser.add_argument("--run-dir", type=Path, default=Path("training_runs/ner"),
                        help="corpora, vectors and checkpoints")
    parser.add_argument("--vectors", type=Path, default=None,
                        help="existing vectors model (from an earlier run); trained afresh if omitted")
    parser.add_argument("--no-vectors", action="store_true", help="train without static vectors")
    parser.add_argument("--valid-fraction", type=float, default=0.12, help="DEV documents held out")
    parser.add_argument("--valid-ids", type=Path, default=None, metavar="FILE",
                        help="hold out exactly the DEV documents whose ids FILE lists (one per line) instead of a "
                             "--valid-fraction drawn by --seed: a fold model for reading errors on chosen documents")
    parser.add_argument("--augment", type=float, default=0.3,
                        help="share of training chunks added again in lower-case style")
    parser.add_argument("--substitute", type=float, default=0.5,
                        help="share of chunks with LOC/PER added again with russia-related names swapped in")
    parser.add_argument("--max-chars", type=int, default=1500, help="chunk length (whole lines)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the validation split, the augmentation and (unless --train-seed) training")
    parser.add_argument("--train-seed", type=int, default=None,
                        help="seed of the training run alone (same validation part and corpora as --seed)")
    parser.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    parser.add_argument("--all-dev", type=positive_int, default=None, metavar="STEPS",
                        help="train on all DEV documents (validation part included) for STEPS steps and export "
                             "the last weights; STEPS from an earlier run with the validation part held out")
    parser.add_argument("--blank-tokenizer", action="store_true",
                        help="use spaCy's blank 'uk' tokenizer instead of the library's")
    parser.add_argument("--models-dir", type=Path, default=None,
                        help="folder whose core/ model analyses the training text (default: the shipped models)")
    parser.add_argument("--vectors-only", action="store_true",
                        help="train the floret vectors into RUN_DIR/vectors and stop (for a retrain from scratch)")
    parser.add_argument("--silver", type=non_negative_int, default=0, metavar="WORDS",
                        help="add this many words of unlabelled text (BRUK, raw-uk news; none sharing text with "
                             "NER-UK) annotated by the shipped pipeline with its entity rules to the training part "
                             "(default: 0, none)")


def held_out(documents: list, ids_file: Path) -> tuple[list, list]:
    """(training, held-out) DEV documents, the held-out ones those whose ids ``ids_file`` lists."""
    from ..errors import Errors, UserError

    if not ids_file.is_file():
        raise UserError(Errors.E001.format(path=ids_file))
    ids = set(ids_file.read_text(encoding="utf-8").split())
    if not ids:
        raise UserError(Errors.E215.format(path=ids_file))
    unknown = sorted(ids - {d.id for d in documents})
    if unknown:
        raise UserError(Errors.E214.format(path=ids_file, count=len(unknown), first=unknown[0]))
    return [d for d in documents if d.id not in ids], [d for d in documents if d.id in ids]


def make_nlp(blank_tokenizer: bool = False, vocab=True):
    """A blank Ukrainian pipeline with the library's tokenizer (the one used at run time)."""
    import spacy

    nlp = spacy.blank("uk", vocab=vocab)
    if not blank_tokenizer:
        try:
            from ..tokenizer import create_tokenizer
        except ImportError:
            print("warning: ukrnews_nlp.tokenizer not available, using spaCy's blank 'uk' tokenizer",
                  file=sys.stderr)
        else:
            nlp.tokenizer = create_tokenizer(nlp)
    return nlp


def core_analyser(models_dir: Path | None):
    """The library pipeline up to the core model's rule components: what runs before NER at run time."""
    from ..pipeline import load

    # float32 products, as the shipped NER model's corpora were analysed
    return load(models=["core"], models_dir=models_dir, exclude=NOT_FOR_TRAINING, matmul="numpy")


def analyse(docs: Iterable, analyser) -> Iterator:
    """Run the core model over pre-tokenized training docs; their gold entities are kept."""
    originals = list(docs)
    entities = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in originals]
    for doc, ents in zip(analyser.pipe(originals, batch_size=64), entities, strict=True):
        if [(e.start, e.end, e.label_) for e in doc.ents] != ents:  # no core component touches entities
            raise AssertionError("the core model changed the gold entities of a training doc")
        yield doc


@registry.readers("ukrnews.AnalyzedCorpus.v1")
def create_analyzed_corpus(path: Path, max_length: int = 0, limit: int = 0, tensors: bool = False):
    """``spacy.Corpus.v1`` with ``gold_preproc``, whose examples also carry the core model's UPOS and morphology
    on the side the model reads (``spacy.Corpus`` gives it bare tokens), as the pipeline gives them at run
    time; with ``tensors``, also the core model's token vectors (``doc.tensor``, saved beside the corpus by
    :func:`write_corpora`)."""
    from spacy.training import Corpus

    from ..errors import DataError, Errors
    from ..syntax_features import SYNTAX_KEY
    from ..tensor_features import SAVED_TENSOR_KEY, load_tensors

    corpus = Corpus(path, gold_preproc=True, max_length=max_length, limit=limit)
    saved = load_tensors(Path(path)) if tensors else None

    def read(nlp) -> Iterator:
        for index, example in enumerate(corpus(nlp)):
            example.predicted.from_array(list(ANALYSIS_ATTRS), example.reference.to_array(list(ANALYSIS_ATTRS)))
            if SYNTAX_KEY in example.reference.user_data:
                example.predicted.user_data[SYNTAX_KEY] = example.reference.user_data[SYNTAX_KEY]
            if saved is not None:
                if index >= len(saved) or len(saved[index]) != len(example.predicted):
                    raise DataError(Errors.E205.format(path=path, index=index))
                example.predicted.user_data[SAVED_TENSOR_KEY] = saved[index]
            yield example

    return read


def write_corpora(args: argparse.Namespace, corpus_dir: Path) -> tuple[Path, Path]:
    from spacy.tokens import DocBin
    from spacy.util import load_config

    from ..pipeline import analysis_inputs
    from ..syntax_features import save_syntax_keys
    from ..tensor_features import save_tensors
    from .ner_uk import AlignmentStats, load_documents, make_docs, split_validation

    inputs = analysis_inputs(load_config(args.config, interpolate=False))
    with_tensors, with_syntax = "TENSOR" in inputs, "SYNTAX" in inputs
    analyser = core_analyser(args.models_dir)
    nlp = make_nlp(args.blank_tokenizer, vocab=analyser.vocab)  # one vocab: the docs go through the analyser
    documents = load_documents(args.data_dir, "DEV", version=2)
    train_docs, valid_docs = split_validation(documents, fraction=args.valid_fraction, seed=args.seed)
    if args.valid_ids is not None:
        train_docs, valid_docs = held_out(documents, args.valid_ids)
    if args.all_dev is not None:  # the validation part is trained on too; spaCy's scores on it only show progress
        train_docs = documents
    silver = []
    if args.silver:  # annotated by the pipeline with its rules; not augmented
        from .ner_silver import silver_documents

        silver = silver_documents(args.data_dir, args.silver, models_dir=args.models_dir, seed=args.seed)
        print(f"silver: {len(silver)} texts, {sum(len(d.text.split()) for d in silver)} words, "
              f"{sum(len(d.entities) for d in silver)} entities")
    corpus_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, documents, augment in (("train", train_docs, args.augment), ("dev", valid_docs, 0.0)):
        stats = AlignmentStats()
        docs = list(analyse(make_docs(nlp, documents, max_chars=args.max_chars, augment=augment, seed=args.seed,
                                      substitute=args.substitute if name == "train" else 0.0, stats=stats),
                            analyser))
        if name == "train" and silver:
            docs += analyse(make_docs(nlp, silver, max_chars=args.max_chars, stats=AlignmentStats()), analyser)
        path = corpus_dir / f"{name}.spacy"
        if with_syntax:  # the parse's keys, for configs that read them (the corpus keeps no parse)
            for doc in docs:
                doc.user_data.clear()
                save_syntax_keys(doc)
        DocBin(attrs=CORPUS_ATTRS, docs=docs, store_user_data=with_syntax).to_disk(path)
        if with_tensors:  # the core model's token vectors (~0.5 KB a token), for configs that read them
            save_tensors(docs, path)
        print(f"{name}: {len(documents)} documents → {len(docs)} docs, "
              f"{sum(len(d) for d in docs)} tokens; {stats}")
        paths.append(path)
    (corpus_dir / "validation_ids.txt").write_text("\n".join(d.id for d in valid_docs) + "\n")
    return paths[0], paths[1]


def train_model(config_path: Path, output_dir: Path, overrides: dict, *, blank_tokenizer: bool = False) -> None:
    """``spacy train``, but with the library's tokenizer and NORM getter installed before training.

    The corpora are pre-tokenized (``gold_preproc``), but the NORM feature is computed by the vocab: with
    our getter, training sees the same normalized forms (apostrophes, Latin homoglyphs) as run time.
    """
    from spacy import util
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_nlp

    from .. import ner_decoder, syntax_features, tensor_features, tok2vec_chunks  # noqa: F401  (register what the config names)
    from ..matmul import train_with_matmul

    train_with_matmul("numpy")  # same computation, about twice as fast as thinc's default BLIS
    config = util.load_config(config_path, overrides=overrides, interpolate=False)
    nlp = init_nlp(config)
    if not blank_tokenizer:
        try:
            from ..tokenizer import create_tokenizer
        except ImportError:
            pass
        else:
            nlp.tokenizer = create_tokenizer(nlp)
    output_dir.mkdir(parents=True, exist_ok=True)
    train_nlp(nlp, output_dir, stdout=sys.stdout, stderr=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from .vectors import train_floret

    run_dir = args.run_dir
    if args.vectors_only:
        print(f"vectors written to {train_floret(args.data_dir, run_dir / 'vectors')}")
        return 0
    train_path, dev_path = write_corpora(args, run_dir / "corpus")
    seed = args.seed if args.train_seed is None else args.train_seed
    overrides = {"paths.train": str(train_path), "paths.dev": str(dev_path), "system.seed": seed}
    if args.no_vectors:
        overrides["components.ner_tok2vec.model.embed.include_static_vectors"] = False
    else:
        vectors = args.vectors or train_floret(args.data_dir, run_dir / "vectors")
        overrides["paths.vectors"] = str(vectors)
    if args.max_steps is not None:
        overrides["training.max_steps"] = args.max_steps
    if args.all_dev is not None:  # a fixed number of steps: no early stop, no choice on seen data
        overrides.update({"training.max_steps": args.all_dev, "training.patience": 0,
                          "training.eval_frequency": max(200, args.all_dev // 4)})
    train_model(args.config, run_dir / "model", overrides, blank_tokenizer=args.blank_tokenizer)
    if args.all_dev is None:
        export_model(run_dir / "model" / "model-best", args.output)
    else:
        export_model(run_dir / "model" / "model-last", args.output, scored_on_seen=True)
    print(f"model written to {args.output}")
    return 0


def slim_vocab(model_dir: Path) -> None:
    """Drop what the model does not need at run time (about 4 MB): the training vocabulary's strings and
    its NORM lookup table. Hash embeddings and floret vectors work on hashes; NORM is recomputed by the
    library tokenizer's getter; the NER labels are kept with the component."""
    import json

    (model_dir / "vocab" / "strings.json").write_text(json.dumps([]), encoding="utf-8")
    lookups = model_dir / "vocab" / "lookups.bin"
    if lookups.exists():
        lookups.unlink()


def drop_training_paths(model_dir: Path) -> None:
    """Null the corpus and vectors paths in the exported ``config.cfg``: they name local training files, and
    the vectors table itself is saved in ``vocab/``."""
    from spacy.util import load_config

    config = load_config(model_dir / "config.cfg", interpolate=False)
    for key in ("train", "dev", "vectors"):
        config["paths"][key] = None
    config.to_disk(model_dir / "config.cfg")


def export_model(best: Path, output: Path, *, scored_on_seen: bool = False) -> None:
    """Copy the trained pipeline to ``output``, keeping the model card (README.md) that lives there.

    ``scored_on_seen``: the validation part was trained on, so spaCy's scores in ``meta.json`` are dropped
    (they would be scores on training data)."""
    import json

    output.mkdir(parents=True, exist_ok=True)
    for item in output.iterdir():
        if item.name != "README.md":
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    for item in best.iterdir():
        (shutil.copytree if item.is_dir() else shutil.copy2)(item, output / item.name)
    slim_vocab(output)
    drop_training_paths(output)
    meta_path = output / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(name="ukrnews_ner", version="0.1.0", license="CC BY-NC-SA 4.0",
                description="NER for Ukrainian news: NER-UK 2.0 types (PER, LOC, ORG + 10), floret vectors",
                sources=[{"name": "NER-UK 2.0", "url": "https://github.com/lang-uk/ner-uk"}])
    if scored_on_seen:
        meta["performance"] = {}
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
