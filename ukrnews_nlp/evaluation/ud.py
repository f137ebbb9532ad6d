"""``ukrnews-nlp evaluate ud``: CoNLL 2018 shared-task metrics on UD Ukrainian-IU (or any UD CoNLL-U file given
with ``--conllu``) from raw text.

The raw text of every treebank document is rebuilt from its sentences (``SpaceAfter=No``, ``# newpar``,
``# newdoc``), annotated by the pipeline, and aligned to the gold words by character spans, following
``conll18_ud_eval.py``: Tokens, Sentences and Words are span F1; UPOS, UFeats (universal features only),
Lemmas, UAS and LAS (universal part of the relation) count aligned words whose value is right, with
P = correct / system words, R = correct / gold words. One more row, not a CoNLL 2018 metric: FullLAS, LAS with the
whole relation compared (``flat:title`` is not ``flat:name``, ``advmod:neg`` not ``advmod``), as the pipeline writes
relations and as ``train graph-parser`` chooses its epoch. Simplification: the words of a gold multiword token
(2 in the test file) all carry the token's span, so at most the first of them can align.
"""
from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..io.conllu import Sentence, document_text, read_conllu, split_documents, surface_tokens
from . import PRF, add_common_arguments, bootstrap, data_path, format_table, non_negative_int, pipeline_from_args
from .bootstrap import DEFAULT_RESAMPLES, as_counts

UNIVERSAL_FEATURES = frozenset({
    "PronType", "NumType", "Poss", "Reflex", "Foreign", "Abbr", "Gender", "Animacy", "Number", "Case",
    "Definite", "Degree", "VerbForm", "Mood", "Tense", "Aspect", "Voice", "Evident", "Polarity", "Person",
    "Polite"})
SPLITS = {"dev": "uk_iu-ud-dev.conllu", "test": "uk_iu-ud-test.conllu"}
METRICS = ("Tokens", "Sentences", "Words", "UPOS", "UFeats", "Lemmas", "UAS", "LAS", "FullLAS")
#: Doc annotation a metric needs; metrics of annotation no component produced are left out of the table.
ANNOTATION_OF = {"UPOS": "POS", "UFeats": "MORPH", "Lemmas": "LEMMA", "UAS": "DEP", "LAS": "DEP", "FullLAS": "DEP"}


@dataclass(frozen=True)
class EvalWord:
    """A word reduced to what the metrics compare; ``head`` is an index into the same document's words."""

    start: int
    end: int
    upos: str
    feats: str
    lemma: str
    head: int | None  # None for the root
    relation: str  # the whole relation, lower case (spaCy writes the root's ``ROOT``)

    @property
    def deprel(self) -> str:
        """The relation's universal part (what the CoNLL 2018 LAS compares)."""
        return universal_deprel(self.relation)


@dataclass
class Annotation:
    """Spans and words of one document (gold or system), offsets into the document text."""

    tokens: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    words: list[EvalWord] = field(default_factory=list)


def universal_feats(feats: str) -> str:
    if not feats or feats == "_":
        return ""
    return "|".join(sorted(f for f in feats.split("|") if f.split("=", 1)[0] in UNIVERSAL_FEATURES))


def universal_deprel(deprel: str) -> str:
    return deprel.split(":", 1)[0].lower()


def gold_annotation(paragraphs: list[list[Sentence]], text: str) -> Annotation:
    """Locate every gold token of one document in its rebuilt text."""
    ann = Annotation()
    pos = 0
    for para in paragraphs:
        for sent in para:
            first_word = len(ann.words)
            sent_start = None
            for form, _space, words in surface_tokens(sent):
                start = text.index(form, pos)
                end = start + len(form)
                pos = end
                sent_start = start if sent_start is None else sent_start
                ann.tokens.append((start, end))
                for w in words:
                    head = None if w["head"] in ("0", "_") else first_word + int(w["head"]) - 1
                    ann.words.append(EvalWord(start, end, w["upos"], universal_feats(w["feats"]), w["lemma"], head,
                                              w["deprel"].lower()))
            ann.sentences.append((sent_start, pos))
    return ann


def system_annotation(doc) -> Annotation:
    """Spans and words of a spaCy Doc (one word per token; no multiword tokens)."""
    ann = Annotation()
    has_dep = doc.has_annotation("DEP")
    words = [t for t in doc if not t.is_space]
    index = {t.i: k for k, t in enumerate(words)}  # doc index → word index (space tokens are not words)
    for t in words:
        ann.tokens.append((t.idx, t.idx + len(t)))
        head = None if (not has_dep or t.head.i == t.i) else index.get(t.head.i)
        ann.words.append(EvalWord(t.idx, t.idx + len(t), t.pos_, universal_feats(str(t.morph)), t.lemma_, head,
                                  t.dep_.lower() if has_dep else ""))
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        if toks:
            ann.sentences.append((toks[0].idx, toks[-1].idx + len(toks[-1])))
    return ann


def score_document(gold: Annotation, system: Annotation, totals: dict[str, PRF]) -> None:
    """Add one document's counts to ``totals`` (keys: :data:`METRICS`)."""
    for name, g, s in (("Tokens", gold.tokens, system.tokens), ("Sentences", gold.sentences, system.sentences)):
        totals[name].gold += len(g)
        totals[name].system += len(s)
        totals[name].correct += len(set(g) & set(s))
    gold_by_span: dict[tuple[int, int], int] = {}
    for i, w in enumerate(gold.words):
        gold_by_span.setdefault((w.start, w.end), i)
    alignment: dict[int, int] = {}  # system word index → gold word index
    for j, w in enumerate(system.words):
        i = gold_by_span.get((w.start, w.end))
        if i is not None:
            alignment[j] = i
    for name in METRICS[2:]:
        totals[name].gold += len(gold.words)
        totals[name].system += len(system.words)
        totals[name].aligned = (totals[name].aligned or 0) + len(alignment)
    totals["Words"].correct += len(alignment)
    for j, i in alignment.items():
        sw, gw = system.words[j], gold.words[i]
        totals["UPOS"].correct += sw.upos == gw.upos
        totals["UFeats"].correct += sw.feats == gw.feats
        totals["Lemmas"].correct += gw.lemma == "_" or sw.lemma == gw.lemma
        head_ok = (sw.head is None and gw.head is None) or (
            sw.head is not None and gw.head is not None and alignment.get(sw.head) == gw.head)
        totals["UAS"].correct += head_ok
        totals["LAS"].correct += head_ok and sw.deprel == gw.deprel
        totals["FullLAS"].correct += head_ok and sw.relation == gw.relation


def annotates_words(doc, attr: str) -> bool:
    """Whether some word (not a whitespace token: the whitespace rule tags those ``SPACE`` without any model) of
    ``doc`` has annotation ``attr``."""
    return doc.has_annotation(attr) and any(getattr(t, attr.lower()) for t in doc if not t.is_space)


def check_treebank(sentences: list[Sentence], path: Path) -> None:
    """Refuse, with a :class:`DataError` that says where, a file :func:`evaluate_ud` cannot score: no words at all,
    or a head that is no word of its sentence (a traceback or a wrong score otherwise)."""
    from ..errors import DataError, Errors

    words = 0
    for number, sent in enumerate(sentences, 1):
        rows = sent.words()
        words += len(rows)
        for w in rows:
            head = w["head"]
            if head != "_" and not (head.isdigit() and int(head) <= len(rows)):
                raise DataError(Errors.E213.format(path=path, sentence=number, sent_id=sent.meta("sent_id") or "no id",
                                                   id=w["id"], head=head))
    if not words:
        raise DataError(Errors.E212.format(path=path))


def evaluate_ud(nlp: Callable, conllu: Path) -> tuple[dict[str, PRF], dict[str, float], list[dict[str, PRF]]]:
    """Annotate every document of ``conllu`` from raw text; return the metrics (those the pipeline produces
    annotation for), speed figures and each document's counts (for :func:`metric_counts`)."""
    totals = {name: PRF() for name in METRICS}
    per_document: list[dict[str, PRF]] = []
    sentences = read_conllu(conllu)
    check_treebank(sentences, conllu)
    documents = split_documents(sentences)
    texts = [document_text(paras) for paras in documents]
    started = time.perf_counter()
    docs = list(nlp.pipe(texts)) if hasattr(nlp, "pipe") else [nlp(t) for t in texts]
    seconds = time.perf_counter() - started
    for paras, text, doc in zip(documents, texts, docs, strict=True):
        counts = {name: PRF() for name in METRICS}
        score_document(gold_annotation(paras, text), system_annotation(doc), counts)
        per_document.append(counts)
        for name, prf in counts.items():
            totals[name] += prf
    produced = {metric for metric, attr in ANNOTATION_OF.items() if any(annotates_words(d, attr) for d in docs)}
    scores = {name: prf for name, prf in totals.items() if name not in ANNOTATION_OF or name in produced}
    return scores, {"documents": len(texts), "words": totals["Words"].gold, "seconds": seconds,
                    "words_per_second": totals["Words"].gold / seconds if seconds else 0.0}, per_document


def metric_counts(per_document: list[dict[str, PRF]], metric: str):
    """Per document, (correct, system, gold) of ``metric`` (:mod:`ukrnews_nlp.evaluation.bootstrap`)."""
    return as_counts([(d[metric].correct, d[metric].system, d[metric].gold) for d in per_document])


def format_intervals(metrics: list[str], per_document: list[dict[str, PRF]], resamples: int) -> str:
    """One line: the 95 % interval of each metric's F1 over resampled documents."""
    return bootstrap.format_intervals([(metric, metric_counts(per_document, metric)) for metric in metrics],
                                      resamples=resamples, digits=2)


def format_differences(metrics: list[str], per_document: list[dict[str, PRF]], other: list[dict[str, PRF]],
                       resamples: int) -> str:
    """One line: each metric's F1 minus the other pipeline's, with paired 95 % intervals."""
    return bootstrap.format_differences(
        [(metric, metric_counts(per_document, metric), metric_counts(other, metric)) for metric in metrics],
        resamples=resamples, against="--against-models", digits=2)


def configure_parser(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--split", choices=sorted(SPLITS), default="test",
                        help="UD Ukrainian-IU split to score (default: %(default)s; tune on dev only)")
    source.add_argument("--conllu", type=Path, default=None, metavar="FILE",
                        help="score another UD CoNLL-U file instead (your own treebank): its raw text is rebuilt "
                             "from its tokens, SpaceAfter=No, # newpar and # newdoc")
    parser.add_argument("--bootstrap", type=non_negative_int, default=DEFAULT_RESAMPLES, metavar="N",
                        help="resamples of the documents for the F1 confidence intervals (0: none; default "
                             f"{DEFAULT_RESAMPLES})")
    parser.add_argument("--against-models", type=Path, default=None, metavar="DIR",
                        help="another models folder, scored on the same documents: prints the F1 differences with "
                             "paired bootstrap intervals")


def run(args: argparse.Namespace) -> int:
    from ..errors import DataError, Errors, ModelError

    against = args.against_models
    if against is not None and not any((Path(against) / name / "config.cfg").is_file() for name in ("core", "ner")):
        raise ModelError(Errors.E111.format(path=against))  # load() would quietly give the rules alone
    if args.conllu is not None:
        conllu = Path(args.conllu)
        if not conllu.is_file():
            raise DataError(Errors.E211.format(path=conllu))
        name = str(conllu)
    else:
        conllu = data_path(args.data_dir, "ud-uk-iu", SPLITS[args.split])
        name = f"UD Ukrainian-IU {args.split} ({conllu.name})"
    nlp = pipeline_from_args(args)
    totals, speed, per_document = evaluate_ud(nlp, conllu)
    print(format_table(totals, title=f"{name}, from raw text; "
                                     f"pipeline: {', '.join(nlp.pipe_names) or 'tokenizer only'}"))
    print(f"{speed['documents']} documents, {speed['words']} gold words, "
          f"{speed['words_per_second']:,.0f} words/s")
    metrics = [name for name in totals if name != "Words"]
    if args.bootstrap:
        print(format_intervals(metrics, per_document, args.bootstrap))
    if args.against_models is not None:
        from ..pipeline import load

        other_nlp = load(models=not args.no_models, models_dir=args.against_models, parser=args.parser,
                         matmul=args.matmul)
        other_totals, _, other = evaluate_ud(other_nlp, conllu)
        print(format_table(other_totals, title=f"against {args.against_models}"))
        shared = [name for name in metrics if name in other_totals]
        print(format_differences(shared, per_document, other, args.bootstrap or DEFAULT_RESAMPLES))
    return 0
