"""The text of a Doc without rebuilding it from its tokens each time.

``Doc.text`` joins every token's text and whitespace, a Python ``Token`` object each: 0.13 s on the 560 NER-UK 2.0
texts, and the entity rules, the quote component and the record writer each ask for it. The tokenizer gives
the text it was called with to :func:`remember_text`; spaCy's tokenizers are lossless and retokenizing keeps the
text, so that string stays the Doc's text. The Doc is held weakly: the entry goes with it.
"""
from __future__ import annotations

import weakref

from spacy.tokens import Doc

_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def remember_text(doc: Doc, text: str) -> Doc:
    """Note ``text`` as the text of ``doc`` (the string it was tokenized from); returns ``doc``."""
    _TEXTS[doc] = text
    return doc


def doc_text(doc: Doc) -> str:
    """``doc.text``: the tokenizer's input where :func:`remember_text` noted it (a Doc built from words, a copy or
    a deserialized Doc: rebuilt from the tokens, once)."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text
