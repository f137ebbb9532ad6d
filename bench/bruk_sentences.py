"""Sentence boundaries of the rule splitter against BRUK's, on the BRUK files outside its test list.

BRUK (press, fiction, science, textbooks, law…) gives each file's sentences as token lists and the file's raw text;
tokens are found in the raw text in order, each sentence's end becomes a character offset, and the splitter's
sentence ends (tokenizer and ``ukrnews_sentences`` on the same raw text) are compared with them: precision, recall
and F1 of the boundaries. BRUK's conventions differ from UD Ukrainian-IU's in places (a list whose items end with
``;`` on lines of their own is one BRUK sentence; the splitter ends a sentence at a line break), so the figure is
for comparing versions of the rules, and ``--show N`` prints N wrong boundaries of each kind to read. Files whose
tokens cannot all be found in their raw text are skipped. Nothing from BRUK's test list is read.

    python bench/bruk_sentences.py [--data-dir ../shared/data] [--show 20]
"""
from __future__ import annotations

import argparse
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import ukrnews_nlp
from ukrnews_nlp.errors import DataError
from ukrnews_nlp.evaluation import data_path


def gold_ends(xml_path: Path, raw: str, max_gap: int = 200) -> list[int] | None:
    """Character offsets in ``raw`` where BRUK's sentences end; None when a token is not found in order."""
    ends, pos = [], 0
    for sentence in ET.parse(xml_path).getroot().iter("sentence"):
        last = None
        for token in sentence.iter("token"):
            value = token.get("value") or ""
            at = raw.find(value, pos)
            if at < 0 or at - pos > max_gap:
                return None
            pos = last = at + len(value)
        if last is not None:
            ends.append(last)
    return ends


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--show", type=int, default=0, help="print this many wrong boundaries of each kind")
    args = parser.parse_args()
    try:
        bruk = data_path(args.data_dir, "bruk")
    except DataError as error:
        parser.exit(2, f"error: {error}\n")
    test = {line.strip().replace(".txt", ".xml") for line in (bruk / "test_data_set.txt").read_text().splitlines()
            if line.strip()}
    nlp = ukrnews_nlp.load(models=False)
    found = correct = gold_total = files = skipped = 0
    wrong: dict[str, list[str]] = {"false": [], "missed": []}
    for xml_path in sorted((bruk / "disambig").glob("*.xml")):
        if xml_path.name in test:
            continue
        raw = (bruk / "raw_text" / f"{xml_path.stem}.txt").read_text(encoding="utf-8")
        gold = gold_ends(xml_path, raw)
        if not gold:
            skipped += 1
            continue
        files += 1
        with nlp.select_pipes(enable=["ukrnews_sentences"]):
            doc = nlp(raw[:gold[-1]])
        system = set()
        for sent in doc.sents:
            words = [t for t in sent if not t.is_space]
            if words:
                system.add(words[-1].idx + len(words[-1].text))
        gold_set = set(gold)
        found += len(system)
        gold_total += len(gold_set)
        correct += len(system & gold_set)
        for kind, ends in (("false", system - gold_set), ("missed", gold_set - system)):
            wrong[kind] += [f"{xml_path.stem[:1]} {raw[max(0, e - 60):e]!r} ‖ {raw[e:e + 40]!r}" for e in sorted(ends)]
    precision, recall = correct / max(found, 1), correct / max(gold_total, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    print(f"BRUK outside its test list: {files} files ({skipped} skipped), {gold_total} sentences; rules only "
          f"(tokenizer, sentence splitter)")
    print(f"Sentence boundaries: P {100 * precision:.2f}  R {100 * recall:.2f}  F1 {100 * f1:.2f}  "
          f"(wrong: {len(wrong['false'])} false, {len(wrong['missed'])} missed)")
    rng = random.Random(0)
    for kind, lines in wrong.items():
        for line in rng.sample(lines, min(args.show, len(lines))):
            print(kind, line)


if __name__ == "__main__":
    main()
