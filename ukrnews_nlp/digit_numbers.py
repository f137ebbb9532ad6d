"""Numbers written in digits that the tokenizer splits: one number to UD Ukrainian-IU, one case.

A decimal fraction (``0,26`` → ``0`` ``,`` ``26``) and a range (``2014–2017 років`` → ``2014`` ``–`` ``2017``) are
tagged word by word, and the tagger often gives the second part another case than the first, or a cardinal
``NUM`` beside an ordinal ``ADJ`` (``2017``-``18`` ``років``). In UD-IU both parts always agree (zoloto outside
dev/test: the fraction has the integer's case in 91 decimals of 91; the two ends of a range have one part of speech
and case in 81 ranges of 83, the other two being clock times, ``18-00``). :func:`align_digit_numbers` makes them
agree: a fraction takes its integer's case; a range's ends take the ordinal's label where one end is an ordinal
adjective and the other a cardinal, and otherwise the second end takes the first one's case.
"""
from __future__ import annotations

import numpy
from spacy.attrs import IS_DIGIT
from spacy.tokens import Doc, Token

#: Dashes between the two ends of a range of numbers.
RANGE_DASHES = frozenset({"-", "–", "—"})


def _copy_case(source: Token, target: Token) -> None:
    """Give ``target`` the case of ``source`` (when both have one and they differ)."""
    case = source.morph.get("Case")
    if case and target.morph.get("Case") and target.morph.get("Case") != case:
        feats = target.morph.to_dict()
        feats["Case"] = case[0]
        target.set_morph(feats)


def _copy_label(source: Token, target: Token) -> None:
    """Give ``target`` the part of speech and features of ``source``."""
    target.pos_ = source.pos_
    target.set_morph(source.morph.to_dict() or None)


def align_digit_numbers(doc: Doc, digits: numpy.ndarray | None = None) -> None:
    """Make the parts of decimal fractions and ranges written in digits agree (see the module docstring).
    ``digits``: the doc's IS_DIGIT column, if read."""
    if len(doc) < 3:
        return
    digits = (doc.to_array([IS_DIGIT]) if digits is None else digits).astype(bool)
    # left to right, so that a range of decimals (``0,5-1,5``) passes each case on in order
    for i in numpy.flatnonzero(digits[:-2] & digits[2:]).tolist():
        first, middle, second = doc[i], doc[i + 1], doc[i + 2]
        if middle.text == "," and not first.whitespace_ and not middle.whitespace_:
            _copy_case(first, second)
        elif middle.text in RANGE_DASHES and not second.text.startswith("0"):
            if first.pos_ == "ADJ" and second.pos_ == "NUM" and first.morph.get("NumType") == ["Ord"]:
                _copy_label(first, second)
            elif first.pos_ == "NUM" and second.pos_ == "ADJ" and second.morph.get("NumType") == ["Ord"]:
                _copy_label(second, first)
            elif first.pos_ == second.pos_:
                _copy_case(first, second)
