"""The graph parser (``ukrnews_nlp.graph_parser``): spanning trees, the BiLSTM's padding, weights on disk, errors."""
from __future__ import annotations

import itertools

import numpy
import pytest
import spacy
from spacy.tokens import Doc

from ukrnews_nlp.errors import ModelError
from ukrnews_nlp.graph_parser import (
    GraphParser,
    GraphParserWeights,
    _bilstm_layer,
    _find_cycle,
    _Positions,
    agreement_relabel,
    chu_liu_edmonds,
    one_per_head,
)

LABELS = ["nsubj", "obj", "punct", "root", "amod", "parataxis"]
UPOS = ["NOUN", "VERB", "PUNCT", "ADJ"]
FEATURES = {"Case": ["Case=Acc", "Case=Nom", "Case=_"], "VerbForm": ["VerbForm=Fin", "VerbForm=_"],
            "Number": ["Number=Sing", "Number=_"], "PronType": ["PronType=_"]}
TENSOR = 6


def _is_tree(heads: numpy.ndarray) -> bool:
    return int((heads[1:] == 0).sum()) == 1 and _find_cycle(heads) is None


def _brute_force(scores: numpy.ndarray) -> tuple[float, int]:
    """The best total score of any tree with one word on the root (words 1…n), and that tree's root word."""
    n = scores.shape[0]
    best, best_root = -numpy.inf, 0
    for heads in itertools.product(range(n), repeat=n - 1):
        h = numpy.array((-1, *heads))
        if any(h[d] == d for d in range(1, n)) or int((h[1:] == 0).sum()) != 1 or _find_cycle(h) is not None:
            continue
        total = float(scores[numpy.arange(1, n), h[1:]].sum())
        if total > best:
            best, best_root = total, int(numpy.flatnonzero(h == 0)[0])
    return best, best_root


@pytest.mark.parametrize("seed", range(30))
def test_chu_liu_edmonds_finds_the_best_single_root_tree(seed):
    rng = numpy.random.default_rng(seed)
    n = int(rng.integers(2, 8))  # root + 1…6 words
    scores = rng.standard_normal((n, n))
    heads = chu_liu_edmonds(scores.copy())
    assert heads[0] == -1 and int((heads[1:] == 0).sum()) == 1 and _find_cycle(heads) is None
    got = float(scores[numpy.arange(1, n), heads[1:]].sum())
    best, root = _brute_force(scores)
    # the root word is searched among the 3 likeliest: exact whenever the best tree's root is one of them
    if root in numpy.argsort(-scores[1:, 0])[:3] + 1:
        assert got == pytest.approx(best)
    else:
        assert got <= best + 1e-9


def _random_weights(seed: int = 0, hidden: int = 5, arc: int = 4, lab: int = 3, layers: int = 2,
                    labels: list[str] = LABELS):
    rng = numpy.random.default_rng(seed)
    size = TENSOR + 32 + 16 * len(FEATURES)

    def r(*shape):
        return rng.standard_normal(shape).astype("float32")

    arrays = {"upos": r(len(UPOS) + 1, 32), "root": r(size), "arc_U": r(arc, arc), "arc_u": r(arc),
              "lab_diag": r(len(labels), lab), "lab_lin_W": r(len(labels), 2 * lab), "lab_lin_b": r(len(labels))}
    for name, values in FEATURES.items():
        arrays[f"feat_{name}"] = r(len(values) + 1, 16)
    for layer in range(layers):
        width = size if layer == 0 else 2 * hidden
        for d in "fb":
            arrays[f"lstm_{layer}_{d}_ih"] = r(4 * hidden, width)
            arrays[f"lstm_{layer}_{d}_hh"] = r(4 * hidden, hidden)
            arrays[f"lstm_{layer}_{d}_b"] = r(4 * hidden)
    for name, out in (("arc_dep", arc), ("arc_head", arc), ("lab_dep", lab), ("lab_head", lab)):
        arrays[f"{name}_W"], arrays[f"{name}_b"] = r(out, 2 * hidden), r(out)
    return GraphParserWeights(arrays, {"upos": UPOS, "features": FEATURES, "labels": labels})


def _parser(weights=None) -> GraphParser:
    parser = GraphParser()
    parser.weights = weights or _random_weights()
    return parser


def _doc(vocab, sentence_lengths, seed: int = 0) -> Doc:
    rng = numpy.random.default_rng(seed)
    n = sum(sentence_lengths)
    starts = [i == 0 for length in sentence_lengths for i in range(length)]
    tags = [UPOS[i] for i in rng.integers(0, len(UPOS), n)]
    morphs = ["Case=Nom|Number=Sing" if t == "NOUN" else "" for t in tags]
    doc = Doc(vocab, words=[f"w{i}" for i in range(n)], pos=tags, morphs=morphs, sent_starts=starts)
    doc.tensor = rng.standard_normal((n, TENSOR)).astype("float32")
    return doc


def _run_layer(layer, lengths, words):
    """One layer over sentences whose words (in (time, sentence) order) have the projections ``words``."""
    positions = _Positions(lengths)
    return _bilstm_layer(words, positions, layer), positions


def test_bilstm_padding_does_not_change_a_sentence():
    """A sentence padded in a block of longer ones reads as it does alone (both directions)."""
    weights = _random_weights()
    layer = weights.lstm[0]
    rng = numpy.random.default_rng(3)
    lengths = numpy.array([7, 5, 2])
    per_sentence = [rng.standard_normal((n, layer.w_ih.shape[1])).astype("float32") for n in lengths]
    positions = _Positions(lengths)
    together_in = numpy.stack([per_sentence[j][t] for t, j in zip(positions.time, positions.sentence, strict=True)])
    together, _ = _run_layer(layer, lengths, together_in)
    for j, n in enumerate(lengths):
        alone, _ = _run_layer(layer, numpy.array([n]), per_sentence[j])
        mine = together[positions.sentence == j]  # in time order
        numpy.testing.assert_allclose(mine, alone, rtol=1e-5, atol=1e-6)


def test_bilstm_matches_a_plain_lstm():
    """The forward half is a textbook LSTM (PyTorch's gate order i, f, g, o); the backward half the same read
    from the end."""
    weights = _random_weights()
    a = weights.arrays
    rng = numpy.random.default_rng(4)
    x = rng.standard_normal((4, a["lstm_0_f_ih"].shape[1])).astype("float32")
    layer = weights.lstm[0]
    states, _ = _run_layer(layer, numpy.array([4]), x @ layer.w_ih + layer.bias)

    def plain(direction, seq):
        w_ih, w_hh, b = (a[f"lstm_0_{direction}_{k}"] for k in ("ih", "hh", "b"))
        size = w_hh.shape[1]
        h, c, out = numpy.zeros(size), numpy.zeros(size), []
        for row in seq:
            g = w_ih @ row + w_hh @ h + b
            i, f, gg, o = (g[k * size:(k + 1) * size] for k in range(4))
            sig = lambda v: 1 / (1 + numpy.exp(-v))  # noqa: E731
            c = sig(f) * c + sig(i) * numpy.tanh(gg)
            h = sig(o) * numpy.tanh(c)
            out.append(h)
        return numpy.array(out)

    size = layer.size
    numpy.testing.assert_allclose(states[:, :size], plain("f", x), rtol=1e-4, atol=1e-5)
    numpy.testing.assert_allclose(states[:, size:], plain("b", x[::-1])[::-1], rtol=1e-4, atol=1e-5)


def test_parse_gives_one_tree_per_sentence_and_keeps_sentences():
    nlp = spacy.blank("uk")
    doc = _doc(nlp.vocab, [4, 1, 9, 3])
    _parser()(doc)
    assert [len(s) for s in doc.sents] == [4, 1, 9, 3]
    for sent in doc.sents:
        roots = [t for t in sent if t.head.i == t.i]
        assert len(roots) == 1 and roots[0].dep_ == "ROOT"
        assert all(sent.start <= t.head.i < sent.end for t in sent)
        assert all(t.dep_ in LABELS and t.dep_ != "root" for t in sent if t.head.i != t.i)


def test_relations_outside_ud_iu_are_written_as_ud_iu_writes_them():
    """A parser trained on ParlaMint's relations (the shipped one) writes UD-IU's: advmod:neg as advmod."""
    nlp = spacy.blank("uk")
    weights = _random_weights()
    plain = _doc(nlp.vocab, [6, 8, 5], seed=4)
    _parser(weights)(plain)
    parlamint = GraphParserWeights(weights.arrays, {"upos": UPOS, "features": FEATURES,
                                                    "labels": ["advmod:neg" if x == "punct" else x for x in LABELS]})
    doc = _doc(nlp.vocab, [6, 8, 5], seed=4)
    _parser(parlamint)(doc)
    assert "punct" in {t.dep_ for t in plain}  # the relation the renamed label takes
    assert [t.head.i for t in doc] == [t.head.i for t in plain]
    assert [t.dep_ for t in doc] == ["advmod" if t.dep_ == "punct" else t.dep_ for t in plain]


def test_parse_does_not_depend_on_the_batch():
    nlp = spacy.blank("uk")
    parser = _parser()
    alone = _doc(nlp.vocab, [5, 2], seed=1)
    parser(alone)
    batch = [_doc(nlp.vocab, [12, 3], seed=2), _doc(nlp.vocab, [5, 2], seed=1), _doc(nlp.vocab, [1], seed=3)]
    list(parser.pipe(batch))
    assert [t.head.i for t in batch[1]] == [t.head.i for t in alone]
    assert [t.dep_ for t in batch[1]] == [t.dep_ for t in alone]


def test_int8_projections_parse_nearly_as_float_and_do_not_depend_on_the_batch():
    nlp = spacy.blank("uk")
    weights = _random_weights(hidden=24, arc=16, lab=8)
    exact, int8 = _parser(weights), _parser(weights)
    int8.set_int8(True)
    docs = [_doc(nlp.vocab, [12, 3, 7], seed=5), _doc(nlp.vocab, [9, 14], seed=6)]
    block = [int8.feature_rows(doc) for doc in docs]  # the feature table both parsers read
    float_block = [exact.feature_rows(doc) for doc in docs]
    assert [len(b) for b in block] == [len(b) for b in float_block]
    float_scores = exact.block_scores([(docs[0].tensor, float_block[0])]).scores
    int8_scores = int8.block_scores([(docs[0].tensor, block[0])]).scores
    finite = numpy.isfinite(float_scores)
    assert numpy.array_equal(finite, numpy.isfinite(int8_scores))
    spread = float_scores[finite].max() - float_scores[finite].min()
    assert numpy.abs(int8_scores[finite] - float_scores[finite]).max() < 0.05 * spread
    alone = _doc(nlp.vocab, [9, 14], seed=6)
    int8(alone)
    list(int8.pipe(docs))
    assert [t.head.i for t in docs[1]] == [t.head.i for t in alone]


def test_weights_round_trip(tmp_path):
    nlp = spacy.blank("uk")
    parser = _parser()
    parser.to_disk(tmp_path / "graph_parser")
    loaded = GraphParser().from_disk(tmp_path / "graph_parser")
    assert loaded.weights.labels == LABELS
    for name, array in parser.weights.arrays.items():  # stored as float16
        numpy.testing.assert_allclose(loaded.weights.arrays[name], array, rtol=1e-2, atol=1e-2)
    doc = _doc(nlp.vocab, [6])
    loaded(doc)
    assert sum(t.head.i == t.i for t in doc) == 1


def test_errors(tmp_path):
    nlp = spacy.blank("uk")
    with pytest.raises(ModelError, match="weights.npz"):
        GraphParser().from_disk(tmp_path)
    with pytest.raises(ModelError, match="no weights"):
        GraphParser()(_doc(nlp.vocab, [3]))
    doc = Doc(nlp.vocab, words=["а", "б"])
    with pytest.raises(ModelError, match="doc.tensor"):
        _parser()(doc)
    with pytest.raises(ModelError, match="no weights"):
        GraphParser().to_disk(tmp_path / "x")


def test_empty_doc_is_left_alone():
    nlp = spacy.blank("uk")
    doc = Doc(nlp.vocab, words=[])
    assert len(_parser()(doc)) == 0


def test_shipped_core_parses_with_the_graph_parser(nlp):
    if "graph_parser" not in nlp.pipe_names:
        pytest.skip("the shipped core model has no graph parser")
    doc = nlp("Президент підписав закон. Депутати його ухвалили вчора.")
    for sent in doc.sents:
        assert sum(t.head.i == t.i for t in sent) == 1
    subjects = {t.text for t in doc if t.dep_.startswith("nsubj")}
    assert "Президент" in subjects and "Депутати" in subjects


def test_repair_tree_gives_a_tree_for_any_scores():
    from ukrnews_nlp.graph_parser import _repair_tree

    rng = numpy.random.default_rng(5)
    for n in (2, 3, 30, 250):
        scores = rng.standard_normal((n + 1, n + 1))
        heads = _repair_tree(scores)
        assert _is_tree(heads)


def test_run_on_sentence_is_parsed_in_pieces_into_one_tree(monkeypatch):
    from ukrnews_nlp import graph_parser

    monkeypatch.setattr(graph_parser, "MAX_PIECE_WORDS", 4)
    nlp = spacy.blank("uk")
    doc = _doc(nlp.vocab, [3, 11, 2])
    _parser()(doc)
    assert [len(s) for s in doc.sents] == [3, 11, 2]
    for sent in doc.sents:
        assert sum(t.head.i == t.i for t in sent) == 1
        assert all(sent.start <= t.head.i < sent.end for t in sent)
    long_sentence = list(doc.sents)[1]
    piece_roots = [t for t in long_sentence if t.dep_ == "parataxis" and t.head.dep_ == "ROOT"]
    assert len(piece_roots) >= 2  # pieces 2 and 3 hang on the first piece's root


def test_are_trees_agrees_with_the_cycle_search():
    from ukrnews_nlp.graph_parser import _are_trees

    rng = numpy.random.default_rng(7)
    lengths = numpy.array([9, 7, 7, 4, 3, 2, 2])
    for _ in range(200):
        best = numpy.zeros((len(lengths), 9), dtype=numpy.int64)
        for j, n in enumerate(lengths):
            best[j, 1:n] = rng.integers(0, n, n - 1)
        got = _are_trees(best, lengths)
        for j, n in enumerate(lengths):
            heads = best[j, :n].copy()
            heads[0] = -1
            self_loop = any(heads[d] == d for d in range(1, n))
            assert got[j] == (not self_loop and _is_tree(heads))


def test_doc_without_sentence_boundaries_is_one_sentence():
    nlp = spacy.blank("uk")
    doc = _doc(nlp.vocab, [5])
    doc = Doc(nlp.vocab, words=[t.text for t in doc], pos=[t.pos_ for t in doc])  # no sentence starts
    doc.tensor = numpy.random.default_rng(0).standard_normal((5, TENSOR)).astype("float32")
    assert not doc.has_annotation("SENT_START")
    _parser()(doc)
    assert sum(t.head.i == t.i for t in doc) == 1 and len(list(doc.sents)) == 1


_TREE = """# sent_id = {sid}
# text = Ми працюємо.
1\tМи\tми\tPRON\t_\tCase=Nom\t2\tnsubj\t_\t_
2\tпрацюємо\tпрацювати\tVERB\t_\tVerbForm=Fin\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_

"""


def _fake_data_dir(tmp_path, monkeypatch):
    """A data folder with two tiny ParlaMint files and an (empty) zoloto train part."""
    from ukrnews_nlp.training import core, graph_parser

    (tmp_path / "ud-uk-iu" / "zoloto" / "annotated").mkdir(parents=True)
    monkeypatch.setattr(graph_parser, "zoloto_train", lambda ud_dir: ([], {}))
    for k, name in enumerate(core.PARLAMINT_FILES):
        path = tmp_path / "ud-uk-parlamint" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_TREE.format(sid=f"p{k}"), encoding="utf-8")
    return tmp_path


def test_graph_parser_training_adds_the_extra_tree_files(tmp_path, monkeypatch):
    from ukrnews_nlp.training import graph_parser

    data = _fake_data_dir(tmp_path, monkeypatch)
    (data / "extra.conllu").write_text(_TREE.format(sid="x1") + _TREE.format(sid="x2"), encoding="utf-8")
    base = graph_parser.tree_sentences(data, [])
    more = graph_parser.tree_sentences(data, ["extra.conllu"])
    assert sum(len(g) for g in base) == 2
    assert sum(len(g) for g in more) == 4
    assert [s.meta("sent_id") for g in more for s in g][-2:] == ["x1", "x2"]


def test_graph_parser_training_refuses_a_missing_extra_tree_file(tmp_path, monkeypatch):
    from ukrnews_nlp.errors import DataError
    from ukrnews_nlp.training import graph_parser

    data = _fake_data_dir(tmp_path, monkeypatch)
    with pytest.raises(DataError, match="nowhere.conllu"):
        graph_parser.tree_sentences(data, ["nowhere.conllu"])


def test_graph_parser_training_default_extra_trees_and_none():
    import argparse

    from ukrnews_nlp.training import graph_parser

    parser = argparse.ArgumentParser()
    graph_parser.configure_parser(parser)
    assert parser.parse_args([]).extra_trees == list(graph_parser.EXTRA_TREE_FILES)
    assert parser.parse_args(["--extra-trees"]).extra_trees == []


def test_graph_parser_training_embeds_the_features_asked_for():
    import argparse

    from ukrnews_nlp.training import graph_parser

    sentence = {"upos": ["NOUN", "VERB"], "morph": ["Case=Nom|Gender=Fem", "Aspect=Imp|VerbForm=Fin"],
                "deprels": ["nsubj", "root"]}
    meta = graph_parser.build_vocabularies([sentence], [], ["Gender", "Case", "Aspect"])
    assert list(meta["features"]) == ["Gender", "Case", "Aspect"]  # the order the weights are stored in
    assert meta["features"]["Gender"] == ["Gender=Fem", "Gender=_"]
    parser = argparse.ArgumentParser()
    graph_parser.configure_parser(parser)
    assert parser.parse_args([]).features == list(graph_parser.FEATURES)
    assert parser.parse_args(["--features", "Case", "Animacy"]).features == ["Case", "Animacy"]


def test_graph_parser_training_refuses_unknown_features_and_bad_decays():
    import argparse

    from ukrnews_nlp.errors import UserError
    from ukrnews_nlp.training import graph_parser

    sentence = {"upos": ["NOUN"], "morph": ["Case=Nom"], "deprels": ["root"]}
    with pytest.raises(UserError, match="case"):
        graph_parser.build_vocabularies([sentence], [], ["Case", "case"])
    parser = argparse.ArgumentParser()
    graph_parser.configure_parser(parser)
    assert parser.parse_args(["--average", "0.998"]).average == 0.998
    assert parser.parse_args(["--tag-noise", "0.3"]).tag_noise == 0.3
    assert parser.parse_args([]).tag_noise == 0.0
    for option in ("--average", "--tag-noise"):
        for bad in ("1", "-0.1", "1.5", "x"):
            with pytest.raises(SystemExit):
                parser.parse_args([option, bad])


def test_other_readings_differ_in_what_the_parser_reads(nlp):
    """A word's other reading is the morphologizer's likeliest label that differs in UPOS or an embedded feature,
    and only where that label is likely enough; the words' own tags stay where none is."""
    from ukrnews_nlp.graph_parser import _feature_value
    from ukrnews_nlp.training import graph_parser as training

    if "morphologizer" not in nlp.pipe_names:
        pytest.skip("no shipped core model")
    text = "Вона знала, що він прийде. Мати любить доньку, а доньку любить мати. Воно було там, де й учора."
    doc = nlp.make_doc(text)
    for name in ("tok2vec", "morphologizer"):
        doc = nlp.get_pipe(name)(doc)
    features = ["Case", "Number"]
    [(upos, morphs)] = training.other_readings(nlp, [doc], features)
    assert len(upos) == len(morphs) == len(doc)
    changed = 0
    for token, other_upos, other_morph in zip(doc, upos, morphs, strict=True):
        own = (token.pos_, [_feature_value(str(token.morph), n) for n in features])
        other = (other_upos, [_feature_value(other_morph, n) for n in features])
        if (other_upos, other_morph) != (token.pos_, str(token.morph)):
            changed += 1
            assert other != own  # never a label that differs only in what the parser does not read
    assert 0 < changed < len(doc)  # ambiguous words (Мати/доньку: Nom or Acc) have one, punctuation none
    assert all(o == t.pos_ for o, t in zip(upos, doc, strict=True) if t.is_punct)


def test_block_scores_give_what_parse_writes():
    """The pieces training reuses (arc scores, trees, relation scores) make the component's parse."""
    nlp = spacy.blank("uk")
    parser = _parser()
    doc = _doc(nlp.vocab, [4, 7, 2], seed=3)
    parser(doc)
    inputs = [(doc.tensor[s.start:s.end], parser.feature_rows(doc)[s.start:s.end]) for s in doc.sents]
    order = sorted(range(len(inputs)), key=lambda k: -len(inputs[k][1]))
    block = parser.block_scores([inputs[k] for k in order])
    heads = block.trees()
    sents = list(doc.sents)
    for k, h in zip(order, heads, strict=True):
        sent = sents[k]
        expected = [0 if t.head.i == t.i else t.head.i - sent.start + 1 for t in sent]
        assert h.tolist() == expected
    assert block.label_scores(heads).shape == (len(doc), len(LABELS))


def test_one_subject_and_one_object_per_head():
    """Two subjects of one word: the surer keeps the relation, the other takes its next best, here an object, which
    then takes the slot from a surer object only if it is surer; the same head number in another sentence is
    another word."""
    weights = _random_weights()
    n, o, p, a, x = (LABELS.index(label) for label in ("nsubj", "obj", "punct", "amod", "root"))
    rows = {n: 5.0, o: 1.0}, {x: 4.0}, {n: 3.0, o: 2.5, a: 1.0}, {o: 6.0, a: 1.0}, {p: 2.0}, {n: 1.0}, {x: 1.0}
    scores = numpy.full((len(rows), len(LABELS)), -5.0, dtype="float32")
    for i, row in enumerate(rows):
        for label, value in row.items():
            scores[i, label] = value
    heads = [numpy.array([2, 0, 2, 2, 2]), numpy.array([2, 0])]
    best = scores.argmax(axis=1)
    one_per_head(heads, scores.copy(), best, weights)
    assert [LABELS[k] for k in best] == ["nsubj", "root", "amod", "obj", "punct", "nsubj", "root"]
    # the object slot goes to the surer word: word 3's object (2.5, next 1.0) beats a weak word-4 object (2.0, next 1.9)
    scores[3, o], scores[3, a] = 2.0, 1.9
    best = scores.argmax(axis=1)
    one_per_head(heads, scores.copy(), best, weights)
    assert [LABELS[k] for k in best] == ["nsubj", "root", "obj", "amod", "punct", "nsubj", "root"]
    # different heads: nothing changes
    best = scores.argmax(axis=1)
    one_per_head([numpy.array([2, 0, 4, 2, 2]), numpy.array([2, 0])], scores.copy(), best, weights)
    assert [LABELS[k] for k in best] == ["nsubj", "root", "nsubj", "obj", "punct", "nsubj", "root"]


AGREEMENT_LABELS = [*LABELS, "case", "nmod"]


def _relabelled(words, pos, heads, morphs, rows):
    """The relations :func:`agreement_relabel` leaves, from handmade relation scores (``rows``: {label: score}
    per word, -5 for the rest; each word's best label first, as the parser gives it)."""
    doc = Doc(spacy.blank("uk").vocab, words=words, pos=pos, morphs=morphs)
    scores = numpy.full((len(words), len(AGREEMENT_LABELS)), -5.0, dtype="float32")
    for i, row in enumerate(rows):
        for label, value in row.items():
            scores[i, AGREEMENT_LABELS.index(label)] = value
    labels = scores.argmax(axis=1)
    offsets = numpy.array([h - i for i, h in enumerate(heads)])
    agreement_relabel(doc, offsets, labels, scores, _random_weights(labels=AGREEMENT_LABELS))
    return [AGREEMENT_LABELS[k] for k in labels]


VERB_SING = "Aspect=Imp|Mood=Ind|Number=Sing|Person=3|Tense=Fut|VerbForm=Fin"
VERB_PLUR = "Aspect=Imp|Mood=Ind|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin"


def test_a_subject_its_verb_does_not_agree_with_swaps_with_the_object():
    # сигнали глушитиме шум: the parser's "subject" is plural, the verb singular; the object agrees
    words, pos, heads = ["сигнали", "глушитиме", "шум"], ["NOUN", "VERB", "NOUN"], [1, 1, 1]
    morphs = ["Animacy=Inan|Case=Nom|Gender=Masc|Number=Plur", VERB_SING,
              "Animacy=Inan|Case=Acc|Gender=Masc|Number=Sing"]
    rows = [{"nsubj": 3.0, "obj": 2.0}, {"root": 5.0}, {"obj": 2.5, "nsubj": 2.4}]
    assert _relabelled(words, pos, heads, morphs, rows) == ["obj", "root", "nsubj"]
    # with a plural verb both readings agree as the parser has them: nothing changes
    morphs[1] = VERB_PLUR
    morphs[2] = morphs[2].replace("Sing", "Plur")
    assert _relabelled(["сигнали", "глушать", "шуми"], pos, heads, morphs, rows) == ["nsubj", "root", "obj"]


def test_agreement_leaves_phrases_whose_number_is_not_the_word_s_own():
    # Дяк із Сомовим дрімали: a comitative subject takes a plural verb
    words = ["Дяк", "із", "Сомовим", "дрімали"]
    pos, heads = ["PROPN", "ADP", "PROPN", "VERB"], [3, 2, 0, 3]
    morphs = ["Animacy=Anim|Case=Nom|Gender=Masc|Number=Sing", "", "Animacy=Anim|Case=Ins|Number=Sing",
              "Aspect=Imp|Mood=Ind|Number=Plur|Tense=Past|VerbForm=Fin"]
    rows = [{"nsubj": 3.0, "obj": 2.0}, {"case": 4.0}, {"nmod": 4.0}, {"root": 5.0}]
    assert _relabelled(words, pos, heads, morphs, rows) == ["nsubj", "case", "nmod", "root"]
    # without the comitative phrase the same subject is ruled out
    assert _relabelled(["Дяк", "дрімали"], ["PROPN", "VERB"], [1, 1], [morphs[0], morphs[3]],
                       [{"nsubj": 3.0, "obj": 2.0}, {"root": 5.0}]) == ["obj", "root"]


def _teacher_docs(monkeypatch, docs):
    from ukrnews_nlp.training import graph_parser as training

    monkeypatch.setattr(training, "_analysed_docs", lambda nlp, groups: docs)
    return training


def test_teacher_targets_average_the_teachers(monkeypatch):
    vocab = spacy.blank("uk").vocab
    docs = [_doc(vocab, [5, 3], seed=1), _doc(vocab, [6], seed=2)]
    training = _teacher_docs(monkeypatch, docs)
    teachers = [_parser(_random_weights(seed)) for seed in (4, 5)]
    labels = [label for label in LABELS if label != "amod"]  # one teacher relation the student lacks
    out = training.teacher_targets(None, [], teachers, labels)
    assert sorted(len(s["heads"]) for s in out) == [3, 5, 6]
    for s in out:
        n = len(s["heads"])
        arcs, rels = s["arc_probs"].astype("float32"), s["label_probs"].astype("float32")
        assert arcs.shape == (n, n + 1) and rels.shape == (n, len(labels))
        assert numpy.allclose(arcs.sum(axis=1), 1.0, atol=1e-2) and numpy.allclose(rels.sum(axis=1), 1.0, atol=1e-2)
        assert all(arcs[d, d + 1] == 0 for d in range(n))  # no word heads itself
        assert _is_tree(numpy.array([0] + s["heads"]))
        assert set(s["deprels"]) <= set(labels)
    # one teacher: the targets are its own probabilities (in the documents' order)
    single = training.teacher_targets(None, [], teachers[:1], LABELS)
    doc = docs[1]
    scores = teachers[0].block_scores([(doc.tensor, teachers[0].feature_rows(doc))]).scores[0, 1:]
    probs = numpy.exp(scores - scores.max(axis=1, keepdims=True))
    assert numpy.allclose(single[-1]["arc_probs"], probs / probs.sum(axis=1, keepdims=True), atol=1e-3)


def test_teacher_relations_outside_ud_iu_count_as_ud_iu_relations(monkeypatch):
    """A teacher trained on ParlaMint's relations gives their probability to UD-IU's (advmod:neg to advmod), summed
    with the relation's own."""
    vocab = spacy.blank("uk").vocab
    docs = [_doc(vocab, [4, 3], seed=3)]
    training = _teacher_docs(monkeypatch, docs)
    weights = _random_weights(6)
    teacher = _parser(weights)
    plain = training.teacher_targets(None, [], [teacher], LABELS)
    renamed = GraphParserWeights(weights.arrays, {"upos": UPOS, "features": FEATURES,
                                                  "labels": ["nsubj:pass" if x == "obj" else x for x in LABELS]})
    out = training.teacher_targets(None, [], [_parser(renamed)], LABELS)
    subject, object_ = LABELS.index("nsubj"), LABELS.index("obj")
    for a, b in zip(plain, out, strict=True):
        assert a["heads"] == b["heads"]
        old, new = a["label_probs"].astype("float32"), b["label_probs"].astype("float32")
        assert numpy.allclose(new[:, subject], old[:, subject] + old[:, object_], atol=2e-3)
        assert numpy.allclose(new[:, object_], 0.0)


def test_teacher_targets_refuse_a_teacher_of_another_core(monkeypatch):
    from ukrnews_nlp.errors import UserError

    vocab = spacy.blank("uk").vocab
    doc = _doc(vocab, [4])
    doc.tensor = numpy.zeros((4, TENSOR + 2), dtype="float32")
    training = _teacher_docs(monkeypatch, [doc])
    with pytest.raises(UserError, match="width"):
        training.teacher_targets(None, [], [_parser()], LABELS)


def test_unlabeled_groups_spread_over_the_files(tmp_path, monkeypatch):
    from ukrnews_nlp.errors import DataError
    from ukrnews_nlp.training import bruk
    from ukrnews_nlp.training import graph_parser as training

    class Tok:
        def __init__(self, form):
            self.form, self.space_after = form, True

    files = [tmp_path / f"f{k}.xml" for k in range(4)]
    lengths = {f: [2, 5, 61] + [4] * 40 for f in files}  # one too short, one too long per file
    monkeypatch.setattr(bruk, "iter_train_files", lambda data_dir: iter(files))
    monkeypatch.setattr(bruk, "read_file", lambda path: [[Tok(f"{path.stem}w{i}") for i in range(n)]
                                                         for n in lengths[path]])
    groups = training.unlabeled_groups(tmp_path, 60)
    sents = [s for g in groups for s in g]
    assert 50 <= len(sents) <= 70
    assert all(training.UNLABELED_LENGTHS[0] <= len(w) <= training.UNLABELED_LENGTHS[1] for w, _ in sents)
    assert {w[0][:2] for w, _ in sents} == {"f0", "f1", "f2", "f3"}  # from every file
    monkeypatch.setattr(bruk, "iter_train_files", lambda data_dir: iter(()))
    with pytest.raises(DataError, match="bruk"):
        training.unlabeled_groups(tmp_path, 60)


def test_graph_parser_training_teacher_options(tmp_path):
    import argparse

    from ukrnews_nlp.training import graph_parser as training

    parser = argparse.ArgumentParser()
    training.configure_parser(parser)
    args = parser.parse_args(["--teachers", "a", "b", "--unlabeled", "20"])
    assert args.teachers == ["a", "b"] and args.unlabeled == 20
    assert parser.parse_args([]).teachers == [] and parser.parse_args([]).unlabeled is None
    for bad in ("0", "-3", "many"):
        with pytest.raises(SystemExit):
            parser.parse_args(["--unlabeled", bad])
    with pytest.raises(ModelError):
        training.load_teachers([str(tmp_path / "no-parser-here")])


def test_graph_parser_training_refuses_unlabeled_without_teachers(tmp_path):
    """--unlabeled alone would silently train without teachers: refused before any work."""
    import argparse

    from ukrnews_nlp.errors import UserError
    from ukrnews_nlp.training import graph_parser as training

    parser = argparse.ArgumentParser()
    training.configure_parser(parser)
    args = parser.parse_args(["--data-dir", str(tmp_path), "--unlabeled", "100"])
    with pytest.raises(UserError, match="--teachers"):
        training.run(args)


def test_training_learns_from_teacher_probabilities(tmp_path):
    """Taught sentences are learnt from the teachers' arc probabilities, not from their hard heads (torch: the
    train-parser extra)."""
    pytest.importorskip("torch", reason="training the graph parser needs torch (the train-parser extra)")
    from ukrnews_nlp.training import graph_parser as training

    rng = numpy.random.default_rng(0)

    def sentence(heads, teacher_heads=None):
        n = len(heads)
        tensor = rng.standard_normal((n, TENSOR))
        tensor[0] = 3.0  # the first word stands out
        s = {"tensor": tensor.astype("float16"), "upos": ["NOUN"] * n, "morph": ["Case=Nom"] * n, "heads": heads,
             "deprels": ["root" if h == 0 else "nsubj" for h in heads]}
        if teacher_heads is not None:
            arcs = numpy.zeros((n, n + 1), dtype="float16")
            arcs[numpy.arange(n), teacher_heads] = 1.0
            rels = numpy.zeros((n, 2), dtype="float16")
            rels[numpy.arange(n), [0 if h == 0 else 1 for h in heads]] = 1.0
            s["arc_probs"], s["label_probs"] = arcs, rels
        return s

    last = [5, 5, 5, 5, 0]  # every word on the last one
    second = [2, 0, 2, 2, 2]
    dev = [sentence(last) for _ in range(20)]
    meta = {"upos": ["NOUN"], "features": {"Case": ["Case=Nom"]}, "labels": ["root", "nsubj"]}

    def uas(train):
        return training.train_parser(train, dev, meta, checkpoint=tmp_path / "best.pt", epochs=10, seed=0, threads=1,
                                     hidden=8, layers=1, arc_size=8, label_size=4, log=lambda line: None)["uas"]

    # the hard heads say "second", the teachers' probabilities "last": the parser follows the probabilities
    assert uas([sentence(second, teacher_heads=last) for _ in range(1500)]) > 75.0
    assert uas([sentence(second) for _ in range(1500)]) < 50.0  # the same heads as gold: it learns those


def test_tag_noise_teaches_the_parser_to_doubt_the_tags(tmp_path):
    """With ``tag_noise``, training words read their other reading's tags now and then: where the tags alone tell
    the head and the other readings mislead, the noisy parser trusts the tags less (torch: the train-parser
    extra)."""
    pytest.importorskip("torch", reason="training the graph parser needs torch (the train-parser extra)")
    from ukrnews_nlp.training import graph_parser as training

    rng = numpy.random.default_rng(0)

    def sentence():
        # the VERB (at a random place) heads every other word; the token vectors tell nothing
        n, verb = 5, int(rng.integers(5))
        heads = [0 if i == verb else verb + 1 for i in range(n)]
        upos = ["VERB" if i == verb else "NOUN" for i in range(n)]
        decoy = (verb + 1) % n  # the other readings put the VERB on another word
        other = ["VERB" if i == decoy else "NOUN" for i in range(n)]
        return {"tensor": rng.standard_normal((n, TENSOR)).astype("float16"), "upos": upos,
                "morph": ["Case=Nom"] * n, "heads": heads, "deprels": ["root" if h == 0 else "nsubj" for h in heads],
                "other_upos": other, "other_morph": ["Case=Nom"] * n}

    train, dev = [sentence() for _ in range(1500)], [sentence() for _ in range(50)]
    meta = {"upos": ["NOUN", "VERB"], "features": {"Case": ["Case=Nom"]}, "labels": ["root", "nsubj"]}

    def uas(noise: float) -> float:
        return training.train_parser(train, dev, meta, checkpoint=tmp_path / "best.pt", epochs=8, seed=0, threads=1,
                                     hidden=16, layers=1, arc_size=8, label_size=4, tag_noise=noise,
                                     log=lambda line: None)["uas"]

    assert uas(0.0) > 95.0
    assert uas(0.9) < 50.0  # mostly reading the misleading tags, it follows them


def _conllu(text: str) -> str:
    """One document of one sentence whose words are ``text``'s whitespace words (flat tree)."""
    words = text.split()
    rows = [f"{i}\t{w}\t{w}\tX\t_\t_\t{0 if i == 1 else 1}\t{'root' if i == 1 else 'dep'}\t_\t_"
            for i, w in enumerate(words, 1)]
    return f"# newdoc id = d\n# sent_id = s\n# text = {text}\n" + "\n".join(rows) + "\n\n"


def test_raw_groups_spread_over_the_files_and_leave_out_evaluation_text(tmp_path, nlp):
    import lzma

    from ukrnews_nlp.errors import DataError
    from ukrnews_nlp.training import graph_parser as training

    with pytest.raises(DataError, match="uk_iu-ud-dev"):
        training.raw_groups(nlp, tmp_path, 40)
    held = "Цей абзац є в тестовому файлі UD і його не можна брати для навчання ."
    (tmp_path / "ud-uk-iu").mkdir()
    (tmp_path / "ud-uk-iu" / "uk_iu-ud-dev.conllu").write_text(_conllu("Інший текст тут ."), encoding="utf-8")
    (tmp_path / "ud-uk-iu" / "uk_iu-ud-test.conllu").write_text(_conllu(held), encoding="utf-8")
    with pytest.raises(DataError, match="raw-uk"):
        training.raw_groups(nlp, tmp_path, 40)
    (tmp_path / "raw-uk").mkdir()
    for name in ("uk_news_korrespondent", "uk_fiction_eltec", "uk_legal_zakon"):
        lines = [f"Речення номер {k} з файлу {name} тут. Друге речення абзацу {k} теж тут." for k in range(200)]
        lines[100] = held
        with lzma.open(tmp_path / "raw-uk" / f"{name}.txt.xz", "wt", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    groups = training.raw_groups(nlp, tmp_path, 100)
    sents = [" ".join(words) for group in groups for words, _ in group]
    assert 80 <= len(sents) <= 120
    assert not any("тестовому" in s for s in sents)
    assert all(training.UNLABELED_LENGTHS[0] <= len(s.split()) <= training.UNLABELED_LENGTHS[1] for s in sents)
    per_file = {name: sum(name in s for s in sents) for name in ("korrespondent", "eltec", "zakon")}
    assert per_file["zakon"] <= 0.15 * len(sents) < per_file["eltec"]  # the legislation's share is capped
    numbers = [int(s.split()[2]) for s in sents if "eltec" in s and s.startswith("Речення")]
    assert min(numbers) < 20 and max(numbers) > 180  # spread over the file, not its first lines


def test_graph_parser_training_refuses_a_raw_source_without_teachers(tmp_path):
    import argparse

    from ukrnews_nlp.errors import UserError
    from ukrnews_nlp.training import graph_parser as training

    parser = argparse.ArgumentParser()
    training.configure_parser(parser)
    assert parser.parse_args([]).unlabeled_source == "bruk"
    with pytest.raises(SystemExit):
        parser.parse_args(["--unlabeled-source", "web"])
    args = parser.parse_args(["--data-dir", str(tmp_path), "--unlabeled-source", "raw"])
    with pytest.raises(UserError, match="--unlabeled-source"):
        training.run(args)


def test_partial_trees_take_the_gold_arcs_and_keep_the_teachers_elsewhere():
    from ukrnews_nlp.io.conllu import Sentence
    from ukrnews_nlp.training import graph_parser as training

    def word(i, form, head, deprel):
        return {"id": str(i), "form": form, "head": head, "deprel": deprel, "misc": "_"}

    # word 1 hangs on word 2 in the treebank; words 2 and 3 have no head there
    sent = Sentence(tokens=[word(1, "Дуже", "2", "advmod"), word(2, "добре", "_", "_"), word(3, "тут", "_", "_")])
    labels = ["advmod", "obl", "root"]
    teacher_arcs = numpy.full((3, 4), 0.25, dtype=numpy.float16)
    teacher_labels = numpy.full((3, 3), 1 / 3, dtype=numpy.float16)
    taught = [{"heads": [3, 0, 2], "deprels": ["obl", "root", "obl"], "arc_probs": teacher_arcs.copy(),
               "label_probs": teacher_labels.copy()}]
    assert training.overlay_gold_arcs(taught, [sent], labels) == 1
    target = taught[0]
    assert target["heads"] == [2, 0, 2] and target["deprels"] == ["advmod", "root", "obl"]
    assert target["arc_probs"][0].tolist() == [0, 0, 1, 0] and target["label_probs"][0].tolist() == [1, 0, 0]
    assert (target["arc_probs"][1:] == teacher_arcs[1:]).all()  # the teachers' where the treebank has no arc
    assert (target["label_probs"][1:] == teacher_labels[1:]).all()


def test_partial_trees_are_refused_without_teachers(tmp_path):
    import argparse

    from ukrnews_nlp.errors import UserError
    from ukrnews_nlp.training import graph_parser as training

    parser = argparse.ArgumentParser()
    training.configure_parser(parser)
    assert parser.parse_args([]).partial_trees is False
    with pytest.raises(UserError, match="--partial-trees"):
        training.run(parser.parse_args(["--data-dir", str(tmp_path), "--partial-trees"]))
