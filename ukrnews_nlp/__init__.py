"""ukrnews-nlp: Ukrainian news text to annotated documents.

>>> import ukrnews_nlp
>>> nlp = ukrnews_nlp.load()                 # a spaCy Language with our components
>>> record = ukrnews_nlp.annotate("Текст новини.", id="n1")   # a plain JSON-serialisable dict
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .display import show
from .errors import Errors, UserError
from .frames import frames
from .memory_zones import DEFAULT_STRINGS_LIMIT, annotation_zone
from .pipeline import load
from .record import SCHEMA_ID, doc_to_record, record_schema

__version__ = "0.1.0"
__all__ = ["load", "annotate", "doc_to_record", "frames", "show", "record_schema", "SCHEMA_ID", "UserError",
           "__version__"]


@lru_cache(maxsize=1)
def _default_pipeline():
    return load()


def annotate(text: str, *, id: str | None = None, meta: dict[str, Any] | None = None, nlp=None) -> dict[str, Any]:
    """Annotate one text with the default pipeline (loaded once per process) and return its record.

    ``nlp`` may be a pipeline from :func:`load` with other options. Called for text after text, it keeps the
    vocabulary from growing as the corpus runner does: once the pipeline's vocabulary holds
    :data:`~ukrnews_nlp.memory_zones.DEFAULT_STRINGS_LIMIT` strings, each text is annotated in a spaCy memory zone
    (its Doc is never returned, only the record).
    """
    if not isinstance(text, str):
        raise TypeError(Errors.E004.format(type=type(text).__name__))
    if meta is not None and not isinstance(meta, dict):
        raise TypeError(Errors.E006.format(type=type(meta).__name__))
    nlp = nlp or _default_pipeline()
    with annotation_zone(nlp, DEFAULT_STRINGS_LIMIT):
        return doc_to_record(nlp(text), id=id, meta=meta)
