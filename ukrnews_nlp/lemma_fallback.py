"""``ukrnews_trainable_lemmatizer``: spaCy's edit-tree lemmatizer, run only where the dictionary cannot help.

The trained edit-tree lemmatizer scores 1,900 edit trees for every token: more arithmetic per token than a
layer of the tok2vec. Its lemma is used only for words the pymorphy3 dictionary does not know (the
``ukrnews_lemmatizer`` component after it replaces every other one). With ``only_unknown`` on, this component
scores just those tokens — words with a letter or digit whose readings are not all dictionary readings — and
leaves the others' lemma for the dictionary lemmatizer. :func:`ukrnews_nlp.load` turns it on when
``ukrnews_lemmatizer`` runs after it (and leaves it off with ``exclude=["ukrnews_lemmatizer"]``); training,
weights and serialization are the stock component's, so a trained ``trainable_lemmatizer`` loads as this one by
its factory name alone.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.pipeline.edit_tree_lemmatizer import DEFAULT_EDIT_TREE_LEMMATIZER_MODEL, EditTreeLemmatizer
from spacy.tokens import Doc
from thinc.api import Model

from .morphology import _WORD_RE, _is_dictionary_parse, lookup_form, parse_form

#: A tree id meaning "not scored: the dictionary lemmatizer decides" (spaCy uses -1 for "no tree applies").
NOT_SCORED = -2


@lru_cache(maxsize=200_000)
def dictionary_may_fail(norm: str) -> bool:
    """Whether the dictionary lemmatizer may leave a token with this NORM to the trained one: it has a letter or
    digit (others get their text as lemma by rule) and not all of its readings come from the dictionary."""
    if not _WORD_RE.search(norm):  # the same test as the dictionary lemmatizer's rule lemmas
        return False
    parses = parse_form(lookup_form(norm))
    return not parses or not all(_is_dictionary_parse(p) for p in parses)


class DictionaryGapLemmatizer(EditTreeLemmatizer):
    """A :class:`spacy.pipeline.EditTreeLemmatizer` that, with ``only_unknown``, predicts only for the tokens
    :func:`dictionary_may_fail` selects (the same lemmas for them, far less work)."""

    only_unknown: bool = False

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        if not self.only_unknown or self.top_k != 1 or not any(len(doc) for doc in docs):
            return super().predict(docs)
        strings = self.vocab.strings
        selected = [numpy.flatnonzero([dictionary_may_fail(strings[norm]) for norm in doc.to_array(NORM)])
                    for doc in docs]
        guesses = [numpy.full(len(doc), NOT_SCORED, dtype="int64") for doc in docs]
        if sum(len(index) for index in selected) == 0:
            return guesses
        listener, output_layer = self.model.layers
        tokvecs = listener.predict(docs)
        rows = [self.model.ops.to_numpy(vecs)[index] for vecs, index in zip(tokvecs, selected, strict=True)]
        scores = self.model.ops.to_numpy(output_layer.predict([numpy.concatenate(rows)])[0])
        best = scores.argmax(axis=1)
        labels = self.cfg["labels"]
        start = 0
        for doc, index, doc_guesses in zip(docs, selected, guesses, strict=True):
            for i in index:
                tree_id = labels[best[start]]
                start += 1
                doc_guesses[i] = tree_id if self.trees.apply(tree_id, doc[int(i)].text) is not None else -1
        return guesses

    def set_annotations(self, docs: Iterable[Doc], batch_tree_ids) -> None:
        for doc, doc_tree_ids in zip(docs, batch_tree_ids, strict=True):
            doc_tree_ids = numpy.asarray(doc_tree_ids)
            if len(doc_tree_ids) != len(doc):
                raise ValueError(f"{len(doc_tree_ids)} tree ids for a doc of {len(doc)} tokens")
            # only the scored tokens: a Token object for each of the others is most of the time otherwise
            for i in numpy.flatnonzero(doc_tree_ids != NOT_SCORED).tolist():
                token, tree_id = doc[i], doc_tree_ids[i]
                if not (self.overwrite or token.lemma == 0):
                    continue
                if tree_id == -1:
                    if self.backoff is not None:
                        token.lemma = getattr(token, self.backoff)
                else:
                    token.lemma_ = self.trees.apply(int(tree_id), token.text)


@Language.factory(
    "ukrnews_trainable_lemmatizer",
    assigns=["token.lemma"],
    default_config={"model": DEFAULT_EDIT_TREE_LEMMATIZER_MODEL, "backoff": "orth", "min_tree_freq": 3,
                    "overwrite": False, "top_k": 1, "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
    default_score_weights={"lemma_acc": 1.0},
)
def make_ukrnews_trainable_lemmatizer(nlp: Language, model: Model, name: str, *, backoff: str | None,
                                      min_tree_freq: int, overwrite: bool, top_k: int,
                                      scorer: Callable | None) -> DictionaryGapLemmatizer:
    """Factory of :class:`DictionaryGapLemmatizer` (the stock ``trainable_lemmatizer`` settings)."""
    return DictionaryGapLemmatizer(nlp.vocab, model, name, backoff=backoff, min_tree_freq=min_tree_freq,
                                   overwrite=overwrite, top_k=top_k, scorer=scorer)


def set_dictionary_gaps_only(nlp: Language) -> Language:
    """Turn ``only_unknown`` on for every :class:`DictionaryGapLemmatizer` followed by ``ukrnews_lemmatizer``,
    off for the others (they lemmatize every token)."""
    names = nlp.pipe_names
    for position, (_, component) in enumerate(nlp.pipeline):
        if isinstance(component, DictionaryGapLemmatizer):
            component.only_unknown = "ukrnews_lemmatizer" in names[position + 1:]
    return nlp


__all__ = ["DictionaryGapLemmatizer", "dictionary_may_fail", "set_dictionary_gaps_only"]
