"""Silver NER training text (``ukrnews_nlp.training.ner_silver``): which texts, and their entities."""
from __future__ import annotations

import lzma

import spacy

from ukrnews_nlp.training import ner_silver
from ukrnews_nlp.training.ner_silver import _ngrams, annotate, silver_texts

NER_UK_TEXT = "Верховна Рада України ухвалила закон про державний бюджет на наступний рік у другому читанні сьогодні"


def _data_dir(tmp_path, monkeypatch):
    raw = tmp_path / "bruk" / "raw_text"
    raw.mkdir(parents=True)
    (raw / "A_copy.txt").write_text("Сьогодні " + NER_UK_TEXT + ".\n", encoding="utf-8")  # NER-UK's own text
    (raw / "A_held.txt").write_text("Текст тестового набору BRUK, що тут не має бути.\n", encoding="utf-8")
    (raw / "A_new.txt").write_text("Нова стаття про Київ і Львів.\n", encoding="utf-8")
    (tmp_path / "raw-uk").mkdir()
    with lzma.open(tmp_path / ner_silver.NEWS_FILE, "wt", encoding="utf-8") as f:
        f.write("Перша новина з Одеси.\nДругий абзац.\n\nДруга новина про Харків.\n")
    monkeypatch.setattr(ner_silver, "held_out_files", lambda data_dir: {"A_held.xml"})
    monkeypatch.setattr(ner_silver, "ner_uk_ngrams", lambda data_dir: set(_ngrams(NER_UK_TEXT)))
    return tmp_path


def test_silver_texts_leave_out_ner_uk_and_held_out_texts(tmp_path, monkeypatch):
    data_dir = _data_dir(tmp_path, monkeypatch)
    texts = dict(silver_texts(data_dir, 10_000))
    assert sorted(texts) == ["bruk/A_new", "news/0", "news/1"]
    assert texts["news/0"] == "Перша новина з Одеси.\nДругий абзац.\n"  # one article, its paragraphs kept
    # a word budget: texts are added until it is reached, in a seeded order
    assert len(silver_texts(data_dir, 1)) == 1
    assert silver_texts(data_dir, 1, seed=3) == silver_texts(data_dir, 1, seed=3)


def test_annotate_keeps_the_pipeline_s_entities_with_offsets():
    nlp = spacy.blank("uk")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "LOC", "pattern": "Київ"},
                                               {"label": "LOC", "pattern": "Львів"}])
    text = "Нова стаття про Київ і Львів.\n"
    (document,) = annotate([("bruk/A_new", text)], nlp)
    assert document.source == ner_silver.SOURCE and document.id == "bruk/A_new"
    assert [(text[e.start:e.end], e.label) for e in document.entities] == [("Київ", "LOC"), ("Львів", "LOC")]
