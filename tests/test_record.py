"""The record: schema, offsets into the original text, annotate() input checks."""
from __future__ import annotations

import json

import jsonschema
import pytest

import ukrnews_nlp
from ukrnews_nlp.record import SCHEMA_ID, record_schema

from .conftest import EXAMPLES


def check_offsets(record: dict) -> None:
    text = record["text"]
    for tok in record["tokens"]:
        assert text[tok["start"]:tok["end"]] == tok["text"]
    for ent in record["entities"]:
        assert text[ent["start"]:ent["end"]] == ent["text"]
    for sent in record["sentences"]:
        assert 0 <= sent["start"] < sent["end"] <= len(text)
        assert not text[sent["start"]].isspace() and not text[sent["end"] - 1].isspace()
    for q in record["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
        assert q["parts"][0] == [q["start"], q["end"]]
        for mention in filter(None, [q["cue"], q["speaker"] and q["speaker"]["mention"]]):
            assert text[mention["start"]:mention["end"]] == mention["text"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_examples_give_valid_records(nlp, path):
    text = path.read_text(encoding="utf-8")
    record = ukrnews_nlp.annotate(text, id=path.name, meta={"source": "examples"}, nlp=nlp)
    jsonschema.validate(record, record_schema())
    assert record["schema"] == SCHEMA_ID and record["id"] == path.name and record["text"] == text
    assert record["meta"] == {"source": "examples"}
    check_offsets(record)
    json.dumps(record, ensure_ascii=False)  # plain JSON all the way down
    # tokens and their trailing whitespace rebuild the input exactly
    assert "".join(t["text"] + t["ws"] for t in record["tokens"]) == text


def test_tokens_head_points_inside_the_document(nlp):
    record = ukrnews_nlp.annotate("Президент заявив, що переговори тривають.", nlp=nlp)
    n = len(record["tokens"])
    for tok in record["tokens"]:
        assert tok["head"] is None or 0 <= tok["head"] < n


def test_offsets_survive_normalization(rules_nlp):
    # Latin 'i' and 'o' inside Cyrillic words, a typographic apostrophe: offsets still index the input
    text = "Kиїв i Мар’їнка: мiсто, oб'єкт."
    record = ukrnews_nlp.annotate(text, nlp=rules_nlp)
    check_offsets(record)
    assert "".join(t["text"] + t["ws"] for t in record["tokens"]) == text


def test_annotate_rejects_non_text():
    with pytest.raises(TypeError, match="expects text as str"):
        ukrnews_nlp.annotate(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="meta must be"):
        ukrnews_nlp.annotate("текст", meta=["not", "a", "dict"])  # type: ignore[arg-type]


def test_empty_text(rules_nlp):
    record = ukrnews_nlp.annotate("", nlp=rules_nlp)
    assert record["tokens"] == [] and record["sentences"] == [] and record["errors"] == []
    jsonschema.validate(record, record_schema())
