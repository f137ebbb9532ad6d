"""Reading corpora and writing records; pure Python, no spaCy.

``read_documents`` (inputs → documents to annotate), ``read_records`` / ``write_records`` (annotated records
from and to JSON lines, JSON, CoNLL-U, parquet and csv tables). ``conllu`` is the CoNLL-U reader used by the
evaluation and training code.
"""
from __future__ import annotations

from .readers import Document, clean_scraped_text, read_documents
from .writers import OUTPUT_FORMATS, RecordSink, read_records, read_tables, record_to_conllu, write_records

__all__ = ["Document", "read_documents", "clean_scraped_text", "read_records", "write_records", "read_tables",
           "record_to_conllu", "RecordSink", "OUTPUT_FORMATS"]
