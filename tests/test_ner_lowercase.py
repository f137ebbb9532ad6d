"""The shipped NER model on the 2022+ news style: russia-related names written in lower case.

NER-UK conventions: a country or city used as a political actor is LOC, and so is ``Кремль``
(all its NER-UK annotations are LOC, e.g. "Мета Кремля", "Кремль точно програв би").
"""
from __future__ import annotations

from pathlib import Path

import pytest

MODEL = Path(__file__).resolve().parents[1] / "models" / "ner"

CASES = [
    ("росія та Білорусь підписали нову угоду про військову співпрацю.", "росія", "LOC"),
    ("Учора кремль заявив, що не планує переговорів.", "кремль", "LOC"),
    ("Лукашенко знову зустрівся з путіним у Сочі.", "путіним", "PER"),
    ("Делегація прибула до москви в понеділок.", "москви", "LOC"),
    ("Санкції проти рф посилять наступного тижня.", "рф", "LOC"),
    ("Про це заявив міністр закордонних справ Дмитро Кулеба.", "Дмитро Кулеба", "PER"),
]


@pytest.fixture(scope="module")
def nlp():
    if not (MODEL / "config.cfg").is_file():
        pytest.skip("needs models/ner (train it with `ukrnews-nlp train ner`)")
    from ukrnews_nlp.evaluation.ner import build_pipeline

    return build_pipeline(MODEL)


@pytest.mark.parametrize(("text", "surface", "label"), CASES)
def test_lowercase_style_mentions(nlp, text, surface, label):
    doc = nlp(text)
    start = text.index(surface)
    found = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
    assert found.get((start, start + len(surface))) == label, [(e.text, e.label_) for e in doc.ents]


def test_lowercase_common_words_are_not_entities(nlp):
    text = "вчора вдень у місті йшов сильний дощ, а ввечері стало холодно."
    assert [e.text for e in nlp(text).ents] == []
