"""A model reading the core model's parse: the keys, the layer, its training corpora, its fused form, its check."""
from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.tokens import Doc, DocBin

from ukrnews_nlp.embed_fusion import FusedEmbedding
from ukrnews_nlp.errors import ModelError
from ukrnews_nlp.pipeline import analysis_inputs
from ukrnews_nlp.syntax_features import SYNTAX_KEY, multi_hash_embed_with_syntax, save_syntax_keys, syntax_keys
from ukrnews_nlp.training.ner import create_analyzed_corpus

from .conftest import floret_nlp, randomize_weights

WIDTH = 8
WORDS = ["Голова", "Державного", "фонду", "заявив", "."]
HEADS = [3, 2, 0, 3, 3]
DEPS = ["nsubj", "amod", "nmod", "ROOT", "punct"]
POS = ["NOUN", "ADJ", "NOUN", "VERB", "PUNCT"]


def parsed(vocab, deps=DEPS, pos=POS) -> Doc:
    return Doc(vocab, words=WORDS, heads=HEADS, deps=deps, pos=pos)


def test_a_key_is_the_relation_the_head_s_side_and_the_head_s_pos():
    vocab = spacy.blank("uk").vocab
    keys = syntax_keys(parsed(vocab))
    assert keys.dtype == numpy.uint64 and keys.shape == (5,)
    assert len(set(keys.tolist())) == 5
    # the same relation to a head of the same kind on the same side: the same key
    same = Doc(vocab, words=["а", "б", "в"], heads=[1, 1, 1], deps=["nsubj", "ROOT", "punct"],
               pos=["NOUN", "VERB", "PUNCT"])
    assert syntax_keys(same)[0] == keys[0] and syntax_keys(same)[2] == keys[4]
    # another label, another head part of speech, another side: other keys
    assert syntax_keys(parsed(vocab, deps=["obj", *DEPS[1:]]))[0] != keys[0]
    assert syntax_keys(parsed(vocab, pos=["NOUN", "ADJ", "PROPN", "VERB", "PUNCT"]))[1] != keys[1]
    before = Doc(vocab, words=["а", "."], heads=[0, 0], deps=["ROOT", "punct"], pos=["VERB", "PUNCT"])
    after = Doc(vocab, words=["—", "а"], heads=[1, 1], deps=["punct", "ROOT"], pos=["PUNCT", "VERB"])
    assert syntax_keys(before)[1] == keys[4] and syntax_keys(after)[0] != keys[4]  # the head's side counts
    assert syntax_keys(Doc(vocab, words=[])).shape == (0,)


def test_saved_keys_come_first_and_a_mismatch_is_a_clear_error():
    vocab = spacy.blank("uk").vocab
    doc = parsed(vocab)
    keys = syntax_keys(doc)
    bare = Doc(vocab, words=WORDS)  # no parse: the training corpora keep none
    with pytest.raises(ModelError, match="a doc of 5 tokens has none"):
        syntax_keys(bare)
    bare.user_data[SYNTAX_KEY] = keys.tolist()
    numpy.testing.assert_array_equal(syntax_keys(bare), keys)
    bare.user_data[SYNTAX_KEY] = keys.tolist()[:3]
    with pytest.raises(ModelError, match=r"shape \(3,\), do not match its 5 tokens"):
        syntax_keys(bare)


def test_the_layer_reads_the_parse_and_its_fused_form_gives_the_same_vectors():
    nlp = floret_nlp(WIDTH)
    docs = [parsed(nlp.vocab), Doc(nlp.vocab, words=["Так"], heads=[0], deps=["ROOT"], pos=["INTJ"])]
    layer = multi_hash_embed_with_syntax(WIDTH, ["NORM", "SHAPE"], [50, 20], True, 30)
    layer.initialize(X=docs)
    out = randomize_weights(layer).predict(docs)
    assert [o.shape for o in out] == [(5, WIDTH), (1, WIDTH)]
    other = layer.predict([parsed(nlp.vocab, deps=["obj", *DEPS[1:]])])[0]
    assert not numpy.allclose(other[0], out[0][0]) and numpy.allclose(other[1:], out[0][1:], atol=1e-5)
    fused = FusedEmbedding.of(layer)
    assert fused is not None and len(fused.tables) == 3
    for a, b in zip(fused.predict(docs), out, strict=True):
        numpy.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


def test_saved_keys_come_back_with_their_corpus_and_the_config_declares_the_parse(tmp_path):
    nlp = spacy.blank("uk")
    doc = parsed(nlp.vocab)
    keys = syntax_keys(doc)
    save_syntax_keys(doc)
    path = tmp_path / "train.spacy"
    DocBin(attrs=["ORTH", "POS"], docs=[doc], store_user_data=True).to_disk(path)
    example = next(iter(create_analyzed_corpus(path)(nlp)))
    assert not example.predicted.has_annotation("DEP")  # the corpus keeps no parse…
    numpy.testing.assert_array_equal(syntax_keys(example.predicted), keys)  # …but the keys of the one it had
    embed = {"@architectures": "ukrnews.MultiHashEmbedWithSyntax.v1", "width": WIDTH, "attrs": ["NORM", "POS"],
             "rows": [50, 20], "include_static_vectors": True, "syntax_rows": 30}
    assert analysis_inputs({"components": {"ner_tok2vec": {"model": {"embed": embed}}}}) == {"POS", "SYNTAX"}


def test_the_experiment_config_reads_the_parse():
    from ukrnews_nlp.training.ner import CONFIG

    config = spacy.util.load_config(CONFIG.parent / "ner_syntax.cfg", interpolate=False)
    assert analysis_inputs(config) == {"POS", "MORPH", "SYNTAX"}
    assert "SYNTAX" not in analysis_inputs(spacy.util.load_config(CONFIG, interpolate=False))  # the shipped one
