"""HTML view of an annotated document for notebooks (and any browser), made from its record.

>>> view = show(record)        # or show(doc); the last expression of a Jupyter cell renders it
>>> view.save("article.html")  # a standalone page

Entities are tinted by label with the label after them (displaCy style); quotes are tinted in their speaker's
colour with a badge naming the speaker at the start, the cue is underlined and the speaker's mention is boxed in
the same colour. Hovering a word shows its lemma, UPOS and features, and inside an entity its normal form.

Everything is inline HTML with inline styles: no scripts, no stylesheets, nothing fetched (it renders offline and
in sanitised outputs). Backgrounds are translucent and the text keeps the notebook's own colour, so the view reads
the same in light and dark themes. :func:`to_displacy` gives the entities in displaCy's manual format.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Errors, UserError
from .frames import ENTITY_LABELS

__all__ = ["DocumentView", "show", "to_displacy", "ENTITY_COLORS", "SPEAKER_COLORS"]

#: Entity label → colour (used translucent for the tint, solid for the label text's underline of the legend).
ENTITY_COLORS: dict[str, str] = {
    "PER": "#8b5cf6", "LOC": "#f97316", "ORG": "#06b6d4", "DATE": "#10b981", "TIME": "#14b8a6",
    "PERIOD": "#22c55e", "JOB": "#ec4899", "MON": "#eab308", "PCT": "#84cc16", "QUANT": "#a8a29e",
    "ART": "#d946ef", "DOC": "#ef4444", "MISC": "#64748b",
}
#: Speakers get these colours in order of their first quote; unattributed quotes are grey.
SPEAKER_COLORS: tuple[str, ...] = ("#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#db2777",
                                   "#0891b2", "#65a30d", "#9a3412", "#4f46e5")
NO_SPEAKER_COLOR = "#6b7280"
_FALLBACK_COLORS = ("#0ea5e9", "#f43f5e", "#a855f7", "#f59e0b", "#14b8a6", "#6366f1")

# Drawing order when spans start at the same place: quotes outermost, then mentions and cues, entities, words.
_QUOTE, _MENTION, _ENTITY, _WORD = range(4)


def _rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _entity_color(label: str) -> str:
    if label in ENTITY_COLORS:
        return ENTITY_COLORS[label]
    return _FALLBACK_COLORS[sum(map(ord, label)) % len(_FALLBACK_COLORS)]


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass
class _Mark:
    """A span of the text drawn as ``<span …>``; ``prefix`` goes in at its real start, ``suffix`` at its end."""

    start: int
    end: int
    layer: int
    attrs: str
    prefix: str = ""
    suffix: str = ""


def _nest(text: str, marks: list[_Mark]) -> str:
    """Interleave ``marks`` with ``text`` as properly nested HTML.

    Marks that cross are closed and reopened around the crossing point (as browsers do with misnested
    formatting tags), so any set of spans renders; the prefix and suffix appear once, at the true edges.
    Whitespace at the edges of a mark is drawn outside it.
    """
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    for m in marks:  # a span that takes in a line break would draw an empty box on a line of its own
        while m.start < m.end and text[m.start].isspace():
            m.start += 1
        while m.end > m.start and text[m.end - 1].isspace():
            m.end -= 1
    marks = [m for m in marks if m.start < m.end]
    starts: dict[int, list[_Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    for group in starts.values():
        group.sort(key=lambda m: (m.layer, -m.end))
    points = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    stack: list[_Mark] = []
    for k, p in enumerate(points):
        ending = [j for j, m in enumerate(stack) if m.end == p]
        if ending:
            lowest = ending[0]
            reopen = []
            for m in reversed(stack[lowest:]):
                if m.end == p:
                    out.append(m.suffix + "</span>")
                else:
                    out.append("</span>")
                    reopen.append(m)
            del stack[lowest:]
            for m in reversed(reopen):
                out.append(f"<span {m.attrs}>")
                stack.append(m)
        for m in starts.get(p, ()):
            out.append(f"<span {m.attrs}>{m.prefix}")
            stack.append(m)
        if k + 1 < len(points):
            out.append(_esc(text[p:points[k + 1]]))
    return "".join(out)


def _word_title(token: Mapping[str, Any], entity: Mapping[str, Any] | None) -> str:
    bits = [f"lemma: {token['lemma']}" if token.get("lemma") else "", token.get("upos") or "",
            token.get("feats") or ""]
    lines = [" · ".join(b for b in bits if b)]
    if entity is not None:
        lines.append(f"{entity['label']}: {entity.get('normal') or entity['text']}")
    return "\n".join(line for line in lines if line)


@dataclass(repr=False)
class DocumentView:
    """A record drawn as HTML; Jupyter renders it through ``_repr_html_``.

    max_height: CSS height after which the view scrolls (``None``: no limit), so long articles stay compact.
    words: hover titles on every word (lemma, UPOS, features); turn off to shrink the HTML of huge texts.
    legend: a header with the document id, counts, entity labels and speakers.
    """

    record: Mapping[str, Any]
    max_height: str | None = "36em"
    words: bool = True
    legend: bool = True

    def _speaker_colors(self) -> dict[str, str]:
        colors: dict[str, str] = {}
        for quote in self.record.get("quotes") or []:
            name = (quote.get("speaker") or {}).get("name")
            if name and name not in colors:
                colors[name] = SPEAKER_COLORS[len(colors) % len(SPEAKER_COLORS)]
        for speaker in self.record.get("speakers") or []:
            colors.setdefault(speaker["name"], SPEAKER_COLORS[len(colors) % len(SPEAKER_COLORS)])
        return colors

    def _marks(self, colors: dict[str, str]) -> list[_Mark]:
        record = self.record
        marks: list[_Mark] = []
        for ent in record.get("entities") or []:
            color = _entity_color(ent["label"])
            normal = ent.get("normal") or ent["text"]
            title = f"{ent['label']}" + (f" · normal form: {normal}" if normal else "")
            marks.append(_Mark(
                ent["start"], ent["end"], _ENTITY,
                f'data-ukn="ent" title="{_esc(title)}" style="background:{_rgba(color, 0.22)};border-radius:.3em;'
                f'padding:.08em .2em;box-decoration-break:clone;-webkit-box-decoration-break:clone"',
                suffix=f'<span data-ukn="label" style="font-size:.62em;font-weight:700;letter-spacing:.03em;'
                       f'margin-left:.35em;color:{color};vertical-align:.12em">{_esc(ent["label"])}</span>'))
        for quote in record.get("quotes") or []:
            speaker = quote.get("speaker") or {}
            name = speaker.get("name")
            color = colors.get(name, NO_SPEAKER_COLOR) if name else NO_SPEAKER_COLOR
            cue = quote.get("cue") or None
            kind = quote.get("kind", "direct")
            title = (f"{kind} quote · speaker: {name or 'unknown'}"
                     + (f" ({speaker['label']})" if speaker.get("label") else "")
                     + (f" · cue: {cue['text']}" if cue else ""))
            # direct quotes: solid tint and rule; reported speech: lighter tint, dashed rule
            line = "solid" if kind == "direct" else "dashed"
            alpha = 0.14 if kind == "direct" else 0.08
            style = (f"background:{_rgba(color, alpha)};border-bottom:2px {line} {_rgba(color, 0.85)};"
                     f"box-decoration-break:clone;-webkit-box-decoration-break:clone;padding:.1em 0")
            glyph = "❝" if kind == "direct" else "≈"
            badge = (f'<span data-ukn="badge" title="{_esc(title)}" style="background:{color};color:#fff;'
                     f'border-radius:.9em;padding:.1em .55em;margin-right:.35em;font-size:.74em;font-weight:600;'
                     f'white-space:nowrap;vertical-align:.12em;font-style:normal">{glyph} {_esc(name or "?")}</span>')
            for n, (start, end) in enumerate(quote.get("parts") or [[quote["start"], quote["end"]]]):
                marks.append(_Mark(start, end, _QUOTE, f'data-ukn="quote" title="{_esc(title)}" style="{style}"',
                                   prefix=badge if n == 0 else ""))
            if cue:
                marks.append(_Mark(cue["start"], cue["end"], _MENTION,
                                   f'data-ukn="cue" title="cue of a quote by {_esc(name or "an unknown speaker")}" '
                                   f'style="text-decoration:underline 2px {color};text-underline-offset:.22em"'))
            mention = speaker.get("mention")
            if mention:
                marks.append(_Mark(mention["start"], mention["end"], _MENTION,
                                   f'data-ukn="speaker" title="speaker: {_esc(name or "")}" '
                                   f'style="box-shadow:inset 0 0 0 1.5px {color};border-radius:.3em;'
                                   f'padding:.08em .15em"'))
        # a mention quoted by several quotes appears once
        unique: dict[tuple[int, int, int, str], _Mark] = {}
        for m in marks:
            unique.setdefault((m.start, m.end, m.layer, m.attrs), m)
        marks = list(unique.values())
        if self.words:
            marks.extend(self._word_marks())
        return marks

    def _word_marks(self) -> list[_Mark]:
        entities = sorted(self.record.get("entities") or [], key=lambda e: e["start"])
        marks, k = [], 0
        for token in self.record.get("tokens") or []:
            if token["text"].isspace():
                continue
            while k < len(entities) and entities[k]["end"] <= token["start"]:
                k += 1
            entity = entities[k] if k < len(entities) and entities[k]["start"] < token["end"] else None
            title = _word_title(token, entity)
            if title:
                marks.append(_Mark(token["start"], token["end"], _WORD, f'title="{_esc(title)}"'))
        return marks

    def _legend(self, colors: dict[str, str]) -> str:
        record = self.record
        chip = ("display:inline-block;border-radius:.9em;padding:.05em .6em;margin:.15em .35em .15em 0;"
                "font-size:.78em;white-space:nowrap;")
        counts = (f"{len(record.get('sentences') or [])} sentences · {len(record.get('tokens') or [])} tokens · "
                  f"{len(record.get('entities') or [])} entities · {len(record.get('quotes') or [])} quotes")
        head = (f'<div style="font-size:.8em;opacity:.75;margin-bottom:.3em">'
                f'{"<b>" + _esc(str(record["id"])) + "</b> · " if record.get("id") is not None else ""}'
                f"{counts}</div>")
        labels = sorted({e["label"] for e in record.get("entities") or []},
                        key=lambda lab: (ENTITY_LABELS.index(lab) if lab in ENTITY_LABELS else 99, lab))
        chips = [f'<span style="{chip}background:{_rgba(_entity_color(lab), 0.22)}">'
                 f'<b style="color:{_entity_color(lab)}">{_esc(lab)}</b></span>' for lab in labels]
        quotes_by = {s["name"]: s.get("quotes", 0) for s in record.get("speakers") or []}
        for name, color in colors.items():
            chips.append(f'<span style="{chip}background:{color};color:#fff;font-weight:600">{_esc(name)}'
                         f'<span style="opacity:.8;font-weight:400"> · {quotes_by.get(name, 0)}</span></span>')
        if any(not (q.get("speaker") or {}).get("name") for q in record.get("quotes") or []):
            chips.append(f'<span style="{chip}background:{NO_SPEAKER_COLOR};color:#fff">? unattributed</span>')
        if record.get("quotes"):
            chips.append(f'<span style="{chip}opacity:.75">❝ direct · ≈ reported</span>')
        return (f'<div data-ukn="legend" style="border-bottom:1px solid rgba(128,128,128,.3);padding-bottom:.45em;'
                f'margin-bottom:.7em;line-height:1.6">{head}{"".join(chips)}</div>')

    def html(self) -> str:
        """The view as an HTML fragment (one ``<div>``)."""
        if not isinstance(self.record, Mapping) or "text" not in self.record:
            raise UserError(Errors.E701.format(type=type(self.record).__name__))
        colors = self._speaker_colors()
        body = _nest(self.record["text"], self._marks(colors))
        scroll = f"max-height:{self.max_height};overflow-y:auto;" if self.max_height else ""
        return (f'<div class="ukrnews-view" style="font-family:system-ui,-apple-system,\'Segoe UI\',Roboto,'
                f"'Noto Sans','DejaVu Sans',sans-serif;font-size:15px;color:inherit;max-width:56em;"
                f'border:1px solid rgba(128,128,128,.35);border-radius:8px;padding:.8em 1.1em;{scroll}">'
                f'{self._legend(colors) if self.legend else ""}'
                f'<div style="white-space:pre-wrap;line-height:2.05;overflow-wrap:break-word">{body}</div></div>')

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        r = self.record
        return (f"DocumentView({r.get('id')!r}: {len(r.get('tokens') or [])} tokens, "
                f"{len(r.get('entities') or [])} entities, {len(r.get('quotes') or [])} quotes)")

    def page(self, *, dark: bool = False) -> str:
        """A standalone HTML page holding the view (light or dark background)."""
        bg, fg = ("#111418", "#e6e6e6") if dark else ("#ffffff", "#1f2328")
        title = _esc(str(self.record.get("id") or "ukrnews-nlp"))
        return (f'<!DOCTYPE html>\n<html lang="uk"><head><meta charset="utf-8"><title>{title}</title></head>'
                f'<body style="margin:0;padding:16px;background:{bg};color:{fg}">{self.html()}</body></html>\n')

    def save(self, path: str | Path, *, dark: bool = False) -> Path:
        """Write :meth:`page` to ``path`` (UTF-8) and return the path."""
        path = Path(path)
        path.write_text(self.page(dark=dark), encoding="utf-8")
        return path


def _as_record(doc_or_record: Any) -> Mapping[str, Any]:
    from spacy.tokens import Doc

    from .record import doc_to_record

    if isinstance(doc_or_record, Doc):
        return doc_to_record(doc_or_record)
    if isinstance(doc_or_record, Mapping) and "text" in doc_or_record:
        return doc_or_record
    raise UserError(Errors.E701.format(type=type(doc_or_record).__name__))


def show(doc_or_record: Any, *, max_height: str | None = "36em", words: bool = True,
         legend: bool = True) -> DocumentView:
    """The notebook view of a record or a spaCy Doc (a Doc becomes a record with ``doc_to_record`` first).

    Returns a :class:`DocumentView`: as a cell's last expression it renders; elsewhere use
    ``IPython.display.display(show(x))``, or ``show(x).save("x.html")``.
    """
    return DocumentView(_as_record(doc_or_record), max_height=max_height, words=words, legend=legend)


def to_displacy(doc_or_record: Any, *, labels: Iterable[str] | None = None) -> dict[str, Any]:
    """Entities in displaCy's manual format: ``displacy.render(to_displacy(r), style="ent", manual=True,
    options={"colors": ENTITY_COLORS})``."""
    record = _as_record(doc_or_record)
    wanted = set(labels) if labels is not None else None
    return {"text": record["text"], "title": record.get("id"),
            "ents": [{"start": e["start"], "end": e["end"], "label": e["label"]}
                     for e in record.get("entities") or [] if wanted is None or e["label"] in wanted]}
