"""Lemma frequencies from the BRUK gold lemmas (train part), the dictionary lemmatizer's tie-breaker.

pymorphy3's Ukrainian dictionary has no frequencies, and its first reading is often a rare word
(``вона`` → ``вон``, ``року`` → ``рок``). :mod:`ukrnews_nlp.morphology` therefore ranks readings the
tags do not separate by how often their lemma occurs in BRUK. Only files outside ``test_data_set.txt`` are
counted, so ``ukrnews-nlp evaluate bruk`` stays a held-out score.

    python -m ukrnews_nlp.training.lemma_frequencies [--data-dir ../shared/data] [--min-count 2]
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from ..normalize import normalize_apostrophes

OUTPUT = Path(__file__).resolve().parent.parent / "resources" / "lemma_frequencies.tsv"
_TOKEN_RE = re.compile(r'<token value="[^"]*" lemma="([^"]*)" tags="([^"]*)"')


def count_lemmas(bruk_dir: Path) -> Counter:
    """Lemma counts (letter case kept) over the non-test ``disambig`` files, punctuation and numbers left out."""
    test = {line.strip().rsplit(".", 1)[0] for line in (bruk_dir / "test_data_set.txt").read_text().splitlines()
            if line.strip()}
    counts: Counter = Counter()
    for path in sorted((bruk_dir / "disambig").glob("*.xml")):
        if path.stem in test:
            continue
        for lemma, tags in _TOKEN_RE.findall(path.read_text(encoding="utf-8")):
            if tags.split(":", 1)[0] in ("punct", "number", "symb", "date", "time", "unclass"):
                continue
            counts[normalize_apostrophes(lemma.replace("&apos;", "'"))] += 1
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/data", type=Path)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--output", type=Path, default=OUTPUT)
    args = ap.parse_args()
    counts = count_lemmas(args.data_dir / "bruk")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as fh:
        fh.write("# lemma\tcount — BRUK gold lemmas outside test_data_set.txt (CC BY-NC-SA 4.0 source)\n")
        for lemma, n in counts.most_common():
            if n < args.min_count:
                break
            fh.write(f"{lemma}\t{n}\n")
    print(f"{sum(1 for n in counts.values() if n >= args.min_count)} lemmas → {args.output}")


if __name__ == "__main__":
    main()
