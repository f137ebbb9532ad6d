"""Tokenizer and word normalization: tricky Ukrainian news cases, offsets, serialization, tiling property."""
from __future__ import annotations

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ukrnews_nlp.normalize import norm_form, normalize_apostrophes, normalize_homoglyphs, normalize_word
from ukrnews_nlp.tokenizer import create_tokenizer


def _blank(style: str = "ud"):
    return spacy.blank("uk", config={"nlp": {"tokenizer": {"@tokenizers": "ukrnews_nlp.tokenizer.v1",
                                                            "style": style}}})


@pytest.fixture(scope="module")
def ud():
    return _blank("ud")


@pytest.fixture(scope="module")
def news():
    return _blank("news")


def words(nlp, text: str) -> list[str]:
    return [t.text for t in nlp(text) if not t.is_space]


# --- apostrophes and quotes ---------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["об'єкт", "п’ять", "Мар’їнка", "сімʼя", "пам`ять", "м´яч", "п′ять", "О'Райлі",
                                  "Assassin’s", "здоров’я"])
def test_apostrophe_stays_inside_word(ud, word):
    assert words(ud, f"Це {word}, так.") == ["Це", word, ",", "так", "."]


@pytest.mark.parametrize("text, expected", [
    ("«Слово» і „слово“", ["«", "Слово", "»", "і", "„", "слово", "“"]),
    ("‘слово’ та ’слово’", ["‘", "слово", "’", "та", "’", "слово", "’"]),
    ('"Так", - сказав', ['"', "Так", '"', ",", "-", "сказав"]),
    ("“п’ять”", ["“", "п’ять", "”"]),
    ("‚Так‘", ["‚", "Так", "‘"]),
    ("«Слово»,«слово»", ["«", "Слово", "»", ",", "«", "слово", "»"]),
])
def test_quotes_are_tokens_apostrophes_are_not(ud, text, expected):
    assert words(ud, text) == expected


@pytest.mark.parametrize("text, expected", [
    ('Це обов"язково.', ["Це", 'обов"язково', "."]),
    ("Моє ім*я, сім\"я.", ["Моє", "ім*я", ",", 'сім"я', "."]),
    ('книжку"Гаррі"', ["книжку", '"', "Гаррі", '"']),  # before a capital or another letter: a quotation mark
    ('графа"національність"', ["графа", '"', "національність", '"']),
    ("б**дь", ["б", "*", "*", "дь"]),
])
def test_quote_or_asterisk_typed_for_the_apostrophe(ud, news, text, expected):
    assert words(ud, text) == expected
    assert words(news, text) == expected
    assert normalize_apostrophes('обов"язково ім*я "ящик" книжку"Гаррі') == "обов'язково ім'я \"ящик\" книжку\"Гаррі"


# --- hyphens and dashes -------------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["будь-яка", "з-за", "з-під", "Івано-Франківськ", "Нью-Йорк", "по-українськи",
                                  "хто-небудь", "все-таки", "2016-го", "14-річний", "1990-х", "екс-міністр",
                                  "XX-го", "XIX-му"])
def test_hyphenated_words_kept_whole_in_both_styles(ud, news, word):
    assert words(ud, f"це {word} тут") == ["це", word, "тут"]
    assert words(news, f"це {word} тут") == ["це", word, "тут"]


@pytest.mark.parametrize("word", ["північно-західний", "прес-секретар", "Карпенка-Карого", "COVID-19",
                                  "XVII-XVIII"])
def test_compounds_split_in_ud_style_whole_in_news_style(ud, news, word):
    left, right = word.split("-")
    assert words(ud, word) == [left, "-", right]
    assert words(news, word) == [word]


@pytest.mark.parametrize("text, expected", [
    ("слово – слово", ["слово", "–", "слово"]),
    ("слово—слово", ["слово", "—", "слово"]),
    ("слово -слово", ["слово", "-", "слово"]),
    ("–слово", ["–", "слово"]),
    ("пере-\nнос", ["пере", "-", "нос"]),
    ('"…переговори", - сказав', ['"', "…", "переговори", '"', ",", "-", "сказав"]),
    ("так -- ні", ["так", "--", "ні"]),
])
def test_dash_as_punctuation_splits(ud, news, text, expected):
    assert words(ud, text) == expected
    assert words(news, text) == expected


# --- abbreviations, initials, numbers -----------------------------------------------------------------

@pytest.mark.parametrize("text, ud_tokens, news_tokens", [
    ("т. зв. «ДНР»", ["т", ".", "зв", ".", "«", "ДНР", "»"], ["т.", "зв.", "«", "ДНР", "»"]),
    ("т.зв. вибори", ["т", ".", "зв", ".", "вибори"], ["т.зв.", "вибори"]),
    ("вул. Хрещатик", ["вул", ".", "Хрещатик"], ["вул.", "Хрещатик"]),
    ("ім. Шевченка", ["ім", ".", "Шевченка"], ["ім.", "Шевченка"]),
    ("у м. Києві", ["у", "м", ".", "Києві"], ["у", "м.", "Києві"]),
    ("Київської обл.", ["Київської", "обл", "."], ["Київської", "обл."]),
    ("О. Лукашенко", ["О", ".", "Лукашенко"], ["О", ".", "Лукашенко"]),
    ("Дж. Байден", ["Дж", ".", "Байден"], ["Дж.", "Байден"]),
    ("О.Лукашенко", ["О", ".", "Лукашенко"], ["О", ".", "Лукашенко"]),
    ("7,08 млн грн", ["7", ",", "08", "млн", "грн"], ["7,08", "млн", "грн"]),
    ("24 лютого 2022 р.", ["24", "лютого", "2022", "р", "."], ["24", "лютого", "2022", "р."]),
    ("1 000 тис.", ["1 000", "тис", "."], ["1 000", "тис."]),
    ("10.02.2022", ["10", ".", "02", ".", "2022"], ["10.02.2022"]),
    ("о 12:30", ["о", "12", ":", "30"], ["о", "12:30"]),
    ("5%", ["5", "%"], ["5", "%"]),
    ("№5", ["№", "5"], ["№", "5"]),
    ("та ін., тощо.", ["та", "ін", ".", ",", "тощо", "."], ["та", "ін.", ",", "тощо."]),
])
def test_abbreviations_initials_numbers(ud, news, text, ud_tokens, news_tokens):
    assert words(ud, text) == ud_tokens
    assert words(news, text) == news_tokens


@pytest.mark.parametrize("text, expected", [
    ("Що?!", ["Що", "?!"]),
    ("так...", ["так", "..."]),
    ("так…", ["так", "…"]),
    ("PROFIT!!!", ["PROFIT", "!!!"]),
    ("супер!...", ["супер", "!..."]),
    ("(див. ст. 5)", ["(", "див", ".", "ст", ".", "5", ")"]),
])
def test_terminal_punctuation_runs(ud, text, expected):
    assert words(ud, text) == expected


# --- URLs, e-mails, handles, hashtags, emoji -----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Джерело: https://www.pravda.com.ua/news/2022/02/24/7328/.",
     ["Джерело", ":", "https://www.pravda.com.ua/news/2022/02/24/7328/", "."]),
    ("(www.ukr.net)", ["(", "www.ukr.net", ")"]),
    ("на сайті pravda.com.ua,", ["на", "сайті", "pravda.com.ua", ","]),
    ("пишіть на info@pravda.com.ua.", ["пишіть", "на", "info@pravda.com.ua", "."]),
    ("акаунт @zelenskyy_official:", ["акаунт", "@zelenskyy_official", ":"]),
    ("👍🏽 👨‍👩‍👧 🇺🇦", ["👍🏽", "👨‍👩‍👧", "🇺🇦"]),
    ("Слава🇺🇦!", ["Слава", "🇺🇦", "!"]),
    ("❤️❤️", ["❤️", "❤️"]),
    ("дякую :)", ["дякую", ":)"]),
])
def test_urls_emails_handles_emoji(ud, news, text, expected):
    assert words(ud, text) == expected
    assert words(news, text) == expected


@pytest.mark.parametrize("text, ud_words, news_words", [
    ("#2: «#тег»", ["#", "2", ":", "«", "#", "тег", "»"], ["#", "2", ":", "«", "#тег", "»"]),
    ("«#СлаваУкраїні»", ["«", "#", "СлаваУкраїні", "»"], ["«", "#СлаваУкраїні", "»"]),
    ("про #зраду.", ["про", "#", "зраду", "."], ["про", "#зраду", "."]),
])
def test_hashtags(ud, news, text, ud_words, news_words):
    # UD-IU writes a hashtag as the mark and the word; the news style keeps it whole
    assert words(ud, text) == ud_words
    assert words(news, text) == news_words


# --- normalization ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("п’ять", "п'ять"), ("сімʼя", "сім'я"), ("пам`ять", "пам'ять"), ("м´яч", "м'яч"), ("п′ять", "п'ять"),
    ("’слово’", "’слово’"),  # quotes at the edges are not apostrophes
    ("Kиїв", "Київ"), ("нaш", "наш"), ("CЕКРЕТАР", "СЕКРЕТАР"), ("Україна", "Україна"),
    ("COVIDу", "COVIDу"), ("iPhone", "iPhone"), ("Kyiv", "Kyiv"), ("укрaïнський", "український"),
])
def test_normalize_word(text, expected):
    assert normalize_word(text) == expected
    assert len(normalize_word(text)) == len(text)


def test_normalization_parts_and_norm_form():
    assert normalize_apostrophes("об’єкт") == "об'єкт"
    assert normalize_homoglyphs("Kиїв") == "Київ"
    assert norm_form("Kиїв") == "київ"


def test_norm_keeps_text_and_offsets(ud):
    text = "У Kиєві нaш об’єкт «Мар’їнка»."
    doc = ud(text)
    for t in doc:
        assert text[t.idx:t.idx + len(t)] == t.text
    by_text = {t.text: t for t in doc}
    assert by_text["Kиєві"].norm_ == "києві" and by_text["Kиєві"].idx == 2
    assert by_text["нaш"].norm_ == "наш"
    assert by_text["об’єкт"].norm_ == "об'єкт"
    assert by_text["Мар’їнка"].norm_ == "мар'їнка"
    assert by_text["«"].text == "«"


# --- tokens with a space or several marks inside: numbers in groups, emoticons ------------------------

@pytest.mark.parametrize("text, expected", [
    ("зібрав 5 244 190 ₴, або ж 241 233 $.", ["зібрав", "5 244 190", "₴", ",", "або", "ж", "241 233", "$", "."]),
    ("маса 26\u00a0000 кг", ["маса", "26\u00a0000", "кг"]),
    ("з 2 000 до 3 000.", ["з", "2 000", "до", "3 000", "."]),
    ("($ 8,000,000).", ["(", "$", "8,000,000", ")", "."]),
    # not three-digit groups: a year before a number, a decimal part, a four-digit group, one comma group
    ("у 2016 200 людей", ["у", "2016", "200", "людей"]),
    ("1,5 000", ["1", ",", "5", "000"]),
    ("12 3456", ["12", "3456"]),
    ("1,213 осіб", ["1", ",", "213", "осіб"]),
    ("дякую:)", ["дякую", ":)"]),
    ("нема:(( а", ["нема", ":((", "а"]),
    ("теж :). Так", ["теж", ":)", ".", "Так"]),
    ("тобі))) після", ["тобі", ")))", "після"]),
    ("граємо!))може", ["граємо", "!", "))", "може"]),
    ("гірше... (((\n\nА", ["гірше", "...", "(((", "А"]),
    ("плакав :rolleyes: ну", ["плакав", ":rolleyes:", "ну"]),
    # brackets that close what was opened, or open what closes later, stay marks of their own
    ("(див. (1)) і", ["(", "див", ".", "(", "1", ")", ")", "і"]),
    ("((a) b)", ["(", "(", "a", ")", "b", ")"]),
    ("Примітка:(1) текст", ["Примітка", ":", "(", "1", ")", "текст"]),
])
def test_grouped_numbers_and_emoticons_are_one_token(ud, text, expected):
    assert words(ud, text) == expected


def test_grouped_number_offsets_and_pickle(ud, news):
    import pickle

    assert words(news, "5 244 190 грн, дякую:) тобі)))") == ["5 244 190", "грн", ",", "дякую", ":)", "тобі", ")))"]
    doc = ud("маса 12 500 кг")
    assert [(t.text, t.idx) for t in doc] == [("маса", 0), ("12 500", 5), ("кг", 12)]
    restored = pickle.loads(pickle.dumps(ud.tokenizer))
    assert [t.text for t in restored("маса 12 500 кг")] == ["маса", "12 500", "кг"]


def test_create_tokenizer_directly_and_unknown_style():
    nlp = spacy.blank("uk")
    nlp.tokenizer = create_tokenizer(nlp)
    assert [t.text for t in nlp("будь-яка п’ять")] == ["будь-яка", "п’ять"]
    with pytest.raises(ValueError):
        create_tokenizer(nlp, style="nonsense")


@pytest.mark.parametrize("style", ["ud", "news"])
def test_serialization_round_trip(tmp_path, style):
    nlp = _blank(style)
    text = "О. Лукашенко, т.зв. «ДНР», 7,08 млн, https://x.com/a, 👨‍👩‍👧 будь-який прес-секретар."
    expected = [t.text for t in nlp(text)]
    restored = spacy.blank("uk")
    restored.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    assert [t.text for t in restored(text)] == expected
    nlp.to_disk(tmp_path / "p")
    assert [t.text for t in spacy.load(tmp_path / "p")(text)] == expected


# --- property: tokens tile any text -------------------------------------------------------------------

_ALPHABET = st.sampled_from(list(
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯabcxyzKTM0123456789"
    " \n\t\u00a0.,;:!?…-–—«»„“”\"'’ʼ`´′‘()[]@#%№/+*&_=<>^~$€₴\u0301\u00ad\u200d\ufe0f"
) + ["👍", "🏽", "🇺", "🇦", "👨", "❤", "www.", "http://", ".ua", "://"])
_TEXT = st.one_of(st.text(max_size=80), st.lists(_ALPHABET, max_size=60).map("".join))


def _check_tiling(doc, text):
    assert doc.text == text
    pos = 0
    for t in doc:
        assert t.idx >= pos
        assert text[pos:t.idx].strip() == ""  # only whitespace between tokens
        assert text[t.idx:t.idx + len(t)] == t.text
        assert len(t) > 0
        pos = t.idx + len(t)
    assert text[pos:].strip() == ""
    idxs = [t.idx for t in doc]
    assert idxs == sorted(set(idxs))  # strictly increasing


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_tokens_tile_any_text(ud, news, text):
    for nlp in (ud, news):
        _check_tiling(nlp(text), text)
