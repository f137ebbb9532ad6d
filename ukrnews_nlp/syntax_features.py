"""The core model's dependency parse as an input feature of a later model (the NER model's tok2vec).

``ukrnews.MultiHashEmbedWithSyntax.v1`` is spaCy's ``MultiHashEmbed.v2`` (hash embeddings of token attributes
plus static vectors, mixed by one maxout layer) with one more hashed column: each token's relation to its head,
the head's side and the head's part of speech (``nmod`` under a ``NOUN`` to its left, ``flat:name`` under a
``PROPN``…). Such a key says whether a word continues the phrase before it, which is where the edges of long
organisation names (``Державного фонду регіонального розвитку``) are decided.

Training corpora keep no parse (with one, spaCy's reader would split each chunk into sentences), so ``ukrnews-nlp
train ner`` computes the keys from the analysed docs and keeps them in ``doc.user_data`` (:data:`SYNTAX_KEY`),
which this layer reads before the parse. At run time the keys come from the core model's parse: a model trained
on one core model's parses should be retrained when the core model is.
"""
from __future__ import annotations

import numpy
from spacy import registry
from spacy.attrs import DEP, HEAD, POS
from spacy.tokens import Doc
from thinc.api import Model

from .errors import Errors, ModelError
from .hash_embed import mixed_hash_embed

#: ``doc.user_data`` key of a training doc's saved syntax keys (one uint64 a token).
SYNTAX_KEY = "ukrnews_syntax"
#: Name of the feature layer (the name spaCy's extractor has, so that ``embed_fusion`` folds this layer too).
FEATURES_LAYER = "extract_features"

# Odd multipliers mixing the three ids into one 64-bit key (the hash embedding hashes it again).
_DEP_FACTOR = numpy.uint64(0x9E3779B97F4A7C15)
_SIDE_FACTOR = numpy.uint64(0xC2B2AE3D27D4EB4F)


def syntax_keys(doc: Doc) -> numpy.ndarray:
    """One key per token of ``doc``: its dependency label, whether its head is before it, after it or itself,
    and the head's UPOS. Saved keys (:data:`SYNTAX_KEY`) come first; a doc with tokens but neither is refused
    (:class:`ModelError` E113) rather than read as a doc without relations."""
    saved = doc.user_data.get(SYNTAX_KEY)
    if saved is not None:
        keys = numpy.asarray(saved, dtype="uint64")
        if keys.shape != (len(doc),):
            raise ModelError(Errors.E112.format(shape=tuple(keys.shape), tokens=len(doc)))
        return keys
    if not len(doc):
        return numpy.zeros(0, dtype="uint64")
    if not doc.has_annotation("DEP"):
        raise ModelError(Errors.E113.format(tokens=len(doc)))
    array = doc.to_array([DEP, HEAD, POS]).astype("int64")
    offsets = array[:, 1]
    heads = numpy.arange(len(doc)) + offsets
    side = numpy.sign(offsets) + 1  # 0: head before, 1: root, 2: head after
    with numpy.errstate(over="ignore"):
        return (array[:, 0].astype("uint64") * _DEP_FACTOR
                + side.astype("uint64") * _SIDE_FACTOR
                + array[heads, 2].astype("uint64"))


def save_syntax_keys(doc: Doc) -> None:
    """Keep the keys of ``doc``'s parse in its ``user_data`` (for a corpus that stores no parse)."""
    doc.user_data[SYNTAX_KEY] = syntax_keys(doc).tolist()


def syntax_feature_extractor(columns: list[str]) -> Model[list[Doc], list[numpy.ndarray]]:
    """spaCy's ``FeatureExtractor`` of ``columns`` with the syntax key as one more, last column."""
    return Model(FEATURES_LAYER, _extract_forward, attrs={"columns": columns})


def _extract_forward(model: Model, docs: list[Doc], is_train: bool):
    columns = model.attrs["columns"]
    features = []
    for doc in docs:
        attrs = doc.to_array(columns).reshape((len(doc), len(columns))).astype("uint64")
        features.append(model.ops.asarray2i(numpy.column_stack([attrs, syntax_keys(doc)]), dtype="uint64"))
    return features, lambda d_features: []


@registry.architectures("ukrnews.MultiHashEmbedWithSyntax.v1")
def multi_hash_embed_with_syntax(width: int, attrs: list[str], rows: list[int], include_static_vectors: bool,
                                 syntax_rows: int) -> Model[list[Doc], list[numpy.ndarray]]:
    """spaCy's ``MultiHashEmbed.v2`` whose hashed columns end with the syntax key (:func:`syntax_keys`,
    ``syntax_rows`` rows), before the static vectors and the maxout."""
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
    return mixed_hash_embed(width, syntax_feature_extractor(attrs), [*rows, syntax_rows], include_static_vectors)


__all__ = ["SYNTAX_KEY", "multi_hash_embed_with_syntax", "save_syntax_keys", "syntax_feature_extractor",
           "syntax_keys"]
