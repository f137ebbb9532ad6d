"""BRUK (Brown Corpus of Ukrainian, gold subset) → UD-style morphology and lemmas for training.

BRUK tags are VESUM tags, the same family as zoloto's ``ana``: they are rewritten into zoloto spelling
(:func:`vesum_to_ana`) and then converted by :func:`ukrnews_nlp.training.zoloto.ana_to_ud`. Where BRUK cannot
say what UD_Ukrainian-IU would (``бути`` as AUX or VERB, digits without case, unclassified tokens, a pronoun
tagged both interrogative and relative, a preposition whose case cannot be read off the next word) the
token's morphology is left *missing*, so it neither teaches nor penalizes anything. BRUK has no syntax.

Held out, never returned by :func:`iter_train_files`: the files of ``test_data_set.txt`` and every BRUK file
that is a NER-UK 2.0 (or 1.0) TEST text according to ``ner-uk-2.0/bruk_doc_mapping.tsv``; and any file that
quotes a passage of UD-IU dev/test (one law, quoted in a test sentence: :func:`shares_evaluation_text`).
"""
from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..normalize import normalize_apostrophes
from ..word_features import converb_tense
from .zoloto import ana_to_ud

#: VESUM flags spelled differently in zoloto.
_FLAG_MAP = {"pron": "&pron", "adjp": "&adjp", "pos": "poss", "compc": "compr", "comps": "super",
             "pname": "patr"}
#: POS whose UD analysis BRUK does not determine.
_UNKNOWN_POS = {"number", "noninfl", "noinfl", "unclass", "date", "time", "unknown", "xmltag", "hashtag",
                "aprt"}
_NO_SPACE_BEFORE = set(",.;:!?)]}»…%")
_NO_SPACE_AFTER = set("([{«")


@dataclass
class BToken:
    form: str
    lemma: str
    tags: str
    space_after: bool = True


def vesum_to_ana(tags: str, lemma: str, next_case: str | None = None) -> str | None:
    """A zoloto-style ``ana`` for a VESUM tag, or None where UD morphology cannot be derived."""
    flags = tags.split(":")
    pos = flags[0]
    if pos in _UNKNOWN_POS:
        return None
    if pos == "symb":
        return "sym"
    if pos == "verb" and lemma == "бути":
        return None  # AUX (copula, auxiliary) or VERB (existential): a syntactic decision BRUK doesn't make
    if "int" in flags and "rel" in flags:
        return None
    out = []
    if pos == "advp":
        out = ["verb"]
        flags = flags[1:] + ["advp"]
    else:
        out = [pos]
        flags = flags[1:]
    if pos == "numr":
        flags = [fl for fl in flags if fl != "p"]  # UD_Ukrainian-IU numerals carry no Number
    if pos == "part" and lemma in ("не", "ні") and "neg" not in flags:
        flags.append("neg")
    for fl in flags:
        if fl == "numr":
            out.append("&numr" if pos == "adj" else "&_numr")
        else:
            out.append(_FLAG_MAP.get(fl, fl))
    if pos == "prep":
        if next_case is None:
            return None
        out.append("r" + next_case)
    return ":".join(out)


def read_file(path: str | Path) -> list[list[BToken]]:
    """Sentences of one BRUK ``disambig`` XML file (spaces guessed from punctuation)."""
    root = ET.parse(path).getroot()
    sents = []
    for s in root.iter("sentence"):
        toks = [BToken(t.get("value", ""), t.get("lemma", ""), t.get("tags", "")) for t in s.iter("token")]
        toks = [t for t in toks if t.form]
        for i, t in enumerate(toks[:-1]):
            nxt = toks[i + 1].form
            t.space_after = not (nxt[0] in _NO_SPACE_BEFORE or t.form[-1] in _NO_SPACE_AFTER)
        if toks:
            toks[-1].space_after = True
            sents.append(toks)
    return sents


_CASE_RE = re.compile(r"\b(v_(?:naz|rod|dav|zna|oru|mis|kly))\b")


#: Features of pronouns and determiners that are properties of the lemma (VESUM leaves some unspecified).
LEXICAL_PRON_FEATS = ("PronType", "Person", "Reflex", "Poss")
_PUNCT_TYPES = {**dict.fromkeys("«»\"“”„‘’", "Quot"), **dict.fromkeys("–—―", "Dash"), "-": "Hyph",
                "•": "Bull"}


@dataclass
class Lexicon:
    """Lemma-level facts taken from the UD training data, to fill in what VESUM tags leave unsaid.

    ``pron``: (lemma, UPOS) → features of :data:`LEXICAL_PRON_FEATS` plus whether the lemma shows Gender /
    Number at all; ``noun_gender``: noun lemma → Gender (plural VESUM nouns carry no gender, UD ones do);
    ``degree``: (lowercased lemma, ADJ/ADV) → whether the treebank gives its positive forms ``Degree=Pos``.
    """

    pron: dict[tuple[str, str], tuple[dict[str, str], bool, bool]]
    noun_gender: dict[str, str]
    degree: dict[tuple[str, str], bool] = field(default_factory=dict)


def build_lexicon(ud_words: Iterable[dict[str, str]], bruk_sentences: Iterable[list[BToken]] = ()) -> Lexicon:
    """A :class:`Lexicon` from UD CoNLL-U words (pronouns, noun genders) and BRUK singular nouns (genders)."""
    pron: dict[tuple[str, str], Counter] = defaultdict(Counter)
    pron_gender: Counter = Counter()
    pron_number: Counter = Counter()
    gender: dict[str, Counter] = defaultdict(Counter)
    degree: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for w in ud_words:
        feats = dict(f.split("=", 1) for f in w["feats"].split("|")) if w["feats"] not in ("", "_") else {}
        if w["upos"] in ("ADJ", "ADV") and feats.get("Degree", "Pos") == "Pos":
            degree[(w["lemma"].lower(), w["upos"])]["Degree" in feats] += 1
        if w["upos"] in ("PRON", "DET"):
            key = (w["lemma"].lower(), w["upos"])
            pron[key][tuple(sorted((k, v) for k, v in feats.items() if k in LEXICAL_PRON_FEATS))] += 1
            pron_gender[key] += "Gender" in feats
            pron_number[key] += "Number" in feats
        elif w["upos"] in ("NOUN", "PROPN") and "Gender" in feats:
            gender[w["lemma"]][feats["Gender"]] += 1
    for sent in bruk_sentences:
        for t in sent:
            flags = t.tags.split(":")
            if flags[0] == "noun":
                for fl, g in (("m", "Masc"), ("f", "Fem"), ("n", "Neut")):
                    if fl in flags:
                        gender[t.lemma][g] += 1
    # a lemma shows Gender / Number if some of its forms do (plural forms never show gender)
    return Lexicon(
        pron={k: (dict(c.most_common(1)[0][0]), pron_gender[k] > 0, pron_number[k] > 0) for k, c in pron.items()},
        noun_gender={k: c.most_common(1)[0][0] for k, c in gender.items()},
        degree={k: c.most_common(1)[0][0] for k, c in degree.items()})


def _apply_lexicon(form: str, lemma: str, upos: str, feats: dict[str, str], lexicon: Lexicon) -> bool:
    """Make ``feats`` follow UD_Ukrainian-IU conventions in place; False where that cannot be done."""
    if upos == "VERB" and feats.get("VerbForm") == "Conv" and "Tense" not in feats:
        tense = converb_tense(form)  # VESUM's converb tags carry no tense; UD-IU's converbs all have one
        if tense is None:
            return False
        feats["Tense"] = tense
    elif upos == "PUNCT":
        if form in _PUNCT_TYPES:
            feats["PunctType"] = _PUNCT_TYPES[form]
    elif upos in ("PRON", "DET"):
        known = lexicon.pron.get((lemma.lower(), upos))
        if known is None:
            return False
        lexical, has_gender, has_number = known
        for k in LEXICAL_PRON_FEATS:
            feats.pop(k, None)
        feats.update(lexical)
        if not has_gender:
            feats.pop("Gender", None)
        if not has_number:
            feats.pop("Number", None)
    elif upos in ("ADJ", "ADV") and feats.get("Degree") == "Pos":
        # BRUK's newer VESUM marks many more lemmas as having degrees of comparison than the treebank's: 379 of
        # the 814 ADJ lemmas BRUK gives Degree=Pos have none in zoloto; zoloto's rarer adjectives mostly have none
        known = lexicon.degree.get((lemma.lower(), upos))
        if known is False or (known is None and upos == "ADJ"):
            del feats["Degree"]
    elif upos in ("NOUN", "PROPN") and feats.get("Number") in ("Plur", "Ptan") and "Gender" not in feats:
        g = lexicon.noun_gender.get(lemma)
        if g is None:
            return False
        if feats.get("Number") == "Plur":
            feats["Gender"] = g
    return True


def sentence_to_ud(toks: list[BToken], lexicon: Lexicon | None = None) -> list[tuple[str, str, str, str, bool]]:
    """(form, lemma, UPOS, FEATS, space_after) per token; UPOS and FEATS are "" where missing.

    With a ``lexicon`` (see :func:`build_lexicon`), pronoun features and plural noun genders follow the UD
    treebank; tokens it cannot settle are left missing.
    """
    out = []
    for i, t in enumerate(toks):
        next_case = None
        if t.tags.startswith("prep"):
            # the case a preposition governs is the case of the nominal right after it
            for nxt in toks[i + 1:i + 4]:
                m = _CASE_RE.search(nxt.tags)
                if m:
                    next_case = m.group(1)
                    break
                if not nxt.tags.startswith(("adv", "part")):
                    break
        ana = vesum_to_ana(t.tags, t.lemma, next_case)
        upos, feats = "", ""
        if ana is not None:
            upos, feats = ana_to_ud(ana, t.lemma, t.form)
            feats = "" if feats == "_" else feats
            if lexicon is not None:
                fd = dict(f.split("=", 1) for f in feats.split("|")) if feats else {}
                if _apply_lexicon(t.form, t.lemma, upos, fd, lexicon):
                    feats = "|".join(f"{k}={v}" for k, v in sorted(fd.items(), key=lambda kv: kv[0].lower()))
                else:
                    upos, feats = "", ""
        out.append((t.form, t.lemma, upos, feats, t.space_after))
    return out


def held_out_files(data_dir: str | Path) -> set[str]:
    """BRUK file names that must never be trained on (BRUK test list, NER-UK TEST texts)."""
    data_dir = Path(data_dir)
    held = {line.strip() for line in (data_dir / "bruk" / "test_data_set.txt").read_text().splitlines()
            if line.strip()}
    held |= {name[:-4] + ".xml" for name in held if name.endswith(".txt")}
    mapping = data_dir / "ner-uk-2.0" / "bruk_doc_mapping.tsv"
    with open(mapping, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            name = row.get("bruk_disambig_file(exact name match)") or ""
            if name and "TEST" in (row.get("v1_split", ""), row.get("v2_split", "")):
                held.add(name)
    return held


#: Word n-grams compared with UD-IU dev/test, and how many of them a training file may share with those files.
SHARED_NGRAM = 8
MAX_SHARED_NGRAMS = 20


def _words(forms: Iterable[str]) -> list[str]:
    return [normalize_apostrophes(f).lower() for f in forms if any(c.isalnum() for c in f)]


def _ngrams(words: list[str]) -> Iterator[tuple[str, ...]]:
    return (tuple(words[i:i + SHARED_NGRAM]) for i in range(len(words) - SHARED_NGRAM + 1))


def ud_evaluation_ngrams(data_dir: str | Path) -> set[tuple[str, ...]]:
    """Word 8-grams of UD-IU dev and test (what the core model is scored on); empty where the files are absent."""
    from ..io.conllu import read_conllu

    grams: set[tuple[str, ...]] = set()
    for split in ("dev", "test"):
        path = Path(data_dir) / "ud-uk-iu" / f"uk_iu-ud-{split}.conllu"
        if path.is_file():
            for sent in read_conllu(path):
                grams.update(_ngrams(_words(w["form"] for w in sent.words())))
    return grams


def shared_ngrams(forms: Iterable[str], grams: set[tuple[str, ...]]) -> int:
    """How many word 8-grams of the token ``forms`` are in ``grams`` (:func:`ud_evaluation_ngrams`)."""
    return sum(g in grams for g in _ngrams(_words(forms)))


def shares_evaluation_text(sentences: list[list[BToken]], grams: set[tuple[str, ...]]) -> bool:
    """A file that quotes a passage of UD-IU dev/test (more than ``MAX_SHARED_NGRAMS`` shared word 8-grams:
    a law quoted in a test sentence); a few shared formulas (``відповідно до статті …``) do not count."""
    return shared_ngrams((t.form for sent in sentences for t in sent), grams) > MAX_SHARED_NGRAMS


def iter_train_files(data_dir: str | Path) -> Iterator[Path]:
    """BRUK ``disambig`` files allowed for training, sorted by name (not those of :func:`held_out_files`, nor
    those quoting UD-IU dev/test text)."""
    held = held_out_files(data_dir)
    grams = ud_evaluation_ngrams(data_dir)
    for path in sorted((Path(data_dir) / "bruk" / "disambig").glob("*.xml")):
        if path.name not in held and not (grams and shares_evaluation_text(read_file(path), grams)):
            yield path
