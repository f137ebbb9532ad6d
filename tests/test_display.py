"""show(): the HTML view — well-formed, the original text intact, every annotation drawn, offline, fast."""
from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest

import ukrnews_nlp
from ukrnews_nlp.display import DocumentView, _Mark, _nest, show, to_displacy
from ukrnews_nlp.errors import UserError

from .conftest import EXAMPLES
from .test_frames import TEXT, hand_made_record


class ViewParser(HTMLParser):
    """Checks nesting and collects the document text (without legend, badges and labels) and the marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self.marks: list[tuple[str, str, str]] = []  # (kind, title, text inside)
        self._open: list[tuple[int, str, str, int]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append({"tag": tag, **attrs})
        if attrs.get("data-ukn") in {"ent", "quote", "cue", "speaker"}:
            self._open.append((len(self.stack), attrs["data-ukn"], attrs.get("title") or "", len(self.text)))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1]["tag"] == tag, f"misnested </{tag}>"
        while self._open and self._open[-1][0] == len(self.stack):
            _, kind, title, begin = self._open.pop()
            self.marks.append((kind, title, "".join(self.text[begin:])))
        self.stack.pop()

    def handle_data(self, data):
        if not any(e.get("data-ukn") in {"legend", "badge", "label"} for e in self.stack):
            self.text.append(data)

    def badges(self, html: str) -> list[str]:
        return [part.split(">", 1)[1].split("<", 1)[0] for part in html.split('data-ukn="badge"')[1:]]


def parse(html: str) -> ViewParser:
    parser = ViewParser()
    parser.feed(html)
    parser.close()
    assert not parser.stack, "unclosed tags"
    return parser


def test_view_of_a_hand_made_record(rules_nlp):
    record = hand_made_record(rules_nlp)
    view = ukrnews_nlp.show(record)
    assert isinstance(view, DocumentView)
    html = view._repr_html_()
    parsed = parse(html)
    assert "".join(parsed.text) == record["text"]  # the text, escaped and whole, in order
    # every entity is drawn with its label and its normal form in the hover title
    entities = [(title, text) for kind, title, text in parsed.marks if kind == "ent"]
    assert len(entities) == len(record["entities"])
    for ent in record["entities"]:
        assert (f"{ent['label']} · normal form: {ent['normal']}", ent["text"]) in entities
    # quotes: one tinted span per part, a badge naming the speaker at the first part, the cue underlined
    quote_spans = [m for m in parsed.marks if m[0] == "quote"]
    assert len(quote_spans) == sum(len(q["parts"]) for q in record["quotes"])
    assert parsed.badges(html).count("❝ Руслан Стефанчук") == 1
    assert parsed.badges(html).count("≈ Руслан Стефанчук") == 1 and "❝ ?" in parsed.badges(html)
    cues = {text for kind, _, text in parsed.marks if kind == "cue"}
    assert cues == {q["cue"]["text"] for q in record["quotes"] if q["cue"]}
    assert {text for kind, _, text in parsed.marks if kind == "speaker"} == {"він", "Руслан Стефанчук"}
    # word hover titles carry lemma and, inside an entity, its normal form
    assert 'title="lemma: ' in html and "LOC: Київ" in html
    # offline and self-contained
    for banned in ("<script", "<link", "@import", "url(", "http://", "https://"):
        assert banned not in html


def test_crossing_and_nested_spans_stay_well_formed():
    text = "abcdefghij"
    marks = [_Mark(0, 6, 0, 'data-ukn="quote"', prefix="<b>P</b>", suffix=""),
             _Mark(4, 9, 2, 'data-ukn="ent"', suffix="<i>S</i>"),
             _Mark(2, 3, 3, 'title="w"'), _Mark(5, 5, 3, 'title="empty"'), _Mark(8, 40, 3, 'title="outside"')]
    html = _nest(text, marks)
    parse(html)
    assert html.count("<b>P</b>") == 1 and html.count("<i>S</i>") == 1  # decorations once, at the true edges
    assert html.index("<i>S</i>") > html.index("hi")
    plain = html.replace("<b>P</b>", "").replace("<i>S</i>", "")
    assert "".join(parse_text(plain)) == text
    assert "empty" not in html and "outside" not in html  # empty and out-of-range spans are skipped
    # whitespace at a span's edges stays outside it (no empty box on a line of its own)
    html = _nest("a News.\n\nB", [_Mark(2, 9, 2, 'data-ukn="ent"', suffix="<i>ORG</i>")])
    assert '<span data-ukn="ent">News.<i>ORG</i></span>\n\nB' in html


def parse_text(html: str) -> list[str]:
    parser = ViewParser()
    parser.feed(html)
    return parser.text


def test_markup_in_text_is_escaped():
    record = {"id": "x<y>", "text": "<b>A & B</b> \"q\"", "entities": [
        {"text": "A & B", "label": "ORG", "start": 3, "end": 8, "normal": "A & B\"><script>"}],
        "quotes": [], "speakers": [], "tokens": [], "sentences": []}
    html = show(record).html()
    assert "&lt;b&gt;" in html and "A &amp; B" in html and "x&lt;y&gt;" in html and "<script>" not in html
    assert "".join(parse(html).text) == record["text"]


def test_doc_input_and_options(rules_nlp):
    doc = rules_nlp(TEXT)
    view = show(doc, max_height=None, words=False, legend=False)
    assert view.record["text"] == TEXT
    html = view.html()
    assert "max-height" not in html and 'title="lemma' not in html and 'data-ukn="legend"' not in html
    assert "max-height:36em" in show(doc).html()
    with pytest.raises(UserError, match="Expected a record"):
        show("plain text")


def test_long_article_renders_fast_and_compact(rules_nlp):
    # ~5,000 words: the three examples repeated, annotated once
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    text = "\n\n".join(texts * 14)
    record = ukrnews_nlp.annotate(text, nlp=rules_nlp)
    assert len(text.split()) > 4500
    start = time.perf_counter()
    html = show(record).html()
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"rendering took {elapsed:.2f}s"
    assert "".join(parse(html).text) == text
    assert len(html) < 120 * len(text)  # hover titles included
    assert "overflow-y:auto" in html  # long views scroll instead of filling the notebook


def test_page_and_save(rules_nlp, tmp_path):
    view = show(hand_made_record(rules_nlp))
    light, dark = view.page(), view.page(dark=True)
    assert light.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in light and light != dark
    path = view.save(tmp_path / "v.html")
    assert path.read_text(encoding="utf-8") == light


def test_displacy_manual_format(rules_nlp):
    from spacy import displacy

    record = hand_made_record(rules_nlp)
    data = to_displacy(record)
    assert data["text"] == TEXT and len(data["ents"]) == len(record["entities"])
    assert [e["label"] for e in to_displacy(record, labels=["LOC"])["ents"]] == ["LOC"]
    html = displacy.render(data, style="ent", manual=True, jupyter=False)
    assert "Верховної Ради" in html


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_view_of_annotated_examples(nlp, path):
    record = ukrnews_nlp.annotate(path.read_text(encoding="utf-8"), id=path.name, nlp=nlp)
    html = show(nlp(record["text"])).html()  # from a Doc: the same view as from its record
    assert html == show(ukrnews_nlp.doc_to_record(nlp(record["text"]))).html()
    html = show(record).html()
    assert "".join(parse(html).text) == record["text"]
    # spans that cross (an entity running past a quote's end) are drawn in pieces, but labelled once
    assert html.count('data-ukn="label"') == len(record["entities"])
    assert html.count('data-ukn="badge"') == len(record["quotes"])
