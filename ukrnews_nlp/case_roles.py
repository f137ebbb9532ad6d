"""``ukrnews_case_roles``: nominative or accusative, decided by the parser's subject and object arcs.

Many Ukrainian forms are the same in the nominative and the accusative (``злочин``, ``фарби``, ``нові``); the
tagger tells them apart from a few words of context and confuses them more than any other pair of feature
values (UD Ukrainian-IU dev: ``Case`` is wrong on 621 tokens, 250 of them Nom↔Acc). The parser sees the whole
clause: where it makes a word the subject (``nsubj``, ``nsubj:pass``: nominative) or the object (``obj``:
accusative) and the tagger gave the other of the two cases, the case follows the parser, on the word and on the
words that agree with it (``amod``, ``det``, ``nummod``) and on its conjuncts, provided the dictionary has that
form in that case and number. On UD-IU dev (gold tokens) the parser is right in 70 of the 92 disagreements
where this applies. A numeral or quantifier that governs its noun (``nummod:gov``, ``det:numgov``: ``14 кролів``)
takes the case of the noun's role too, as UD-IU gives the phrase's case to it (numbers in digits have every case).
"""
from __future__ import annotations

from spacy.attrs import MORPH
from spacy.language import Language
from spacy.tokens import Doc, Token

from .morphology import lookup_form, parse_form, set_feature

#: Dependency relation of a nominal → the case its role implies.
ROLE_CASE: dict[str, str] = {"nsubj": "Nom", "nsubj:pass": "Nom", "obj": "Acc"}
#: The two cases this component chooses between.
SWITCHABLE = frozenset({"Nom", "Acc"})
#: Relations of words that agree in case with their nominal head; a numeral or quantifier that governs its noun's
#: genitive (``nummod:gov``, ``det:numgov``: ``14 кролів``) carries the case of the phrase, as the noun's role gives
#: it (zoloto outside dev/test: with an object noun 115 of 133 accusative, with a subject 62 of 67 nominative).
AGREEING = frozenset({"amod", "det", "nummod", "nummod:gov", "det:numgov"})
NOMINALS = frozenset({"NOUN", "PROPN", "PRON"})
VERBS = frozenset({"VERB", "AUX"})
SUBJECTS = frozenset({"nsubj", "nsubj:pass", "csubj"})
_CASE_GRAMMEME = {"Nom": "nomn", "Acc": "accs"}


def verb_agreement(nominal: Token) -> bool | None:
    """Whether the verb ``nominal`` depends on agrees with it in number (and gender where both have one), as a
    subject's verb does; ``None`` when the head is no verb or has no number (infinitives, ``-но/-то`` forms)."""
    verb = nominal.head
    if verb.pos_ not in VERBS or verb is nominal:
        return None
    verb_morph, morph = verb.morph, nominal.morph  # (each ``.morph`` makes a new object)
    verb_number, number = verb_morph.get("Number"), morph.get("Number")
    if not verb_number or not number:
        return None
    if verb_number != number:
        return False
    verb_gender, gender = verb_morph.get("Gender"), morph.get("Gender")
    return not (verb_gender and gender and verb_gender != gender)


def role_case(token: Token) -> str | None:
    """The case the parser's arcs imply for ``token`` (``None`` when they imply none or the verb's agreement
    contradicts them: an "object" the verb agrees with while the verb has no subject, a "subject" it does not
    agree with)."""
    nominal = token
    if token.dep_ in AGREEING and token.head.pos_ in NOMINALS:
        nominal = token.head
    for _ in range(len(token.doc)):  # a conjunct takes the role of the first one (``Іван і Марія прийшли``)
        if nominal.dep_ != "conj" or nominal.head is nominal:
            break
        nominal = nominal.head
    if nominal.pos_ not in NOMINALS:
        return None
    case = ROLE_CASE.get(nominal.dep_)
    agrees = verb_agreement(nominal) if case else None
    if case == "Nom" and agrees is False:
        return None
    if case == "Acc" and agrees and not any(c.dep_ in SUBJECTS for c in nominal.head.children):
        return None
    return case


def has_reading(form: str, case: str, number: str | None) -> bool:
    """Whether the dictionary knows ``form`` in ``case`` (and in ``number``, when given)."""
    case_g = _CASE_GRAMMEME[case]
    for parse in parse_form(lookup_form(form)):
        tag = parse.tag
        plural = "plur" in tag or "Pltm" in tag  # the Ukrainian dictionary marks plural forms only
        if case_g in tag and (number is None or plural == (number == "Plur")):
            return True
    return False


class CaseRoles:
    """Sets ``Case`` to Nom or Acc by the parser's arcs where the tagger chose the other one."""

    def __init__(self, name: str = "ukrnews_case_roles") -> None:
        self.name = name
        self._case_of: dict[int, str | None] = {}  # morphology hash → its single switchable case, if any

    def _switchable_case(self, doc: Doc, morph: int) -> str | None:
        case = self._case_of.get(morph, "")
        if case == "":
            cases = [f[5:] for f in doc.vocab.strings[morph].split("|") if f.startswith("Case=")] if morph else []
            case = self._case_of[morph] = cases[0] if len(cases) == 1 and cases[0] in SWITCHABLE else None
        return case

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP") or not doc.has_annotation("MORPH"):
            return doc
        # the tokens' morphology hashes in one array read; a Token object only for Nom or Acc words
        for i, morph in enumerate(doc.to_array(MORPH).tolist()):
            predicted = self._switchable_case(doc, morph)
            if predicted is None:
                continue
            token = doc[i]
            wanted = role_case(token)
            if wanted is None or wanted == predicted:
                continue
            number = token.morph.get("Number")
            # a number in digits has every case; a word the dictionary lacks in that case keeps the tagger's
            if not token.is_digit and not has_reading(token.text, wanted, number[0] if number else None):
                continue
            set_feature(token, "Case", wanted)
        return doc


@Language.factory("ukrnews_case_roles", assigns=["token.morph"], requires=["token.dep", "token.morph"])
def make_case_roles(nlp: Language, name: str) -> CaseRoles:
    """Factory of :class:`CaseRoles` (no settings)."""
    return CaseRoles(name)


__all__ = ["CaseRoles", "ROLE_CASE", "has_reading", "make_case_roles", "role_case"]
