"""The ``ukrnews_quotes`` spaCy component: direct and indirect quotes with speakers.

Sets ``doc._.quotes`` (list of :class:`Quote`, direct and indirect, in text order) and ``doc._.speakers``
(list of :class:`Speaker`, one per canonical name). Runs after NER and the parser when they exist, and on a
blank pipeline otherwise (pymorphy3 word analysis and capitalised-word heuristics then stand in for them).
Config: ``include_indirect`` (reported speech too), ``use_entities`` (``doc.ents`` labels), ``use_parser``
(the cue verb's parser subject). A quote's ``start``/``end``/``text`` cover its first part; ``parts`` all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy
from spacy.attrs import DEP, HEAD, IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from ..doc_text import doc_text
from ..news_entities import NAME_PARTICLES
from .attribute import Attribution, DocIndex, attribute_quotes, find_indirect
from .detect import detect
from .lexicon import BODY_NOUNS, OPINION_CUES, ROLE_NOUNS
from .morph import entity_nominative, word_info


@dataclass
class Span_:
    text: str
    start: int
    end: int

    def as_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class SpeakerRef:
    name: str
    label: str
    mention: Span_ | None

    def as_json(self) -> dict:
        return {"name": self.name, "label": self.label,
                "mention": self.mention.as_json() if self.mention else None}


@dataclass
class Quote:
    """One direct or indirect quote.

    ``start``/``end``/``text`` cover the first part (inside the marks); ``parts`` lists every part in order, so a
    quote split around its attribution has ``parts[0] == (start, end)`` and more parts after it.
    """

    kind: str
    text: str
    start: int
    end: int
    parts: list[tuple[int, int]]
    speaker: SpeakerRef | None = None
    cue: Span_ | None = None

    def as_json(self) -> dict:
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
                "parts": [[a, b] for a, b in self.parts],
                "speaker": self.speaker.as_json() if self.speaker else None,
                "cue": self.cue.as_json() if self.cue else None}

    def __repr__(self) -> str:
        body = self.text if len(self.text) <= 60 else self.text[:28] + "…" + self.text[-28:]
        who = self.speaker.name if self.speaker else None
        cue = self.cue.text if self.cue else None
        return f"Quote({self.kind}, {body!r} [{self.start}:{self.end}], speaker={who!r}, cue={cue!r})"


@dataclass
class Speaker:
    """Per-document summary of one speaker."""

    name: str
    label: str
    mentions: list[Span_] = field(default_factory=list)
    quotes: int = 0

    def as_json(self) -> dict:
        return {"name": self.name, "label": self.label, "mentions": [m.as_json() for m in self.mentions],
                "quotes": self.quotes}

    def __repr__(self) -> str:
        return f"Speaker({self.name!r}, {self.label}, mentions={len(self.mentions)}, quotes={self.quotes})"


def _register_extensions() -> None:
    if not Doc.has_extension("quotes"):
        Doc.set_extension("quotes", default=None)
    if not Doc.has_extension("speakers"):
        Doc.set_extension("speakers", default=None)


_register_extensions()


def _speaker_ref(text: str, attr: Attribution | None) -> SpeakerRef | None:
    if attr is None or not attr.name:
        return None
    m = attr.mention
    mention = Span_(text[m.start:m.end], m.start, m.end) if m else None
    # a canonical name has plain spaces, whatever the text has between its words (``Генштаб\xa0ЗСУ``, a line break)
    return SpeakerRef(" ".join(attr.name.split()), attr.label or "PER", mention)


def _cue(text: str, attr: Attribution | None) -> Span_ | None:
    if attr is None or attr.cue is None:
        return None
    a, b = attr.cue
    return Span_(text[a:b], a, b)


def _verb_subjects(doc: Doc) -> dict[int, tuple[int, int]] | None:
    """Character start of each verb → its parser subject word (``nsubj`` / ``nsubj:pass``); None unparsed."""
    if not doc.has_annotation("DEP"):
        return None
    # on arrays: creating a Token object per word here cost more than the rest of the component
    strings = doc.vocab.strings
    rows = doc.to_array([DEP, HEAD, IDX, LENGTH]).astype("int64")  # HEAD: offset to the head, 0 for a root
    wanted = numpy.isin(rows[:, 0], [strings.add("nsubj"), strings.add("nsubj:pass")]) & (rows[:, 1] != 0)
    subjects: dict[int, tuple[int, int]] = {}
    for i in numpy.flatnonzero(wanted).tolist():
        start, length = int(rows[i, 2]), int(rows[i, 3])
        subjects.setdefault(int(rows[i + rows[i, 1], 2]), (start, start + length))
    return subjects


def _fuller_organisation_names(doc: Doc, quotes: list[Quote]) -> None:
    """An organisation speaker named short where the document names it in full elsewhere takes the full name, as
    the guidelines ask (``Генштаб`` → ``Генштаб ЗСУ``, ``Міністерство культури`` → ``Міністерство культури та
    інформаційної політики України``): the one organisation entity whose normal form goes on from the short name."""
    short = [q for q in quotes if q.speaker is not None and q.speaker.label == "ORG"]
    if not short:
        return  # most documents: no organisation speaks, no normal form to read
    names = {" ".join(e._.normal.split()) for e in doc.ents if e.label_ == "ORG"}
    # else the name in quote marks inside one ("Група «Нафтогаз України»")
    inner = {m.group(1) for n in names for m in re.finditer(r"«([^«»]+)»", n)}
    # a speaker left as the text inflects an entity of several words takes its normal form ("Раді Європи", which
    # the recogniser took for a place, → "Рада Європи")
    inflected = {e.text: e._.normal for e in doc.ents if len(e) > 1 and e._.normal and e._.normal != e.text}
    for q in short:
        if q.speaker.name in inflected:
            q.speaker.name = inflected[q.speaker.name]
        short_name = q.speaker.name
        fuller = {n for n in names if _goes_on(short_name, n) or _quoted_in(short_name, n)} or {
            n for n in inner if _goes_on(short_name, n)}
        if len(fuller) == 1:
            q.speaker.name = fuller.pop()


def _fuller_person_names(doc: Doc, quotes: list[Quote]) -> None:
    """A person speaker named without the particles and surname of a foreign name the document gives in full
    (``Урсула`` → ``Урсула фон дер Ляєн``), or by the surname without its particles (``Ляєн``): the one person
    entity whose normal form goes on from the speaker's name with a particle, or ends with it after one."""
    short = [q for q in quotes if q.speaker is not None and q.speaker.label == "PER" and q.speaker.name]
    if not short:
        return
    names = {" ".join(e._.normal.split()) for e in doc.ents if e.label_ in ("PER", "PERS")}
    for q in short:
        name = q.speaker.name
        fuller = {n for n in names if (n.startswith(name + " ") and n[len(name):].split()[0] in NAME_PARTICLES)
                  or (n.endswith(" " + name) and n[:-len(name)].split()[-1] in NAME_PARTICLES)}
        if len(fuller) == 1:
            q.speaker.name = fuller.pop()


def _organisations_not_bodies(quotes: list[Quote]) -> None:
    """An organisation speaker named by one of its bodies is the organisation, as the guidelines ask: ``Правління
    Національного банку України`` → ``Національний банк України``."""
    for q in quotes:
        if q.speaker is None or q.speaker.label != "ORG":
            continue
        words = q.speaker.name.split()
        second = next((BODY_NOUNS[lemma] for lemma in word_info(words[0]).lemmas if lemma in BODY_NOUNS), None)
        if second is None or len(words) < 2 or (second and words[1] != second):
            continue
        rest = words[2:] if second else words[1:]
        if rest and rest[0][:1].isupper():
            q.speaker.name = entity_nominative(" ".join(rest), "ORG")


def _goes_on(short: str, name: str) -> bool:
    """``name`` is ``short`` with more of an organisation's name after it (``Генштаб`` → ``Генштаб ЗСУ``)."""
    return name.startswith(short + " ") and _continues_name(name[len(short):])


_NOT_NAME_CONTINUATIONS = frozenset({"-", "–", "—"})


def _quoted_in(short: str, name: str) -> bool:
    """``name`` is a company's legal name around ``short`` in quote marks: an acronym of its form, then the quoted
    name, which ``short`` opens (``Нафтогаз`` in ``НАК «Нафтогаз України»``, ``Укренерго`` in ``НЕК «Укренерго»``)."""
    m = re.fullmatch(r"([А-ЯІЇЄҐA-Z][А-ЯІЇЄҐA-Zа-яіїєґa-z]{1,5}) «(.+)»", name)
    return m is not None and m.group(1)[1:].upper() != m.group(1)[1:].lower() and (
        m.group(2) == short or m.group(2).startswith(short + " ")) and not any(ch in short for ch in "«»")


def _continues_name(rest: str) -> bool:
    """``rest`` can end an organisation's name: a few words, no marks, no preposition, not an apposition
    (``Генштаб`` + `` ЗСУ``; not ``ЮНЕСКО`` + `` - спеціалізованої установи…``, ``НБУ`` + `` з питань…``)."""
    words = rest.split()
    # a run-on phrase: a preposition (``після тестування``) or a word that is only a role noun (``та директора``;
    # not ``та інформаційної політики``, which is also a form of ``політик``)
    return 0 < len(words) <= 6 and words[0] not in _NOT_NAME_CONTINUATIONS and all(
        ch.isalnum() or ch in " '’ʼ«»\"" for ch in rest) and not any(
        w.islower() and ("PREP" in word_info(w).pos or ROLE_NOUNS >= word_info(w).lemmas != frozenset()) for w in words)


def _same_cue_same_speaker(quotes: list[Quote]) -> None:
    """A direct quote inside reported speech with the same cue is the same person's words ("У рішенні журі
    «Молодості» зазначено, що фільм «чесно … показує …»"): it takes the reported speech's speaker; so does one whose
    cue is a verb of opinion inside the reported words ("Орбан заявив, що Будапешт вважає рішення «поганим»": what
    Budapest thinks is Orbán's report)."""
    for q in quotes:
        if q.kind != "indirect" or q.cue is None or q.speaker is None:
            continue
        for inner in quotes:
            if inner.kind == "direct" and q.start <= inner.start < q.end and inner.cue is not None \
                    and inner.speaker is not None and inner.speaker.name != q.speaker.name \
                    and (inner.cue.start == q.cue.start or (q.start <= inner.cue.start < q.end and word_info(
                        inner.cue.text).lemmas & OPINION_CUES)):
                inner.speaker = q.speaker


def _headline_role_named_in_body(text: str, quotes: list[Quote]) -> None:
    """A headline quote's speaker left as a role noun ("«…»: рятувальник про ніч у Миколаєві") is the person the
    body's quotes give that same role noun to ("– згадує рятувальник" → "Максим Литвин")."""
    line_end = text.find("\n")
    for q in quotes:
        if not (0 <= q.start < line_end) or q.speaker is None or q.speaker.mention is None \
                or q.speaker.name != q.speaker.mention.text.lower():
            continue
        lemmas = word_info(q.speaker.mention.text).lemmas & ROLE_NOUNS
        later = {x.speaker.name for x in quotes if x.start > line_end and x.speaker is not None
                 and x.speaker.mention is not None and x.speaker.label == "PER"
                 and word_info(x.speaker.mention.text).lemmas & lemmas and x.speaker.name != x.speaker.mention.text}
        if lemmas and len(later) == 1:
            q.speaker = SpeakerRef(later.pop(), "PER", q.speaker.mention)


def extract_quotes(doc: Doc, *, include_indirect: bool = True, use_entities: bool = True,
                   use_parser: bool = True) -> tuple[list, list]:
    """Quotes and speakers for ``doc`` (the work of the component, usable on its own)."""
    text = doc_text(doc)
    spans = detect(text)
    ents = None
    if use_entities and doc.has_annotation("ENT_IOB"):
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    idx = DocIndex(text, spans, ents, _verb_subjects(doc) if use_parser else None)
    direct = [s for s in spans if s.is_quote]
    # Reported speech is read twice: its speakers ("Іноземець повідомив, що …") are antecedents for the direct
    # quotes after it, and the direct quotes' speakers are antecedents for its own pronouns.
    if include_indirect:
        find_indirect(idx)
    attrs = attribute_quotes(idx, direct)
    indirect = find_indirect(idx) if include_indirect else []
    quotes: list[Quote] = []
    for span, attr in zip(direct, attrs, strict=True):
        start, end = span.parts[0]
        quotes.append(Quote("direct", text[start:end], start, end, list(span.parts), _speaker_ref(text, attr),
                            _cue(text, attr)))
    if include_indirect:
        for item in indirect:
            quotes.append(Quote("indirect", text[item.start:item.end], item.start, item.end,
                                [(item.start, item.end)], _speaker_ref(text, item.attribution),
                                _cue(text, item.attribution)))
    quotes.sort(key=lambda q: (q.start, q.kind))
    _same_cue_same_speaker(quotes)
    _headline_role_named_in_body(text, quotes)
    _organisations_not_bodies(quotes)
    if ents:
        _fuller_organisation_names(doc, quotes)
        _fuller_person_names(doc, quotes)
    speakers: dict[str, Speaker] = {}
    for q in quotes:
        if q.speaker is None:
            continue
        sp = speakers.setdefault(q.speaker.name, Speaker(q.speaker.name, q.speaker.label))
        sp.quotes += 1
        if q.speaker.mention and all(m.start != q.speaker.mention.start for m in sp.mentions):
            sp.mentions.append(q.speaker.mention)
    for sp in speakers.values():
        sp.mentions.sort(key=lambda m: m.start)
    return quotes, list(speakers.values())


class QuoteAttributor:
    """Pipeline component; see the module docstring."""

    def __init__(self, nlp: Language, name: str, *, include_indirect: bool = True, use_entities: bool = True,
                 use_parser: bool = True):
        self.name = name
        self.include_indirect = include_indirect
        self.use_entities = use_entities
        self.use_parser = use_parser
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes, doc._.speakers = extract_quotes(doc, include_indirect=self.include_indirect,
                                                      use_entities=self.use_entities, use_parser=self.use_parser)
        return doc


@Language.factory("ukrnews_quotes", default_config={"include_indirect": True, "use_entities": True,
                                                   "use_parser": True})
def make_quote_attributor(nlp: Language, name: str, *, include_indirect: bool, use_entities: bool, use_parser: bool
                          ) -> QuoteAttributor:
    return QuoteAttributor(nlp, name, include_indirect=include_indirect, use_entities=use_entities,
                           use_parser=use_parser)
