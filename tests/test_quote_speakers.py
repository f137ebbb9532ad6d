"""Canonical speaker names for quotes: one hand-written document per class of attribution error.

The texts are our own; each test names the rule it checks. They run on a blank pipeline (tokenizer and the quote
component), so only the rules are exercised, not the trained models.
"""
from __future__ import annotations

import pytest
import spacy

from ukrnews_nlp.quotes import extract_quotes  # noqa: F401  (registers the factory)


@pytest.fixture(scope="module")
def nlp(blank_quotes_nlp):
    return blank_quotes_nlp


def _quote(doc, start_text, kind="direct"):
    (q,) = [q for q in doc._.quotes if q.kind == kind and q.text.startswith(start_text)]
    return q


def test_colon_introduced_speech_nested_in_a_quote_is_not_a_nested_name(nlp):
    # «Петренко запитав: «…».⏎Я кажу «…».⏎…», – розповів X: one outer quote with three inner ones
    doc = nlp("Фермер Остап Гнатюк пригадує зустріч із перевіряльниками.\n"
              "«Петренко запитав: «Де документи на землю?».\n"
              "Я кажу «Усі документи лежать у конторі».\n"
              "Тоді інспектор сказав: «Ми прийдемо завтра», – розповів Гнатюк.\n")
    outer = _quote(doc, "Петренко запитав")
    assert outer.text.endswith("Ми прийдемо завтра")
    assert outer.speaker.name == "Остап Гнатюк"
    inner = _quote(doc, "Усі документи")
    assert inner.speaker.mention.text == "Я"
    assert inner.speaker.name == "Остап Гнатюк"   # the first person inside a quote is its speaker
    assert _quote(doc, "Де документи").speaker.name == "Петренко"


def test_name_words_in_disagreeing_cases_are_each_made_nominative(nlp):
    # a typo in the source: the given name in the genitive, the surname in the dative
    doc = nlp("Ми зателефонували директорові школи Івана Ковальчуку. «Ремонт завершимо до вересня», – "
              "запевнив наш співрозмовник.")
    assert _quote(doc, "Ремонт").speaker.name == "Іван Ковальчук"


def test_clipped_compound_names_are_spelled_out(nlp):
    doc = nlp("Міністерство фінансів України оприлюднило проєкт бюджету.\n"
              "Мінфін заявив, що дефіцит скоротиться.\n"
              "На засіданні виступив представник Нацгвардії України. «Техніку передадуть у березні», – "
              "сказав він. У Національній гвардії України це підтвердили.")
    (ind,) = [q for q in doc._.quotes if q.kind == "indirect"]
    assert ind.speaker.mention.text == "Мінфін"
    assert ind.speaker.name == "Міністерство фінансів України"
    # the description keeps its case: the document writes the full name in the same (locative) form only,
    # so the genitive "Нацгвардії" stays as written
    assert _quote(doc, "Техніку").speaker.name == "представник Нацгвардії України"
    doc = nlp("Національної гвардії України стосується нове рішення. На засіданні виступив представник "
              "Нацгвардії України. «Техніку передадуть у березні», – сказав він.")
    assert _quote(doc, "Техніку").speaker.name == "представник Національної гвардії України"


def test_a_short_form_that_spells_no_name_in_the_document_stays(nlp):
    doc = nlp("Київщина отримає нові автобуси. Водночас Укроборонпром заявив, що замовлення виконають.")
    (ind,) = [q for q in doc._.quotes if q.kind == "indirect"]
    assert ind.speaker.name == "Укроборонпром"


def test_quote_continuing_a_claim_goes_to_the_claimant_not_to_its_topic(nlp):
    doc = nlp("Суперечка триває з весни.\n"
              "Під порушенням Антимонопольний комітет має на увазі те, що Ганна Литвин у 2019 році працювала в "
              "наглядовій раді.\n"
              "І перебуваючи там, «ухвалювала рішення на користь пов'язаних компаній».\n")
    q = _quote(doc, "ухвалювала")
    assert q.speaker.mention.text == "Антимонопольний комітет"
    assert q.speaker.name == "Антимонопольний комітет"


def test_plural_subject_nouns_are_groups_and_genitive_roles_stay_singular(nlp):
    doc = nlp("Головою клубу є Тетяна Кравчук. Учасниці клубу «Світанок» підготували виставу.\n"
              "«Ми репетирували три місяці», — впевнені учасниці клубу.\n"
              "За словами голови, «квитки на виставу вже розпродано».")
    q = _quote(doc, "Ми репетирували")
    assert q.speaker.mention.text == "учасниці"
    assert q.speaker.name == "учасниці клубу «Світанок»"
    assert _quote(doc, "квитки").speaker.name == "Тетяна Кравчук"


def test_named_speaker_before_the_colon_outranks_a_pronoun_inside_the_quote(nlp):
    # the inner dialogue lost its own marks: "каже він" inside belongs to someone the speaker retells
    doc = nlp("Ветеран Іван Сидоренко пригадує ту зиму.\n\n"
              "Сидоренко продовжує: «Нас привезли до табору в грудні. Якось мене покликав начальник. Ви тут "
              "надовго, – каже він мені. – Не сподівайтеся на швидке повернення. Так і вийшло».")
    q = _quote(doc, "Нас привезли")
    assert q.speaker.mention.text == "Сидоренко"
    assert q.speaker.name == "Іван Сидоренко"
    assert q.cue.text == "продовжує"


def test_an_unnamed_journalist_is_the_author_the_document_names(nlp):
    doc = nlp("Про це йдеться в матеріалі Ірини Мельник «Будинок біля моря» на сайті видання.\n"
              "Власник будинку Петро Гайдай відмовився від коментарів.\n"
              "«Хто саме сплачує податки за цей будинок, з'ясувати не вдалося», – пише журналістка.")
    q = _quote(doc, "Хто саме")
    assert q.speaker.mention.text == "журналістка"
    assert q.speaker.name == "Ірина Мельник"
    doc = nlp("Про це пише Олег Гнатюк на сайті «Новини Полісся».\n"
              "Власник будинку Петро Гайдай відмовився від коментарів.\n"
              "«Документів на будівництво ніхто не показав», – пише журналіст.")
    assert _quote(doc, "Документів").speaker.name == "Олег Гнатюк"


def test_document_from_a_source_named_with_vid(nlp):
    doc = nlp("Увечері від місцевого волонтера надійшло повідомлення про обстріл: «Снаряд влучив у школу, "
              "дітей встигли вивести до укриття».")
    q = _quote(doc, "Снаряд")
    assert q.speaker.mention.text == "волонтера"
    assert q.speaker.name == "місцевий волонтер"


def test_a_nominative_after_a_genitive_is_the_subject_not_a_complement(nlp):
    # "концерту тенор": тенор is the subject; "кореспондента «Пошти»" is the object's complement
    doc = nlp("Співак Тарас Дячук скасував виступ. Після скасування концерту тенор запевнив кореспондента "
              "«Пошти», що рішення львів'ян підтримує.")
    (q,) = [q for q in doc._.quotes if q.kind == "indirect"]
    assert q.speaker.mention.text == "тенор"
    assert q.speaker.name == "Тарас Дячук"


def test_adjectival_surname_tagged_as_person(nlp):
    from spacy.tokens import Span

    text = ("Вранці Гнатюк подав скаргу на рішення Високопільської, посилаючись на «порушення регламенту "
            "засідання». «Скаргу розглянемо», – сказала Високопільська.\n\n"
            "«Засідання перенесено на п'ятницю», – додала вона.")
    doc = nlp.make_doc(text)
    words = [t.text for t in doc]
    doc.ents = [Span(doc, i, i + 1, label="PER") for i, w in enumerate(words) if w.startswith("Високопільськ")]
    doc = nlp.get_pipe("ukrnews_quotes")(doc)
    q = _quote(doc, "Скаргу")
    assert (q.speaker.name, q.speaker.label) == ("Високопільська", "PER")
    assert _quote(doc, "Засідання").speaker.name == "Високопільська"   # a person is an antecedent for "вона"
    # the genitive "рішення Високопільської" is no subject of "посилаючись"
    assert _quote(doc, "порушення").speaker.name == "Гнатюк"


def test_document_pronoun_points_to_the_organisation_of_the_sentence_before(nlp):
    # "на сайті управління … У ній ідеться": the department, named in full elsewhere in another case
    doc = nlp("Ми надіслали запит до Головного управління Держпраці у Львівській області.\n"
              "«Відповідь надамо протягом місяця», – повідомили в Міністерстві соціальної політики.\n"
              "На сайті управління в розділі «Новини» остання публікація датована березнем. У ній ідеться про "
              "те, що «перевірки на підприємствах області тимчасово призупинено».")
    q = _quote(doc, "перевірки")
    assert q.speaker.mention.text == "ній"
    assert q.speaker.name == "Головне управління Держпраці у Львівській області"


def test_press_service_and_documents_stand_for_the_organisation(nlp):
    doc = nlp("Міністр охорони здоров'я Віктор Ляшко провів брифінг.\n"
              "Прес-служба МОЗ повідомила, що минулого тижня захворіли 120 людей. «Найбільше випадків зафіксовано "
              "на Львівщині», – йдеться в повідомленні відомства.")
    (ind,) = [q for q in doc._.quotes if q.kind == "indirect"]
    assert ind.speaker.mention.text == "Прес-служба"
    assert ind.speaker.name == "МОЗ"   # not the minister's title the initials also spell
    q = _quote(doc, "Найбільше")
    assert q.speaker.mention.text == "повідомленні"
    assert q.speaker.name == "МОЗ"


def test_pronouns_take_the_subject_of_the_sentence_before(nlp):
    doc = nlp("Адвокат посадовця Тарас Олійник назвав рішення незаконним. «Ми оскаржимо ухвалу», – сказав "
              "захисник.\n"
              "Сам Гуменюк від коментарів відмовився. «Мені нічого приховувати», – казав він у червні.\n"
              "Батьки учнів висловили занепокоєння. «Нам ніхто нічого не пояснив», – кажуть вони.")
    assert _quote(doc, "Ми оскаржимо").speaker.name == "Тарас Олійник"   # захисник = адвокат
    assert _quote(doc, "Мені нічого").speaker.name == "Гуменюк"          # not the last speaker, "захисник"
    q = _quote(doc, "Нам ніхто")
    assert q.speaker.mention.text == "вони"
    assert q.speaker.name == "батьки учнів"


def test_organisation_name_with_lower_case_adjectives(nlp):
    doc = nlp("У Національному антикорупційному бюро повідомили, що розслідування триває.")
    (ind,) = [q for q in doc._.quotes if q.kind == "indirect"]
    assert ind.speaker.mention.text == "Національному антикорупційному бюро"
    assert ind.speaker.name == "Національне антикорупційне бюро"


def test_role_phrases_and_feminine_role_nouns_link_to_the_named_person(nlp):
    doc = nlp("Президент України Петро Порошенко прибув до Львова.\n"
              "«Ми залишаємося з Україною», – сказав глава держави.\n"
              "Очільниця Мінфіну Оксана Дубенко назвала дату виплат. «Гроші надійдуть у понеділок», – додала "
              "міністерка.")
    q = _quote(doc, "Ми залишаємося")
    assert q.speaker.mention.text == "глава"
    assert q.speaker.name == "Петро Порошенко"
    assert _quote(doc, "Гроші").speaker.name == "Оксана Дубенко"


def test_groups_of_named_persons_are_comma_joined(nlp):
    doc = nlp("Активісти Андрій Шевчук та Марія Бондар вийшли на протест. «Ми не дозволимо знести сквер», – заявили "
              "вони.\n"
              "«Забудовник не має дозволу на роботи», – розповіли Шевчук і Бондар журналістам.")
    for start in ("Ми не дозволимо", "Забудовник"):
        assert _quote(doc, start).speaker.name == "Андрій Шевчук, Марія Бондар"
    assert [s.name for s in doc._.speakers] == ["Андрій Шевчук, Марія Бондар"]


def test_given_name_with_patronymic_only(nlp):
    # no surname in the document: the patronymic is dropped, and the verb's sex picks the given name's reading
    doc = nlp("Мешканці скаржаться на шум. «Шум стоїть до третьої ночі», – поскаржилася пенсіонерка Ганна "
              "Іванівна.")
    assert _quote(doc, "Шум").speaker.name == "Ганна"


def test_an_unsaid_subject_is_the_subject_of_the_sentence_before(nlp):
    doc = nlp("Мешканці будинку звернулися до міськради. Скаржаться, що воду не дають третій тиждень.\n"
              "Пасажири потяга чекали на пероні до ранку. «Ми чекаємо вже шість годин», – нарікали.\n"
              "Також повідомляється, що потяг вирушить о дев'ятій.")
    (ind,) = [q for q in doc._.quotes if q.kind == "indirect" and q.text.startswith("воду")]
    assert ind.speaker.mention.text == "Мешканці"
    assert ind.speaker.name == "мешканці будинку"
    q = _quote(doc, "Ми чекаємо")
    assert q.speaker.mention.text == "Пасажири"
    assert q.speaker.name == "пасажири потяга"
    (ind,) = [q for q in doc._.quotes if q.kind == "indirect" and q.text.startswith("потяг")]
    assert ind.speaker is None   # an impersonal verb has no subject to look for


def test_function_words_are_never_speakers(nlp):
    # "Ще" is missing from the dictionary; "як" is also a noun (the yak)
    doc = nlp("Поет Іван Гнатюк жив тоді у Львові. Ще у 1972 році він писав заяви про те, що «не має жодних "
              "претензій до влади».\n"
              "Лікар залежатиме від кількості пацієнтів, за якими, як кажуть, «прийдуть гроші».")
    q = _quote(doc, "не має")
    assert q.speaker is None or q.speaker.name == "Іван Гнатюк"
    q = _quote(doc, "прийдуть")
    assert q.speaker is None or q.speaker.name != "як"


def test_a_plural_role_or_a_lone_given_name_defines_no_person(nlp):
    doc = nlp("Очільники міста Лева обіцяли новий парк.\n"
              "Колишня очільниця управління культури сказала: «У районі немає жодної бібліотеки».\n"
              "Заступник міністра аграрної політики і продовольства Максим Мартинюк прокоментував ціни. "
              "«Ціни стабілізуються», – сказав заступник міністра.")
    assert _quote(doc, "У районі").speaker.name == "колишня очільниця управління культури"
    assert _quote(doc, "Ціни").speaker.name == "Максим Мартинюк"   # the name may end beyond six words


def _with_people(nlp, text, names, label="PER"):
    """``text`` through the quote component, with entities set on ``names`` (as the NER model would)."""
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(text.index(name), text.index(name) + len(name), label=label) for name in names]
    return nlp.get_pipe("ukrnews_quotes")(doc)


@pytest.mark.parametrize("text, names, speaker", [
    # the 2022+ style writes some names in lower case: a person entity there is a name like a capitalized one
    ("«Ми уважно вивчаємо заяви Києва», – сказав путін журналістам.", ["путін"], "путін"),
    ("Речник кремля дмитро пєсков заявив: «Ми уважно вивчаємо заяви Києва».", ["дмитро пєсков"], "дмитро пєсков"),
    ("«Ми уважно вивчаємо заяви Києва», – сказав речник кремля дмитро пєсков.", ["дмитро пєсков"],
     "дмитро пєсков"),
    # capitalized as before
    ("«Ми уважно вивчаємо заяви Києва», – сказав речник Кремля Дмитро Пєсков.", ["Дмитро Пєсков"],
     "Дмитро Пєсков"),
])
def test_lower_case_person_entities_are_speakers(nlp, text, names, speaker):
    (quote,) = _with_people(nlp, text, names)._.quotes
    assert quote.speaker is not None and quote.speaker.name == speaker
    assert quote.speaker.mention.text == speaker


def test_lower_case_words_without_a_person_entity_stay_common_words(nlp):
    # the same sentence without the entity: a lower-case word is no name of its own ("речник" speaks)
    (quote,) = _with_people(nlp, "«Ми уважно вивчаємо заяви Києва», – сказав речник кремля дмитро пєсков.",
                            [])._.quotes
    assert quote.speaker is not None and quote.speaker.mention.text == "речник"


@pytest.mark.parametrize("text, place, speaker", [
    # the russia-related names of the 2022+ style are names in lower case too, and take their nominative
    ("Тим часом у кремлі заявили, що не бачать підстав для переговорів.", "кремлі", "кремль"),
    ("«Ми не відступимо», – заявили в кремлі.", "кремлі", "кремль"),
    ("У москві заявили, що не бачать підстав для переговорів.", "москві", "москва"),
])
def test_lower_case_places_speak_in_the_nominative(nlp, text, place, speaker):
    (quote,) = _with_people(nlp, text, [place], label="LOC")._.quotes
    assert quote.speaker is not None and quote.speaker.mention.text == place
    assert quote.speaker.name == speaker


def test_an_aside_in_the_first_person_is_not_reported_speech(nlp):
    # "Нагадаємо, що …", "Зазначимо, що …" (the author) and "нагадаю, що …" inside a quote are asides;
    # "Я кажу, що …" reports what the speaker says
    doc = nlp("Нагадаємо, що міст закрили на ремонт у травні. Зазначимо, що ремонт фінансує місто.\n"
              "«Хочу нагадати, що роботи тривають. Але нагадаю, що строки не змінилися», – сказав мер.\n"
              "Я кажу, що міст відкриють у вересні.")
    texts = [q.text for q in doc._.quotes if q.kind == "indirect"]
    assert not any(t.startswith(("міст закрили", "ремонт фінансує", "строки")) for t in texts)
    assert any(t.startswith("міст відкриють") for t in texts)


def test_earlier_reports_of_the_outlet_have_no_speaker(nlp):
    # "Раніше повідомлялося, що …" retells the outlet's own earlier news: not the organisation the text quotes,
    # while "Повідомляється, що …" continues that organisation's statement
    doc = nlp("«Роботи завершено», – повідомила компанія «Укрбуд».\n"
              "Повідомляється, що міст відкриють у вересні.\n"
              "Раніше повідомлялося, що міст закрили на ремонт.")
    by_text = {q.text: q for q in doc._.quotes if q.kind == "indirect"}
    assert by_text["міст відкриють у вересні"].speaker.name == _quote(doc, "Роботи").speaker.name
    assert "Укрбуд" in by_text["міст відкриють у вересні"].speaker.name
    assert by_text["міст закрили на ремонт"].speaker is None


@pytest.mark.parametrize("text", [
    # a caption without a final mark runs into the next sentence; an impersonal verb has no subject before it
    "Фото: Олена Петренко на фестивалі Раніше повідомлялося, що фестиваль перенесли на осінь.",
    "Фото: Олена Петренко на фестивалі. Раніше повідомлялося, що фестиваль перенесли на осінь.",
    # a quote whose final mark stands inside the quotation marks ends its sentence
    "У коментарі до знімка співачка запитала: \"А ви прийдете?\" Раніше повідомлялося, що фестиваль перенесли на "
    "осінь.",
])
def test_an_impersonal_report_takes_no_speaker_from_the_sentence_before(nlp, text):
    assert _quote(nlp(text), "фестиваль перенесли", kind="indirect").speaker is None


def test_an_impersonal_report_keeps_its_source_after_the_verb(nlp):
    doc = nlp("Станція працює. «Сонячні батареї працюють ефективно», – зазначалося в повідомленні NASA.")
    assert _quote(doc, "Сонячні").speaker.name == "NASA"


def test_a_capitalised_adverb_after_a_caption_is_no_name():
    # with the shipped models: the entity recognizer and the parser's subject put "Раніше" in the speaker's run
    import ukrnews_nlp

    doc = ukrnews_nlp.load()("Газпром хоче знизити ціни на газ для України Раніше глава Нафтогазу Андрій Коболєв "
                             "заявив, що Україна і європейські партнери готові.")
    assert _quote(doc, "Україна і європейські", kind="indirect").speaker.name == "Андрій Коболєв"


def test_a_press_service_named_after_a_speech_verb_is_its_organisation(nlp):
    # "…, повідомляє прес-служба X" makes X the source the text retells, for impersonal verbs and documents after it
    doc = nlp("Суд виніс вирок. Про це в понеділок повідомляє прес-служба Донецької прокуратури. Вказується, що "
              "вони підробили бюлетені. «Документи підроблено», – йдеться в повідомленні.")
    assert _quote(doc, "вони підробили", kind="indirect").speaker.name == "Донецька прокуратура"
    assert _quote(doc, "Документи").speaker.name == "Донецька прокуратура"


def test_a_gerund_before_the_cue_stays_in_the_attribution(nlp):
    doc = nlp("Міністр згадав минуле. «Я змінилася», – усміхаючись, розповідає Тимошенко.")
    q = _quote(doc, "Я змінилася")
    assert q.cue.text == "розповідає"
    assert q.speaker.name == "Тимошенко"


def test_a_pronoun_points_back_to_a_speaker_with_an_unknown_surname(nlp):
    # "Ортегус" is not in the dictionary, so the rules cannot tell a person; "її" still means the last speaker
    doc = nlp('Посол заявила про підтримку. "Пріоритети включають мирний процес", - заявила Ортегус. За її '
              'словами, США підтримують Україну.')
    assert _quote(doc, "США підтримують", kind="indirect").speaker.name == "Ортегус"


def test_a_decision_is_not_reported_speech(nlp):
    # "вирішила, що …" is a thought (the guidelines leave cognition out), "заявила, що …" reported speech
    doc = nlp("Коли їй подзвонили з поліції, вона вирішила, що неправильно припаркувалася. Пізніше вона заявила, "
              "що штраф сплатить.")
    assert [q.text for q in doc._.quotes if q.kind == "indirect"] == ["штраф сплатить"]


def test_a_subject_noun_its_verb_agrees_with_stays_nominative(nlp):
    # "мати" reads first as the genitive of "мата"; as the subject of "пояснила" it is the mother
    doc = nlp("Пес помер. Мати пояснила, що тварина була старою. «Ми чекаємо», – сказала мати.")
    assert _quote(doc, "тварина була", kind="indirect").speaker.name == "мати"
    assert _quote(doc, "Ми чекаємо").speaker.name == "мати"


def test_a_surname_that_is_its_verbs_subject_stays_nominative(nlp):
    # "Денісова" reads first as the genitive of "Денісов"; as the subject of "нагадує" it is a woman's nominative
    doc = nlp("Омбудсман виступила в Раді. Денісова нагадує про те, що кожен має право на захист.")
    assert _quote(doc, "кожен має", kind="indirect").speaker.name == "Денісова"


def test_a_sentence_opening_pronoun_is_no_person(nlp):
    # "Вона" is also the genitive of the surname "Вон"; opening a sentence it is the pronoun
    doc = nlp("«Пийте воду», – радить дієтолог Єва Шишкова. Вона наголошує, що це важливо. Експерт пояснює, що пити "
              "треба стільки, скільки хочеться.")
    assert _quote(doc, "це важливо", kind="indirect").speaker.name == "Єва Шишкова"
    assert _quote(doc, "пити треба", kind="indirect").speaker.name != "Вон"


def test_a_name_and_a_medium_in_another_script_are_two_names(nlp):
    # "цитує Красюка Sky Sports": the quoted man, then the medium; a Roman numeral stays in a name
    doc = nlp("Менеджер Олександр Красюк виступив. «Усик виграє», – цитує Красюка Sky Sports. «Я вдячна всім», – "
              "сказала Єлизавета II.")
    assert _quote(doc, "Усик виграє").speaker.name == "Олександр Красюк"
    assert _quote(doc, "Я вдячна").speaker.name == "Єлизавета II"



@pytest.fixture(scope="module")
def nlp_ents():
    """The blank pipeline with a few organisation entities, as the NER model would tag them (texts without these
    names get no entities, as on the blank pipeline)."""
    nlp = spacy.blank("uk")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": name} for name in
                        ("Кайдо Саар",)])
    ruler.add_patterns([{"label": "LOC", "pattern": "Закарпатті"}])
    ruler.add_patterns([{"label": "ORG", "pattern": name} for name in
                        ("Укренерго", "Теле-Сант", "ТАСС", "ФСБ", "МЗС України", "Міністерстві охорони здоров'я",
                         "КП «Київтеплоенерго»", "Кардіо-фахівці після тестування")])
    nlp.add_pipe("ukrnews_quotes")
    return nlp


#: (rule, text, the item's first characters, its kind, the speaker's name); the texts are our own, in the style of
#: 2022–2024 news (bench/news_quotes.py scores such texts).
SPEAKER_RULES = [
    ("a woman's surname in a consonant does not decline: the given name stays nominative",
     "«Ці речі мають повернутися додому», — заявила директорка музею Ганна Вебер.", "Ці речі", "direct",
     "Ганна Вебер"),
    ("an organisation noun stands for the organisation shown speaking: in its press service",
     "Про це повідомили в пресслужбі Укренерго. «Просимо економити світло ввечері», – йдеться в повідомленні "
     "компанії.", "Просимо", "direct", "Укренерго"),
    ("… in a locative next to a cue verb",
     "Водночас у МЗС України назвали ці оцінки передчасними. «Україна має достатньо сил», – йдеться в заяві "
     "відомства.", "Україна має", "direct", "МЗС України"),
    ("… not one only mentioned: the police stay the police",
     "Телевізори знайшли біля офісу Теле-Сант. У поліції кажуть, що жартівникам загрожує штраф.",
     "жартівникам", "indirect", "поліція"),
    ("… not an outlet that relays, but the source it relays",
     "Про це повідомляє ТАСС з посиланням на дані ФСБ. «Нападник був сам», – сказали в службі.",
     "Нападник", "direct", "ФСБ"),
    ("a media noun stands for the outlet named before, in Latin letters and untagged",
     "Британський журнал The Economist оцінив перебіг війни. «Якщо Захід не збільшить допомогу, росія може "
     "виграти», – пише видання.", "Якщо Захід", "direct", "The Economist"),
    ("a media noun with the outlet's name right after it",
     "Раніше видання Коммерсантъ повідомило, що переговори завершено.", "переговори", "indirect", "Коммерсантъ"),
    ("an abbreviation does not inflect: 'САП' (also the dictionary's 'сап') in a locative is a source",
     "Суд заарештував його. У САП натомість наголошують, що мають достатньо доказів.",
     "мають достатньо", "indirect", "САП"),
    ("an acronym before a name ('НАТО', also a given name) is not part of it; 'генсек' is a 'секретар'",
     "Генеральний секретар НАТО Єнс Столтенберг прибув до Брюсселя. За словами генсека, «Україна стане членом "
     "Альянсу».", "Україна стане", "direct", "Єнс Столтенберг"),
    ("role nouns of one kind name the same person: 'аналітик' after 'експерт', not the last speaker",
     "Командувач Сергій Наєв зазначив: «Противник несе втрати». Військовий експерт Олег Жданов вважає, що ворог "
     "поспішає. «Їм потрібна картинка перемоги», – пояснив аналітик.", "Їм потрібна", "direct", "Олег Жданов"),
    ("'режисер' is a role noun; an adjectival part of a double surname declines",
     "Фільм «Памфір» режисера Дмитра Сухолиткого-Собчука переміг. «Це перемога всієї команди», – сказав режисер.",
     "Це перемога", "direct", "Дмитро Сухолиткий-Собчук"),
    ("a role noun's holder follows it with no verb but a copula between",
     "Співачка Настя Каменських і її тренер Андрій Хомицький показали вправу. Тренер за кадром дає Каменських поради. "
     "Тренер написав, що вони тренувалися о 8 ранку.", "вони тренувалися", "indirect", "Андрій Хомицький"),
    ("role nouns of one kind: 'наставник' is a 'тренер'",
     "«Ми готувалися два тижні», – розповів головний тренер «Степу» Валерій Гончаренко. Наставник додав, що клуб не "
     "продаватиме Марчука.", "клуб не", "indirect", "Валерій Гончаренко"),
    ("'міського голови' is the mayor; a document noun with a role noun after it is that person's",
     "Ініціатори петиції звернулися до міського голови Віталія Гребенюка. Відповідь мера була короткою: «Маршрут "
     "повернемо»." , "Маршрут", "direct", "Віталій Гребенюк"),
    ("a given name the dictionary lacks stays in its person's name, and first",
     "Посол Естонії в Україні Кайдо Саар заявив: «Естонія ніколи не визнає цих виборів».", "Естонія", "direct",
     "Кайдо Саар"),
    ("an organisation's case is its first noun's, with genitives after it ('в Нацполіції Львівщини')",
     "Чоловік продавав генератори. «Загалом посадовець реалізував вантажів на мільйон», – повідомили в Нацполіції "
     "Львівщини.", "Загалом", "direct", "Нацполіція Львівщини"),
    ("an organisation entity completes a capitalised name with lower-case genitives",
     "Лікарка розповіла про ситуацію. У Міністерстві охорони здоров'я пояснили, що діє програма доплат.",
     "діє програма", "indirect", "Міністерство охорони здоров'я"),
    ("… and with an abbreviation",
     "У КП «Київтеплоенерго» пояснили, що пошкодження виявили вночі.", "пошкодження", "indirect",
     "КП «Київтеплоенерго»"),
    ("a headline quote the body repeats has the body's speaker",
     '"Таких знахідок у Європі одиниці": науковці про скам\'янілості\n\nЕкспедицію очолювала Лариса Тимошенко. '
     '"Це унікальна річ, подібних знахідок у Європі одиниці", - зазначила науковиця.', "Таких знахідок", "direct",
     "Лариса Тимошенко"),
    ("words a speaker names something with: the instrumental may come third",
     "Речник МЗС Тарас Левчук назвав дії Кремля «ще одним доказом зневаги до права».", "ще одним", "direct",
     "Тарас Левчук"),
    ("a woman's given name decides the sex of a name whose surname reads as a man's",
     "Керівниця департаменту Євгенія Литвин закликала бути пильними. “Це фішинг”, — пояснила вона.", "Це фішинг",
     "direct", "Євгенія Литвин"),
    ("a capitalised organisation noun takes the genitives after it",
     "Відео поширили в пабліках. В Офісі генпрокурора повідомили, що розпочали розслідування.", "розпочали",
     "indirect", "Офіс генпрокурора"),
    ("where it was said may stand between the verb and 'що'",
     "Голова фонду Наталія Дорошенко розповіла в інтерв'ю BBC, що волонтери вивезли 300 людей.", "волонтери",
     "indirect", "Наталія Дорошенко"),
    ("a foreign surname in -і does not decline",
     "Генеральний директор МАГАТЕ Рафаель Гроссі заявив, що станція знеструмлена.", "станція", "indirect",
     "Рафаель Гроссі"),
    ("an outlet in Latin letters opening its sentence is what 'видання' stands for",
     "Британська The Guardian присвятила війні статтю. «Якщо Європа зекономить, вона заплатить більше», — наголошує "
     "видання.", "Якщо Європа", "direct", "The Guardian"),
    ("an acronym stands for the name the text gives it in brackets",
     "Росіяни просунулися на 3 кілометри, вважають аналітики Інституту вивчення війни (ISW). У звіті ISW зазначено, "
     "що командування перекидає підрозділи.", "командування", "indirect", "Інститут вивчення війни"),
    ("an outlet that relays is not the speaker: the source after 'з посиланням на' is",
     "Politico з посиланням на трьох європейських дипломатів пише, що Єврокомісія готує новий пакет.", "Єврокомісія",
     "indirect", "європейські дипломати"),
    ("a role noun's holder is no quoted name, nor across a line",
     "В УГКЦ подякували понтифіку\n\nПід час молитви «Ангел Господній» Папа Франциск звернувся до вірян. «Звільніть "
     "усіх полонених», — сказав понтифік.", "Звільніть", "direct", "Франциск"),
    ("'очільник' is a 'начальник'",
     "Про це повідомив начальник Полтавської обласної військової адміністрації Степан Коваленчук. «Сили ППО збили 11 "
     "дронів», – написав очільник ОВА.", "Сили ППО", "direct", "Степан Коваленчук"),
    ("an acronym with a place after it is spelled out with the place",
     "Міністерство закордонних справ Польщі викликало посла. «Польща вимагає пояснень», — йдеться у заяві МЗС "
     "Польщі.", "Польща вимагає", "direct", "Міністерство закордонних справ Польщі"),
    ("an outlet's source after the cue is the speaker",
     "“Адміністрація не хоче ризикувати ескалацією”, – пише The New York Times із посиланням на неназваного "
     "співрозмовника в Білому домі.", "Адміністрація", "direct", "неназваний співрозмовник в Білому домі"),
    ("a clipped name in a complement is spelled out as the text spells it",
     "Національний банк України залишив ставку без змін. «Інфляція сповільниться», – зазначили в пресслужбі "
     "Нацбанку.", "Інфляція", "direct", "Національний банк України"),
    ("a headline's role noun stands for the holder the body names",
     "Голова Зарічненської громади: «Тепло дамо вчасно»\n\nОпалювальний сезон стартує 15 жовтня, розповів голова "
     "громади Василь Тимошенко.", "Тепло дамо", "direct", "Василь Тимошенко"),
    ("'головного лікаря' is the 'головлікар'; 'староста', clergy are role nouns",
     "Для головного лікаря закладу Віктора Гнатюка це вже третє відкриття. “Ми щоразу відбудовуємося” - сказав "
     "головлікар.", "Ми щоразу", "direct", "Віктор Гнатюк"),
    ("a man's surname the dictionary lacks, in the genitive after 'за словами'",
     "За словами голови правління Романа Ткачишина, компанія технічно готова до припинення транзиту.", "компанія",
     "indirect", "Роман Ткачишин"),
    ("a headline quote names its speaker after a colon",
     '"Ми були готові до такого сценарію": Клименко про атаку на Київ\n\nМіністр Ігор Клименко розповів про '
     "наслідки атаки.", "Ми були готові", "direct", "Ігор Клименко"),
    ("words a speaker names something with are a quote",
     "Адвокат Ігор Савчук назвав рішення суду «політичним замовленням».", "політичним", "direct", "Ігор Савчук"),
    ("… whatever noun stands between",
     "Речник Кремля Дмитро Пєсков назвав слова Зеленського «вкрай небезпечною риторикою».", "вкрай", "direct",
     "Дмитро Пєсков"),
    ("a second cue without a subject after a quote keeps the sentence's speaker",
     "Єврокомісарка Маргрет Вестагер назвала цей центр «важливим проєктом спільного інтересу» і заявила, що він може "
     "бути втілений «без надмірного спотворення конкуренції».", "без надмірного", "direct", "Маргрет Вестагер"),
]


@pytest.mark.parametrize(("rule", "text", "first", "kind", "speaker"), SPEAKER_RULES,
                         ids=[rule for rule, *_ in SPEAKER_RULES])
def test_speaker_rules(nlp_ents, rule, text, first, kind, speaker):
    assert _quote(nlp_ents(text), first, kind=kind).speaker.name == speaker


def test_what_names_no_speaker(nlp, nlp_ents):
    # a name in Latin letters that is no outlet's ("частинки X17")
    doc = nlp("Фізики знайшли частинки X17. Видання пише, що більшість учених шукають нові частинки.")
    assert _quote(doc, "більшість", kind="indirect").speaker.name != "X17"
    # a sentence after a headline's colon is no speaker's name
    doc = nlp("«Слава Україні»: Так вітаються військові.")
    assert all(q.speaker is None or q.speaker.name != "Так" for q in doc._.quotes)
    # with no cue verb, a place in a locative before the colon is where, not who
    doc = nlp_ents("На Закарпатті описали новий вид жука: «Ніхто не помічав його десятиліттями»")
    assert _quote(doc, "Ніхто").speaker is None
    # a bill's title after its number is no quote
    doc = nlp("Верховна Рада ухвалила законопроєкт №10342 «Про внесення змін до деяких законів України щодо підтримки "
              "підприємництва ветеранів війни». За документ проголосували 274 народні депутати.")
    assert [q.text for q in doc._.quotes] == []
    # one word after a verb of naming is a label; "назви" (names) is no verb of naming
    doc = nlp("Бандити, яких преса називає «сепаратистами», втекли. Країни можуть використовувати назви «коньяк» "
              "і «бренді де херес».")
    assert [q.text for q in doc._.quotes] == []


def test_an_entity_run_on_past_its_name_does_not_complete_it(nlp_ents):
    doc = nlp_ents("Кардіо-фахівці після тестування заявили, що додаток працює точно.")
    assert _quote(doc, "додаток", kind="indirect").speaker.name != "Кардіо-фахівці після тестування"


#: Rules that act on the trained models' output (entities, the parse), so they are checked on the full pipeline.
MODEL_RULES = [
    ("a third-person pronoun inside a quote points back to a person named earlier in it",
     "Для режисерки Ярини Бойчук ця постановка перша. Вона розповіла, що працювала над виставою рік. «Коли виконавиця "
     "головної ролі Соломія Гнатів прочитала монолог, вона сказала: „Я не зможу грати це без сліз“. Тоді я зрозуміла, "
     "що ми на правильному шляху», – поділилася режисерка.", "Я не зможу", "direct", "Соломія Гнатів"),
    ("a role noun with no holder named is the parse's subject of the sentence before, not the last speaker",
     "«Я мріяв грати в Лізі чемпіонів», — цитує Артема Ковальчука пресслужба клубу. Головний тренер «Шахтаря» Маріо "
     "Франчетті вже встиг прокоментувати підсилення. «Артем може зіграти на трьох позиціях», – пояснив італійський "
     "фахівець.", "Артем може", "direct", "Маріо Франчетті"),
    ("a capitalised role noun after an emoji opens its sentence, and is no name",
     "⚡️ Заступник міністра аграрної політики Денис Мартинюк повідомив, що експорт зріс.", "експорт", "indirect",
     "Денис Мартинюк"),
    ("a pronoun points back to the name after its role noun in the sentence before",
     "Глава УГКЦ Святослав Шевчук подякував Папі та наголосив, що «кожен полонений — це чиясь родина».\n\n"
     "Релігієзнавець Олег Марченко в коментарі нашому виданню пояснив, чому Ватикан уникає прямих оцінок. “Для "
     "Ватикану важливо зберегти канал зв’язку”, – сказав він.", "Для Ватикану", "direct", "Олег Марченко"),
    ("an organisation's entity opening a sentence with a common word is the speaker, whole",
     "Держдеп США заявив, що Білорусь причетна до вивезення дітей.", "Білорусь", "indirect", "Держдеп США"),
    ("a plural body's name stays plural",
     "Сили оборони України повідомили, що відбили атаку.", "відбили", "indirect", "Сили оборони України"),
    ("a title the recogniser took for an organisation opening a sentence is no speaker's name",
     "Про це повідомила Міріам Шінглтон. Віце-президент Coca-Cola Міріам Шінглтон наголосила, що тара з деревини "
     "шкодить менше.", "тара з деревини", "indirect", "Міріам Шінглтон"),
    ("an organisation named short takes the fuller name the document gives it",
     "Генштаб ЗСУ оприлюднив нові дані про втрати ворога. «Противник продовжує наступ на Покровському напрямку», – "
     "зазначили в Генштабі.", "Противник продовжує", "direct", "Генштаб ЗСУ"),
    ("but not a committee's name that goes on with a preposition",
     "Рішення ухвалив комітет НБУ з питань нагляду. «Банк не виконав вимог», – пояснили в НБУ.", "Банк не виконав",
     "direct", "НБУ"),
    ("a speaker's name has plain spaces, whatever the text has between its words",
     "У Генштабі\u00a0ЗСУ повідомили, що протягом доби відбулося 142 зіткнення.", "протягом", "indirect",
     "Генштаб ЗСУ"),
]


@pytest.mark.parametrize(("rule", "text", "first", "kind", "speaker"), MODEL_RULES,
                         ids=[rule for rule, *_ in MODEL_RULES])
def test_speaker_rules_on_the_full_pipeline(default_nlp, rule, text, first, kind, speaker):
    assert _quote(default_nlp(text), first, kind=kind).speaker.name == speaker
