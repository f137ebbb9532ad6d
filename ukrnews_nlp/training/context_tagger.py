"""Train the core model's context tagger (:mod:`ukrnews_nlp.context_tagger`) with PyTorch; store it as numpy arrays.

Its training words are the core model's own (``train core``'s corpus: zoloto outside UD-IU dev/test, ParlaMint train
and dev, all BRUK training files, each document once), read through the shipped core model's tok2vec: a BiLSTM over
each sentence's token vectors and the words' dictionary features learns their UPOS (words whose UPOS the corpus
leaves missing, where BRUK's convention differs from UD-IU's, are not scored). The weights of the last epoch are
kept: UD-IU dev accuracy (gold words) is printed after each epoch but chooses nothing. ``--no-install`` leaves the
core model unchanged; otherwise the weights go into ``models/core/context_tagger`` and the component into the core
model's pipeline, before the morphologizer, which adds its log-probabilities (``context_weight``), disabled
(as the transition parser is): ``load(upos_context=True)`` runs it.

    ukrnews-nlp train context-tagger --data-dir ../shared/data --threads 1
"""
from __future__ import annotations

import argparse
import random
import shutil
import time
from pathlib import Path

import numpy

from ..errors import DataError, Errors

COMPONENT = "context_tagger"
#: Longer sentences are left out of training (a few tables and lists): padded batches stay small.
MAX_TRAINING_WORDS = 150


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", default="../shared/data", help="shared data folder (default: %(default)s)")
    parser.add_argument("--models-dir", default="models",
                        help="folder whose core/ model gives the token vectors and receives the tagger (default: "
                             "%(default)s)")
    parser.add_argument("--work-dir", default="training_runs/context_tagger",
                        help="corpus, features, weights and log (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1, help="PyTorch threads (default: %(default)s)")
    parser.add_argument("--hidden", type=int, default=64, help="BiLSTM units per direction (default: %(default)s)")
    parser.add_argument("--projection", type=int, default=128, help="input projection width (default: %(default)s)")
    parser.add_argument("--reuse-corpus", action="store_true", help="reuse WORK_DIR/corpus if it exists")
    parser.add_argument("--no-install", action="store_true",
                        help="train and export into the work folder only; leave the core model unchanged")


def _import_torch():
    try:
        import torch
    except ImportError as exc:
        raise DataError(Errors.E207) from exc
    return torch


def corpus_docs(data_dir: Path, work: Path, vocab, *, reuse: bool) -> list:
    """The documents of ``train core``'s training corpus, each once (its tree documents come several times)."""
    from spacy.tokens import DocBin

    from .core import build_corpora

    if not (reuse and (work / "corpus" / "train.spacy").is_file()):
        build_corpora(data_dir, work, bruk="all", tree_copies=1)
    seen: set[str] = set()
    docs = []
    for doc in DocBin().from_disk(work / "corpus" / "train.spacy").get_docs(vocab):
        if doc.text not in seen:
            seen.add(doc.text)
            docs.append(doc)
    return docs


def featurize(nlp, gold_docs: list) -> list[dict]:
    """Per sentence: token vectors of the core tok2vec (float16), dictionary features and UPOS indices (-1 where
    missing), from docs with gold words, sentence starts and UPOS."""
    from spacy.tokens import Doc

    from ..context_tagger import CONTEXT_UPOS, dictionary_features

    index = {pos: i for i, pos in enumerate(CONTEXT_UPOS)}
    docs = [Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d],
                sent_starts=[bool(t.is_sent_start) for t in d]) for d in gold_docs]
    docs = list(nlp.get_pipe("tok2vec").pipe(docs, batch_size=32))
    out = []
    for doc, gold in zip(docs, gold_docs, strict=True):
        starts = sorted({0, *(t.i for t in gold if t.is_sent_start)}) + [len(gold)]
        for a, b in zip(starts, starts[1:], strict=False):
            if b > a:
                out.append({"x": doc.tensor[a:b].astype(numpy.float16),
                            "features": numpy.stack([dictionary_features(gold[i].text) for i in range(a, b)]),
                            "y": numpy.array([index.get(gold[i].pos_, -1) for i in range(a, b)])})
    return out


def dev_docs(data_dir: Path, vocab) -> list:
    """UD-IU dev, one Doc per sentence (gold words and UPOS)."""
    from spacy.tokens import Doc

    from ..io.conllu import read_conllu, space_after

    path = data_dir / "ud-uk-iu" / "uk_iu-ud-dev.conllu"
    if not path.is_file():
        raise DataError(Errors.E201.format(path=data_dir, expected="ud-uk-iu/uk_iu-ud-dev.conllu"))
    docs = []
    for sent in read_conllu(path):
        words = sent.words()
        docs.append(Doc(vocab, words=[w["form"] for w in words], spaces=[space_after(w) for w in words],
                        pos=[w["upos"] for w in words], sent_starts=[True] + [False] * (len(words) - 1)))
    return docs


def train_tagger(train: list[dict], dev: list[dict], *, epochs: int, seed: int, threads: int, hidden: int,
                 projection: int, log=print) -> tuple[dict[str, numpy.ndarray], list[float]]:
    """Train; return the last epoch's arrays (:class:`ukrnews_nlp.context_tagger.ContextTaggerWeights` names) and
    each epoch's dev accuracy (gold words)."""
    torch = _import_torch()
    import torch.nn.functional as F
    from torch import nn

    from ..context_tagger import CONTEXT_UPOS

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    classes = len(CONTEXT_UPOS)

    def encode(s: dict):
        return (torch.tensor(s["x"].astype(numpy.float32)), torch.tensor(s["features"]), torch.tensor(s["y"]))

    train_t = [encode(s) for s in train if len(s["y"]) <= MAX_TRAINING_WORDS]
    dev_t = [encode(s) for s in dev]
    width, feature_count = train_t[0][0].shape[1], train_t[0][1].shape[1]

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.proj = nn.Linear(width + feature_count, projection)
            self.lstm = nn.LSTM(projection, hidden, bidirectional=True, batch_first=True)
            self.out = nn.Linear(2 * hidden, classes)

        def forward(self, x, features, dropout: bool = False):
            if dropout:  # whole token vectors dropped 10 % of the time: the dictionary and the context must do
                x = x * (torch.rand(x.shape[:2]) > 0.1).float().unsqueeze(-1)
            h = torch.relu(self.proj(torch.cat([x, features], -1)))
            h = F.dropout(h, 0.25, training=dropout)
            h, _ = self.lstm(h)
            return self.out(F.dropout(h, 0.25, training=dropout))

    model = Tagger()
    optimizer = torch.optim.Adam(model.parameters(), 2e-3)
    order = sorted(range(len(train_t)), key=lambda i: len(train_t[i][2]))
    batches = [order[i:i + 32] for i in range(0, len(order), 32)]  # sentences of similar length together
    total, step, accuracies = epochs * len(batches), 0, []

    def pad(items):
        length = max(len(y) for _, _, y in items)
        x = torch.zeros(len(items), length, width)
        f = torch.zeros(len(items), length, feature_count)
        y = torch.full((len(items), length), -1, dtype=torch.long)
        for k, (a, b, c) in enumerate(items):
            x[k, :len(c)], f[k, :len(c)], y[k, :len(c)] = a, b, c
        return x, f, y

    for epoch in range(epochs):
        rng.shuffle(batches)
        started, loss_sum = time.time(), 0.0
        for batch in batches:
            for group in optimizer.param_groups:  # linear decay to a tenth
                group["lr"] = 2e-3 * (1 - 0.9 * step / total)
            x, f, y = pad([train_t[i] for i in batch])
            loss = F.cross_entropy(model(x, f, dropout=True).reshape(-1, classes), y.reshape(-1), ignore_index=-1)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item()
            step += 1
        model.eval()
        right = scored = 0
        with torch.no_grad():
            for x, f, y in dev_t:
                predicted = model(x[None], f[None])[0].argmax(-1)
                right += int((predicted == y)[y >= 0].sum())
                scored += int((y >= 0).sum())
        model.train()
        accuracies.append(100 * right / max(scored, 1))
        log(f"epoch {epoch + 1}: loss {loss_sum / len(batches):.4f}, UD-IU dev UPOS (gold words, alone) "
            f"{accuracies[-1]:.2f}, {time.time() - started:.0f} s")
    state = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    arrays = {"proj_W": state["proj.weight"].T, "proj_b": state["proj.bias"],
              "out_W": state["out.weight"].T, "out_b": state["out.bias"]}
    for suffix in ("", "_reverse"):
        for part in ("w_ih", "w_hh", "b_ih", "b_hh"):
            kind, gate = part.split("_")
            arrays[f"lstm_{part}{suffix}"] = state[f"lstm.{'weight' if kind == 'w' else 'bias'}_{gate}_l0{suffix}"]
    return arrays, accuracies


def install(core_dir: Path, weights_dir: Path) -> None:
    """Put the tagger into the core model: its folder in, the component right before the morphologizer."""
    from thinc.api import Config

    target = core_dir / COMPONENT
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(weights_dir, target)
    config = Config().from_disk(core_dir / "config.cfg", interpolate=False)
    pipeline = list(config["nlp"]["pipeline"])
    if COMPONENT not in pipeline:
        pipeline.insert(pipeline.index("morphologizer"), COMPONENT)
    # disabled, as the transition parser is: load(upos_context=True) enables it
    disabled = sorted(set(config["nlp"].get("disabled", [])) | {COMPONENT})
    config["nlp"]["pipeline"] = pipeline
    config["nlp"]["disabled"] = disabled
    config["components"][COMPONENT] = {"factory": "ukrnews_context_tagger", "batch_size": 64}
    config.to_disk(core_dir / "config.cfg")
    import srsly

    meta_path = core_dir / "meta.json"
    meta = srsly.read_json(meta_path)
    meta["pipeline"] = [name for name in pipeline if name not in disabled]
    meta["components"] = pipeline
    meta["disabled"] = disabled
    srsly.write_json(meta_path, meta)  # as spaCy writes it


def run(args: argparse.Namespace) -> int:
    from ..context_tagger import CONTEXT_UPOS, ContextTaggerWeights
    from ..pipeline import load

    data_dir, work = Path(args.data_dir), Path(args.work_dir)
    core_dir = Path(args.models_dir) / "core"
    _import_torch()  # fail before any work
    work.mkdir(parents=True, exist_ok=True)
    # float32 products, as the graph parser was trained: the features do not depend on onnxruntime being installed
    nlp = load(models=["core"], models_dir=args.models_dir, matmul="numpy")
    started = time.time()
    dev = featurize(nlp, dev_docs(data_dir, nlp.vocab))
    train = featurize(nlp, corpus_docs(data_dir, work, nlp.vocab, reuse=args.reuse_corpus))
    print(f"features: {len(train)} training sentences ({sum(len(s['y']) for s in train)} words), {len(dev)} dev "
          f"sentences, {time.time() - started:.0f} s", flush=True)
    with (work / "train.log").open("w", encoding="utf-8") as log_file:
        def log(line: str) -> None:
            print(line, flush=True)
            log_file.write(line + "\n")
            log_file.flush()

        arrays, accuracies = train_tagger(train, dev, epochs=args.epochs, seed=args.seed, threads=args.threads,
                                          hidden=args.hidden, projection=args.projection, log=log)
    meta = {"upos": list(CONTEXT_UPOS),
            "training": {"epochs": args.epochs, "seed": args.seed, "hidden": args.hidden,
                         "projection": args.projection, "sentences": len(train),
                         "dev_gold_words_upos_last_epoch": round(accuracies[-1], 2)}}
    ContextTaggerWeights(arrays, meta).to_disk(work / COMPONENT)
    if not args.no_install:
        install(core_dir, work / COMPONENT)
        print(f"installed as {core_dir / COMPONENT} (before the core model's morphologizer)")
    return 0
