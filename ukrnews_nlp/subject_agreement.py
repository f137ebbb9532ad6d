"""Subjects and objects that their verb's agreement rules out: a check on the graph parser's relations.

The relation scorer labels each arc from the two words' vectors and confuses subject and object more than any other
pair of relations where a noun's nominative and accusative are one form (``метали використовують``, ``сигнали …
глушитиме шум``: UD Ukrainian-IU dev, 48 of its 372 wrong relations on right heads). Ukrainian agreement often
decides it: a finite verb agrees with its subject in number (and in gender in the past singular), and its person
is the subject's; an impersonal ``-но/-то`` form (``закінчено``, ``Person=0``) has no subject at all; and a reflexive
verb (``-ся``/``-сь``) takes no accusative object. In the training trees (zoloto outside UD-IU dev/test and
ParlaMint, their own features) a noun in the nominative or accusative that its verb does not agree with is its
object 1,928 times and its subject 44 (collective quantity nouns such as ``більшість`` with a plural verb,
``хто`` with a plural one, imperatives: left out here); under a reflexive verb such a noun is the subject 1,296
times and an accusative object 23.

:func:`cannot_be_subject` and :func:`cannot_be_object` say where a nominal's relation to its verb is ruled out; the
graph parser then gives the word its best other relation (``ukrnews_nlp.graph_parser``). Both ask the dictionary
whether the word's form has the case the other relation needs, so a clear nominative (``вона``) is never made an
object.
"""
from __future__ import annotations

from typing import NamedTuple

from spacy.strings import StringStore
from spacy.tokens import Token

from .case_roles import NOMINALS, has_reading
from .morphology import lookup_form, parse_form

__all__ = ["QUANTITY_NOUNS", "Facts", "cannot_be_object", "cannot_be_subject", "could_be_subject", "facts", "facts_of",
           "may_not_be_object", "may_not_be_subject"]

#: Nouns of quantity whose subject phrases take a plural verb (``більшість … приймають``: 7 of the training trees'
#: 44 subjects that disagree with their verb; the rest are the same kind of word).
QUANTITY_NOUNS = frozenset({
    "більшість", "меншість", "частина", "решта", "ряд", "низка", "безліч", "кількість", "половина", "третина",
    "чверть", "сотня", "десяток", "тисяча", "мільйон", "мільярд", "дюжина", "маса", "купа", "група"})
#: Pronoun types whose number need not be the verb's (``хто … намагаються``).
_FREE_PRONOUNS = frozenset({"Rel", "Int"})
_REFLEXIVE_ENDINGS = ("ся", "сь")
_GENDER_GRAMMEME = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}


class Facts(NamedTuple):
    """What the agreement checks read of one morphology (UD features string)."""

    number: str | None  # Sing or Plur (not Ptan)
    gender: str | None
    person: str | None
    imperative: bool
    finite: bool
    nominative_or_accusative: bool
    free_pronoun: bool  # a relative or interrogative pronoun


_FACTS: dict[int, Facts] = {}  # morphology hash (the same in every vocab: a hash of the string) → its facts


def facts(morph: int, strings: StringStore) -> Facts:
    """The :class:`Facts` of the morphology with hash ``morph`` (cached)."""
    found = _FACTS.get(morph)
    if found is None:
        features = dict(f.split("=", 1) for f in strings[morph].split("|") if "=" in f) if morph else {}
        number = features.get("Number")
        found = _FACTS[morph] = Facts(
            number if number in ("Sing", "Plur") else None, features.get("Gender"), features.get("Person"),
            features.get("Mood") == "Imp", features.get("VerbForm") == "Fin",
            features.get("Case") in ("Nom", "Acc"), features.get("PronType") in _FREE_PRONOUNS)
    return found


def facts_of(token: Token) -> Facts:
    """The :class:`Facts` of a token's morphology."""
    return facts(token.morph.key, token.vocab.strings)


def _disagree(word: Facts, verb: Facts) -> bool:
    """Number, or (both singular) gender, differs; both must have a number."""
    return word.number is not None and verb.number is not None and (
        word.number != verb.number
        or (word.number == "Sing" and verb.gender is not None and word.gender not in (None, verb.gender)))


def _agree(word: Facts, verb: Facts) -> bool:
    """Number, and (both singular) gender where both have one, are the same."""
    return word.number is not None and word.number == verb.number and not _disagree(word, verb)


def may_not_be_subject(word: Facts, verb: Facts) -> bool:
    """The features' part of :func:`cannot_be_subject` (False: agreement leaves the word a possible subject):
    the verb is impersonal (``Person=0``), or first- or second-person, or disagrees with the word; never under an
    imperative (``дай Бог``) or for a relative or interrogative pronoun (``хто … намагаються``)."""
    if verb.imperative or word.free_pronoun:
        return False
    return (verb.person == "0" or _disagree(word, verb)
            or (verb.person in ("1", "2") and word.number is not None and verb.number is not None))


def may_not_be_object(word: Facts, verb: Facts) -> bool:
    """The features' part of :func:`cannot_be_object` (False: the word may be the verb's object): a finite verb
    that agrees with the word, read as nominative or accusative."""
    return (verb.finite and word.nominative_or_accusative and not verb.imperative and not word.free_pronoun
            and _agree(word, verb))


def _is_quantity_noun(word: Token) -> bool:
    return any(p.normal_form in QUANTITY_NOUNS for p in parse_form(lookup_form(word.text)))


def _candidate(word: Token, verb: Token) -> bool:
    return word.pos_ in NOMINALS and verb.pos_ == "VERB"


def cannot_be_subject(word: Token, verb: Token) -> bool:
    """Whether ``word`` cannot be the subject of ``verb`` (the verb it depends on) while its form can be the object:
    the verb is impersonal (``Person=0``), or disagrees with it in number, in gender (both singular), or in person
    (a noun under a first- or second-person verb), and the dictionary has the form in the accusative. The caller
    leaves out words with conjuncts or numerals of their own (``Іван і Марія``, ``п'ять років``), whose number is the
    phrase's."""
    word_facts, verb_facts = facts_of(word), facts_of(verb)
    if not (may_not_be_subject(word_facts, verb_facts) and _candidate(word, verb)):
        return False
    if verb_facts.person == "0":
        ruled_out = True
    else:
        ruled_out = (word.pos_ != "PRON" and verb_facts.person in ("1", "2")) or (
            _disagree(word_facts, verb_facts) and not _is_acronym(word.text)
            and not _agreeing_nominative(word.text, verb_facts))
    return ruled_out and not _is_quantity_noun(word) and has_reading(word.text, "Acc", word_facts.number)


def _is_acronym(text: str) -> bool:
    """``НАТО``, ``МЗС``: their gender is their full name's (``НАТО надала``), whatever the dictionary says."""
    return len(text) > 1 and text.isupper()


def _agreeing_nominative(form: str, verb: Facts) -> bool:
    """Whether the dictionary has ``form`` in a nominative (or caseless) reading that ``verb`` agrees with in number
    and, in the singular, gender: the tagger may have chosen the other number of a form that has both
    (``випробування``, ``надходження``: singular and plural)."""
    plural_verb = verb.number == "Plur"
    gender = _GENDER_GRAMMEME.get(verb.gender or "")
    for parse in parse_form(lookup_form(form)):
        tag = parse.tag
        if tag.case not in (None, "nomn"):
            continue
        plural = "plur" in tag or "Pltm" in tag
        if plural == plural_verb and (plural or gender is None or tag.gender in (None, gender)):
            return True
    return False


def cannot_be_object(word: Token, verb: Token) -> bool:
    """Whether ``word`` cannot be the object of ``verb`` because the verb is a finite reflexive one (``-ся``,
    ``-сь``) that agrees with it as with its subject, the tagger read it as nominative or accusative (a dative or
    genitive object stays: ``подобалось мені``, ``позбутися бруду``) and the dictionary has the form in the
    nominative."""
    word_facts, verb_facts = facts_of(word), facts_of(verb)
    if not (may_not_be_object(word_facts, verb_facts) and _candidate(word, verb)
            and verb.lower_.endswith(_REFLEXIVE_ENDINGS)):
        return False
    if verb_facts.person in ("1", "2") and word.pos_ != "PRON":
        return False
    return has_reading(word.text, "Nom", word_facts.number)


def could_be_subject(word: Token, verb: Token) -> bool:
    """Whether ``word``, the object of ``verb``, could be its subject instead: a nominal the verb agrees with, in a
    nominative the dictionary has (asked when the verb's subject has been ruled out: the two swap)."""
    word_facts, verb_facts = facts_of(word), facts_of(verb)
    return (_candidate(word, verb) and not verb_facts.imperative and not word_facts.free_pronoun
            and _agree(word_facts, verb_facts) and has_reading(word.text, "Nom", word_facts.number))
