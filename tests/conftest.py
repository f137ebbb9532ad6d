"""Shared fixtures: one pipeline per session (loading is the slow part), and the data folder if present."""
from __future__ import annotations

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


@pytest.fixture(scope="session")
def nlp():
    """The default pipeline with whatever models are shipped."""
    return ukrnews_nlp.load()


@pytest.fixture(scope="session")
def rules_nlp():
    """The pipeline without trained models (tokenizer, sentences and rule components only)."""
    return ukrnews_nlp.load(models=False)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA_DIR.is_dir():
        pytest.skip("needs ../shared/data (the shared data folder is not present)")
    return DATA_DIR
