"""``ukrnews-nlp evaluate quotes``: quote detection and attribution on ``quotes-uk-dev`` (development set).

For direct and for indirect quotes: precision / recall / F1 with a match at ≥ 50 % character overlap
(overlap / max(len(gold), len(pred)), one-to-one) and with exact match (same parts); on overlap-matched pairs,
speaker mention accuracy (predicted mention overlaps the gold mention, or both are absent), canonical-name
accuracy (equal after case and quote-mark folding; gold speaker not null) and cue accuracy (cue spans
overlap, or both absent). Gold ``dash_quotes`` (speech without quote marks) are outside the task and are not
counted. Direct quotes in the gold file give only the first part in ``start``/``end``; their ``parts``
are used when present.
"""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Errors
from . import PRF

DATASET = "quotes-uk-dev"
GOLD_FILE = "quotes_dev.jsonl"


@dataclass
class KindScores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact_tp: int = 0
    mention_ok: int = 0
    mention_n: int = 0
    name_ok: int = 0
    name_n: int = 0
    cue_ok: int = 0
    cue_n: int = 0
    errors: list[str] = field(default_factory=list)
    #: gold mention type (name, nominal, pronoun, document, none) → [matched, mention ok, name ok, name n]
    by_type: dict[str, list[int]] = field(default_factory=dict)

    @staticmethod
    def _f(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        prf = PRF(correct=tp, system=tp + fp, gold=tp + fn)
        return prf.precision, prf.recall, prf.f1

    def overlap_prf(self) -> tuple[float, float, float]:
        return self._f(self.tp, self.fp, self.fn)

    def exact_prf(self) -> tuple[float, float, float]:
        return self._f(self.exact_tp, self.tp + self.fp - self.exact_tp, self.tp + self.fn - self.exact_tp)


def _chars(parts: list[list[int]] | list[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for a, b in parts:
        out.update(range(a, b))
    return out


def _overlaps(a: dict | None, b: dict | None) -> bool:
    return a is not None and b is not None and a["start"] < b["end"] and b["start"] < a["end"]


def fold_name(name: str | None) -> str:
    """Case, whitespace, apostrophe and quote-mark folding for canonical-name comparison."""
    if name is None:
        return ""
    name = name.lower().replace("’", "'").replace("ʼ", "'")
    for ch in "«»\"“”„":
        name = name.replace(ch, "")
    return " ".join(name.split())


def score_document(gold_items: list[dict], pred_items: list[dict], scores: KindScores, text: str,
                   doc_id: str) -> None:
    """Greedy one-to-one matching by overlap, then attribution checks on matched pairs."""
    gold_sets = [_chars(g.get("parts") or [[g["start"], g["end"]]]) for g in gold_items]
    pred_sets = [_chars(p["parts"]) for p in pred_items]
    pairs = []
    for gi, gs in enumerate(gold_sets):
        for pi, ps in enumerate(pred_sets):
            inter = len(gs & ps)
            if inter and inter / max(len(gs), len(ps)) >= 0.5:
                pairs.append((inter / max(len(gs), len(ps)), gi, pi))
    pairs.sort(reverse=True)
    used_g, used_p = set(), set()
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        g, p = gold_items[gi], pred_items[pi]
        scores.tp += 1
        gold_parts = [list(x) for x in (g.get("parts") or [[g["start"], g["end"]]])]
        if gold_parts == [list(x) for x in p["parts"]]:
            scores.exact_tp += 1
        spk = p.get("speaker") or {}
        pm = spk.get("mention") if spk else None
        gm = g.get("speaker_mention")
        scores.mention_n += 1
        row = scores.by_type.setdefault((gm or {}).get("type") or "none", [0, 0, 0, 0])
        row[0] += 1
        if (gm is None and pm is None) or _overlaps(gm, pm):
            scores.mention_ok += 1
            row[1] += 1
        else:
            scores.errors.append(f"{doc_id} mention gold={gm and gm['text']!r} pred={pm and pm['text']!r} "
                                 f"quote={g['text'][:50]!r}")
        if g.get("speaker") is not None:
            scores.name_n += 1
            row[3] += 1
            if fold_name(g["speaker"]) == fold_name(spk.get("name") if spk else None):
                scores.name_ok += 1
                row[2] += 1
            else:
                scores.errors.append(f"{doc_id} name gold={g['speaker']!r} pred={spk.get('name') if spk else None!r}"
                                     f" quote={g['text'][:50]!r}")
        gc, pc = g.get("cue"), p.get("cue")
        scores.cue_n += 1
        if (gc is None and pc is None) or _overlaps(gc, pc):
            scores.cue_ok += 1
        else:
            scores.errors.append(f"{doc_id} cue gold={gc and gc['text']!r} pred={pc and pc['text']!r} "
                                 f"quote={g['text'][:50]!r}")
    for gi, g in enumerate(gold_items):
        if gi not in used_g:
            scores.fn += 1
            scores.errors.append(f"{doc_id} missed [{g['start']}:{g['end']}] {g['text'][:70]!r}")
    for pi, p in enumerate(pred_items):
        if pi not in used_p:
            scores.fp += 1
            scores.errors.append(f"{doc_id} spurious [{p['start']}:{p['end']}] {p['text'][:70]!r}")


def load_gold(data_dir: Path) -> list[tuple[str, str, dict]]:
    """(doc id, text, record) for every gold document."""
    path = data_dir / DATASET / GOLD_FILE
    if not path.is_file():
        raise DataError(Errors.E201.format(path=data_dir, expected=f"{DATASET}/{GOLD_FILE}"))
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text = (data_dir / rec["doc"]).read_text(encoding="utf-8")
            except (ValueError, KeyError, OSError) as exc:
                raise DataError(Errors.E202.format(path=path, line=n, reason=exc)) from exc
            out.append((rec["doc"], text, rec))
    return out


def build_pipeline(blank: bool = False):
    """``ukrnews_nlp.load()`` when available (and not ``blank``), else a tokenizer plus the quote component."""
    import spacy

    from ..quotes import component  # noqa: F401  (registers the factory)

    nlp = None
    if not blank:
        try:
            from ..pipeline import load
            nlp = load()
        except ImportError:
            nlp = None
    if nlp is None:
        nlp = spacy.blank("uk")
        try:
            from ..tokenizer import create_tokenizer
            nlp.tokenizer = create_tokenizer(nlp)
        except ImportError:
            pass
    if "ukrnews_quotes" not in nlp.pipe_names:
        nlp.add_pipe("ukrnews_quotes")
    return nlp


def evaluate(data_dir: Path, *, blank: bool = False) -> dict:
    docs = load_gold(data_dir)
    nlp = build_pipeline(blank)
    direct, indirect = KindScores(), KindScores()
    quote_time = total_time = 0.0
    for doc_id, text, rec in docs:
        t0 = time.perf_counter()
        doc = nlp(text)
        total_time += time.perf_counter() - t0
        t1 = time.perf_counter()
        from ..quotes.component import extract_quotes
        extract_quotes(doc)
        quote_time += time.perf_counter() - t1
        preds = [q.as_json() for q in doc._.quotes]
        score_document(rec["quotes"], [p for p in preds if p["kind"] == "direct"], direct, text, doc_id)
        score_document(rec["indirect"], [p for p in preds if p["kind"] == "indirect"], indirect, text, doc_id)
    return {"docs": len(docs), "direct": direct, "indirect": indirect, "pipeline": nlp.pipe_names,
            "seconds": total_time, "quote_seconds": quote_time}


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", default="../shared/data", type=Path,
                        help="shared data folder holding quotes-uk-dev/ (default: ../shared/data)")
    parser.add_argument("--blank", action="store_true",
                        help="evaluate on a blank pipeline (tokenizer + quotes only), ignoring trained models")
    parser.add_argument("--errors", action="store_true", help="list every miss, spurious quote and wrong attribution")


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def run(args: argparse.Namespace) -> int:
    res = evaluate(Path(args.data_dir), blank=args.blank)
    print(f"quotes-uk-dev (development set): {res['docs']} documents; pipeline: {', '.join(res['pipeline'])}")
    print(f"{'':9} {'P':>6} {'R':>6} {'F1':>6} | {'P ex':>6} {'R ex':>6} {'F1 ex':>6} | "
          f"{'mention':>7} {'name':>6} {'cue':>6} | gold  pred")
    for kind in ("direct", "indirect"):
        s: KindScores = res[kind]
        p, r, f = s.overlap_prf()
        pe, re_, fe = s.exact_prf()
        ment = s.mention_ok / s.mention_n if s.mention_n else 0.0
        name = s.name_ok / s.name_n if s.name_n else 0.0
        cue = s.cue_ok / s.cue_n if s.cue_n else 0.0
        print(f"{kind:9} {_pct(p):>6} {_pct(r):>6} {_pct(f):>6} | {_pct(pe):>6} {_pct(re_):>6} {_pct(fe):>6} | "
              f"{_pct(ment):>7} {_pct(name):>6} {_pct(cue):>6} | {s.tp + s.fn:4d}  {s.tp + s.fp:4d}")
    print("P/R/F1: match at >= 50% character overlap; 'ex': exact parts. mention/name/cue: accuracy on "
          "overlap-matched quotes.")
    for kind in ("direct", "indirect"):
        rows = res[kind].by_type
        cells = [f"{t} {r[1]}/{r[0]} mention, {r[2]}/{r[3]} name"
                 for t, r in sorted(rows.items(), key=lambda x: -x[1][0])]
        print(f"{kind} by gold mention type: " + "; ".join(cells))
    share = res["quote_seconds"] / res["seconds"] if res["seconds"] else 0.0
    print(f"time: pipeline {res['seconds']:.2f}s, quote component alone {res['quote_seconds']:.2f}s "
          f"({100 * share:.1f}% of pipeline time)")
    if args.errors:
        for kind in ("direct", "indirect"):
            print(f"\n## {kind} errors")
            for line in res[kind].errors:
                print(line)
    return 0
