"""Person, place and organisation names in the 2022–2024 news style: the front, the state and its partners.

``bench/data/news_entities.json`` holds short news texts written for this benchmark (the war's bodies and units,
``Генштаб ЗСУ``, ``Сили оборони України``, ``ГУР Міноборони``, ``Харківська ОВА``, ``47-ма окрема механізована
бригада «Маґура»``; regional administrations, ministries of other countries, international courts and think
tanks; officials named with their titles; some posts in the lower-case style for russia-related names), each
set by a different author, with PER, LOC and ORG spans as NER-UK 2.0 annotates them. Mentions whose convention
is unsettled (media outlets and networks, ``ЄС``, ``Білий дім``, ``Пентагон``, front directions, weapons) are
listed under ``ignore``: a prediction of exactly such a span counts neither way. NER-UK 2.0, the training data,
has few texts of this kind, so this is where the recognizer and the entity rules meet names they were not
trained on. The data file's ``sets`` says how each set was used (written before or after a rule, tuned on or
held back).

Printed per set and for all: exact-span precision, recall and F1 per type and micro over the three.

    python bench/news_entities.py [--errors] [--sets a b] [--data FILE]
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "news_entities.json"
LABELS = ("PER", "LOC", "ORG")


def find(text: str, surface: str, occurrence: int) -> int:
    """Where the ``occurrence``-th (1 = first) ``surface`` starts in ``text``; ValueError if there is none."""
    start = -1
    for _ in range(occurrence):
        start = text.index(surface, start + 1)
    return start


def gold_spans(doc: dict) -> tuple[set[tuple[int, int, str]], set[tuple[int, int]]]:
    """The document's gold (start, end, label) entities and its ignored (start, end) spans."""
    text = doc["text"]
    entities = set()
    for surface, label, occurrence in doc["entities"]:
        start = find(text, surface, occurrence)
        entities.add((start, start + len(surface), label))
    ignored = set()
    for surface, occurrence in doc.get("ignore", []):
        start = find(text, surface, occurrence)
        ignored.add((start, start + len(surface)))
    return entities, ignored


def score_doc(predicted: set[tuple[int, int, str]], doc: dict, errors: list[str] | None = None) -> Counter:
    """``(label, tp|gold|pred)`` counts of one document; a prediction on an ignored span is left out."""
    gold, ignored = gold_spans(doc)
    predicted = {span for span in predicted if span[2] in LABELS and span[:2] not in ignored}
    counts = Counter()
    for label in LABELS:
        g = {span for span in gold if span[2] == label}
        p = {span for span in predicted if span[2] == label}
        counts[label, "tp"] += len(g & p)
        counts[label, "gold"] += len(g)
        counts[label, "pred"] += len(p)
    if errors is not None:
        for start, end, label in sorted(gold ^ predicted):
            side = "missed" if (start, end, label) in gold else "extra"
            errors.append(f"  {doc['id']}: {side} {label} {doc['text'][start:end]!r}")
    return counts


def prf(tp: int, gold: int, pred: int) -> tuple[float, float, float]:
    p = 100 * tp / pred if pred else 0.0
    r = 100 * tp / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def report(title: str, counts: Counter) -> None:
    print(title)
    print(f"  {'type':<6} {'gold':>5} {'pred':>5} {'P':>7} {'R':>7} {'F1':>7}")
    for label in (*LABELS, "micro"):
        keys = LABELS if label == "micro" else (label,)
        tp, gold, pred = (sum(counts[k, x] for k in keys) for x in ("tp", "gold", "pred"))
        p, r, f = prf(tp, gold, pred)
        print(f"  {label:<6} {gold:>5} {pred:>5} {p:>7.2f} {r:>7.2f} {f:>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="print each missed or extra entity")
    parser.add_argument("--sets", nargs="*", help="only these sets (default: all)")
    parser.add_argument("--data", type=Path, default=DATA, help="the data file (default: %(default)s)")
    args = parser.parse_args()

    import ukrnews_nlp

    data = json.loads(args.data.read_text(encoding="utf-8"))
    documents = [doc for doc in data["documents"] if not args.sets or doc["set"] in args.sets]
    nlp = ukrnews_nlp.load()
    total = Counter()
    for part in sorted({doc["set"] for doc in documents}):
        counts, errors = Counter(), []
        for doc in (doc for doc in documents if doc["set"] == part):
            analysed = nlp(doc["text"])
            predicted = {(e.start_char, e.end_char, e.label_) for e in analysed.ents}
            counts += score_doc(predicted, doc, errors if args.errors else None)
        total += counts
        report(f"set {part} ({data.get('sets', {}).get(part, '')})", counts)
        print("\n".join(errors))
    report("all sets", total)


if __name__ == "__main__":
    main()
