"""doc_text gives doc.text without rebuilding it, and never a stale text."""
from __future__ import annotations

import gc

import spacy
from spacy.tokens import Doc

import ukrnews_nlp
from ukrnews_nlp import doc_text as module
from ukrnews_nlp.doc_text import doc_text


def test_the_tokenizers_input_is_the_docs_text():
    nlp = ukrnews_nlp.load(models=False)
    text = "Він сказав:  «Ми  прийдемо о 17:00»,\n\n— і пішов. 5 244 190 грн :)"
    doc = nlp(text)
    assert doc_text(doc) is text and doc.text == text
    with doc.retokenize() as retokenizer:  # merging keeps the text
        retokenizer.merge(doc[0:2])
    assert doc_text(doc) == doc.text == text


def test_a_doc_the_tokenizer_did_not_make_is_rebuilt_from_its_tokens():
    vocab = spacy.blank("uk").vocab
    doc = Doc(vocab, words=["Київ", ",", "Львів"], spaces=[False, True, False])
    assert doc_text(doc) == "Київ, Львів"
    assert doc_text(doc.copy()) == "Київ, Львів"


def test_texts_go_with_their_docs():
    nlp = ukrnews_nlp.load(models=False)
    gc.collect()  # Docs of earlier tests left in reference cycles go now, not during the count below
    before = len(module._TEXTS)
    doc = nlp("Текст, який зникне.")
    assert len(module._TEXTS) == before + 1
    del doc
    gc.collect()
    assert len(module._TEXTS) == before
