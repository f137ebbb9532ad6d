"""Sole dative arguments are objects (``ukrnews_dative_objects``)."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from ukrnews_nlp.dative_objects import OBJECT_SIBLINGS  # registers the component


def _doc(nlp, words, heads, deps, morphs):
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, morphs=morphs)


def test_a_sole_dative_becomes_the_object():
    nlp = spacy.blank("uk")
    component = nlp.add_pipe("ukrnews_dative_objects")
    # Ми допомагаємо людям .
    doc = _doc(nlp, ["Ми", "допомагаємо", "людям", "."], [1, 1, 1, 1], ["nsubj", "ROOT", "iobj", "punct"],
               ["Case=Nom", "", "Case=Dat|Number=Plur", ""])
    doc = component(doc)
    assert doc[2].dep_ == "obj" and doc[2].head.i == 1
    assert [t.dep_ for t in doc] == ["nsubj", "ROOT", "obj", "punct"]


def test_a_dative_beside_an_object_or_a_clause_stays_indirect():
    nlp = spacy.blank("uk")
    component = nlp.add_pipe("ukrnews_dative_objects")
    assert {"obj", "ccomp", "xcomp"} <= OBJECT_SIBLINGS
    # Ми дали людям хліб .
    doc = _doc(nlp, ["Ми", "дали", "людям", "хліб", "."], [1, 1, 1, 1, 1], ["nsubj", "ROOT", "iobj", "obj", "punct"],
               ["Case=Nom", "", "Case=Dat", "Case=Acc", ""])
    assert component(doc)[2].dep_ == "iobj"
    # Він сказав нам , що прийде .   (a clause: ccomp)
    doc = _doc(nlp, ["Він", "сказав", "нам", ",", "що", "прийде", "."], [1, 1, 1, 5, 5, 1, 1],
               ["nsubj", "ROOT", "iobj", "punct", "mark", "ccomp", "punct"],
               ["Case=Nom", "", "Case=Dat", "", "", "", ""])
    assert component(doc)[2].dep_ == "iobj"
    # not a dative (a tagging error elsewhere): left to the parser
    doc = _doc(nlp, ["Ми", "бачили", "людей", "."], [1, 1, 1, 1], ["nsubj", "ROOT", "iobj", "punct"],
               ["Case=Nom", "", "Case=Acc", ""])
    assert component(doc)[2].dep_ == "iobj"
    # two sole datives of one verb: the first becomes the object, the second then has one beside it
    doc = _doc(nlp, ["Ми", "допомагаємо", "людям", "тваринам"], [1, 1, 1, 1], ["nsubj", "ROOT", "iobj", "iobj"],
               ["Case=Nom", "", "Case=Dat", "Case=Dat"])
    assert [t.dep_ for t in component(doc)][2:] == ["obj", "iobj"]
    plain = nlp.make_doc("Ми допомагаємо людям.")
    assert component(plain) is plain

