"""Train the core model's graph parser (``ukrnews_nlp.graph_parser``) with PyTorch and store it as numpy arrays.

The parser reads the shipped core model's token vectors and tags, so the core model is trained first
(``ukrnews-nlp train core``); this command then runs that model's tok2vec and morphologizer over the gold words of
every treebank sentence with a tree (zoloto outside UD-IU dev/test, UD_Ukrainian-ParlaMint train and dev, the
same sentences as ``train core``, and ParlaMint's test file: :data:`EXTRA_TREE_FILES`), trains a BiLSTM with
biaffine arc scores on those features, chooses the epoch with the best LAS on UD-IU dev (gold words), and writes
the weights into the core model's folder as its ``graph_parser`` component, in place of spaCy's transition parser.

    pip install torch==2.13.0        # a CPU build (training only: running the parser needs numpy alone)
    ukrnews-nlp train graph-parser --data-dir ../shared/data --threads 1    # ~30 min

With ``--teachers`` (graph parsers trained before on the same core model), the parser also learns from BRUK training
sentences that have no trees: the teachers' averaged arc and relation probabilities are its targets there (an
ensemble distilled into one parser of the same size: the ensemble's accuracy, in part, at one parser's cost).
``--partial-trees`` adds zoloto's sentences whose tree is incomplete: their gold arcs where the treebank has them,
the teachers' probabilities elsewhere.
"""
from __future__ import annotations

import argparse
import random
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy

from ..errors import DataError, Errors, UserError
from ..graph_parser import iu_relation
from ..io.conllu import Sentence, read_conllu, split_documents
from .core import DOC_SENTENCES, PARLAMINT_FILES, is_complete_tree, read_trees, zoloto_train

if TYPE_CHECKING:
    from ..graph_parser import GraphParser

#: Morphological features embedded beside the UPOS (``ukrnews_nlp.graph_parser``).
FEATURES = ("Case", "VerbForm", "Number", "PronType")
COMPONENT = "graph_parser"
#: Trees the parser trains on beyond the core model's: UD_Ukrainian-ParlaMint's test file (``train core`` leaves it
#: out; UD-IU is what the models are evaluated on). 792 sentences, 11K words: UD-IU dev LAS 84.37 -> 84.60.
EXTRA_TREE_FILES: tuple[str, ...] = ("ud-uk-parlamint/v2.15/uk_parlamint-ud-test.conllu",)
#: BRUK training sentences the teachers label by default (``--unlabeled``), and the lengths kept (words).
UNLABELED_SENTENCES = 8000
UNLABELED_LENGTHS = (3, 60)
UNLABELED_SOURCES = ("bruk", "raw")
#: ``--unlabeled-source raw``: the legislation's share of the sentences at most this (it is 80 % of raw-uk's words)
RAW_LEGAL_SHARE = 0.1
#: The morphologizer's best labels searched, best first, for a word's other reading (``--tag-noise``), and the
#: least probability it needs: 15.5 % of training words have one that likely, 22 % of UD-IU dev words, where 87 %
#: of the dev words whose UPOS or embedded features the morphologizer gets wrong are.
OTHER_READINGS = 5
OTHER_READING_FLOOR = 0.01


def below_one(value: str) -> float:
    """argparse type: a rate from 0 up to but not including 1 (a moving average's decay, a share of words)."""
    rate = float(value)
    if not 0.0 <= rate < 1.0:
        raise argparse.ArgumentTypeError(f"must be at least 0 and below 1, got {rate}")
    return rate


def configure_parser(parser: argparse.ArgumentParser) -> None:
    from ..cli import positive_int

    parser.add_argument("--data-dir", default="../shared/data", help="shared data folder (default: %(default)s)")
    parser.add_argument("--models-dir", default="models",
                        help="folder whose core/ model gives the features and receives the parser (default: "
                             "%(default)s)")
    parser.add_argument("--work-dir", default="training_runs/graph_parser",
                        help="features, checkpoints and log (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2, help="PyTorch threads (default: %(default)s)")
    parser.add_argument("--hidden", type=int, default=128, help="BiLSTM units per direction")
    parser.add_argument("--layers", type=int, default=2, help="BiLSTM layers")
    parser.add_argument("--arc-size", type=int, default=128, help="arc scorer width")
    parser.add_argument("--label-size", type=int, default=64, help="relation scorer width")
    parser.add_argument("--no-install", action="store_true",
                        help="train and export into the work folder only; leave the core model unchanged")
    parser.add_argument("--average", type=below_one, default=0.0, metavar="DECAY",
                        help="evaluate and keep an exponential moving average of the weights with this decay per "
                             "step (e.g. 0.998; default 0: the weights as trained)")
    parser.add_argument("--features", nargs="+", default=list(FEATURES), metavar="NAME",
                        help="UD features of the morphologizer embedded beside the UPOS (default: %(default)s)")
    parser.add_argument("--extra-trees", nargs="*", default=list(EXTRA_TREE_FILES), metavar="FILE",
                        help="more CoNLL-U files (relative to the data folder) whose complete trees are added to "
                             "the parser's training sentences (default: %(default)s; none: no file)")
    parser.add_argument("--teachers", nargs="+", default=[], metavar="DIR",
                        help="graph parser folders (weights.npz + labels.json, trained on the same core model) whose "
                             "averaged probabilities on BRUK sentences without trees the parser also learns")
    parser.add_argument("--tag-noise", type=below_one, default=0.0, metavar="P",
                        help="share of training words whose UPOS and features are, in each batch, the "
                             "morphologizer's likeliest other reading (default 0: its own choice): the tags are "
                             "far surer on the sentences it was trained on than on new text")
    parser.add_argument("--unlabeled", type=positive_int, default=None, metavar="N",
                        help=f"sentences the teachers label (default: {UNLABELED_SENTENCES}; only with --teachers)")
    parser.add_argument("--partial-trees", action="store_true",
                        help="also learn zoloto's training sentences whose tree is incomplete (only with --teachers): "
                             "their gold arcs where the treebank gives them, the teachers' probabilities for the "
                             "other words")
    parser.add_argument("--unlabeled-source", choices=UNLABELED_SOURCES, default="bruk",
                        help="where those sentences come from: bruk (BRUK training files, which the core model "
                             "trained on) or raw (raw-uk's texts, which it did not: its token vectors and tags there "
                             "are as on new text; paragraphs sharing a word 8-gram with UD-IU dev/test left out) "
                             "(default: %(default)s)")


# ---------------------------------------------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------------------------------------------


def tree_sentences(data_dir: Path, extra: tuple[str, ...] | list[str] = ()) -> list[list[Sentence]]:
    """Training sentences with a complete tree, in documents of consecutive sentences (as ``train core``), then
    those of the ``extra`` files (paths relative to ``data_dir``)."""
    ud_dir = data_dir / "ud-uk-iu"
    if not (ud_dir / "zoloto" / "annotated").is_dir():
        raise DataError(Errors.E201.format(path=data_dir, expected="ud-uk-iu/zoloto/annotated"))
    groups = _zoloto_groups(data_dir, complete=True)
    for name in [f"ud-uk-parlamint/{name}" for name in PARLAMINT_FILES] + list(extra):
        path = data_dir / name
        if not path.is_file():
            raise DataError(Errors.E201.format(path=data_dir, expected=name))
        sents = read_trees(path)
        groups += [sents[i:i + DOC_SENTENCES] for i in range(0, len(sents), DOC_SENTENCES)]
    return groups


def _zoloto_groups(data_dir: Path, *, complete: bool) -> list[list[Sentence]]:
    """zoloto's sentences outside UD-IU dev/test whose tree is (``complete``) or is not complete, in documents of
    consecutive sentences."""
    docs, _ = zoloto_train(data_dir / "ud-uk-iu")
    groups = [[s for s in group if is_complete_tree(s) == complete] for group in docs]
    return [g for g in groups if g]


def partial_tree_sentences(data_dir: Path) -> list[list[Sentence]]:
    """zoloto's sentences outside UD-IU dev/test whose tree is incomplete (some words without a head: 544 of them,
    8,943 of their 19,306 words with one; and 459 without any), in documents of consecutive sentences."""
    return _zoloto_groups(data_dir, complete=False)


def words_and_spaces(groups: list[list[Sentence]]) -> list[list[tuple[list[str], list[bool]]]]:
    """Each sentence of ``groups`` as its word forms and whether a space follows each (what the models read)."""
    return [[([w["form"] for w in s.words()], ["SpaceAfter=No" not in w["misc"] for w in s.words()]) for s in sents]
            for sents in groups]


def overlay_gold_arcs(taught: list[dict], sentences: list[Sentence], labels: list[str]) -> int:
    """Put, in place, the treebank's arc and relation of every word of ``sentences`` that has one over the teachers'
    probabilities of :func:`teacher_targets` (``taught``, the same sentences in order): one-hot targets where the
    gold is known, the teachers' where it is not. Returns how many words took a gold arc."""
    index = {label: i for i, label in enumerate(labels)}
    overlaid = 0
    for target, sent in zip(taught, sentences, strict=True):
        for i, word in enumerate(sent.words()):
            if word["head"] == "_":
                continue
            head = int(word["head"])
            target["arc_probs"][i] = 0
            target["arc_probs"][i, head] = 1
            target["heads"][i] = head
            label = index.get(word["deprel"], index.get(iu_relation(word["deprel"])))  # as the complete trees read them
            if label is not None:
                target["label_probs"][i] = 0
                target["label_probs"][i, label] = 1
                target["deprels"][i] = labels[label]
            overlaid += 1
    return overlaid


def dev_sentences(data_dir: Path) -> list[list[Sentence]]:
    path = data_dir / "ud-uk-iu" / "uk_iu-ud-dev.conllu"
    if not path.is_file():
        raise DataError(Errors.E201.format(path=data_dir, expected="ud-uk-iu/uk_iu-ud-dev.conllu"))
    return [[s for para in paras for s in para] for paras in split_documents(read_conllu(path))]


def _analysed_docs(nlp, groups: list[list[tuple[list[str], list[bool]]]]) -> list:
    """One Doc per group of sentences (each its words and their spaces after), through the core model's tok2vec and
    morphologizer."""
    from spacy.tokens import Doc

    docs = []
    for sents in groups:
        words, spaces, starts = [], [], []
        for sent_words, sent_spaces in sents:
            words += sent_words
            spaces += sent_spaces
            starts += [i == 0 for i in range(len(sent_words))]
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts))
    for name in ("tok2vec", "morphologizer"):
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=64))
    return docs


def other_readings(nlp, docs: list, features: tuple[str, ...] | list[str] = FEATURES
                   ) -> list[tuple[list[str], list[str]]]:
    """Per doc of ``docs``: each token's likeliest morphologizer label after the one it was given that differs from
    it in the UPOS or in one of ``features`` (what the parser reads), as UPOS and morphology lists (the token's own
    where none of the :data:`OTHER_READINGS` best labels does, or the one that does is less probable than
    :data:`OTHER_READING_FLOOR`): the tag errors a parser meets on new text are mostly such second choices, and
    the morphologizer makes few on the sentences it was trained on (UD-IU dev: 6.3 % of words with a wrong UPOS or
    embedded feature; its training sentences: 1.6 %)."""
    from ..graph_parser import _feature_value
    from ..tagging import softmax, split_label

    morphologizer = nlp.get_pipe("morphologizer")
    labels = [split_label(label) for label in morphologizer.labels]
    keys = [(pos, tuple(_feature_value(morph, name) for name in features)) for pos, morph in labels]
    out = []
    for doc in docs:  # one doc at a time: a batch's label probabilities would take hundreds of MB
        probs = softmax(numpy.array(morphologizer.model.ops.to_numpy(morphologizer.model.predict([doc])[0])))
        best = numpy.argpartition(-probs, OTHER_READINGS, axis=1)[:, :OTHER_READINGS]
        best = numpy.take_along_axis(best, numpy.argsort(-numpy.take_along_axis(probs, best, axis=1), axis=1), axis=1)
        upos, morphs = [], []
        for token, candidates, row in zip(doc, best.tolist(), probs, strict=True):
            morph = str(token.morph)
            own = (token.pos_, tuple(_feature_value(morph, name) for name in features))
            other = next((k for k in candidates if keys[k] != own and row[k] >= OTHER_READING_FLOOR), None)
            upos.append(token.pos_ if other is None else labels[other][0])
            morphs.append(morph if other is None else labels[other][1])
        out.append((upos, morphs))
    return out


def _tags(doc, start: int, end: int, others: tuple[list[str], list[str]] | None) -> dict:
    """A sentence's token vectors and tags, and its tokens' other readings when ``others`` (the doc's) is given."""
    tokens = doc[start:end]
    out = {"tensor": doc.tensor[start:end].astype(numpy.float16), "upos": [t.pos_ for t in tokens],
           "morph": [str(t.morph) for t in tokens]}
    if others is not None:
        out["other_upos"], out["other_morph"] = others[0][start:end], others[1][start:end]
    return out


def featurize(nlp, groups: list[list[Sentence]], *, features: tuple[str, ...] | list[str] | None = None
              ) -> list[dict]:
    """Per sentence: the core model's token vectors and tags on the gold words, and the gold tree; with
    ``features``, the tokens' other readings too (:func:`other_readings`)."""
    docs = _analysed_docs(nlp, words_and_spaces(groups))
    readings = other_readings(nlp, docs, features) if features is not None else [None] * len(docs)
    out = []
    for sents, doc, others in zip(groups, docs, readings, strict=True):
        offset = 0
        for s in sents:
            rows = s.words()
            out.append({**_tags(doc, offset, offset + len(rows), others),
                        "heads": [int(w["head"]) for w in rows], "deprels": [w["deprel"] for w in rows]})
            offset += len(rows)
    return out


def unlabeled_groups(data_dir: Path, count: int) -> list[list[tuple[list[str], list[bool]]]]:
    """About ``count`` BRUK training sentences (the files ``train core`` may use; 3–60 words) as groups of
    consecutive sentences (words, spaces after), spread evenly over the files."""
    from .bruk import iter_train_files, read_file

    groups = []
    for path in iter_train_files(data_dir):
        sents = [([t.form for t in s], [t.space_after for t in s]) for s in read_file(path)
                 if UNLABELED_LENGTHS[0] <= len(s) <= UNLABELED_LENGTHS[1]]
        groups += [sents[i:i + DOC_SENTENCES] for i in range(0, len(sents), DOC_SENTENCES)]
    if not groups:
        raise DataError(Errors.E201.format(path=data_dir, expected="bruk/disambig"))
    return _spread_groups(groups, count)


def _spread_groups(groups: list[list], count: int) -> list[list]:
    """Groups of sentences spread evenly over ``groups`` (non-empty), about ``count`` sentences in all."""
    total = sum(len(g) for g in groups)
    wanted = min(len(groups), max(1, round(count * len(groups) / total)))
    picks = numpy.linspace(0, len(groups) - 1, wanted).round().astype(int)
    return [groups[i] for i in sorted(set(picks.tolist()))]


def raw_groups(nlp, data_dir: Path, count: int) -> list[list[tuple[list[str], list[bool]]]]:
    """About ``count`` sentences of raw-uk (3–60 words, split by the library's tokenizer and sentence splitter) as
    groups of consecutive sentences of one paragraph, spread evenly over each file's paragraphs, the files sharing
    ``count`` equally except the legislation (:data:`RAW_LEGAL_SHARE`); a paragraph sharing a word 8-gram with a UD-IU
    dev or test text is left out (the texts the models are evaluated on)."""
    import lzma

    from .bruk import shared_ngrams, ud_evaluation_ngrams
    from .vectors import RAW_FILES

    for split in ("dev", "test"):  # without them no paragraph could be checked
        if not (data_dir / "ud-uk-iu" / f"uk_iu-ud-{split}.conllu").is_file():
            raise DataError(Errors.E201.format(path=data_dir, expected=f"ud-uk-iu/uk_iu-ud-{split}.conllu"))
    held = ud_evaluation_ngrams(data_dir)
    files = [data_dir / "raw-uk" / f"{name}.txt.xz" for name in RAW_FILES]
    files = [f for f in files if f.is_file()]
    if not files:
        raise DataError(Errors.E201.format(path=data_dir, expected="raw-uk/*.txt.xz"))
    legal = [f for f in files if "legal" in f.name]
    others = len(files) - len(legal)
    if others:
        shares = {f: RAW_LEGAL_SHARE if f in legal else (1 - RAW_LEGAL_SHARE * len(legal)) / others for f in files}
    else:  # the legislation alone
        shares = {f: 1 / len(files) for f in files}
    groups: list[list[tuple[list[str], list[bool]]]] = []
    for path in files:
        with lzma.open(path, "rt", encoding="utf-8") as handle:
            paragraphs = [line.strip() for line in handle if len(line.split()) >= UNLABELED_LENGTHS[0]]
        wanted = max(1, round(count * shares[path]))
        # as many paragraphs as sentences wanted, spread over the file; then groups spread over those
        picks = numpy.linspace(0, len(paragraphs) - 1, min(len(paragraphs), wanted)).round().astype(int)
        texts = [paragraphs[i] for i in sorted(set(picks.tolist()))]
        found: list[list[tuple[list[str], list[bool]]]] = []
        with nlp.select_pipes(enable=["ukrnews_sentences"]):
            for doc in nlp.pipe(texts, batch_size=256):
                if shared_ngrams((t.text for t in doc), held):
                    continue
                sents = [[t for t in sent if not t.is_space] for sent in doc.sents]
                sents = [([t.text for t in s], [bool(t.whitespace_) for t in s]) for s in sents
                         if UNLABELED_LENGTHS[0] <= len(s) <= UNLABELED_LENGTHS[1]]
                if sents:
                    found.append(sents[:DOC_SENTENCES])
        if found:
            groups += _spread_groups(found, wanted)
    return groups


def load_teachers(folders: list[str]) -> list[GraphParser]:
    """The graph parsers in ``folders`` (a folder without weights: :class:`ModelError`)."""
    from ..graph_parser import GraphParser

    return [GraphParser(str(folder)).from_disk(Path(folder)) for folder in folders]  # named by their folders


def _softmax(scores: numpy.ndarray, axis: int) -> numpy.ndarray:
    """Probabilities along ``axis``; rows of −inf alone (padding) come out as NaN and are never read."""
    with numpy.errstate(invalid="ignore"):
        probs = numpy.exp(scores - scores.max(axis=axis, keepdims=True))
        return probs / probs.sum(axis=axis, keepdims=True)


def teacher_targets(nlp, groups: list[list[tuple[list[str], list[bool]]]], teachers: list[GraphParser],
                    labels: list[str], block: int = 64, *, features: tuple[str, ...] | list[str] | None = None
                    ) -> list[dict]:
    """Per sentence of ``groups``: the core model's token vectors and tags, the teachers' averaged arc probabilities
    (``arc_probs``: words × (root + words)), the tree they give (``heads``) and their averaged relation
    probabilities on its arcs (``label_probs``: words × ``labels``; relations outside ``labels`` left out); with
    ``features``, the tokens' other readings too (:func:`other_readings`)."""
    docs = _analysed_docs(nlp, groups)
    others = other_readings(nlp, docs, features) if features is not None else [None] * len(docs)
    width = docs[0].tensor.shape[1]
    maps = []  # each teacher's label index -> index in ``labels`` (-1: left out)
    for teacher in teachers:
        assert teacher.weights is not None
        if teacher.weights.tensor_width != width:
            raise UserError(Errors.E209.format(path=teacher.name, width=teacher.weights.tensor_width, core=width))
        # a teacher's relation outside UD-IU's inventory counts as UD-IU's; advmod:emph, whose UD-IU relation
        # depends on the word's UPOS, is left out
        relations = [None if x == "advmod:emph" else iu_relation(x) for x in teacher.weights.labels]
        maps.append(numpy.array([labels.index(x) if x in labels else -1 for x in relations]))
    rows = [[teacher.feature_rows(doc) for doc in docs] for teacher in teachers]
    spans = [(d, s.start, s.end) for d, doc in enumerate(docs) for s in doc.sents]
    out: list[dict] = [{} for _ in spans]  # in the documents' order
    for first in range(0, len(spans), block):
        order = sorted(range(first, min(first + block, len(spans))), key=lambda k: spans[k][1] - spans[k][2])
        chunk = [spans[k] for k in order]  # by falling length, as block_scores wants them
        blocks = [teacher.block_scores([(docs[d].tensor[s:e].astype("float32"), rows[k][d][s:e])
                                        for d, s, e in chunk]) for k, teacher in enumerate(teachers)]
        arcs = sum(_softmax(b.scores, 2) for b in blocks) / len(blocks)
        with numpy.errstate(divide="ignore"):
            heads = blocks[0].trees(numpy.log(arcs))
        label_probs = numpy.zeros((sum(len(h) for h in heads), len(labels)), dtype="float32")
        for b, index in zip(blocks, maps, strict=True):
            probs = _softmax(b.label_scores(heads), 1)
            kept = index >= 0
            numpy.add.at(label_probs, (slice(None), index[kept]), probs[:, kept])  # two relations may share one
        label_probs /= numpy.maximum(label_probs.sum(axis=1, keepdims=True), 1e-12)
        offset = 0
        for j, (d, s, e) in enumerate(chunk):
            n = e - s
            sentence_labels = label_probs[offset:offset + n]
            out[order[j]] = {**_tags(docs[d], s, e, others[d]),
                             "heads": [int(h) for h in heads[j]],
                             "deprels": [labels[i] for i in sentence_labels.argmax(axis=1)],
                             "arc_probs": arcs[j, 1:n + 1, :n + 1].astype(numpy.float16),
                             "label_probs": sentence_labels.astype(numpy.float16)}
            offset += n
    return out


# ---------------------------------------------------------------------------------------------------------------
# Training (PyTorch)
# ---------------------------------------------------------------------------------------------------------------


def _import_torch():
    try:
        import torch
    except ImportError as exc:
        raise DataError(Errors.E207) from exc
    return torch


def build_vocabularies(train: list[dict], dev: list[dict], features: tuple[str, ...] | list[str] = FEATURES) -> dict:
    """The UPOS tags, the values of each embedded feature (``features``, in order) and the relations; a feature no
    training word has (a misspelt name) is refused."""
    from ..graph_parser import _feature_value

    values = {name: sorted({_feature_value(m, name) for s in train for m in s["morph"]}) for name in features}
    missing = [name for name, found in values.items() if found == [f"{name}=_"] or not found]
    if missing:
        raise UserError(Errors.E208.format(names=", ".join(missing)))
    return {"upos": sorted({u for s in train + dev for u in s["upos"]}), "features": values,
            "labels": sorted({d for s in train for d in s["deprels"]})}


def train_parser(train: list[dict], dev: list[dict], meta: dict, *, checkpoint: Path, epochs: int, seed: int,
                 threads: int, hidden: int, layers: int, arc_size: int, label_size: int, average: float = 0.0,
                 tag_noise: float = 0.0, log=print) -> dict:
    """Train and keep the checkpoint of the best dev LAS (gold words); returns that epoch's figures.

    Training sentences with ``arc_probs`` and ``label_probs`` (:func:`teacher_targets`) are learnt from those
    probabilities (cross-entropy against them), the others from their gold tree.

    ``average`` > 0: the weights evaluated and kept are an exponential moving average of the trained ones (that
    decay per step), which smooths the last epochs' noise.

    ``tag_noise`` > 0: in each batch that share of the training words read their other reading's tags
    (``other_upos`` / ``other_morph``, :func:`other_readings`; sentences without them keep their own)."""
    torch = _import_torch()
    import torch.nn.functional as F
    from torch import nn

    from ..graph_parser import _feature_value

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    upos_index = {u: i + 1 for i, u in enumerate(meta["upos"])}
    feature_index = {n: {v: i + 1 for i, v in enumerate(vs)} for n, vs in meta["features"].items()}
    label_index = {label: i for i, label in enumerate(meta["labels"])}
    features = list(meta["features"])

    def tags(upos: list[str], morphs: list[str]):
        return (torch.tensor([upos_index.get(u, 0) for u in upos]),
                torch.tensor([[feature_index[n].get(_feature_value(m, n), 0) for n in features] for m in morphs]))

    def encode(s: dict):
        soft = (torch.tensor(s["arc_probs"].astype(numpy.float32)), torch.tensor(s["label_probs"].astype(numpy.float32))
                ) if "arc_probs" in s else None
        others = tags(s["other_upos"], s["other_morph"]) if "other_upos" in s else None
        return (torch.tensor(s["tensor"].astype(numpy.float32)), *tags(s["upos"], s["morph"]),
                torch.tensor(s["heads"]), torch.tensor([label_index.get(d, 0) for d in s["deprels"]]), soft, others)

    train_t, dev_t = [encode(s) for s in train], [encode(s) for s in dev]
    width = train[0]["tensor"].shape[1]

    class Parser(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.upos = nn.Embedding(len(meta["upos"]) + 1, 32)
            self.feats = nn.ModuleList([nn.Embedding(len(meta["features"][n]) + 1, 16) for n in features])
            size = width + 32 + 16 * len(features)
            self.root = nn.Parameter(torch.randn(size) * 0.1)
            self.lstm = nn.LSTM(size, hidden, num_layers=layers, bidirectional=True, batch_first=True,
                                dropout=0.33 if layers > 1 else 0.0)
            self.arc_dep, self.arc_head = nn.Linear(2 * hidden, arc_size), nn.Linear(2 * hidden, arc_size)
            self.lab_dep, self.lab_head = nn.Linear(2 * hidden, label_size), nn.Linear(2 * hidden, label_size)
            self.arc_W = nn.Parameter(torch.zeros(arc_size, arc_size))
            self.arc_b = nn.Parameter(torch.zeros(arc_size))
            self.lab_diag = nn.Parameter(torch.zeros(len(meta["labels"]), label_size))
            self.lab_lin = nn.Linear(2 * label_size, len(meta["labels"]))
            self.drop = nn.Dropout(0.33)

        def forward(self, batch, training: bool):
            n = max(len(b[0]) for b in batch) + 1
            xs, mask = [], torch.zeros(len(batch), n, dtype=torch.bool)
            for k, (t, u, f, *_, others) in enumerate(batch):
                if training and tag_noise > 0 and others is not None:
                    noisy = torch.rand(len(t)) < tag_noise
                    u, f = torch.where(noisy, others[0], u), torch.where(noisy[:, None], others[1], f)
                x = torch.cat([t, self.upos(u)] + [e(f[:, j]) for j, e in enumerate(self.feats)], 1)
                if training:  # whole words' inputs dropped now and then
                    x = x * (torch.rand(len(t), 1) > 0.1).float()
                x = torch.cat([self.root[None], x], 0)
                xs.append(F.pad(x, (0, 0, 0, n - len(x))))
                mask[k, :len(x)] = True
            x = torch.stack(xs)
            x = self.drop(x) if training else x
            packed = nn.utils.rnn.pack_padded_sequence(x, mask.sum(1), batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=n)
            parts = [F.leaky_relu(layer(h), 0.1)
                     for layer in (self.arc_dep, self.arc_head, self.lab_dep, self.lab_head)]
            if training:
                parts = [self.drop(p) for p in parts]
            ad, ah, ld, lh = parts
            scores = torch.einsum("zia,ac,zjc->zij", ad, self.arc_W, ah) + (ah @ self.arc_b)[:, None, :]
            return scores.masked_fill(~mask[:, None, :], -1e9), ld, lh

        def label_scores(self, ld, lh, heads):
            hh = torch.gather(lh, 1, heads[..., None].expand(-1, -1, lh.shape[-1]))
            return torch.einsum("bnx,lx,bnx->bnl", ld, self.lab_diag, hh) + self.lab_lin(torch.cat([ld, hh], -1))

    def batches(data, size: int, shuffle: bool):
        order = sorted(range(len(data)), key=lambda i: len(data[i][0]) + (rng.random() * 5 if shuffle else 0))
        out, current, tokens = [], [], 0
        for i in order:
            current.append(i)
            tokens += len(data[i][0])
            if tokens >= size:
                out.append(current)
                current, tokens = [], 0
        if current:
            out.append(current)
        if shuffle:
            rng.shuffle(out)
        return out

    def targets(batch, n):
        heads = torch.zeros(len(batch), n, dtype=torch.long)
        labels = torch.zeros(len(batch), n, dtype=torch.long)
        words = torch.zeros(len(batch), n, dtype=torch.bool)
        for k, b in enumerate(batch):
            heads[k, 1:len(b[0]) + 1], labels[k, 1:len(b[0]) + 1], words[k, 1:len(b[0]) + 1] = b[3], b[4], True
        return heads, labels, words

    def soft_targets(batch, n):
        """The teachers' arc and relation probabilities (zero rows for gold sentences) and which words have them."""
        arcs = torch.zeros(len(batch), n, n)
        rels = torch.zeros(len(batch), n, len(meta["labels"]))
        taught = torch.zeros(len(batch), n, dtype=torch.bool)
        for k, b in enumerate(batch):
            if b[5] is not None:
                m = len(b[0])
                arcs[k, 1:m + 1, :m + 1], rels[k, 1:m + 1], taught[k, 1:m + 1] = b[5][0], b[5][1], True
        return arcs, rels, taught

    model = Parser()
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3, betas=(0.9, 0.9))
    total_steps = epochs * len(batches(train_t, 1500, shuffle=False))
    # linear decay to a tenth of the rate by the last epoch
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: max(0.1, 1.0 - 0.9 * step / total_steps))

    averaged = {k: v.detach().clone() for k, v in model.state_dict().items()} if average > 0 else None

    def evaluate() -> tuple[float, float]:
        if averaged is not None:  # evaluate the averaged weights, then go on training the others
            trained = {k: v.detach().clone() for k, v in model.state_dict().items()}
            model.load_state_dict(averaged)
        try:
            return _evaluate()
        finally:
            if averaged is not None:
                model.load_state_dict(trained)

    def _evaluate() -> tuple[float, float]:
        model.eval()
        uas = las = total = 0
        with torch.no_grad():
            for ids in batches(dev_t, 3000, shuffle=False):
                batch = [dev_t[i] for i in ids]
                scores, ld, lh = model(batch, training=False)
                n = scores.shape[1]
                heads, labels, words = targets(batch, n)
                predicted = scores.masked_fill(torch.eye(n, dtype=torch.bool)[None], -1e9).argmax(-1)
                right = (predicted == heads) & words
                uas += right.sum().item()
                las += (right & (model.label_scores(ld, lh, predicted).argmax(-1) == labels)).sum().item()
                total += words.sum().item()
        model.train()
        return 100 * uas / total, 100 * las / total

    best: dict = {"las": -1.0}
    started = time.time()
    for epoch in range(1, epochs + 1):
        loss_sum = 0.0
        for ids in batches(train_t, 1500, shuffle=True):
            batch = [train_t[i] for i in ids]
            scores, ld, lh = model(batch, training=True)
            heads, labels, words = targets(batch, scores.shape[1])
            # per word: cross-entropy against the gold head and relation, or against the teachers' probabilities
            arcs, rels, taught = soft_targets(batch, scores.shape[1])
            arc_logp = F.log_softmax(scores, -1)
            label_logp = F.log_softmax(model.label_scores(ld, lh, heads), -1)
            arc_loss = torch.where(taught, -(arcs * arc_logp).sum(-1), -arc_logp.gather(-1, heads[..., None])[..., 0])
            label_loss = torch.where(taught, -(rels * label_logp).sum(-1),
                                     -label_logp.gather(-1, labels[..., None])[..., 0])
            loss = arc_loss[words].mean() + label_loss[words].mean()
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            schedule.step()
            if averaged is not None:
                with torch.no_grad():
                    for k, v in model.state_dict().items():
                        if v.dtype.is_floating_point:
                            averaged[k].mul_(average).add_(v, alpha=1.0 - average)
            loss_sum += loss.item()
        uas, las = evaluate()
        log(f"epoch {epoch}: loss {loss_sum:.1f}, dev (gold words) UAS {uas:.2f} LAS {las:.2f}, "
            f"{time.time() - started:.0f} s")
        if las > best["las"]:
            best = {"epoch": epoch, "uas": uas, "las": las}
            torch.save(averaged if averaged is not None else model.state_dict(), checkpoint)
    return best


def export_weights(checkpoint: Path, meta: dict):
    """The checkpoint's tensors as :class:`ukrnews_nlp.graph_parser.GraphParserWeights`."""
    torch = _import_torch()
    from ..graph_parser import GraphParserWeights

    state = {k: v.numpy() for k, v in torch.load(checkpoint, weights_only=True).items()}
    arrays = {"upos": state["upos.weight"], "root": state["root"], "arc_U": state["arc_W"], "arc_u": state["arc_b"],
              "lab_diag": state["lab_diag"], "lab_lin_W": state["lab_lin.weight"], "lab_lin_b": state["lab_lin.bias"]}
    for j, name in enumerate(meta["features"]):
        arrays[f"feat_{name}"] = state[f"feats.{j}.weight"]
    layer = 0
    while f"lstm.weight_ih_l{layer}" in state:
        for direction, suffix in (("f", ""), ("b", "_reverse")):
            arrays[f"lstm_{layer}_{direction}_ih"] = state[f"lstm.weight_ih_l{layer}{suffix}"]
            arrays[f"lstm_{layer}_{direction}_hh"] = state[f"lstm.weight_hh_l{layer}{suffix}"]
            arrays[f"lstm_{layer}_{direction}_b"] = (state[f"lstm.bias_ih_l{layer}{suffix}"]
                                                     + state[f"lstm.bias_hh_l{layer}{suffix}"])
        layer += 1
    for name in ("arc_dep", "arc_head", "lab_dep", "lab_head"):
        arrays[f"{name}_W"], arrays[f"{name}_b"] = state[f"{name}.weight"], state[f"{name}.bias"]
    return GraphParserWeights(arrays, meta)


def install(core_dir: Path, weights_dir: Path) -> None:
    """Make the graph parser the core model's parser: its folder in, after spaCy's ``parser``, which stays in the
    folder but disabled (its tok2vec was trained with it; ``spacy.load`` of the folder can enable it to compare)."""
    from thinc.api import Config

    target = core_dir / COMPONENT
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(weights_dir, target)
    config = Config().from_disk(core_dir / "config.cfg", interpolate=False)
    pipeline = list(config["nlp"]["pipeline"])
    if COMPONENT not in pipeline:
        pipeline.insert(pipeline.index("parser") + 1 if "parser" in pipeline else pipeline.index("morphologizer") + 1,
                        COMPONENT)
    disabled = sorted(set(config["nlp"].get("disabled", [])) | ({"parser"} & set(pipeline)))
    config["nlp"]["pipeline"] = pipeline
    config["nlp"]["disabled"] = disabled
    config["components"][COMPONENT] = {"factory": "ukrnews_graph_parser", "batch_size": 64}
    config.to_disk(core_dir / "config.cfg")
    import srsly

    meta_path = core_dir / "meta.json"
    meta = srsly.read_json(meta_path)
    meta["pipeline"] = [name for name in pipeline if name not in disabled]
    meta["components"] = pipeline
    meta["disabled"] = disabled
    srsly.write_json(meta_path, meta)  # as spaCy writes it


def run(args: argparse.Namespace) -> int:
    from ..pipeline import load

    data_dir, work = Path(args.data_dir), Path(args.work_dir)
    core_dir = Path(args.models_dir) / "core"
    if (args.unlabeled is not None or args.unlabeled_source != "bruk" or args.partial_trees) and not args.teachers:
        raise UserError(Errors.E210)
    _import_torch()  # fail before any work
    unlabeled = args.unlabeled or UNLABELED_SENTENCES
    teachers = load_teachers(args.teachers)  # a folder without weights fails here (ModelError)
    tree_sentences(data_dir, args.extra_trees)  # and before loading models when the data is missing
    work.mkdir(parents=True, exist_ok=True)
    # float32 products, as the shipped parser's teachers and student were trained: the features do not depend on
    # whether onnxruntime is installed in the training environment
    nlp = load(models=["core"], models_dir=args.models_dir, matmul="numpy")
    started = time.time()
    others = args.features if args.tag_noise > 0 else None  # other readings only where they are read
    train = featurize(nlp, tree_sentences(data_dir, args.extra_trees), features=others)
    dev = featurize(nlp, dev_sentences(data_dir))
    print(f"features: {len(train)} training sentences ({sum(len(s['heads']) for s in train)} words), "
          f"{len(dev)} dev sentences, {time.time() - started:.0f} s", flush=True)
    meta = build_vocabularies(train, dev, args.features)
    if teachers:
        groups = (raw_groups(nlp, data_dir, unlabeled) if args.unlabeled_source == "raw"
                  else unlabeled_groups(data_dir, unlabeled))
        taught = teacher_targets(nlp, groups, teachers, meta["labels"], features=others)
        print(f"teachers: {len(taught)} {args.unlabeled_source} sentences ({sum(len(s['heads']) for s in taught)} "
              f"words) labelled by {len(teachers)} parsers, {time.time() - started:.0f} s", flush=True)
        train += taught
        if args.partial_trees:
            partial = partial_tree_sentences(data_dir)
            taught = teacher_targets(nlp, words_and_spaces(partial), teachers, meta["labels"], features=others)
            gold = overlay_gold_arcs(taught, [s for group in partial for s in group], meta["labels"])
            print(f"partial trees: {len(taught)} zoloto sentences ({sum(len(s['heads']) for s in taught)} words, "
                  f"{gold} with a gold arc), the rest labelled by the teachers", flush=True)
            train += taught
    log_path = work / "train.log"
    with log_path.open("w", encoding="utf-8") as log_file:
        def log(line: str) -> None:
            print(line, flush=True)
            log_file.write(line + "\n")
            log_file.flush()

        best = train_parser(train, dev, meta, checkpoint=work / "best.pt", epochs=args.epochs, seed=args.seed,
                            threads=args.threads, hidden=args.hidden, layers=args.layers, arc_size=args.arc_size,
                            label_size=args.label_size, average=args.average, tag_noise=args.tag_noise, log=log)
    meta["training"] = {"best_epoch": best["epoch"], "dev_gold_words_uas": round(best["uas"], 2),
                        "dev_gold_words_las": round(best["las"], 2), "epochs": args.epochs, "seed": args.seed,
                        "hidden": args.hidden, "layers": args.layers, "arc_size": args.arc_size,
                        "label_size": args.label_size, "extra_trees": list(args.extra_trees),
                        "average": args.average, "tag_noise": args.tag_noise, "teachers": list(args.teachers),
                        "unlabeled": unlabeled if args.teachers else 0,
                        "unlabeled_source": args.unlabeled_source if args.teachers else None,
                        "partial_trees": bool(args.partial_trees)}
    export_weights(work / "best.pt", meta).to_disk(work / COMPONENT)
    print(f"best epoch {best['epoch']}: dev (gold words) UAS {best['uas']:.2f}, LAS {best['las']:.2f}")
    if not args.no_install:
        install(core_dir, work / COMPONENT)
        print(f"installed as {core_dir / COMPONENT} (the core model's parser)")
    return 0
