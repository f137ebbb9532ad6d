"""bench/news_entities.py: its data file is well formed and its scorer counts what it says."""
from __future__ import annotations

import json

from tests.bench_modules import BENCH, load_bench


def _bench():
    return load_bench("news_entities")


def test_every_span_is_found_on_word_edges_and_none_overlap():
    bench = _bench()
    data = json.loads((BENCH / "data" / "news_entities.json").read_text(encoding="utf-8"))
    documents = data["documents"]
    assert {doc["set"] for doc in documents} == set(data["sets"])
    assert len({doc["id"] for doc in documents}) == len(documents)
    for doc in documents:
        text = doc["text"]
        entities, ignored = bench.gold_spans(doc)
        assert entities and all(label in bench.LABELS for _, _, label in entities), doc["id"]
        spans = sorted([(s, e) for s, e, _ in entities] + list(ignored))
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, (doc["id"], text[start:end])
        for start, end in spans:
            assert not text[start - 1: start].isalnum() and not text[end: end + 1].isalnum(), (doc["id"], start)


def test_the_scorer_counts_hits_misses_and_extras_and_skips_ignored_spans():
    bench = _bench()
    doc = {"id": "t", "text": "Генштаб ЗСУ і Укрінформ: Залужний у Києві.",
           "entities": [["Генштаб ЗСУ", "ORG", 1], ["Залужний", "PER", 1], ["Києві", "LOC", 1]],
           "ignore": [["Укрінформ", 1]]}
    predicted = {(0, 11, "ORG"), (14, 23, "ORG"), (25, 33, "LOC"), (36, 41, "LOC"), (0, 7, "DATE")}
    errors: list[str] = []
    counts = bench.score_doc(predicted, doc, errors)
    assert (counts["ORG", "tp"], counts["ORG", "gold"], counts["ORG", "pred"]) == (1, 1, 1)  # Укрінформ skipped
    assert (counts["PER", "tp"], counts["PER", "gold"], counts["PER", "pred"]) == (0, 1, 0)
    assert (counts["LOC", "tp"], counts["LOC", "gold"], counts["LOC", "pred"]) == (1, 1, 2)
    assert sorted(errors) == ["  t: extra LOC 'Залужний'", "  t: missed PER 'Залужний'"]
    assert bench.prf(1, 2, 4) == (25.0, 50.0, 2 * 25.0 * 50.0 / 75.0)
