"""The annotated-document record: the project's one public output format (JSON Schema in ``schema.json``).

Every writer, table and notebook view is made from this record. All offsets are ``str`` indices into ``text``,
the original input, so ``text[start:end]`` always equals the item's ``text``.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span

from .doc_text import doc_text

SCHEMA_ID = "ukrnews-nlp/1"


@lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    """The JSON Schema of a record (shipped as ``ukrnews_nlp/schema.json``)."""
    return json.loads(resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8"))


def _or_none(value: str) -> str | None:
    return value or None


def _sentences(doc: Doc) -> list[dict[str, int]]:
    """Sentence spans trimmed of the whitespace tokens spaCy keeps at their edges."""
    if not doc.has_annotation("SENT_START"):
        return []
    out = []
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if words:
            out.append({"start": words[0].idx, "end": words[-1].idx + len(words[-1])})
    return out


def _tokens(doc: Doc) -> list[dict[str, Any]]:
    has_dep = doc.has_annotation("DEP")
    out = []
    for t in doc:
        out.append({
            "text": t.text, "start": t.idx, "end": t.idx + len(t), "ws": t.whitespace_,
            "norm": t.norm_, "lemma": _or_none(t.lemma_), "upos": _or_none(t.pos_),
            "feats": _or_none(str(t.morph)),
            # root points at itself, as in spaCy; null when no parser ran
            "head": t.head.i if has_dep else None,
            "deprel": ("root" if t.dep_ == "ROOT" else t.dep_) if has_dep else None,
        })
    return out


def _entities(doc: Doc) -> list[dict[str, Any]]:
    normal = Span.has_extension("normal")
    return [{"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char,
             "normal": e._.normal if normal and e._.normal else e.text} for e in doc.ents]


def _as_json_list(doc: Doc, extension: str) -> list[dict[str, Any]]:
    if not Doc.has_extension(extension):
        return []
    return [item.as_json() for item in (getattr(doc._, extension) or [])]


def doc_to_record(doc: Doc, *, id: str | None = None, meta: dict[str, Any] | None = None,
                  errors: list[str] | None = None) -> dict[str, Any]:
    """Turn an annotated Doc into a record (a plain, JSON-serialisable dict)."""
    return {
        "schema": SCHEMA_ID,
        "id": id,
        "text": doc_text(doc),
        "meta": dict(meta or {}),
        "sentences": _sentences(doc),
        "tokens": _tokens(doc),
        "entities": _entities(doc),
        "quotes": _as_json_list(doc, "quotes"),
        "speakers": _as_json_list(doc, "speakers"),
        "errors": list(errors or []),
    }
