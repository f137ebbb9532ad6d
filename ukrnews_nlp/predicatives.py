"""``ukrnews_predicatives``: an instrumental noun or adjective after `стати`, `вважати`, `називати`… is its
verb's predicative complement (``xcomp:pred``), not an oblique.

`стати ключем`, `називають біоміметикою`, `виглядає цілком реальною`: UD Ukrainian-IU labels the bare
instrumental that such a verb predicates of its subject or object ``xcomp:pred``; a bare instrumental is
otherwise mostly an oblique (`їхати потягом`), and the parser labels some of these complements so (UD-IU dev:
13 of the parser's ``obl`` arcs are gold ``xcomp``, on the right head). In the core model's training trees
(zoloto, ParlaMint) the verbs of :data:`PREDICATIVE_VERBS` take a bare instrumental nominal as ``xcomp`` 185 times
and as ``obl`` 12 times. The component relabels such an ``obl`` arc (the head and the word stay); UD-IU dev from
raw text: 14 arcs changed, LAS +0.07.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import DEP
from spacy.language import Language
from spacy.tokens import Doc, Token

#: Verbs (lemmas) whose bare instrumental complement is predicative: link verbs and verbs of naming, deeming,
#: appointing, with their aspect partners (training trees: `стати` 61 ``xcomp`` / 2 ``obl``, `вважати` 20 / 1,
#: `називати` 17 / 2, `виявитися` 12 / 0…).
PREDICATIVE_VERBS = frozenset({
    "стати", "ставати", "зробитися", "робитися", "виявитися", "виявлятися", "здаватися", "видаватися", "видатися",
    "виглядати", "залишитися", "залишатися", "вважатися", "називатися", "вважати", "називати", "назвати",
    "слугувати", "послугувати", "працювати", "призначити", "призначати", "обрати", "обирати",
})
NOMINALS = frozenset({"NOUN", "PROPN", "ADJ", "PRON", "DET"})
VERBS = frozenset({"VERB", "AUX"})
PREDICATIVE_LABEL = "xcomp:pred"


def tokens_labelled(doc: Doc, label: str) -> Iterator[Token]:
    """The tokens of ``doc`` whose relation is ``label`` (the relation rules' candidates; none in an unparsed doc):
    one array read, Token objects only for those."""
    if not doc.has_annotation("DEP"):
        return
    wanted = doc.vocab.strings.add(label)
    for i, dep in enumerate(doc.to_array(DEP).tolist()):
        if dep == wanted:
            yield doc[i]


class Predicatives:
    """Relabels a predicative instrumental attached as ``obl`` (see the module docstring)."""

    def __init__(self, name: str = "ukrnews_predicatives") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for token in tokens_labelled(doc, "obl"):
            head = token.head
            if (token.pos_ in NOMINALS and head.pos_ in VERBS and head.lemma_.lower() in PREDICATIVE_VERBS
                    and "Ins" in token.morph.get("Case") and not any(c.dep_ == "case" for c in token.children)):
                token.dep_ = PREDICATIVE_LABEL
        return doc


@Language.factory("ukrnews_predicatives", assigns=["token.dep"],
                  requires=["token.dep", "token.pos", "token.morph", "token.lemma"])
def make_predicatives(nlp: Language, name: str) -> Predicatives:
    """Factory of :class:`Predicatives` (no settings)."""
    return Predicatives(name)


__all__ = ["PREDICATIVE_VERBS", "Predicatives", "make_predicatives", "tokens_labelled"]
