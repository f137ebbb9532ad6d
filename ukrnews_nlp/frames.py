"""Tidy pandas tables from records: the one implementation behind notebooks and the CLI's table outputs.

>>> fr = frames(records)                 # records, spaCy Docs, or one of either
>>> fr.entities.groupby("normal").size()  # every table is keyed by ``doc_id``

:func:`frames` returns a :class:`Frames` with five DataFrames, always with the same columns and dtypes (also
when a table is empty), so tables from different batches concatenate and write to parquet/csv alike:

``documents`` (one row per document)
    doc_id, text, n_chars, n_sentences, n_tokens, n_entities, n_quotes, n_speakers, n_errors, errors,
    then one ``meta_<key>`` column per top-level meta key (scalars as they are, lists/dicts as JSON text).
``tokens`` (one row per token)
    doc_id, i (token index in the document), sent (sentence index; <NA> for whitespace between sentences),
    text, start, end, ws, norm, lemma, upos, feats, head, deprel.
``entities`` (one row per entity)
    doc_id, i, label, text, normal, start, end, sent, token_start, token_end (token slice ``[token_start,
    token_end)``).
``quotes`` (one row per quote)
    doc_id, i, kind, text (the first part), start, end (of the first part), last_end (end of the last part),
    n_parts, full_text (all parts joined with " … "), speaker (canonical name), speaker_label,
    speaker_mention, speaker_start, speaker_end, cue, cue_start, cue_end, sent.
``speakers`` (one row per speaker and document)
    doc_id, i, name, label, quotes, n_mentions, mentions (distinct mention texts joined with "; "),
    first_start (offset of the first mention).

Offsets are ``str`` indices into the document's ``text``, as in the record. Text columns are pandas
``string``; offsets and counts ``int64``; offsets that may be missing ``Int64``; labels, kinds and UPOS
``category`` (known values first, so categories are stable from batch to batch).
"""
from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from .errors import Errors, UserError

__all__ = ["Frames", "frames", "TABLES", "ENTITY_LABELS"]

#: Names of the tables, in the order :meth:`Frames.items` yields them.
TABLES: tuple[str, ...] = ("documents", "tokens", "entities", "quotes", "speakers")
#: NER-UK 2.0 entity types (the labels our NER model predicts).
ENTITY_LABELS: tuple[str, ...] = ("PER", "LOC", "ORG", "DATE", "TIME", "PERIOD", "JOB", "MON", "PCT", "QUANT",
                                  "ART", "DOC", "MISC")
QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect")
UPOS_TAGS: tuple[str, ...] = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
                              "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X", "SPACE")

_STR, _INT, _NINT = "string", "int64", "Int64"
# (column, dtype); "category:<name>" columns get the known values of _CATEGORIES[<name>] plus any others seen.
_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (("doc_id", _STR), ("text", _STR), ("n_chars", _INT), ("n_sentences", _INT), ("n_tokens", _INT),
                  ("n_entities", _INT), ("n_quotes", _INT), ("n_speakers", _INT), ("n_errors", _INT),
                  ("errors", _STR)),
    "tokens": (("doc_id", _STR), ("i", _INT), ("sent", _NINT), ("text", _STR), ("start", _INT), ("end", _INT),
               ("ws", _STR), ("norm", _STR), ("lemma", _STR), ("upos", "category:upos"), ("feats", _STR),
               ("head", _NINT), ("deprel", _STR)),
    "entities": (("doc_id", _STR), ("i", _INT), ("label", "category:label"), ("text", _STR), ("normal", _STR),
                 ("start", _INT), ("end", _INT), ("sent", _NINT), ("token_start", _NINT), ("token_end", _NINT)),
    "quotes": (("doc_id", _STR), ("i", _INT), ("kind", "category:kind"), ("text", _STR), ("start", _INT),
               ("end", _INT), ("last_end", _INT), ("n_parts", _INT), ("full_text", _STR), ("speaker", _STR),
               ("speaker_label", "category:label"), ("speaker_mention", _STR), ("speaker_start", _NINT),
               ("speaker_end", _NINT), ("cue", _STR), ("cue_start", _NINT), ("cue_end", _NINT), ("sent", _NINT)),
    "speakers": (("doc_id", _STR), ("i", _INT), ("name", _STR), ("label", "category:label"), ("quotes", _INT),
                 ("n_mentions", _INT), ("mentions", _STR), ("first_start", _NINT)),
}
_CATEGORIES = {"label": ENTITY_LABELS, "kind": QUOTE_KINDS, "upos": UPOS_TAGS}
_PART_SEPARATOR = " … "


@dataclass(frozen=True)
class Frames:
    """The five tables of :func:`frames`. Also usable as a read-only mapping: ``fr["quotes"]``, ``dict(fr)``."""

    documents: pd.DataFrame
    tokens: pd.DataFrame
    entities: pd.DataFrame
    quotes: pd.DataFrame
    speakers: pd.DataFrame

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self) -> Iterator[str]:
        return iter(TABLES)

    def __len__(self) -> int:
        return len(TABLES)

    def keys(self) -> tuple[str, ...]:
        return TABLES

    def items(self) -> Iterator[tuple[str, pd.DataFrame]]:
        return ((name, getattr(self, name)) for name in TABLES)

    def as_dict(self) -> dict[str, pd.DataFrame]:
        return dict(self.items())

    def __repr__(self) -> str:
        sizes = ", ".join(f"{f.name}={len(getattr(self, f.name))}" for f in fields(self))
        return f"Frames({sizes})"


def _as_records(docs_or_records: Any) -> Iterator[dict[str, Any]]:
    """One record per input item: records pass through, Docs go through :func:`doc_to_record`."""
    from spacy.tokens import Doc

    from .record import doc_to_record

    if isinstance(docs_or_records, (Mapping, Doc)):
        docs_or_records = [docs_or_records]
    elif isinstance(docs_or_records, (str, bytes)) or not isinstance(docs_or_records, Iterable):
        raise UserError(Errors.E701.format(type=type(docs_or_records).__name__))
    for item in docs_or_records:
        if isinstance(item, Doc):
            yield doc_to_record(item)
        elif isinstance(item, Mapping) and "text" in item:
            yield item  # type: ignore[misc]
        else:
            raise UserError(Errors.E701.format(type=type(item).__name__))


def _meta_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _table(name: str, columns: dict[str, list[Any]], extra: dict[str, list[Any]] | None = None) -> pd.DataFrame:
    data: dict[str, Any] = {}
    for column, dtype in _COLUMNS[name]:
        values = columns[column]
        if dtype.startswith("category:"):
            known = _CATEGORIES[dtype.split(":", 1)[1]]
            seen = sorted({v for v in values if v is not None} - set(known))
            data[column] = pd.Categorical(values, categories=[*known, *seen])
        else:
            data[column] = pd.array(values, dtype=dtype)
    for column, values in (extra or {}).items():
        series = pd.Series(values, dtype="object").convert_dtypes()
        # mixed types (a number here, a string there) become text, which every table format can store
        data[column] = series.astype(_STR) if series.dtype == object else series
    return pd.DataFrame(data)


def frames(docs_or_records: Any) -> Frames:
    """Tidy tables of one or many annotated documents.

    ``docs_or_records``: a record (dict, as from :func:`ukrnews_nlp.annotate`), a spaCy ``Doc``, or an iterable
    of either (consumed once). A Doc is first turned into a record with :func:`ukrnews_nlp.doc_to_record`.
    ``doc_id`` is the record's ``id``, or the document's position in the input (``"0"``, ``"1"``, …) when the id
    is null; ids must be unique, since they key every table. See the module docstring for the columns.
    """
    cols = {name: {column: [] for column, _ in spec} for name, spec in _COLUMNS.items()}
    meta_columns: dict[str, list[Any]] = {}
    seen_ids: set[str] = set()
    for position, record in enumerate(_as_records(docs_or_records)):
        doc_id = str(record["id"]) if record.get("id") is not None else str(position)
        if doc_id in seen_ids:
            raise UserError(Errors.E702.format(id=doc_id))
        seen_ids.add(doc_id)
        _add_record(cols, doc_id, record)
        meta = record.get("meta") or {}
        for key in meta:
            meta_columns.setdefault(f"meta_{key}", [None] * position)
        for key, values in meta_columns.items():
            values.append(_meta_value(meta.get(key[len("meta_"):])))
    return Frames(**{name: _table(name, cols[name], meta_columns if name == "documents" else None)
                     for name in TABLES})


def _add_record(cols: dict[str, dict[str, list[Any]]], doc_id: str, record: Mapping[str, Any]) -> None:
    text: str = record["text"]
    sentences = record.get("sentences") or []
    tokens = record.get("tokens") or []
    entities = record.get("entities") or []
    quotes = record.get("quotes") or []
    speakers = record.get("speakers") or []
    errors = record.get("errors") or []
    sent_starts = [s["start"] for s in sentences]
    sent_ends = [s["end"] for s in sentences]
    tok_starts = [t["start"] for t in tokens]
    tok_ends = [t["end"] for t in tokens]

    def sent_of(start: int, end: int) -> int | None:
        k = bisect_right(sent_starts, start) - 1
        return k if k >= 0 and start < sent_ends[k] else None

    def token_slice(start: int, end: int) -> tuple[int | None, int | None]:
        first = bisect_right(tok_ends, start)        # first token ending after start
        last = bisect_left(tok_starts, end)          # first token starting at or after end
        return (first, last) if first < last else (None, None)

    d = cols["documents"]
    for column, value in (("doc_id", doc_id), ("text", text), ("n_chars", len(text)),
                          ("n_sentences", len(sentences)), ("n_tokens", len(tokens)),
                          ("n_entities", len(entities)), ("n_quotes", len(quotes)),
                          ("n_speakers", len(speakers)), ("n_errors", len(errors)),
                          ("errors", "\n".join(errors) if errors else None)):
        d[column].append(value)

    t = cols["tokens"]
    for i, tok in enumerate(tokens):
        t["doc_id"].append(doc_id)
        t["i"].append(i)
        t["sent"].append(None if tok["text"].isspace() else sent_of(tok["start"], tok["end"]))
        for column in ("text", "start", "end", "ws", "norm", "lemma", "upos", "feats", "head", "deprel"):
            t[column].append(tok.get(column))

    e = cols["entities"]
    for i, ent in enumerate(entities):
        first, last = token_slice(ent["start"], ent["end"])
        for column, value in (("doc_id", doc_id), ("i", i), ("label", ent["label"]), ("text", ent["text"]),
                              ("normal", ent.get("normal") or ent["text"]), ("start", ent["start"]),
                              ("end", ent["end"]), ("sent", sent_of(ent["start"], ent["end"])),
                              ("token_start", first), ("token_end", last)):
            e[column].append(value)

    q = cols["quotes"]
    for i, quote in enumerate(quotes):
        parts = quote.get("parts") or [[quote["start"], quote["end"]]]
        speaker = quote.get("speaker") or {}
        mention = speaker.get("mention") or {}
        cue = quote.get("cue") or {}
        for column, value in (("doc_id", doc_id), ("i", i), ("kind", quote["kind"]), ("text", quote["text"]),
                              ("start", quote["start"]), ("end", quote["end"]),
                              ("last_end", max(b for _, b in parts)), ("n_parts", len(parts)),
                              ("full_text", _PART_SEPARATOR.join(text[a:b] for a, b in parts)),
                              ("speaker", speaker.get("name")), ("speaker_label", speaker.get("label")),
                              ("speaker_mention", mention.get("text")), ("speaker_start", mention.get("start")),
                              ("speaker_end", mention.get("end")), ("cue", cue.get("text")),
                              ("cue_start", cue.get("start")), ("cue_end", cue.get("end")),
                              ("sent", sent_of(quote["start"], quote["end"]))):
            q[column].append(value)

    s = cols["speakers"]
    for i, speaker in enumerate(speakers):
        mentions = speaker.get("mentions") or []
        for column, value in (("doc_id", doc_id), ("i", i), ("name", speaker["name"]),
                              ("label", speaker.get("label")), ("quotes", speaker.get("quotes", 0)),
                              ("n_mentions", len(mentions)),
                              ("mentions", "; ".join(dict.fromkeys(m["text"] for m in mentions)) or None),
                              ("first_start", min((m["start"] for m in mentions), default=None))):
            s[column].append(value)
