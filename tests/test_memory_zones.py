"""Memory zones for long runs: the same records, a string store that stops growing, clear errors for bad limits."""
from __future__ import annotations

import json

import pytest

import ukrnews_nlp
from ukrnews_nlp.batch import annotate_batch, run_corpus
from ukrnews_nlp.cli import main
from ukrnews_nlp.errors import UserError
from ukrnews_nlp.io import RecordSink
from ukrnews_nlp.io.readers import Document
from ukrnews_nlp.memory_zones import ZoneMemo, annotation_zone, check_strings_limit

# words no earlier test or model has met: new strings, lexemes and lemmas in every batch
TEXTS = [
    "Міністр Олена Шуляківська заявила, що зернотранспортувальники прибудуть до Вознесенська у вівторок.",
    "«Ми вже отримали перші шпакуватенькі крокодилоподібні дрони», — сказав командир бригади Тарас Ґелебранчук.",
    "Кількість нових кіберзагроз зросла на 17 %, повідомили у Держспецзв'язку. Експерти радять оновити ПЗ.",
]


def _documents(tag: str) -> list[Document]:
    # a made-up word per batch and text, so that the second batch adds strings the first did not
    return [Document(f"{tag}{n}", f"{text} Слово дня — {tag}ровоздеякі{n}.", {}) for n, text in enumerate(TEXTS)]


def _records(results) -> list[dict]:
    return [json.loads(line) for *_, line in results]


def test_records_in_memory_zones_equal_records_without(nlp):
    """Batches in memory zones (limit 0) give the same records as without, batch after batch: the second one
    meets words whose lemmas the first memoized inside its zone (those memo entries must go with the zone).
    Only the morphology's tags outlive a zone (a finite set); the words, their lemmas and norms do not."""
    words = ("клровоздеякі0", "зернотранспортувальники", "зернотранспортувальник", "ґелебранчук")
    assert not any(w in nlp.vocab.strings for w in words)
    zoned = [_records(annotate_batch(_documents("кл"), nlp=nlp, strings_limit=0))]
    after_first = len(nlp.vocab.strings)
    zoned += [_records(annotate_batch(_documents(tag), nlp=nlp, strings_limit=0)) for tag in ("кл", "мн")]
    assert not any(w in nlp.vocab.strings for w in words), "a memory zone left a word's strings behind"
    assert len(nlp.vocab.strings) - after_first < 5  # a new tag or two of the third batch at most
    plain = [_records(annotate_batch(_documents(tag), nlp=nlp, strings_limit=None)) for tag in ("кл", "кл", "мн")]
    assert all(w in nlp.vocab.strings for w in words)  # outside zones the new words stay
    assert zoned == plain
    lemmas = {t["lemma"] for record in zoned[0] for t in record["tokens"]}
    assert "дрон" in lemmas and "зернотранспортувальник" in lemmas


def test_annotate_function_uses_zones_past_the_limit(nlp, monkeypatch):
    """``ukrnews_nlp.annotate`` text after text: past the limit each text's new strings are freed."""
    monkeypatch.setattr(ukrnews_nlp, "DEFAULT_STRINGS_LIMIT", 0)
    record = ukrnews_nlp.annotate(TEXTS[1] + " Фраза-ґвинтокрилоперевертень.", nlp=nlp)
    assert "ґвинтокрилоперевертень" not in nlp.vocab.strings
    assert [e["text"] for e in record["entities"] if e["label"] == "PER"] == ["Тарас Ґелебранчук"]


def test_annotation_zone_only_past_the_limit(rules_nlp):
    size = len(rules_nlp.vocab.strings)
    with annotation_zone(rules_nlp, size + 1):
        assert not rules_nlp.vocab.in_memory_zone
    with annotation_zone(rules_nlp, None):
        assert not rules_nlp.vocab.in_memory_zone
    with annotation_zone(rules_nlp, size):
        assert rules_nlp.vocab.in_memory_zone
        with annotation_zone(rules_nlp, 0):  # zones do not nest: the inner one is a no-op
            assert rules_nlp.vocab.in_memory_zone
        assert rules_nlp.vocab.in_memory_zone
    assert not rules_nlp.vocab.in_memory_zone
    with annotation_zone(lambda text: text, 0):  # a stand-in pipeline without a vocabulary
        pass


def test_zone_memo_drops_what_the_zone_added():
    memo = ZoneMemo(limit=4)
    memo.put("a", 1)
    with memo.memory_zone():
        memo.put("b", 2)
        memo.put("a", 10)  # an old key updated in the zone: its new value may name a string of the zone
    assert memo == {}
    with memo.memory_zone():
        memo.put("z", 0)
    assert memo == {}
    memo.put("a", 1)
    with memo.memory_zone():
        for key in "bcdef":  # past the limit of 4: emptied inside the zone, so nothing of before is left either
            memo.put(key, 0)
        assert memo == {"e": 0, "f": 0}
    assert memo == {}
    memo.put("g", 7)
    memo.put("h", 8)
    with memo.memory_zone():
        memo.put("i", 9)
        memo.put("g", 1)
    assert memo == {"h": 8}


@pytest.mark.parametrize("bad", [-1, 1.5, "many", True])
def test_bad_strings_limit_is_refused(bad, rules_nlp, tmp_path):
    with pytest.raises(UserError, match="max-strings"):
        check_strings_limit(bad)
    with pytest.raises(UserError, match="max-strings"):
        run_corpus([Document("d", "Текст.", {})], RecordSink(str(tmp_path / "o.jsonl")), nlp=rules_nlp,
                   strings_limit=bad)
    assert not (tmp_path / "o.jsonl").exists()


def test_cli_max_strings(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) + "\n"
                              for d in _documents("ц")), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["annotate", str(source), "-o", str(out), "--max-strings", "0", "-q"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["ц0", "ц1", "ц2"] and all(not r["errors"] for r in records)
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(["annotate", str(source), "-o", str(tmp_path / "x.jsonl"), "--max-strings", "-5"])
    assert exc.value.code == 2
    assert "--max-strings" in capsys.readouterr().err


def test_memory_bench_texts_stop_at_the_word_count(data_dir):
    from tests.bench_modules import load_bench

    bench = load_bench("memory")
    texts = bench.texts(data_dir, 5_000)
    words = sum(len(t.split()) for t in texts)
    assert 5_000 <= words < 5_000 + 2_000   # stops at the first text past the count
    assert all(t.count("\n") == bench.LINES_PER_TEXT - 1 for t in texts)
