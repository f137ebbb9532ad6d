"""Corpus statistics from records: who is quoted how often, which entities are named most.

>>> from ukrnews_nlp.io import read_records
>>> tables = corpus_stats(read_records("out.jsonl"))
>>> tables["speakers"].head(10)       # name, label, quotes, documents — most quoted first

Built on :func:`ukrnews_nlp.frames.frames`, a slice of records at a time, so a corpus of any size fits.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from .io.writers import TABLE_SLICE, _slices

#: The tables :func:`corpus_stats` returns.
STATS_TABLES = ("speakers", "entities", "summary")


def _by(df: pd.DataFrame, keys: list[str], **aggregations: tuple[str, str]) -> pd.DataFrame:
    df = df.astype({k: "string" for k in keys})
    return df.groupby(keys, dropna=False).agg(**aggregations)


def corpus_stats(records: Iterable[dict[str, Any]], *, slice_size: int = TABLE_SLICE) -> dict[str, pd.DataFrame]:
    """Three tables over a corpus of records.

    ``speakers``: name (canonical), label, quotes (attributed to them), documents (quoting them), most quoted
    first. ``entities``: normal (nominative form), label, mentions, documents, most mentioned first.
    ``summary``: one row of totals (documents, failed, words, quotes, attributed quotes, entities).
    """
    from .frames import frames

    speakers, entities = [], []
    totals = {"documents": 0, "failed": 0, "tokens": 0, "quotes": 0, "attributed_quotes": 0, "entities": 0}
    for batch in _slices(records, slice_size):
        fr = frames(batch)
        totals["documents"] += len(fr.documents)
        totals["failed"] += int((fr.documents["n_errors"] > 0).sum())
        totals["tokens"] += len(fr.tokens)
        totals["quotes"] += len(fr.quotes)
        totals["attributed_quotes"] += int(fr.quotes["speaker"].notna().sum())
        totals["entities"] += len(fr.entities)
        speakers.append(_by(fr.speakers, ["name", "label"], quotes=("quotes", "sum"), documents=("doc_id", "nunique")))
        entities.append(_by(fr.entities, ["normal", "label"], mentions=("i", "size"), documents=("doc_id", "nunique")))
    # documents never span slices, so per-slice document counts add up
    speaker_table = (pd.concat(speakers).groupby(level=[0, 1], dropna=False).sum()
                     .sort_values(["quotes", "documents"], ascending=False, kind="stable").reset_index())
    entity_table = (pd.concat(entities).groupby(level=[0, 1], dropna=False).sum()
                    .sort_values(["mentions", "documents"], ascending=False, kind="stable").reset_index())
    return {"speakers": speaker_table, "entities": entity_table, "summary": pd.DataFrame([totals])}


def format_stats(tables: dict[str, pd.DataFrame], *, top: int = 20) -> str:
    """The statistics as plain-text tables (the ``top`` rows of each)."""
    s = tables["summary"].iloc[0]
    lines = [f"{s['documents']:,} documents ({s['failed']:,} failed), {s['tokens']:,} tokens, "
             f"{s['quotes']:,} quotes ({s['attributed_quotes']:,} attributed), {s['entities']:,} entities", ""]
    for name, title in (("speakers", "Top speakers (by canonical name)"),
                        ("entities", "Top entities (by normal form)")):
        df = tables[name].head(top)
        lines.append(f"{title}:")
        lines.append(df.to_string(index=False) if len(df) else "  (none)")
        lines.append("")
    return "\n".join(lines)
