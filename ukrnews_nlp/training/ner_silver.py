"""Silver training text for the NER model: unlabelled texts annotated by the shipped pipeline, model and rules.

The entity rules (``ukrnews_entity_rules``) add 4–6 points to the model alone on the validation part of NER-UK DEV:
edges, labels by kind of name, one label per name in a document. Texts annotated by the model with the rules, added
to the gold training chunks, let a retrained model learn what the rules decide (and see more names), while the rules
still run after it. The texts: BRUK's raw texts (press, fiction, science, law…) and the news of ``raw-uk``, minus
every text that shares wording with a NER-UK 2.0 text (DEV or TEST) or is held out from BRUK: more than
:data:`MAX_SHARED` word 8-grams in common (NER-UK's BRUK part is cut from the same files).

    ukrnews-nlp train ner --data-dir ../shared/data --vectors models/ner --silver 200000
"""
from __future__ import annotations

import lzma
import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .bruk import held_out_files
from .ner_uk import Entity, NerDocument, load_documents

__all__ = ["MAX_SHARED", "SOURCE", "annotate", "ner_uk_ngrams", "silver_documents", "silver_texts"]

#: Word n-grams a silver text may share with the NER-UK texts (formulas such as ``відповідно до статті``).
MAX_SHARED = 2
NGRAM = 8
#: The ``source`` of silver documents (NER-UK's are ``ng`` and ``bruk``).
SOURCE = "silver"
NEWS_FILE = "raw-uk/uk_news_korrespondent.txt.xz"
_WORD = re.compile(r"\w+(?:['’ʼ]\w+)*")


def _ngrams(text: str) -> Iterator[tuple[str, ...]]:
    words = [w.lower().replace("’", "'").replace("ʼ", "'") for w in _WORD.findall(text)]
    return (tuple(words[i:i + NGRAM]) for i in range(len(words) - NGRAM + 1))


def ner_uk_ngrams(data_dir: Path) -> set[tuple[str, ...]]:
    """Word 8-grams of every NER-UK 2.0 text, DEV and TEST."""
    grams: set[tuple[str, ...]] = set()
    for split in ("DEV", "TEST"):
        for document in load_documents(data_dir, split, version=2):
            grams.update(_ngrams(document.text))
    return grams


def _candidates(data_dir: Path) -> Iterator[tuple[str, str]]:
    """(id, text) of every BRUK raw text not held out, and every raw-uk news article."""
    held = held_out_files(data_dir)
    for path in sorted((data_dir / "bruk" / "raw_text").glob("*.txt")):
        if path.name not in held and path.stem + ".xml" not in held:
            yield f"bruk/{path.stem}", path.read_text(encoding="utf-8")
    news = data_dir / NEWS_FILE
    if news.is_file():
        with lzma.open(news, "rt", encoding="utf-8") as f:
            for k, article in enumerate(f.read().split("\n\n")):
                if article.strip():
                    yield f"news/{k}", article.strip() + "\n"


def silver_texts(data_dir: Path, words: int, *, seed: int = 0) -> list[tuple[str, str]]:
    """Up to ``words`` whitespace words of candidate texts (:func:`_candidates`, in a seeded random order) that share
    at most :data:`MAX_SHARED` word 8-grams with the NER-UK texts."""
    grams = ner_uk_ngrams(data_dir)
    candidates = list(_candidates(data_dir))
    random.Random(seed).shuffle(candidates)
    chosen, total = [], 0
    for doc_id, text in candidates:
        if total >= words:
            break
        if sum(g in grams for g in _ngrams(text)) > MAX_SHARED:
            continue
        chosen.append((doc_id, text))
        total += len(text.split())
    return chosen


def annotate(texts: Iterable[tuple[str, str]], nlp) -> Iterator[NerDocument]:
    """The texts as NER documents whose entities are ``nlp``'s (the library pipeline with its entity rules)."""
    items = list(texts)
    for (doc_id, text), doc in zip(items, nlp.pipe((t for _, t in items), batch_size=16), strict=True):
        entities = [Entity(e.start_char, e.end_char, e.label_) for e in doc.ents]
        yield NerDocument(doc_id, SOURCE, text, entities)


def silver_documents(data_dir: Path, words: int, *, models_dir: Path | None = None, seed: int = 0
                     ) -> list[NerDocument]:
    """:func:`silver_texts` annotated by the library pipeline (``models_dir``'s models: the shipped ones by
    default) up to its entity rules."""
    from ..pipeline import load

    nlp = load(models_dir=models_dir, exclude=["ukrnews_entity_normalizer", "ukrnews_quotes"])
    return list(annotate(silver_texts(Path(data_dir), words, seed=seed), nlp))
