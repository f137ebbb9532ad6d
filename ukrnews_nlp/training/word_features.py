"""Build the lemma table of :mod:`ukrnews_nlp.word_features` from the training treebanks.

For every (UPOS, lemma) of the zoloto training sentences (UD Ukrainian-IU sources minus the dev/test
sentences) and of the BRUK training files (converted to UD, see :func:`ukrnews_nlp.training.core.bruk_docs`;
``test_data_set.txt`` and the NER-UK TEST texts are held out), each lexical feature gets the value its forms
carry, kept when at least ``--min-share`` of the occurrences agree. ``Degree`` is counted on zoloto alone: BRUK's
dictionary version gives degrees to lemmas the treebank does not; ``PronType`` on zoloto where it has the lemma.

    python -m ukrnews_nlp.training.word_features [--data-dir ../shared/data] [--min-share 0.8]
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from ..errors import DataError, Errors
from ..word_features import LEXICAL_FEATURES, WORD_FEATURES_PATH, WordTable, lemma_key, parse_feats, write_table

#: Where each source's counts are used: Degree follows the UD treebank only.
ZOLOTO_ONLY = frozenset({"Degree"})
#: Features counted on the UD treebank wherever it has the lemma, on BRUK only for the lemmas it lacks: BRUK's tags
#: give no pronoun type to pronominal adverbs such as ``тому`` (``PronType=Dem`` in 75 of its 91 zoloto
#: occurrences), and its counts outnumber the treebank's (UD-IU dev, raw text: UFeats 93.27 → 93.33).
ZOLOTO_FIRST = frozenset({"PronType", "Number"})
#: (``Number``: UD-IU writes ``ЗМІ``, ``медіа`` as plurale tantum, BRUK as plurals: dev UFeats +0.01.)


def observed(upos: str, feats: dict[str, str]) -> Iterable[tuple[str, str]]:
    """(feature, value) pairs one occurrence shows about its lemma; value "" where the feature is absent.

    A singular form says nothing about being plural-only, an adjective's comparative nothing about the positive
    degree (an adverb's does: UD-IU lemmatizes ``більше`` as ``більше``, and gives ``далі`` no degree).
    """
    for name in LEXICAL_FEATURES.get(upos, ()):
        if name == "Number":
            if feats.get("Number") in ("Plur", "Ptan"):
                yield name, feats["Number"]
        elif name == "Degree":
            # an adverb's comparative is a lemma of its own in UD-IU (більше, швидше): every form tells
            if upos == "ADV" or feats.get("Degree", "Pos") == "Pos":
                yield name, feats.get("Degree", "")
        elif name == "Gender" and feats.get("Number") == "Ptan":
            continue
        else:
            yield name, feats.get(name, "")


def count_features(words: Iterable[tuple[str, str, str, str]]) -> dict[tuple[str, str, str], Counter]:
    """Counts per (UPOS, lemma key, feature) of the values in ``(lemma, upos, feats, source)`` rows."""
    counts: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    treebank: dict[tuple[str, str, str], Counter] = defaultdict(Counter)  # the ZOLOTO_FIRST features on zoloto
    for lemma, upos, feats, source in words:
        if upos not in LEXICAL_FEATURES or not lemma:
            continue
        key = lemma_key(lemma)
        for name, value in observed(upos, parse_feats(feats)):
            if name in ZOLOTO_ONLY and source != "zoloto":
                continue
            counts[(upos, key, name)][value] += 1
            if name in ZOLOTO_FIRST and source == "zoloto":
                treebank[(upos, key, name)][value] += 1
    counts.update(treebank)
    return counts


#: Features decided by a plain majority rather than ``--min-share``: UD-IU itself disagrees on whether some adjectives
#: have degrees (``південний``: Pos 10 times, none 9), and the majority is the better guess than the default a lemma
#: without an entry gets (no degree): UD-IU dev, raw text, UFeats 93.49 → 93.52.
MAJORITY_FEATURES = frozenset({"Degree"})


def decide(counts: dict[tuple[str, str, str], Counter], *, min_share: float, min_count: int = 1) -> WordTable:
    """The table: each feature's majority value where it has ``min_count`` occurrences and ``min_share`` (more than
    half for :data:`MAJORITY_FEATURES`)."""
    table: WordTable = defaultdict(dict)
    for (upos, lemma, name), values in counts.items():
        n = sum(values.values())
        value, k = values.most_common(1)[0]
        if n >= min_count and (k / n > 0.5 if name in MAJORITY_FEATURES else k / n >= min_share):
            table[(upos, lemma)][name] = value
    return dict(table)


def singular_lemma(form: str, upos: str, feats: str, lemma: str) -> str | None:
    """For a plurale tantum noun of the treebank whose form the dictionary reads as the plural of another lemma
    (``коштів``: UD-IU ``кошти``, the dictionary ``кошт``), that lemma: the tagger may call the form an ordinary plural
    of it, and the table then says what UD-IU makes of such plurals (zoloto: ``кошти`` 13 times, ``кошт`` plural
    once); None otherwise."""
    if upos != "NOUN" or "Number=Ptan" not in feats:
        return None
    from ..morphology import lemmatize_word

    singular = lemmatize_word(form, upos, feats.replace("Number=Ptan", "Number=Plur"))
    return singular if singular.lower() != lemma.lower() else None


def training_words(data_dir: Path) -> Iterable[tuple[str, str, str, str]]:
    """(lemma, UPOS, FEATS, source) of every zoloto training word and BRUK training token; a zoloto plurale tantum
    noun also under its dictionary lemma (:func:`singular_lemma`)."""
    import spacy

    from .core import bruk_docs, zoloto_train

    ud_dir = data_dir / "ud-uk-iu"
    if not (ud_dir / "zoloto" / "annotated").is_dir():
        raise DataError(Errors.E201.format(path=data_dir, expected="ud-uk-iu/zoloto/annotated"))
    groups, _ = zoloto_train(ud_dir)
    ud_words = [w for group in groups for sent in group for w in sent.words()]
    for w in ud_words:
        yield w["lemma"], w["upos"], w["feats"], "zoloto"
        singular = singular_lemma(w["form"], w["upos"], w["feats"], w["lemma"])
        if singular:
            yield singular, w["upos"], w["feats"], "zoloto"
    docs, _ = bruk_docs(spacy.blank("uk").vocab, data_dir, which="all", ud_words=ud_words)
    for doc in docs:
        for t in doc:
            if t.pos_:
                yield t.lemma_, t.pos_, str(t.morph), "bruk"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/data", type=Path)
    ap.add_argument("--min-share", type=float, default=0.8)
    ap.add_argument("--output", type=Path, default=WORD_FEATURES_PATH)
    args = ap.parse_args(argv)
    table = decide(count_features(training_words(args.data_dir)), min_share=args.min_share)
    n = write_table(table, args.output, header="UPOS\tlemma\tlexical features — from UD Ukrainian-IU (zoloto, "
                    "dev/test removed) and BRUK training files (CC BY-NC-SA 4.0 sources)")
    print(f"{n} lemmas → {args.output}")


if __name__ == "__main__":
    main()
