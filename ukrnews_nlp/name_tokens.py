"""``ukrnews_name_tokens``: the words of a person's name written in lower case are a name's words.

Since 2022 much Ukrainian news writes some names in lower case (``путін``, ``речниця мзс рф марія захарова``). The
tagger learnt proper nouns from text that capitalizes them, so such words get a common part of speech and, where
the form is also a common word's, its lemma (``соловйов`` ADV, ``захарова`` ADJ with the lemma ``захарів``). Once
the NER model and the entity rules have found the person, this component gives each word of a lower-case PER
entity (whose words the dictionary knows, one of them as a name) the part of speech PROPN and, as its lemma, the
matching word of the entity's normal form (``Span._.normal``: ``марією захаровою`` → ``марія``, ``захарова``), in
lower case as written. Capitalized names are left as the tagger and the lemmatizer made them (UD Ukrainian-IU's
figures do not move), and so is an entity whose normal form does not have one word per word of the mention.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from .entities import PERSON_LABELS
from .entity_rules import _NAME_GRAMMEMES, _text_info


def _looks_like_name(words: list[Token]) -> bool:
    """Every word is known to the dictionary and one of them as a name (``соловйов``, ``марією``): the NER model's
    lower-case persons that are not (an accented ``плато́``, which the dictionary does not know) stay as tagged."""
    infos = [_text_info(t.text) for t in words]
    return all(known for known, *_ in infos) and any(grammemes & _NAME_GRAMMEMES for _, _, grammemes, _ in infos)


class NameTokens:
    """Sets PROPN and the normal form's words on lower-case person names (see the module docstring)."""

    def __init__(self, name: str = "ukrnews_name_tokens") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for ent in doc.ents:
            if ent.label_ not in PERSON_LABELS or not ent.text[:1].islower():
                continue
            words = [t for t in ent if not t.is_punct and not t.is_space]
            normal = ent._.normal.split()
            if len(normal) != len(words) or not all(w[:1].islower() for w in normal) or not _looks_like_name(words):
                continue
            for token, lemma in zip(words, normal, strict=True):
                features = token.morph.to_dict()
                if "Degree" in features:   # an adjective's reading (``захарова``): a noun has no degree
                    del features["Degree"]
                    token.set_morph(features)
                token.pos_ = "PROPN"
                token.lemma_ = lemma
        return doc


@Language.factory("ukrnews_name_tokens", assigns=["token.pos", "token.lemma"], requires=["doc.ents"])
def make_name_tokens(nlp: Language, name: str) -> NameTokens:
    """PROPN and the normal form's words as lemmas for lower-case person names (``путіним`` → ``путін``)."""
    return NameTokens(name)


__all__ = ["NameTokens", "make_name_tokens"]
