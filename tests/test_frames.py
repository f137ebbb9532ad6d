"""frames(): tidy tables from records — columns, dtypes, and counts that equal the records'."""
from __future__ import annotations

import io

import jsonschema
import pandas as pd
import pytest

import ukrnews_nlp
from ukrnews_nlp.errors import UserError
from ukrnews_nlp.frames import TABLES, Frames
from ukrnews_nlp.record import record_schema

from .conftest import EXAMPLES

TEXT = ("Голова Верховної Ради Руслан Стефанчук заявив, що парламент працюватиме у Києві. "
        "«Ми не зупинимося, — сказав він. — Роботу продовжать комітети». "
        "Як повідомляє «Укрінформ», в ОП ситуацію не коментують.\n\n"
        "«Засідання відбудеться в четвер», — йдеться в повідомленні.")

COLUMNS = {
    "documents": ["doc_id", "text", "n_chars", "n_sentences", "n_tokens", "n_entities", "n_quotes", "n_speakers",
                  "n_errors", "errors"],
    "tokens": ["doc_id", "i", "sent", "text", "start", "end", "ws", "norm", "lemma", "upos", "feats", "head",
               "deprel"],
    "entities": ["doc_id", "i", "label", "text", "normal", "start", "end", "sent", "token_start", "token_end"],
    "quotes": ["doc_id", "i", "kind", "text", "start", "end", "last_end", "n_parts", "full_text", "speaker",
               "speaker_label", "speaker_mention", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
               "sent"],
    "speakers": ["doc_id", "i", "name", "label", "quotes", "n_mentions", "mentions", "first_start"],
}


def span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def mention(text: str, part: str, nth: int = 0) -> dict:
    start, end = span(text, part, nth)
    return {"text": part, "start": start, "end": end}


def hand_made_record(rules_nlp, doc_id: str | None = "kyiv-1") -> dict:
    """Tokens and sentences from the rule pipeline; entities, quotes and speakers written by hand."""
    record = ukrnews_nlp.annotate(TEXT, id=doc_id, meta={"source": "test", "tags": ["a", "b"]}, nlp=rules_nlp)
    record["entities"] = [
        {**mention(TEXT, "Верховної Ради"), "label": "ORG", "normal": "Верховна Рада"},
        {**mention(TEXT, "Руслан Стефанчук"), "label": "PER", "normal": "Руслан Стефанчук"},
        {**mention(TEXT, "Києві"), "label": "LOC", "normal": "Київ"},
        {**mention(TEXT, "Укрінформ"), "label": "ORG", "normal": "Укрінформ"},
        {**mention(TEXT, "ОП"), "label": "ORG", "normal": "ОП"},
        {**mention(TEXT, "четвер"), "label": "DATE", "normal": "четвер"},
    ]
    first, second = span(TEXT, "Ми не зупинимося,"), span(TEXT, "Роботу продовжать комітети")
    speaker = {"name": "Руслан Стефанчук", "label": "PER", "mention": mention(TEXT, "він")}
    record["quotes"] = [
        {"kind": "indirect", "text": TEXT[slice(*span(TEXT, "парламент працюватиме у Києві"))],
         "start": span(TEXT, "парламент")[0], "end": span(TEXT, "Києві")[1],
         "parts": [list(span(TEXT, "парламент працюватиме у Києві"))],
         "speaker": {"name": "Руслан Стефанчук", "label": "PER", "mention": mention(TEXT, "Руслан Стефанчук")},
         "cue": mention(TEXT, "заявив")},
        {"kind": "direct", "text": TEXT[slice(*first)], "start": first[0], "end": first[1],
         "parts": [list(first), list(second)], "speaker": speaker, "cue": mention(TEXT, "сказав")},
        {"kind": "direct", "text": "Засідання відбудеться в четвер", "start": span(TEXT, "Засідання")[0],
         "end": span(TEXT, "четвер")[1], "parts": [list(span(TEXT, "Засідання відбудеться в четвер"))],
         "speaker": None, "cue": None},
    ]
    record["speakers"] = [{"name": "Руслан Стефанчук", "label": "PER", "quotes": 2,
                           "mentions": [mention(TEXT, "Руслан Стефанчук"), mention(TEXT, "він")]}]
    record["errors"] = ["example problem"]
    jsonschema.validate(record, record_schema())
    return record


def check_shape(fr: Frames) -> None:
    assert isinstance(fr, Frames) and tuple(fr) == TABLES and set(fr.as_dict()) == set(TABLES)
    for name in TABLES:
        assert list(fr[name].columns)[:len(COLUMNS[name])] == COLUMNS[name], name
    for name, df in fr.items():
        assert df["doc_id"].dtype == "string", name
        assert isinstance(df.index, pd.RangeIndex), name
    assert fr.tokens["start"].dtype == "int64" and fr.tokens["head"].dtype == "Int64"
    assert fr.tokens["sent"].dtype == "Int64" and isinstance(fr.tokens["upos"].dtype, pd.CategoricalDtype)
    assert isinstance(fr.entities["label"].dtype, pd.CategoricalDtype)
    assert fr.entities["normal"].dtype == "string" and fr.entities["start"].dtype == "int64"
    assert isinstance(fr.quotes["kind"].dtype, pd.CategoricalDtype)
    assert fr.quotes["speaker"].dtype == "string" and fr.quotes["cue_start"].dtype == "Int64"
    assert fr.speakers["quotes"].dtype == "int64" and fr.documents["n_tokens"].dtype == "int64"


def check_counts(fr: Frames, records: list[dict]) -> None:
    assert len(fr.documents) == len(records)
    for key, record in zip(fr.documents["doc_id"], records, strict=True):
        doc = fr.documents.set_index("doc_id").loc[key]
        for table, field in (("tokens", "tokens"), ("entities", "entities"), ("quotes", "quotes"),
                             ("speakers", "speakers")):
            rows = fr[table][fr[table]["doc_id"] == key]
            assert len(rows) == len(record[field]) == doc[f"n_{field}"], (key, table)
            assert list(rows["i"]) == list(range(len(record[field])))
        assert doc["n_sentences"] == len(record["sentences"]) and doc["n_chars"] == len(record["text"])
        assert doc["n_errors"] == len(record["errors"])
        text = record["text"]
        for table in ("tokens", "entities", "quotes"):
            rows = fr[table][fr[table]["doc_id"] == key]
            assert all(text[a:b] == t for a, b, t in zip(rows["start"], rows["end"], rows["text"], strict=True))


def test_hand_made_record(rules_nlp):
    record = hand_made_record(rules_nlp)
    fr = ukrnews_nlp.frames(record)
    check_shape(fr)
    check_counts(fr, [record])
    assert fr.documents.loc[0, "meta_source"] == "test" and fr.documents.loc[0, "meta_tags"] == '["a", "b"]'
    assert fr.documents.loc[0, "errors"] == "example problem"
    ents = fr.entities.set_index("text")
    assert ents.loc["Києві", "normal"] == "Київ" and ents.loc["Києві", "label"] == "LOC"
    # token_start/token_end slice the tokens table to the entity's words
    for _, ent in fr.entities.iterrows():
        words = fr.tokens.iloc[ent["token_start"]:ent["token_end"]]
        assert words["start"].iloc[0] == ent["start"] and words["end"].iloc[-1] == ent["end"]
        assert words["sent"].iloc[0] == ent["sent"]
    quotes = fr.quotes
    split = quotes[quotes["n_parts"] == 2].iloc[0]
    assert split["kind"] == "direct" and split["speaker"] == "Руслан Стефанчук" and split["speaker_mention"] == "він"
    assert split["full_text"] == "Ми не зупинимося, … Роботу продовжать комітети"
    assert split["last_end"] == span(TEXT, "комітети")[1] and split["cue"] == "сказав"
    orphan = quotes[quotes["speaker"].isna()].iloc[0]
    assert pd.isna(orphan["cue"]) and pd.isna(orphan["cue_start"]) and pd.isna(orphan["speaker_label"])
    # the last quote is in the last sentence
    assert orphan["sent"] == fr.documents.loc[0, "n_sentences"] - 1
    speaker = fr.speakers.iloc[0]
    assert speaker["n_mentions"] == 2 and speaker["mentions"] == "Руслан Стефанчук; він"
    assert speaker["first_start"] == span(TEXT, "Руслан Стефанчук")[0] and speaker["quotes"] == 2


def test_many_documents_ids_and_docs(rules_nlp):
    records = [hand_made_record(rules_nlp, "a"), hand_made_record(rules_nlp, None),
               ukrnews_nlp.annotate("Коротко.", id="c", nlp=rules_nlp)]
    fr = ukrnews_nlp.frames(iter(records))  # any iterable, consumed once
    check_shape(fr)
    assert list(fr.documents["doc_id"]) == ["a", "1", "c"]  # a null id becomes the position
    check_counts(fr, records)
    # batch by batch gives the same tables (stable columns and categories) when documents have ids
    records[1]["id"] = "b"
    fr = ukrnews_nlp.frames(records)
    parts = [ukrnews_nlp.frames(records[:1]), ukrnews_nlp.frames(records[1:])]
    for name in TABLES:
        joined = pd.concat([p[name] for p in parts], ignore_index=True)
        pd.testing.assert_frame_equal(joined, fr[name], check_dtype=True)
    # a Doc goes through doc_to_record
    doc = rules_nlp(TEXT)
    from_doc = ukrnews_nlp.frames(doc)
    from_record = ukrnews_nlp.frames(ukrnews_nlp.doc_to_record(doc))
    for name in TABLES:
        pd.testing.assert_frame_equal(from_doc[name], from_record[name])


def test_empty_input_keeps_columns_and_dtypes(rules_nlp):
    empty, full = ukrnews_nlp.frames([]), ukrnews_nlp.frames(hand_made_record(rules_nlp))
    for name in TABLES:
        assert len(empty[name]) == 0
        assert list(empty[name].columns) == COLUMNS[name]
        assert list(empty[name].dtypes) == list(full[name].dtypes[COLUMNS[name]])


def test_bad_input(rules_nlp):
    record = hand_made_record(rules_nlp)
    with pytest.raises(UserError, match="Duplicate document id 'kyiv-1'"):
        ukrnews_nlp.frames([record, record])
    for bad in ("just text", 42, [record, "text"]):
        with pytest.raises(UserError, match="Expected a record"):
            ukrnews_nlp.frames(bad)


def test_tables_round_trip_through_csv(rules_nlp):
    fr = ukrnews_nlp.frames(hand_made_record(rules_nlp))
    for name, df in fr.items():
        back = pd.read_csv(io.StringIO(df.to_csv(index=False)), keep_default_na=False, na_values=[""])
        assert back.shape == df.shape, name


def test_parquet_round_trip(rules_nlp, tmp_path):
    pytest.importorskip("pyarrow", reason="parquet needs the optional pyarrow package")
    fr = ukrnews_nlp.frames(hand_made_record(rules_nlp))
    for name, df in fr.items():
        df.to_parquet(tmp_path / f"{name}.parquet")
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{name}.parquet"), df, check_categorical=False)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_annotated_examples(nlp, path):
    record = ukrnews_nlp.annotate(path.read_text(encoding="utf-8"), id=path.name, nlp=nlp)
    fr = ukrnews_nlp.frames([record])
    check_shape(fr)
    check_counts(fr, [record])
    words = fr.tokens[~fr.tokens["text"].str.isspace()]
    assert words["sent"].notna().all() and words["sent"].is_monotonic_increasing
    assert words["sent"].max() == len(record["sentences"]) - 1
    if record["quotes"]:
        attributed = fr.quotes.dropna(subset=["speaker"])
        assert set(attributed["speaker"]) <= set(fr.speakers["name"])
