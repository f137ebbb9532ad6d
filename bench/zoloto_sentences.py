"""Tokens and sentences on the zoloto sentences outside UD Ukrainian-IU dev/test, from raw text.

The rule tokenizer and sentence splitter were written on UD-IU dev; zoloto (the treebank's XML sources) has the
same genres as UD-IU test (news, fiction, forums, law, science) and ten times dev's sentences, so its part outside
dev/test tells how the rules do on text they were not tuned on, without touching test. The sentences are the
core model's training text, but the rules learn nothing from it. Writes that part as CoNLL-U (documents and
paragraphs kept) and scores it as ``ukrnews-nlp evaluate ud --conllu FILE --no-models`` does.

    python bench/zoloto_sentences.py [--data-dir ../shared/data] [--keep FILE]
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import ukrnews_nlp
from ukrnews_nlp.evaluation import data_path, format_table
from ukrnews_nlp.evaluation.ud import evaluate_ud
from ukrnews_nlp.io.conllu import write_conllu
from ukrnews_nlp.training.core import zoloto_train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--keep", type=Path, default=None, help="also keep the CoNLL-U file written here")
    args = parser.parse_args()
    documents, stats = zoloto_train(data_path(args.data_dir, "ud-uk-iu"))
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "zoloto_outside_dev_test.conllu"
        write_conllu(path, [sentence for document in documents for sentence in document])
        scores, speed, _ = evaluate_ud(ukrnews_nlp.load(models=False), path)
    print(format_table({name: scores[name] for name in ("Tokens", "Sentences", "Words")},
                       title=f"zoloto outside UD-IU dev/test: {stats['sentences']} sentences, {speed['documents']} "
                             "documents, rules only (tokenizer, sentence splitter)"))


if __name__ == "__main__":
    main()
