"""Training-corpus pieces of ``ukrnews-nlp train core`` (no training here)."""
from __future__ import annotations

import pytest
import spacy

from ukrnews_nlp.io.conllu import iter_conllu
from ukrnews_nlp.training.core import (
    DOC_SENTENCES,
    is_complete_tree,
    iu_relation,
    parlamint_docs,
    read_trees,
    sentences_to_doc,
)

CONLLU = """# text = Депутати проголосували.
1\tДепутати\tдепутат\tNOUN\t_\tAnimacy=Anim|Case=Nom|Gender=Masc|Number=Plur\t2\tnsubj\t_\t_
2\tпроголосували\tпроголосувати\tVERB\t_\tAspect=Perf|Mood=Ind|Number=Plur|Tense=Past|VerbForm=Fin\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_

"""


def test_sentence_to_doc_keeps_gold_annotation():
    sent = next(iter_conllu(CONLLU.splitlines(keepends=True)))
    assert is_complete_tree(sent)
    doc = sentences_to_doc(spacy.blank("uk").vocab, [sent])
    assert doc.text.rstrip() == "Депутати проголосували."
    assert [t.dep_ for t in doc] == ["nsubj", "root", "punct"]
    assert doc[0].head.i == 1 and doc[0].morph.get("Case") == ["Nom"] and doc[1].lemma_ == "проголосувати"


def test_parlamint_docs(data_dir):
    docs, n_words = parlamint_docs(spacy.blank("uk").vocab, data_dir)
    assert n_words == sum(len(d) for d in docs) > 30_000
    assert all(len(list(d.sents)) <= DOC_SENTENCES for d in docs)
    assert all(d.has_annotation("DEP") and d.has_annotation("MORPH") for d in docs[:20])
    relations = {t.dep_ for d in docs for t in d}
    assert "advmod" in relations and not relations & {"advmod:neg", "advmod:emph", "obl:arg", "nsubj:pass"}


PARLAMINT_STYLE = """# text = Закон не був прийнятий тільки Радою ще.
1	Закон	закон	NOUN	_	Case=Nom	4	nsubj:pass	_	_
2	не	не	PART	_	Polarity=Neg	4	advmod:neg	_	_
3	був	бути	AUX	_	_	4	aux:pass	_	_
4	прийнятий	прийнятий	ADJ	_	_	0	root	_	_
5	тільки	тільки	PART	_	_	6	advmod:emph	_	_
6	Радою	рада	PROPN	_	Case=Ins	4	obl:agent	_	_
7	ще	ще	ADV	_	_	4	advmod:emph	_	SpaceAfter=No
8	.	.	PUNCT	_	_	4	punct	_	_

# text = Депутат Чорний, колега.
1	Депутат	депутат	NOUN	_	Case=Nom	0	root	_	_
2	Чорний	Чорний	PROPN	_	Case=Nom	1	appos	_	SpaceAfter=No
3	,	,	PUNCT	_	_	4	punct	_	_
4	колега	колега	NOUN	_	Case=Nom	1	appos	_	SpaceAfter=No
5	.	.	PUNCT	_	_	1	punct	_	_

# text = Без дерева.
1	Без	без	ADP	_	_	_	_	_	_
2	дерева	дерево	NOUN	_	_	_	_	_	SpaceAfter=No
3	.	.	PUNCT	_	_	_	_	_	_

"""


def test_parlamint_relations_are_read_as_ud_iu_writes_them(tmp_path):
    path = tmp_path / "parlamint.conllu"
    path.write_text(PARLAMINT_STYLE, encoding="utf-8")
    sents = read_trees(path)
    assert len(sents) == 2  # the sentence without a tree is left out
    assert [w["deprel"] for w in sents[0].words()] == ["nsubj", "advmod", "aux", "root", "discourse", "obl",
                                                       "advmod", "punct"]
    # a name after its title is flat:title; a common noun in apposition stays appos
    assert [w["deprel"] for w in sents[1].words()] == ["root", "flat:title", "punct", "appos", "punct"]
    assert iu_relation("nsubj", "NOUN") == "nsubj" and iu_relation("flat:title", "NOUN") == "flat:title"


def test_core_training_can_read_the_shipped_ner_models_vectors():
    """`train core` reads its static vectors from models/ner, whose config names the library's NER factory:
    loading it in a fresh interpreter (no other test's imports) must find that factory."""
    import subprocess
    import sys
    from pathlib import Path

    ner = Path(__file__).resolve().parents[1] / "models" / "ner"
    if not (ner / "config.cfg").is_file():
        pytest.skip("needs models/ner")
    code = ("import spacy, sys; from spacy.training.initialize import load_vectors_into_model; "
            "import ukrnews_nlp.training.core; nlp = spacy.blank('uk'); "
            "load_vectors_into_model(nlp, sys.argv[1]); print(nlp.vocab.vectors.shape[1])")
    out = subprocess.run([sys.executable, "-c", code, str(ner)], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert int(out.stdout.split()[-1]) > 0


def test_a_bruk_file_quoting_evaluation_text_is_not_trained_on():
    from ukrnews_nlp.training.bruk import BToken, _ngrams, _words, shares_evaluation_text

    quoted = ("схвалені сільськими , селищними , міськими радами проекти рішень щодо добровільного об’єднання "
              "територіальних громад у п’ятиденний строк подаються Раді міністрів Автономної Республіки Крим , "
              "обласній державній адміністрації для надання висновку щодо відповідності цього проекту Конституції та "
              "законам України").split()
    grams = set(_ngrams(_words(["Частиною", "третьою", "статті", "7", *quoted, "."])))
    law = [[BToken(f.replace("’", "'"), "", "") for f in quoted], [BToken("Інше", "", ""), BToken("речення", "", "")]]
    formula = [[BToken(f, "", "") for f in quoted[:10]]]   # 3 shared 8-grams: a common formula, kept
    assert shares_evaluation_text(law, grams)
    assert not shares_evaluation_text(formula, grams)
    assert not shares_evaluation_text(law, set())


def test_pruning_the_string_store_keeps_what_the_components_look_up(tmp_path):
    import shutil
    from pathlib import Path

    import srsly

    from ukrnews_nlp.training.core import prune_strings

    core = Path(__file__).resolve().parents[1] / "models" / "core"
    if not (core / "config.cfg").is_file():
        pytest.skip("needs models/core")
    shutil.copytree(core, tmp_path / "core")
    path = tmp_path / "core" / "vocab" / "strings.json"
    shipped = srsly.read_json(path)
    srsly.write_json(path, shipped + ["будь-який", "Київщина", "$2,1", "тест"])   # training words
    before, after = prune_strings(tmp_path / "core")
    assert (before, after) == (len(shipped) + 4, len(shipped))
    assert srsly.read_json(path) == shipped


def test_tree_copies_repeats_the_docs_with_trees(tmp_path, monkeypatch):
    from spacy.tokens import DocBin

    from ukrnews_nlp.training import core

    ud_dir = tmp_path / "ud-uk-iu"
    (ud_dir / "zoloto" / "annotated").mkdir(parents=True)
    (ud_dir / "uk_iu-ud-dev.conllu").write_text(CONLLU, encoding="utf-8")
    tree = next(iter_conllu(CONLLU.splitlines(keepends=True)))
    no_tree = next(iter_conllu(CONLLU.replace("\t2\tnsubj", "\t_\t_").splitlines(keepends=True)))
    monkeypatch.setattr(core, "zoloto_train", lambda _ud_dir: ([[tree, no_tree]], {"sentences": 2}))
    stats = core.build_corpora(tmp_path, tmp_path / "work", bruk="none", parlamint=False, tree_copies=3)
    docs = list(DocBin().from_disk(tmp_path / "work" / "corpus" / "train.spacy").get_docs(spacy.blank("uk").vocab))
    assert stats["train_docs"] == 4 and stats["tree_copies"] == 3
    assert sum(d.has_annotation("DEP") for d in docs) == 3


def test_tree_copies_below_one_is_refused_before_any_work(tmp_path, capsys):
    from ukrnews_nlp.cli import main

    work = tmp_path / "work"
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "core", "--data-dir", str(tmp_path), "--work-dir", str(work), "--no-vectors",
              "--tree-copies", "0"])
    assert exit_info.value.code == 2
    assert "--tree-copies" in capsys.readouterr().err
    assert not work.exists()


def test_rare_morphologizer_labels_are_dropped_from_the_exported_model(tmp_path):
    from spacy.tokens import Doc, DocBin
    from spacy.training import Example

    from ukrnews_nlp.training.core import morph_label_counts, prune_morph_labels

    nlp = spacy.blank("uk")
    nlp.add_pipe("morphologizer")
    words = ["Депутати", "проголосували", "."]
    common = Doc(nlp.vocab, words=words, pos=["NOUN", "VERB", "PUNCT"],
                 morphs=["Case=Nom|Number=Plur", "Number=Plur|Tense=Past", ""])
    rare = Doc(nlp.vocab, words=["Депутате", "!"], pos=["NOUN", "PUNCT"], morphs=["Case=Voc|Number=Sing", ""])
    corpus = [common] * 3 + [rare]
    DocBin(docs=corpus).to_disk(tmp_path / "train.spacy")
    counts = morph_label_counts(tmp_path / "train.spacy")
    assert counts["Case=Nom|Number=Plur|POS=NOUN"] == 3 and counts["Case=Voc|Number=Sing|POS=NOUN"] == 1
    nlp.initialize(lambda: [Example(nlp.make_doc(d.text), d) for d in corpus])
    nlp.to_disk(tmp_path / "model")
    labels = list(nlp.get_pipe("morphologizer").labels)
    weights = nlp.get_pipe("morphologizer").model.get_ref("softmax").get_param("W").copy()
    assert len(labels) == 4
    assert prune_morph_labels(tmp_path / "model", tmp_path / "train.spacy", min_count=2) == (4, 3)
    pruned = spacy.load(tmp_path / "model")
    morphologizer = pruned.get_pipe("morphologizer")
    assert "Case=Voc|Number=Sing|POS=NOUN" not in morphologizer.labels and len(morphologizer.labels) == 3
    kept = [labels.index(label) for label in morphologizer.labels]  # each label keeps its row of weights
    assert (morphologizer.model.get_ref("softmax").get_param("W") == weights[kept]).all()
    doc = pruned("Депутати проголосували.")
    assert all(t.pos_ in ("NOUN", "VERB", "PUNCT") for t in doc)
    assert prune_morph_labels(tmp_path / "model", tmp_path / "train.spacy", min_count=2) == (3, 3)  # idempotent
