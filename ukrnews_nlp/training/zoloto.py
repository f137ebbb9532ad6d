"""Convert the zoloto XML sources of UD_Ukrainian-IU into UD CoNLL-U.

zoloto (mova-institute/zoloto) is the annotated source of the UD Ukrainian-IU treebank: ``<doc>`` → ``<p>``
(or ``<s>``) → ``<sb/>`` sentence starts → ``<w_ id dep="HEAD-deprel"><w lemma ana>form</w></w_>`` tokens,
with ``<g/>`` marking "no space before the next token". Token ids equal the ``Id=`` of the official CoNLL-U.

The morphological tags (``ana``, a VESUM-style tagset documented in zoloto ``docs/tagset.md``) are turned into
UPOS and FEATS by rules (:func:`ana_to_ud`), optionally overridden by a table of exact (ana, lemma) → (UPOS,
FEATS) pairs learned from the official dev/test files (:func:`learn_table`). Dependencies are native UD.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..io.conllu import Sentence, format_misc, parse_misc, read_conllu
from ..word_features import format_feats

#: zoloto folders that are not part of the treebank (older tagset, or marked so by its authors).
SKIP_DIRS = ("old_standard", "not_for_training")


@dataclass
class ZToken:
    id: str
    form: str
    lemma: str
    ana: str
    heads: list[tuple[str, str]]  # (head id, deprel) pairs of ``dep``; the first usable one is the basic tree
    elided: bool = False  # an ``ellipsis`` token: restored for enhanced deps only, not a UD word
    space_after: bool = True
    multitoken: str | None = None  # surface form of the multiword token this word belongs to


@dataclass
class ZSentence:
    sent_id: str
    doc_id: str
    par_id: str | None
    tokens: list[ZToken] = field(default_factory=list)
    new_doc: bool = False
    new_par: bool = False
    doc_meta: dict[str, str] = field(default_factory=dict)


def _parse_dep(dep: str | None) -> list[tuple[str, str]]:
    """``"0a8b-orphan|3ca0-obl"`` → ``[("0a8b", "orphan"), ("3ca0", "obl")]``."""
    out = []
    for part in (dep or "").split("|"):
        head, _, rel = part.partition("-")
        if head and rel:
            out.append((head, rel))
    return out


def iter_sentences(path: str | Path) -> Iterator[ZSentence]:
    """Sentences of one zoloto XML file, in document order."""
    root = ET.parse(path).getroot()
    docs = [root] if root.tag == "doc" else list(root.iter("doc")) or [root]
    for doc in docs:
        yield from _DocWalker(doc).sentences()


class _DocWalker:
    """Walks one ``<doc>``: ``<p>`` starts a paragraph, ``<s>`` and ``<sb/>`` start sentences."""

    def __init__(self, doc: ET.Element) -> None:
        self.doc = doc
        self.meta = {k: v for k, v in doc.attrib.items() if k != "id"}
        self.sent: ZSentence | None = None
        self.par: str | None = None
        self.new_par = False
        self.new_doc = True

    def sentences(self) -> Iterator[ZSentence]:
        yield from self._walk(self.doc, None)
        yield from self._flush()

    def _start(self, sent_id: str) -> None:
        self.sent = ZSentence(sent_id=sent_id, doc_id=self.doc.get("id", ""), par_id=self.par,
                              new_doc=self.new_doc, new_par=self.new_par, doc_meta=self.meta)
        self.new_doc = self.new_par = False

    def _flush(self) -> Iterator[ZSentence]:
        if self.sent is not None and self.sent.tokens:
            yield self.sent
        self.sent = None

    def _walk(self, el: ET.Element, multitoken: str | None) -> Iterator[ZSentence]:
        for child in el:
            tag = child.tag
            if tag == "p":
                yield from self._flush()
                self.par = child.get("id")
                self.new_par = True
                yield from self._walk(child, None)
            elif tag == "s":
                yield from self._flush()
                self._start(child.get("id", ""))
                yield from self._walk(child, None)
            elif tag == "sb":
                if self.sent is not None and not self.sent.tokens:
                    # an <sb/> right at the start of an <s> just names the sentence <s> opened
                    self.sent.sent_id = child.get("id", self.sent.sent_id)
                else:
                    yield from self._flush()
                    self._start(child.get("id", ""))
            elif tag == "w_":
                self._add_token(child, multitoken)
            elif tag == "g":
                if self.sent is not None and self.sent.tokens:
                    self.sent.tokens[-1].space_after = False
            elif tag == "multitoken":
                yield from self._walk(child, child.get("form", ""))
            elif tag != "doc":
                yield from self._walk(child, multitoken)

    def _add_token(self, el: ET.Element, multitoken: str | None) -> None:
        ws = el.findall("w")
        if not ws:
            return
        w = ws[0]  # a few tokens list alternative analyses; the first one is the chosen one
        if self.sent is None:
            self._start(el.get("id", ""))
        assert self.sent is not None
        self.sent.tokens.append(ZToken(
            id=el.get("id", ""),
            # UD writes the corrected spelling where the annotators gave one
            form=el.get("correct") or (w.text or "").strip(),
            lemma=w.get("lemma", ""), ana=w.get("ana", ""), heads=_parse_dep(el.get("dep")),
            elided=el.get("ellipsis") is not None, multitoken=multitoken))


def iter_corpus(root: str | Path) -> Iterator[tuple[str, ZSentence]]:
    """(relative file name, sentence) for every XML file of ``zoloto/annotated`` except :data:`SKIP_DIRS`."""
    root = Path(root)
    for path in sorted(root.rglob("*.xml")):
        rel = path.relative_to(root).as_posix()
        if any(part in SKIP_DIRS for part in path.relative_to(root).parts[:-1]):
            continue
        for sent in iter_sentences(path):
            yield rel, sent


# --- tags: ana → UPOS + FEATS -------------------------------------------------------------------------------

_CASE = {"v_naz": "Nom", "v_rod": "Gen", "v_dav": "Dat", "v_zna": "Acc", "v_oru": "Ins", "v_mis": "Loc",
         "v_kly": "Voc"}
_REQ_CASE = {"rv_naz": "Nom", "rv_rod": "Gen", "rv_dav": "Dat", "rv_zna": "Acc", "rv_oru": "Ins",
             "rv_mis": "Loc"}
_GENDER = {"m": "Masc", "f": "Fem", "n": "Neut"}
_PRONTYPE = {"pers": "Prs", "refl": "Prs", "dem": "Dem", "int": "Int", "rel": "Rel", "neg": "Neg",
             "ind": "Ind", "gen": "Tot", "emph": "Emp"}
_DEGREE = {"compb": "Pos", "compr": "Cmp", "super": "Sup", "abs": "Abs"}
_TENSE = {"past": "Past", "pres": "Pres", "futr": "Fut"}


def _set_tense(feats: dict[str, str], flags) -> None:
    """``Tense`` from the tag's tense flag (the last one wins, as in the tag order)."""
    for fl in flags:
        if fl in _TENSE:
            feats["Tense"] = _TENSE[fl]
_ASPECT = {"imperf": "Imp", "perf": "Perf"}
_NAMETYPE = {"fname": "Giv", "lname": "Sur", "patr": "Pat"}
_PUNCTTYPE = {"quote": "Quot", "dash": "Dash", "ndash": "Dash", "hyphen": "Hyph", "bullet": "Bull"}
_FLAG_FEATS = {"abbr": ("Abbr", "Yes"), "foreign": ("Foreign", "Yes"), "beforeadj": ("Hyph", "Yes"),
               "nv": ("Uninflect", "Yes"), "alt": ("Orth", "Alt"), "short": ("Variant", "Short"),
               "conseq": ("PartType", "Conseq"), "poss": ("Poss", "Yes")}


def ana_to_ud(ana: str, lemma: str = "", form: str = "") -> tuple[str, str]:
    """UPOS and FEATS (``A=B|C=D`` or ``_``) for a zoloto ``ana`` tag, by the rules of the tagset.

    The rules follow zoloto ``docs/tagset.md`` and the way UD_Ukrainian-IU spells the same categories.
    """
    flags = ana.split(":") if ana else []
    fs = set(flags)
    pos = flags[0] if flags else "x"
    f: dict[str, str] = {}
    pron = "&pron" in fs
    is_adjp = "&adjp" in fs
    as_noun = "&noun" in fs

    # parts of speech
    if "foreign" in fs and pos in ("noun", "adj"):
        upos = "X"
    elif pos == "noun":
        upos = "PRON" if pron else ("PROPN" if "prop" in fs else "NOUN")
    elif pos == "adj":
        if pron:
            upos = "DET"
        elif as_noun:
            upos = "PROPN" if "prop" in fs else "NOUN"
        else:
            upos = "ADJ"
    elif pos == "verb":
        upos = "AUX" if "aux" in fs else "VERB"
    elif pos == "numr":
        upos = "DET" if pron else "NUM"
    elif pos == "adv":
        upos = "ADV"
    elif pos == "prep":
        upos = "ADP"
    elif pos == "conj":
        upos = "SCONJ" if "subord" in fs else "CCONJ"
    elif pos == "part":
        upos = "AUX" if lemma in ("б", "би") else "PART"
    elif pos == "intj":
        upos = "INTJ"
    elif pos == "punct":
        upos = "PUNCT"
    elif pos in ("sym", "symbol"):
        upos = "SYM"
    else:
        upos = "X"

    # nominal features
    for fl in flags:
        if fl in _CASE:
            f["Case"] = _CASE[fl]
        elif fl in _REQ_CASE and pos == "prep":
            f["Case"] = _REQ_CASE[fl]
        elif fl in _GENDER:
            f["Gender"] = _GENDER[fl]
        elif fl in _FLAG_FEATS:
            k, v = _FLAG_FEATS[fl]
            f[k] = v
        elif fl in _NAMETYPE and pos in ("noun", "adj"):
            f["NameType"] = _NAMETYPE[fl]
        elif fl in _DEGREE and pos in ("adj", "adv"):
            f["Degree"] = _DEGREE[fl]
        elif fl in _PUNCTTYPE and pos == "punct":
            f["PunctType"] = _PUNCTTYPE[fl]
        elif fl in ("1", "2", "3"):
            f["Person"] = fl

    if pos in ("noun", "adj") or (pos == "numr" and False):
        if "anim" in fs:
            f["Animacy"] = "Anim"
        elif "inanim" in fs:
            f["Animacy"] = "Inan"
        if pos == "adj" and f.get("Case") == "Acc":
            if "ranim" in fs:
                f["Animacy"] = "Anim"
            elif "rinanim" in fs:
                f["Animacy"] = "Inan"
        if "animish" in fs:
            f["Animacy[gram]"] = "Anim"
        elif "inanimish" in fs:
            f["Animacy[gram]"] = "Inan"
    if pos in ("noun", "adj", "verb") or (pos == "numr" and "p" in fs):
        if "ns" in fs:
            f["Number"] = "Ptan"
        elif "p" in fs:
            f["Number"] = "Plur"
        elif "s" in fs or "Gender" in f:
            f["Number"] = "Sing"

    if pron:
        for fl in flags:
            if fl in _PRONTYPE:
                f["PronType"] = _PRONTYPE[fl]
                break
        if "refl" in fs:
            f["Reflex"] = "Yes"
    elif "neg" in fs:
        f["Polarity"] = "Neg"
    if pos == "part" and "pers" in fs:
        f["PronType"] = "Prs"

    if pos == "numr":
        f["NumType"] = "Card"
    if "&numr" in fs:
        f["NumType"] = "Ord"
    elif "&_numr" in fs:
        f["NumType"] = "Card"

    # verbal features
    if pos == "verb" or is_adjp:
        for fl in flags:
            if fl in _ASPECT:
                f["Aspect"] = _ASPECT[fl]
    if pos == "verb":
        if "inf" in fs:
            f["VerbForm"] = "Inf"
        elif "advp" in fs:
            f["VerbForm"] = "Conv"
            _set_tense(f, flags)
        elif "impers" in fs:
            f["VerbForm"] = "Fin"
            f["Mood"] = "Ind"
            f["Person"] = "0"
            f.pop("Number", None)
        else:
            f["VerbForm"] = "Fin"
            if "impr" in fs:
                f["Mood"] = "Imp"
            else:
                f["Mood"] = "Ind"
                _set_tense(f, flags)
    if is_adjp:
        f["VerbForm"] = "Part"
        if "actv" in fs:
            f["Voice"] = "Act"
        elif "pasv" in fs:
            f["Voice"] = "Pass"
        _set_tense(f, flags)
    if upos in ("NOUN", "PROPN") and pos == "adj":
        # a substantivised adjective or participle keeps only its nominal features
        for k in ("Degree", "Aspect", "VerbForm", "Voice", "NumType"):
            f.pop(k, None)
    if upos == "AUX" and pos == "part":
        f = {"Mood": "Cnd"}
    return upos, _format_feats(f)


def _format_feats(f: dict[str, str]) -> str:
    return format_feats(f) or "_"


# --- sentences → CoNLL-U ------------------------------------------------------------------------------------

#: (ana, lemma) → (UPOS, FEATS) pairs that override the rules; see :func:`learn_table`.
Table = dict[tuple[str, str], tuple[str, str]]


def learn_table(pairs: Iterable[tuple[str, str, str, str]]) -> Table:
    """The majority (UPOS, FEATS) for each (ana, lemma) from ``(ana, lemma, upos, feats)`` observations."""
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for ana, lemma, upos, feats in pairs:
        counts[(ana, lemma)][(upos, feats)] += 1
    return {key: c.most_common(1)[0][0] for key, c in counts.items()}


def convert_sentence(sent: ZSentence, *, table: Table | None = None) -> Sentence:
    """One zoloto sentence as a UD CoNLL-U :class:`Sentence`.

    Elided tokens are dropped (their dependents keep their first head that is a real word). A head outside the
    sentence, or no head at all on a non-root word, is written as ``_`` (unknown), so a consumer can tell a
    complete tree from a partial one.
    """
    words = [t for t in sent.tokens if not t.elided]
    index = {t.id: i + 1 for i, t in enumerate(words)}
    out = Sentence()
    if sent.new_doc:
        out.comments.append(("newdoc id", sent.doc_id))
        for key in ("title", "author", "date", "src"):
            if sent.doc_meta.get(key):
                out.comments.append((f"doc_{key}" if key != "src" else "url", sent.doc_meta[key]))
    if sent.new_par and sent.par_id:
        out.comments.append(("newpar id", sent.par_id))
    out.comments.append(("sent_id", sent.sent_id))
    out.comments.append(("text", sentence_text(words)))
    i = 0
    while i < len(words):
        t = words[i]
        if t.multitoken is not None and (i == 0 or words[i - 1].multitoken is None or
                                         words[i - 1].multitoken != t.multitoken):
            j = i
            while j + 1 < len(words) and words[j + 1].multitoken == t.multitoken:
                j += 1
            if j > i:
                last = words[j]
                misc = {} if last.space_after else {"SpaceAfter": "No"}
                out.tokens.append(_row(f"{i + 1}-{j + 1}", t.multitoken, "_", "_", "_", "_", "_",
                                       format_misc(misc)))
        upos, feats = (table or {}).get((t.ana, t.lemma)) or ana_to_ud(t.ana, t.lemma, t.form)
        head, deprel = "_", "_"
        usable = [(h, r) for h, r in t.heads if h in index]
        if usable:
            head, deprel = str(index[usable[0][0]]), usable[0][1]
        elif not t.heads and _is_single_root(words, t):
            head, deprel = "0", "root"
        misc = {"Id": t.id}
        in_mwt = t.multitoken is not None and (
            (i > 0 and words[i - 1].multitoken == t.multitoken) or
            (i + 1 < len(words) and words[i + 1].multitoken == t.multitoken))
        if not t.space_after and not in_mwt:
            misc["SpaceAfter"] = "No"
        out.tokens.append(_row(str(i + 1), t.form, t.lemma or "_", upos, "_", feats, head, deprel,
                               deps="_", misc=format_misc(misc)))
        i += 1
    ud_deprels(out.words())
    return out


#: Relations of UD_Ukrainian-IU; zoloto's finer subtypes outside this set fall back to their main type.
UD_DEPRELS = frozenset("""
acl acl:adv acl:relcl advcl advcl:pred advcl:svc advmod advmod:det amod appos aux case cc ccomp compound conj
conj:svc cop csubj det det:numgov det:nummod discourse dislocated expl fixed flat flat:abs flat:foreign
flat:name flat:range flat:repeat flat:sibl flat:title goeswith iobj list mark nmod nsubj nummod nummod:gov obj
obl orphan parataxis parataxis:discourse parataxis:newsent parataxis:rel punct reparandum root vocative xcomp
xcomp:pred""".split())
#: Subtypes that UD_Ukrainian-IU maps to another relation than their main type.
_DEPREL_MAP = {"acl:relless": "acl:relcl"}


def ud_deprels(words: list[dict[str, str]]) -> None:
    """Map zoloto relations to UD_Ukrainian-IU ones in place (``words`` are CoNLL-U rows of one sentence)."""
    children: dict[str, list[dict[str, str]]] = defaultdict(list)
    for w in words:
        children[w["head"]].append(w)

    def has_rel_pronoun(node: dict[str, str]) -> bool:
        stack = list(children[node["id"]])
        while stack:
            w = stack.pop()
            if "PronType=Rel" in w["feats"]:
                return True
            # don't look into nested clauses
            if w["deprel"].split(":")[0] not in ("acl", "advcl", "ccomp", "csubj", "parataxis", "conj"):
                stack.extend(children[w["id"]])
        return False

    for w in words:
        rel = w["deprel"]
        if rel == "_":
            continue
        rel = _DEPREL_MAP.get(rel, rel)
        if rel not in UD_DEPRELS:
            rel = rel.split(":")[0]
        if rel == "acl" and has_rel_pronoun(w):
            rel = "acl:relcl"
        elif rel == "iobj" and not any(s["deprel"] == "obj" for s in children[w["head"]] if s is not w):
            # UD_Ukrainian-IU keeps iobj only beside a direct object
            rel = "obj"
        w["deprel"] = rel


def _is_single_root(words: list[ZToken], token: ZToken) -> bool:
    """Whether ``token`` is the only word of the sentence without a head (i.e. the root of a full tree)."""
    return sum(1 for w in words if not w.heads) == 1


def _row(id_: str, form: str, lemma: str, upos: str, xpos: str, feats: str, head: str, deprel: str,
         deps: str = "_", misc: str = "_") -> dict[str, str]:
    return {"id": id_, "form": form, "lemma": lemma, "upos": upos, "xpos": xpos, "feats": feats,
            "head": head, "deprel": deprel, "deps": deps, "misc": misc}


def sentence_text(words: list[ZToken]) -> str:
    """The sentence text rebuilt from forms and ``<g/>`` glue (multiword tokens written once)."""
    parts: list[str] = []
    i = 0
    while i < len(words):
        t = words[i]
        if t.multitoken:
            j = i
            while j + 1 < len(words) and words[j + 1].multitoken == t.multitoken:
                j += 1
            if j > i:
                parts.append(t.multitoken + (" " if words[j].space_after else ""))
                i = j + 1
                continue
        parts.append(t.form + (" " if t.space_after else ""))
        i += 1
    return "".join(parts).strip()


# --- agreement with the official UD files -------------------------------------------------------------------

AGREEMENT_COLUMNS = ("form", "lemma", "upos", "feats", "head", "deprel", "space_after")


def convert_corpus(root: str | Path, *, table: Table | None = None) -> Iterator[tuple[str, Sentence]]:
    """(file, converted sentence) for the whole zoloto corpus."""
    for fname, zs in iter_corpus(root):
        yield fname, convert_sentence(zs, table=table)


def column_agreement(converted: Iterable[Sentence], official: Iterable[Sentence]) -> dict[str, float]:
    """Per-column agreement (%) of converted words with official CoNLL-U words joined on MISC ``Id``.

    HEAD agrees when both point at the same token ``Id`` (or both are the root), so different sentence
    boundaries do not count as head errors. ``words`` is the number of official words compared, ``missing``
    how many of them the conversion lacks (counted as disagreeing on every column).
    """
    by_id: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    for sent in converted:
        ids = {w["id"]: parse_misc(w["misc"]).get("Id", "") for w in sent.words()}
        for w in sent.words():
            by_id[ids[w["id"]]] = (w, ids)
    agree: Counter = Counter()
    n = missing = 0
    for sent in official:
        ids = {w["id"]: parse_misc(w["misc"]).get("Id", "") for w in sent.words()}
        for w in sent.words():
            n += 1
            hit = by_id.get(ids[w["id"]])
            if hit is None:
                missing += 1
                continue
            c, cids = hit
            for col in ("form", "lemma", "upos", "feats", "deprel"):
                agree[col] += c[col] == w[col]
            agree["head"] += cids.get(c["head"], c["head"]) == ids.get(w["head"], w["head"])
            agree["space_after"] += (("SpaceAfter=No" in c["misc"]) == ("SpaceAfter=No" in w["misc"]))
    out = {col: round(100.0 * agree[col] / n, 3) if n else 0.0 for col in AGREEMENT_COLUMNS}
    out.update(words=n, missing=missing)
    return out


def official_pairs(root: str | Path, official: Iterable[Sentence]) -> list[tuple[str, str, str, str]]:
    """(ana, lemma, UPOS, FEATS) observations where zoloto tokens join the official words by ``Id``."""
    tokens = {t.id: t for _, s in iter_corpus(root) for t in s.tokens}
    pairs = []
    for sent in official:
        for w in sent.words():
            z = tokens.get(parse_misc(w["misc"]).get("Id", ""))
            if z is not None:
                pairs.append((z.ana, z.lemma, w["upos"], w["feats"]))
    return pairs


def agreement_report(ud_dir: str | Path) -> dict[str, dict[str, dict[str, float]]]:
    """Agreement of the conversion with official dev and test, three ways.

    ``rules``: the tagset rules only; ``table_cross``: rules plus a table learned on the *other* split (an
    honest estimate for text the table has not seen); ``table_both``: rules plus the table learned on dev and
    test (what the training conversion uses; trivially high on dev/test themselves).
    """
    ud_dir = Path(ud_dir)
    root = ud_dir / "zoloto" / "annotated"
    official = {s: read_conllu(ud_dir / f"uk_iu-ud-{s}.conllu") for s in ("dev", "test")}
    pairs = {s: official_pairs(root, official[s]) for s in official}
    tables = {"dev": learn_table(pairs["test"]), "test": learn_table(pairs["dev"])}
    both = learn_table(pairs["dev"] + pairs["test"])
    report: dict[str, dict[str, dict[str, float]]] = {}
    for split in ("dev", "test"):
        report[split] = {
            "rules": column_agreement((s for _, s in convert_corpus(root)), official[split]),
            "table_cross": column_agreement((s for _, s in convert_corpus(root, table=tables[split])),
                                            official[split]),
            "table_both": column_agreement((s for _, s in convert_corpus(root, table=both)), official[split]),
        }
    return report


if __name__ == "__main__":  # python -m ukrnews_nlp.training.zoloto DATA_DIR: print the agreement report
    import json
    import sys

    print(json.dumps(agreement_report(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data") / "ud-uk-iu"),
                     indent=1))
