"""Decimal fractions and ranges written in digits: their parts agree (:mod:`ukrnews_nlp.digit_numbers`)."""
from __future__ import annotations

from ukrnews_nlp.digit_numbers import align_digit_numbers

from .conftest import tagged_doc as tagged

CARD = "NumType=Card"


def test_decimal_fraction_takes_the_integer_case():
    doc = tagged(["0", ",", "26", "%"], [("NUM", f"Case=Acc|{CARD}"), ("PUNCT", ""), ("NUM", f"Case=Nom|{CARD}"),
                                         ("SYM", "")], spaces=[False, False, True, False])
    align_digit_numbers(doc)
    assert doc[2].morph.get("Case") == ["Acc"]
    assert doc[0].morph.get("Case") == ["Acc"]


def test_numbers_listed_with_commas_and_spaces_are_left_alone():
    tags = [("NUM", f"Case=Acc|{CARD}"), ("PUNCT", ""), ("NUM", f"Case=Nom|{CARD}"), ("CCONJ", ""),
            ("NUM", f"Case=Nom|{CARD}")]
    doc = tagged(["1", ",", "2", "і", "3"], tags, spaces=[False, True, True, True, False])
    align_digit_numbers(doc)
    assert doc[2].morph.get("Case") == ["Nom"]


def test_range_end_takes_the_ordinal_label():
    ordinal = "Case=Gen|Gender=Neut|NumType=Ord|Number=Sing"
    doc = tagged(["18", "-", "25", "серпня"], [("NUM", f"Case=Nom|{CARD}"), ("PUNCT", ""), ("ADJ", ordinal),
                                               ("NOUN", "")], spaces=[False, False, True, False])
    align_digit_numbers(doc)
    assert (doc[0].pos_, str(doc[0].morph)) == ("ADJ", ordinal)
    years = tagged(["2014", "–", "2017", "років"], [("ADJ", "Case=Gen|Gender=Masc|NumType=Ord|Number=Sing"),
                                                    ("PUNCT", ""), ("NUM", f"Case=Nom|{CARD}"), ("NOUN", "")])
    align_digit_numbers(years)
    assert years[2].pos_ == "ADJ" and years[2].morph.get("Case") == ["Gen"]


def test_cardinal_range_ends_share_the_first_case_and_times_are_left_alone():
    doc = tagged(["70", "-", "80", "%"], [("NUM", f"Case=Acc|{CARD}"), ("PUNCT", ""), ("NUM", f"Case=Nom|{CARD}"),
                                          ("SYM", "")])
    align_digit_numbers(doc)
    assert doc[2].morph.get("Case") == ["Acc"]
    clock = tagged(["18", "-", "00"], [("ADJ", "Case=Gen|Gender=Fem|NumType=Ord|Number=Sing"), ("PUNCT", ""),
                                       ("NUM", f"Case=Nom|{CARD}")])
    align_digit_numbers(clock)
    assert clock[2].pos_ == "NUM"


def test_a_range_of_decimals_passes_the_case_on():
    words = ["0", ",", "5", "-", "1", ",", "5", "м"]
    tags = [("NUM", f"Case=Acc|{CARD}"), ("PUNCT", ""), ("NUM", f"Case=Nom|{CARD}"), ("PUNCT", ""),
            ("NUM", f"Case=Nom|{CARD}"), ("PUNCT", ""), ("NUM", f"Case=Gen|{CARD}"), ("NOUN", "")]
    doc = tagged(words, tags, spaces=[False, False, False, False, False, False, True, False])
    align_digit_numbers(doc)
    assert [t.morph.get("Case") for t in doc if t.text.isdigit()] == [["Acc"]] * 4


def test_short_and_untagged_docs():
    align_digit_numbers(tagged(["5"], [("NUM", "")]))
    doc = tagged(["1", "-", "2"], [("", ""), ("", ""), ("", "")])
    align_digit_numbers(doc)
    assert str(doc[2].morph) == ""
