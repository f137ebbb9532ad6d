"""Shared fixtures: one pipeline per session (loading is the slow part), and the data folder if present."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

import ukrnews_nlp

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = (ROOT / ".." / "shared" / "data").resolve()
EXAMPLES = ROOT / "examples"


def docs_before(nlp, name: str, texts):
    """``texts`` run through every component of ``nlp`` before the one called ``name``."""
    names = nlp.pipe_names
    with nlp.select_pipes(enable=names[:names.index(name)]):
        return list(nlp.pipe(texts))


def tagged_doc(words: list[str], tags: list[tuple[str, str]], spaces: list[bool] | None = None):
    """A Doc of ``words`` with a (UPOS, FEATS) pair set on each token, as the tagger would."""
    import spacy
    from spacy.tokens import Doc

    doc = Doc(spacy.blank("uk").vocab, words=words, spaces=spaces)
    for token, (pos, feats) in zip(doc, tags, strict=True):
        token.pos_ = pos
        token.set_morph(feats or None)
    return doc


def floret_nlp(width: int):
    """A blank pipeline whose vocab has a small random floret table of ``width`` (for embedding layers)."""
    import numpy
    import spacy

    nlp = spacy.blank("uk")
    table = numpy.random.default_rng(1).standard_normal((40, width)).astype("float32")
    nlp.vocab.vectors = spacy.vectors.Vectors(data=table, mode="floret", hash_count=1, minn=2, maxn=3)
    return nlp


def randomize_weights(layer, seed: int = 2):
    """Random values in every parameter of an initialized ``layer`` (so that every block of it counts)."""
    import numpy

    rng = numpy.random.default_rng(seed)
    for node in layer.walk():
        for name in node.param_names:
            if node.has_param(name):
                node.set_param(name, rng.standard_normal(node.get_param(name).shape).astype("float32"))
    return layer


@lru_cache(maxsize=1)
def _default_pipeline():
    return ukrnews_nlp.load()


@pytest.fixture(scope="session")
def nlp():
    """The default pipeline with whatever models are shipped."""
    return _default_pipeline()


@pytest.fixture(scope="session")
def default_nlp():
    """The same default pipeline, for modules whose own ``nlp`` fixture is another pipeline."""
    return _default_pipeline()


@pytest.fixture(scope="session")
def blank_quotes_nlp():
    """A blank Ukrainian pipeline with only the quote component: the quote rules without any trained model."""
    import spacy

    from ukrnews_nlp.quotes import extract_quotes  # noqa: F401  (registers the factory)

    pipeline = spacy.blank("uk")
    pipeline.add_pipe("ukrnews_quotes")
    return pipeline


@pytest.fixture(scope="session")
def float_nlp():
    """The default pipeline with every product in float32 (``matmul="numpy"``): what the prediction-only forward
    passes are compared with thinc's layers on."""
    return ukrnews_nlp.load(matmul="numpy")


@pytest.fixture(scope="session")
def rules_nlp():
    """The pipeline without trained models (tokenizer, sentences and rule components only)."""
    return ukrnews_nlp.load(models=False)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA_DIR.is_dir():
        pytest.skip("needs ../shared/data (the shared data folder is not present)")
    return DATA_DIR
