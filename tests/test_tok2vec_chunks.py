"""A tok2vec run over chunks of a batch gives the vectors of one pass over the whole batch."""
from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.pipeline import Tok2Vec
from spacy.tokens import Doc

from ukrnews_nlp.errors import UserError
from ukrnews_nlp.tok2vec_chunks import ChunkedTok2Vec, doc_chunks

from .conftest import EXAMPLES, docs_before


def test_chunks_are_consecutive_whole_documents_within_the_limit():
    vocab = spacy.blank("uk").vocab
    docs = [Doc(vocab, words=["x"] * n) for n in (3, 4, 0, 2, 9, 1)]
    chunks = list(doc_chunks(docs, 6))
    assert [[len(d) for d in chunk] for chunk in chunks] == [[3], [4, 0, 2], [9], [1]]
    assert [d for chunk in chunks for d in chunk] == docs
    assert list(doc_chunks([], 6)) == []


@pytest.mark.parametrize("name", ["tok2vec", "ner_tok2vec"])
def test_same_vectors_as_one_pass(float_nlp, name):
    tok2vec = float_nlp.get_pipe(name)
    assert isinstance(tok2vec, ChunkedTok2Vec)
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))] + ["", "Так."]
    docs = docs_before(float_nlp, name, texts)
    whole = Tok2Vec.predict(tok2vec, docs)
    limit = tok2vec.max_chunk_tokens
    try:
        tok2vec.max_chunk_tokens = max(len(doc) for doc in docs) // 2  # several chunks, one doc over the limit
        chunked = tok2vec.predict(docs)
    finally:
        tok2vec.max_chunk_tokens = limit
    assert [v.shape for v in chunked] == [v.shape for v in whole] == [(len(d), v.shape[1]) for d, v in
                                                                      zip(docs, whole, strict=True)]
    for a, b in zip(chunked, whole, strict=True):
        numpy.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_bad_chunk_size_is_refused():
    nlp = spacy.blank("uk")
    with pytest.raises(UserError, match="max_chunk_tokens"):
        nlp.add_pipe("ukrnews_tok2vec", config={"max_chunk_tokens": 0})
