"""The context tagger (``ukrnews_nlp.context_tagger``) and how the morphologizer reads it: dictionary features, the
numpy forward pass against a plain one, batching, weights on disk, errors, the morphologizer's combination."""
from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.tokens import Doc

from ukrnews_nlp.context_tagger import (
    CONTEXT_KEY,
    CONTEXT_UPOS,
    DICTIONARY_POS,
    FEATURE_COUNT,
    ContextTagger,
    ContextTaggerWeights,
    dictionary_features,
)
from ukrnews_nlp.errors import ModelError

TENSOR, PROJECTION, HIDDEN = 5, 6, 4


def _weights(seed: int = 0) -> ContextTaggerWeights:
    rng = numpy.random.default_rng(seed)
    arrays = {"proj_W": rng.standard_normal((TENSOR + FEATURE_COUNT, PROJECTION)) * 0.5,
              "proj_b": rng.standard_normal(PROJECTION) * 0.1,
              "out_W": rng.standard_normal((2 * HIDDEN, len(CONTEXT_UPOS))), "out_b": rng.standard_normal(17) * 0.1}
    for suffix in ("", "_reverse"):
        arrays[f"lstm_w_ih{suffix}"] = rng.standard_normal((4 * HIDDEN, PROJECTION)) * 0.5
        arrays[f"lstm_w_hh{suffix}"] = rng.standard_normal((4 * HIDDEN, HIDDEN)) * 0.5
        arrays[f"lstm_b_ih{suffix}"] = rng.standard_normal(4 * HIDDEN) * 0.1
        arrays[f"lstm_b_hh{suffix}"] = rng.standard_normal(4 * HIDDEN) * 0.1
    return ContextTaggerWeights(arrays, {"upos": list(CONTEXT_UPOS)})


def _plain_log_probs(w: ContextTaggerWeights, tensor: numpy.ndarray, features: numpy.ndarray) -> numpy.ndarray:
    """A textbook BiLSTM tagger (PyTorch's gate order i, f, g, o), one sentence."""
    a = w.arrays
    hidden = numpy.maximum(numpy.concatenate([tensor, features], axis=1) @ a["proj_W"] + a["proj_b"], 0)

    def run(suffix: str, seq: numpy.ndarray) -> numpy.ndarray:
        sig = lambda v: 1 / (1 + numpy.exp(-v))  # noqa: E731
        h, c, out = numpy.zeros(HIDDEN), numpy.zeros(HIDDEN), []
        for row in seq:
            g = (a[f"lstm_w_ih{suffix}"] @ row + a[f"lstm_w_hh{suffix}"] @ h + a[f"lstm_b_ih{suffix}"]
                 + a[f"lstm_b_hh{suffix}"])
            i, f, gg, o = (g[k * HIDDEN:(k + 1) * HIDDEN] for k in range(4))
            c = sig(f) * c + sig(i) * numpy.tanh(gg)
            h = sig(o) * numpy.tanh(c)
            out.append(h)
        return numpy.array(out)

    states = numpy.concatenate([run("", hidden), run("_reverse", hidden[::-1])[::-1]], axis=1)
    scores = states @ a["out_W"] + a["out_b"]
    return scores - numpy.log(numpy.exp(scores).sum(axis=1, keepdims=True))


def _doc(vocab, lengths: list[int], seed: int = 1) -> Doc:
    words = [f"слово{i}" for i in range(sum(lengths))]
    starts = [i == 0 for n in lengths for i in range(n)]
    doc = Doc(vocab, words=words, sent_starts=starts)
    doc.tensor = numpy.random.default_rng(seed).standard_normal((len(doc), TENSOR)).astype("float32")
    return doc


def _tagger(seed: int = 0) -> ContextTagger:
    tagger = ContextTagger()
    tagger.weights = _weights(seed)
    return tagger


def test_dictionary_features_say_what_a_word_can_be():
    row = dictionary_features("Київ")
    assert row.shape == (FEATURE_COUNT,)
    assert row[DICTIONARY_POS.index("NOUN")] == 1 and row[DICTIONARY_POS.index("VERB")] == 0
    assert row[-3] == 1  # capitalized
    verb = dictionary_features("читав")
    assert verb[DICTIONARY_POS.index("VERB")] == 1 and verb[-3] == 0
    unknown = dictionary_features("ґзщфхж")
    assert unknown[:len(DICTIONARY_POS)].sum() == 0 and unknown[-4] == 0  # the dictionary does not know it
    assert dictionary_features("5-й")[-1] == 1  # a digit


def test_numpy_forward_matches_a_plain_bilstm_for_every_sentence_of_a_batch():
    nlp = spacy.blank("uk")
    docs = [_doc(nlp.vocab, [4, 1, 7], seed=1), _doc(nlp.vocab, [3], seed=2)]
    tagger = _tagger()
    tagger.tag(docs)
    for doc in docs:
        got = doc.user_data[CONTEXT_KEY]
        features = numpy.stack([dictionary_features(t.text) for t in doc])
        for sent in doc.sents:
            expected = _plain_log_probs(tagger.weights, doc.tensor[sent.start:sent.end],
                                        features[sent.start:sent.end])
            numpy.testing.assert_allclose(got[sent.start:sent.end], expected, rtol=1e-4, atol=1e-5)


def test_a_doc_tags_the_same_alone_and_in_a_batch():
    nlp = spacy.blank("uk")
    alone = _doc(nlp.vocab, [5, 2], seed=3)
    _tagger().tag([alone])
    batch = [_doc(nlp.vocab, [9, 9, 1], seed=4), _doc(nlp.vocab, [5, 2], seed=3)]
    list(_tagger().pipe(iter(batch), batch_size=1))
    numpy.testing.assert_allclose(batch[1].user_data[CONTEXT_KEY], alone.user_data[CONTEXT_KEY], atol=1e-6)


def test_weights_round_trip(tmp_path):
    nlp = spacy.blank("uk")
    tagger = _tagger()
    tagger.to_disk(tmp_path / "context_tagger")
    loaded = ContextTagger().from_disk(tmp_path / "context_tagger")
    a, b = _doc(nlp.vocab, [6], seed=5), _doc(nlp.vocab, [6], seed=5)
    tagger.tag([a])
    loaded.tag([b])
    # stored in float16: the same log-probabilities to a few thousandths
    numpy.testing.assert_allclose(a.user_data[CONTEXT_KEY], b.user_data[CONTEXT_KEY], atol=0.02)


def test_errors(tmp_path):
    nlp = spacy.blank("uk")
    with pytest.raises(ModelError, match="weights.npz"):
        ContextTagger().from_disk(tmp_path)
    with pytest.raises(ModelError, match="no weights"):
        ContextTagger()(_doc(nlp.vocab, [2]))
    with pytest.raises(ModelError, match="no weights"):
        ContextTagger().to_disk(tmp_path / "x")
    with pytest.raises(ModelError, match="doc.tensor"):
        _tagger()(Doc(nlp.vocab, words=["а", "б"]))
    wrong = _weights()
    with pytest.raises(ModelError, match="UPOS"):
        ContextTaggerWeights(wrong.arrays, {"upos": ["NOUN", "VERB"]})


def test_empty_doc_is_left_alone():
    doc = Doc(spacy.blank("uk").vocab, words=[])
    assert CONTEXT_KEY not in _tagger()(doc).user_data


def test_morphologizer_adds_the_context_on_unsure_words_only():
    from ukrnews_nlp.tagging import DictionaryMorphologizer

    labels = [("NOUN", "Case=Nom"), ("VERB", "Tense=Past"), ("ADJ", "Case=Nom")]
    morphologizer = DictionaryMorphologizer.__new__(DictionaryMorphologizer)
    morphologizer.context_weight = 0.5
    morphologizer._context_columns = None
    doc = Doc(spacy.blank("uk").vocab, words=["а", "б", "в"])
    context = numpy.full((3, len(CONTEXT_UPOS)), -10.0, dtype="float32")
    context[:, CONTEXT_UPOS.index("VERB")] = 0.0  # sure it is a verb
    logits = numpy.array([[2.0, 1.0, 0.0], [2.0, 1.0, 0.0], [9.0, 0.0, 0.0]], dtype="float32")
    best = logits.argmax(axis=1)
    doc.user_data[CONTEXT_KEY] = context
    morphologizer._add_context(doc, logits, best, numpy.array([0, 1]), labels)
    assert best.tolist() == [1, 1, 0]  # the unsure words become verbs; the sure one keeps its label
    assert CONTEXT_KEY not in doc.user_data  # read once, then dropped
    assert logits[0, 1] == pytest.approx(1.0) and logits[0, 0] == pytest.approx(-3.0)
    # weight 0: nothing changes
    morphologizer.context_weight = 0.0
    logits = numpy.array([[2.0, 1.0, 0.0]], dtype="float32")
    best = logits.argmax(axis=1)
    doc.user_data[CONTEXT_KEY] = context[:1]
    morphologizer._add_context(doc, logits, best, numpy.array([0]), labels)
    assert best.tolist() == [0]


def test_shipped_core_keeps_the_context_tagger_off_unless_asked(nlp):
    import ukrnews_nlp
    from ukrnews_nlp.pipeline import default_models_dir

    assert "context_tagger" not in nlp.pipe_names  # off by default: the NER model was trained without it
    if "context_tagger" not in spacy.util.load_config(default_models_dir() / "core" / "config.cfg")[
            "nlp"]["pipeline"]:
        pytest.skip("the shipped core model has no context tagger")
    tagged = ukrnews_nlp.load(models=["core"], upos_context=True)
    names = tagged.pipe_names
    assert names.index("tok2vec") < names.index("context_tagger") < names.index("morphologizer")
    doc = tagged("Президент підписав закон. Депутати його ухвалили вчора.")
    assert CONTEXT_KEY not in doc.user_data  # the morphologizer took it off
    assert [t.pos_ for t in doc][:4] == ["NOUN", "VERB", "NOUN", "PUNCT"]


def test_asking_for_a_context_tagger_the_core_model_lacks_is_an_error(tmp_path):
    from ukrnews_nlp.pipeline import use_context_tagger

    with pytest.raises(ModelError, match="train context-tagger"):
        use_context_tagger(spacy.blank("uk"), tmp_path)


def test_context_tagger_training_learns_a_toy_task():
    pytest.importorskip("torch")
    from ukrnews_nlp.training.context_tagger import train_tagger

    rng = numpy.random.default_rng(0)
    noun, verb = CONTEXT_UPOS.index("NOUN"), CONTEXT_UPOS.index("VERB")

    def sentence(n: int) -> dict:
        y = rng.integers(0, 2, n)
        x = rng.standard_normal((n, TENSOR)).astype("float16")
        x[:, 0] = numpy.where(y == 1, 2.0, -2.0)  # the token vector says which
        return {"x": x, "features": numpy.zeros((n, FEATURE_COUNT), dtype="float32"),
                "y": numpy.where(y == 1, verb, noun)}

    train = [sentence(int(rng.integers(2, 8))) for _ in range(1000)]
    dev = [sentence(5) for _ in range(20)]
    arrays, accuracies = train_tagger(train, dev, epochs=4, seed=0, threads=1, hidden=16, projection=16)
    assert accuracies[-1] > 90
    weights = ContextTaggerWeights(arrays, {"upos": list(CONTEXT_UPOS)})
    assert weights.proj_W.shape == (TENSOR + FEATURE_COUNT, 16)
