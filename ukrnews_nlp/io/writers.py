"""Writers: records → JSON lines, one JSON record, CoNLL-U, or tables (parquet / csv); and reading records back.

Every output is made from the record (``ukrnews_nlp/record.py``) and written atomically: a run appends its
records to a journal (``OUT.part``, JSON lines) and only a finished run turns the journal into ``OUT`` with a
rename, so ``OUT`` is never half-written. The journal is also what ``resume`` continues from: its complete lines
are the documents already done, and a line cut short by a killed process is dropped and redone.
Knows nothing of spaCy; tables come from :func:`ukrnews_nlp.frames.frames`.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import DataError, Errors, UserError
from .readers import COMPRESSIONS, split_suffixes

OUTPUT_FORMATS = ("jsonl", "json", "conllu", "parquet", "csv")
TABLE_FORMATS = ("parquet", "csv")
#: Records per slice when building tables, so a big corpus never has to fit in memory at once.
TABLE_SLICE = 2_000
#: Seconds between fsyncs of the journal (a killed process loses nothing written; this guards power loss).
FSYNC_EVERY = 10.0


def record_line(record: dict[str, Any]) -> str:
    """One record as one JSON line (UTF-8 kept readable)."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def format_for_path(path: str | Path) -> str:
    """The output format a file name implies (``.jsonl`` → jsonl, …); jsonl when unknown."""
    name = str(path).lower()
    for fmt, suffixes in (("conllu", (".conllu", ".conll")), ("json", (".json",)), ("parquet", (".parquet",)),
                          ("csv", (".csv",))):
        if name.endswith(suffixes):
            return fmt
    return "jsonl"


# ------------------------------------------------------------------------------------------------- reading

def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Records from a ``.jsonl`` file (also ``.gz``/``.bz2``/``.xz``) or a ``.json`` file (one record or a list).

    A malformed line raises :class:`~ukrnews_nlp.errors.DataError` naming the line.
    """
    path = str(path)
    if path != "-" and not Path(path).is_file():
        raise UserError(Errors.E001.format(path=path))
    _, compression = split_suffixes(path)
    opener = COMPRESSIONS[compression] if compression else open
    with (opener(path, "rb") if path != "-" else _stdin()) as f:
        if path.lower().removesuffix(compression or "").endswith(".json"):
            parsed = json.loads(f.read().decode("utf-8-sig"))
            yield from (parsed if isinstance(parsed, list) else [parsed])
            return
        for lineno, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise DataError(Errors.E618.format(path=path, line=lineno, reason=exc)) from None
            if not isinstance(record, dict) or "id" not in record:
                raise DataError(Errors.E618.format(path=path, line=lineno, reason="no 'id' field"))
            yield record


def _stdin():
    import contextlib

    return contextlib.nullcontext(sys.stdin.buffer)


# ------------------------------------------------------------------------------------------------- CoNLL-U

def _comment(value: Any) -> str:
    return " ".join(str(value).split())


def _spaces_after(gap: str) -> str | None:
    """MISC for the whitespace after a token: SpaceAfter=No, nothing for one space, else SpacesAfter (UDPipe)."""
    if gap == "":
        return "SpaceAfter=No"
    if gap == " ":
        return None
    escaped = gap.replace("\\", "\\\\").replace(" ", "\\s").replace("\t", "\\t").replace("\n", "\\n")
    return "SpacesAfter=" + escaped.replace("\r", "\\r")


def record_to_conllu(record: dict[str, Any]) -> str:
    """One document in CoNLL-U: ``# newdoc id``, sentences of word tokens (whitespace tokens left out).

    MISC carries ``TokenRange=start:end`` (offsets into the record's text), ``SpaceAfter=No`` / ``SpacesAfter``,
    ``NER=B-PER`` / ``I-PER`` / ``O``, and ``Quote=q1`` (inside a quote), ``Cue=q1`` (its cue) and ``Speaker=s1``
    (a mention of a speaker); the document's first sentence lists the speakers and quotes in comments.
    A record without word tokens (e.g. a failed document) gives an empty string.
    """
    text: str = record["text"]
    tokens: list[dict[str, Any]] = record["tokens"]
    words = [i for i, t in enumerate(tokens) if t["text"].strip()]
    if not words:
        return ""
    starts = [t["start"] for t in tokens]
    ends = [t["end"] for t in tokens]

    def covered(start: int, end: int) -> range:
        return range(bisect_right(ends, start), bisect_left(starts, end))

    misc: dict[int, list[str]] = {i: [] for i in words}
    ner = dict.fromkeys(words, "O")
    for ent in record["entities"]:
        inside = [i for i in covered(ent["start"], ent["end"]) if i in ner]
        for n, i in enumerate(inside):
            ner[i] = ("B-" if n == 0 else "I-") + ent["label"]
    speakers = record.get("speakers") or []
    sids = [f"s{n}" for n in range(1, len(speakers) + 1)]
    speaker_ids = {}
    for sid, s in zip(sids, speakers, strict=True):
        speaker_ids.setdefault((s["name"], s["label"]), sid)
    for sid, speaker in zip(sids, speakers, strict=True):
        for m in speaker["mentions"]:
            for i in covered(m["start"], m["end"]):
                if i in misc and f"Speaker={sid}" not in misc[i]:
                    misc[i].append(f"Speaker={sid}")
    header = [f"# newdoc id = {_comment(record['id'])}" if record.get("id") is not None else "# newdoc"]
    header += [f"# speaker {sid} = {_comment(s['name'])} | {s['label']} | {s['quotes']} quotes"
               for sid, s in zip(sids, speakers, strict=True)]
    for n, quote in enumerate(record.get("quotes") or [], 1):
        qid = f"q{n}"
        for a, b in quote["parts"]:
            for i in covered(a, b):
                if i in misc:
                    misc[i].append(f"Quote={qid}")
        if quote.get("cue"):
            for i in covered(quote["cue"]["start"], quote["cue"]["end"]):
                if i in misc:
                    misc[i].append(f"Cue={qid}")
        who = quote.get("speaker")
        sid = speaker_ids.get((who["name"], who["label"]), "_") if who else "_"
        header.append(f"# quote {qid} = {quote['kind']} | speaker {sid}")

    sentences = record["sentences"] or [{"start": 0, "end": len(text)}]
    sent_starts = [s["start"] for s in sentences]
    grouped: dict[int, list[int]] = {}
    for i in words:
        grouped.setdefault(max(0, bisect_right(sent_starts, starts[i]) - 1), []).append(i)
    out: list[str] = []
    doc_id = record.get("id")
    for n, (_, members) in enumerate(sorted(grouped.items()), 1):
        if n == 1:
            out.extend(header)
        first, last = starts[members[0]], ends[members[-1]]
        out.append(f"# sent_id = {_comment(doc_id) + '-' if doc_id is not None else ''}{n}")
        out.append(f"# text = {_comment(text[first:last])}")
        local = {i: k for k, i in enumerate(members, 1)}
        for k, i in enumerate(members, 1):
            t = tokens[i]
            head = t["head"]
            head_col = "_" if head is None else ("0" if head == i else str(local.get(head, 0)))
            following = members[k] if k < len(members) else None
            gap = text[t["end"]:starts[following]] if following is not None else text[t["end"]:_next_start(
                words, i, starts, len(text))]
            fields = [f"TokenRange={t['start']}:{t['end']}"]
            spacing = _spaces_after(gap)
            if spacing:
                fields.append(spacing)
            fields.append(f"NER={ner[i]}")
            fields.extend(misc[i])
            out.append("\t".join([str(k), t["text"], t["lemma"] or "_", t["upos"] or "_", "_", t["feats"] or "_",
                                  head_col, t["deprel"] or "_", "_", "|".join(fields)]))
        out.append("")
    return "\n".join(out) + "\n"


def _next_start(words: list[int], i: int, starts: list[int], default: int) -> int:
    k = bisect_right(words, i)
    return starts[words[k]] if k < len(words) else default


# -------------------------------------------------------------------------------------------------- tables

def _frames(records: list[dict[str, Any]]):
    from ..frames import frames

    return frames(records)


def meta_dtypes(records: Iterable[dict[str, Any]]) -> dict[str, str]:
    """The ``meta_<key>`` columns of the documents table over a whole corpus, each with one pandas dtype.

    Tables are built slice by slice; fixing these columns up front keeps every slice's documents table alike
    (a key missing from a slice is a column of <NA>; numbers stay numbers only where every value is one).
    """
    kinds: dict[str, set[str]] = {}
    for record in records:
        for key, value in (record.get("meta") or {}).items():
            seen = kinds.setdefault(f"meta_{key}", set())
            if value is not None:
                seen.add("bool" if isinstance(value, bool) else "int" if isinstance(value, int)
                          else "float" if isinstance(value, float) else "str")
    out = {}
    for column, seen in kinds.items():
        out[column] = ("boolean" if seen == {"bool"} else "Int64" if seen == {"int"}
                       else "Float64" if seen and seen <= {"int", "float"} else "string")
    return out


def _conform_documents(df, dtypes: dict[str, str]):
    """The documents table with exactly the corpus-wide meta columns, in one order, with one dtype each."""
    import pandas as pd

    base = [c for c in df.columns if not c.startswith("meta_")]
    out = df[base].copy()
    for column, dtype in dtypes.items():
        if column in df:
            values = df[column]
            out[column] = values.astype(dtype) if dtype != "string" else values.astype("object").map(
                lambda v: None if v is None or v is pd.NA else str(v)).astype("string")
        else:
            out[column] = pd.array([None] * len(df), dtype=dtype)
    return out


def write_tables(records: Iterable[dict[str, Any]], directory: str | Path, *, format: str = "parquet",
                 slice_size: int = TABLE_SLICE, meta: dict[str, str] | None = None) -> list[Path]:
    """Write the tables of :func:`ukrnews_nlp.frames.frames` into ``directory`` (one file per table).

    Records are turned into tables ``slice_size`` at a time, so memory stays flat on a big corpus; ``meta``
    (from :func:`meta_dtypes`; computed here when not given) fixes the documents table's meta columns.
    Not atomic by itself: :class:`RecordSink` builds the directory aside and renames it into place.
    """
    if format not in TABLE_FORMATS:
        raise UserError(Errors.E005.format(fmt=format, choices=", ".join(TABLE_FORMATS)))
    if format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise UserError(Errors.E607.format(what="--format parquet", package="pyarrow",
                                               extra="parquet")) from None
    if meta is None:
        records = list(records)
        meta = meta_dtypes(records)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    writers: dict[str, Any] = {}
    written: dict[str, Path] = {}
    try:
        for batch in _slices(records, slice_size):
            for name, df in _frames(batch).items():
                if name == "documents":
                    df = _conform_documents(df, meta)
                path = directory / f"{name}.{format}"
                written[name] = path
                if format == "csv":
                    df.to_csv(path, mode="a" if name in writers else "w", header=name not in writers, index=False)
                    writers[name] = True
                else:
                    _append_parquet(writers, name, path, df)
    finally:
        for w in writers.values():
            if w is not True:
                w.close()
    return list(written.values())


def _slices(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    yielded = False
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            yielded, batch = True, []
    if batch or not yielded:  # no records at all still gives (empty) tables
        yield batch


def _append_parquet(writers: dict[str, Any], name: str, path: Path, df) -> None:
    """Append a slice to one parquet file; the schema is fixed by the first slice (all-null columns as text)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    if name not in writers:
        schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in table.schema])
        writers[name] = pq.ParquetWriter(path, schema.remove_metadata())
    writer = writers[name]
    writer.write_table(table.cast(writer.schema, safe=False) if table.schema != writer.schema else table)


def read_tables(directory: str | Path) -> dict[str, Any]:
    """The tables written by :func:`write_tables` (parquet or csv) as pandas DataFrames by name."""
    import pandas as pd

    directory = Path(directory)
    out = {}
    for path in sorted(directory.iterdir()):
        if path.suffix == ".parquet":
            out[path.stem] = pd.read_parquet(path)
        elif path.suffix == ".csv":
            out[path.stem] = pd.read_csv(path)
    return out


# ---------------------------------------------------------------------------------------- journal and sink

def _fsync(fd: int) -> None:
    try:
        os.fsync(fd)
    except OSError:
        pass


def scan_journal(path: Path) -> tuple[list[str | None], int]:
    """Ids of the complete records in a journal and the byte length they span (what follows is cut off)."""
    ids: list[str | None] = []
    good = 0
    with open(path, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                break
            if not isinstance(record, dict) or "id" not in record:
                break
            ids.append(record["id"])
            good += len(raw)
    return ids, good


class RecordSink:
    """Where a run's records go: ``out`` in ``format`` (a file, a table directory, or stdout when None/``-``).

    ``done`` holds the ids already written (non-empty only when resuming). ``write()`` appends complete records;
    ``close()`` makes the final output appear atomically. If the process dies before, the journal stays and a
    run with ``resume=True`` continues it.
    """

    def __init__(self, out: str | Path | None, *, format: str = "jsonl", resume: bool = False):
        if format not in OUTPUT_FORMATS:
            raise UserError(Errors.E005.format(fmt=format, choices=", ".join(OUTPUT_FORMATS)))
        self.format = format
        self.out = None if out in (None, "-") else Path(out)
        self.done: set[str | None] = set()
        self.count = 0
        self._fd: int | None = None
        self._json_record: dict[str, Any] | None = None
        self._last_sync = time.monotonic()
        if self.out is None:
            if resume:
                raise UserError(Errors.E605)
            if format in TABLE_FORMATS:
                raise UserError(Errors.E606.format(fmt=format))
            self.journal = None
            return
        if format in TABLE_FORMATS and self.out.exists() and not self.out.is_dir():
            raise UserError(Errors.E619.format(path=self.out))
        if format not in TABLE_FORMATS and self.out.is_dir():
            raise UserError(Errors.E002.format(path=self.out))
        if not self.out.parent.is_dir():
            raise UserError(Errors.E001.format(path=self.out.parent))
        self.journal = self.out.with_name(self.out.name + ".part")
        if format == "json":
            self.journal = None  # one record, written at close
            return
        if resume:
            self._prepare_resume()
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (0 if resume else os.O_TRUNC)
        self._fd = os.open(self.journal, flags, 0o644)

    def _prepare_resume(self) -> None:
        assert self.out is not None and self.journal is not None
        if not self.journal.exists() and self.out.exists():
            if self.format != "jsonl":
                raise UserError(Errors.E620.format(path=self.out))
            shutil.copyfile(self.out, self.journal)  # a finished run: continue it with new inputs
        if self.journal.exists():
            ids, good = scan_journal(self.journal)
            if good != self.journal.stat().st_size:
                os.truncate(self.journal, good)  # the last record of a killed run was cut short
            self.done = set(ids)
            self.count = len(ids)

    def write(self, records: list[dict[str, Any]]) -> None:
        """Append records."""
        self.write_lines([record_line(r) for r in records])

    def write_lines(self, lines: list[str]) -> None:
        """Append records given as JSON lines (as :func:`record_line` makes them), in one system write."""
        if not lines:
            return
        if self.format == "json":
            if self._json_record is not None or len(lines) > 1:
                raise UserError(Errors.E604)
            self._json_record = json.loads(lines[0])
            self.count += 1
            return
        self.count += len(lines)
        if self._fd is None:  # stdout
            if self.format == "conllu":
                sys.stdout.write("".join(record_to_conllu(json.loads(line)) for line in lines))
            else:
                sys.stdout.write("".join(lines))
            sys.stdout.flush()
            return
        view = memoryview("".join(lines).encode("utf-8"))
        while view:
            view = view[os.write(self._fd, view):]
        if time.monotonic() - self._last_sync > FSYNC_EVERY:
            _fsync(self._fd)
            self._last_sync = time.monotonic()

    def close(self) -> None:
        """Finish: turn the journal into the output (atomically) and remove it."""
        if self.format == "json":
            if self._json_record is not None:
                _atomic_text(json.dumps(self._json_record, ensure_ascii=False, indent=2) + "\n", self.out)
            return
        if self._fd is None:
            return
        _fsync(self._fd)
        os.close(self._fd)
        self._fd = None
        assert self.out is not None and self.journal is not None
        if self.format == "jsonl":
            os.replace(self.journal, self.out)
        elif self.format == "conllu":
            fd, tmp = tempfile.mkstemp(dir=self.out.parent, prefix=f".{self.out.name}.")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    for record in read_records(self.journal):
                        f.write(record_to_conllu(record))
                os.replace(tmp, self.out)
            except BaseException:
                os.unlink(tmp)
                raise
            self.journal.unlink()
        else:
            tmp = Path(tempfile.mkdtemp(dir=self.out.parent, prefix=f".{self.out.name}."))
            try:
                write_tables(read_records(self.journal), tmp, format=self.format,
                             meta=meta_dtypes(read_records(self.journal)))
                if self.out.exists():
                    old = self.out.with_name(f".{self.out.name}.old")
                    os.replace(self.out, old)
                    os.replace(tmp, self.out)
                    shutil.rmtree(old)
                else:
                    os.replace(tmp, self.out)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            self.journal.unlink()

    def abandon(self) -> None:
        """Stop without finishing (an interruption): the journal stays for ``resume``."""
        if self._fd is not None:
            _fsync(self._fd)
            os.close(self._fd)
            self._fd = None


def _atomic_text(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise


def write_records(records: Iterable[dict[str, Any]], path: str | Path, *, format: str | None = None) -> int:
    """Write records to ``path`` in ``format`` (default: from the suffix; a table format writes a directory).

    The output appears only once complete. Returns the number of records written.
    """
    sink = RecordSink(path, format=format or format_for_path(path))
    try:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(record)
            if len(batch) >= 256:
                sink.write(batch)
                batch = []
        sink.write(batch)
    except BaseException:
        sink.abandon()
        raise
    sink.close()
    return sink.count
