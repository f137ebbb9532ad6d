"""Readers and writers: every input format, stable ids, bad documents as error documents, record round trips,
CoNLL-U and table outputs, and the journal that makes output atomic and resumable. No spaCy needed here."""
from __future__ import annotations

import bz2
import gzip
import json
import lzma

import pandas as pd
import pytest

from ukrnews_nlp.errors import UserError
from ukrnews_nlp.io import RecordSink, clean_scraped_text, read_documents, read_records, record_to_conllu, write_records
from ukrnews_nlp.io.conllu import iter_conllu, sentence_text
from ukrnews_nlp.io.readers import split_suffixes
from ukrnews_nlp.io.writers import meta_dtypes, read_tables, scan_journal, write_tables

from .conftest import EXAMPLES

TEXT = "Міністр заявив: «Ми готові». Це сталося в Києві."


def make_record(doc_id, text=TEXT, meta=None):
    """A hand-made record: whitespace tokens, one sentence per '.', an entity, a quote with speaker and cue."""
    import re

    tokens = []
    for m in re.finditer(r"\w+|[^\w\s]", text):
        tokens.append({"text": m.group(), "start": m.start(), "end": m.end(), "ws": "", "norm": m.group().lower(),
                       "lemma": m.group().lower(), "upos": "X", "feats": None, "head": None, "deprel": None})
    for a, b in zip(tokens, tokens[1:] + [None], strict=False):
        a["ws"] = text[a["end"]:b["start"]] if b else text[a["end"]:]
    sentences, start = [], 0
    for m in re.finditer(r"\.", text):
        sentences.append({"start": start, "end": m.end()})
        start = m.end() + 1
    entities, quotes, speakers = [], [], []
    if "Києві" in text:
        k = text.index("Києві")
        entities.append({"text": "Києві", "label": "LOC", "start": k, "end": k + 5, "normal": "Київ"})
    if "«" in text:
        qs, qe = text.index("«") + 1, text.index("»")
        mention = {"text": "Міністр", "start": 0, "end": 7}
        quotes.append({"kind": "direct", "text": text[qs:qe], "start": qs, "end": qe, "parts": [[qs, qe]],
                       "speaker": {"name": "Міністр", "label": "PER", "mention": mention},
                       "cue": {"text": "заявив", "start": 8, "end": 14}})
        speakers.append({"name": "Міністр", "label": "PER", "mentions": [mention], "quotes": 1})
    return {"schema": "ukrnews-nlp/1", "id": doc_id, "text": text, "meta": dict(meta or {}),
            "sentences": sentences, "tokens": tokens, "entities": entities, "quotes": quotes,
            "speakers": speakers, "errors": []}


# ------------------------------------------------------------------------------------------------ readers

def test_suffixes():
    assert split_suffixes("a/b.jsonl.gz") == ("jsonl", ".gz")
    assert split_suffixes("news.2024.TXT") == ("txt", None)
    assert split_suffixes("x.csv.xz") == ("csv", ".xz")
    assert split_suffixes("notes.md") == (None, None)


def test_every_format_and_compression(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("Перший текст.", encoding="utf-8")
    (corpus / "sub" / "b.txt.gz").write_bytes(gzip.compress("Другий текст.".encode()))
    lines = [{"id": "j1", "text": "Третій.", "url": "http://a"}, {"text": "Без id.", "lang": "uk"}]
    (corpus / "c.jsonl.bz2").write_bytes(bz2.compress("\n".join(json.dumps(x) for x in lines).encode()))
    (corpus / "d.json").write_text(json.dumps([{"id": 7, "body": "Сьомий."}]), encoding="utf-8")
    (corpus / "e.csv.xz").write_bytes(lzma.compress("id,text,date\nc1,\"Кома, в тексті.\",2024-01-01\n".encode()))
    (corpus / "f.tsv").write_text("text\tsource\nТаб.\tx\n", encoding="utf-8")
    (corpus / "notes.md").write_text("not an input", encoding="utf-8")
    (corpus / ".hidden.txt").write_text("hidden", encoding="utf-8")

    docs = list(read_documents([str(corpus)]))
    by_id = {d.id: d for d in docs}
    # files sorted by path; ids from the id field, else the relative path, else PATH:LINE
    assert [d.id for d in docs] == ["a.txt", "j1", "c.jsonl.bz2:2", "7", "c1", "f.tsv:1", "sub/b.txt.gz"]
    assert all(d.ok for d in docs if d.id != "7"), [d.errors for d in docs]
    assert by_id["sub/b.txt.gz"].text == "Другий текст."
    assert by_id["j1"].meta == {"url": "http://a"} and by_id["c.jsonl.bz2:2"].meta == {"lang": "uk"}
    assert by_id["c1"].text == "Кома, в тексті." and by_id["c1"].meta == {"date": "2024-01-01"}
    assert by_id["f.tsv:1"].text == "Таб."
    # the text field is configurable; the json item without "text" is an error document otherwise
    assert not by_id["7"].ok and "'text'" in by_id["7"].errors[0]
    body = {d.id: d for d in read_documents([str(corpus / "d.json")], text_field="body")}
    assert body["7"].text == "Сьомий."
    # the order is stable from run to run
    assert [d.id for d in read_documents([str(corpus)])] == [d.id for d in docs]


def test_bad_documents_become_error_documents(tmp_path):
    (tmp_path / "utf.txt").write_bytes("Рядок\nдва ".encode() + b"\xff" + " три".encode())
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "big.txt").write_text("слово " * 100, encoding="utf-8")
    (tmp_path / "lines.jsonl").write_bytes(b'{"id": "ok", "text": "\xd0\x94\xd0\xb0."}\n{broken\n'
                                           b'{"id": "bad-utf", "text": "\xff"}\n[1, 2]\n{"id": "num", "text": 5}\n')
    (tmp_path / "rows.csv").write_text("id,text\nr1,Добре.\nr2,Забагато,полів\n", encoding="utf-8")
    docs = {d.id: d for d in read_documents([str(tmp_path)], max_chars=300)}
    assert docs["ok"].ok and docs["ok"].text == "Да."
    assert docs["r1"].ok
    expected_errors = {"utf.txt": "not valid UTF-8", "bin.txt": "binary", "empty.txt": "empty",
                       "big.txt": "too large", "lines.jsonl:2": "malformed JSON", "lines.jsonl:3": "not valid UTF-8",
                       "lines.jsonl:4": "not a record", "num": "missing or not a string", "r2": "malformed CSV"}
    for doc_id, words in expected_errors.items():
        assert not docs[doc_id].ok and words in docs[doc_id].errors[0], (doc_id, docs[doc_id].errors)
        assert docs[doc_id].text == ""
    assert "line 2" in docs["utf.txt"].errors[0]


def test_duplicate_ids_are_numbered(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "Один."}\n{"id": "x", "text": "Два."}\n', "utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "x", "text": "Три."}\n', "utf-8")
    assert [d.id for d in read_documents([str(tmp_path)])] == ["x", "x#2", "x#3"]


def test_input_errors(tmp_path):
    with pytest.raises(UserError, match="No such file"):
        list(read_documents([str(tmp_path / "absent.txt")]))
    with pytest.raises(UserError, match="is a directory with no input files"):
        list(read_documents([str(tmp_path)]))
    with pytest.raises(UserError, match="No input files match"):
        list(read_documents([str(tmp_path / "*.jsonl")]))
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="unknown input type"):
        list(read_documents([str(tmp_path / "notes.md")]))
    assert [d.text for d in read_documents([str(tmp_path / "notes.md")], input_format="txt")] == ["x"]


def test_glob(tmp_path):
    for name in ("a.txt", "b.txt", "c.jsonl"):
        (tmp_path / name).write_text("Текст." if name.endswith("txt") else '{"text": "Т."}', encoding="utf-8")
    ids = [d.id for d in read_documents([str(tmp_path / "*.txt")])]
    assert ids == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def test_html_main_text_and_meta(tmp_path):
    pytest.importorskip("trafilatura")
    body = "".join(f"<p>Абзац номер {i}: міністр заявив, що реформа триває і буде завершена.</p>" for i in range(6))
    html = (f"<html><head><title>Реформа триває</title><meta property='og:url' content='https://news.example/a'>"
            f"<meta name='date' content='2024-03-14'></head><body><nav><a href='/'>Головна</a> | "
            f"<a href='/news'>Новини</a></nav><article><h1>Реформа триває</h1>{body}</article>"
            f"<footer>© 2024 Новини</footer></body></html>")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    (doc,) = read_documents([str(tmp_path / "page.html")])
    assert doc.ok and "Абзац номер 5" in doc.text and "Головна" not in doc.text and "©" not in doc.text
    assert doc.meta["title"] == "Реформа триває" and doc.meta["date"].startswith("2024-03-14")


def test_clean_scraped_page():
    raw = (EXAMPLES / "scraped_page.txt").read_text(encoding="utf-8")
    clean = clean_scraped_text(raw)
    # the article stays, paragraph for paragraph
    for sentence in ("Кабінет міністрів продовжив дію програми", "— заявила Свириденко.",
                     "Андрій Доценко зазначив"):
        assert sentence in clean
    # page furniture and the related-articles tail go
    for furniture in ("Головна ›", "Facebook", "Поділитися", "Читайте також", "Мінфін розмістив ОВДП",
                      "Новини партнерів", "cookie", "©", "Теги:", "переглядів", "Фото:"):
        assert furniture not in clean, furniture
    assert "\n\n\n" not in clean
    assert clean_scraped_text(clean) == clean  # idempotent
    # a heading that opens the article is not taken for a tail
    assert clean_scraped_text("Читайте також\nкороткий текст") == "короткий текст\n"



def test_clean_drops_furniture_inside_a_paragraph():
    # a channel plug and a CSS rule left inside a paragraph by a scraper; braces in prose stay
    raw = ("Вчені заявили про відкриття. Новини від Корреспондент.net в Telegram. Підписуйтесь на наш канал "
           "https://t.me/korrespondentnet p { margin-bottom: 0.1in; line-height: 115%; } Наступне речення.\n"
           "Ціна {5} гривень, підписуйте угоду.\n")
    assert clean_scraped_text(raw) == ("Вчені заявили про відкриття. Наступне речення.\n"
                                       "Ціна {5} гривень, підписуйте угоду.\n")


# ------------------------------------------------------------------------------------------------ writers

def test_jsonl_and_json_round_trip(tmp_path):
    records = [make_record(f"d{i}", meta={"n": i}) for i in range(3)]
    assert write_records(records, tmp_path / "out.jsonl") == 3
    assert list(read_records(tmp_path / "out.jsonl")) == records
    write_records(records[:1], tmp_path / "one.json")
    assert list(read_records(tmp_path / "one.json")) == records[:1]
    with pytest.raises(UserError, match="one record"):
        write_records(records, tmp_path / "many.json")
    assert not (tmp_path / "many.json").exists()
    (tmp_path / "bad.jsonl").write_text('{"id": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(UserError, match="line 2"):
        list(read_records(tmp_path / "bad.jsonl"))


def test_conllu_is_valid_and_keeps_offsets(tmp_path):
    record = make_record("doc/1")
    text = record["text"]
    out = tmp_path / "out.conllu"
    write_records([record, make_record("empty", text=" ")], out)
    content = out.read_text(encoding="utf-8")
    sentences = list(iter_conllu(content.splitlines(keepends=True)))
    assert len(sentences) == 2  # the token-less document has no sentence
    assert sentences[0].meta("newdoc id") == "doc/1" and sentences[1].meta("newdoc id") is None
    words = [w for s in sentences for w in s.words()]
    assert len(words) == len(record["tokens"])
    for w, t in zip(words, record["tokens"], strict=True):
        misc = dict(kv.split("=", 1) for kv in w["misc"].split("|"))
        start, end = map(int, misc["TokenRange"].split(":"))
        assert text[start:end] == w["form"] == t["text"]
        assert ("SpaceAfter" in misc) == (t["ws"] == "")
    ner = {w["form"]: dict(kv.split("=", 1) for kv in w["misc"].split("|"))["NER"] for w in words}
    assert ner["Києві"] == "B-LOC" and ner["Міністр"] == "O"
    assert "Speaker=s1" in words[0]["misc"] and "Cue=q1" in words[1]["misc"]
    quoted = [w["form"] for w in words if "Quote=q1" in w["misc"]]
    assert quoted == ["Ми", "готові"]
    assert "# quote q1 = direct | speaker s1" in content
    assert sentence_text(sentences[0]) == "Міністр заявив: «Ми готові»."


def test_conllu_heads_are_sentence_local():
    record = make_record("h")
    second = next(i for i, t in enumerate(record["tokens"]) if t["start"] >= record["sentences"][1]["start"])
    for i, t in enumerate(record["tokens"]):
        t["head"], t["deprel"] = (i, "root") if i in (0, second) else ((0 if i < second else second), "dep")
    sentences = list(iter_conllu(record_to_conllu(record).splitlines(keepends=True)))
    for sent in sentences:
        heads = [int(w["head"]) for w in sent.words()]
        assert heads == [0] + [1] * (len(heads) - 1)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_tables(tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    records = [make_record(f"d{i}", meta={"n": i} if i % 2 else {"source": f"s{i}"}) for i in range(5)]
    records.append({**make_record("failed", text=""), "errors": ["empty document (no text)"]})
    out = tmp_path / "tables"
    write_records(records, out, format=fmt)
    tables = read_tables(out)
    assert set(tables) == {"documents", "tokens", "entities", "quotes", "speakers"}
    assert list(tables["documents"]["doc_id"]) == [r["id"] for r in records]
    assert len(tables["tokens"]) == sum(len(r["tokens"]) for r in records)
    assert len(tables["quotes"]) == 5 and set(tables["speakers"]["name"]) == {"Міністр"}
    # written slice by slice with different meta keys: the columns still line up
    write_tables(records, tmp_path / "sliced", format=fmt, slice_size=2)
    sliced = read_tables(tmp_path / "sliced")
    for name in tables:
        pd.testing.assert_frame_equal(sliced[name], tables[name])
    assert tables["documents"]["meta_n"].notna().sum() == 2


def test_meta_dtypes():
    records = [{"meta": {"n": 1, "x": "a", "f": 1}}, {"meta": {"n": 2, "x": 3, "f": 0.5, "b": True}}, {"meta": {}}]
    assert meta_dtypes(records) == {"meta_n": "Int64", "meta_x": "string", "meta_f": "Float64",
                                    "meta_b": "boolean"}


# ------------------------------------------------------------------------------------------ journal / resume

def test_output_appears_only_when_complete(tmp_path):
    out = tmp_path / "out.jsonl"
    sink = RecordSink(out)
    sink.write([make_record("a"), make_record("b")])
    assert not out.exists() and sink.journal.exists()
    sink.abandon()  # an interrupted run
    resumed = RecordSink(out, resume=True)
    assert resumed.done == {"a", "b"}
    resumed.write([make_record("c")])
    resumed.close()
    assert [r["id"] for r in read_records(out)] == ["a", "b", "c"] and not resumed.journal.exists()


def test_resume_drops_a_cut_off_last_record(tmp_path):
    out = tmp_path / "out.jsonl"
    journal = tmp_path / "out.jsonl.part"
    lines = [json.dumps(make_record(i), ensure_ascii=False) + "\n" for i in ("a", "b", "c")]
    journal.write_text(lines[0] + lines[1] + lines[2][: len(lines[2]) // 2], encoding="utf-8")
    ids, size = scan_journal(journal)
    assert ids == ["a", "b"] and size == len((lines[0] + lines[1]).encode())
    sink = RecordSink(out, resume=True)
    assert sink.done == {"a", "b"}
    sink.write([make_record("c")])
    sink.close()
    assert [r["id"] for r in read_records(out)] == ["a", "b", "c"]


def test_resume_a_finished_jsonl_appends(tmp_path):
    out = tmp_path / "out.jsonl"
    write_records([make_record("a")], out)
    sink = RecordSink(out, resume=True)
    assert sink.done == {"a"}
    sink.write([make_record("b")])
    assert [r["id"] for r in read_records(out)] == ["a"]  # the finished output stays as it was meanwhile
    sink.close()
    assert [r["id"] for r in read_records(out)] == ["a", "b"]


def test_without_resume_a_run_starts_over(tmp_path):
    out = tmp_path / "out.jsonl"
    RecordSink(out).write([make_record("old")])
    sink = RecordSink(out)
    assert sink.done == set()
    sink.write([make_record("new")])
    sink.close()
    assert [r["id"] for r in read_records(out)] == ["new"]


def test_sink_errors(tmp_path):
    with pytest.raises(UserError, match="--resume needs an output file"):
        RecordSink(None, resume=True)
    with pytest.raises(UserError, match="pass -o DIRECTORY"):
        RecordSink("-", format="parquet")
    (tmp_path / "file").write_text("x")
    with pytest.raises(UserError, match="not a directory"):
        RecordSink(tmp_path / "file", format="csv")
    with pytest.raises(UserError, match="is a directory"):
        RecordSink(tmp_path, format="jsonl")
