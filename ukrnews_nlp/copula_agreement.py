"""``ukrnews_copula_agreement``: the number of `є` follows its subject.

`є` ("is", "are") is one form for every number, and UD Ukrainian-IU gives it the number of its subject (`Вони є
членами` → ``Number=Plur``): in the zoloto training sentences 53 of its 188 verb and auxiliary uses are plural.
The form itself says nothing, so the tagger mostly guesses the singular; the parser finds the subject (a dependent
``nsubj`` of the verb, or of the predicate the auxiliary links). This component copies that subject's number
(plural where it has conjuncts). The person stays the tagger's: the treebank gives `є` ``Person=3`` even after
`ми` (186 of its 188 uses). UD-IU dev from raw text: UFeats 93.33 → 93.36.
"""
from __future__ import annotations

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Token

from .morphology import set_feature

#: The invariant present-tense form of `бути`.
COPULA_FORMS = frozenset({"є"})
SUBJECTS = frozenset({"nsubj", "nsubj:pass"})


def subject_of(verb: Token) -> Token | None:
    """The subject the parse gives `є`: its own ``nsubj`` dependent or, for an auxiliary or copula, its head's."""
    clause = verb.head if (verb.pos_ == "AUX" or verb.dep_ == "cop") and verb.head is not verb else verb
    for child in clause.children:
        if child.dep_ in SUBJECTS and child is not verb:
            return child
    return None


def subject_number(subject: Token) -> str | None:
    """The number a verb takes from ``subject``: ``Plur`` or ``Sing``; None where the subject shows none."""
    if any(child.dep_ == "conj" for child in subject.children):
        return "Plur"  # `Іван і Марія є`
    values = subject.morph.get("Number")
    if not values:
        return None
    return "Plur" if values[0] in ("Plur", "Ptan") else "Sing"


class CopulaAgreement:
    """Sets ``Number`` of `є` from its subject (module docstring)."""

    def __init__(self, name: str = "ukrnews_copula_agreement") -> None:
        self.name = name

    @staticmethod
    def _form_hashes(doc: Doc) -> numpy.ndarray:
        return numpy.array([doc.vocab.strings.add(form) for form in COPULA_FORMS], dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP") or not doc.has_annotation("MORPH"):
            return doc
        # the few copula forms found by their hashes in one array read: no Token object for the other words
        lower = doc.to_array(LOWER)
        for i in numpy.flatnonzero(numpy.isin(lower, self._form_hashes(doc))).tolist():
            token = doc[i]
            if token.pos_ not in ("VERB", "AUX") or "Fin" not in token.morph.get("VerbForm"):
                continue
            subject = subject_of(token)
            number = subject_number(subject) if subject is not None else None
            if number is None or token.morph.get("Number") == [number]:
                continue
            set_feature(token, "Number", number)
        return doc


@Language.factory("ukrnews_copula_agreement", assigns=["token.morph"], requires=["token.dep", "token.morph"])
def make_copula_agreement(nlp: Language, name: str) -> CopulaAgreement:
    """Factory of :class:`CopulaAgreement` (no settings)."""
    return CopulaAgreement(name)


__all__ = ["COPULA_FORMS", "CopulaAgreement", "make_copula_agreement", "subject_number", "subject_of"]
