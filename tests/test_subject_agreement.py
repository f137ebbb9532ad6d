"""Subjects and objects ruled out by their verb's agreement (``ukrnews_nlp.subject_agreement``)."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from ukrnews_nlp.subject_agreement import cannot_be_object, cannot_be_subject, could_be_subject

PLUR_PRES = "Aspect=Imp|Mood=Ind|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin"
SING_FUT = "Aspect=Imp|Mood=Ind|Number=Sing|Person=3|Tense=Fut|VerbForm=Fin"
FEM_PAST = "Aspect=Perf|Gender=Fem|Mood=Ind|Number=Sing|Tense=Past|VerbForm=Fin"


def _pair(noun: str, noun_pos: str, noun_morph: str, verb: str, verb_morph: str):
    doc = Doc(spacy.blank("uk").vocab, words=[noun, verb], pos=[noun_pos, "VERB"], morphs=[noun_morph, verb_morph])
    return doc[0], doc[1]


def test_impersonal_and_disagreeing_verbs_have_no_such_subject():
    assert cannot_be_subject(*_pair("Проект", "NOUN", "Animacy=Inan|Case=Nom|Gender=Masc|Number=Sing",
                                    "закінчено", "Aspect=Perf|Mood=Ind|Person=0|VerbForm=Fin"))
    assert cannot_be_subject(*_pair("сигнали", "NOUN", "Animacy=Inan|Case=Nom|Gender=Masc|Number=Plur",
                                    "глушитиме", SING_FUT))
    assert not cannot_be_subject(*_pair("шум", "NOUN", "Animacy=Inan|Case=Nom|Gender=Masc|Number=Sing",
                                        "глушитиме", SING_FUT))
    # a noun under a first-person verb (Використовую … засоби)
    assert cannot_be_subject(*_pair("засоби", "NOUN", "Animacy=Inan|Case=Nom|Gender=Masc|Number=Plur",
                                    "використовую", "Aspect=Imp|Mood=Ind|Number=Sing|Person=1|Tense=Pres|VerbForm=Fin"))
    # past singular: gender decides (контраст is masculine, the verb feminine)
    assert cannot_be_subject(*_pair("контраст", "NOUN", "Animacy=Inan|Case=Nom|Gender=Masc|Number=Sing",
                                    "нагнітала", FEM_PAST.replace("Perf", "Imp")))


def test_what_the_tagger_or_the_verb_cannot_tell_is_left_to_the_parser():
    sing_neut = "Animacy=Inan|Case=Nom|Gender=Neut|Number=Sing"
    # випробування is also a plural nominative: the tagger's number may be the wrong one
    assert not cannot_be_subject(*_pair("Випробування", "NOUN", sing_neut, "дають", PLUR_PRES))
    # an acronym takes its full name's gender (НАТО надала)
    assert not cannot_be_subject(*_pair("НАТО", "PROPN", sing_neut, "надала", FEM_PAST))
    # nouns of quantity take plural verbs
    assert not cannot_be_subject(*_pair("більшість", "NOUN", "Animacy=Inan|Case=Nom|Gender=Fem|Number=Sing",
                                        "приймають", PLUR_PRES))
    # a form with no accusative (лікар: лікаря) stays the subject even with a feminine verb
    assert not cannot_be_subject(*_pair("лікар", "NOUN", "Animacy=Anim|Case=Nom|Gender=Masc|Number=Sing",
                                        "сказала", FEM_PAST))
    # relative pronouns and imperatives
    assert not cannot_be_subject(*_pair("хто", "PRON", "Case=Nom|Gender=Masc|Number=Sing|PronType=Rel",
                                        "намагаються", PLUR_PRES))
    assert not cannot_be_subject(*_pair("Бог", "NOUN", "Animacy=Anim|Case=Nom|Gender=Masc|Number=Sing",
                                        "дай", "Aspect=Perf|Mood=Imp|Number=Sing|Person=2|VerbForm=Fin"))


def test_reflexive_verbs_take_no_object_they_agree_with():
    reflexive = "Aspect=Perf|Mood=Ind|Number=Sing|Person=3|Tense=Fut|VerbForm=Fin"
    assert cannot_be_object(*_pair("обсяг", "NOUN", "Animacy=Inan|Case=Acc|Gender=Masc|Number=Sing",
                                   "відновиться", reflexive))
    # a dative object stays (подобалось мені), and so does an object the verb does not agree with
    assert not cannot_be_object(*_pair("мені", "PRON", "Case=Dat|Number=Sing|Person=1|PronType=Prs",
                                       "подобалось", "Gender=Neut|Mood=Ind|Number=Sing|Tense=Past|VerbForm=Fin"))
    assert not cannot_be_object(*_pair("серіал", "NOUN", "Animacy=Inan|Case=Acc|Gender=Masc|Number=Sing",
                                       "дивилась", FEM_PAST))
    # a non-reflexive verb may have such an object
    assert not cannot_be_object(*_pair("обсяг", "NOUN", "Animacy=Inan|Case=Acc|Gender=Masc|Number=Sing",
                                       "відновить", reflexive))


def test_an_object_that_agrees_could_be_the_subject():
    assert could_be_subject(*_pair("шум", "NOUN", "Animacy=Inan|Case=Acc|Gender=Masc|Number=Sing",
                                   "глушитиме", SING_FUT))
    assert not could_be_subject(*_pair("книгу", "NOUN", "Animacy=Inan|Case=Acc|Gender=Fem|Number=Sing",
                                       "прочитає", SING_FUT))
