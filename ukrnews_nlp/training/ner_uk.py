"""Reader and converter for the NER-UK corpora (lang-uk), versions 2.0 and 1.0.

The ``.ann`` files look like brat but are not standard: NER-UK 2.0 separates all five fields by TABs
(``T1<TAB>PERS<TAB>0<TAB>5<TAB>Тарас``) and continues a surface that spans a newline on the next line;
NER-UK 1.0 uses brat's ``T1<TAB>PERS 0 5<TAB>Тарас``. Offsets are code-point offsets into the ``.txt``.

This module knows nothing of models: it yields plain documents (id, source, text, entity spans) and turns
them into spaCy training ``Doc`` objects with the tokenizer it is given, so that training sees the tokens
the shipped pipeline produces at run time.
"""
from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Errors

#: NER-UK type → label used by our model. Types not listed are kept as they are.
LABEL_MAP = {"PERS": "PER"}
#: The 13 labels of NER-UK 2.0 after :data:`LABEL_MAP`.
LABELS_V2 = ("PER", "LOC", "ORG", "DATE", "TIME", "PERIOD", "JOB", "MON", "PCT", "QUANT", "ART", "DOC",
             "MISC")
#: The 4 labels of NER-UK 1.0.
LABELS_V1 = ("PER", "LOC", "ORG", "MISC")
#: The three classic types, reported separately.
CORE_LABELS = ("PER", "LOC", "ORG")

_ANN_V2 = re.compile(r"^T\d+\t([A-Z]+)\t(\d+)\t(\d+)\t")
_ANN_V1 = re.compile(r"^T\d+\t([A-Z]+) (\d+) (\d+)\t")


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str


@dataclass
class NerDocument:
    """One NER-UK text with its entities (character offsets into ``text``, end exclusive)."""

    id: str
    source: str  # "ng" (news), "bruk" (BRUK mixed genres) or "v1"
    text: str
    entities: list[Entity] = field(default_factory=list)
    #: How many nested/overlapping spans :func:`remove_overlaps` dropped.
    n_dropped_nested: int = 0


def _data_root(data_dir: Path | str, version: int) -> Path:
    root = Path(data_dir) / ("ner-uk-2.0" if version == 2 else "ner-uk-1.0")
    if not root.is_dir():
        raise DataError(Errors.E201.format(path=data_dir, expected=root.name))
    return root


def read_split(path: Path) -> dict[str, list[str]]:
    """Parse a ``dev-test-split.txt``: a ``DEV`` header, ids, a ``TEST`` header, ids."""
    split: dict[str, list[str]] = {"DEV": [], "TEST": []}
    current: str | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        name = line.strip()
        if not name:
            continue
        if name in split:
            current = name
        elif current is None:
            raise DataError(Errors.E202.format(path=path, line=number, reason="id before DEV/TEST header"))
        else:
            split[current].append(name)
    return split


def read_ann(path: Path, text: str, *, version: int = 2) -> list[Entity]:
    """Read entity spans from an ``.ann`` file; continuation lines (surfaces with a newline) are skipped."""
    pattern = _ANN_V2 if version == 2 else _ANN_V1
    entities = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("T"):
            continue  # continuation of a surface that spans a newline
        match = pattern.match(line)
        if match is None:
            if version == 2 and re.match(r"^T\d+\t", line):
                raise DataError(Errors.E202.format(path=path, line=number, reason="not a 5-field T line"))
            continue  # continuation line that happens to start with "T"
        label, start, end = match.group(1), int(match.group(2)), int(match.group(3))
        if not 0 <= start < end <= len(text):
            raise DataError(Errors.E202.format(path=path, line=number, reason="offsets outside the text"))
        entities.append(Entity(start, end, LABEL_MAP.get(label, label)))
    return entities


def remove_overlaps(entities: Iterable[Entity]) -> tuple[list[Entity], int]:
    """Keep the outer/longest of nested or overlapping entities; return them sorted, and how many were dropped."""
    ranked = sorted(entities, key=lambda e: (-(e.end - e.start), e.start))
    kept: list[Entity] = []
    for ent in ranked:
        if all(ent.end <= k.start or ent.start >= k.end for k in kept):
            kept.append(ent)
    dropped = len(ranked) - len(kept)
    return sorted(kept, key=lambda e: e.start), dropped


def load_documents(data_dir: Path | str, split: str, *, version: int = 2) -> list[NerDocument]:
    """Load the official ``DEV`` or ``TEST`` part of NER-UK ``version`` 2 (13 types) or 1 (4 types)."""
    root = _data_root(data_dir, version)
    if version == 2:
        ids = read_split(root / "data" / "dev-test-split.txt")[split]
        folders = {p.stem: p.parent.name for p in (root / "data").glob("*/*.txt")}
    else:
        ids = read_split(root / "dev-test-split.txt")[split]
        folders = {}
    documents = []
    for doc_id in ids:
        if version == 2:
            if doc_id not in folders:
                raise DataError(Errors.E202.format(path=root / "data" / "dev-test-split.txt", line="?",
                                                   reason=f"no text for id {doc_id}"))
            base = root / "data" / folders[doc_id] / doc_id
            source = folders[doc_id]
        else:
            base = root / "data" / doc_id
            source = "v1"
        text = Path(str(base) + ".txt").read_text(encoding="utf-8")
        ann = Path(str(base) + ".ann")
        entities, dropped = remove_overlaps(read_ann(ann, text, version=version))
        documents.append(NerDocument(doc_id, source, text, entities, dropped))
    return documents


def split_validation(documents: list[NerDocument], *, fraction: float = 0.12,
                     seed: int = 0) -> tuple[list[NerDocument], list[NerDocument]]:
    """Split DEV documents into train and validation parts by document, stratified by source."""
    rng = random.Random(seed)
    train, valid = [], []
    for source in sorted({d.source for d in documents}):
        group = sorted((d for d in documents if d.source == source), key=lambda d: d.id)
        rng.shuffle(group)
        n_valid = max(1, round(len(group) * fraction))
        valid.extend(group[:n_valid])
        train.extend(group[n_valid:])
    return train, valid


def chunk_spans(text: str, *, max_chars: int = 1500) -> Iterator[tuple[int, int]]:
    """Cut a text into chunks of whole lines (paragraphs where blank lines separate them) of ≤ ``max_chars``.

    Chunks give the model context across sentence boundaries like whole documents at run time, while
    keeping training batches small. A single longer line is one chunk.
    """
    start = end = 0
    for line in re.finditer(r"[^\n]*\n|[^\n]+$", text):
        blank = not line.group().strip()
        if end > start and (blank or line.end() - start > max_chars):
            yield start, end
            start = line.start()
        end = line.end()
        if blank:
            start = end
    if end > start:
        yield start, end


#: Lowercase stems of names written in lower case by much 2022+ Ukrainian news (russia-related).
LOWERCASE_STYLE_STEMS = (
    "росі", "російськ", "рф", "москв", "московськ", "кремл", "путін", "лукашенк", "шойгу", "лавров",
    "пєсков", "медведєв", "кадиров", "мінськ", "білорус", "гебіст", "фсб", "кгб", "срср", "рашист",
)


def is_lowercase_style_target(surface: str) -> bool:
    """True for entity surfaces that 2022+ style may write in lower case (e.g. ``росія``, ``путін``)."""
    low = surface.lower()
    return any(word.startswith(LOWERCASE_STYLE_STEMS) for word in low.split())


def lowercase_entities(text: str, entities: Iterable[Entity], *, rng: random.Random,
                       p_target: float = 0.8, p_other: float = 0.04) -> str:
    """Return ``text`` with some PER/LOC/ORG mentions lower-cased (same length, so offsets still hold).

    Russia-related mentions are lower-cased with probability ``p_target``, other PER/LOC/ORG mentions with
    ``p_other``, so that the model learns to find names without relying only on capital letters.
    """
    chars = list(text)
    for ent in entities:
        if ent.label not in CORE_LABELS:
            continue
        surface = text[ent.start:ent.end]
        p = p_target if is_lowercase_style_target(surface) else p_other
        if rng.random() < p:
            lowered = surface.lower()
            if len(lowered) == len(surface):
                chars[ent.start:ent.end] = lowered
    return "".join(chars)


#: Names substituted, in lower case, for other mentions of the same type (see :func:`substitute_entities`).
SUBSTITUTE_NAMES = {
    "LOC": ("росія", "москва", "кремль", "рф"),
    "PER": ("путін", "лукашенко", "шойгу", "лавров", "пєсков", "медведєв", "кадиров"),
}
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")


def _inflect_like(morph, source: str, lemma: str, label: str) -> str | None:
    """``lemma`` inflected into the grammatical case of ``source`` (the last word of a mention), or None."""
    want = "Surn" if label == "PER" else None
    case = None
    for parse in morph.parse(source):
        if parse.tag.POS == "NOUN" and (want is None or want in parse.tag):
            case = parse.tag.case
            break
    if case not in _CASES:
        return None
    target = morph.parse(lemma)[0]
    if "Fixd" in target.tag:
        return lemma
    inflected = target.inflect({case})
    return inflected.word if inflected is not None else None


def substitute_entities(text: str, entities: list[Entity], *, rng: random.Random, morph,
                        p: float = 0.5, p_lower: float = 0.8) -> tuple[str, list[Entity]]:
    """Replace some LOC / PER mentions by russia-related names, mostly lower-cased, in the right case form.

    NER-UK DEV has few such names, and fewer still in lower case; this gives the model many contexts in
    which ``росії``, ``кремлем`` or ``путіним`` are names. Offsets of the returned entities follow the new text.
    """
    pieces, out_ents, last, shift = [], [], 0, 0
    for ent in entities:
        replacement = None
        if ent.label in SUBSTITUTE_NAMES and rng.random() < p:
            words = text[ent.start:ent.end].split()
            lemma = rng.choice(SUBSTITUTE_NAMES[ent.label])
            if words and (ent.label == "PER" or len(words) == 1):
                replacement = _inflect_like(morph, words[-1], lemma, ent.label)
        if replacement is not None and rng.random() >= p_lower:
            replacement = replacement[:1].upper() + replacement[1:] if lemma != "рф" else "РФ"
        pieces.append(text[last:ent.start])
        new = replacement if replacement is not None else text[ent.start:ent.end]
        start = ent.start + shift
        out_ents.append(Entity(start, start + len(new), ent.label))
        pieces.append(new)
        shift += len(new) - (ent.end - ent.start)
        last = ent.end
    pieces.append(text[last:])
    return "".join(pieces), out_ents


@dataclass
class AlignmentStats:
    entities: int = 0
    exact: int = 0
    expanded: int = 0
    lost: int = 0
    by_source: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        return (f"{self.entities} entities: {self.exact} token-aligned, {self.expanded} expanded to token "
                f"boundaries, {self.lost} lost")


def make_docs(nlp, documents: Iterable[NerDocument], *, chunk: bool = True, max_chars: int = 1500,
              augment: float = 0.0, substitute: float = 0.0, seed: int = 0,
              stats: AlignmentStats | None = None) -> Iterator:
    """Turn documents into spaCy ``Doc`` objects with gold ``doc.ents``, tokenized by ``nlp.tokenizer``.

    Entity character spans are aligned to tokens with ``alignment_mode="expand"``; spans that still clash
    with an earlier one are dropped and counted in ``stats``. With ``augment`` > 0, that fraction of
    chunks (and every chunk with a russia-related name) is added a second time with such (and a few other)
    names lower-cased; with ``substitute`` > 0, that fraction of chunks with LOC/PER mentions is added
    with some of them replaced by russia-related names (:func:`substitute_entities`).
    """
    rng = random.Random(seed)
    morph = None
    if substitute:
        import pymorphy3

        morph = pymorphy3.MorphAnalyzer(lang="uk")
    stats = stats if stats is not None else AlignmentStats()
    for document in documents:
        pieces = chunk_spans(document.text, max_chars=max_chars) if chunk else [(0, len(document.text))]
        for start, end in pieces:
            ents = [Entity(e.start - start, e.end - start, e.label)
                    for e in document.entities if e.start >= start and e.end <= end]
            text = document.text[start:end]
            variants = [(text, ents)]
            has_target = any(is_lowercase_style_target(text[e.start:e.end]) for e in ents)
            if augment and (has_target or rng.random() < augment):
                variants.append((lowercase_entities(text, ents, rng=rng), ents))
            if substitute and any(e.label in SUBSTITUTE_NAMES for e in ents) and rng.random() < substitute:
                variants.append(substitute_entities(text, ents, rng=rng, morph=morph))
            for i, (variant, variant_ents) in enumerate(variants):
                if i and variant == text:
                    continue
                doc = nlp.make_doc(variant)
                spans = []
                taken = set()
                for ent in variant_ents:
                    if i == 0:
                        stats.entities += 1
                    span = doc.char_span(ent.start, ent.end, label=ent.label)
                    if span is None:
                        span = doc.char_span(ent.start, ent.end, label=ent.label, alignment_mode="expand")
                        if i == 0 and span is not None:
                            stats.expanded += 1
                    elif i == 0:
                        stats.exact += 1
                    if span is None or any(t in taken for t in range(span.start, span.end)):
                        if i == 0:
                            stats.lost += 1
                        continue
                    taken.update(range(span.start, span.end))
                    spans.append(span)
                doc.ents = sorted(spans, key=lambda s: s.start)
                yield doc
