"""Agreement inside noun phrases, decided from the tagger's label scores (``ukrnews_nlp.agreement``)."""
from __future__ import annotations

import numpy
import pytest

from ukrnews_nlp.agreement import (
    agree_phrases,
    agreement_table,
    agrees,
    label_agreement,
    phrase_before,
    preposition_conflicts,
)
from ukrnews_nlp.morphology import dictionary_conflicts

LABELS = [
    ("ADJ", "Case=Nom|Number=Plur"),                               # 0 вторинні (Nom)
    ("ADJ", "Animacy=Inan|Case=Acc|Number=Plur"),                  # 1 вторинні (Acc)
    ("NOUN", "Animacy=Inan|Case=Nom|Gender=Masc|Number=Plur"),     # 2 ресурси (Nom)
    ("NOUN", "Animacy=Inan|Case=Acc|Gender=Masc|Number=Plur"),     # 3 ресурси (Acc)
    ("ADP", "Case=Loc"),                                           # 4 у (Loc)
    ("ADP", "Case=Acc"),                                           # 5 у (Acc)
    ("NOUN", "Animacy=Inan|Case=Loc|Gender=Masc|Number=Sing"),     # 6 році (Loc)
    ("DET", "Case=Acc|NumType=Card|PronType=Ind"),                 # 7 кілька: governs, does not agree
    ("NOUN", "Animacy=Inan|Case=Gen|Gender=Masc|Number=Plur"),     # 8 років (Gen)
    ("DET", "Case=Gen|Gender=Masc|Number=Sing|Person=3|Poss=Yes|PronType=Prs|Uninflect=Yes"),  # 9 його
    ("NOUN", "Animacy=Inan|Case=Gen|Gender=Fem|Number=Sing"),      # 10 книжки (Gen)
    ("PUNCT", ""),                                                 # 11
]
TABLE = agreement_table(LABELS)


def candidates(scores: dict[int, list[tuple[int, float]]], guesses: numpy.ndarray):
    return lambda i: scores.get(i, [(int(guesses[i]), 0.0)])


def test_labels_agree_in_case_and_a_modifier_in_number_gender_animacy():
    nom_adj, acc_adj, nom_noun, acc_noun = (label_agreement(*LABELS[k]) for k in range(4))
    assert agrees(nom_adj, nom_noun) and agrees(acc_adj, acc_noun)
    assert not agrees(nom_adj, acc_noun) and not agrees(acc_adj, nom_noun)
    singular = label_agreement("ADJ", "Case=Nom|Gender=Fem|Number=Sing")
    assert not agrees(singular, nom_noun)  # number
    assert not agrees(label_agreement("ADJ", "Case=Nom|Gender=Fem|Number=Sing"),
                      label_agreement("NOUN", "Case=Nom|Gender=Masc|Number=Sing"))  # gender
    # a possessive agrees in case only: its gender and number are the possessor's
    assert agrees(label_agreement(*LABELS[9]), label_agreement(*LABELS[10]))
    # a preposition: case only
    assert agrees(label_agreement(*LABELS[4]), label_agreement(*LABELS[6]))


def test_quantifiers_and_relative_words_are_not_part_of_a_phrase():
    assert label_agreement(*LABELS[7]).free
    assert label_agreement("DET", "Case=Loc|Gender=Masc|Number=Sing|PronType=Rel").free
    assert not label_agreement("ADJ", "Case=Gen|Gender=Masc|NumType=Ord|Number=Sing").free
    guesses = [5, 7, 8]  # у кілька років
    assert phrase_before(2, guesses, TABLE) == [2]
    assert phrase_before(2, [4, 0, 2], TABLE) == [0, 1, 2]  # preposition, adjective, noun
    assert phrase_before(1, [11, 2], TABLE) == [1]


def test_a_disagreeing_phrase_takes_the_labels_that_agree_and_score_best():
    guesses = numpy.array([0, 3])  # вторинні/Nom ресурси/Acc
    scores = {0: [(0, -0.1), (1, -2.5)], 1: [(3, -0.4), (2, -1.2)]}
    changed = agree_phrases(guesses, TABLE, candidates(scores, guesses), margin=4.0)
    # Nom+Nom costs 0.1 + 1.2, Acc+Acc 2.5 + 0.4: both nominative
    assert changed == 1 and guesses.tolist() == [0, 2]


def test_agreement_within_the_margin_only():
    guesses = numpy.array([0, 3])
    scores = {0: [(0, -0.1), (1, -6.0)], 1: [(3, -0.1), (2, -5.0)]}
    assert agree_phrases(guesses, TABLE, candidates(scores, guesses), margin=4.0) == 0
    assert guesses.tolist() == [0, 3]
    assert agree_phrases(guesses, TABLE, candidates(scores, guesses), margin=6.0) == 1


def test_a_word_the_tagger_is_sure_of_keeps_its_label_and_the_others_follow():
    guesses = numpy.array([5, 6])  # у/Acc році/Loc, the noun sure
    scores = {0: [(5, -0.3), (4, -1.5)]}
    assert agree_phrases(guesses, TABLE, candidates(scores, guesses), margin=4.0) == 1
    assert guesses.tolist() == [4, 6]
    # nothing agrees with a sure noun: nothing changes
    guesses = numpy.array([5, 6])
    assert agree_phrases(guesses, TABLE, candidates({0: [(5, 0.0)]}, guesses), margin=4.0) == 0


def test_prepositions_take_their_own_cases():
    assert preposition_conflicts("на", "Acc") == 0.0 and preposition_conflicts("на", "Gen") == 1.0
    assert preposition_conflicts("до", "Gen") == 0.0 and preposition_conflicts("до", "Loc") == 1.0
    assert preposition_conflicts("невідомо", "Gen") is None
    assert preposition_conflicts("на", None) is None
    assert dictionary_conflicts("на", "ADP", "Case=Gen") == 1.0
    assert dictionary_conflicts("на", "ADP", "Case=Loc") == 0.0


def test_the_shipped_morphologizer_makes_a_phrase_agree(nlp):
    if "morphologizer" not in nlp.pipe_names:
        pytest.skip("no core model shipped")
    morphologizer = nlp.get_pipe("morphologizer")
    assert morphologizer.agreement_margin > 0
    labels = morphologizer._label_parts()
    index = {label: k for k, label in enumerate(labels)}
    adj_nom, adj_acc, noun_nom, noun_acc = (index[LABELS[k]] for k in range(4))
    doc = nlp.make_doc("вторинні ресурси")
    # the adjective nominative (sure enough), the noun a little more accusative than nominative
    logits = numpy.full((2, len(labels)), -20.0, dtype="float32")
    logits[0, [adj_nom, adj_acc]] = [3.0, 0.0]
    logits[1, [noun_acc, noun_nom]] = [1.0, 0.5]
    best = logits.argmax(axis=1)
    unsure = numpy.array([0, 1])
    guesses = morphologizer._guess(doc, logits.copy(), best.copy(), unsure, labels)
    assert guesses.tolist() == [adj_nom, noun_nom]
    # the agreement off: each word keeps its own best label
    margin, morphologizer.agreement_margin = morphologizer.agreement_margin, 0.0
    try:
        assert morphologizer._guess(doc, logits.copy(), best.copy(), unsure, labels).tolist() == [adj_nom, noun_acc]
    finally:
        morphologizer.agreement_margin = margin
