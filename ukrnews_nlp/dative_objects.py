"""``ukrnews_dative_objects``: a dative argument with no direct object or clausal complement beside it is the
verb's object (``obj``), not an indirect object.

UD Ukrainian-IU makes the sole dative argument of a verb its object (`допомагати людям`, `заважати сусідам`) and
keeps ``iobj`` for a dative beside an object (`дати людям хліб`) or a clause (`сказати людям, що…`). In the core
model's training trees (zoloto outside UD-IU dev/test, ParlaMint train) a dative ``obj``/``iobj`` with no ``obj``,
``ccomp`` or ``xcomp`` sibling is ``obj`` 394 times and ``iobj`` 117 times; the parser still labels some of them
``iobj`` (UD-IU dev, gold words: 11 such arcs on the right head are gold ``obj``, 1 is ``iobj``). The component
relabels such an ``iobj`` arc ``obj`` (the head and the word stay).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .predicatives import tokens_labelled

#: Relations of a sibling that make a dative the indirect object (compared without subtype).
OBJECT_SIBLINGS = frozenset({"obj", "ccomp", "xcomp"})


class DativeObjects:
    """Relabels a sole dative ``iobj`` as ``obj`` (see the module docstring)."""

    def __init__(self, name: str = "ukrnews_dative_objects") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for token in tokens_labelled(doc, "iobj"):
            if "Dat" in token.morph.get("Case") and not any(
                    c.i != token.i and c.dep_.split(":", 1)[0] in OBJECT_SIBLINGS for c in token.head.children):
                token.dep_ = "obj"
        return doc


@Language.factory("ukrnews_dative_objects", assigns=["token.dep"], requires=["token.dep", "token.morph"])
def make_dative_objects(nlp: Language, name: str) -> DativeObjects:
    """Factory of :class:`DativeObjects` (no settings)."""
    return DativeObjects(name)


__all__ = ["OBJECT_SIBLINGS", "DativeObjects", "make_dative_objects"]
