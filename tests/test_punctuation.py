"""Punctuation re-attachment (``ukrnews_punct_heads``)."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

import ukrnews_nlp  # noqa: F401  (registers the components)
from ukrnews_nlp.punctuation import attach_punctuation


def _punct(forms):
    return [not f[0].isalnum() for f in forms]


def test_comma_before_a_clause_goes_to_the_clause_head():
    # Він сказав , що прийде .   (сказав root; прийде ← сказав; що ← прийде)
    forms = ["Він", "сказав", ",", "що", "прийде", "."]
    parser = [1, -1, 0, 4, 1, 1]  # the comma on the subject: not projective-compatible, moved
    assert attach_punctuation(forms, _punct(forms), parser) == [1, -1, 4, 4, 1, 1]
    # on the main verb, which governs the clause, it still goes to the clause (the lower of the two candidates)
    assert attach_punctuation(forms, _punct(forms), [1, -1, 1, 4, 1, 1])[2] == 4


def test_a_dash_on_the_governing_candidate_stays_where_the_parser_put_it():
    # Раїс — персонаж .   (персонаж root, Раїс ← персонаж): the comma rule is for commas only
    forms = ["Раїс", "—", "персонаж", "."]
    assert attach_punctuation(forms, _punct(forms), [2, 2, -1, 2])[1] == 2
    forms = ["Раїс", ",", "персонаж", "."]
    assert attach_punctuation(forms, _punct(forms), [2, 2, -1, 2])[1] == 0


def test_quotes_attach_to_the_head_inside_them():
    forms = ["Він", "назвав", "це", "«", "провалом", "»", "."]
    parser = [1, -1, 1, 1, 1, 4, 1]
    new = attach_punctuation(forms, _punct(forms), parser)
    assert new[3] == 4 and new[5] == 4 and new[6] == 1


def test_an_allowed_parser_choice_is_kept_and_words_never_move():
    forms = ["Київ", ",", "Львів", "і", "Одеса", "."]
    parser = [-1, 2, 0, 4, 0, 0]
    new = attach_punctuation(forms, _punct(forms), parser)
    assert new == parser
    # punctuation never keeps dependents: a word attached to a comma goes to the comma's head
    assert attach_punctuation(["а", ",", "б"], [False, True, False], [-1, 0, 1])[2] == 0


def test_component_on_a_parsed_doc():
    nlp = spacy.blank("uk")
    nlp.add_pipe("ukrnews_punct_heads")
    words = ["Він", "сказав", ",", "що", "прийде", "."]
    doc = Doc(nlp.vocab, words=words, heads=[1, 1, 0, 4, 1, 1], deps=["nsubj", "ROOT", "punct", "mark", "ccomp",
                                                                      "punct"],
              pos=["PRON", "VERB", "PUNCT", "SCONJ", "VERB", "PUNCT"])
    doc = nlp.get_pipe("ukrnews_punct_heads")(doc)
    assert [t.head.i for t in doc] == [1, 1, 4, 4, 1, 1]
    assert doc[2].dep_ == "punct"
    # an unparsed doc passes through untouched
    plain = nlp.make_doc("Він сказав, що прийде.")
    assert nlp.get_pipe("ukrnews_punct_heads")(plain) is plain


def test_a_final_mark_goes_to_the_root_whatever_clause_the_parser_hung_it_on():
    # Він мовчав , хоч усі говорили .   (мовчав root; говорили ← мовчав as advcl)
    forms = ["Він", "мовчав", ",", "хоч", "усі", "говорили", "."]
    parser = [1, -1, 5, 5, 5, 1, 5]  # the period on the subordinate clause: projective, yet not UD's choice
    assert attach_punctuation(forms, _punct(forms), parser)[6] == 1
    # trailing marks and spaces after it do not matter; a period inside the sentence is left to the usual rule
    forms = ["Він", "мовчав", ",", "хоч", "усі", "говорили", ".", "»", "\n\n"]
    parser = [1, -1, 5, 5, 5, 1, 5, 5, 5]
    assert attach_punctuation(forms, _punct(forms), parser)[6] == 1
    forms = ["мал", ".", "119", "показує", "дриль", "."]
    parser = [3, 0, 0, -1, 3, 3]
    assert attach_punctuation(forms, _punct(forms), parser)[1] == 0
