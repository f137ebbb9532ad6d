"""bench/news_quotes.py: its data file is well formed and its scorer counts what it says."""
from __future__ import annotations

import json

import pytest

from tests.bench_modules import BENCH, load_bench


def _bench():
    return load_bench("news_quotes")


def test_every_item_is_found_once_in_its_text():
    documents = json.loads((BENCH / "data" / "news_quotes.json").read_text(encoding="utf-8"))["documents"]
    assert {doc["set"] for doc in documents} == set(_bench().SETS)
    assert len({doc["id"] for doc in documents}) == len(documents)
    for doc in documents:
        assert doc["quotes"], doc["id"]
        for prefix, speaker, kind in doc["quotes"]:
            assert doc["text"].count(prefix) == 1, (doc["id"], prefix)
            assert kind in ("direct", "indirect") and (speaker is None or isinstance(speaker, str)), doc["id"]


@pytest.fixture(scope="module")
def nlp(blank_quotes_nlp):
    return blank_quotes_nlp


def test_the_scorer_counts_found_right_and_extra_items(nlp):
    doc = {"id": "t", "text": "«Ми готові», – сказав Іван Петренко. Він заявив, що «Динамо» виграє. «Хай живе "
                              "свобода», – вигукнули всі.",
           "quotes": [["Ми готові", "Іван Петренко", "direct"], ["«Динамо» виграє", "Петро Іваненко", "indirect"]]}
    counts = _bench().score_quotes(nlp(doc["text"]), doc)
    assert (counts["direct", "gold"], counts["direct", "found"], counts["direct", "speaker"]) == (1, 1, 1)
    assert (counts["indirect", "gold"], counts["indirect", "found"], counts["indirect", "speaker"]) == (1, 1, 0)
    assert counts["extra"] == 1   # «Хай живе свобода» is no gold item
