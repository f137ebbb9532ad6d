"""Stanza interop: a Stanza ``uk`` pipeline as the analysis of a spaCy pipeline, and Stanza documents ↔ records.

- :func:`stanza_to_doc` turns a ``stanza.Document`` into a spaCy Doc with its tokens, sentences, UPOS, XPOS
  (``token.tag_``), FEATS, lemmas, dependencies and entities, every offset into the document's text. The
  whitespace between Stanza's tokens becomes spaCy's (``whitespace_`` for one space, else a whitespace token), so
  ``doc.text`` is the text. A multiword token whose words spell out its surface gives one spaCy token per word;
  any other one stays one token with the annotation of its syntactic head word.
- :class:`StanzaTokenizer` runs a Stanza pipeline as ``nlp.tokenizer`` (``load(backend="stanza")``).
- :func:`from_stanza` / :func:`to_stanza` convert a ``stanza.Document`` to a record (``record.py``) and back.
  ``to_stanza`` reads our CoNLL-U (``record_to_conllu``) into Stanza, so the two agree with
  ``stanza.utils.conll``: offsets as ``start_char``/``end_char``, entities as BIOES ``ner`` tags, and our quote
  and speaker marks kept in MISC.

Stanza's Ukrainian NER says ``PERS`` where we say ``PER`` (LOC, ORG and MISC are the same in both). Stanza (and
with it torch) is imported only inside the functions that need it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..errors import DataError, Errors, ModelError, UserError
from ..io.conllu import Sentence, format_misc, format_sentence, iter_conllu, parse_misc
from ..io.writers import record_to_conllu
from ..record import doc_to_record

if TYPE_CHECKING:
    import stanza

__all__ = ["LABELS_FROM_STANZA", "StanzaTokenizer", "from_stanza", "import_stanza", "load_stanza_pipeline",
           "stanza_to_doc", "to_stanza"]

#: Stanza entity labels that differ from ours, and back.
LABELS_FROM_STANZA: dict[str, str] = {"PERS": "PER"}
LABELS_TO_STANZA: dict[str, str] = {ours: theirs for theirs, ours in LABELS_FROM_STANZA.items()}
#: MISC keys of our CoNLL-U that a stanza.Document holds natively (offsets, entities, whitespace).
_NATIVE_MISC = frozenset({"TokenRange", "NER", "SpaceAfter", "SpacesAfter"})


def import_stanza(what: str):
    """The ``stanza`` module, or a :class:`UserError` saying how to install the extra (torch first)."""
    try:
        import stanza
    except ImportError:
        raise UserError(Errors.E801.format(what=what)) from None
    return stanza


def load_stanza_pipeline(stanza_dir: str | Path | None = None, **options: Any) -> stanza.Pipeline:
    """The Stanza ``uk`` pipeline stored in ``stanza_dir``; never downloads anything.

    stanza_dir: the folder given to ``stanza.download("uk", model_dir=...)`` (default: Stanza's own,
        ``$STANZA_RESOURCES_DIR`` or ``~/stanza_resources``).
    options: passed on to ``stanza.Pipeline`` (``processors``, ``use_gpu``, ``logging_level``, …).
    """
    stanza = import_stanza("load(backend='stanza')")
    from stanza.resources.common import DEFAULT_MODEL_DIR

    root = Path(stanza_dir if stanza_dir is not None else DEFAULT_MODEL_DIR).expanduser()
    missing = ("no such folder" if not root.is_dir()
               else "no resources.json in it" if not (root / "resources.json").is_file()
               else "no uk/ folder in it" if not (root / "uk").is_dir() else None)
    if missing:
        raise ModelError(Errors.E802.format(path=root, reason=missing))
    options = {"logging_level": "WARN", **options, "download_method": None}
    try:
        return stanza.Pipeline("uk", dir=str(root), **options)
    except FileNotFoundError as exc:  # resources.json names a model file that is not there
        raise ModelError(Errors.E802.format(path=root, reason=exc)) from exc
    except Exception as exc:  # a corrupt or incompatible model: say so, with Stanza's reason
        raise ModelError(Errors.E803.format(path=root, reason=exc)) from exc


# ---------------------------------------------------------------------------------------- stanza → spaCy Doc

@lru_cache(maxsize=1)
def _vocab() -> Vocab:
    """A Ukrainian vocab with our NORM (``token.norm_`` as in the default pipeline), for :func:`from_stanza`."""
    import spacy

    from ..tokenizer import _set_norm_getter

    nlp = spacy.blank("uk")
    _set_norm_getter(nlp)
    return nlp.vocab


@dataclass
class _Unit:
    """A spaCy token to be: a stretch of the text and the Stanza word it carries (None for whitespace)."""

    start: int
    end: int
    sent: int
    word: Any = None
    ner: str = "O"
    space: bool = False


def _spaces(token: Any, attr: str, default: str) -> str:
    value = getattr(token, attr, None)
    return default if value is None else value


def _token_offsets(sdoc: stanza.Document) -> tuple[str, list[tuple[int, int]]]:
    """The document's text and each token's (start, end) in it.

    A Document without text or offsets (read from CoNLL-U that has none) gets its text rebuilt from the
    tokens and their whitespace, as ``stanza.utils.conll`` does.
    """
    tokens = [t for s in sdoc.sentences for t in s.tokens]
    if sdoc.text is not None and all(t.start_char is not None and t.end_char is not None for t in tokens):
        text, spans = sdoc.text, [(t.start_char, t.end_char) for t in tokens]
    else:
        pieces: list[str] = []
        spans = []
        pos = 0
        for n, t in enumerate(tokens):
            gap = _spaces(tokens[n - 1], "spaces_after", " ") if n else _spaces(t, "spaces_before", "")
            pieces += [gap, t.text]
            spans.append((pos + len(gap), pos + len(gap) + len(t.text)))
            pos = spans[-1][1]
        if tokens and (tail := _spaces(tokens[-1], "spaces_after", " ")) != " ":
            pieces.append(tail)  # a single space after the last token is Stanza's default, not text
        text = "".join(pieces)
    end = 0
    for t, (a, b) in zip(tokens, spans, strict=True):
        # Stanza may fold whitespace inside a token ("10 000"); anything else means the offsets are off.
        if a < end or b > len(text) or "".join(text[a:b].split()) != "".join(t.text.split()):
            raise DataError(Errors.E806.format(token=t.text, start=a, end=b, found=text[a:b]))
        end = b
    return text, spans


def _word_spans(token: Any, start: int, end: int, text: str) -> list[tuple[int, int, Any, list[Any]]]:
    """(start, end, word, the words it stands for) for each spaCy token a Stanza token becomes."""
    words = token.words
    if len(words) == 1:
        return [(start, end, words[0], words)]
    split = re.fullmatch(r"\s*".join(f"({re.escape(w.text)})" for w in words), text[start:end])
    if split:
        return [(start + split.start(k), start + split.end(k), w, [w]) for k, w in enumerate(words, 1)]
    ids = {w.id for w in words}
    head = next((w for w in words if w.head not in ids), words[0])
    return [(start, end, head, words)]


def _iob(tag: str | None, first: bool) -> str:
    """A Stanza BIOES (or BIO) tag as spaCy IOB, with our label; ``first`` is False for a token's later words."""
    if not tag or tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    return ("B-" if prefix in "BS" and first else "I-") + LABELS_FROM_STANZA.get(label, label)


def _add_gap(units: list[_Unit], text: str, pos: int, start: int) -> None:
    """Whitespace between tokens the spaCy way: one space on the token before, the rest a token of its own."""
    if pos >= start:
        return
    if units and text[pos] == " ":
        units[-1].space = True
        pos += 1
    if pos < start:
        units.append(_Unit(pos, start, units[-1].sent if units else 0))


def _valid_iob(tags: list[str]) -> list[str]:
    """I- tags that do not continue an entity of their label start one (spaCy refuses I without B)."""
    out: list[str] = []
    for tag in tags:
        if tag.startswith("I-") and (not out or out[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
    return out


def stanza_to_doc(sdoc: stanza.Document, vocab: Vocab | None = None) -> Doc:
    """A spaCy Doc with the analysis of a ``stanza.Document`` (see the module docstring)."""
    text, spans = _token_offsets(sdoc)
    units: list[_Unit] = []
    unit_of: dict[tuple[int, int], int] = {}  # (sentence, Stanza word id) → unit
    pos, k = 0, 0
    for si, sent in enumerate(sdoc.sentences):
        for token in sent.tokens:
            start, end = spans[k]
            k += 1
            for n, (a, b, word, covered) in enumerate(_word_spans(token, start, end, text)):
                _add_gap(units, text, pos, a)
                for w in covered:
                    unit_of[si, w.id] = len(units)
                units.append(_Unit(a, b, si, word, _iob(token.ner, n == 0)))
                pos = b
    _add_gap(units, text, pos, len(text))

    words = [u.word for u in units if u.word is not None]
    kw: dict[str, Any] = {"sent_starts": [i == 0 or u.sent != units[i - 1].sent for i, u in enumerate(units)]}

    def column(get: Callable[[Any], str | None], blank: Callable[[_Unit], str]) -> list[str] | None:
        if not any(get(w) for w in words):
            return None
        return [(get(u.word) or "") if u.word is not None else blank(u) for u in units]

    kw["pos"] = column(lambda w: w.upos, lambda u: "SPACE" if text[u.start:u.end].isspace() else "X")
    kw["tags"] = column(lambda w: w.xpos, lambda u: "_SP")
    kw["morphs"] = column(lambda w: w.feats, lambda u: "")
    kw["lemmas"] = column(lambda w: w.lemma, lambda u: text[u.start:u.end])
    if words and all(w.head is not None and w.deprel for w in words):
        heads, deps = [], []
        for i, u in enumerate(units):
            if u.word is None:  # whitespace hangs on the token before it (the first word at the very start)
                heads.append(i - 1 if i else i + 1)
                deps.append("dep")
            else:
                heads.append(unit_of.get((u.sent, u.word.head), i) if u.word.head else i)
                deps.append("ROOT" if u.word.head == 0 else u.word.deprel)
        kw.update(heads=heads, deps=deps)
    if any(t.ner is not None for s in sdoc.sentences for t in s.tokens):
        tags = [u.ner for u in units]
        for i, u in enumerate(units):  # whitespace inside an entity stays inside it
            if (u.word is None and 0 < i < len(units) - 1 and tags[i + 1].startswith("I-")
                    and tags[i - 1] != "O" and tags[i - 1][2:] == tags[i + 1][2:]):
                tags[i] = tags[i + 1]
        kw["ents"] = _valid_iob(tags)
    return Doc(vocab or _vocab(), words=[text[u.start:u.end] for u in units], spaces=[u.space for u in units], **kw)


class StanzaTokenizer:
    """``nlp.tokenizer`` that runs a Stanza pipeline and returns its analysis as a Doc (see :func:`stanza_to_doc`).

    pipeline: a ``stanza.Pipeline``, or any callable from text to a ``stanza.Document`` with offsets into it.
    """

    def __init__(self, vocab: Vocab, pipeline: Callable[[str], stanza.Document]) -> None:
        self.vocab = vocab
        self.pipeline = pipeline

    def __call__(self, text: str) -> Doc:
        doc = stanza_to_doc(self.pipeline(text), self.vocab)
        if doc.text != text:  # offsets must refer to the caller's text, whatever the pipeline did
            raise DataError(Errors.E807)
        return doc


# ------------------------------------------------------------------------------------------ records ↔ stanza

def _doc_id(sdoc: stanza.Document) -> str | None:
    """The document id of a Stanza document: its sentences' ``doc_id``, else a ``# newdoc id`` comment."""
    for sent in sdoc.sentences[:1]:
        if getattr(sent, "doc_id", None):
            return sent.doc_id
        for comment in getattr(sent, "comments", None) or ():
            key, sep, value = str(comment).lstrip("#").partition("=")
            if sep and key.strip() == "newdoc id":
                return value.strip()
    return None


def from_stanza(sdoc: stanza.Document, *, id: str | None = None, meta: dict[str, Any] | None = None
                ) -> dict[str, Any]:
    """The record of a ``stanza.Document`` (schema ``ukrnews-nlp/1``, as :func:`~ukrnews_nlp.doc_to_record`).

    Entities get their nominative ``normal`` form from our normalizer; quotes and speakers stay empty (run
    ``load(backend="stanza")`` for them). ``id`` defaults to the document's ``# newdoc id``.
    """
    from .. import entities  # noqa: F401  (registers Span._.normal, the entities' normal forms)

    return doc_to_record(stanza_to_doc(sdoc), id=id if id is not None else _doc_id(sdoc), meta=meta)


def _stanza_entry(row: dict[str, str]) -> dict[str, Any]:
    """One word row of our CoNLL-U as a Stanza token dict, its offsets and entity tag out of MISC."""
    misc = parse_misc(row["misc"])
    start, _, end = misc["TokenRange"].partition(":")
    entry: dict[str, Any] = {"id": (int(row["id"]),), "text": row["form"], "start_char": int(start),
                             "end_char": int(end), "ner": misc.get("NER", "O")}
    for key in ("lemma", "upos", "feats", "deprel"):
        if row[key] != "_":
            entry[key] = row[key]
    if row["head"] != "_":
        entry["head"] = int(row["head"])
    rest = {key: value for key, value in misc.items() if key not in _NATIVE_MISC}
    if rest:
        entry["misc"] = format_misc(rest)
    return entry


def _to_bioes(entries: list[dict[str, Any]]) -> None:
    """Our IOB tags (``B-PER``/``I-PER``/``O``) → Stanza's BIOES with Stanza's labels, in place."""
    tags = [e["ner"] for e in entries]
    for n, tag in enumerate(tags):
        if tag == "O":
            continue
        label = tag[2:]
        inside = tag.startswith("I-") and n > 0 and tags[n - 1][2:] == label
        goes_on = n + 1 < len(tags) and tags[n + 1] == "I-" + label
        prefix = ("I" if goes_on else "E") if inside else ("B" if goes_on else "S")
        entries[n]["ner"] = f"{prefix}-{LABELS_TO_STANZA.get(label, label)}"


def to_stanza(record: dict[str, Any]) -> stanza.Document:
    """A ``stanza.Document`` of a record: its text, sentences, words (lemma, UPOS, FEATS, head, deprel), offsets
    and entities; whitespace tokens are left out (the text keeps the whitespace), as in our CoNLL-U."""
    import_stanza("to_stanza()")
    from stanza.models.common.doc import Document

    sentences, comments = [], []
    for sent in iter_conllu(record_to_conllu(record).splitlines()):
        entries = [_stanza_entry(row) for row in sent.words()]
        _to_bioes(entries)
        sentences.append(entries)
        comments.append(format_sentence(Sentence(comments=sent.comments)).split("\n")[:len(sent.comments)])
    return Document(sentences, text=record["text"], comments=comments)
