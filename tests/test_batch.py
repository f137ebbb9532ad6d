"""The corpus runner: chunked long documents with offsets into the whole text, bad documents isolated, and a
generated 1,000-document corpus (5 % bad) run with two workers, killed with SIGKILL halfway and resumed."""
from __future__ import annotations

import bz2
import gzip
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from spacy.language import Language

from ukrnews_nlp.batch import Progress, annotate_batch, merge_records, run_corpus, split_text
from ukrnews_nlp.cli import main
from ukrnews_nlp.io import Document, RecordSink, read_records
from ukrnews_nlp.io.writers import scan_journal

from .conftest import EXAMPLES, ROOT

# ------------------------------------------------------------------------------------------- a test corpus

_NAMES = ["Юлія Свириденко", "Денис Шмигаль", "Олександр Лукашенко", "Віталій Кличко", "Андрій Доценко"]
_PLACES = ["Києві", "Львові", "Харкові", "Одесі", "Дніпрі"]
_SENTENCES = [
    "{name} заявив, що уряд підготує нові рішення до кінця тижня.",
    "«Ми працюємо над цим щодня», — сказав {name} журналістам.",
    "У {place} відбулася зустріч представників громади та місцевої влади.",
    "За словами експертів, ціни на пальне можуть зрости на 5 % уже навесні.",
    "Про це повідомила пресслужба міської ради в неділю, 14 березня.",
    "Мешканці скаржаться на відключення світла та перебої з водою.",
]


def article(rng: random.Random, sentences: int) -> str:
    paragraphs, para = [], []
    for _ in range(sentences):
        para.append(rng.choice(_SENTENCES).format(name=rng.choice(_NAMES), place=rng.choice(_PLACES)))
        if len(para) == 3:
            paragraphs.append(" ".join(para))
            para = []
    if para:
        paragraphs.append(" ".join(para))
    return "\n\n".join(paragraphs) + "\n"


#: Options every corpus run in these tests uses: rules only, small limits so "enormous" and "long" are cheap.
CORPUS_OPTIONS = ["--rules-only", "--max-chars", "5000", "--max-length", "1500", "-q"]


def make_corpus(root: Path, *, seed: int = 6, sentences: int = 6) -> tuple[set[str], set[str], set[str]]:
    """1,000 documents in every input shape, 50 of them bad (5 % of each kind); → (all ids, bad ids, long ids).

    Good: 400 .txt (5 of them longer than --max-length, so annotated in chunks), 350 lines of news.jsonl,
    100 lines of more.jsonl.gz (no id field: ids are PATH:LINE), 100 rows of table.csv.bz2.
    Bad: 10 invalid UTF-8, 10 binary and 10 empty .txt; 10 malformed and 5 enormous jsonl lines; 5 enormous rows.
    """
    rng = random.Random(seed)
    ids, bad, long = set(), set(), set()
    for n in range(400):
        rel = f"txt/{'ab'[n % 2]}/{n:04d}.txt"
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = article(rng, 60 if n % 80 == 7 else sentences)
        path.write_text(text, encoding="utf-8")
        ids.add(rel)
        if len(text) > 1500:
            long.add(rel)
    for n in range(30):
        rel = f"txt/bad/{n:02d}.txt"
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        kind = n % 3
        path.write_bytes([article(rng, 2).encode() + b"\xff\xfe" + "кінець".encode(),
                          bytes(rng.randrange(256) for _ in range(300)) + b"\x00", b" \n\n"][kind])
        ids.add(rel)
        bad.add(rel)
    lines, bad_lines = [], set(rng.sample(range(365), 15))
    for n in range(365):
        lineno = n + 1
        if n in bad_lines and len(bad - {i for i in bad if i.startswith("txt/")}) < 10:
            lines.append('{"id": "broken-' + str(n) + '", "text": "неповний')
            ids.add(f"news.jsonl:{lineno}")
            bad.add(f"news.jsonl:{lineno}")
        elif n in bad_lines:
            lines.append(json.dumps({"id": f"n{n}", "text": "дуже довгий текст " * 400, "source": "feed"},
                                    ensure_ascii=False))
            ids.add(f"n{n}")
            bad.add(f"n{n}")
        else:
            lines.append(json.dumps({"id": f"n{n}", "text": article(rng, sentences), "source": "feed"},
                                    ensure_ascii=False))
            ids.add(f"n{n}")
    (root / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    more = [json.dumps({"text": article(rng, sentences), "n": n}, ensure_ascii=False) for n in range(100)]
    (root / "more.jsonl.gz").write_bytes(gzip.compress(("\n".join(more) + "\n").encode()))
    ids.update(f"more.jsonl.gz:{n + 1}" for n in range(100))
    out = io.StringIO()
    import csv

    writer = csv.writer(out)
    writer.writerow(["id", "text", "date"])
    for n in range(105):
        text = "огромний " * 700 if n % 21 == 3 else article(rng, sentences)
        writer.writerow([f"c{n}", text, "2024-03-14"])
        ids.add(f"c{n}")
        if n % 21 == 3:
            bad.add(f"c{n}")
    (root / "table.csv.bz2").write_bytes(bz2.compress(out.getvalue().encode()))
    return ids, bad, long


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    ids, bad, long = make_corpus(root)
    assert len(ids) == 1000 and len(bad) == 50 and len(long) >= 5
    return root, ids, bad, long


def check_offsets(record: dict) -> None:
    """Every offset is into the record's own text; tokens tile it; heads point inside the document."""
    text = record["text"]
    assert "".join(t["text"] + t["ws"] for t in record["tokens"]) == text
    for item in record["tokens"] + record["entities"] + record["quotes"]:
        assert text[item["start"]:item["end"]] == item["text"]
    for q in record["quotes"]:
        for m in [q.get("cue"), (q.get("speaker") or {}).get("mention")]:
            if m:
                assert text[m["start"]:m["end"]] == m["text"]
    for s in record["speakers"]:
        for m in s["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    n = len(record["tokens"])
    assert all(t["head"] is None or 0 <= t["head"] < n for t in record["tokens"])
    assert all(0 <= s["start"] < s["end"] <= len(text) for s in record["sentences"])


# ------------------------------------------------------------------------------------------- unit tests

def test_split_text_tiles_and_prefers_paragraphs():
    text = article(random.Random(1), 40)
    spans = split_text(text, 700)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans[:-1], spans[1:], strict=True))
    assert all(0 < e - s <= 700 for s, e in spans)
    assert all(text[s - 2:s] == "\n\n" for s, _ in spans[1:])
    # no paragraph breaks: sentence ends; no spaces at all: a hard cut
    flat = text.replace("\n\n", " ")
    assert all(flat[s - 2] in ".»" for s, _ in split_text(flat, 700)[1:])
    assert split_text("я" * 25, 10) == [(0, 10), (10, 20), (20, 25)]


def test_long_document_in_chunks_matches_whole(rules_nlp):
    text = "\n\n".join((EXAMPLES / name).read_text(encoding="utf-8").strip()
                       for name in ("lukashenko.txt", "energy.txt", "kyiv_metro.txt"))
    (whole,) = annotate_batch([Document("w", text, {"k": 1})], nlp=rules_nlp)
    (chunked,) = annotate_batch([Document("w", text, {"k": 1})], nlp=rules_nlp, max_length=700)
    whole, chunked = json.loads(whole[3]), json.loads(chunked[3])
    spans = split_text(text, 700)
    assert len(spans) > 3 and all(text[s - 2:s] == "\n\n" for s, _ in spans[1:])
    check_offsets(chunked)
    assert chunked["id"] == "w" and chunked["meta"] == {"k": 1} and chunked["text"] == text
    # cut at paragraph breaks, tokens and sentences come out as from the whole text
    assert [(t["start"], t["end"]) for t in chunked["tokens"]] == [(t["start"], t["end"]) for t in whole["tokens"]]
    assert chunked["sentences"] == whole["sentences"]
    assert len(chunked["quotes"]) >= len(whole["quotes"]) - 2 and chunked["quotes"]
    quoted = sum(s["quotes"] for s in chunked["speakers"])
    assert quoted == sum(1 for q in chunked["quotes"] if q["speaker"])


def test_merge_records_shifts_everything():
    part = {"tokens": [{"text": "Він", "start": 0, "end": 3, "ws": " ", "head": 1},
                       {"text": "сказав", "start": 4, "end": 10, "ws": "", "head": 1}],
            "sentences": [{"start": 0, "end": 10}], "entities": [],
            "quotes": [{"kind": "indirect", "text": "x", "start": 0, "end": 3, "parts": [[0, 3]],
                        "speaker": {"name": "Він", "label": "PER", "mention": {"text": "Він", "start": 0, "end": 3}},
                        "cue": {"text": "сказав", "start": 4, "end": 10}}],
            "speakers": [{"name": "Він", "label": "PER", "mentions": [{"text": "Він", "start": 0, "end": 3}],
                          "quotes": 1}], "errors": []}
    merged = merge_records([(0, part), (11, part)], text="Він сказав Він сказав", id="m")
    assert [t["head"] for t in merged["tokens"]] == [1, 1, 3, 3]
    assert merged["quotes"][1]["parts"] == [[11, 14]] and merged["quotes"][1]["cue"]["start"] == 15
    assert merged["quotes"][1]["speaker"]["mention"]["start"] == 11
    assert merged["speakers"] == [{"name": "Він", "label": "PER", "quotes": 2,
                                   "mentions": [{"text": "Він", "start": 0, "end": 3},
                                                {"text": "Він", "start": 11, "end": 14}]}]
    assert part["tokens"][0]["start"] == 0  # the parts are left as they were


@Language.component("test_explodes_on_boom")
def _explode(doc):
    if "БУМ" in doc.text:
        raise RuntimeError("boom")
    return doc


def test_a_failing_document_does_not_take_its_batch_down():
    import ukrnews_nlp

    nlp = ukrnews_nlp.load(models=False)
    nlp.add_pipe("test_explodes_on_boom")
    docs = [Document(str(i), f"Текст номер {i}." + (" БУМ" if i == 2 else "")) for i in range(5)]
    docs.append(Document("unreadable", "", {}, ["empty document (no text)"]))
    results = annotate_batch(docs, nlp=nlp, batch_size=8)
    assert [r[0] for r in results] == ["0", "1", "2", "3", "4", "unreadable"]
    assert [r[1] for r in results] == [False, False, True, False, False, True]
    failed = json.loads(results[2][3])
    assert "annotation failed: RuntimeError: boom" in failed["errors"][0] and failed["text"].endswith("БУМ")
    assert json.loads(results[3][3])["tokens"]


def test_progress_line():
    stream = io.StringIO()
    progress = Progress(100, enabled=True, stream=stream)
    progress.update(10, 1000)
    progress.close()
    assert "10/100 docs" in stream.getvalue() and "words/s" in stream.getvalue() and "ETA" in stream.getvalue()
    quiet = io.StringIO()
    Progress(5, enabled=False, stream=quiet).update(1, 1)
    assert quiet.getvalue() == ""


def test_run_corpus_resumes_and_keeps_input_order(tmp_path, rules_nlp):
    docs = [Document(f"d{i}", f"Документ {i}. Ще одне речення.") for i in range(20)]
    out = tmp_path / "out.jsonl"
    sink = RecordSink(out)
    sink.write_lines([line for *_, line in annotate_batch(docs[:7], nlp=rules_nlp)])  # an earlier, cut run
    sink.abandon()
    summary = run_corpus(docs, RecordSink(out, resume=True), nlp=rules_nlp, batch_size=4)
    assert (summary.ok, summary.failed, summary.skipped) == (13, 0, 7)
    assert [r["id"] for r in read_records(out)] == [d.id for d in docs]


# ------------------------------------------------------------------------------------- the 1,000-doc corpus

def _ids(path: Path) -> Counter:
    return Counter(r["id"] for r in read_records(path))


ERROR_KINDS = ("not valid UTF-8", "binary", "empty", "malformed JSON", "too large")


@pytest.fixture(scope="module")
def clean_run(corpus, tmp_path_factory):
    """One uninterrupted run over the corpus with two worker processes."""
    root = corpus[0]
    out = tmp_path_factory.mktemp("clean") / "out.jsonl"
    stderr = io.StringIO()
    saved, sys.stderr = sys.stderr, stderr
    try:
        code = main(["annotate", str(root), "-o", str(out), "--workers", "2", "--batch-size", "16",
                     *CORPUS_OPTIONS[:-1]])
    finally:
        sys.stderr = saved
    return code, stderr.getvalue(), out


@pytest.mark.slow
def test_corpus_with_bad_documents_every_id_once(corpus, clean_run):
    _, ids, bad, long = corpus
    code, err, out = clean_run
    assert code == 1, err  # some documents failed
    assert "1,000 documents: 950 ok, 50 failed" in err
    counts = _ids(out)
    assert set(counts) == ids and max(counts.values()) == 1
    records = {r["id"]: r for r in read_records(out)}
    assert {i for i, r in records.items() if r["errors"]} == bad
    for r in records.values():
        if r["errors"]:
            assert any(kind in r["errors"][0] for kind in ERROR_KINDS), r["errors"]
            assert not r["tokens"]
    for kind in ERROR_KINDS:
        assert any(kind in r["errors"][0] for r in records.values() if r["errors"]), kind
    for doc_id in long:
        assert records[doc_id]["tokens"] and not records[doc_id]["errors"]
        check_offsets(records[doc_id])
    assert records["c0"]["meta"] == {"date": "2024-03-14"} and records["n0"]["meta"] == {"source": "feed"}
    # input order: files sorted by path, lines in order
    order = [r["id"] for r in read_records(out)]
    assert order.index("more.jsonl.gz:1") < order.index("n0") < order.index("c0") < order.index("txt/a/0000.txt")


@pytest.mark.slow
def test_sigkill_halfway_then_resume(corpus, clean_run, tmp_path):
    psutil = pytest.importorskip("psutil")
    root, ids, bad, _ = corpus
    out = tmp_path / "out.jsonl"
    journal = tmp_path / "out.jsonl.part"
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1")
    cmd = [sys.executable, "-m", "ukrnews_nlp.cli", "annotate", str(root), "-o", str(out), "--workers", "2",
           "--batch-size", "4", *CORPUS_OPTIONS]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: list = []
    deadline = time.monotonic() + 120
    try:
        # wait until about a third of the corpus is written (by size: the first record tells its size)
        while time.monotonic() < deadline and proc.poll() is None:
            size = journal.stat().st_size if journal.exists() else 0
            if size:
                if len(workers) < 2:  # both workers, once forked
                    workers = psutil.Process(proc.pid).children()
                with open(journal, "rb") as f:
                    first = len(f.readline())
                if size > first * 300 and len(workers) == 2:
                    break
            time.sleep(0.005)
        assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read().decode()}"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert len(workers) == 2
    assert not out.exists(), "a killed run must not leave a (partial) output"
    done, _ = scan_journal(journal)
    assert 0 < len(done) < len(ids) and len(set(done)) == len(done)
    # the workers do not outlive their parent
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, f"orphaned workers: {alive}"

    code = main(["annotate", str(root), "-o", str(out), "--resume", "--batch-size", "16", *CORPUS_OPTIONS])
    assert code == 1 and not journal.exists()
    counts = _ids(out)
    assert set(counts) == ids and max(counts.values()) == 1, "a document missing or written twice"
    # the same records as the uninterrupted run, in the same order
    assert list(read_records(out)) == list(read_records(clean_run[2]))


def test_workers_with_and_without_warm_start_give_the_same_output(tmp_path, rules_nlp):
    rng = random.Random(3)
    docs = [Document(f"d{i}", article(rng, 4)) for i in range(40)]
    outputs = []
    for name, kwargs in (("one", {"workers": 1, "nlp": rules_nlp}),
                         ("cold", {"workers": 2, "warmup_words": 0}),
                         ("warm", {"workers": 2, "warmup_words": 500})):
        out = tmp_path / f"{name}.jsonl"
        summary = run_corpus(docs, RecordSink(out), batch_size=4, load_kwargs={"models": False}, **kwargs)
        assert (summary.ok, summary.failed) == (40, 0)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
