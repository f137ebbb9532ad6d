"""Pretraining set-up: the raw-text corpus and the config shared with ``train core``."""
from __future__ import annotations

import json
import lzma

from ukrnews_nlp.training.pretrain import pretrain_config, write_corpus
from ukrnews_nlp.training.vectors import RAW_FILES


def test_corpus_caps_legislation_and_keeps_paragraphs(tmp_path):
    raw = tmp_path / "raw-uk"
    raw.mkdir()
    for name in RAW_FILES:
        lines = [f"{name} абзац {i} має п'ять слів" for i in range(3)]
        with lzma.open(raw / f"{name}.txt.xz", "wt", encoding="utf-8") as fh:
            fh.write("\n\n".join(lines) + "\n")
    out = tmp_path / "corpus.jsonl"
    words = write_corpus(tmp_path, out, legal_words=7)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    legal = [r for r in rows if r["text"].startswith("uk_legal_zakon")]
    assert len(legal) == 2  # the cap is reached after the second paragraph
    assert len(rows) == 3 * (len(RAW_FILES) - 1) + 2
    assert words == 6 * len(rows)


def test_config_is_the_core_config_with_pretraining(tmp_path):
    config = pretrain_config(tmp_path / "corpus.jsonl", "models/ner", seed=3)
    assert config["pretraining"]["component"] == "tok2vec"
    assert config["paths"]["raw_text"] == str(tmp_path / "corpus.jsonl")
    assert config["system"]["seed"] == 3
    # the weights must fit the tok2vec that `train core --init-tok2vec` builds from the same file
    assert config["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] is True
