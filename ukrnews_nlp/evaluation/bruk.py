"""``ukrnews-nlp evaluate bruk``: lemma and POS accuracy on the BRUK test files, on gold tokens.

Each gold sentence of the 36 files listed in ``bruk/test_data_set.txt`` becomes a ``Doc`` of the gold words
(spaces recovered from ``raw_text/`` where the words can be found there), and runs through the pipeline's
components after the tokenizer (the sentence splitter, NER and quote components are skipped: they do not
change lemmas or POS). Reported: lemma accuracy (exact, and ignoring letter case) and POS accuracy, over all
tokens and over non-punctuation tokens, and the same for the press files (category A) alone.

Conventions of the comparison:

* gold POS is the VESUM tag mapped to UPOS by the training converters (:func:`bruk_upos`); tokens whose UPOS
  BRUK does not determine (digits, which UD-IU tags NUM or ADJ; unclassified and uninflected foreign tokens)
  are left out of POS accuracy; VESUM does not mark auxiliaries, so a predicted ``AUX`` counts as ``VERB``;
* apostrophe characters are unified before lemmas are compared (BRUK writes ``'``, our lemmas ``’``);
* BRUK lemmatizes adverbial participles as themselves (``враховуючи``), UD-IU as the verb
  (``враховувати``); ``--dictionary-conventions`` switches the lemmatizer's UD-IU rules off to score the
  dictionary convention instead.
"""
from __future__ import annotations

import argparse
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Errors
from ..normalize import normalize_apostrophes
from . import add_common_arguments, data_path, pipeline_from_args

#: Components that neither lemmatize nor tag: left out of the run.
SKIPPED_COMPONENTS = ("ukrnews_sentences", "ner_tok2vec", "ner", "ukrnews_entity_normalizer", "ukrnews_quotes")
#: BRUK parts of speech without a UD counterpart BRUK can determine (digits: NUM or ADJ; unclassified…).
_UNDETERMINED_POS = frozenset({"number", "date", "time", "noninfl", "noinfl", "unclass", "unknown", "xmltag",
                               "hashtag", "aprt"})


@dataclass(frozen=True)
class GoldToken:
    text: str
    lemma: str
    tags: str
    space_after: bool = True

    @property
    def is_punct(self) -> bool:
        return self.tags.split(":", 1)[0] == "punct"


def bruk_upos(tags: str, lemma: str = "", form: str = "") -> str:
    """UPOS of a BRUK (VESUM) tag such as ``noun:inanim:f:v_rod`` or ``adj:m:v_naz:pron:dem``; "" where BRUK
    does not determine it (digits, unclassified tokens).

    The tag is rewritten by the training converter (:func:`ukrnews_nlp.training.bruk.vesum_to_ana`) and mapped by
    :func:`ukrnews_nlp.training.zoloto.ana_to_ud`; ``бути`` is VERB (AUX is merged into VERB here).
    """
    from ..training.bruk import vesum_to_ana
    from ..training.zoloto import ana_to_ud

    flags = tags.split(":")
    pos = flags[0]
    if pos in _UNDETERMINED_POS:
        return ""
    if pos == "punct":
        return "PUNCT"
    if pos == "verb" and lemma == "бути":
        return "VERB"
    if "int" in flags and "rel" in flags:  # the converter leaves these out; either reading has the same UPOS
        flags = [f for f in flags if f != "int"]
    ana = vesum_to_ana(":".join(flags), lemma, next_case="v_naz")  # the case does not change the UPOS
    return ana_to_ud(ana, lemma, form)[0] if ana else ""


def bruk_test_files(bruk_dir: Path) -> list[Path]:
    """The BRUK test files (``test_data_set.txt``; one line there names the ``.txt`` for the ``.xml``)."""
    listing = data_path(bruk_dir, "test_data_set.txt")
    files = []
    for line in listing.read_text(encoding="utf-8").splitlines():
        name = line.strip()
        if not name:
            continue
        path = bruk_dir / "disambig" / (name[:-4] + ".xml" if name.endswith(".txt") else name)
        if not path.is_file():
            raise DataError(Errors.E201.format(path=bruk_dir, expected=f"disambig/{path.name}"))
        files.append(path)
    return files


def read_sentences(path: Path, raw_text: str | None = None) -> Iterator[list[GoldToken]]:
    """Gold sentences of one ``disambig`` file; spaces come from ``raw_text`` when the words are found."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise DataError(Errors.E202.format(path=path, line=exc.position[0], reason=str(exc))) from exc
    pos = 0
    for sent in root.iter("sentence"):
        words = [(t.get("value", ""), t.get("lemma", ""), t.get("tags", "")) for t in sent.iter("token")]
        tokens = []
        for i, (value, lemma, tags) in enumerate(words):
            space = True
            if raw_text is not None:
                start = raw_text.find(value, pos)
                if start >= 0 and start - pos < 200:  # a plain sequential search (BRUK README: 99.6%)
                    pos = start + len(value)
                    nxt = words[i + 1][0] if i + 1 < len(words) else None
                    space = not (nxt and raw_text.startswith(nxt, pos))
            tokens.append(GoldToken(value, lemma, tags, space))
        if tokens:
            yield tokens


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += ok
        self.total += 1

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class BrukScores:
    lemma: dict[str, Accuracy] = field(default_factory=lambda: {"all": Accuracy(), "no_punct": Accuracy()})
    lemma_ci: dict[str, Accuracy] = field(default_factory=lambda: {"all": Accuracy(), "no_punct": Accuracy()})
    pos: dict[str, Accuracy] = field(default_factory=lambda: {"all": Accuracy(), "no_punct": Accuracy()})
    lemma_errors: Counter = field(default_factory=Counter)
    pos_errors: Counter = field(default_factory=Counter)


def _same_lemma(pred: str, gold: str) -> bool:
    return normalize_apostrophes(pred) == normalize_apostrophes(gold)


def score_doc(doc, gold: list[GoldToken], scores: BrukScores, *, with_pos: bool, news: bool = False) -> None:
    """Add one sentence's counts; ``news``: it comes from a press file (category A), counted apart as well."""
    for token, g in zip(doc, gold, strict=True):
        groups: tuple[str, ...] = ("all",) if g.is_punct else ("all", "no_punct")
        if news:
            groups += tuple("news_" + group for group in groups)
        lemma_ok = _same_lemma(token.lemma_, g.lemma)
        lemma_ci_ok = lemma_ok or _same_lemma(token.lemma_.lower(), g.lemma.lower())
        if not lemma_ok:
            scores.lemma_errors[(g.text, g.lemma, token.lemma_)] += 1
        gold_pos = bruk_upos(g.tags, g.lemma, g.text) if with_pos else ""
        if gold_pos:
            pred_pos = "VERB" if token.pos_ == "AUX" else token.pos_
            pos_ok = pred_pos == gold_pos
            if not pos_ok:
                scores.pos_errors[(gold_pos, pred_pos)] += 1
        for group in groups:
            scores.lemma.setdefault(group, Accuracy()).add(lemma_ok)
            scores.lemma_ci.setdefault(group, Accuracy()).add(lemma_ci_ok)
            if gold_pos:
                scores.pos.setdefault(group, Accuracy()).add(pos_ok)


def evaluate_bruk(nlp, bruk_dir: Path, *, batch_size: int = 256) -> tuple[BrukScores, dict]:
    """Run ``nlp``'s components on the gold tokens of the BRUK test files and count what they got right."""
    from spacy.tokens import Doc

    skipped = [name for name in SKIPPED_COMPONENTS if name in nlp.pipe_names]
    with_pos = any(name in nlp.pipe_names for name in ("morphologizer", "tagger"))
    scores = BrukScores()
    n_tokens = 0
    elapsed = 0.0
    with nlp.select_pipes(disable=skipped):
        for path in bruk_test_files(bruk_dir):
            raw_path = bruk_dir / "raw_text" / (path.stem + ".txt")
            raw = raw_path.read_text(encoding="utf-8") if raw_path.is_file() else None
            gold = list(read_sentences(path, raw))
            docs = [Doc(nlp.vocab, words=[t.text for t in s], spaces=[t.space_after for t in s]) for s in gold]
            t0 = time.perf_counter()
            done = list(nlp.pipe(docs, batch_size=batch_size))
            elapsed += time.perf_counter() - t0
            for doc, sent in zip(done, gold, strict=True):
                score_doc(doc, sent, scores, with_pos=with_pos, news=path.name.startswith("A_"))
                n_tokens += len(sent)
    return scores, {"tokens": n_tokens, "seconds": elapsed, "with_pos": with_pos,
                    "components": [n for n in nlp.pipe_names if n not in skipped]}


def configure_parser(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)
    parser.add_argument("--dictionary-conventions", action="store_true",
                        help="switch the lemmatizer's UD-IU lemma rules off (BRUK follows the dictionary)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="also print the N most frequent lemma and POS differences")


def run(args: argparse.Namespace) -> int:
    bruk_dir = data_path(args.data_dir, "bruk")
    nlp = pipeline_from_args(args)
    if args.dictionary_conventions and "ukrnews_lemmatizer" in nlp.pipe_names:
        nlp.get_pipe("ukrnews_lemmatizer").conventions = False
    scores, info = evaluate_bruk(nlp, bruk_dir)
    print(f"BRUK test ({len(bruk_test_files(bruk_dir))} files), gold tokens; "
          f"components: {', '.join(info['components']) or 'none'}")
    print(f"{'':24}{'all tokens':>14}{'excl. punct':>14}")
    rows = [("Lemma accuracy", scores.lemma), ("Lemma acc. (any case)", scores.lemma_ci)]
    if info["with_pos"]:
        rows.append(("POS accuracy", scores.pos))
    for label, acc in rows:
        print(f"{label:<24}{100 * acc['all'].value:13.2f}%{100 * acc['no_punct'].value:13.2f}%")
    for label, acc in rows:
        if "news_all" in acc:
            print(f"{label + ', news':<28}{100 * acc['news_all'].value:9.2f}%"
                  f"{100 * acc['news_no_punct'].value:13.2f}%")
    if not info["with_pos"]:
        print("POS accuracy            n/a (no tagger in the pipeline)")
    print(f"{'Tokens':<24}{scores.lemma['all'].total:14d}{scores.lemma['no_punct'].total:14d}")
    if info["with_pos"]:
        print(f"{'Tokens with gold UPOS':<24}{scores.pos['all'].total:14d}{scores.pos['no_punct'].total:14d}"
              "   (POS accuracy counts these: BRUK does not tell NUM from ADJ for digits, etc.)")
    if "news_all" in scores.lemma:
        print(f"{'Tokens, news':<24}{scores.lemma['news_all'].total:14d}"
              f"{scores.lemma['news_no_punct'].total:14d}   (files A_*: press)")
    words_per_s = info["tokens"] / info["seconds"] if info["seconds"] else 0.0
    print(f"{info['tokens']} tokens in {info['seconds']:.1f} s ({words_per_s:,.0f} tokens/s)")
    if args.errors:
        print("\nMost frequent lemma differences (form, gold, ours):")
        for (form, gold, pred), n in scores.lemma_errors.most_common(args.errors):
            print(f"  {n:4d}  {form}  {gold}  {pred}")
        if info["with_pos"]:
            print("Most frequent POS confusions (gold → ours):")
            for (gold, pred), n in scores.pos_errors.most_common(args.errors):
                print(f"  {n:4d}  {gold} → {pred}")
    return 0
