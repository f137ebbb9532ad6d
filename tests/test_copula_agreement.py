"""``ukrnews_copula_agreement``: `є` takes its subject's number from the parse."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from ukrnews_nlp.copula_agreement import CopulaAgreement

FIN = "Aspect=Imp|Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"


def _doc(words, heads, deps, pos, morphs) -> Doc:
    nlp = spacy.blank("uk")
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, morphs=morphs)


def test_auxiliary_takes_the_number_of_its_predicates_subject():
    # Вони є членами .   (є: cop of членами, Вони: nsubj of членами)
    doc = _doc(["Вони", "є", "членами", "."], [2, 2, 2, 2], ["nsubj", "cop", "ROOT", "punct"],
               ["PRON", "AUX", "NOUN", "PUNCT"],
               ["Case=Nom|Number=Plur|Person=3|PronType=Prs", FIN, "Case=Ins|Number=Plur", ""])
    doc = CopulaAgreement()(doc)
    assert doc[1].morph.get("Number") == ["Plur"]
    assert doc[1].morph.get("Person") == ["3"]  # the treebank's person, whatever the subject's
    assert doc[1].morph.get("VerbForm") == ["Fin"]


def test_verb_with_coordinated_subject_is_plural_and_without_subject_unchanged():
    # Є Іван і Марія .
    doc = _doc(["Є", "Іван", "і", "Марія", "."], [0, 0, 3, 1, 0], ["ROOT", "nsubj", "cc", "conj", "punct"],
               ["VERB", "PROPN", "CCONJ", "PROPN", "PUNCT"],
               [FIN, "Case=Nom|Number=Sing", "", "Case=Nom|Number=Sing", ""])
    assert CopulaAgreement()(doc)[0].morph.get("Number") == ["Plur"]
    # У нас є час .  (no nsubj: the tagger's number stays)
    doc = _doc(["У", "нас", "є", "час", "."], [1, 2, 2, 2, 2], ["case", "obl", "ROOT", "obj", "punct"],
               ["ADP", "PRON", "VERB", "NOUN", "PUNCT"], ["", "Case=Gen|Number=Plur", FIN, "Case=Acc|Number=Sing", ""])
    assert CopulaAgreement()(doc)[2].morph.get("Number") == ["Sing"]


def test_other_words_and_unparsed_docs_are_left_alone():
    doc = _doc(["Вони", "були", "тут"], [1, 1, 1], ["nsubj", "ROOT", "advmod"], ["PRON", "VERB", "ADV"],
               ["Number=Plur", "Number=Sing|Tense=Past|VerbForm=Fin", ""])
    assert CopulaAgreement()(doc)[1].morph.get("Number") == ["Sing"]
    nlp = spacy.blank("uk")
    bare = Doc(nlp.vocab, words=["Вони", "є"])
    assert CopulaAgreement()(bare)[1].morph.get("Number") == []
