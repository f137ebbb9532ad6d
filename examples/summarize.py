"""Print a short human-readable summary of annotated records (used by ``make demo``)."""
from __future__ import annotations

import json
import sys
from collections import Counter


def summarize(record: dict) -> str:
    labels = Counter(e["label"] for e in record["entities"])
    lines = [f"{record['id']}: {len(record['sentences'])} sentences, {len(record['tokens'])} tokens, "
             f"{len(record['entities'])} entities {dict(labels)}, {len(record['quotes'])} quotes"]
    for e in record["entities"][:8]:
        lines.append(f"  {e['label']:<6} {e['text']!r} → {e['normal']!r}")
    for q in record["quotes"]:
        speaker = q["speaker"]["name"] if q["speaker"] else "—"
        cue = q["cue"]["text"] if q["cue"] else "—"
        text = q["text"] if len(q["text"]) < 70 else q["text"][:67] + "…"
        lines.append(f"  {q['kind']:<8} «{text}» — {speaker} (cue: {cue})")
    return "\n".join(lines)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            print(summarize(json.load(f)))
