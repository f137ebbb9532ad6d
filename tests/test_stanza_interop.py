"""Stanza interop: records ↔ stanza.Document, the CoNLL-U round trip with ``stanza.utils.conll``, our rule
components on the Stanza adapter, and the errors of ``load(backend="stanza")``.

No Stanza models are needed: the Stanza documents are read from CoNLL-U written here, and the adapter runs on a
stand-in for ``stanza.Pipeline``. Tests that need stanza itself are skipped without it; ``make test`` runs this
file again in ``.venv-stanza``, which has it.
"""
from __future__ import annotations

import subprocess
import sys

import jsonschema
import pytest

import ukrnews_nlp
from ukrnews_nlp.errors import DataError, ModelError, UserError
from ukrnews_nlp.io.conllu import iter_conllu, parse_misc
from ukrnews_nlp.io.writers import record_to_conllu
from ukrnews_nlp.pipeline import STANZA_COMPONENTS, stanza_language

NO_STANZA = ("stanza is not installed here; `make test` runs these tests in .venv-stanza "
             "(pip install torch==2.13.0, then pip install -e '.[stanza]')")

# Stanza's CoNLL-U for a news text: BIOES entities with Stanza's PERS label, a paragraph break (SpacesAfter=\n\n)
# and two spaces between words (SpacesAfter=\s\s).
TEXT = ("Президент Володимир Зеленський заявив: «Ми переможемо».\n\n"
        "Делегація з Польщі прибула до  Києва.")
CONLLU = """# newdoc id = n1
# sent_id = 1
# text = Президент Володимир Зеленський заявив: «Ми переможемо».
1	Президент	президент	NOUN	Ncmsny	Animacy=Anim|Case=Nom|Gender=Masc|Number=Sing	4	nsubj	_	ner=O
2	Володимир	Володимир	PROPN	Npmsny	Animacy=Anim|Case=Nom|Gender=Masc|NameType=Giv|Number=Sing	1	flat:title	_	ner=B-PERS
3	Зеленський	Зеленський	PROPN	Npmsny	Animacy=Anim|Case=Nom|Gender=Masc|NameType=Sur|Number=Sing	2	flat:name	_	ner=E-PERS
4	заявив	заявити	VERB	Vmeis-sm	Aspect=Perf|Gender=Masc|Mood=Ind|Number=Sing|Tense=Past|VerbForm=Fin	0	root	_	ner=O|SpaceAfter=No
5	:	:	PUNCT	U	_	4	punct	_	ner=O
6	«	«	PUNCT	U	_	8	punct	_	ner=O|SpaceAfter=No
7	Ми	ми	PRON	Pp-p1-ypn	Case=Nom|Number=Plur|Person=1|PronType=Prs	8	nsubj	_	ner=O
8	переможемо	перемогти	VERB	Vmpif1p	Aspect=Perf|Mood=Ind|Number=Plur|Person=1|Tense=Fut|VerbForm=Fin	4	parataxis	_	ner=O|SpaceAfter=No
9	»	»	PUNCT	U	_	8	punct	_	ner=O|SpaceAfter=No
10	.	.	PUNCT	U	_	4	punct	_	ner=O|SpacesAfter=\\n\\n

# sent_id = 2
# text = Делегація з Польщі прибула до  Києва.
1	Делегація	делегація	NOUN	Ncfsny	Animacy=Inan|Case=Nom|Gender=Fem|Number=Sing	4	nsubj	_	ner=O
2	з	з	ADP	Spsg	Case=Gen	3	case	_	ner=O
3	Польщі	Польща	PROPN	Npfsgy	Animacy=Inan|Case=Gen|Gender=Fem|Number=Sing	1	nmod	_	ner=S-LOC
4	прибула	прибути	VERB	Vmeis-sf	Aspect=Perf|Gender=Fem|Mood=Ind|Number=Sing|Tense=Past|VerbForm=Fin	0	root	_	ner=O
5	до	до	ADP	Spsg	Case=Gen	6	case	_	ner=O|SpacesAfter=\\s\\s
6	Києва	Київ	PROPN	Npmsgy	Animacy=Inan|Case=Gen|Gender=Masc|Number=Sing	4	obl	_	ner=S-LOC|SpaceAfter=No
7	.	.	PUNCT	U	_	4	punct	_	ner=O|SpaceAfter=No

"""  # noqa: E501


@pytest.fixture(scope="module")
def CoNLL():  # noqa: N802 (stanza's class)
    pytest.importorskip("stanza", reason=NO_STANZA)
    from stanza.utils.conll import CoNLL

    return CoNLL


@pytest.fixture(scope="module")
def sdoc(CoNLL):  # noqa: N803
    doc = CoNLL.conll2doc(input_str=CONLLU, reconstruct_text=True)
    assert doc.text == TEXT
    return doc


@pytest.fixture(scope="module")
def record(sdoc):
    from ukrnews_nlp.interop.stanza import from_stanza

    return from_stanza(sdoc)


class FakePipeline:
    """Stands in for stanza.Pipeline: returns the analysis of the one text it knows, read from CoNLL-U."""

    def __init__(self, conll, conllu: str = CONLLU):
        self.doc = conll.conll2doc(input_str=conllu, reconstruct_text=True)
        self.calls = 0

    def __call__(self, text: str):
        self.calls += 1
        return self.doc


def _words(record):
    return [t for t in record["tokens"] if t["text"].strip()]


# ------------------------------------------------------------------------------ without stanza (always run)

def test_stanza_backend_without_stanza_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "stanza", None)  # `import stanza` now fails as if not installed
    with pytest.raises(UserError, match=r"needs the optional package stanza") as info:
        ukrnews_nlp.load(backend="stanza", stanza_dir=tmp_path)
    message = str(info.value)
    assert "pip install 'ukrnews-nlp[stanza]'" in message
    assert message.index("torch") < message.index("ukrnews-nlp[stanza]")  # torch first: the CPU build
    from ukrnews_nlp.interop.stanza import to_stanza

    with pytest.raises(UserError, match=r"to_stanza\(\) needs the optional package stanza"):
        to_stanza({"text": "", "tokens": [], "entities": [], "sentences": []})


def test_unknown_backend_is_a_user_error():
    with pytest.raises(UserError, match=r"Unknown backend 'udpipe'; choose one of: spacy, stanza"):
        ukrnews_nlp.load(backend="udpipe")


def test_stanza_dir_needs_the_stanza_backend(tmp_path):
    with pytest.raises(UserError, match=r"stanza_dir is used only with backend='stanza'"):
        ukrnews_nlp.load(models=False, stanza_dir=tmp_path)


# ---------------------------------------------------------------------------------------- with stanza

def test_import_keeps_stanza_out(CoNLL):  # noqa: N803
    # stanza (and the models it loads) only when a function needs it; thinc itself imports torch where it is
    # installed, which is why the main environment has none
    code = "import sys, ukrnews_nlp, ukrnews_nlp.interop.stanza; print('stanza' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_missing_models_say_how_to_get_them(CoNLL, tmp_path):  # noqa: N803
    with pytest.raises(ModelError, match=r"No Stanza Ukrainian models in .*no resources.json") as info:
        ukrnews_nlp.load(backend="stanza", stanza_dir=tmp_path)
    assert str(tmp_path) in str(info.value)
    assert "stanza.download('uk', model_dir='DIR')" in str(info.value)
    assert "stanza_dir='DIR'" in str(info.value)


def test_partly_downloaded_models_name_the_missing_file(CoNLL, tmp_path):  # noqa: N803
    # resources.json lists a tokenizer whose file is not there: Stanza's own loading finds it missing
    (tmp_path / "uk").mkdir()
    (tmp_path / "resources.json").write_text(
        '{"uk": {"lang_name": "Ukrainian", "packages": {"default": {"tokenize": "iu"}}, "tokenize": {"iu": {}}}}')
    with pytest.raises(ModelError, match=r"No Stanza Ukrainian models in .*tokenize.*iu\.pt.*stanza\.download"):
        ukrnews_nlp.load(backend="stanza", stanza_dir=tmp_path)


def test_from_stanza_record(record):
    jsonschema.validate(record, ukrnews_nlp.record_schema())
    assert record["id"] == "n1" and record["text"] == TEXT
    assert "".join(t["text"] + t["ws"] for t in record["tokens"]) == TEXT
    for item in record["tokens"] + record["entities"]:
        assert TEXT[item["start"]:item["end"]] == item["text"]
    assert [TEXT[s["start"]:s["end"]] for s in record["sentences"]] == [
        "Президент Володимир Зеленський заявив: «Ми переможемо».", "Делегація з Польщі прибула до  Києва."]
    # PERS is our PER; the normal forms come from our normalizer, on Stanza's morphology
    assert [(e["text"], e["label"], e["normal"]) for e in record["entities"]] == [
        ("Володимир Зеленський", "PER", "Володимир Зеленський"), ("Польщі", "LOC", "Польща"),
        ("Києва", "LOC", "Київ")]
    words = _words(record)
    assert [t["text"] for t in words][:4] == ["Президент", "Володимир", "Зеленський", "заявив"]
    by_text = {t["text"]: t for t in words}
    zayavyv = record["tokens"].index(by_text["заявив"])
    assert by_text["заявив"]["deprel"] == "root" and by_text["заявив"]["head"] == zayavyv
    assert record["tokens"][by_text["Президент"]["head"]]["text"] == "заявив"
    assert record["tokens"][by_text["Києва"]["head"]]["text"] == "прибула"
    assert by_text["Києва"] | {"start": 0, "end": 0} == {
        "text": "Києва", "start": 0, "end": 0, "ws": "", "norm": "києва", "lemma": "Київ", "upos": "PROPN",
        "feats": "Animacy=Inan|Case=Gen|Gender=Masc|Number=Sing", "head": by_text["Києва"]["head"], "deprel": "obl"}
    assert by_text["«"]["norm"] == '"'  # our NORM, as with our tokenizer
    # whitespace the spaCy way: one space on the word before, the rest a whitespace token
    spaces = [(t["text"], t["upos"]) for t in record["tokens"] if not t["text"].strip()]
    assert spaces == [("\n\n", "SPACE"), (" ", "SPACE")]
    assert by_text["до"]["ws"] == " " and record["quotes"] == [] and record["speakers"] == []


def test_from_stanza_rebuilds_the_text_of_a_document_without_offsets(CoNLL, record):  # noqa: N803
    from ukrnews_nlp.interop.stanza import from_stanza

    bare = CoNLL.conll2doc(input_str=CONLLU)  # no text, no start_char/end_char: only the whitespace marks
    assert bare.text is None
    assert from_stanza(bare, id="other", meta={"src": "x"}) == record | {"id": "other", "meta": {"src": "x"}}


def test_from_stanza_rejects_offsets_that_miss_the_text(CoNLL):  # noqa: N803
    from ukrnews_nlp.interop.stanza import from_stanza

    doc = CoNLL.conll2doc(input_str=CONLLU, reconstruct_text=True)
    doc.text = TEXT.replace("Президент", "Президентка")
    with pytest.raises(DataError, match=r"Stanza token .* does not match the text there"):
        from_stanza(doc)


def test_to_stanza(record):
    from ukrnews_nlp.interop.stanza import to_stanza

    doc = to_stanza(record)
    assert doc.text == TEXT and len(doc.sentences) == 2
    words = [w for s in doc.sentences for w in s.words]
    ours = _words(record)
    assert [(w.text, w.lemma, w.upos, w.feats, w.deprel) for w in words] == [
        (t["text"], t["lemma"], t["upos"], t["feats"], t["deprel"]) for t in ours]
    n = 0
    for sent in doc.sentences:  # heads are sentence-local, 0 for the root
        for w in sent.words:
            head = record["tokens"][ours[n]["head"]]
            assert (w.head == 0) == (w.deprel == "root")
            assert w.head == 0 or sent.words[w.head - 1].text == head["text"]
            n += 1
    tokens = [t for s in doc.sentences for t in s.tokens]
    assert [(t.start_char, t.end_char) for t in tokens] == [(t["start"], t["end"]) for t in ours]
    assert [t.spaces_after for t in tokens][8:11] == ["", "\n\n", " "]
    assert [(e.text, e.type, e.start_char, e.end_char) for e in doc.ents] == [
        (e["text"], "PERS" if e["label"] == "PER" else e["label"], e["start"], e["end"])
        for e in record["entities"]]
    assert [t.ner for t in tokens[:4]] == ["O", "B-PERS", "E-PERS", "O"]


def test_record_round_trip_through_stanza(record):
    from ukrnews_nlp.interop.stanza import from_stanza, to_stanza

    assert from_stanza(to_stanza(record)) == record


def test_conllu_round_trip_with_stanza_utils(CoNLL, record):  # noqa: N803
    from ukrnews_nlp.interop.stanza import from_stanza, to_stanza

    # our CoNLL-U, read by stanza.utils.conll, is the document to_stanza builds
    ours = record_to_conllu(record)
    read = CoNLL.conll2doc(input_str=ours)
    built = to_stanza(record)
    fields = ("id", "text", "lemma", "upos", "feats", "head", "deprel")
    assert [[[getattr(w, f) for f in fields] for w in s.words] for s in read.sentences] == [
        [[getattr(w, f) for f in fields] for w in s.words] for s in built.sentences]
    assert [t.spaces_after for s in read.sentences for t in s.tokens] == [
        t.spaces_after for s in built.sentences for t in s.tokens]
    # Stanza's CoNLL-U, read by our reader: the same rows, offsets and entities as our own
    written = f"{built:C}\n\n"
    for theirs, mine in zip(iter_conllu(written.splitlines()), iter_conllu(ours.splitlines()), strict=True):
        columns = ("id", "form", "lemma", "upos", "feats", "head", "deprel")
        assert [[r[c] for c in columns] for r in theirs.words()] == [[r[c] for c in columns] for r in mine.words()]
        for r, m in zip(theirs.words(), mine.words(), strict=True):
            misc, my_misc = parse_misc(r["misc"]), parse_misc(m["misc"])
            assert f"{misc['start_char']}:{misc['end_char']}" == my_misc["TokenRange"]
            assert misc["ner"][2:].replace("PERS", "PER") == my_misc["NER"][2:]
    # and back into a record through stanza's reader: the text is rebuilt from the whitespace marks
    assert from_stanza(CoNLL.conll2doc(input_str=written)) == record


def test_record_of_our_pipeline_to_stanza(nlp, CoNLL):  # noqa: N803
    from ukrnews_nlp.interop.stanza import to_stanza

    text = "Мер Києва Віталій Кличко сказав:  «Світло повернуть увечері».\n\nУ Львові тихо."
    record = ukrnews_nlp.annotate(text, id="a1", nlp=nlp)
    doc = to_stanza(record)
    assert doc.text == text and len(doc.sentences) == len(record["sentences"])
    tokens = [t for s in doc.sentences for t in s.tokens]
    assert [t.text for t in tokens] == [t["text"] for t in _words(record)]
    assert all(text[t.start_char:t.end_char] == t.text for t in tokens)
    assert [(w.lemma, w.upos) for s in doc.sentences for w in s.words] == [
        (t["lemma"], t["upos"]) for t in _words(record)]
    assert [(e.text, e.start_char) for e in doc.ents] == [(e["text"], e["start"]) for e in record["entities"]]
    # our quote marks travel in MISC, as in our CoNLL-U
    assert record["quotes"] and any("Quote=q1" in (w.misc or "") for s in doc.sentences for w in s.words)


def test_stanza_language_runs_our_components_on_stanza_analysis(CoNLL, record):  # noqa: N803
    pipeline = FakePipeline(CoNLL)
    nlp = stanza_language(pipeline)
    assert nlp.pipe_names == list(STANZA_COMPONENTS) == ["ukrnews_entity_normalizer", "ukrnews_quotes"]
    doc = nlp(TEXT)
    assert pipeline.calls == 1 and doc.text == TEXT
    assert [t.tag_ for t in doc][:2] == ["Ncmsny", "Npmsny"]  # XPOS
    assert [s.text for s in doc.sents][1] == "Делегація з Польщі прибула до  Києва."
    out = ukrnews_nlp.doc_to_record(doc, id="n1")
    jsonschema.validate(out, ukrnews_nlp.record_schema())
    # the same analysis as from_stanza, with the quote attributed by our rules on top
    assert {k: v for k, v in out.items() if k not in ("quotes", "speakers")} == {
        k: v for k, v in record.items() if k not in ("quotes", "speakers")}
    [quote] = out["quotes"]
    assert quote["text"] == "Ми переможемо" and TEXT[quote["start"]:quote["end"]] == quote["text"]
    assert quote["speaker"]["name"] == "Володимир Зеленський" and quote["cue"]["text"] == "заявив"
    assert ukrnews_nlp.annotate(TEXT, nlp=nlp)["quotes"] == out["quotes"]


def test_stanza_language_exclude(CoNLL):  # noqa: N803
    assert stanza_language(FakePipeline(CoNLL), exclude=["ukrnews_quotes"]).pipe_names == [
        "ukrnews_entity_normalizer"]


def test_adapter_refuses_a_document_of_another_text(CoNLL):  # noqa: N803
    nlp = stanza_language(FakePipeline(CoNLL))
    with pytest.raises(DataError, match=r"whose text is not the text it was given"):
        nlp(TEXT + " Ще одне речення.")


def test_multiword_tokens(CoNLL):  # noqa: N803
    from ukrnews_nlp.interop.stanza import stanza_to_doc

    # "якби" spells out its words як + би: a token each; "Мін'юст" does not: one token, its head word's analysis
    conllu = """# text = Якби Мін'юст знав.
1-2	Якби	_	_	_	_	_	_	_	_
1	Як	як	SCONJ	_	_	5	mark	_	_
2	би	би	PART	_	Mood=Cnd	5	aux	_	_
3-4	Мін'юст	_	_	_	_	_	_	_	_
3	Міністерство	міністерство	NOUN	_	Case=Nom	5	nsubj	_	_
4	юстиції	юстиція	NOUN	_	Case=Gen	3	nmod	_	_
5	знав	знати	VERB	_	Tense=Past	0	root	_	SpaceAfter=No
6	.	.	PUNCT	_	_	5	punct	_	SpaceAfter=No

"""
    doc = stanza_to_doc(CoNLL.conll2doc(input_str=conllu, reconstruct_text=True))
    assert doc.text == "Якби Мін'юст знав."
    assert [(t.text, t.lemma_, t.pos_, t.dep_, t.head.text) for t in doc] == [
        ("Як", "як", "SCONJ", "mark", "знав"), ("би", "би", "PART", "aux", "знав"),
        ("Мін'юст", "міністерство", "NOUN", "nsubj", "знав"), ("знав", "знати", "VERB", "ROOT", "знав"),
        (".", ".", "PUNCT", "punct", "знав")]
    assert [t.whitespace_ for t in doc] == ["", " ", " ", "", ""]
