"""``ukrnews_name_tokens``: the words of lower-case person names take PROPN and their normal form's words."""
from __future__ import annotations

import pytest
import spacy

from ukrnews_nlp import entities, name_tokens  # noqa: F401  (register the factories)
from ukrnews_nlp.pipeline import MODEL_SEQUENCE


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("uk", config={"nlp": {"tokenizer": {"@tokenizers": "ukrnews_nlp.tokenizer.v1"}}})
    nlp.add_pipe("ukrnews_entity_normalizer")
    nlp.add_pipe("ukrnews_name_tokens")
    return nlp


def annotated(nlp, text: str, tags: dict[str, tuple[str, str, str]], people: list[str]):
    """``text`` with a tagger's (UPOS, lemma, features) on some words and PER entities on ``people``, through the
    normalizer and the component."""
    doc = nlp.make_doc(text)
    for token in doc:
        pos, lemma, feats = tags.get(token.text, ("NOUN", token.text, ""))
        token.pos_, token.lemma_ = pos, lemma
        token.set_morph(feats or None)
    doc.ents = [doc.char_span(text.index(p), text.index(p) + len(p), label="PER") for p in people]
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


@pytest.mark.parametrize(("text", "tags", "people", "expected"), [
    # the tagger's mistakes on lower-case names (seen with the shipped models): an adjective's lemma, an adverb
    ("Зустріч із марією захаровою скасували.",
     {"захаровою": ("ADJ", "захарів", "Case=Ins|Degree=Pos|Gender=Fem|Number=Sing")}, ["марією захаровою"],
     [("марією", "PROPN", "марія", None), ("захаровою", "PROPN", "захарова", "Case=Ins|Gender=Fem|Number=Sing")]),
    ("Пропагандист володимир соловйов висловився.", {"соловйов": ("ADV", "соловйов", "")},
     ["володимир соловйов"], [("володимир", "PROPN", "володимир", None), ("соловйов", "PROPN", "соловйов", "")]),
    ("Розмова з путіним тривала.", {}, ["путіним"], [("путіним", "PROPN", "путін", None)]),
])
def test_lower_case_names_are_names(nlp, text, tags, people, expected):
    doc = annotated(nlp, text, tags, people)
    got = [(t.text, t.pos_, t.lemma_, str(t.morph)) for ent in doc.ents for t in ent]
    assert [g[:3] for g in got] == [e[:3] for e in expected]
    for (*_, morph), (*_, wanted) in zip(got, expected, strict=True):
        if wanted is not None:   # the tagger's features stay, less an adjective's degree
            assert morph == wanted


@pytest.mark.parametrize(("text", "people", "label"), [
    ("Зустріч Путіна і Лукашенка.", ["Путіна"], "PER"),      # capitalized: the tagger's and lemmatizer's analysis
    ("Зустріч у москві скасували.", ["москві"], "LOC"),      # not a person
])
def test_other_entities_are_left_alone(nlp, text, people, label):
    doc = nlp.make_doc(text)
    for token in doc:
        token.pos_, token.lemma_ = "NOUN", "x"
    start = text.index(people[0])
    doc.ents = [doc.char_span(start, start + len(people[0]), label=label)]
    for _, component in nlp.pipeline:
        doc = component(doc)
    assert {(t.pos_, t.lemma_) for t in doc} == {("NOUN", "x")}


def test_the_component_runs_after_the_normalizer_in_load():
    followers = dict(MODEL_SEQUENCE)["ner"]
    assert followers.index("ukrnews_entity_normalizer") < followers.index("ukrnews_name_tokens")
