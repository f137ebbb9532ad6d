"""Quote detection and attribution (``ukrnews_quotes``) on hand-written documents, one per quoting form.

The texts here are our own, written for the tests; the dev set (``quotes-uk-dev``) is only used by the
evaluation test at the end, which is skipped without the shared data folder.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from ukrnews_nlp.quotes import extract_quotes  # noqa: F401  (registers the factory)
from ukrnews_nlp.quotes.detect import detect

DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"

SEED = (
    'Лукашенко: росія і Білорусь "готуються до миру", Україна "не хоче"\n\n'
    "Самопроголошений президент Білорусі Олександр Лукашенко заявив, що росія та Білорусь готові до миру, "
    "але Україна, схоже, не бажає йти на переговори.\n\n"
    '"Якщо вони хочуть, щоб ми жили в мирі в нашому регіоні – наскільки я можу сказати, що вони хочуть, '
    "дивлячись на це з-за океану, – і росія і Білорусь готові до цього, якщо вони хочуть боротися до кінця, "
    "то це їхня справа, їхнє право, але... наразі ні я, ні наші спецслужби не бачать у них бажання вести "
    'належні переговори", - сказав Лукашенко, виступаючи на зустрічі з міністром оборони росії Сергієм '
    "Шойгу, передає Sky News.\n\n"
    'Він також наголосив на співпраці в рамках "союзної держави" з росією.\n\n'
    "Але перспектива переговорів зникла, коли кремль заявив, що Захід повинен визнати анексію."
)


@pytest.fixture(scope="module")
def nlp(blank_quotes_nlp):
    return blank_quotes_nlp


def _direct(doc):
    return [q for q in doc._.quotes if q.kind == "direct"]


def _check_offsets(doc):
    for q in doc._.quotes:
        rec = q.as_json()
        assert doc.text[rec["start"]:rec["end"]] == rec["text"]
        assert rec["parts"][0] == [rec["start"], rec["end"]]
        assert all(a < b for a, b in rec["parts"])
        for key in ("cue",):
            if rec[key]:
                assert doc.text[rec[key]["start"]:rec[key]["end"]] == rec[key]["text"]
        if rec["speaker"] and rec["speaker"]["mention"]:
            m = rec["speaker"]["mention"]
            assert doc.text[m["start"]:m["end"]] == m["text"]


def test_seed_article(nlp):
    doc = nlp(SEED)
    _check_offsets(doc)
    direct = _direct(doc)
    texts = [q.text for q in direct]
    assert "готуються до миру" in texts and "не хоче" in texts
    assert not any("союзної держави" in t for t in texts)
    long_quote = max(direct, key=lambda q: len(q.text))
    assert long_quote.text.startswith("Якщо вони хочуть") and long_quote.text.endswith("переговори")
    assert long_quote.speaker.name == "Олександр Лукашенко"
    assert long_quote.cue.text == "сказав"
    for q in direct:
        assert q.speaker is not None and q.speaker.name == "Олександр Лукашенко", q
    indirect = [q for q in doc._.quotes if q.kind == "indirect"]
    assert any(q.text.startswith("росія та Білорусь готові") for q in indirect)
    (kremlin,) = [q for q in indirect if q.text.startswith("Захід повинен")]
    assert kremlin.speaker.name == "кремль"
    summary = {s.name: s for s in doc._.speakers}
    assert summary["Олександр Лукашенко"].quotes >= 3
    assert set(summary["Олександр Лукашенко"].as_json()) == {"name", "label", "mentions", "quotes"}


def test_record_shape(nlp):
    doc = nlp("«Ми готові працювати далі», – сказала Олена Коваль.")
    (q,) = _direct(doc)
    rec = q.as_json()
    assert set(rec) == {"kind", "text", "start", "end", "parts", "speaker", "cue"}
    assert set(rec["speaker"]) == {"name", "label", "mention"}
    assert rec["speaker"]["name"] == "Олена Коваль"
    assert rec["parts"] == [[rec["start"], rec["end"]]]
    assert "Олена Коваль" in repr(q)
    json.dumps([x.as_json() for x in doc._.quotes] + [s.as_json() for s in doc._.speakers])


def test_colon_introduction_and_genitive_normalisation(nlp):
    doc = nlp("Міністр фінансів Сергій Марченко заявив: «Бюджет на наступний рік буде ухвалено вчасно». "
              "За словами Марченка, «дефіцит фінансуватимуть партнери».")
    _check_offsets(doc)
    direct = _direct(doc)
    assert [q.speaker.name for q in direct] == ["Сергій Марченко", "Сергій Марченко"]
    assert direct[0].cue.text == "заявив"
    assert direct[1].cue.text.lower() == "за словами"


def test_split_quote_has_two_parts(nlp):
    text = "«Ми зробили все, що могли, – сказав він. – Тепер слово за урядом». Так завершилась зустріч."
    doc = nlp("Голова громади Іван Петренко прийшов на засідання. " + text)
    (q,) = _direct(doc)
    assert len(q.parts) == 2
    first, second = (doc.text[a:b] for a, b in q.parts)
    assert first == "Ми зробили все, що могли"
    assert q.text == first and [q.start, q.end] == list(q.parts[0])
    assert second == "Тепер слово за урядом"
    assert q.cue.text == "сказав"
    assert q.speaker.mention.text == "він"
    assert q.speaker.name == "Іван Петренко"


def test_pronoun_gender_from_verb(nlp):
    doc = nlp("На нараді виступили Петро Іваненко та Марія Левченко.\n\n"
              "«Ремонт дороги завершать до зими», – сказала вона.\n\n"
              "«Гроші на це вже виділено», – додав він.")
    names = [q.speaker.name for q in _direct(doc)]
    assert names == ["Марія Левченко", "Петро Іваненко"]


def test_nested_and_english_marks(nlp):
    doc = nlp("Директор Андрій Мельник розповів: «Тоді мені сказали: „Ми закриваємо завод“, і я не повірив». "
              "Аналітик написала: “Ринок відновиться не раніше наступного року”.")
    _check_offsets(doc)
    texts = [q.text for q in _direct(doc)]
    assert "Ми закриваємо завод" in texts
    assert any(t.startswith("Тоді мені сказали") for t in texts)
    assert "Ринок відновиться не раніше наступного року" in texts


def test_multi_paragraph_quote_reopened_each_paragraph(nlp):
    doc = nlp("Олег Бондар пояснив ситуацію.\n\n«Перший абзац пояснення довгий і докладний.\n\n"
              "«Другий абзац продовжує ту саму думку», – сказав Бондар.\n\nІнший текст.")
    (q,) = _direct(doc)
    assert q.text.startswith("Перший абзац") and q.text.endswith("ту саму думку")
    assert q.speaker.name == "Олег Бондар"


def test_headline_dash_attribution(nlp):
    doc = nlp("«Ми не віддамо жодного метра землі» – Залужний\n\nГенерал Валерій Залужний виступив у Раді.")
    (q,) = _direct(doc)
    assert q.cue.text == "–"
    assert q.speaker.name == "Валерій Залужний"


def test_names_titles_and_scare_quotes_are_not_quotes(nlp):
    doc = nlp("Компанія «Укртрансгаз» підписала угоду з ТОВ «Енергія Півдня». Газета «Дзеркало тижня» "
              "написала про «космічну» рентабельність, а фільм «Тіні забутих предків» показали знову. "
              "Партнери діють у рамках «союзної держави».")
    assert _direct(doc) == []


def test_relay_is_not_speaker(nlp):
    doc = nlp("«Ситуація на фронті складна, але контрольована», – заявив Олександр Сирський, передає УНІАН.")
    (q,) = _direct(doc)
    assert q.speaker.name == "Олександр Сирський"
    assert q.cue.text == "заявив"


def test_indirect_speech(nlp):
    doc = nlp("Прем'єр-міністр Денис Шмигаль повідомив, що уряд виділить кошти на ремонт шкіл. "
              "За словами Шмигаля, роботи почнуться влітку.")
    indirect = [q for q in doc._.quotes if q.kind == "indirect"]
    texts = [q.text for q in indirect]
    assert "уряд виділить кошти на ремонт шкіл" in texts
    assert "роботи почнуться влітку" in texts
    assert all(q.speaker.name == "Денис Шмигаль" for q in indirect)


@pytest.mark.parametrize("text", [
    "«", "»", '"', "Текст «без закриття", "Текст без відкриття» і далі", '"""', "«««»", "„‚‘“", "— «", "",
    "«Перший «другий «третій» і кінець", 'Він сказав: "так', "«А», – «Б», – «В».",
])
def test_unbalanced_marks_never_raise(nlp, text):
    doc = nlp(text)
    _check_offsets(doc)
    for span in detect(text):
        assert 0 <= span.start <= span.end <= len(text)


def test_component_runs_after_other_components():
    nlp = spacy.blank("uk")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ukrnews_quotes", config={"include_indirect": False})
    doc = nlp("Вона заявила, що згодна. «Так, я згодна», – сказала Ірина Гнатюк.")
    assert all(q.kind == "direct" for q in doc._.quotes)
    assert doc._.quotes[0].speaker.name == "Ірина Гнатюк"


@pytest.mark.data
def test_dev_set_evaluation_runs():
    if not (DATA_DIR / "quotes-uk-dev" / "quotes_dev.jsonl").is_file():
        pytest.skip("needs ../shared/data")
    from ukrnews_nlp.evaluation.quotes import evaluate

    res = evaluate(DATA_DIR, blank=True)
    p, r, f = res["direct"].overlap_prf()
    assert res["docs"] == 60
    assert f > 0.8


def _speaker(doc, start_text):
    (q,) = [q for q in _direct(doc) if q.text.startswith(start_text)]
    return q


def test_document_stands_for_the_organisation_the_text_is_about(nlp):
    doc = nlp("Київський міський центр зайнятості 5 березня уклав угоду з ТОВ «Альфа-Буд» на ремонт будівлі.\n"
              "«Приміщення потребує термінового ремонту», – йдеться в обґрунтуванні закупівлі.")
    q = _speaker(doc, "Приміщення")
    assert q.speaker.mention.text == "обґрунтуванні"
    assert q.speaker.name == "Київський міський центр зайнятості"
    assert q.cue.text == "йдеться"


def test_document_with_its_author_named(nlp):
    doc = nlp("Слідство триває третій місяць. «Розслідування ведеться за двома статтями», – йдеться у заяві "
              "прокуратури Львова.")
    assert _speaker(doc, "Розслідування").speaker.name == "прокуратура Львова"


def test_press_service_stands_for_its_organisation(nlp):
    doc = nlp("Прес-служба компанії «Нафтогаз України» повідомила: «Ціни для населення не зміняться».")
    q = _speaker(doc, "Ціни")
    assert q.speaker.mention.text == "Прес-служба"
    assert q.speaker.name == "Нафтогаз України"


def test_unnamed_speaker_described_by_role_and_complement(nlp):
    doc = nlp("Про аварію заявив представник ТОВ «Будсервіс». «Роботи відновлять за тиждень», – сказав "
              "представник «Будсервісу».\n\nМешканці будинку скаржаться: «Води немає третій тиждень».")
    assert _speaker(doc, "Роботи").speaker.name == "представник ТОВ «Будсервіс»"
    assert _speaker(doc, "Води").speaker.name == "мешканці будинку"


def test_narrator_first_person_is_the_author(nlp):
    doc = nlp("Сусід зустрів мене біля під'їзду. «Що сталося?» – запитав я. «Мене ошукали», – відповів Петро "
              "Кравець.")
    assert _speaker(doc, "Що сталося").speaker.name == "автор статті"
    assert _speaker(doc, "Мене ошукали").speaker.name == "Петро Кравець"


def test_acronym_resolves_to_the_spelled_out_name(nlp):
    doc = nlp("Державна податкова служба оприлюднила нові правила. «Звітність подаватимуть щокварталу», – "
              "зазначили в ДПС.")
    assert _speaker(doc, "Звітність").speaker.name == "Державна податкова служба"


def test_law_as_source_with_zghidno(nlp):
    doc = nlp("Депутати сперечалися довго. Згідно з Конституцією, «кожен має право на освіту».")
    q = _speaker(doc, "кожен")
    assert q.speaker.name == "Конституція України"
    assert q.cue.text.lower() == "згідно з"


def test_context_quote_goes_to_the_subject_not_an_oblique_name(nlp):
    doc = nlp("Економіст Андрій Новак переконаний: у Шмигаля немає плану. «Дефіцит бюджету зростатиме до кінця "
              "року, і це небезпечно».")
    assert _speaker(doc, "Дефіцит").speaker.name == "Андрій Новак"


def test_organisation_before_a_person_name_and_evych_surnames(nlp):
    doc = nlp("«Реформа запізнилася», – каже експерт Центру Разумкова Василь Юрчишин.\n\n"
              "«Свято вдалося», – сказала Ольга Блажкевич.")
    assert _speaker(doc, "Реформа").speaker.name == "Василь Юрчишин"
    assert _speaker(doc, "Свято").speaker.name == "Ольга Блажкевич"


def test_animate_nouns_speak_and_unresolved_pronouns_are_not_antecedents(nlp):
    doc = nlp("Біля воріт стояв незнайомий автомобіль. Іноземець повідомив, що живе у Берліні. "
              "«Єшьчьо адін вапрос», – заговорив він.\n\nТенор не заперечував, що співав за гроші.")
    indirect = [q for q in doc._.quotes if q.kind == "indirect"]
    names = {q.text: q.speaker.name for q in indirect}
    assert names["живе у Берліні"] == "іноземець"
    assert names["співав за гроші"] == "тенор"
    assert _speaker(doc, "Єшьчьо").speaker.name == "іноземець"


def test_document_pronoun_and_relative_pronoun_mentions(nlp):
    doc = nlp("Київський обласний центр зайнятості 3 травня уклав угоду з ТОВ «Рем-Буд».\n"
              "Центр направив до міністерства обґрунтування закупівлі.\n"
              "У ньому повідомляється, що «стан будівельної готовності об'єкту становить 95%».\n"
              "Ми віримо словам філософа Григорія Сковороди, який колись написав: «Світ ловив мене, та не впіймав».")
    q = _speaker(doc, "стан")
    assert q.speaker.mention.text == "ньому"
    assert q.speaker.name == "Київський обласний центр зайнятості"
    q = _speaker(doc, "Світ ловив")
    assert q.speaker.mention.text == "який"
    assert q.speaker.name == "Григорій Сковорода"


@pytest.mark.parametrize("text", [
    "Так. У ньому повідомляється, що ремонт почнуть навесні.",
    "Було холодно. У ній ідеться про те, що ремонт почнуть навесні.",
])
def test_document_pronoun_after_a_sentence_without_candidates(nlp, text):
    # the sentence before names nobody "у ньому" could point back to: the pronoun stays the speaker's name,
    # unresolved, and the component does not fail (it raised on such text)
    quotes = [q for q in nlp(text)._.quotes if q.kind == "indirect"]
    assert [q.text for q in quotes] == ["ремонт почнуть навесні"]
    assert quotes[0].speaker.name in ("ньому", "ній")


@pytest.mark.parametrize(("text", "speaker"), [
    ("Поруч стояв старий будинок. У ньому повідомляється, що ремонт почнуть навесні.", "ньому"),
    ("Черговий раз мер заявив, що ремонт почнуть навесні.", "мер"),
    ("Старий сказав, що ремонт почнуть навесні.", "старий"),
])
def test_an_adjective_before_its_noun_is_no_person(nlp, text, speaker):
    # "старий" and "черговий" are nouns too ("an old man", "the duty officer"), but not before a noun they agree with
    quotes = [q for q in nlp(text)._.quotes if q.kind == "indirect"]
    assert [q.speaker.name for q in quotes] == [speaker]


def test_parser_subject_of_the_cue_verb_is_used_when_present(nlp):
    from spacy.tokens import Doc

    text = "«Ціни зростуть», – сказала Ользі Бойко її сестра."
    words = ["«", "Ціни", "зростуть", "»", ",", "–", "сказала", "Ользі", "Бойко", "її", "сестра", "."]
    spaces = [False, True, False, False, True, True, True, True, True, True, False, False]
    verb = words.index("сказала")
    heads = [verb] * len(words)
    deps = ["dep"] * len(words)
    deps[verb] = "ROOT"
    deps[words.index("сестра")] = "nsubj"
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps)
    assert doc.text == text
    doc = nlp.get_pipe("ukrnews_quotes")(doc)
    (q,) = _direct(doc)
    assert q.speaker.mention.text == "сестра"
    assert q.cue.text == "сказала"


def test_reported_speech_boundaries(nlp):
    doc = nlp("Співак не заперечував, що виступав за гроші, і додав, що виступом своїм пишається. "
              "За словами Олени Гук, люди стояли годинами.Потім усі розійшлися. "
              "«Вони заперечують, що били людей, — пояснив слідчий Артем Крисько. — Усіх покарають».")
    texts = [q.text for q in doc._.quotes if q.kind == "indirect"]
    assert "виступав за гроші" in texts
    assert "виступом своїм пишається" in texts
    assert "люди стояли годинами" in texts
    assert "били людей" in texts


def test_genitive_heads_names_after_za_slovamy_and_adjectives(nlp):
    doc = nlp("Голова Малолюбашанської громади Віктор Талащук виступив першим. За словами голови громади, "
              "«надходження скоротилися вдвічі». За словами Олександра Грабара, «проект у нашій області виявився "
              "успішним». "
              "Місцеві журналісти стверджують, що міліція потурала нападникам.")
    assert _speaker(doc, "надходження").speaker.mention.text == "голови"
    assert _speaker(doc, "надходження").speaker.name == "Віктор Талащук"
    assert _speaker(doc, "проект").speaker.name == "Олександр Грабар"
    (ind,) = [q for q in doc._.quotes if q.kind == "indirect" and q.text.startswith("міліція")]
    assert ind.speaker.name == "місцеві журналісти"


def test_two_names_in_one_capitalised_run(nlp):
    doc = nlp("Акціонерами банку є близький до екс-президента Віктора Ющенка Олексій Івченко, а також Христина "
              "Івченко.\n«Найцінніше — довіра клієнтів», – розповідав Івченко наприкінці року.")
    assert _speaker(doc, "Найцінніше").speaker.name == "Олексій Івченко"


def test_pronoun_after_an_unnamed_subject_and_names_inside_the_that_clause(nlp):
    doc = nlp("«Справу треба закрити», – заявив адвокат Федір Орищук.\n"
              "Проти клопотання в суді виступив представник Нацгвардії України.\n"
              "Свою присутність він пояснив тим, що «відповідає за міжнародну співпрацю відомства».\n"
              "Агентство пояснює, що компанія «Медіа Груп» має «досвід виконання аналогічних послуг».")
    q = _speaker(doc, "відповідає")
    assert q.speaker.mention.text == "він"
    assert q.speaker.name == "представник Нацгвардії України"
    assert _speaker(doc, "досвід").speaker.mention.text == "Агентство"


def test_light_verb_cue_full_names_and_act_titles(nlp):
    doc = nlp("«Об'єднання громад триває повільно», — на цьому зробив акцент народний депутат, заступник голови "
              "Комітету Верховної Ради України Віталій Курило.\n"
              "Стаття 20 Закону України «Про доступ до публічної інформації» чітко зазначає: «Розпорядник "
              "інформації має надати відповідь не пізніше п'яти робочих днів».")
    q = _speaker(doc, "Об'єднання")
    assert q.cue.text == "зробив"
    assert q.speaker.name == "Віталій Курило"
    assert _speaker(doc, "Розпорядник").speaker.name == "Закон України «Про доступ до публічної інформації»"


def test_organisation_nouns_take_the_full_name_from_the_text(nlp):
    doc = nlp("Шевченківський районний суд міста Києва розглянув позов.\n"
              "«Позивач не довів своїх вимог», – зазначив суд.\n"
              "Вкладники банку «Ощадний дім» занепокоєні. Керівник банку, що побажав залишитися неназваним, "
              "розповів: «Рефінансування нам не дадуть».")
    assert _speaker(doc, "Позивач").speaker.name == "Шевченківський районний суд міста Києва"
    assert _speaker(doc, "Рефінансування").speaker.name == "керівник банку «Ощадний дім»"


def test_retold_speech_and_law_behind_a_determiner(nlp):
    doc = nlp("Тоді пан Кравчук сказав: «Ви не хвилюйтеся, все буде добре», – розповів нам Сергій Ледін.\n"
              "А красиві слова, записані в нашому Основному Законі, про те, що «Україна є суверенна і незалежна "
              "держава», так і лишилися словами.")
    q = _speaker(doc, "Ви не хвилюйтеся")
    assert q.speaker.mention.text == "Кравчук"
    assert q.cue.text == "сказав"
    q = _speaker(doc, "Україна є")
    assert q.speaker.mention.text == "Основному Законі"
    assert q.speaker.name == "Конституція України"


def test_role_noun_with_a_name_in_apposition(nlp):
    doc = nlp("Учасник національного руху, політв'язень радянських часів Ескендер Куртумеров згадував: "
              "«Мені пощастило знати цих людей особисто».\n"
              "За словами президента Центру економічного розвитку Олександра Пасхавера, «видатки можна скоротити "
              "на п'ятнадцять відсотків».")
    q = _speaker(doc, "Мені пощастило")
    assert q.speaker.name == "Ескендер Куртумеров"
    q = _speaker(doc, "видатки")
    assert q.speaker.mention.text == "Олександра Пасхавера"
    assert q.speaker.name == "Олександр Пасхавер"


def test_abbreviation_period_does_not_end_reported_speech(nlp):
    doc = nlp("НЕК «Укренерго» повідомила, що 28 листопада 2025 р. графіки відключень не діятимуть.")
    (q,) = [q for q in doc._.quotes if q.kind == "indirect"]
    assert q.text == "28 листопада 2025 р. графіки відключень не діятимуть"


def test_impersonal_cues_and_press_service_of_a_named_company(nlp):
    doc = nlp("Прогноз погоди на вихідні оприлюднила Державна служба України з надзвичайних ситуацій.\n"
              "Також повідомляється, що на дорогах утвориться ожеледиця.\n"
              "Клієнти банку «Надійний» стоять у чергах. У прес-службі банку стверджують, що виплати відновлять.")
    names = {q.text: q.speaker.name if q.speaker else None for q in doc._.quotes if q.kind == "indirect"}
    assert names["на дорогах утвориться ожеледиця"] == "Державна служба України з надзвичайних ситуацій"
    assert names["виплати відновлять"] == "Надійний"


def test_role_synonyms_and_plural_roles(nlp):
    doc = nlp("На форум приїхав голова облдержадміністрації Павло Жебрівський.\n"
              "Очільник області повідомив, що в регіоні створено дев'ять громад.\n"
              "Кореспондент газети Іван Остров був на місці. Місцеві журналісти стверджують, що міліція "
              "потурала нападникам.")
    names = {q.text: q.speaker.name for q in doc._.quotes if q.kind == "indirect"}
    assert names["в регіоні створено дев'ять громад"] == "Павло Жебрівський"
    assert names["міліція потурала нападникам"] == "місцеві журналісти"


def _annotated(nlp, text, ents=(), subject_of=None):
    """``text`` through the quote component with the given entities [(word, label)] and, if given, a parse
    that makes ``subject_of[1]`` the nsubj of the verb ``subject_of[0]`` (all other words hang on that verb)."""
    from spacy.tokens import Doc, Span

    doc = nlp.make_doc(text)
    words = [t.text for t in doc]
    if subject_of is not None:
        verb, subj = words.index(subject_of[0]), words.index(subject_of[1])
        deps = ["dep"] * len(words)
        deps[verb], deps[subj] = "ROOT", "nsubj"
        doc = Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc], heads=[verb] * len(words),
                  deps=deps)
    doc.ents = [Span(doc, words.index(w), words.index(w) + 1, label=label) for w, label in ents]
    return nlp.get_pipe("ukrnews_quotes")(doc)


def test_person_tag_on_a_dictionary_word_does_not_cut_the_name(nlp):
    # a PER tag on the adjective alone ("Основному") must not split off "Законі" from the document name
    text = ("Слова, записані в нашому Основному Законі, про те, що «держава є правова», "
            "досі лишаються словами.")
    plain = [q.speaker.name for q in _direct(nlp(text))]
    tagged = [q.speaker.name for q in _direct(_annotated(nlp, text, [("Основному", "PER")]))]
    assert plain and plain[0]
    assert tagged == plain


def test_parser_role_noun_yields_to_the_name_after_a_long_title(nlp):
    text = ("«Етап має завершитися», — наголосив народний депутат України, заступник голови Комітету "
            "Верховної Ради України з питань державного будівництва, регіональної політики та місцевого "
            "самоврядування Віталій Курило.")
    doc = _annotated(nlp, text, subject_of=("наголосив", "депутат"))
    (q,) = _direct(doc)
    assert q.speaker.name == "Віталій Курило"
    doc = _annotated(nlp, text.replace(", заступник", "; заступник"), subject_of=("наголосив", "депутат"))
    (q,) = _direct(doc)
    assert q.speaker.mention.text == "депутат"   # a clause break: no apposition


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="аБвГ Дa_1 \t\n«»,.\u00a0Ї", max_size=40), st.integers(min_value=0, max_value=40))
def test_capitalized_word_check_reads_only_the_last_word_with_the_same_answer(text, idx):
    import re

    from ukrnews_nlp.quotes.detect import _ends_with_capitalized_word

    idx = min(idx, len(text))
    assert _ends_with_capitalized_word(text, idx) == bool(re.search(r"\b[А-ЯІЇЄҐ]\w*\s*$", text[:idx]))
