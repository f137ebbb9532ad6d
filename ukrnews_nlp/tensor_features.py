"""The core model's token vectors as input features of a later model (the NER model's tok2vec).

The core model's ``tok2vec`` (pretrained on raw text, trained for tags and trees) leaves its output in
``doc.tensor``. A later model can read it instead of computing as much context itself:
``ukrnews.MultiHashEmbedWithTensor.v1`` is spaCy's ``MultiHashEmbed.v2`` (hash embeddings of token attributes
plus static vectors, mixed by one maxout layer) with ``doc.tensor`` as one more block of the maxout's input.
No gradient flows back into the tensor: the core model is trained and frozen before.

Training corpora keep no tensors (spaCy's ``DocBin`` drops them), so ``ukrnews-nlp train ner`` saves them
beside each corpus (:func:`save_tensors`) and its corpus reader puts them back (:func:`load_tensors`,
in ``doc.user_data``, which this layer reads before ``doc.tensor``).
At run time the tensor is the core model's: a model trained on one core model's tensors must be retrained
when the core model is.
"""
from __future__ import annotations

from pathlib import Path

import numpy
from spacy import registry
from spacy.ml.featureextractor import FeatureExtractor
from spacy.tokens import Doc
from thinc.api import Model, Ragged

from .errors import Errors, ModelError
from .hash_embed import mixed_hash_embed

#: Name of the layer that reads ``doc.tensor`` (``embed_fusion`` looks for it).
DOC_TENSOR_LAYER = "doc_tensor"
#: ``doc.user_data`` key that holds a training doc's saved core tensor. Training docs cannot carry it in
#: ``doc.tensor``: spaCy's tok2vec listeners read ``doc.tensor`` when they initialize and would take the core
#: model's width for their own.
SAVED_TENSOR_KEY = "ukrnews_core_tensor"


def doc_tensor(width: int) -> Model[list[Doc], Ragged]:
    """A layer giving each doc's ``doc.tensor`` (tokens × ``width``) as one ragged array; no gradient."""
    return Model(DOC_TENSOR_LAYER, _doc_tensor_forward, dims={"nO": width})


def tensors_of(docs: list[Doc], width: int) -> list[numpy.ndarray]:
    """Each doc's tensor, checked: one row of ``width`` numbers per token (else :class:`ModelError` E108)."""
    arrays = []
    for doc in docs:
        tensor = doc.user_data.get(SAVED_TENSOR_KEY, doc.tensor)
        if len(doc) and (tensor is None or tensor.ndim != 2 or tensor.shape != (len(doc), width)):
            shape = None if tensor is None else tuple(tensor.shape)
            raise ModelError(Errors.E108.format(shape=shape, tokens=len(doc), width=width))
        arrays.append(tensor if len(doc) else numpy.zeros((0, width), dtype="float32"))
    return arrays


def _doc_tensor_forward(model: Model, docs: list[Doc], is_train: bool):
    width = model.get_dim("nO")
    arrays = tensors_of(docs, width)
    lengths = model.ops.asarray1i([len(a) for a in arrays])
    data = model.ops.asarray2f(numpy.concatenate(arrays) if arrays else numpy.zeros((0, width), "float32"))
    return Ragged(data, lengths), lambda d_ragged: []


@registry.architectures("ukrnews.MultiHashEmbedWithTensor.v1")
def multi_hash_embed_with_tensor(width: int, attrs: list[str], rows: list[int], include_static_vectors: bool,
                                 tensor_width: int) -> Model[list[Doc], list[numpy.ndarray]]:
    """spaCy's ``MultiHashEmbed.v2`` with ``doc.tensor`` (``tensor_width`` numbers a token, the core model's
    tok2vec output) concatenated after the hash embeddings and the static vectors, before the maxout."""
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
    return mixed_hash_embed(width, FeatureExtractor(attrs), rows, include_static_vectors,
                            extra=doc_tensor(tensor_width))


def tensor_path(corpus: Path) -> Path:
    """Where the tensors of the docs of ``corpus`` (a ``.spacy`` file) are kept."""
    return corpus.with_suffix(".tensors.npy")


def save_tensors(docs: list[Doc], corpus: Path) -> Path:
    """Save the tensors of the non-empty ``docs`` (in order, as spaCy's corpus reader yields them)."""
    docs = [doc for doc in docs if len(doc)]
    if not docs:
        arrays = []
    else:
        arrays = tensors_of(docs, docs[0].tensor.shape[-1] if docs[0].tensor.ndim == 2 else 0)
    path = tensor_path(corpus)
    lengths = numpy.asarray([len(a) for a in arrays], dtype="int64")
    data = numpy.concatenate(arrays).astype("float32") if arrays else numpy.zeros((0, 0), "float32")
    with path.open("wb") as fh:
        numpy.save(fh, lengths)
        numpy.save(fh, data)
    return path


def load_tensors(corpus: Path) -> list[numpy.ndarray]:
    """The tensors :func:`save_tensors` kept for ``corpus``, one array per non-empty doc."""
    with tensor_path(corpus).open("rb") as fh:
        lengths = numpy.load(fh)
        data = numpy.load(fh)
    return numpy.split(data, numpy.cumsum(lengths)[:-1]) if len(lengths) else []


__all__ = ["DOC_TENSOR_LAYER", "SAVED_TENSOR_KEY", "doc_tensor", "load_tensors", "multi_hash_embed_with_tensor",
           "save_tensors", "tensor_path", "tensors_of"]
