"""Command-line interface: thin argument parsing over the library's modules.

Sub-commands of ``evaluate`` and ``train`` live in their own modules, registered below by name. Each such
module defines ``configure_parser(parser: argparse.ArgumentParser) -> None`` and
``run(args: argparse.Namespace) -> int``; importing happens only when the sub-command is used.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .errors import UserError

#: ``ukrnews-nlp evaluate NAME`` → module implementing it.
EVALUATIONS: dict[str, tuple[str, str]] = {
    "ud": ("ukrnews_nlp.evaluation.ud", "tokens, sentences, UPOS, UFeats, lemmas, UAS, LAS on UD Ukrainian-IU"),
    "bruk": ("ukrnews_nlp.evaluation.bruk", "lemma and POS accuracy on the BRUK test files"),
    "ner": ("ukrnews_nlp.evaluation.ner", "entity P/R/F1 per type on NER-UK TEST"),
    "quotes": ("ukrnews_nlp.evaluation.quotes", "quote detection and attribution on quotes-uk-dev"),
}
#: ``ukrnews-nlp train NAME`` → module implementing it.
TRAININGS: dict[str, tuple[str, str]] = {
    "core": ("ukrnews_nlp.training.core", "tagger, parser and lemmatizer on UD-IU (zoloto) data"),
    "ner": ("ukrnews_nlp.training.ner", "named-entity recognizer on NER-UK 2.0 DEV"),
}
