"""``ukrnews_entity_rules``: corrections of the NER model's entities (boundaries, common words, places,
one label per name in a document), on sentences written for these tests.

Most tests set ``doc.ents`` by hand, as a model might have tagged the text, and check what the rules make of
it, so they run without the trained model; the last ones check the component's place in the pipelines.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

import ukrnews_nlp.entity_rules  # noqa: F401  (registers the factory)
import ukrnews_nlp.sentences  # noqa: F401
import ukrnews_nlp.tokenizer  # noqa: F401
from ukrnews_nlp.entity_rules import EntityRules

MODELS = Path(__file__).resolve().parents[1] / "models"


@pytest.fixture(scope="module")
def tok():
    nlp = spacy.blank("uk", config={"nlp": {"tokenizer": {"@tokenizers": "ukrnews_nlp.tokenizer.v1"}}})
    nlp.add_pipe("ukrnews_sentences")
    return nlp


def tagged(tok, text: str, *mentions: tuple[str, str] | tuple[str, str, int]):
    """``text`` with entities as a model might have given them: (surface, label[, occurrence])."""
    doc = tok(text)
    spans = []
    for mention in mentions:
        surface, label = mention[0], mention[1]
        start = -1
        for _ in range(mention[2] if len(mention) > 2 else 1):
            start = text.index(surface, start + 1)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    return doc


def ents(doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


def run(doc, **config):
    return EntityRules(**config)(doc)


# --------------------------------------------------------------------------------------------------------------
# boundaries
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "model", "expected"), [
    ("Черкаське відділення АМКУ оштрафувало підприємця.",
     ("Черкаське відділення АМКУ оштрафувало", "ORG"), ("Черкаське відділення АМКУ", "ORG")),
    ("Ремонтуватимуть вул. Горького, вул. Шевченка та інші.", ("вул. Горького,", "LOC"), ("вул. Горького", "LOC")),
    ("Міністерство реорганізують в Державну фіскальну службу.",
     ("Державну фіскальну службу.", "ORG"), ("Державну фіскальну службу", "ORG")),
    ("Справу веде Смєшко І. П. Окрім нього, там працює ще двоє.",
     ("Смєшко І. П. Окрім", "PER"), ("Смєшко І. П.", "PER")),
    ("Газ постачає «Укртрансгаз», а не інша компанія.", ("«Укртрансгаз»", "ORG"), ("Укртрансгаз", "ORG")),
    ("Директор ТОВ «Агрофірма» прийшов.", ("ТОВ «Агрофірма»", "ORG"), ("ТОВ «Агрофірма»", "ORG")),
    ("Він очолював ВАТ ДАК «Автомобільні дороги України».", ("ВАТ ДАК «Автомобільні дороги України", "ORG"),
     ("ВАТ ДАК «Автомобільні дороги України»", "ORG")),
    ("Будує ТОВ «БК “Етерна”».", ("ТОВ «БК “Етерна”", "ORG"), ("ТОВ «БК “Етерна”»", "ORG")),
    ("Купили ТОВ «ТД «Укрпласт» у березні.", ("ТОВ «ТД «Укрпласт»", "ORG"), ("ТОВ «ТД «Укрпласт»", "ORG")),
    ("Про це заявила «Укрнафта» вчора.", ("Укрнафта»", "ORG"), ("Укрнафта", "ORG")),
    ("Узяв Дору за руку і повів у темряву.", ("Узяв Дору", "PER"), ("Дору", "PER")),
    ("Рішення ухвалила Бучанська селищна рада та її голова.",
     ("Бучанська селищна рада та її голова", "ORG"), ("Бучанська селищна рада", "ORG")),
    ("Будинок стоїть на вул. Леніна в с. Ясногородка.", ("вул. Леніна в с", "LOC"), ("вул. Леніна", "LOC")),
])
def test_boundaries_follow_the_annotation_conventions(tok, text, model, expected):
    doc = run(tagged(tok, text, model), common_words=False, person_readings=False, place_context=False,
              document=False)
    assert expected in ents(doc)


def test_pre_tokenized_initials_keep_their_periods(tok):
    doc = run(tagged(tok, "Словник уклала Н . Ф . Клименко .", ("Н . Ф . Клименко", "PER")))
    assert ents(doc) == [("Н . Ф . Клименко", "PER")]


def test_other_labels_keep_the_period_of_a_unit_only(tok):
    # "р." and "грн." keep their period in NER-UK; a sentence's final period is not part of a date
    doc = run(tagged(tok, "Заплатили 5 млн грн. у 2015 р.", ("5 млн грн.", "MON"), ("2015 р.", "DATE")))
    assert ents(doc) == [("5 млн грн.", "MON"), ("2015 р.", "DATE")]
    doc = run(tagged(tok, "Зустріч відбулася 31 грудня. Потім «Вечір».", ("31 грудня.", "DATE"),
                     ("«Вечір».", "ART")))
    assert ents(doc) == [("31 грудня", "DATE"), ("«Вечір»", "ART")]
    doc = run(tagged(tok, "Зустріч відбулася 31 грудня.", ("31 грудня.", "DATE")), boundaries=False)
    assert ents(doc) == [("31 грудня.", "DATE")]


def test_dates_and_amounts_end_before_a_preposition_and_need_a_number_or_unit(tok):
    doc = run(tagged(tok, "Світла не буде з 17:00 до 19:00.", ("17:00 до", "TIME")))
    assert ents(doc) == [("17:00", "TIME")]
    doc = run(tagged(tok, "Зібрали 5 244 190 грн :) і 5 % (у 2020 р.)", ("5 244 190 грн :)", "MON"), ("5 %", "PCT"),
                     ("2020 р.)", "DATE")))
    assert ents(doc) == [("5 244 190 грн", "MON"), ("5 %", "PCT"), ("2020 р.", "DATE")]
    doc = run(tagged(tok, "Пишіть у Viber або купіть 5 кг цукру за 100 грн.", ("Viber", "QUANT"), ("5 кг", "QUANT"),
                     ("100 грн", "MON")))
    assert ents(doc) == [("5 кг", "QUANT"), ("100 грн", "MON")]
    doc = run(tagged(tok, "Привезли кілька тонн і сотню метрів.", ("кілька тонн", "QUANT"), ("сотню метрів", "QUANT")))
    assert ents(doc) == [("кілька тонн", "QUANT"), ("сотню метрів", "QUANT")]
    doc = run(tagged(tok, "Пишіть у Viber.", ("Viber", "QUANT")), boundaries=False)
    assert ents(doc) == [("Viber", "QUANT")]


def test_no_span_runs_past_a_table_cell_separator(tok):
    text = "Ліцензія | SAP Application Developer User | 4 | 2017 рік | ще"
    doc = run(tagged(tok, text, ("SAP Application Developer User | 4", "ORG"), ("2017 рік | ще", "DATE")))
    assert ents(doc) == [("SAP Application Developer User", "ORG"), ("2017 рік", "DATE")]
    doc = run(tagged(tok, text, ("SAP Application Developer User | 4", "ORG")), boundaries=False)
    assert ents(doc) == [("SAP Application Developer User | 4", "ORG")]


def test_a_quote_opening_with_a_lower_case_word_is_not_part_of_a_name(tok):
    text = "Отримали відповідь ДПІ «про відмову у видачі довідки» і звернулися до ТОВ «Агро»."
    model = (("ДПІ «про відмову у видачі довідки»", "ORG"), ("ТОВ «Агро»", "ORG"))
    assert ents(run(tagged(tok, text, *model))) == [("ДПІ", "ORG"), ("ТОВ «Агро»", "ORG")]


@pytest.mark.parametrize(("text", "model", "expected"), [
    ("Речник ГУ НГУ підполковник Іван Петренко.", "ГУ НГУ підполковник", "ГУ НГУ"),
    ("Представники ТОВ «Агро» юристи заявили.", "ТОВ «Агро» юристи", "ТОВ «Агро»"),
    ("Громадська організація Поліський єгер звернулася.", "Поліський єгер", "Поліський єгер"),  # a name
    ("Спілка письменників заявила.", "Спілка письменників", "Спілка письменників"),  # genitive
])
def test_a_person_noun_after_an_acronym_is_not_part_of_the_organisation(tok, text, model, expected):
    assert ents(run(tagged(tok, text, (model, "ORG")))) == [(expected, "ORG")]


def test_a_company_noun_before_a_quoted_name_stays_outside(tok):
    text = "Засновником київської фірми «Полімерізол» є Іванов."
    doc = run(tagged(tok, text, ("київської фірми «Полімерізол»", "ORG")))
    assert ents(doc) == [("Полімерізол", "ORG")]
    # a noun that may be a nominative singular ("фірма «Х»" is one span in DEV as often as not) is left alone
    doc = run(tagged(tok, "Цим займалася фірма «Полімерізол».", ("фірма «Полімерізол»", "ORG")))
    assert ents(doc) == [("фірма «Полімерізол»", "ORG")]
    # a capitalized word before the quote: a name's part, kept
    doc = run(tagged(tok, "Він очолив Київську фірму «Полімерізол».", ("Київську фірму «Полімерізол»", "ORG")))
    assert ents(doc) == [("Київську фірму «Полімерізол»", "ORG")]


def test_an_object_after_an_organisation_name_is_cut(tok):
    text = "Уряд доручив Міністерству аграрної політики та продовольства закупівлю зерна."
    doc = run(tagged(tok, text, ("Міністерству аграрної політики та продовольства закупівлю", "ORG")))
    assert ents(doc) == [("Міністерству аграрної політики та продовольства", "ORG")]
    # after an adjective the noun is the name's head: kept
    doc = run(tagged(tok, "Це вирішила Житомирської облрада.", ("Житомирської облрада", "ORG")))
    assert ents(doc) == [("Житомирської облрада", "ORG")]
    # an accusative-only noun after a noun or an acronym inside the span is an object; after its adjective, a head
    text = "Вищий госпсуд ухвалу суду скасував, НАЗК заяву отримало, а прокурор звернувся в Краматорську міськраду."
    doc = run(tagged(tok, text, ("Вищий госпсуд ухвалу суду", "ORG"), ("НАЗК заяву", "ORG"),
                     ("Краматорську міськраду", "ORG")))
    assert ents(doc) == [("Вищий госпсуд", "ORG"), ("НАЗК", "ORG"), ("Краматорську міськраду", "ORG")]
    # a nominative or accusative noun cannot continue a name whose head is in an oblique case
    doc = run(tagged(tok, "У Міністерстві енергетики звіт назвали корисним.", ("Міністерстві енергетики звіт", "ORG")))
    assert ents(doc) == [("Міністерстві енергетики", "ORG")]
    doc = run(tagged(tok, "Команда грала на арені Палацу спорту угорський клуб.",
                     ("Палацу спорту угорський клуб", "ORG")))
    assert ents(doc) == [("Палацу спорту", "ORG")]   # its adjective too
    doc = run(tagged(tok, "Міністерство енергетики звіт оприлюднило.", ("Міністерство енергетики звіт", "ORG")))
    assert ents(doc) == [("Міністерство енергетики звіт", "ORG")]   # a nominative head: the rule says nothing


def test_common_words_opening_a_sentence_are_dropped(tok):
    text = "Співай, донечко. Троянда стояла у вазі. Соня увімкнула фари."
    doc = run(tagged(tok, text, ("Співай", "PER"), ("Троянда", "PER"), ("Соня", "PER")))
    assert ents(doc) == [("Соня", "PER")]
    # a one-word MISC on the same terms; a name stays, and so does the word where the document capitalizes it
    # inside a sentence too
    doc = run(tagged(tok, "Експорт зріс. Telegram заблокували.", ("Експорт", "MISC"), ("Telegram", "MISC")))
    assert ents(doc) == [("Telegram", "MISC")]
    text = "Експорт зріс. Мова про Експорт."
    doc = run(tagged(tok, text, ("Експорт", "MISC"), ("Експорт", "MISC", 2)))
    assert ents(doc) == [("Експорт", "MISC"), ("Експорт", "MISC")]


def test_a_person_s_title_is_not_a_place(tok):
    text = "Самопроголошений президент Білорусі заявив. Вулиця Героїв і вул. Мерзляка. Адміністрація президента."
    doc = run(tagged(tok, text, ("Самопроголошений президент", "LOC"), ("Білорусі", "LOC"), ("Вулиця Героїв", "LOC"),
                     ("вул. Мерзляка", "LOC"), ("Адміністрація президента", "ORG")))
    assert ents(doc) == [("Білорусі", "LOC"), ("Вулиця Героїв", "LOC"), ("вул. Мерзляка", "LOC"),
                         ("Адміністрація президента", "ORG")]
    kept = run(tagged(tok, text, ("Самопроголошений президент", "LOC")), common_words=False, news_names=False)
    assert ents(kept) == [("Самопроголошений президент", "LOC")]


def test_a_common_word_that_is_also_a_surname_is_no_place_at_a_sentence_start(tok):
    text = "Хмари висіли низько. Роман пішов додому."
    doc = run(tagged(tok, text, ("Хмари", "LOC"), ("Роман", "PER")))
    assert ents(doc) == [("Роман", "PER")]  # a person's mention keeps its reading as a given name
    # a word the dictionary also knows as a place stays
    assert ents(run(tagged(tok, "Київ прокинувся рано.", ("Київ", "LOC")))) == [("Київ", "LOC")]


def test_a_word_capitalized_inside_a_sentence_is_kept(tok):
    # "Троянда" is a name here: the document writes it with a capital inside a sentence too
    text = "Троянда прийшла додому. Мама чекала на Троянду."
    doc = run(tagged(tok, text, ("Троянда", "PER"), ("Троянду", "PER")), person_readings=False)
    assert ents(doc) == [("Троянда", "PER"), ("Троянду", "PER")]


def test_inanimate_dictionary_nouns_tagged_as_persons_are_places(tok):
    text = "Я колись був у Парижі, а Олена мріє про Закарпаття."
    doc = run(tagged(tok, text, ("Парижі", "PER"), ("Олена", "PER"), ("Закарпаття", "PER")))
    assert ents(doc) == [("Парижі", "LOC"), ("Олена", "PER"), ("Закарпаття", "LOC")]


def test_the_subject_of_a_verb_of_speech_or_feeling_is_a_person(tok):
    # a parse as the core model gives it: "Калязін обернувся, Амфібрахій співав, а Росія відповіла ."
    words = ["Калязін", "обернувся", ",", "Амфібрахій", "співав", ",", "а", "Росія", "відповіла", "."]
    doc = Doc(tok.vocab, words=words, spaces=[True, False, True, True, False, True, True, True, False, False],
              heads=[1, 1, 4, 4, 1, 8, 8, 8, 1, 1],
              deps=["nsubj", "ROOT", "punct", "nsubj", "conj", "punct", "cc", "nsubj", "conj", "punct"],
              pos=["PROPN", "VERB", "PUNCT", "PROPN", "VERB", "PUNCT", "CCONJ", "PROPN", "VERB", "PUNCT"],
              lemmas=["Калязін", "обернутися", ",", "Амфібрахій", "співати", ",", "а", "Росія", "відповісти", "."])
    doc.ents = [Span(doc, 0, 1, "PER"), Span(doc, 3, 4, "LOC"), Span(doc, 7, 8, "LOC")]
    assert ents(run(doc)) == [("Калязін", "PER"), ("Амфібрахій", "PER"), ("Росія", "LOC")]
    # and the same name elsewhere in the document, outvoting the model's places: "Амфібрахій співав , бо бачив
    # Амфібрахія і Амфібрахія ."
    words = ["Амфібрахій", "співав", ",", "бо", "бачив", "Амфібрахія", "і", "Амфібрахія", "."]
    doc = Doc(tok.vocab, words=words, spaces=[True, False, True, True, True, True, True, False, False],
              heads=[1, 1, 4, 4, 1, 4, 7, 5, 1],
              deps=["nsubj", "ROOT", "punct", "mark", "advcl", "obj", "cc", "conj", "punct"],
              pos=["PROPN", "VERB", "PUNCT", "SCONJ", "VERB", "PROPN", "CCONJ", "PROPN", "PUNCT"],
              lemmas=["Амфібрахій", "співати", ",", "бо", "бачити", "Амфібрахій", "і", "Амфібрахій", "."])
    doc.ents = [Span(doc, 0, 1, "LOC"), Span(doc, 5, 6, "LOC"), Span(doc, 7, 8, "LOC")]
    assert ents(run(doc)) == [("Амфібрахій", "PER"), ("Амфібрахія", "PER"), ("Амфібрахія", "PER")]

def test_names_after_settlement_abbreviations_are_places(tok):
    text = "Стадіон у м. Змієві відкрили, а в с. Корогод ні."
    doc = run(tagged(tok, text, ("Корогод", "PER")))
    assert ents(doc) == [("Змієві", "LOC"), ("Корогод", "LOC")]


def test_a_place_after_a_line_break_in_a_list(tok):
    text = "Фірма ремонтуватиме:\n* вул. Набережна в с.\nТолокунь\n* вул. Кічігіна в с.\nКатюжанка\n"
    doc = run(tagged(tok, text, ("вул. Набережна", "LOC"), ("вул. Кічігіна", "LOC")))
    assert ents(doc) == [("вул. Набережна", "LOC"), ("Толокунь", "LOC"), ("вул. Кічігіна", "LOC"),
                         ("Катюжанка", "LOC")]
    # an abbreviation ending a sentence without a preposition before it does not make the next word a place
    doc = run(tagged(tok, "Дивись с.\nМарина прийшла."))
    assert ents(doc) == []


def test_units_after_numbers_are_not_settlement_abbreviations(tok):
    text = "Квартира площею 100 кв. м. Суддя отримав її у 2008 р. Яцишин теж."
    doc = run(tagged(tok, text, ("Яцишин", "PER")))
    assert ents(doc) == [("Яцишин", "PER")]


def test_common_words_of_a_menu_line_are_dropped(tok):
    doc = tagged(tok, "Новини | Політика | Економіка | Війна\nУряд продовжив програму.",
                 ("Економіка", "LOC"), ("Війна", "LOC"))
    assert ents(run(doc)) == []
    doc = tagged(tok, "Новини | Політика | Економіка\nУряд продовжив програму.", ("Економіка", "LOC"))
    assert ents(run(doc, common_words=False)) == [("Економіка", "LOC")]


def test_a_heading_in_capitals_is_no_name(tok):
    text = "ДЕРЖАВНА ПІДТРИМКА ГРОМАД\nНаказ МІНІСТЕРСТВО ОБОРОНИ УКРАЇНИ видало, а ТІЛО звітує."
    doc = run(tagged(tok, text, ("ДЕРЖАВНА ПІДТРИМКА ГРОМАД", "ORG"), ("МІНІСТЕРСТВО ОБОРОНИ УКРАЇНИ", "ORG"),
                     ("ТІЛО", "ORG")))
    assert ents(doc) == [("МІНІСТЕРСТВО ОБОРОНИ УКРАЇНИ", "ORG"), ("ТІЛО", "ORG")]


# --------------------------------------------------------------------------------------------------------------
# kinds of names: state bodies, countries, settlements
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "model", "expected"), [
    ("Мінюст просить мерію надати документи.", ("Мінюст", "LOC"), ("Мінюст", "ORG")),
    ("На його захист виступила Нацгвардія.", ("Нацгвардія", "LOC"), ("Нацгвардія", "ORG")),
    ("Перед призначенням в Укравтодор він працював у Києві.", ("Укравтодор", "LOC"), ("Укравтодор", "ORG")),
    ("Делегація прибула до Мінська.", ("Мінська", "LOC"), ("Мінська", "LOC")),
    ("Делегація прибула до України.", ("України", "LOC"), ("України", "LOC")),
    ("Його засудили в Абу-Дабі (ОАЕ) заочно.", ("ОАЕ", "ORG"), ("ОАЕ", "LOC")),
    ("Він підлягає екстрадиції до Об'єднаних Арабських Еміратів.", ("Об'єднаних Арабських Еміратів", "ORG"),
     ("Об'єднаних Арабських Еміратів", "LOC")),
    ("Санкції запровадили Сполучені Штати Америки.", ("Сполучені Штати Америки", "ORG"),
     ("Сполучені Штати Америки", "LOC")),
    ("Канал «Україна» показав фільм.", ("Україна", "ORG"), ("Україна", "ORG")),
    ("Захист від підтоплення села Мала Костромка коштує 2 млн грн.", ("Мала Костромка", "PER"),
     ("Мала Костромка", "LOC")),
    ("Стадіон у місті Змієві реконструюють.", ("Змієві", "PER"), ("Змієві", "LOC")),
    ("Голова міста Ігор Слюзар відкрив сесію.", ("Ігор Слюзар", "PER"), ("Ігор Слюзар", "PER")),
    ("Мер міста Садовий відкрив сесію.", ("Садовий", "PER"), ("Садовий", "PER")),
    ("Національний банк знизив ставку.", ("Національний банк", "ORG"), ("Національний банк", "ORG")),
    # a possessive adjective made of a person's name: NER-UK tags the adjective alone, as the person
    ("Так це ти півдня під Данковою курткою ховалося?", ("Данковою курткою", "LOC"), ("Данковою", "PER")),
    ("Тривога ворушиться в Іванчиній пазусі.", ("Іванчиній пазусі", "LOC"), ("Іванчиній", "PER")),
    ("Вона поверталася до Дякової слободи.", ("Дякової слободи", "LOC"), ("Дякової слободи", "LOC")),  # a place
    ("Вони жили у Медовому місті.", ("Медовому місті", "LOC"), ("Медовому місті", "LOC")),  # not a possessive
    # a word with initials is a person; the initials of a company's legal form are not
    ("У записці повідомляється, що Підвисоцький М. Т. був спонсором.", ("Підвисоцький М. Т.", "ORG"),
     ("Підвисоцький М. Т.", "PER")),
    ("Акції продала компанія Metinvest B. V. торік.", ("Metinvest B. V.", "ORG"), ("Metinvest B. V.", "ORG")),
])
def test_name_kinds(tok, text, model, expected):
    assert ents(run(tagged(tok, text, model))) == [expected]


def test_an_amount_ending_in_percent_is_a_percentage(tok):
    text = "Споживання зросло на 4,2 %, ціни на 15 грн."
    doc = run(tagged(tok, text, ("4,2 %", "MON"), ("15 грн", "MON")))
    assert ents(doc) == [("4,2 %", "PCT"), ("15 грн", "MON")]
    assert ents(run(tagged(tok, text, ("4,2 %", "MON")), name_kinds=False)) == [("4,2 %", "MON")]


def test_an_organisation_takes_in_its_district(tok):
    text = "Суд скасував рішення Борщагівської сільської ради Києво-Святошинського району та Києва."
    doc = run(tagged(tok, text, ("Борщагівської сільської ради", "ORG"), ("Києво-Святошинського району", "LOC"),
                     ("Києва", "LOC")))
    assert ents(doc) == [("Борщагівської сільської ради Києво-Святошинського району", "ORG"), ("Києва", "LOC")]
    doc = run(tagged(tok, "Мешканці Києво-Святошинського району.", ("Києво-Святошинського району", "LOC")))
    assert ents(doc) == [("Києво-Святошинського району", "LOC")]  # no organisation before it
    text = "Постанову ухвалила Рада міністрів Автономної Республіки Крим."
    doc = run(tagged(tok, text, ("Рада міністрів", "ORG"), ("Автономної Республіки Крим", "LOC")))
    assert ents(doc) == [("Рада міністрів Автономної Республіки Крим", "ORG")]


def test_name_kinds_can_be_switched_off(tok):
    doc = tagged(tok, "Мінюст просить КМДА надати документи.", ("Мінюст", "LOC"))
    assert ents(run(doc, name_kinds=False)) == [("Мінюст", "LOC")]


def test_country_list_is_shipped_and_read():
    from ukrnews_nlp.entity_rules import COUNTRIES_PATH, country_keys

    names = [line for line in COUNTRIES_PATH.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert len(names) > 250 and "Німеччина" in names and "США" in names
    assert "німеччина" in country_keys()


def test_an_office_takes_in_the_region_it_serves(tok):
    doc = run(tagged(tok, "Позов подала ДПІ у Деснянському районі.", ("ДПІ", "ORG"), ("Деснянському районі", "LOC")))
    assert ents(doc) == [("ДПІ у Деснянському районі", "ORG")]
    text = "Про це повідомили в Управлінні СБУ у Чернігівській області та Дарницькій райраді у м. Києві."
    doc = run(tagged(tok, text, ("Управлінні СБУ", "ORG"), ("Чернігівській області", "LOC"),
                     ("Дарницькій райраді", "ORG"), ("Києві", "LOC")))
    assert ents(doc) == [("Управлінні СБУ у Чернігівській області", "ORG"), ("Дарницькій райраді у м. Києві", "ORG")]
    # not a region: a city other than Kyiv or Sevastopol, or a place without the preposition
    doc = run(tagged(tok, "Управління СБУ у Чернігові та СБУ Чернігівській області.", ("Управління СБУ", "ORG"),
                     ("Чернігові", "LOC"), ("СБУ", "ORG", 2)))
    assert ents(doc) == [("Управління СБУ", "ORG"), ("Чернігові", "LOC"), ("СБУ", "ORG")]
    assert ents(run(tagged(tok, text, ("Управлінні СБУ", "ORG"), ("Дарницькій райраді", "ORG")), name_kinds=False)) \
        == [("Управлінні СБУ", "ORG"), ("Дарницькій райраді", "ORG"), ("Києві", "LOC")]  # "м." + a name: a place


def test_an_organisation_takes_in_its_remit(tok):
    text = ("У Координаційному штабі з питань поводження з військовополоненими повідомили, що Державна служба з питань "
            "геодезії, картографії та кадастру отримала запит.")
    doc = run(tagged(tok, text, ("Координаційному штабі", "ORG"), ("Державна служба", "ORG")))
    assert ents(doc) == [("Координаційному штабі з питань поводження з військовополоненими", "ORG"),
                         ("Державна служба з питань геодезії, картографії та кадастру", "ORG")]
    # no genitive after "з питань": nothing to take in
    doc = run(tagged(tok, "Координаційний штаб з питань, які стосуються обміну, мовчить.",
                     ("Координаційний штаб", "ORG")))
    assert ents(doc) == [("Координаційний штаб", "ORG")]


def test_an_organisation_takes_in_its_legal_ending(tok):
    text = ("На пленумі ЦК КП(б)У і РКП ( б ) виступили. Засновники — Ронтекс Інк. та MAKO Holding B. V., "
            "депутат від БЮТ-Б і фірма «Аннтей-В».")
    doc = run(tagged(tok, text, ("ЦК КП", "ORG"), ("РКП", "ORG"), ("Ронтекс", "ORG"), ("MAKO Holding B. V", "ORG"),
                     ("БЮТ", "ORG"), ("Аннтей", "ORG")))
    assert ents(doc) == [("ЦК КП(б)У", "ORG"), ("РКП ( б )", "ORG"), ("Ронтекс Інк.", "ORG"),
                         ("MAKO Holding B. V.", "ORG"), ("БЮТ-Б", "ORG"), ("Аннтей-В", "ORG")]
    # a lower-case word after a hyphen, or a suffix another span holds, stays out
    doc = run(tagged(tok, "Це СБУ-шники з ЄС.", ("СБУ", "ORG")))
    assert ents(doc) == [("СБУ", "ORG")]
    doc = run(tagged(tok, "Угода з Liuyang fireworks sales co., ltd на суму.", ("Liuyang fireworks sales co", "ORG")))
    assert ents(doc) == [("Liuyang fireworks sales co., ltd", "ORG")]


def test_an_organisation_ending_in_an_opening_quote(tok):
    text = "Кисень постачали Комунальному закладу «Харківська міська лікарня № 5» і ТОВ «."
    doc = run(tagged(tok, text, ("Комунальному закладу «", "ORG"), ("Харківська міська лікарня № 5", "ORG"),
                     ("ТОВ «", "ORG")))
    assert ents(doc) == [("Комунальному закладу «Харківська міська лікарня № 5»", "ORG"), ("ТОВ", "ORG")]
    doc = run(tagged(tok, "Кошти виділив Європейський банк (ЄБРР).", ("Європейський банк (", "ORG")))
    assert ents(doc)[0] == ("Європейський банк", "ORG")


def test_an_organisation_ends_before_about(tok):
    text = "Рішення Міжнародного арбітражного суду про стягнення боргу набуло сили."
    doc = run(tagged(tok, text, ("Міжнародного арбітражного суду про стягнення боргу", "ORG")))
    assert ents(doc) == [("Міжнародного арбітражного суду", "ORG")]


def test_a_settlement_and_its_region_are_two_places(tok):
    text = "Ремонт у Глиняни Золочівського району і у Вовча у Дніпропетровській області, а також у Київській області."
    doc = run(tagged(tok, text, ("Глиняни Золочівського району", "LOC"), ("Вовча у Дніпропетровській області", "LOC"),
                     ("Київській області", "LOC")))
    assert ents(doc) == [("Глиняни", "LOC"), ("Золочівського району", "LOC"), ("Вовча", "LOC"),
                         ("Дніпропетровській області", "LOC"), ("Київській області", "LOC")]


def test_a_trademark_sign_after_a_name_stays_outside(tok):
    text = "Бренд ТІЛО ™ з'явився у Києві."
    doc = run(tagged(tok, text, ("ТІЛО ™", "ORG")))
    assert ents(doc) == [("ТІЛО", "ORG")]


def test_a_quoted_title_runs_over_a_line_break_after_its_period(tok):
    text = "Про це пишуть «Наші гроші.\nЛьвів» з посиланням на документи, «НГ.\nРегіон».\n" \
           "Він сказав: «Мовчи.\nЗавтра».\nА «Наші гроші.\nлюди» не то."
    doc = run(tagged(tok, text, ("Наші гроші", "ART"), ("Львів", "LOC"), ("НГ", "ORG"), ("Завтра", "DATE"),
                     ("Наші гроші", "ART", 2)))
    assert ents(doc) == [("Наші гроші.\nЛьвів", "ART"), ("НГ.\nРегіон", "ORG"), ("Завтра", "DATE"),
                         ("Наші гроші", "ART")]


def test_coordinated_regions_are_one_place(tok):
    text = "Вугілля видобувають у Донецької і Луганської областей, а спортсмени — з Хмельницької, Тернопільської та " \
           "Чернівецької областей."
    doc = run(tagged(tok, text, ("Донецької", "LOC"), ("Луганської областей", "LOC"), ("Хмельницької", "LOC"),
                     ("Тернопільської та Чернівецької областей", "LOC")))
    assert ents(doc) == [("Донецької і Луганської областей", "LOC"),
                         ("Хмельницької, Тернопільської та Чернівецької областей", "LOC")]


def test_coordinated_regions_in_the_locative_are_one_place_but_districts_and_mixed_cases_are_not(tok):
    text = "Дощі пройдуть у Дніпропетровській та Запорізькій областях, у Верхньодніпровському, Криничанському " \
           "районах і в Київській та Житомирської областей."
    doc = run(tagged(tok, text, ("Дніпропетровській", "LOC"), ("Запорізькій областях", "LOC"),
                     ("Верхньодніпровському", "LOC"), ("Криничанському районах", "LOC"), ("Київській", "LOC"),
                     ("Житомирської областей", "LOC")))
    assert ents(doc) == [("Дніпропетровській та Запорізькій областях", "LOC"), ("Верхньодніпровському", "LOC"),
                         ("Криничанському районах", "LOC"), ("Київській", "LOC"), ("Житомирської областей", "LOC")]


def test_a_street_abbreviation_ending_a_line_joins_the_name_on_the_next(tok):
    text = "Перевірка на пр.\nГагаріна, 201 / 1 у Харкові, офіс на пров.\nРильського, 12, склад у с.\nТолокунь."
    doc = run(tagged(tok, text, ("пр.", "LOC"), ("Гагаріна", "LOC"), ("Харкові", "LOC"), ("Рильського", "LOC"),
                     ("Толокунь", "LOC")))
    assert ents(doc) == [("пр.\nГагаріна, 201 / 1", "LOC"), ("Харкові", "LOC"), ("пров.\nРильського, 12", "LOC"),
                         ("Толокунь", "LOC")]


def test_an_address_takes_in_its_house_number(tok):
    text = "Офіс на вул. Патріотичній, 7-а, склад на вул Московська, 5 / 2а, а магазин на вул. Франка, яка далі."
    doc = run(tagged(tok, text, ("вул. Патріотичній", "LOC"), ("вул Московська", "LOC"), ("вул. Франка", "LOC")))
    assert ents(doc) == [("вул. Патріотичній, 7-а", "LOC"), ("вул Московська, 5 / 2а", "LOC"), ("вул. Франка", "LOC")]
    doc = run(tagged(tok, "Жив у Львові, 1990 року.", ("Львові", "LOC")))
    assert ents(doc) == [("Львові", "LOC")]  # not a street: no number taken
    text = "Офіс на Оболонському проспекті, 6, а склад на Контрактовій площі, 4."
    doc = run(tagged(tok, text, ("Оболонському проспекті", "LOC"), ("Контрактовій площі", "LOC")))
    assert ents(doc) == [("Оболонському проспекті, 6", "LOC"), ("Контрактовій площі, 4", "LOC")]


def test_an_acronym_takes_in_the_region_adjective_before_it(tok):
    text = "Диканське ГМРП стверджувало, що у київських НДІ інакше."
    doc = run(tagged(tok, text, ("Диканське", "LOC"), ("ГМРП", "ORG"), ("НДІ", "ORG")))
    assert ents(doc) == [("Диканське ГМРП", "ORG"), ("НДІ", "ORG")]

def test_a_bloc_takes_in_its_leader_s_name(tok):
    text = "Блок Петра Порошенка переміг, а Блоку Порошенка Костянтину Яринічу не дали."
    doc = run(tagged(tok, text, ("Блок", "ORG"), ("Петра Порошенка", "PER"), ("Блоку", "ORG"),
                     ("Порошенка", "PER", 2), ("Костянтину Яринічу", "PER")))
    assert ents(doc) == [("Блок Петра Порошенка", "ORG"), ("Блоку Порошенка", "ORG"), ("Костянтину Яринічу", "PER")]


@pytest.mark.parametrize("name", ["УСРР", "ДНР", "Автономної Республіки Крим", "Радянського Союзу"])
def test_former_and_unrecognized_states_are_places(tok, name):
    doc = run(tagged(tok, f"Про це стало відомо в {name} пізніше.", (name, "ORG")))
    assert ents(doc) == [(name, "LOC")]


def test_a_power_plant_is_an_organisation(tok):
    doc = run(tagged(tok, "Сховище будуватимуть на території РАЕС і Запорізької АЕС.", ("РАЕС", "LOC"),
                     ("Запорізької АЕС", "LOC")))
    assert ents(doc) == [("РАЕС", "ORG"), ("Запорізької АЕС", "ORG")]


def test_a_car_make_with_its_model_or_after_a_vehicle_noun_is_an_artefact(tok):
    text = "Задекларував Mitsubishi Pajero, автомобіль «Ягуар» і акції Toyota Motor, а Toyota звітує."
    doc = run(tagged(tok, text, ("Mitsubishi Pajero", "ORG"), ("Ягуар", "ORG"), ("Toyota Motor", "ORG"),
                     ("Toyota", "ORG", 2)))
    assert ents(doc) == [("Mitsubishi Pajero", "ART"), ("Ягуар", "ART"), ("Toyota Motor", "ORG"), ("Toyota", "ORG")]


def test_an_organisation_opening_with_a_title_is_a_post(tok):
    text = "У розпорядженні Міністра оборони України є кошти, а Міністерство оборони України мовчить."
    doc = run(tagged(tok, text, ("Міністра оборони України", "ORG"), ("Міністерство оборони України", "ORG")))
    assert ents(doc) == [("Міністра оборони України", "JOB"), ("Міністерство оборони України", "ORG")]

def test_a_place_naming_a_feast_is_misc(tok):
    text = "На Великдень і на День Києва вона їздила до Нового Саду, а до Нового року лишалась у Києві."
    doc = run(tagged(tok, text, ("Великдень", "LOC"), ("День Києва", "LOC"), ("Нового Саду", "LOC"),
                     ("Нового року", "LOC"), ("Києві", "LOC")))
    assert ents(doc) == [("Великдень", "MISC"), ("День Києва", "MISC"), ("Нового Саду", "LOC"),
                         ("Нового року", "MISC"), ("Києві", "LOC")]

def test_a_quoted_medium_named_as_the_source_of_the_news_is_an_artefact(tok):
    text = ("Про це пише Галина Котульська в «Рівне вечірнє». За даними «ВДЗ», фірма «Онур» виграла. "
            "Повідомляє видання «Forbes» з посиланням на «Prozorro». Компанія «Укрнафта» пише заяви.")
    doc = run(tagged(tok, text, ("Галина Котульська", "PER"), ("Рівне вечірнє", "ORG"), ("ВДЗ", "ORG"),
                     ("Онур", "ORG"), ("Forbes", "ORG"), ("Prozorro", "ORG"), ("Укрнафта", "ORG")))
    assert ents(doc) == [("Галина Котульська", "PER"), ("Рівне вечірнє", "ART"), ("ВДЗ", "ART"), ("Онур", "ORG"),
                         ("Forbes", "ART"), ("Prozorro", "ART"), ("Укрнафта", "ORG")]

def test_a_person_named_after_an_organisation_is_split_off_unless_genitive(tok):
    text = ("Сказала директорка НВК №9 Наталія Оцишена. Гроші дав Фонду Ріната Ахметова, "
            "а підряд отримав ФОП Любач Вадим.")
    doc = run(tagged(tok, text, ("НВК №9 Наталія Оцишена", "ORG"), ("Фонду Ріната Ахметова", "ORG"),
                     ("ФОП Любач Вадим", "ORG")))
    assert ents(doc) == [("НВК №9", "ORG"), ("Наталія Оцишена", "PER"), ("Фонду Ріната Ахметова", "ORG"),
                         ("ФОП Любач Вадим", "ORG")]

def test_acronyms_of_taxes_sole_traders_and_communities_are_no_organisations(tok):
    text = "Ціна без ПДВ, а ФОП отримав кошти, ОТГ створили, ПАТ «Укрнафта» звітує в Інтернеті."
    doc = run(tagged(tok, text, ("ПДВ", "ORG"), ("ФОП", "ORG"), ("ОТГ", "ORG"), ("ПАТ «Укрнафта»", "ORG"),
                     ("Інтернеті", "ORG")))
    assert ents(doc) == [("ФОП", "JOB"), ("ОТГ", "MISC"), ("ПАТ «Укрнафта»", "ORG"), ("Інтернеті", "MISC")]
    text = "Про це писали ЗМІ, а проекти КСВ і цей Закон змінили."
    doc = run(tagged(tok, text, ("ЗМІ", "ORG"), ("КСВ", "ORG"), ("Закон", "ORG")))
    assert ents(doc) == [("КСВ", "MISC"), ("Закон", "MISC")]
    text = "Розділ II визначає порядок. Стаття 6 стосується громад, а Принцип № 1 групування."
    doc = run(tagged(tok, text, ("Розділ II", "ORG"), ("Стаття 6", "ORG"), ("Принцип № 1", "ORG")))
    assert ents(doc) == []
    text = "Вугілля для ТЕС і АЗС купує Енергоатом."
    doc = run(tagged(tok, text, ("ТЕС", "ORG"), ("АЗС", "ORG"), ("Енергоатом", "ORG")))
    assert ents(doc) == [("Енергоатом", "ORG")]
    # a document's name opening with a document noun is DOC
    text = "Згідно з Указом Президента і Конституції України Кабінет Міністрів України діє."
    doc = run(tagged(tok, text, ("Указом Президента", "ORG"), ("Конституції України", "ORG"),
                     ("Кабінет Міністрів України", "ORG")))
    assert ents(doc) == [("Указом Президента", "DOC"), ("Конституції України", "DOC"),
                         ("Кабінет Міністрів України", "ORG")]
    # a state symbol or an award
    text = "Зображення малого Державного Герба України і відзнака «Знак пошани» є на бланку Державної служби."
    doc = run(tagged(tok, text, ("Державного Герба України", "ORG"), ("Знак пошани", "ORG"),
                     ("Державної служби", "ORG")))
    assert ents(doc) == [("Державного Герба України", "ART"), ("Знак пошани", "ART"), ("Державної служби", "ORG")]


def test_a_quoted_company_name_is_an_organisation(tok):
    text = "Він був директором компанії «СПО» і фірми «Україна», а книжку «Кобзар» читав."
    doc = run(tagged(tok, text, ("СПО", "ART"), ("Україна", "LOC"), ("Кобзар", "ART")))
    assert ents(doc) == [("СПО", "ORG"), ("Україна", "ORG"), ("Кобзар", "ART")]
    doc = run(tagged(tok, "Борг погасила фірма «Ю. К.» у травні.", ("Ю. К.", "PER")))
    assert ents(doc) == [("Ю. К.", "ORG")]
    # and the other way round: a title after a noun for a work
    text = "Він отримав книжку «Тореодори з Васюківки», а працював у фірмі «Тореадор»."
    doc = run(tagged(tok, text, ("Тореодори з Васюківки", "ORG"), ("Тореадор", "ORG")))
    assert ents(doc) == [("Тореодори з Васюківки", "ART"), ("Тореадор", "ORG")]
    # and a product after a product noun
    text = "Методичні вказівки до засобу «Біопагдез КС» підготувала фірма «Біопагдез»."
    doc = run(tagged(tok, text, ("Біопагдез КС", "ORG"), ("Біопагдез", "ORG", 2)))
    assert ents(doc) == [("Біопагдез КС", "MISC"), ("Біопагдез", "ORG")]
    # and a reference work or book named by its own noun
    text = "До «Червоної книги України» занесено 8 видів, пише Шевченківська енциклопедія, а не Книжкова палата."
    doc = run(tagged(tok, text, ("Червоної книги України", "ORG"), ("Шевченківська енциклопедія", "ORG"),
                     ("Книжкова палата", "ORG")))
    assert ents(doc) == [("Червоної книги України", "ART"), ("Шевченківська енциклопедія", "ART"),
                         ("Книжкова палата", "ORG")]


@pytest.mark.parametrize(("text", "model", "expected"), [
    ("Справу розглянув суд, бо Партія регіонів подала позов.", ("Партія регіонів", "LOC"), "ORG"),
    ("Як встановила Генпрокуратура, гроші зникли.", ("Генпрокуратура", "LOC"), "ORG"),
    ("Ще в Академії він прочитав усе.", ("Академії", "LOC"), "ORG"),
    ("Справу розглянула Колегія.", ("Колегія", "LOC"), "ORG"),
    ("Ділянки належать Млинівському держлісгоспу.", ("Млинівському держлісгоспу", "LOC"), "ORG"),
    # a council names its territory too: the model's LOC stays
    ("Це на території Фасівської сільської ради.", ("Фасівської сільської ради", "LOC"), "LOC"),
    ("Він приїхав до Києва.", ("Києва", "LOC"), "LOC"),
])
def test_a_place_named_by_an_institution_noun_is_an_organisation(tok, text, model, expected):
    assert ents(run(tagged(tok, text, model))) == [(model[0], expected)]


def test_an_organisation_takes_in_the_country_after_it(tok):
    text = "Засновником є голова Тендерної палати України Антон Яценко."
    doc = run(tagged(tok, text, ("Тендерної палати", "ORG"), ("України", "LOC"), ("Антон Яценко", "PER")))
    assert ents(doc) == [("Тендерної палати України", "ORG"), ("Антон Яценко", "PER")]


def test_a_name_quoted_inside_a_quoted_name_takes_the_outer_words(tok):
    text = "Засновником «Фірма «Профдезінфекція № 1»» є місто, а «Юридична фірма «Легіс-Плюс»» працює."
    doc = run(tagged(tok, text, ("Профдезінфекція № 1", "ORG"), ("Легіс-Плюс", "ORG")))
    assert ents(doc) == [("Фірма «Профдезінфекція № 1»", "ORG"), ("Юридична фірма «Легіс-Плюс»", "ORG")]


def test_an_organisation_takes_in_its_coordinated_fields(tok):
    text = ("Лист надіслали до Міністерства екології та природних ресурсів і Держкомітету молодіжної політики, "
            "спорту і туризму, а губернатор Донецької області та міністра не чекав.")
    doc = run(tagged(tok, text, ("Міністерства екології", "ORG"), ("Держкомітету молодіжної політики", "ORG"),
                     ("Донецької області", "LOC")))
    assert ents(doc) == [("Міністерства екології та природних ресурсів", "ORG"),
                         ("Держкомітету молодіжної політики, спорту і туризму", "ORG"), ("Донецької області", "LOC")]


def test_a_body_takes_in_the_city_it_serves(tok):
    text = "Справу розглянув Фрунзенський районний суд м. Харкова, а не райрада міста Кіровограда."
    doc = run(tagged(tok, text, ("Фрунзенський районний суд", "ORG"), ("Харкова", "LOC"), ("Кіровограда", "LOC")))
    assert ents(doc) == [("Фрунзенський районний суд м. Харкова", "ORG"), ("Кіровограда", "LOC")]


def test_a_service_takes_in_the_field_it_serves(tok):
    text = "Про це повідомила Державна служба України з надзвичайних ситуацій, а Мінфін з початку року мовчить."
    doc = run(tagged(tok, text, ("Державна служба України", "ORG"), ("Мінфін", "ORG")))
    assert ents(doc) == [("Державна служба України з надзвичайних ситуацій", "ORG"), ("Мінфін", "ORG")]


def test_a_decision_names_its_issuer_and_date_apart(tok):
    text = "Про це свідчить ухвала Печерського районного суду м. Києва від 26 травня, а не ухвала суду."
    doc = run(tagged(tok, text, ("ухвала Печерського районного суду м. Києва від 26 травня", "DOC"),
                     ("ухвала суду", "DOC")))
    assert ents(doc) == [("Печерського районного суду м. Києва", "ORG"), ("26 травня", "DATE"), ("ухвала суду", "DOC")]


def test_a_post_and_the_body_it_serves_are_apart(tok):
    text = "Це сказав заступник Міністра оборони України, а не міністр ЖКГ чи Міністр оборони України."
    doc = run(tagged(tok, text, ("заступник Міністра оборони України", "JOB"), ("міністр ЖКГ", "JOB"),
                     ("Міністр оборони України", "JOB")))
    assert ents(doc) == [("заступник", "JOB"), ("Міністра оборони України", "ORG"), ("міністр ЖКГ", "JOB"),
                         ("Міністр оборони України", "JOB")]


def test_a_region_alone_is_a_place_but_after_a_title_the_office(tok):
    text = "Кисень постачають у медичні заклади Запорізької області, заявив прокурор Київської області."
    doc = run(tagged(tok, text, ("Запорізької області", "ORG"), ("Київської області", "ORG")))
    assert ents(doc) == [("Запорізької області", "LOC"), ("Київської області", "ORG")]
    doc = run(tagged(tok, "Мешканці Східної України мітингували.", ("Східної України", "ORG")))
    assert ents(doc) == [("Східної України", "LOC")]


# --------------------------------------------------------------------------------------------------------------
# one name, one label per document
# --------------------------------------------------------------------------------------------------------------


def test_a_tagged_surname_is_tagged_at_its_other_forms(tok):
    text = "Олександр Лукашенко прибув до Мінська. Лукашенка зустріли в аеропорту, а Лукашенкові подарували квіти."
    doc = run(tagged(tok, text, ("Олександр Лукашенко", "PER"), ("Мінська", "LOC")))
    assert ents(doc) == [("Олександр Лукашенко", "PER"), ("Мінська", "LOC"), ("Лукашенка", "PER"),
                         ("Лукашенкові", "PER")]


def test_an_untagged_state_body_is_an_organisation(tok):
    doc = run(tagged(tok, "Проект будівництва Кабмін затвердив, а СБУ мовчить у Києві.", ("Києві", "LOC")))
    assert ents(doc) == [("Кабмін", "ORG"), ("СБУ", "ORG"), ("Києві", "LOC")]


def test_an_untagged_mixed_case_acronym_is_an_organisation(tok):
    text = "Тоді ГоловКРУ з'ясувало, що ЗакДУ орендує приміщення ПрАТ «Мрія» у Києві."
    doc = run(tagged(tok, text, ("ПрАТ «Мрія»", "ORG"), ("Києві", "LOC")))
    assert ents(doc) == [("ГоловКРУ", "ORG"), ("ЗакДУ", "ORG"), ("ПрАТ «Мрія»", "ORG"), ("Києві", "LOC")]
    # a legal form alone is left as it is
    doc = run(tagged(tok, "Акції ПрАТ продали."))
    assert ents(doc) == []


def test_a_repeat_tagged_by_the_document_takes_in_its_region_and_legal_form(tok):
    text = "Справу веде Міндоходів. Слідство очолив працівник Міндоходів Луганської області."
    doc = run(tagged(tok, text, ("Міндоходів", "ORG"), ("Луганської області", "LOC")))
    assert ents(doc) == [("Міндоходів", "ORG"), ("Міндоходів Луганської області", "ORG")]
    doc = run(tagged(tok, "Укрпласт виграв тендер. Переможцем стало ТОВ «Укрпласт» у Києві.", ("Укрпласт", "ORG")))
    assert ents(doc) == [("Укрпласт", "ORG"), ("ТОВ «Укрпласт»", "ORG")]


def test_the_majority_label_wins_within_a_document(tok):
    text = "Соня поїхала в місто. Дід чекав на Соню. Без Соні в хаті тихо."
    doc = run(tagged(tok, text, ("Соня", "PER"), ("Соню", "PER"), ("Соні", "LOC")))
    assert [label for _, label in ents(doc)] == ["PER", "PER", "PER"]


def test_a_surname_of_a_full_name_outweighs_a_lone_mention(tok):
    text = "Голова громади Анатолій Федорук не погодився. За словами мера Федорука, землю продали."
    doc = run(tagged(tok, text, ("Анатолій Федорук", "PER"), ("Федорука", "LOC")))
    assert ("Федорука", "PER") in ents(doc)


def test_the_surname_of_a_given_name_outweighs_any_count_of_places(tok):
    text = ("Суд визнав Наталю Бережанську винною. Бережанська подала декларацію. Бережанська пояснила це. "
            "Бережанська внесла уточнення.")
    model = (("Наталю Бережанську", "PER"), ("Бережанська", "LOC", 1), ("Бережанська", "LOC", 2),
             ("Бережанська", "LOC", 3))
    assert [label for _, label in ents(run(tagged(tok, text, *model)))] == ["PER"] * 4
    # a full name that opens with no given name ("Князь Кий") does not make a place a person
    text = "Місто заснував Князь Кий. Київ стоїть на Дніпрі. Київ красивий. Київ старий."
    model = (("Князь Кий", "PER"), ("Київ", "LOC", 1), ("Київ", "LOC", 2), ("Київ", "LOC", 3))
    assert [label for _, label in ents(run(tagged(tok, text, *model)))][1:4] == ["LOC"] * 3


def test_a_legal_form_before_a_quoted_name_is_taken_in(tok):
    text = "Борги ПК «Індустріал Груп» перейшли до АК «Харківобленерго», а ПФ «Діта» і батальйон «Айдар» мовчать."
    doc = run(tagged(tok, text, ("Індустріал Груп", "ORG"), ("«Харківобленерго»", "ORG"), ("Діта", "ORG"),
                     ("Айдар", "ORG")))
    assert ents(doc) == [("ПК «Індустріал Груп»", "ORG"), ("АК «Харківобленерго»", "ORG"), ("ПФ «Діта»", "ORG"),
                         ("Айдар", "ORG")]
    # not a legal form another entity holds
    doc = run(tagged(tok, "Борги ТОВ «Бук» зросли.", ("ТОВ", "ORG"), ("Бук", "ORG")))
    assert ents(doc) == [("ТОВ", "ORG"), ("Бук", "ORG")]


def test_an_organisation_takes_in_the_name_it_bears(tok):
    text = "Він закінчив Київський університет імені Тараса Шевченка. Премію Фонду ім. І. Франка вручили."
    doc = run(tagged(tok, text, ("Київський університет", "ORG"), ("Тараса Шевченка", "PER"), ("Фонду ім.", "ORG")))
    assert ents(doc) == [("Київський університет імені Тараса Шевченка", "ORG"), ("Фонду ім. І. Франка", "ORG")]
    # no capitalized name after the word: the span stays
    doc = run(tagged(tok, "Відкрили Школу імені нема.", ("Школу", "ORG")))
    assert ents(doc) == [("Школу", "ORG")]


def test_lowercase_style_names_are_propagated(tok):
    text = "Учора путін прилетів до москви. Журналісти питали путіна про росію, а в москві мовчали."
    doc = run(tagged(tok, text, ("путін", "PER"), ("москви", "LOC"), ("росію", "LOC")))
    assert ents(doc) == [("путін", "PER"), ("москви", "LOC"), ("путіна", "PER"), ("росію", "LOC"),
                         ("москві", "LOC")]


def test_a_lower_case_common_phrase_is_no_organisation(tok):
    text = "Але апеляційний суд скасував рішення міської ради, а мзс рф промовчало."
    doc = run(tagged(tok, text, ("апеляційний суд", "ORG"), ("міської ради", "ORG"), ("мзс рф", "ORG")))
    assert ents(doc) == [("мзс рф", "ORG")]


def test_lowercase_common_words_are_not_propagated(tok):
    text = "Його взяли до «команди» мера. Уся команда працювала вночі."
    doc = run(tagged(tok, text, ("команди", "ORG")), common_words=False)
    assert ents(doc) == [("команди", "ORG")]


def test_a_lower_case_common_word_is_no_name(tok):
    text = "Його взяли до «команди» мера. Він жив в області. Учора путін прилетів до москви."
    doc = run(tagged(tok, text, ("команди", "ORG"), ("області", "LOC"), ("путін", "PER"), ("москви", "LOC")))
    assert ents(doc) == [("путін", "PER"), ("москви", "LOC")]


def test_rules_can_be_switched_off(tok):
    text = "Олександр Лукашенко прибув. Лукашенка зустріли."
    doc = run(tagged(tok, text, ("Олександр Лукашенко", "PER")), document=False)
    assert ents(doc) == [("Олександр Лукашенко", "PER")]


def test_no_entities_and_empty_docs(tok):
    assert ents(run(tok("Просто текст без імен."))) == []
    assert ents(run(tok(""))) == []


# --------------------------------------------------------------------------------------------------------------
# the 2022+ lower-case style
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "model", "expected"), [
    ("У кремлі відреагували на заяву НАТО.", [("НАТО", "ORG")], [("кремлі", "LOC"), ("НАТО", "ORG")]),
    ("Зустріч путіна і лукашенка відбулася в Мінську.", [("путіна", "PER"), ("Мінську", "LOC")],
     [("путіна", "PER"), ("лукашенка", "PER"), ("Мінську", "LOC")]),
    ("Санкції проти рф посилять.", [], [("рф", "LOC")]),   # no entity from the model at all
    # a name the model tagged keeps its span; capitalized words and other lower-case words are left alone
    ("Делегація москви прибула до Москви.", [("Делегація москви", "ORG")], [("Делегація москви", "ORG")]),
    ("Лавр і лаври ростуть у саду.", [], []),
])
def test_lowercase_style_names_are_tagged_where_the_model_has_nothing(tok, text, model, expected):
    # the lower-case rule alone: with ``news_names`` a capitalized ``Москви`` is a place too (its table)
    assert ents(run(tagged(tok, text, *model), news_names=False)) == expected
    if not model:
        assert ents(run(tagged(tok, text, *model), lowercase_style=False)) == []


@pytest.mark.parametrize(("text", "model", "expected"), [
    # a lower-case given name and surname in one case are one person, whatever the model made of the words
    ("Речник кремля дмитро пєсков заявив.", [("кремля", "LOC"), ("дмитро", "JOB"), ("пєсков", "PER")],
     [("кремля", "LOC"), ("дмитро пєсков", "PER")]),
    ("Речниця мзс рф марія захарова знову погрожувала.", [("рф", "LOC"), ("марія", "JOB")],
     [("мзс рф", "ORG"), ("марія захарова", "PER")]),
    ("Пропагандист володимир соловйов висловився.", [], [("володимир соловйов", "PER")]),   # no Name reading
    ("Зустріч із марією захаровою скасували.", [], [("марією захаровою", "PER")]),
    ("Голова держдуми в'ячеслав володін запропонував закон.", [], [("в'ячеслав володін", "PER")]),
    # a surname the dictionary lacks, by its ending
    ("Голова цб рф ельвіра набіулліна визнала.", [("рф", "LOC")], [("рф", "LOC"), ("ельвіра набіулліна", "PER")]),
    ("Слова ельвіри набіулліної процитували.", [], [("ельвіри набіулліної", "PER")]),
    # not a name: a given name that is mostly a common word, cases that disagree, an entity reaching outside
    ("Це віра захарова.", [], []),
    ("Марія захарова заявила.", [], []),   # capitalized: the model's business
    ("Зустріч марії захаров скасували.", [], []),
    ("Це ельвіра набіуллін.", [], []),   # a man's ending after a woman's name
    ("Фонд дмитро пєсков заснували.", [("Фонд дмитро пєсков", "ORG")], [("Фонд дмитро пєсков", "ORG")]),
])
def test_lowercase_full_names_are_one_person(tok, text, model, expected):
    assert ents(run(tagged(tok, text, *model))) == expected


@pytest.mark.parametrize(("text", "model", "expected"), [
    # a lower-case word known only as a surname is a person where the model has nothing
    ("Начальник генштабу рф герасимов змінив командувача.", [("рф", "LOC")],
     [("генштабу рф", "ORG"), ("герасимов", "PER")]),
    ("Кум путіна медведчук опинився в полоні.", [("путіна", "PER")], [("путіна", "PER"), ("медведчук", "PER")]),
    # a surname that is a common word too, a capitalized one, one the model tagged otherwise, one in a document
    # without the style's russia-related names in lower case: left alone
    ("Кремль мовчить, а він бойко відповів у росії.", [], [("Кремль", "LOC"), ("росії", "LOC")]),
    ("Кум Путіна медведчук опинився в полоні.", [("Путіна", "PER")], [("Путіна", "PER")]),
    ("Учора в рф Герасимов змінив командувача.", [], [("рф", "LOC")]),
    ("Бійці пвк вагнер відступили з росії.", [], [("росії", "LOC")]),   # the group, not its person
    ("У рф компанія медведчук трейд збанкрутувала.", [("медведчук трейд", "ORG")],
     [("рф", "LOC"), ("медведчук трейд", "ORG")]),
])
def test_lowercase_surnames_are_persons(tok, text, model, expected):
    assert ents(run(tagged(tok, text, *model))) == expected


@pytest.mark.parametrize(("text", "model", "expected"), [
    # in a document of the 2022+ style, russian state bodies in lower case are organisations
    ("У мзс рф пригрозили Молдові.", [("рф", "LOC"), ("Молдові", "LOC")], [("мзс рф", "ORG"), ("Молдові", "LOC")]),
    ("Депутати держдуми підтримали путіна.", [("путіна", "PER")], [("держдуми", "ORG"), ("путіна", "PER")]),
    ("У міноборони росії заявили про удари.", [], [("міноборони росії", "ORG")]),
    # not without the style's sign, not where the model has an organisation, not a game (``гру``)
    ("Депутати держдуми підтримали Путіна.", [("Путіна", "PER")], [("Путіна", "PER")]),
    ("У росії співробітники фсб рф затримали активіста.", [("фсб", "ORG")],
     [("росії", "LOC"), ("фсб", "ORG"), ("рф", "LOC")]),
    # (with ``news_names`` on, the model's organisation takes in the country after it: ``фсб рф``, below)
    ("Діти в росії люблять гру в м'яча.", [], [("росії", "LOC")]),
])
def test_lowercase_state_bodies_are_organisations(tok, text, model, expected):
    assert ents(run(tagged(tok, text, *model), news_names=False)) == expected
    if "фсб рф" in text:
        assert ents(run(tagged(tok, text, *model))) == [("росії", "LOC"), ("фсб рф", "ORG")]


# --------------------------------------------------------------------------------------------------------------
# place in the pipelines
# --------------------------------------------------------------------------------------------------------------


def test_factory_config():
    nlp = spacy.blank("uk")
    component = nlp.add_pipe("ukrnews_entity_rules", config={"document": False})
    assert isinstance(component, EntityRules) and not component.document and component.boundaries


def test_load_puts_the_rules_between_ner_and_the_normalizer(rules_nlp):
    import ukrnews_nlp

    names = rules_nlp.pipe_names
    assert names.index("ukrnews_entity_rules") < names.index("ukrnews_entity_normalizer")
    if (MODELS / "ner" / "config.cfg").is_file():
        names = ukrnews_nlp.load(models=["core", "ner"]).pipe_names
        assert names.index("ner") + 1 == names.index("ukrnews_entity_rules")


def test_ner_evaluation_runs_the_rules():
    if not (MODELS / "ner" / "config.cfg").is_file():
        pytest.skip("needs models/ner")
    from ukrnews_nlp.evaluation.ner import build_pipeline

    # as in load(): the whitespace labels come last, after everything that reads the tagger's labels
    assert build_pipeline(MODELS / "ner").pipe_names[-3:] == ["ner", "ukrnews_entity_rules", "ukrnews_whitespace"]
    assert "ukrnews_entity_rules" not in build_pipeline(MODELS / "ner", rules=False).pipe_names


def test_validation_part_is_held_out_of_training(data_dir):
    from ukrnews_nlp.evaluation.ner import load_split
    from ukrnews_nlp.training.ner_uk import load_documents, split_validation

    dev = load_documents(data_dir, "DEV", version=2)
    train, valid = split_validation(dev)
    assert [d.id for d in load_split(data_dir, "valid")] == [d.id for d in valid]
    assert not {d.id for d in train} & {d.id for d in valid}
    assert {d.source for d in valid} == {"bruk", "ng"}
    assert not {d.id for d in valid} & {d.id for d in load_split(data_dir, "test")}
    v1 = load_split(data_dir, "valid", version=1)
    assert v1 and len(v1) == sum(d.source == "bruk" for d in valid)


def test_a_utility_company_named_after_its_place_is_an_organisation(tok):
    doc = run(tagged(tok, "Роботи веде Київавтодор, а Житомиробленерго вимикає світло. Про це повідомили в "
                          "«Київтеплоенерго».", ("Київавтодор", "LOC"), ("Київтеплоенерго", "ORG")))
    assert ents(doc) == [("Київавтодор", "ORG"), ("Житомиробленерго", "ORG"), ("Київтеплоенерго", "ORG")]


def test_a_person_starting_with_a_settlement_s_name_starts_at_the_given_name(tok):
    doc = run(tagged(tok, "Жителька села Мале Устя Ганна Петрик каже, що дорогу відновили.",
                     ("Устя Ганна Петрик", "PER")))
    assert ents(doc) == [("Мале Устя", "LOC"), ("Ганна Петрик", "PER")]
    doc = run(tagged(tok, "Голова громади Устя Ганна Петрик каже, що дорогу відновили.", ("Устя Ганна Петрик", "PER")))
    assert ents(doc) == [("Устя Ганна Петрик", "PER")]   # no settlement noun before: left as it is
