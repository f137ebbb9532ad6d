"""``ukrnews_nlp.news_entities``: the entity rules for the names of the 2022–2024 news (bodies, units, titles,
foreign names), on sentences written for these tests with entities set by hand as a model might have given them.
Each row that the rules change is checked to come out differently with the rules off (``news_names=False``)."""
from __future__ import annotations

import pytest

from tests.test_entity_rules import ents, run, tagged, tok  # noqa: F401  (``tok`` is a fixture)
from ukrnews_nlp.news_entities import OPENING_TITLES, body_keys


@pytest.mark.parametrize(("text", "model", "expected"), [
    # a body of the table is an ORG, with its parent body or country, whatever the model made of it
    ("Про це повідомили в Генштабі ЗСУ.", [("Генштабі ЗСУ", "LOC")], [("Генштабі ЗСУ", "ORG")]),
    ("Сили оборони України відбили атаку.", [], [("Сили оборони України", "ORG")]),
    ("Держдеп США заявив про санкції.", [("США", "LOC")], [("Держдеп США", "ORG")]),
    ("Палата представників Конгресу США ухвалила закон.", [("Конгресу США", "ORG")],
     [("Палата представників Конгресу США", "ORG")]),
    ("Речник Повітряних сил розповів про атаку.", [], [("Повітряних сил", "ORG")]),
    # a span that runs from a body into a person's name or common words ends at the body
    ("Зустріч із головою Єврокомісії Урсулою фон дер Ляєн.", [("Єврокомісії Урсулою", "ORG"), ("Ляєн", "PER")],
     [("Єврокомісії", "ORG"), ("Урсулою фон дер Ляєн", "PER")]),
    ("У Кремлі рішення суду назвали незаконним.", [("Кремлі рішення суду", "ORG")], [("Кремлі", "LOC")]),
    # a place the model ran into the body keeps its own span
    ("Із Севастополя Чорноморський флот вивів кораблі.", [("Севастополя Чорноморський флот", "LOC")],
     [("Севастополя", "LOC"), ("Чорноморський флот", "ORG")]),
    # an ORG takes in the parent body's acronym after it
    ("Засідання Ради керівників МАГАТЕ відбулося у Відні.", [("Ради керівників", "ORG"), ("МАГАТЕ", "ORG"),
                                                              ("Відні", "LOC")],
     [("Ради керівників МАГАТЕ", "ORG"), ("Відні", "LOC")]),
    # numbered units are one ORG, with their quoted name
    ("Бійці 47-ї окремої механізованої бригади «Маґура» відбили штурм.", [("Маґура", "ORG")],
     [("47-ї окремої механізованої бригади «Маґура»", "ORG")]),
    ("Позиції 36-й окремій бригаді морської піхоти передали вчора.", [],
     [("36-й окремій бригаді морської піхоти", "ORG")]),
    ("Командування Операційно-стратегічного угруповання військ «Таврія» повідомило.", [("Таврія", "ORG")],
     [("Операційно-стратегічного угруповання військ «Таврія»", "ORG")]),
    # a title opening a sentence is a post, JOB, apart from the name after it
    ("Генсек НАТО Єнс Столтенберг пообіцяв підтримку.", [("Генсек НАТО Єнс Столтенберг", "LOC")],
     [("Генсек", "JOB"), ("НАТО", "ORG"), ("Єнс Столтенберг", "PER")]),
    ("Президент Туреччини зустрівся з ним.", [("Президент Туреччини", "LOC")],
     [("Президент", "JOB"), ("Туреччини", "LOC")]),
    ("Міський голова Ігор Терехов додав деталей.", [("Міський голова", "ORG"), ("Ігор Терехов", "PER")],
     [("Міський голова", "JOB"), ("Ігор Терехов", "PER")]),
    # a given name and surname inside a lower-case name's span are a person of their own
    ("Речник путіна Дмитро Пєсков заявив про це.", [("путіна Дмитро Пєсков", "PER")],
     [("путіна", "PER"), ("Дмитро Пєсков", "PER")]),
    # a name takes in the capitalized part joined to it by a hyphen
    ("Вибухи пролунали у Приморсько-Ахтарську вночі.", [("Ахтарську", "LOC")], [("Приморсько-Ахтарську", "LOC")]),
    ("Ордер на арешт Марії Львової-Бєлової видав суд.", [("Марії Львової", "PER")],
     [("Марії Львової-Бєлової", "PER")]),
    # the acronyms of weapons and their kinds are no organisations
    ("Сили ППО збили 24 дрони.", [("ППО", "ORG")], []),
    # two bodies the model ran together; a trade's people opening a sentence before a body
    ("Бійці Національної гвардії та Державної прикордонної служби повернулися.",
     [("Національної гвардії та Державної прикордонної служби", "ORG")],
     [("Національної гвардії", "ORG"), ("Державної прикордонної служби", "ORG")]),
    ("Аналітики ISW вважають інакше.", [("Аналітики ISW", "ORG")], [("Аналітики", "JOB"), ("ISW", "ORG")]),
    ("Енергетики ДТЕК відновили живлення.", [("Енергетики ДТЕК", "ORG")], [("ДТЕК", "ORG")]),
    # the ombudsman's field is the title's, not the council's
    ("Про це заявив Уповноважений Верховної Ради з прав людини Дмитро Лубінець.",
     [("Верховної Ради з прав людини", "ORG"), ("Дмитро Лубінець", "PER")],
     [("Верховної Ради", "ORG"), ("Дмитро Лубінець", "PER")]),
    # an embassy with the country it is in; a lower-case country after a body; a capital for its government
    ("Посольство Німеччини в Україні повідомило про це.", [("Посольство Німеччини", "ORG"), ("Україні", "LOC")],
     [("Посольство Німеччини в Україні", "ORG")]),
    ("Засідання Ради безпеки рф скликали терміново.", [("Ради безпеки", "ORG"), ("рф", "LOC")],
     [("Ради безпеки рф", "ORG")]),
    ("Вашингтон наполягає на переговорах.", [("Вашингтон", "ORG")], [("Вашингтон", "LOC")]),
    # a settlement's adjective that ends its name; a compound stem hyphened to a place
    ("Бої точаться біля Новоселівки Першої та Тоненького.", [("Новоселівки", "LOC"), ("Тоненького", "LOC")],
     [("Новоселівки Першої", "LOC"), ("Тоненького", "LOC")]),
    ("Вибухи пролунали у Приморсько-Ахтарську вночі.", [("Приморсько", "LOC"), ("Ахтарську", "LOC")],
     [("Приморсько-Ахтарську", "LOC")]),
    # a country the model took for a person
    ("Він зустрівся з прем'єр-міністром Великої Британії Кіром Стармером.",
     [("Великої Британії", "PER"), ("Кіром Стармером", "PER")],
     [("Великої Британії", "LOC"), ("Кіром Стармером", "PER")]),
    # a region's administration with its adjective, whatever the model gave the adjective; a hromada is a place
    ("Очільник Дніпропетровської ОВА Сергій Лисак повідомив про це.",
     [("Дніпропетровської", "PER"), ("ОВА", "ORG"), ("Сергій Лисак", "PER")],
     [("Дніпропетровської ОВА", "ORG"), ("Сергій Лисак", "PER")]),
    ("Покровська громада знову під обстрілом.", [("Покровська громада", "ORG")], [("Покровська громада", "LOC")]),
    # the table's label wins over the document's rules and over another type's span that is the body itself
    ("Кремль вийшов із зернової угоди. Кремль заявив про це.", [("Кремль", "LOC"), ("Кремль", "PER", 2)],
     [("Кремль", "LOC"), ("Кремль", "LOC")]),
    ("Частину грошей спрямують через Світовий банк.", [("Світовий банк", "MISC")], [("Світовий банк", "ORG")]),
    ("Укренерго отримає від ЄБРР 300 млн євро.", [("Укренерго", "ORG"), ("ЄБРР 300 млн євро", "MON")],
     [("Укренерго", "ORG"), ("ЄБРР", "ORG"), ("300 млн євро", "MON")]),
    # a hromada ends at its noun, also after a hyphened adjective
    ("У Новгород-Сіверської громади FPV-дрон атакував авто.", [("Новгород-Сіверської громади FPV-дрон", "ORG")],
     [("Новгород-Сіверської громади", "LOC")]),
    # a numbered unit named after a person
    ("Бійці 24-ї окремої механізованої бригади імені короля Данила відбили атаку.",
     [("24-ї окремої механізованої бригади імені короля", "ORG"), ("Данила", "PER")],
     [("24-ї окремої механізованої бригади імені короля Данила", "ORG")]),
])
def test_news_names_are_found_and_bounded(tok, text, model, expected):  # noqa: F811
    assert ents(run(tagged(tok, text, *model))) == expected
    if "ППО" not in text:  # the acronyms are the name_kinds rule's
        assert ents(run(tagged(tok, text, *model), news_names=False)) != expected


@pytest.mark.parametrize(("text", "model"), [
    # a longer organisation's name around a body, a quoted company name opening with a body's acronym
    ("Управління СБУ в Київській області повідомило про затримання.", [("Управління СБУ в Київській області", "ORG")]),
    ("Власниками фірми «САП Україна» є німецькі фірми.", [("САП Україна", "ORG")]),
    # NER-UK keeps these whole: a post with its body, a name with its quoted part and then the parent
    ("Генсек НАТО прибув до Києва.", [("Генсек НАТО", "JOB"), ("Києва", "LOC")]),
    ("Угоду уклали з ВЦ «10 Хіммотолігічний центр» Міноборони.", [("ВЦ «10 Хіммотолігічний центр»", "ORG"),
                                                                   ("Міноборони", "ORG")]),
    # two names a hyphen joins: a match of two clubs or two countries
    ("На матчі Шахтар-Динамо була бійка.", [("Шахтар", "LOC")]),
    ("Трансляція матчу Україна-Естонія почнеться о 19:00.", [("Україна", "LOC")]),
    # a unit's lower-case noun before its quoted name stays out (``батальйону «Айдар»`` → ``Айдар``)
    ("Загинули бійці батальйону «Айдар».", [("Айдар", "ORG")]),
    # fiction names characters with common nouns; given names, surnames first, streets, named foundations
    ("Пес тихо додав. Тоді Пес пішов.", [("Пес", "PER"), ("Пес", "PER", 2)]),
    ("Володимир Зеленський подякував партнерам.", [("Володимир Зеленський", "PER")]),
    ("Власником є Петренко Марія Іванівна.", [("Петренко Марія Іванівна", "PER")]),
    ("Офіс на вул. Михайла Гришка, 4 продали.", [("вул. Михайла Гришка, 4", "LOC")]),
    ("Гроші надав фонд Ріната Ахметова.", [("фонд Ріната Ахметова", "ORG")]),
    # a capital's name in a person's name, a hyphened agreement, an adjective of another gender
    ("У фільмі знялися Джон Девід Вашингтон і Кеннет Брана.", [("Джон Девід Вашингтон", "PER"),
                                                                ("Кеннет Брана", "PER")]),
    ("Скасування Мінська-2 обговорили.", [("Мінська-2", "ORG")]),
    ("У грі з'явився Донецьк Нова частина вийшла.", [("Донецьк", "LOC")]),
    ("Митниці Державної фіскальної служби оформили авто.", [("Митниці Державної фіскальної служби", "ORG")]),
    # a person beside places stays a person (lists of players and cities); fiction's ``Малий`` is no ``Малі``
    ("Хто пам’ятає, що Москва та Сталін робили з ними.", [("Москва", "LOC"), ("Сталін", "PER")]),
    ("Малий аж зітхнув.", [("Малий", "PER")]),
    # the House of Commons is no hromada; a quoted place's name is a company's (``фірма «Київ»``)
    ("Палата громад парламенту Великобританії проголосувала.", [("Палата громад парламенту Великобританії", "ORG")]),
    ("Ділянку орендує фірма «Москва».", [("Москва", "ORG")]),
])

def test_what_the_news_rules_leave_alone(tok, text, model):  # noqa: F811
    expected = [(mention[0], mention[1]) for mention in model]
    assert ents(run(tagged(tok, text, *model))) == expected


def test_the_table_and_the_titles_are_well_formed():
    index = body_keys()
    names = {words for entries in index.values() for _, words, _ in entries}
    assert ("Генштаб",) in names and ("Сили", "оборони") in names and ("Кремль",) in names
    assert all(label in ("ORG", "LOC") for entries in index.values() for _, _, label in entries)
    assert {"генсек", "очільник", "речниця", "президент"} <= OPENING_TITLES


def test_lower_case_belarus_is_a_place_in_the_2022_style(tok):  # noqa: F811
    doc = run(tagged(tok, "Режим у білорусі посилив контроль, повідомили в росії.", ("росії", "LOC")))
    assert ents(doc) == [("білорусі", "LOC"), ("росії", "LOC")]


@pytest.mark.parametrize(("text", "normal"), [
    ("Сили оборони України", "Сили оборони України"),     # ``Сили`` reads as a genitive singular too
    ("Силами спеціальних операцій", "Сили спеціальних операцій"),
    ("Повітряних сил", "Повітряні сили"),
    ("Ради міністрів", "Рада міністрів"),                  # not a plural body: the singular as before
])
def test_a_plural_body_keeps_its_number_in_the_normal_form(text, normal):
    from ukrnews_nlp.entities import normalize_entity

    assert normalize_entity(text, "ORG") == normal
