"""Sentence splitter ``ukrnews_sentences``: abbreviations, initials, quotes, dashes, line breaks."""
from __future__ import annotations

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ukrnews_nlp.sentences  # noqa: F401  (registers the factory)
import ukrnews_nlp.tokenizer  # noqa: F401


def _pipeline(style: str = "ud", **config):
    nlp = spacy.blank("uk", config={"nlp": {"tokenizer": {"@tokenizers": "ukrnews_nlp.tokenizer.v1",
                                                            "style": style}}})
    nlp.add_pipe("ukrnews_sentences", config=config)
    return nlp


@pytest.fixture(scope="module", params=["ud", "news"])
def nlp(request):
    return _pipeline(request.param)


def sents(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


@pytest.mark.parametrize("text, expected", [
    # initials and abbreviations are not boundaries
    ("О. Лукашенко заявив про це. Інші мовчали.", ["О. Лукашенко заявив про це.", "Інші мовчали."]),
    ("Президент США Дж. Байден прибув.", ["Президент США Дж. Байден прибув."]),
    ("Зустріч відбулася у м. Києві на вул. Хрещатик, 22.", ["Зустріч відбулася у м. Києві на вул. Хрещатик, 22."]),
    ("Бойовики т. зв. «ДНР» обстріляли село.", ["Бойовики т. зв. «ДНР» обстріляли село."]),
    ("Музей ім. Т. Шевченка відкрито.", ["Музей ім. Т. Шевченка відкрито."]),
    ("Див. ст. 5 Конституції.", ["Див. ст. 5 Конституції."]),
    ("Ціна зросла на 1,4 грн. за кілограм.", ["Ціна зросла на 1,4 грн. за кілограм."]),
    ("Медичному департаменту (Гаврилюк А.О.) забезпечити подання.",
     ["Медичному департаменту (Гаврилюк А.О.) забезпечити подання."]),
    # ... but an abbreviation that can end a sentence is one before a capital letter
    ("Це сталося 24 лютого 2022 р. Президент звернувся до нації.",
     ["Це сталося 24 лютого 2022 р.", "Президент звернувся до нації."]),
    ("Продали 63 тис. Тобто вдвічі більше.", ["Продали 63 тис.", "Тобто вдвічі більше."]),
    ("Зібрали 11 млн т. Це рекорд.", ["Зібрали 11 млн т.", "Це рекорд."]),
    # quotes and dashes
    ('"Ми готові до переговорів", - сказав Лукашенко.', ['"Ми готові до переговорів", - сказав Лукашенко.']),
    ("«Ми готові. Ми чекаємо», — сказав він.", ["«Ми готові.", "Ми чекаємо», — сказав він."]),
    ("«Чому?» — запитав він.", ["«Чому?» — запитав він."]),
    ("Він сказав: «Досить!» І пішов.", ["Він сказав: «Досить!»", "І пішов."]),
    ("Так і тягне. «Стояла тиха ніч». «Мені вітер пошту носить».",
     ["Так і тягне.", "«Стояла тиха ніч».", "«Мені вітер пошту носить»."]),
    ("— Печія виникає, — пояснює лікар. — Її викликає переїдання.",
     ["— Печія виникає, — пояснює лікар.", "— Її викликає переїдання."]),
    # terminal runs, ellipses, brackets
    ("Що це?! Не знаю...", ["Що це?!", "Не знаю..."]),
    ("Це більше, ніж література… Це подарунок.", ["Це більше, ніж література…", "Це подарунок."]),
    ("Так... і ні.", ["Так... і ні."]),
    ("Рівень зріс на 5% (наступного року. — Ред.). Це непогано.",
     ["Рівень зріс на 5% (наступного року. — Ред.).", "Це непогано."]),
    ("Нові дані (див. мал. 8). Далі буде.", ["Нові дані (див. мал. 8).", "Далі буде."]),
    ("Заплатили 1.35 мільйона.", ["Заплатили 1.35 мільйона."]),
    ("Він використав білок. mTOR входить до складу.", ["Він використав білок.", "mTOR входить до складу."]),
    ("Гостювали Франц I та Олександр I. Зустріч тривала тиждень.",
     ["Гостювали Франц I та Олександр I.", "Зустріч тривала тиждень."]),
    ("Він посадив рис. Після обіду спить.", ["Він посадив рис.", "Після обіду спить."]),
    ("Див. рис. 5 нижче.", ["Див. рис. 5 нижче."]),
    ("Міліція потурала нападникам.Так, є фото.", ["Міліція потурала нападникам.", "Так, є фото."]),
    ("Ціни від $2,1 тис./кв. м. Сам заступник живе тут.",
     ["Ціни від $2,1 тис./кв. м.", "Сам заступник живе тут."]),
    ("Цей стиль виник у XIX ст. У радянський період його забули.",
     ["Цей стиль виник у XIX ст.", "У радянський період його забули."]),
    ("— …Сподіваюсь, тепер буде спокій.", ["— …Сподіваюсь, тепер буде спокій."]),
    # pre-tokenized text (NER-UK BRUK files): periods stand apart, initials and abbreviations still hold
    ("Словник уклали В . І . Перебийніс та Н . Ф . Клименко . Він вийшов у 1998 р . Наклад малий .",
     ["Словник уклали В . І . Перебийніс та Н . Ф . Клименко .", "Він вийшов у 1998 р .", "Наклад малий ."]),
    ("Інститут мовознавства ім . О . О . Потебні , вул . Грушевського , 4 . Пишіть нам .",
     ["Інститут мовознавства ім . О . О . Потебні , вул . Грушевського , 4 .", "Пишіть нам ."]),
    ("Усе сталося в Сочі . Там були всі .", ["Усе сталося в Сочі .", "Там були всі ."]),
])
def test_sentence_boundaries(nlp, text, expected):
    assert sents(nlp, text) == expected


def test_line_breaks_and_paragraphs(nlp):
    text = "Заголовок без крапки\nПерше речення абзацу, яке триває\nдалі.\n\nДругий абзац."
    assert sents(nlp, text) == ["Заголовок без крапки", "Перше речення абзацу, яке триває", "далі.",
                                "Другий абзац."]


def test_word_hyphenated_at_line_end_continues(nlp):
    assert sents(nlp, "Це був пере-\nнос слова.\nНовий рядок -\nнове речення.") == [
        "Це був пере-\nнос слова.", "Новий рядок -", "нове речення."]


def test_single_newline_not_a_boundary_when_configured():
    nlp = _pipeline(newline_boundary=False)
    text = "Перше речення абзацу, яке триває\nдалі.\n\nДругий абзац"
    assert sents(nlp, text) == ["Перше речення абзацу, яке триває\nдалі.", "Другий абзац"]


def test_every_token_gets_a_value_and_whitespace_never_starts(nlp):
    doc = nlp("  \nПерше. Друге!\n\n  Третє?  ")
    assert all(t.is_sent_start is not None for t in doc)
    assert all(not t.is_sent_start for t in doc[1:] if t.is_space)
    assert [s.text.strip() for s in doc.sents] == ["Перше.", "Друге!", "Третє?"]


@pytest.mark.parametrize("text", ["", " ", "\n\n", ".", "«»", "...", "—"])
def test_degenerate_texts(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    assert sum(len(s) for s in doc.sents) == len(doc)


_TEXT = st.lists(st.sampled_from(
    ["Слово", "слово", "О", "р", "ім", "т", "зв", "2022", "1,4", "грн", ".", ",", "!", "?", "...", "…", "«", "»",
     '"', "—", "-", "(", ")", " ", " ", " ", "\n", "\n\n", "👍", "А.О."]), max_size=40).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(_TEXT, st.text(max_size=60)))
def test_sentences_partition_any_text(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    if len(doc):
        assert doc[0].is_sent_start
        assert all(t.is_sent_start is not None for t in doc)
        spans = list(doc.sents)
        assert spans[0].start == 0 and spans[-1].end == len(doc)
        assert all(a.end == b.start for a, b in zip(spans, spans[1:], strict=False))
        assert all(not t.is_sent_start for t in doc[1:] if t.is_space)
