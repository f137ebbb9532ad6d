"""Corpus readers: files, directories, globs and standard input → :class:`Document` (id, text, meta, errors).

Formats: ``.txt`` (one document per file), ``.jsonl`` / ``.json`` and ``.csv`` / ``.tsv`` (one document per
line or row; ``text_field`` holds the text, ``id_field`` the id, every other field goes to ``meta``), ``.html``
(main text extracted with trafilatura; title, date, url kept in ``meta``), and any of these compressed with
``.gz``, ``.bz2`` or ``.xz``.

Ids are stable across runs of the same command, which ``--resume`` relies on: the id field when there is one,
else the file's path (relative to the directory argument it was found under, or as given), else
``PATH:LINE`` for a line or row of a multi-document file. A repeated id gets ``#2``, ``#3``, … in input order.

A bad document (invalid UTF-8, binary, empty, a malformed line, an enormous size) is not an exception: it comes
out as a Document with ``errors`` filled and empty text, so a corpus run goes on. Knows nothing of spaCy.
"""
from __future__ import annotations

import bz2
import contextlib
import csv
import glob
import gzip
import io
import json
import lzma
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import Errors, UserError

#: Input formats by file suffix (after removing a compression suffix).
FORMATS: dict[str, str] = {".txt": "txt", ".text": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
                           ".csv": "csv", ".tsv": "tsv", ".html": "html", ".htm": "html"}
COMPRESSIONS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
INPUT_FORMATS = ("auto", "txt", "jsonl", "json", "csv", "tsv", "html")
#: Default cap on one document's size in characters (bytes for a file read whole); bigger ones become errors.
MAX_CHARS = 20_000_000
STDIN = "-"


@dataclass
class Document:
    """One input document. ``errors`` non-empty means it could not be read and will not be annotated."""

    id: str | None
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# ---------------------------------------------------------------------------------------------------- inputs

def split_suffixes(path: str | Path) -> tuple[str | None, str | None]:
    """(format, compression suffix) of a file name, e.g. ``a.jsonl.gz`` → ``("jsonl", ".gz")``."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    compression = suffixes.pop() if suffixes and suffixes[-1] in COMPRESSIONS else None
    fmt = FORMATS.get(suffixes[-1]) if suffixes else None
    return fmt, compression


def _known_suffixes() -> str:
    return ", ".join(sorted(FORMATS))


def expand_inputs(inputs: Iterable[str], *, input_format: str = "auto") -> list[tuple[str, str]]:
    """Resolve arguments into ``(path, id_path)`` pairs in a stable order; ``-`` stays ``-``.

    Directories are searched recursively for files of a known format (sorted); globs are expanded (sorted);
    a file named directly is taken whatever its suffix when ``input_format`` is given.
    """
    out: list[tuple[str, str]] = []
    for arg in inputs:
        if arg == STDIN:
            out.append((STDIN, STDIN))
            continue
        p = Path(arg)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                           and split_suffixes(f)[0] is not None)
            if not found:
                raise UserError(Errors.E601.format(path=arg, suffixes=_known_suffixes()))
            out.extend((str(f), f.relative_to(p).as_posix()) for f in found)
        elif p.is_file():
            if input_format == "auto" and split_suffixes(p)[0] is None:
                raise UserError(Errors.E603.format(path=arg, suffixes=_known_suffixes()))
            out.append((arg, arg))
        elif glob.has_magic(arg):
            found = sorted(f for f in glob.glob(arg, recursive=True) if os.path.isfile(f))
            if not found:
                raise UserError(Errors.E602.format(pattern=arg))
            out.extend((f, f) for f in found)
        else:
            raise UserError(Errors.E001.format(path=arg))
    return out


def _open_binary(path: str) -> IO[bytes]:
    if path == STDIN:
        return contextlib.nullcontext(sys.stdin.buffer)  # type: ignore[return-value]  # never close stdin
    _, compression = split_suffixes(path)
    return COMPRESSIONS[compression](path, "rb") if compression else open(path, "rb")  # noqa: SIM115


# ------------------------------------------------------------------------------------------- document checks

def utf8_error(data: bytes, exc: UnicodeDecodeError, path: str) -> str:
    """The E003 message: where the first invalid byte is (line, column)."""
    before = data[: exc.start]
    line = before.count(b"\n") + 1
    column = exc.start - (before.rfind(b"\n") + 1) + 1
    return Errors.E003.format(path=path, byte=data[exc.start], offset=exc.start, line=line, column=column)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def binary_reason(text: str) -> str | None:
    """Why ``text`` looks like binary data rather than text (NUL bytes, many control characters), else None."""
    if "\x00" in text:
        return "contains NUL bytes"
    sample = text[:100_000]
    controls = len(_CONTROL.findall(sample))
    if sample and controls > max(8, len(sample) // 100):
        return f"{controls} control characters in the first {len(sample):,}"
    return None


def check_text(text: str, *, max_chars: int) -> list[str]:
    """Errors that keep a decoded text from being annotated: empty, binary, too large."""
    if len(text) > max_chars:
        return [Errors.E610.format(size=len(text), limit=max_chars)]
    if not text.strip():
        return [Errors.E608]
    reason = binary_reason(text)
    return [Errors.E609.format(reason=reason)] if reason else []


def decode_document(data: bytes, *, id: str | None, path: str, meta: dict[str, Any] | None = None,
                    max_chars: int = MAX_CHARS) -> Document:
    """A whole-file text document from its bytes (UTF-8, a BOM allowed), or an error document."""
    if b"\x00" in data[:65536]:  # a binary file (image, PDF, archive) is rarely valid UTF-8: say what it is
        return Document(id, "", dict(meta or {}), [Errors.E609.format(reason="contains NUL bytes")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Document(id, "", dict(meta or {}), [utf8_error(data, exc, path)])
    errors = check_text(text, max_chars=max_chars)
    return Document(id, "" if errors else text, dict(meta or {}), errors)


# ------------------------------------------------------------------------------------------------- formats

def _read_limited(f: IO[bytes], max_chars: int) -> bytes | None:
    """The whole stream, or None when it is bigger than ``max_chars`` bytes × 4 (UTF-8's widest)."""
    data = f.read(max_chars * 4 + 1)
    if len(data) > max_chars * 4:
        return None
    return data


def read_txt(path: str, id_path: str, *, max_chars: int = MAX_CHARS, clean: bool = False) -> Iterator[Document]:
    meta = {"source": id_path} if path != STDIN else {}
    with _open_binary(path) as f:
        data = _read_limited(f, max_chars)
    if data is None:
        yield Document(id_path, "", meta, [Errors.E610.format(size=max_chars * 4 + 1, limit=max_chars)])
        return
    doc = decode_document(data, id=id_path, path=path if path != STDIN else "<stdin>", meta=meta,
                          max_chars=max_chars)
    if clean and doc.ok:
        doc.text = clean_scraped_text(doc.text)
        doc.errors = check_text(doc.text, max_chars=max_chars)
    yield doc


def _record_document(obj: Any, *, where: str, fallback_id: str, path: str, text_field: str, id_field: str,
                     max_chars: int, clean: bool) -> Document:
    """A Document from one JSON object or CSV row."""
    if not isinstance(obj, dict):
        return Document(fallback_id, "", {}, [Errors.E618.format(path=path, line=where,
                                                                 reason=f"a JSON {type(obj).__name__}")])
    raw_id = obj.get(id_field)
    doc_id = fallback_id if raw_id is None or raw_id == "" else str(raw_id)
    meta = {k: v for k, v in obj.items() if k not in (text_field, id_field)}
    text = obj.get(text_field)
    if not isinstance(text, str):
        return Document(doc_id, "", meta, [Errors.E612.format(path=path, where=where, field=text_field)])
    if clean:
        text = clean_scraped_text(text)
    errors = check_text(text, max_chars=max_chars)
    return Document(doc_id, "" if errors else text, meta, errors)


def read_jsonl(path: str, id_path: str, *, text_field: str = "text", id_field: str = "id",
               max_chars: int = MAX_CHARS, clean: bool = False, stream: IO[bytes] | None = None
               ) -> Iterator[Document]:
    """One document per line; ``stream`` (bytes already opened) replaces reading ``path``."""
    name = "<stdin>" if path == STDIN else path
    with stream if stream is not None else _open_binary(path) as f:
        for lineno, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            fallback = f"{id_path}:{lineno}"
            if len(raw) > max_chars * 4:
                yield Document(fallback, "", {}, [Errors.E610.format(size=len(raw), limit=max_chars)])
                continue
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Document(fallback, "", {}, [utf8_error(raw, exc, f"{name}, line {lineno}")])
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Document(fallback, "", {}, [Errors.E611.format(path=name, line=lineno, reason=exc.msg)])
                continue
            yield _record_document(obj, where=f"line {lineno}", fallback_id=fallback, path=name,
                                   text_field=text_field, id_field=id_field, max_chars=max_chars, clean=clean)


def read_json(path: str, id_path: str, *, text_field: str = "text", id_field: str = "id",
              max_chars: int = MAX_CHARS, clean: bool = False) -> Iterator[Document]:
    """A JSON array of objects, one object, or (falling back) JSON lines."""
    name = "<stdin>" if path == STDIN else path
    with _open_binary(path) as f:
        data = f.read()
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        yield from read_jsonl(path, id_path, text_field=text_field, id_field=id_field, max_chars=max_chars,
                              clean=clean, stream=io.BytesIO(data))
        return
    items = parsed if isinstance(parsed, list) else [parsed]
    for n, obj in enumerate(items, 1):
        fallback = f"{id_path}:{n}" if isinstance(parsed, list) else id_path
        yield _record_document(obj, where=f"item {n}", fallback_id=fallback, path=name, text_field=text_field,
                               id_field=id_field, max_chars=max_chars, clean=clean)


def read_table(path: str, id_path: str, *, delimiter: str, text_field: str = "text", id_field: str = "id",
               max_chars: int = MAX_CHARS, clean: bool = False) -> Iterator[Document]:
    """CSV or TSV with a header row; row numbers count data rows from 1."""
    name = "<stdin>" if path == STDIN else path
    csv.field_size_limit(max(max_chars * 4, 1 << 20))
    with _open_binary(path) as f:
        text = io.TextIOWrapper(f, encoding="utf-8-sig", newline="")
        try:
            reader = csv.DictReader(text, delimiter=delimiter)
            fields = reader.fieldnames or []
            for n, row in enumerate(reader, 1):
                fallback = f"{id_path}:{n}"
                if None in row or any(v is None for v in row.values()):
                    got = len(row.get(None, [])) + sum(v is not None for k, v in row.items() if k is not None)
                    yield Document(row.get(id_field) or fallback, "", {},
                                   [Errors.E614.format(path=name, line=n,
                                                       reason=f"{got} fields, the header has {len(fields)}")])
                    continue
                yield _record_document(row, where=f"row {n}", fallback_id=fallback, path=name,
                                       text_field=text_field, id_field=id_field, max_chars=max_chars, clean=clean)
        except (UnicodeDecodeError, csv.Error) as exc:
            yield Document(f"{id_path}:rest", "", {}, [Errors.E615.format(path=name, reason=exc)])
        finally:
            text.detach()


def read_html(path: str, id_path: str, *, max_chars: int = MAX_CHARS, **_: Any) -> Iterator[Document]:
    """The main text of a web page (trafilatura), with title, date, url and author in ``meta``."""
    try:
        import trafilatura
    except ImportError:
        raise UserError(Errors.E607.format(what="Reading HTML", package="trafilatura", extra="html")) from None
    with _open_binary(path) as f:
        data = _read_limited(f, max_chars)
    meta: dict[str, Any] = {"source": id_path} if path != STDIN else {}
    if data is None:
        yield Document(id_path, "", meta, [Errors.E610.format(size=max_chars * 4 + 1, limit=max_chars)])
        return
    if b"\x00" in data[:100_000]:
        yield Document(id_path, "", meta, [Errors.E609.format(reason="contains NUL bytes")])
        return
    extracted = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False,
                                            include_tables=False)
    if extracted is None:
        yield Document(id_path, "", meta, [Errors.E608])
        return
    fields = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    for key in ("title", "date", "url", "author", "sitename"):
        if fields.get(key):
            meta[key] = fields[key]
    text = fields.get("text") or ""
    errors = check_text(text, max_chars=max_chars)
    yield Document(id_path, "" if errors else text, meta, errors)


def _reader_for(fmt: str):
    return {"txt": read_txt, "jsonl": read_jsonl, "json": read_json, "html": read_html,
            "csv": lambda *a, **k: read_table(*a, delimiter=",", **k),
            "tsv": lambda *a, **k: read_table(*a, delimiter="\t", **k)}[fmt]


def read_documents(inputs: Iterable[str] | str, *, input_format: str = "auto", text_field: str = "text",
                   id_field: str = "id", max_chars: int = MAX_CHARS, clean: bool = False,
                   stdin_id: str | None = None) -> Iterator[Document]:
    """Every document of ``inputs`` (paths, directories, globs, ``-``) in a stable order, ids made unique.

    ``stdin_id`` is the id of a plain-text document read from standard input (default None).
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [str(inputs)]
    if input_format not in INPUT_FORMATS:
        raise UserError(Errors.E005.format(fmt=input_format, choices=", ".join(INPUT_FORMATS)))
    seen: dict[str | None, int] = {}
    for path, id_path in expand_inputs(inputs, input_format=input_format):
        fmt = input_format if input_format != "auto" else ("txt" if path == STDIN else split_suffixes(path)[0])
        if path == STDIN and fmt == "txt":
            id_path = stdin_id  # type: ignore[assignment]
        elif path == STDIN:
            id_path = "stdin"
        kwargs: dict[str, Any] = {"max_chars": max_chars, "clean": clean}
        if fmt in ("jsonl", "json", "csv", "tsv"):
            kwargs.update(text_field=text_field, id_field=id_field)
        try:
            for doc in _reader_for(fmt)(path, id_path, **kwargs):
                yield _unique(doc, seen)
        except (OSError, EOFError, lzma.LZMAError, zlib.error) as exc:
            # an unreadable or corrupt (e.g. truncated .gz) file: one error document, then the next file
            yield _unique(Document(id_path, "", {}, [Errors.E615.format(path=path, reason=exc)]), seen)


def _unique(doc: Document, seen: dict[str | None, int]) -> Document:
    n = seen.get(doc.id, 0) + 1
    seen[doc.id] = n
    if n > 1 and doc.id is not None:
        doc.id = f"{doc.id}#{n}"
    return doc


# ------------------------------------------------------------------------------------------------ cleaning

#: Lines that are page furniture in scraped news: sharing, navigation, subscriptions, cookie notices, credits.
_NOISE_LINE = re.compile(
    r"^\s*(?:"
    r"(?:поділитися|поширити|share|facebook|twitter|telegram|viber|whatsapp|x\.com|linkedin|email|"
    r"копіювати посилання|скопіювати посилання|друк|версія для друку|print)(?:\s*[|/·•,]\s*\S.*)?"
    r"|(?:підписуйтесь|підписуйтеся|стежте за нами|слідкуйте за нами|читайте нас|приєднуйтесь)\b.*"
    r"|(?:головна|новини|всі новини|усі новини|меню|пошук|увійти|реєстрація)\s*(?:[›»>/|→].*)?"
    r"|.*(?:\s[›»>|→]\s.*){2,}"  # breadcrumbs and menus: three items or more
    r"|(?:фото|відео|джерело фото|ілюстративне фото)\s*:.{0,80}"
    r"|(?:реклама|advertisement|\[?реклама\]?)"
    r"|.*(?:використовує(?:мо)? (?:файли )?cookie|cookies?).*"
    r"|(?:©|\(c\)|всі права захищені|усі права захищені).*"
    r"|(?:читайте також|дивіться також|читайте більше|більше новин)\s*[:：\-–—].+"
    r"|(?:теги|мітки|tags)\s*:.*"
    r"|\d{1,2}:\d{2}(?:\s*,\s*\d{1,2}\s+\w+(?:\s+\d{4})?)?"  # lone time stamps from news feeds
    r"|\d[\d\s]*(?:коментар\w*|перегляд\w*|comments?|views?)"
    r")\s*$",
    re.IGNORECASE,
)
#: Headings after which a scraped page only has links to other articles, widgets and comments.
_TAIL_HEADING = re.compile(
    r"^\s*(?:читайте також|дивіться також|схожі (?:новини|матеріали|статті)|новини за темою|по темі|"
    r"вас може зацікавити|рекомендуємо|популярне|популярні новини|найпопулярніше|останні новини|"
    r"головне за день|новини партнерів|інші новини|більше новин|коментарі|related(?: articles| news)?)\s*:?\s*$",
    re.IGNORECASE,
)


#: Furniture that scrapers leave inside a paragraph: a channel plug ("Новини від Корреспондент.net в Telegram.
#: Підписуйтесь на наш канал https://t.me/…") and CSS rules ("p { margin-bottom: 0.1in; }").
_INLINE_NOISE = re.compile(
    r"(?:Новини від \S.{0,60}? в (?:Telegram|Viber|Facebook|YouTube)\.\s*)?"
    r"Підписуй(?:тесь|теся) на наш (?:канал|Telegram|Viber)\b[^.\n]*?(?:https?://\S+|\.|$)"
    r"|(?:^|(?<=\s))[\w.#:,-]{1,40}\s*\{\s*(?:[\w-]+\s*:\s*[^;{}\n]+;\s*)+\}",
    re.IGNORECASE,
)


def clean_scraped_text(text: str, *, min_body: int = 200) -> str:
    """Drop share/navigation lines and the "related articles" tail that scraped news pages carry.

    The tail is cut at the first tail heading (``Читайте також``, ``Схожі новини``, …) standing on its own line
    once at least ``min_body`` characters of article have been kept. Channel plugs and CSS rules inside a line
    go too. Blank-line runs shrink to one.
    """
    kept: list[str] = []
    body = 0
    for line in text.splitlines():
        stripped, found = _INLINE_NOISE.subn("", line)
        if found:
            line = re.sub(r"[ \t]{2,}", " ", stripped).strip()
        if body >= min_body and _TAIL_HEADING.match(line):
            break
        if line.strip() and (_NOISE_LINE.match(line) or _TAIL_HEADING.match(line)):
            continue
        if not line.strip() and (not kept or not kept[-1].strip()):
            continue
        kept.append(line.rstrip())
        body += len(line.strip())
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept) + ("\n" if kept else "")
