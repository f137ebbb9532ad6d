"""Canonical speaker names for quotes: one hand-written document per class of attribution error.

The texts are our own; each test names the rule it checks. They run on a blank pipeline (tokenizer and the quote
component), so only the rules are exercised, not the trained models.
"""
from __future__ import annotations

import pytest
import spacy

from ukrnews_nlp.quotes import extract_quotes  # noqa: F401  (registers the factory)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("uk")
    nlp.add_pipe("ukrnews_quotes")
    return nlp


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
