"""spaCy's ``MultiHashEmbed.v2`` built from parts, for first layers that read more than token attributes.

The layers of :mod:`ukrnews_nlp.tensor_features` (the core model's token vectors) and
:mod:`ukrnews_nlp.syntax_features` (its parse) are this layer with another feature extractor or one more input
block; building them here keeps their structure that of spaCy's layer, which :mod:`ukrnews_nlp.embed_fusion`
folds for prediction.
"""
from __future__ import annotations

import numpy
from spacy.ml.staticvectors import StaticVectors
from spacy.tokens import Doc
from thinc.api import HashEmbed, Maxout, Model, Ragged, chain, concatenate, list2ragged, ragged2list, with_array


def mixed_hash_embed(width: int, extractor: Model, rows: list[int], include_static_vectors: bool, *,
                     extra: Model[list[Doc], Ragged] | None = None) -> Model[list[Doc], list[numpy.ndarray]]:
    """Hash embeddings of the id columns ``extractor`` gives (``rows[i]`` rows for column ``i``, spaCy's seeds),
    the static vectors if included, and ``extra`` (a layer giving its ``nO`` numbers a token) if given,
    concatenated in that order and mixed by one maxout layer with layer normalization, as spaCy's layer does."""
    embeddings = [HashEmbed(width, n_rows, column=i, seed=8 + i, dropout=0.0) for i, n_rows in enumerate(rows)]
    parts = [chain(extractor, list2ragged(), with_array(concatenate(*embeddings)))]
    if include_static_vectors:
        parts.append(StaticVectors(width, dropout=0.0))
    if extra is not None:
        parts.append(extra)
    concat_size = width * (len(embeddings) + include_static_vectors) + (extra.get_dim("nO") if extra else 0)
    max_out = with_array(Maxout(width, concat_size, nP=3, dropout=0.0, normalize=True))
    return chain(concatenate(*parts), max_out, ragged2list())


__all__ = ["mixed_hash_embed"]
