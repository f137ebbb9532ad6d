"""``ukrnews-nlp train core``: tok2vec + morphologizer + parser + trainable lemmatizer on UD Ukrainian-IU.

Steps (one command, fixed seed):

1. convert zoloto (the treebank's XML sources) to UD by the tagset rules, leaving out every sentence that
   shares a token with the official UD dev/test files; complete trees train the parser, the other sentences
   only morphology and lemmas;
2. add the BRUK files (``--bruk all``, the default; ``news``: the press files only) for morphology and lemmas
   only, converted by the same tag rules, with the BRUK test files, NER-UK TEST texts and files quoting UD-IU
   dev/test text held out (see :mod:`.bruk`), and the
   UD_Ukrainian-ParlaMint v2.15 train and dev trees (``--no-parlamint`` leaves them out);
3. write spaCy DocBins (train from 1 and 2, dev from the official ``uk_iu-ud-dev.conllu``);
4. run ``spacy train`` with ``configs/core.cfg``;
5. copy the best pipeline to ``models/core/`` (config without training-only parts, StringStore pruned).
"""
from __future__ import annotations

import argparse
import json
import shutil
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language

# registers the factories the config names, and those of models/ner, whose vectors the tok2vec reads
from .. import lemma_fallback, ner_decoder, parser_decoder, tagging, tok2vec_chunks  # noqa: F401
from ..errors import DataError, Errors
from ..graph_parser import iu_relation
from ..io.conllu import Sentence, parse_misc, read_conllu
from .zoloto import convert_sentence, iter_corpus

CONFIG = Path(__file__).parent / "configs" / "core.cfg"
REPO_ROOT = Path(__file__).resolve().parents[2]
#: sentences per training Doc (consecutive sentences of one paragraph)
DOC_SENTENCES = 10
#: morphologizer labels seen fewer times in an epoch of the training corpus are dropped at export
MIN_LABEL_COUNT = 5


def configure_parser(parser: argparse.ArgumentParser) -> None:
    from ..cli import positive_int

    parser.add_argument("--data-dir", default="../shared/data", help="shared data folder (default: %(default)s)")
    parser.add_argument("--work-dir", default="training_runs/core",
                        help="corpora, logs and checkpoints go here (default: %(default)s)")
    parser.add_argument("--output", default="models/core", help="final pipeline folder (default: %(default)s)")
    parser.add_argument("--config", default=str(CONFIG), help="spaCy training config (default: shipped core.cfg)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-epochs", type=int, default=None, help="override training.max_epochs")
    parser.add_argument("--convert-only", action="store_true", help="write the corpora and stop")
    parser.add_argument("--reuse-corpus", action="store_true", help="skip conversion if the corpora exist")
    parser.add_argument("--no-morph-only", action="store_true",
                        help="leave out zoloto sentences without a complete tree")
    parser.add_argument("--vectors", default="models/ner",
                        help="spaCy pipeline whose static vectors the tok2vec uses: the floret table that "
                             "`ukrnews-nlp train ner` builds and ships in models/ner (default: %(default)s)")
    parser.add_argument("--no-vectors", action="store_true", help="train without static vectors")
    parser.add_argument("--pretrain", action="store_true",
                        help="first pretrain the tok2vec on raw-uk (`ukrnews-nlp train pretrain`, into "
                             "WORK_DIR/pretrain; about 50 min) and start from its weights")
    parser.add_argument("--init-tok2vec", default=None,
                        help="start the tok2vec from pretrained weights (model-last.bin of `ukrnews-nlp train "
                             "pretrain`, built with the same config and vectors)")
    parser.add_argument("--no-parlamint", action="store_true",
                        help="leave out UD_Ukrainian-ParlaMint (v2.15 train + dev), added by default")
    parser.add_argument("--bruk", choices=("none", "news", "all"), default="all",
                        help="add BRUK morphology and lemmas (no syntax): none, news files (A_*) or all "
                             "(default: %(default)s)")
    parser.add_argument("--tree-copies", type=positive_int, default=3, metavar="N",
                        help="put each training Doc with dependency trees (zoloto, ParlaMint) this many times "
                             "into the training corpus: BRUK, without trees, is most of the tokens otherwise "
                             "(default: %(default)s)")


def official_ids(ud_dir: Path) -> tuple[set[str], set[str]]:
    """Token ``Id``s and ``sent_id``s of the official UD dev and test files."""
    ids: set[str] = set()
    sent_ids: set[str] = set()
    for split in ("dev", "test"):
        for sent in read_conllu(ud_dir / f"uk_iu-ud-{split}.conllu"):
            sent_ids.add(sent.meta("sent_id") or "")
            for t in sent.words():
                ids.add(parse_misc(t["misc"]).get("Id", ""))
    ids.discard("")
    return ids, sent_ids


def zoloto_train(ud_dir: Path, table: dict | None = None) -> tuple[list[list[Sentence]], dict[str, int]]:
    """Training sentences from zoloto grouped into documents, and counts.

    Every sentence with a token ``Id`` or ``sent_id`` of the official dev/test files is dropped.
    """
    held_ids, held_sent_ids = official_ids(ud_dir)
    docs: list[list[Sentence]] = []
    stats = {"sentences": 0, "tokens": 0, "trees": 0, "dropped_heldout": 0}
    current: list[Sentence] = []
    last_key = None
    for fname, zs in iter_corpus(ud_dir / "zoloto" / "annotated"):
        if zs.sent_id in held_sent_ids or any(t.id in held_ids for t in zs.tokens):
            stats["dropped_heldout"] += 1
            continue
        sent = convert_sentence(zs, table=table)
        key = (fname, zs.doc_id, zs.par_id)
        if current and (key != last_key or len(current) >= DOC_SENTENCES):
            docs.append(current)
            current = []
        current.append(sent)
        last_key = key
        stats["sentences"] += 1
        stats["tokens"] += len(sent.words())
        stats["trees"] += is_complete_tree(sent)
    if current:
        docs.append(current)
    return docs, stats


def is_complete_tree(sent: Sentence) -> bool:
    words = sent.words()
    return all(w["head"] != "_" for w in words) and sum(w["head"] == "0" for w in words) == 1


def sentences_to_doc(vocab, sents: list[Sentence], *, with_deps: bool = True):
    """A spaCy Doc with gold words, spaces, lemmas, POS, morphology, sentence starts and (optionally) deps."""
    from spacy.tokens import Doc

    words, spaces, lemmas, pos, morphs, heads, deps, starts = [], [], [], [], [], [], [], []
    for sent in sents:
        rows = sent.words()
        offset = len(words)
        tree = with_deps and is_complete_tree(sent)
        for i, w in enumerate(rows):
            words.append(w["form"])
            spaces.append("SpaceAfter=No" not in w["misc"])
            lemmas.append(w["lemma"] if w["lemma"] != "_" else w["form"])
            pos.append(w["upos"])
            morphs.append("" if w["feats"] == "_" else w["feats"])
            starts.append(i == 0)
            if tree:
                h = int(w["head"])
                heads.append(offset + h - 1 if h else offset + i)
                deps.append(w["deprel"])
            else:
                heads.append(None)
                deps.append(None)
    has_deps = any(d is not None for d in deps)
    if has_deps:
        # a sentence without a tree inside a doc with trees: mark its words as missing dependencies
        heads = [h if h is not None else i for i, h in enumerate(heads)]
        doc = Doc(vocab, words=words, spaces=spaces, lemmas=lemmas, pos=pos, morphs=morphs, heads=heads,
                  deps=deps, sent_starts=starts)
    else:
        doc = Doc(vocab, words=words, spaces=spaces, lemmas=lemmas, pos=pos, morphs=morphs,
                  sent_starts=starts)
    return doc


def write_docbin(path: Path, docs) -> int:
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=False)
    n = 0
    for doc in docs:
        db.add(doc)
        n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n


def bruk_docs(vocab, data_dir: Path, *, which: str, ud_words: list[dict[str, str]]) -> tuple[list, int]:
    """BRUK training Docs (morphology and lemmas only) and their token count.

    ``ud_words`` (the zoloto training words) supply the lexicon that aligns BRUK features with UD ones.

    A token's morphology is left missing where the two corpora follow different conventions for its form: where
    zoloto (at least 5 occurrences of the form) gives the token's UPOS to under 5 % of them, or to under half
    the share BRUK gives it (``це`` PART in 53 % of BRUK but 8 % of zoloto, ``коли`` always SCONJ in BRUK but
    ADV or SCONJ by clause type in UD, ``один`` NUM vs DET).
    """
    from spacy.tokens import Doc

    zoloto_upos: dict[str, Counter] = defaultdict(Counter)
    for w in ud_words:
        zoloto_upos[w["form"].lower()][w["upos"]] += 1

    from .bruk import build_lexicon, iter_train_files, read_file, sentence_to_ud

    files = [p for p in iter_train_files(data_dir) if which == "all" or p.name.startswith("A_")]
    texts = [read_file(p) for p in files]
    lexicon = build_lexicon(ud_words, (s for sents in texts for s in sents))
    converted = [[sentence_to_ud(sent, lexicon) for sent in sents] for sents in texts]
    bruk_upos: dict[str, Counter] = defaultdict(Counter)
    for sents in converted:
        for sent in sents:
            for form, _lemma, upos, _feats, _space in sent:
                if upos:
                    bruk_upos[form.lower()][upos] += 1

    def conflicting(form: str, upos: str) -> bool:
        seen = zoloto_upos.get(form)
        if not upos or not seen or (n_seen := sum(seen.values())) < 5:
            return False
        share = seen[upos] / n_seen
        bruk = bruk_upos[form]
        return share < 0.05 or share < 0.5 * bruk[upos] / sum(bruk.values())

    docs = []
    n_tokens = 0
    for sents in converted:
        for start in range(0, len(sents), DOC_SENTENCES):
            words, spaces, lemmas, pos, morphs, starts = [], [], [], [], [], []
            for sent in sents[start:start + DOC_SENTENCES]:
                for i, (form, lemma, upos, feats, space) in enumerate(sent):
                    if conflicting(form.lower(), upos):
                        upos, feats = "", ""
                    words.append(form)
                    spaces.append(space)
                    lemmas.append(lemma)
                    pos.append(upos)
                    morphs.append(feats)
                    starts.append(i == 0)
            n_tokens += len(words)
            doc = Doc(vocab, words=words, spaces=spaces, lemmas=lemmas, pos=pos, sent_starts=starts)
            # an unset MORPH (with an unset POS) is a missing value; an empty string would be "no features"
            for token, upos, feats in zip(doc, pos, morphs, strict=True):
                if upos:
                    token.set_morph(feats or "_")
            docs.append(doc)
    return docs, n_tokens


#: UD_Ukrainian-ParlaMint files added to the training data (v2.15: the newest release whose train file is here;
#: its test file stays out, free for an out-of-domain check).
PARLAMINT_FILES = ("v2.15/uk_parlamint-ud-train.conllu", "v2.15/uk_parlamint-ud-dev.conllu")


def read_trees(path: Path) -> list[Sentence]:
    """The sentences of a UD CoNLL-U file that have a complete tree, their relations in UD-IU's inventory and
    conventions: :func:`iu_relation`, and a proper noun in apposition after a common noun (ParlaMint: ``депутат
    Чорний``, appos 284 times, flat:title 3) as UD-IU writes it, ``flat:title`` (zoloto: 349 flat:title, under 50
    appos)."""
    sents = [s for s in read_conllu(path) if is_complete_tree(s)]
    for sent in sents:
        words = sent.words()
        for word in words:
            word["deprel"] = iu_relation(word["deprel"], word["upos"])
            head = int(word["head"])
            if word["deprel"] == "appos" and word["upos"] == "PROPN" and 0 < head < int(word["id"]) \
                    and words[head - 1]["upos"] == "NOUN":
                word["deprel"] = "flat:title"
    return sents


def parlamint_docs(vocab, data_dir: Path) -> tuple[list, int]:
    """UD_Ukrainian-ParlaMint (parliamentary speech, manual UD close to the UD-IU conventions; its relations
    mapped to UD-IU's by :func:`read_trees`) as training Docs of ``DOC_SENTENCES`` sentences each, and their word
    count."""
    docs, n_words = [], 0
    for name in PARLAMINT_FILES:
        path = data_dir / "ud-uk-parlamint" / name
        if not path.is_file():
            raise DataError(Errors.E201.format(path=data_dir, expected=f"ud-uk-parlamint/{name}"))
        sents = read_trees(path)
        for start in range(0, len(sents), DOC_SENTENCES):
            doc = sentences_to_doc(vocab, sents[start:start + DOC_SENTENCES])
            n_words += len(doc)
            docs.append(doc)
    return docs, n_words


def build_corpora(data_dir: Path, work_dir: Path, *, morph_only: bool = True, bruk: str = "none",
                  parlamint: bool = True, tree_copies: int = 1) -> dict:
    """Write ``train.spacy`` and ``dev.spacy`` under ``work_dir/corpus``; returns counts.

    Docs with dependency trees go into ``train.spacy`` ``tree_copies`` times (the parser learns only from them)."""
    if tree_copies < 1:
        raise DataError(Errors.E206.format(value=tree_copies))
    ud_dir = data_dir / "ud-uk-iu"
    if not (ud_dir / "zoloto" / "annotated").is_dir():
        raise DataError(Errors.E201.format(path=data_dir, expected="ud-uk-iu/zoloto/annotated"))
    nlp = spacy.blank("uk")
    # tagset rules only: a table learned from dev/test agrees less on the other split than the rules do
    # (see ``python -m ukrnews_nlp.training.zoloto``), and it would only touch tags seen in held-out text
    docs, stats = zoloto_train(ud_dir)
    train = []
    for group in docs:
        trees = [s for s in group if is_complete_tree(s)]
        rest = [s for s in group if not is_complete_tree(s)]
        if trees:
            train.extend([sentences_to_doc(nlp.vocab, trees)] * tree_copies)
        if rest and morph_only:
            train.append(sentences_to_doc(nlp.vocab, rest, with_deps=False))
    if bruk != "none":
        ud_words = [w for group in docs for sent in group for w in sent.words()]
        extra, stats["bruk_tokens"] = bruk_docs(nlp.vocab, data_dir, which=bruk, ud_words=ud_words)
        train.extend(extra)
    if parlamint:
        extra, stats["parlamint_words"] = parlamint_docs(nlp.vocab, data_dir)
        train.extend(extra * tree_copies)
    corpus = work_dir / "corpus"
    stats["tree_copies"] = tree_copies
    stats["train_docs"] = write_docbin(corpus / "train.spacy", train)
    dev = read_conllu(ud_dir / "uk_iu-ud-dev.conllu")
    stats["dev_docs"] = write_docbin(corpus / "dev.spacy",
                                     (sentences_to_doc(nlp.vocab, [s]) for s in dev))
    (corpus / "stats.json").write_text(json.dumps(stats, indent=2))
    return stats


def run(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    work_dir = Path(args.work_dir)
    if not args.no_vectors and not args.convert_only and not (Path(args.vectors) / "vocab" / "vectors.cfg").is_file():
        raise DataError(Errors.E203.format(path=args.vectors))
    if args.pretrain and not args.convert_only:
        from . import pretrain

        options = argparse.ArgumentParser()
        pretrain.configure_parser(options)  # its defaults (seed 0 whatever --seed says: the weights are shared)
        pretrain.run(options.parse_args(["--data-dir", str(args.data_dir), "--work-dir", str(work_dir / "pretrain"),
                                         "--vectors", str(args.vectors), "--config", str(args.config)]))
        args.init_tok2vec = str(work_dir / "pretrain" / "weights" / "model-last.bin")
    if args.init_tok2vec and not Path(args.init_tok2vec).is_file():
        raise DataError(Errors.E204.format(path=args.init_tok2vec))
    t0 = time.time()
    if args.reuse_corpus and (work_dir / "corpus" / "train.spacy").exists():
        print(f"reusing {work_dir / 'corpus'}", flush=True)
    else:
        stats = build_corpora(data_dir, work_dir, morph_only=not args.no_morph_only, bruk=args.bruk,
                              parlamint=not args.no_parlamint, tree_copies=args.tree_copies)
        print(f"corpora: {json.dumps(stats)} ({time.time() - t0:.0f}s)", flush=True)
    if args.convert_only:
        return 0
    corpus = work_dir / "corpus"
    out = work_dir / "model"
    overrides = {"paths.train": str(corpus / "train.spacy"), "paths.dev": str(corpus / "dev.spacy"),
                 "system.seed": args.seed}
    if args.max_epochs is not None:
        overrides["training.max_epochs"] = args.max_epochs
    if args.init_tok2vec:
        overrides["paths.init_tok2vec"] = str(args.init_tok2vec)
    if args.no_vectors:
        overrides["components.tok2vec.model.embed.include_static_vectors"] = False
    else:
        overrides["paths.vectors"] = str(args.vectors)
    print(f"spacy train {args.config} → {out} {overrides}", flush=True)
    # in-process, so that the callback below is registered
    from spacy.cli.train import train as spacy_train

    from ..matmul import train_with_matmul

    train_with_matmul("numpy")  # same computation, about twice as fast as thinc's default BLIS
    spacy_train(Path(args.config), out, overrides=overrides, use_gpu=-1)
    export(out / "model-best", Path(args.output), train_corpus=corpus / "train.spacy")
    print(f"done in {time.time() - t0:.0f}s → {args.output}", flush=True)
    return 0


@spacy.registry.callbacks("ukrnews.project_norms.v1")
def project_norms() -> Callable[[Language], Language]:
    """``[initialize.before_init]`` callback: train with the NORM values ``ukrnews_nlp.load()`` produces.

    The shipped pipeline installs :func:`ukrnews_nlp.normalize.norm_form` as the NORM getter (unified
    apostrophes, Latin homoglyphs replaced), and the tok2vec embeds NORM, so training must see the same values.
    """

    def before_init(nlp: Language) -> Language:
        from ..tokenizer import _set_norm_getter

        _set_norm_getter(nlp)
        return nlp

    return before_init


def export(best: Path, target: Path, *, train_corpus: Path | None = None) -> None:
    """Copy a trained pipeline to ``target``, with a config that loads without this training module.

    The training-only callback and the local corpus paths are removed from ``config.cfg``; the weights are
    the averaged parameters spaCy saved as ``model-best``. With ``train_corpus`` (the DocBin it was trained
    on), the morphologizer's rare labels are dropped (:func:`prune_morph_labels`).
    """
    from thinc.api import Config

    card = target / "README.md"
    card_text = card.read_text(encoding="utf-8") if card.is_file() else None
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    if card_text is not None:  # the model card is written by hand: keep it
        card.write_text(card_text, encoding="utf-8")
    config = Config().from_disk(target / "config.cfg", interpolate=False)
    config["initialize"]["before_init"] = None
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    config["paths"]["vectors"] = None  # the table itself is saved in vocab/
    for name in ("init_tok2vec", "raw_text"):
        if name in config["paths"]:
            config["paths"][name] = None  # pretraining inputs: used once, at initialization
    config.to_disk(target / "config.cfg")
    if train_corpus is not None:
        prune_morph_labels(target, train_corpus)
    prune_strings(target)
    drop_shared_vectors(target)


def morph_label_counts(train_corpus: Path) -> Counter:
    """How often each morphologizer label (``FEATS|POS=UPOS``, built as spaCy's morphologizer builds it) occurs in
    one epoch of ``train_corpus`` (a DocBin; tokens without UPOS are not counted)."""
    from spacy.morphology import Morphology
    from spacy.tokens import DocBin

    nlp = spacy.blank("uk")
    counts: Counter = Counter()
    for doc in DocBin().from_disk(train_corpus).get_docs(nlp.vocab):
        for token in doc:
            if token.pos_:
                feats = token.morph.to_dict()
                feats["POS"] = token.pos_
                counts[Morphology.dict_to_feats(feats)] += 1
    return counts


def prune_morph_labels(model_dir: Path, train_corpus: Path, min_count: int = MIN_LABEL_COUNT) -> tuple[int, int]:
    """Drop the morphologizer labels seen fewer than ``min_count`` times in an epoch of ``train_corpus``: the rows
    of its output layer, the largest matrix product of the pipeline (1,789 labels × 128 for the 2026-12-03 model;
    504 of them seen fewer than 5 times, 730 fewer than 10), go with them. Returns (labels before, labels kept).

    The model rarely chooses such a label and the dictionary check re-ranks what it does choose. The 2026-12-03
    model, UD-IU dev from raw text: fewer than 5 → UPOS 97.37 → 97.39, Lemmas 98.49 → 98.50, UFeats and the parse
    unchanged, and the NER model reading its analysis unchanged on its validation part (micro PER/LOC/ORG
    89.43); fewer than 10: the same UD figures, but NER validation 89.30; fewer than 20: UPOS 97.33, UFeats
    93.23."""
    from ..pipeline import load_trained_model

    counts = morph_label_counts(train_corpus)
    nlp = load_trained_model(model_dir, spacy.blank("uk").vocab)
    morphologizer = nlp.get_pipe("morphologizer")
    labels = list(morphologizer.labels)
    keep = [i for i, label in enumerate(labels) if counts[label] >= min_count]
    if len(keep) == len(labels):
        return len(labels), len(keep)
    output = morphologizer.model.get_ref("softmax")
    weights, bias = output.get_param("W")[keep], output.get_param("b")[keep]
    output.set_param("W", None)  # thinc changes a dimension only of a layer without parameters
    output.set_param("b", None)
    for layer in morphologizer.model.walk():
        if layer.has_dim("nO") and layer.get_dim("nO") == len(labels):
            layer.set_dim("nO", len(keep), force=True)
    output.set_param("W", weights)
    output.set_param("b", bias)
    kept = {labels[i] for i in keep}
    for key in ("labels_morph", "labels_pos"):
        morphologizer.cfg[key] = {label: value for label, value in morphologizer.cfg[key].items() if label in kept}
    morphologizer.to_disk(model_dir / "morphologizer", exclude=["vocab"])
    return len(labels), len(keep)


def drop_shared_vectors(model_dir: Path) -> None:
    """Remove the floret table from an exported core model: it is the NER model's (``--vectors``, by default
    ``models/ner``), which ``load()`` reads into the shared vocab first (:func:`ukrnews_nlp.pipeline.
    load_shared_vectors`): 8 MB stored once, not twice."""
    for name in ("vectors", "vectors.cfg"):
        (model_dir / "vocab" / name).unlink(missing_ok=True)


def prune_strings(model_dir: Path) -> tuple[int, int]:
    """Drop the training words from ``vocab/strings.json``; keep what the components refer to by hash.

    The StringStore of a trained pipeline holds every form and lemma of the training data (megabytes), but at
    run time only the edit trees' substitution strings and the annotation labels are looked up by hash;
    everything else is re-added as text is processed (the shipped core: the same annotation of 160,213 tokens,
    UD-IU dev and NER-UK texts, with the whole store and with this one). Returns (strings before, strings after).
    """
    import srsly
    from spacy.strings import hash_string

    path = model_dir / "vocab" / "strings.json"
    strings: list[str] = srsly.read_json(path)
    needed: set[int] = set()
    trees = model_dir / "trainable_lemmatizer" / "trees"
    if trees.exists():
        for tree in srsly.msgpack_loads(trees.read_bytes())["trees"]:
            needed.update(v for k, v in tree.items() if k in ("orig", "subst"))
    from ..pipeline import register_components

    register_components()  # the folder's config may name any ukrnews factory (the graph parser's, once installed)
    nlp = spacy.load(model_dir)
    labels: set[str] = set()
    for name in ("parser", "morphologizer"):
        if name in nlp.component_names:  # a disabled transition parser (beside the graph parser) still needs them
            labels.update(nlp.get_pipe(name).labels)
    labels |= {part for label in list(labels) for part in label.split("|")}
    # edit-tree strings, labels and their features, upper-case tags, single characters and whitespace
    keep = [s for s in strings if hash_string(s) in needed or "=" in s or s in labels or s.isupper()
            or len(s) <= 1 or s.isspace()]
    srsly.write_json(path, keep)
    return len(strings), len(keep)
