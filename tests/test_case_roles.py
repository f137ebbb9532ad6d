"""Nominative/accusative from the parser's subject and object arcs (``ukrnews_case_roles``)."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

import ukrnews_nlp  # noqa: F401  (registers the components)
from ukrnews_nlp.case_roles import CaseRoles, has_reading, role_case


def _doc(words, pos, heads, deps, morphs):
    nlp = spacy.blank("uk")
    return Doc(nlp.vocab, words=words, pos=pos, heads=heads, deps=deps, morphs=morphs)


def _case(token):
    return token.morph.get("Case")[0]


def test_object_tagged_nominative_becomes_accusative_with_its_adjective():
    # Ми знайшли новий злочин .   (злочин obj, tagged Nom; новий agrees with it)
    doc = _doc(["Ми", "знайшли", "новий", "злочин", "."], ["PRON", "VERB", "ADJ", "NOUN", "PUNCT"],
               [1, 1, 3, 1, 1], ["nsubj", "ROOT", "amod", "obj", "punct"],
               ["Case=Nom|Number=Plur|Person=1|PronType=Prs", "Mood=Ind|Number=Plur|Tense=Past|VerbForm=Fin",
                "Case=Nom|Gender=Masc|Number=Sing", "Animacy=Inan|Case=Nom|Gender=Masc|Number=Sing", ""])
    CaseRoles()(doc)
    assert _case(doc[3]) == "Acc" and _case(doc[2]) == "Acc"
    assert _case(doc[0]) == "Nom"  # the subject stays nominative
    assert doc[3].morph.get("Gender") == ["Masc"]  # only the case changes


def test_subject_tagged_accusative_becomes_nominative_and_conjuncts_follow():
    # Фарби і лаки висохли .   (Фарби nsubj, tagged Acc; лаки conj of it, tagged Acc)
    doc = _doc(["Фарби", "і", "лаки", "висохли", "."], ["NOUN", "CCONJ", "NOUN", "VERB", "PUNCT"],
               [3, 2, 0, 3, 3], ["nsubj", "cc", "conj", "ROOT", "punct"],
               ["Animacy=Inan|Case=Acc|Gender=Fem|Number=Plur", "", "Animacy=Inan|Case=Acc|Gender=Masc|Number=Plur",
                "Mood=Ind|Number=Plur|Tense=Past|VerbForm=Fin", ""])
    CaseRoles()(doc)
    assert _case(doc[0]) == "Nom" and _case(doc[2]) == "Nom"


def test_verb_agreement_and_the_dictionary_can_veto_the_parser():
    # "Object" the verb agrees with, in a clause without a subject: the parser is likely wrong, case kept.
    doc = _doc(["Мішень", "перебувала", "тут"], ["NOUN", "VERB", "ADV"], [1, 1, 1], ["obj", "ROOT", "advmod"],
               ["Animacy=Inan|Case=Nom|Gender=Fem|Number=Sing", "Gender=Fem|Number=Sing|Tense=Past|VerbForm=Fin", ""])
    assert role_case(doc[0]) is None
    CaseRoles()(doc)
    assert _case(doc[0]) == "Nom"
    # A form the dictionary has only in other cases is never switched (книгу: accusative only).
    assert not has_reading("книгу", "Nom", None) and has_reading("книгу", "Acc", "Sing")
    doc = _doc(["книгу", "читають"], ["NOUN", "VERB"], [1, 1], ["nsubj", "ROOT"],
               ["Case=Acc|Gender=Fem|Number=Sing", "Number=Plur|Person=3|Tense=Pres|VerbForm=Fin"])
    CaseRoles()(doc)
    assert _case(doc[0]) == "Acc"


def test_docs_without_a_parse_are_left_alone():
    nlp = spacy.blank("uk")
    doc = Doc(nlp.vocab, words=["злочин"], morphs=["Case=Nom"])
    assert str(CaseRoles()(doc)[0].morph) == "Case=Nom"


def test_component_runs_between_the_punctuation_and_the_lemmatizer():
    names = ukrnews_nlp.load(models=False, exclude=["ukrnews_quotes"]).pipe_names
    assert names.index("ukrnews_punct_heads") + 1 == names.index("ukrnews_case_roles")
    assert names.index("ukrnews_case_roles") + 1 == names.index("ukrnews_copula_agreement")
    assert names.index("ukrnews_copula_agreement") + 1 == names.index("ukrnews_lemmatizer")


def test_numeral_governing_the_object_takes_the_accusative():
    # Ми побачили 14 кролів .   (кролів obj, genitive governed by 14; 14 tagged Nom)
    doc = _doc(["Ми", "побачили", "14", "кролів", "."], ["PRON", "VERB", "NUM", "NOUN", "PUNCT"],
               [1, 1, 3, 1, 1], ["nsubj", "ROOT", "nummod:gov", "obj", "punct"],
               ["Case=Nom|Number=Plur|Person=1|PronType=Prs", "Mood=Ind|Number=Plur|Tense=Past|VerbForm=Fin",
                "Case=Nom|NumType=Card", "Animacy=Anim|Case=Gen|Gender=Masc|Number=Plur", ""])
    CaseRoles()(doc)
    assert _case(doc[2]) == "Acc"  # the number carries the phrase's case (digits: every case)
    assert _case(doc[3]) == "Gen"  # the counted noun keeps the genitive the numeral governs
