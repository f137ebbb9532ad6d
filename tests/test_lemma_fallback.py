"""The edit-tree lemmatizer scores only the words the dictionary lemmatizer leaves to it, with the same lemmas."""
from __future__ import annotations

import pytest

import ukrnews_nlp
from ukrnews_nlp.lemma_fallback import DictionaryGapLemmatizer, dictionary_may_fail

TEXT = ("Лукашенко заявив, що Шмигалюк і Кряквобраз прибули до Києва 12 березня 2024 року. "
        "«Ми готові», — сказала пані Йора на брифінгу в Бахмуті, https://example.com.")


@pytest.mark.parametrize(("norm", "expected"), [
    ("києва", False), ("заявив", False), (",", False), ("—", False), ("«", False),
    ("кряквобраз", True), ("2024", True), ("https://example.com", True),
])
def test_which_words_the_dictionary_may_leave_to_the_model(norm, expected):
    assert dictionary_may_fail(norm) is expected


def test_same_lemmas_as_scoring_every_token(nlp):
    lemmatizer = nlp.get_pipe("trainable_lemmatizer")
    assert isinstance(lemmatizer, DictionaryGapLemmatizer) and lemmatizer.only_unknown
    docs = list(nlp.pipe([TEXT, TEXT.lower()]))
    lemmatizer.only_unknown = False
    try:
        full = list(nlp.pipe([TEXT, TEXT.lower()]))
    finally:
        lemmatizer.only_unknown = True
    for fast, slow in zip(docs, full, strict=True):
        assert [t.lemma_ for t in fast] == [t.lemma_ for t in slow]
    assert all(token.lemma_ for doc in docs for token in doc)


def test_scores_every_token_without_the_dictionary_lemmatizer():
    nlp = ukrnews_nlp.load(models=["core"], exclude=["ukrnews_lemmatizer"])
    lemmatizer = nlp.get_pipe("trainable_lemmatizer")
    assert not lemmatizer.only_unknown
    doc = nlp(TEXT)
    assert all(token.lemma_ for token in doc)  # known words too: nothing is left for a later component
    assert doc[1].lemma_ == "заявити"


def test_unscored_tokens_keep_an_empty_lemma_for_the_dictionary(nlp):
    lemmatizer = nlp.get_pipe("trainable_lemmatizer")
    doc = nlp.make_doc("Києва і Кряквобраз")
    for name, component in nlp.pipeline:
        if name == "trainable_lemmatizer":
            break
        doc = component(doc)
    doc = lemmatizer(doc)
    assert doc[0].lemma_ == "" and doc[1].lemma_ == ""  # the dictionary lemmatizer decides these
    assert doc[2].lemma_ != ""


def test_the_core_model_loads_with_spacy_after_registration():
    import spacy

    from ukrnews_nlp.pipeline import default_models_dir, register_components

    register_components()
    core = spacy.load(default_models_dir() / "core", exclude=["tokenizer"])
    assert isinstance(core.get_pipe("trainable_lemmatizer"), DictionaryGapLemmatizer)
    assert not core.get_pipe("trainable_lemmatizer").only_unknown  # no dictionary lemmatizer follows it here
