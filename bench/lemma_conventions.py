"""Where do dictionary lemmas differ from UD Ukrainian-IU lemmas? Measured on UD-IU dev with gold tags.

Prints lemma accuracy for these settings, each but the first given the gold UPOS and FEATS as oracle input:

* ``no tags (frequencies)``: no UPOS/FEATS at all (as with no morphologizer): the reading with the lemma
  most frequent in BRUK;
* ``first``: the first (most probable) pymorphy3 reading, no UD conventions;
* ``feats``: the reading chosen by UPOS+FEATS, no UD conventions;
* ``feats+conv``: the same plus the UD-IU convention rules of :mod:`ukrnews_nlp.morphology`;
* ``feats+conv, no frequencies``: without the BRUK lemma-frequency tie-breaker;

then the most frequent remaining differences per UPOS, which is what the convention rules were written from.
Never run this on the test file: the rules must not be tuned on it.

    python bench/lemma_conventions.py [--data-dir ../shared/data] [--errors 15] [--speed]

``--speed`` also times the ``ukrnews_lemmatizer`` component alone on the same words (gold tags set on the
Docs): a first pass with empty caches, then a second pass over the same Docs.
"""
from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

from ukrnews_nlp import morphology
from ukrnews_nlp.morphology import choose_reading, lemmatize_word, lookup_form


def read_conllu(path: Path):
    """Yield sentences as lists of (form, lemma, upos, feats) for plain word lines."""
    sent: list[tuple[str, str, str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if sent:
                    yield sent
                sent = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                continue
            sent.append((cols[1], cols[2], cols[3], "" if cols[5] == "_" else cols[5]))
    if sent:
        yield sent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/data")
    ap.add_argument("--errors", type=int, default=15, help="differences shown per UPOS")
    ap.add_argument("--speed", action="store_true", help="time the spaCy component on the dev words")
    ap.add_argument("--model", type=Path, default=None,
                    help="a trained core pipeline (e.g. models/core): also score lemmas with its predicted tags")
    args = ap.parse_args()
    path = Path(args.data_dir) / "ud-uk-iu" / "uk_iu-ud-dev.conllu"
    if "test" in path.name:
        raise SystemExit("conventions are measured on dev only")
    settings = {
        "no tags (frequencies)": dict(conventions=False),
        "first": dict(first_reading=True, conventions=False),
        "feats": dict(conventions=False),
        "feats+conv": dict(conventions=True),
        "feats+conv, no frequencies": dict(conventions=True),
    }
    correct = collections.Counter()
    correct_ci = collections.Counter()
    known_total = collections.Counter()
    known_correct = collections.Counter()
    errors: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    total = 0
    weight = morphology.FREQUENCY_WEIGHT
    t0 = time.perf_counter()
    for sent in read_conllu(path):
        initial = True  # only punctuation so far in the sentence
        for i, (form, gold, upos, feats) in enumerate(sent):
            total += 1
            if i and any(ch.isalpha() for ch in sent[i - 1][0]):
                initial = False
            known = choose_reading(lookup_form(form), upos, feats).source == "dict"
            for name, kw in settings.items():
                morphology.FREQUENCY_WEIGHT = 0.0 if "no frequencies" in name else weight
                nxt = sent[i + 1][0] if i + 1 < len(sent) else ""
                tags = ("", "") if name.startswith("no tags") else (upos, feats)
                pred = lemmatize_word(form, *tags, sent_start=initial, next_text=nxt, **kw)
                ok = pred == gold
                correct[name] += ok
                correct_ci[name] += pred.lower() == gold.lower()
                known_total[name] += known
                known_correct[name] += ok and known
                if name == "feats+conv" and not ok:
                    errors[upos][(form, gold, pred, feats if upos in ("DET", "PRON", "ADJ", "NUM") else "")] += 1
    elapsed = time.perf_counter() - t0
    print(f"UD-IU dev, {total} words")
    for name in settings:
        print(f"  {name:27s} lemma acc {correct[name] / total:.4f}  (case-insensitive {correct_ci[name] / total:.4f}; "
              f"dictionary-known words {known_correct[name] / max(known_total[name], 1):.4f} "
              f"of {known_total[name]})")
    print(f"  ({elapsed:.1f} s for {len(settings)} settings, cold caches)")
    print("\nRemaining differences (feats+conv) by UPOS: count  form → gold / ours")
    for upos, cnt in sorted(errors.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"{upos}: {sum(cnt.values())}")
        for (form, gold, pred, feats), n in cnt.most_common(args.errors):
            print(f"   {n:3d}  {form} → {gold} / {pred}  {feats}")

    if args.speed:
        time_component(list(read_conllu(path)))
    if args.model is not None:
        predicted_tags(list(read_conllu(path)), args.model)


def predicted_tags(sents, model: Path) -> None:
    """Lemma accuracy on gold tokens with the model's own UPOS/FEATS: its edit-tree lemmas vs ours on top."""
    import spacy
    from spacy.tokens import Doc

    from ukrnews_nlp.pipeline import load_trained_model

    nlp = load_trained_model(Path(model), spacy.blank("uk").vocab)  # its static vectors are stored with models/ner
    lemmatizer = nlp.add_pipe("ukrnews_lemmatizer")
    docs = [Doc(nlp.vocab, words=[w[0] for w in s]) for s in sents]
    counts = collections.Counter()
    t0 = time.perf_counter()
    with nlp.select_pipes(disable=["ukrnews_lemmatizer"]):
        tagged = list(nlp.pipe(docs))
    t_model = time.perf_counter() - t0
    edit_tree = [[t.lemma_ for t in doc] for doc in tagged]
    t0 = time.perf_counter()
    done = [lemmatizer(doc) for doc in tagged]
    t_ours = time.perf_counter() - t0
    for doc, sent, trained in zip(done, sents, edit_tree, strict=True):
        for tok, (_form, gold, upos, _feats), tl in zip(doc, sent, trained, strict=True):
            counts["n"] += 1
            counts["upos"] += tok.pos_ == upos
            counts["trained"] += tl == gold
            counts["ours"] += tok.lemma_ == gold
            counts["ours_ci"] += tok.lemma_.lower() == gold.lower()
    n = counts["n"]
    print(f"\nPredicted tags from {model} (gold tokens, UD-IU dev, {n} words; model UPOS acc "
          f"{counts['upos'] / n:.4f})")
    print(f"  trainable_lemmatizer alone      lemma acc {counts['trained'] / n:.4f}")
    print(f"  + ukrnews_lemmatizer            lemma acc {counts['ours'] / n:.4f}  "
          f"(case-insensitive {counts['ours_ci'] / n:.4f})")
    print(f"  time: model components {1e6 * t_model / n:.1f} µs/token, ukrnews_lemmatizer {1e6 * t_ours / n:.1f} "
          f"µs/token (first pass)")


def time_component(sents) -> None:
    """µs per token of the component with gold tags and without tags, cold and warm caches."""
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.blank("uk")
    component = nlp.add_pipe("ukrnews_lemmatizer")
    n = sum(len(s) for s in sents)
    print(f"\nukrnews_lemmatizer speed on {n} dev words (one process, µs per token):")
    for tagged in (True, False):
        component._cache.clear()
        morphology.parse_form.cache_clear()
        for run in ("first pass", "second pass"):
            docs = [Doc(nlp.vocab, words=[w[0] for w in s],
                        pos=[w[2] if w[2] != "_" else "X" for w in s] if tagged else None,
                        morphs=[w[3] for w in s] if tagged else None) for s in sents]
            t0 = time.perf_counter()
            for doc in docs:
                component(doc)
            elapsed = time.perf_counter() - t0
            print(f"  {'gold tags' if tagged else 'no tags':9s} {run}: {1e6 * elapsed / n:6.2f}")


if __name__ == "__main__":
    main()
