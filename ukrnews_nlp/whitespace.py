"""``ukrnews_whitespace``: whitespace tokens (paragraph breaks) marked as such once the models have run.

Our tokenizer keeps a line break between paragraphs as a token of its own, as spaCy does. The models never saw one
in training (treebank sentences have no whitespace tokens), so the tagger gives it some label (``NOUN``…) and the
parser some relation. The NER model was trained on text analysed that way and reads the tagger's labels, so they
stay until every model has run; this last component then gives every whitespace token ``SPACE``, no features and
its own text as lemma, and in a parsed doc takes it out of the tree: its dependents go to its head, a whitespace
root gives way to its largest word dependent, and the whitespace token hangs on the sentence's root as ``dep``.
(The same tree changes made before the NER model, in ``ukrnews_punct_heads``, lowered the NER model's micro
PER/LOC/ORG on the NER-UK 2.0 validation part from 88.90 to 88.85: the rule components between read the tree.)
"""
from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span


class WhitespaceTokens:
    """Sets ``pos_ = "SPACE"``, no morphology, ``lemma_ = text`` and, in a parsed doc, ``dep_ = "dep"`` on every
    whitespace token."""

    def __init__(self, name: str = "ukrnews_whitespace") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist()
        if not spaces:
            return doc
        for i in spaces:
            token = doc[i]
            token.pos_ = "SPACE"
            token.set_morph(None)
            token.lemma_ = token.text
        if doc.has_annotation("DEP"):
            # the sentences holding whitespace, from one array read (``token.sent`` walks back to each start),
            # all taken before any tree changes
            starts = doc.to_array(SENT_START)
            starts[0] = 1
            bounds = numpy.flatnonzero(starts == 1)
            ends = [*bounds[1:].tolist(), len(doc)]
            for k in numpy.unique(numpy.searchsorted(bounds, spaces, side="right") - 1).tolist():
                _detach_whitespace(doc[int(bounds[k]):ends[k]])
        return doc


def _detach_whitespace(sent: Span) -> None:
    """Whitespace tokens of a parsed sentence: none the root (its largest word dependent takes over), none with
    dependents (they go to its head), each on the sentence's root with the relation ``dep``."""
    root = next((t for t in sent if t.head.i == t.i), None)
    if root is None:
        return
    if root.is_space:
        words = [t for t in root.children if not t.is_space and not t.is_punct] or \
            [t for t in root.children if not t.is_space]
        if not words:
            return
        new_root = max(words, key=lambda t: (t.right_edge.i - t.left_edge.i, -t.i))
        for child in list(root.children):
            if child.i != new_root.i:
                child.head = new_root
        new_root.head = new_root
        new_root.dep_ = "ROOT"
        root.head = new_root
        root = new_root
    for token in sent:
        if not token.is_space or token.i == root.i:
            continue
        for child in list(token.children):
            child.head = token.head
        token.head = root
        token.dep_ = "dep"


@Language.factory("ukrnews_whitespace", assigns=["token.pos", "token.morph", "token.lemma", "token.dep"])
def make_whitespace_tokens(nlp: Language, name: str) -> WhitespaceTokens:
    """Factory of :class:`WhitespaceTokens` (no settings)."""
    return WhitespaceTokens(name)


__all__ = ["WhitespaceTokens", "make_whitespace_tokens"]
