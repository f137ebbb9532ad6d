"""Predicative instrumentals (``ukrnews_predicatives``)."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from ukrnews_nlp.predicatives import PREDICATIVE_VERBS  # registers the component


def _doc(nlp, words, heads, deps, pos, lemmas, morphs):
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, morphs=morphs)


def test_bare_instrumental_of_a_link_verb_becomes_its_predicative():
    nlp = spacy.blank("uk")
    component = nlp.add_pipe("ukrnews_predicatives")
    # Він став ключем до успіху .
    doc = _doc(nlp, ["Він", "став", "ключем", "до", "успіху", "."], [1, 1, 1, 4, 2, 1],
               ["nsubj", "ROOT", "obl", "case", "nmod", "punct"], ["PRON", "VERB", "NOUN", "ADP", "NOUN", "PUNCT"],
               ["він", "стати", "ключ", "до", "успіх", "."],
               ["Case=Nom", "Tense=Past", "Case=Ins|Number=Sing", "Case=Gen", "Case=Gen", ""])
    assert "стати" in PREDICATIVE_VERBS
    doc = component(doc)
    assert doc[2].dep_ == "xcomp:pred" and doc[2].head.i == 1
    assert [t.dep_ for t in doc][3:] == ["case", "nmod", "punct"]


def test_other_instrumentals_stay_obliques():
    nlp = spacy.blank("uk")
    component = nlp.add_pipe("ukrnews_predicatives")
    # Він їхав потягом . / Він став під деревом .   (not a link verb; a preposition makes it an oblique)
    doc = _doc(nlp, ["Він", "їхав", "потягом", "."], [1, 1, 1, 1], ["nsubj", "ROOT", "obl", "punct"],
               ["PRON", "VERB", "NOUN", "PUNCT"], ["він", "їхати", "потяг", "."],
               ["Case=Nom", "", "Case=Ins", ""])
    assert component(doc)[2].dep_ == "obl"
    doc = _doc(nlp, ["Він", "став", "під", "деревом", "."], [1, 1, 3, 1, 1],
               ["nsubj", "ROOT", "case", "obl", "punct"], ["PRON", "VERB", "ADP", "NOUN", "PUNCT"],
               ["він", "стати", "під", "дерево", "."], ["Case=Nom", "", "Case=Ins", "Case=Ins", ""])
    assert component(doc)[3].dep_ == "obl"
    # a genitive after a link verb is not predicative either
    doc = _doc(nlp, ["Стало", "води", "."], [0, 0, 0], ["ROOT", "obl", "punct"], ["VERB", "NOUN", "PUNCT"],
               ["стати", "вода", "."], ["", "Case=Gen", ""])
    assert component(doc)[1].dep_ == "obl"
    # an unparsed doc passes through untouched
    plain = nlp.make_doc("Він став ключем.")
    assert component(plain) is plain


@pytest.mark.parametrize("name", ["ukrnews_predicatives", "ukrnews_dative_objects"])
def test_a_pipeline_with_a_relation_rule_saves_and_loads(tmp_path, name):
    import ukrnews_nlp.dative_objects  # noqa: F401  (registers the other relation rule)

    nlp = spacy.blank("uk")
    nlp.add_pipe(name)
    nlp.to_disk(tmp_path / "p")
    assert spacy.load(tmp_path / "p").pipe_names == [name]
