"""Static word vectors for the NER model: floret (hashed subword) vectors trained on lower-cased text.

Why floret: a hashed table of a few tens of thousands of rows covers every word form (Ukrainian inflection
makes full-word tables huge) in a few MB. Why lower case: spaCy keeps ``vectors.attr`` at load time in
floret mode, so with ``attr=LOWER`` ``Росія`` and ``росія`` get the same vector, which helps with the
2022+ style of writing russia-related names in lower case.

Corpus: ``raw-uk/`` (legislation capped, since it is 82 % of the words), BRUK raw texts (minus the texts
in NER-UK TEST) and the NER-UK DEV texts. Never NER-UK TEST, never ``news-uk/``.
"""
from __future__ import annotations

import lzma
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import DataError, Errors

#: Word tokens for vector training: words with inner apostrophes/hyphens, numbers, single punctuation.
_TOKEN = re.compile(r"\w+(?:['’ʼ\-]\w+)*|[^\w\s]")

RAW_FILES = ("uk_news_korrespondent", "uk_speeches_resistinua", "uk_essays_uagec", "uk_fiction_eltec",
             "uk_fiction_ttsbooks", "uk_techdocs", "uk_legal_zakon")


def tokenize_lower(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


def _capped_lines(path: Path, max_words: int | None) -> Iterator[str]:
    words = 0
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield line
                words += line.count(" ") + 1
                if max_words is not None and words >= max_words:
                    return


def _test_bruk_names(data_dir: Path) -> set[str]:
    """Names of BRUK raw texts that are NER-UK TEST documents (excluded from vector training)."""
    mapping = data_dir / "ner-uk-2.0" / "bruk_doc_mapping.tsv"
    names = set()
    for line in mapping.read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) >= 5 and cols[3] == "TEST":
            names.add(re.sub(r"(\(\w+\))*\.tok$", "", cols[0]))
            if cols[4]:
                names.add(Path(cols[4]).stem)
    return names


def corpus_lines(data_dir: Path | str, *, legal_words: int = 2_500_000) -> Iterator[str]:
    """Yield lower-cased, space-tokenized lines of the vector-training corpus."""
    from .ner_uk import load_documents

    data_dir = Path(data_dir)
    raw = data_dir / "raw-uk"
    if not raw.is_dir():
        raise DataError(Errors.E201.format(path=data_dir, expected="raw-uk/"))
    for name in RAW_FILES:
        cap = legal_words if name == "uk_legal_zakon" else None
        for line in _capped_lines(raw / f"{name}.txt.xz", cap):
            yield tokenize_lower(line)
    excluded = _test_bruk_names(data_dir)
    for path in sorted((data_dir / "bruk" / "raw_text").glob("*.txt")):
        stem = re.sub(r"(\(\w+\))*$", "", path.stem)
        if path.stem in excluded or stem in excluded:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield tokenize_lower(line)
    for document in load_documents(data_dir, "DEV", version=2):
        for line in document.text.splitlines():
            if line.strip():
                yield tokenize_lower(line)


def train_floret(data_dir: Path | str, output_dir: Path | str, *, dim: int = 80, bucket: int = 25_000,
                 hash_count: int = 2, minn: int = 3, maxn: int = 5, epoch: int = 5, threads: int = 1,
                 legal_words: int = 2_500_000) -> Path:
    """Train floret vectors and convert them into a spaCy vectors model; return its directory.

    The table holds ``bucket`` rows × ``dim`` float32 values (25,000 × 80 ≈ 8 MB).
    """
    import floret
    import spacy

    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    corpus = output_dir / "corpus.txt"
    with corpus.open("w", encoding="utf-8") as handle:
        for line in corpus_lines(data_dir, legal_words=legal_words):
            handle.write(line + "\n")
    model = floret.train_unsupervised(
        str(corpus), model="skipgram", mode="floret", dim=dim, bucket=bucket, hashCount=hash_count,
        minn=minn, maxn=maxn, epoch=epoch, thread=threads, minCount=3, verbose=1,
    )
    floret_path = output_dir / "vectors.floret"
    model.save_floret_vectors(str(floret_path))
    corpus.unlink()
    # Same as `spacy init vectors uk vectors.floret DIR --mode floret --attr LOWER`.
    from spacy.training.initialize import convert_vectors

    nlp = spacy.blank("uk")
    convert_vectors(nlp, floret_path, truncate=0, prune=-1, name="ukrnews_floret_lower", mode="floret",
                    attr="LOWER")
    model_dir = output_dir / "vectors_model"
    nlp.to_disk(model_dir)
    floret_path.unlink()
    return model_dir
