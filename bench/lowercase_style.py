"""Entities and quote speakers in the 2022+ news style, where some names are written in lower case.

``bench/data/lowercase_style.json`` holds short news texts in that style (``путіна``, ``у кремлі``, ``марія
захарова``, ``герасимов``), written for this benchmark, with our own annotation: PER, LOC and ORG spans as NER-UK 2.0
annotates them, and each quote's speaker. Set ``a`` was written after the lower-case rules for persons and places
(the one for state bodies, ``мзс рф``, was then written from its errors); set ``b`` after all of them, never used to
tune them. The shipped pipeline (``ukrnews_nlp.load()``) runs over each set twice: as shipped, and with the entity
rules' lower-case part switched off (``EntityRules.lowercase_style``), to show what the model does alone in that
style. Printed: exact-span
precision, recall and F1 per type and micro over the three; the share of gold quotes found (a predicted quote
covering the gold quote's first character) and of those, the speaker's name right (case aside).

    python bench/lowercase_style.py [--errors]
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from news_entities import report as report_entities  # this folder's: run as ``python bench/lowercase_style.py``

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "lowercase_style.json"
LABELS = ("PER", "LOC", "ORG")
#: The two sets of texts: when each was written (the data file's "about" says more).
SETS = {"a": "written after the PER/LOC rules; the rule for state bodies was then written from its errors",
        "b": "written after all the rules, never used to tune them"}


def gold_spans(doc: dict) -> set[tuple[int, int, str]]:
    """The gold entities of one document as (start, end, label) character spans."""
    spans = set()
    for surface, label, occurrence in doc["entities"]:
        start = -1
        for _ in range(occurrence):
            start = doc["text"].index(surface, start + 1)
        spans.add((start, start + len(surface), label))
    return spans


def score(nlp, documents: list[dict], errors: bool) -> tuple[Counter, Counter]:
    """Entity counts (``tp/gold/pred`` per label) and quote counts (``gold``, ``found``, ``speaker``)."""
    entities, quotes = Counter(), Counter()
    for doc in documents:
        analysed = nlp(doc["text"])
        gold = gold_spans(doc)
        pred = {(e.start_char, e.end_char, e.label_) for e in analysed.ents if e.label_ in LABELS}
        for label in LABELS:
            g, p = {s for s in gold if s[2] == label}, {s for s in pred if s[2] == label}
            entities[label, "tp"] += len(g & p)
            entities[label, "gold"] += len(g)
            entities[label, "pred"] += len(p)
        if errors:
            for start, end, label in sorted(gold ^ pred):
                side = "missed" if (start, end, label) in gold else "extra"
                print(f"  {doc['id']}: {side} {label} {doc['text'][start:end]!r}")
        for prefix, speaker in doc["quotes"]:
            start = doc["text"].index(prefix)
            quotes["gold"] += 1
            found = [q for q in analysed._.quotes if any(s <= start < e for s, e in q.parts)]
            if not found:
                if errors:
                    print(f"  {doc['id']}: quote not found {prefix!r}")
                continue
            quotes["found"] += 1
            names = [q.speaker.name for q in found if q.speaker is not None]
            if any(name.lower() == speaker.lower() for name in names):
                quotes["speaker"] += 1
            elif errors:
                print(f"  {doc['id']}: speaker of {prefix!r}: {names} (gold {speaker!r})")
    return entities, quotes


def report(title: str, entities: Counter, quotes: Counter) -> None:
    report_entities(title, entities)
    found = quotes["found"]
    print(f"  quotes found {found} of {quotes['gold']}; speaker name right {quotes['speaker']} of {found}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="print each missed or extra entity and quote")
    args = parser.parse_args()

    import ukrnews_nlp

    documents = json.loads(DATA.read_text(encoding="utf-8"))["documents"]
    nlp = ukrnews_nlp.load()
    rules = nlp.get_pipe("ukrnews_entity_rules")
    for part in sorted({doc["set"] for doc in documents}):
        chosen = [doc for doc in documents if doc["set"] == part]
        rules.lowercase_style = True
        report(f"set {part} ({SETS.get(part, '')}): shipped pipeline", *score(nlp, chosen, args.errors))
        rules.lowercase_style = False
        report(f"set {part}: without the entity rules' lower-case part (lowercase_style=False)",
               *score(nlp, chosen, args.errors))


if __name__ == "__main__":
    main()
