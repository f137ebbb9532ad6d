"""Whitespace tokens: labelled and taken out of the tree by ``ukrnews_whitespace``."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

import ukrnews_nlp.whitespace  # noqa: F401  (registers the component)


def _parsed(nlp, words, heads, deps, pos, spaces=None):
    return Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos)


def test_whitespace_tokens_get_space_no_features_and_dep():
    nlp = spacy.blank("uk")
    component = nlp.add_pipe("ukrnews_whitespace")
    doc = _parsed(nlp, ["Так", ".", "\n\n", "Ні", "."], [0, 0, 0, 3, 3],
                  ["ROOT", "punct", "nsubj", "ROOT", "punct"], ["ADV", "PUNCT", "NOUN", "PART", "PUNCT"],
                  spaces=[False, False, False, False, False])
    doc[2].set_morph("Case=Nom")
    doc = component(doc)
    assert (doc[2].pos_, str(doc[2].morph), doc[2].lemma_, doc[2].dep_) == ("SPACE", "", "\n\n", "dep")
    assert doc[0].pos_ == "ADV" and doc[0].dep_ == "ROOT"  # words untouched
    plain = component(nlp.make_doc("Так.\n\nНі."))
    assert [t.pos_ for t in plain if t.is_space] == ["SPACE"]


def test_a_whitespace_root_gives_way_to_its_largest_word_and_keeps_no_dependents():
    nlp = spacy.blank("uk")
    component = nlp.add_pipe("ukrnews_whitespace")
    # "Він прийшов ." with the parser's root on the line break before it
    doc = _parsed(nlp, ["\n\n", "Він", "прийшов", "."], [0, 2, 0, 0], ["ROOT", "nsubj", "dep", "punct"],
                  ["NOUN", "PRON", "VERB", "PUNCT"], spaces=[False, True, False, False])
    doc = component(doc)
    assert doc[2].dep_ == "ROOT" and doc[2].head.i == 2
    assert doc[1].head.i == 2 and doc[3].head.i == 2
    assert doc[0].head.i == 2 and not list(doc[0].children) and doc[0].dep_ == "dep"
    # a whitespace token inside a tree hands its dependents to its own head
    doc = _parsed(nlp, ["Так", "\n", "було", "."], [2, 2, 2, 2], ["advmod", "dep", "ROOT", "punct"],
                  ["ADV", "NOUN", "VERB", "PUNCT"], spaces=[False, False, False, False])
    doc[0].head = doc[1]
    doc = component(doc)
    assert doc[0].head.i == 2 and doc[1].head.i == 2 and not list(doc[1].children)


def test_shipped_pipeline_marks_paragraph_breaks(nlp):
    if not {"parser", "graph_parser"} & set(nlp.pipe_names):
        pytest.skip("no core model shipped")
    assert nlp.pipe_names[-1] == "ukrnews_whitespace"
    doc = nlp("Перше речення тут.\n\nДруге речення, яке йде далі.\n\nТретє.")
    breaks = [t for t in doc if t.is_space]
    assert len(breaks) == 2
    for token in breaks:
        assert token.pos_ == "SPACE" and token.dep_ == "dep" and not list(token.children)
        assert token.head.dep_ == "ROOT"
