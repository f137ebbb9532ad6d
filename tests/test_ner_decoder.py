"""Sentence-parallel NER decoding gives spaCy's own entities, faster."""
from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.pipeline.ner import EntityRecognizer
from spacy.tokens import Doc, Span

from ukrnews_nlp.ner_decoder import (
    DecodedEntities,
    MoveTable,
    SentenceParallelEntityRecognizer,
    context_rows,
    decode_entities,
    max_pieces,
    sentence_segments,
)

from .conftest import EXAMPLES, docs_before

SENTENCES = [
    "Сергій Шойгу прибув до Москви. Володимир Зеленський заявив у Києві, що Верховна Рада ухвалила закон.",
    "путін і лукашенко зустрілися в сочі, повідомляє Sky News.",
    "Міністр оборони України Олексій Резніков 24 лютого 2023 року відвідав Бахмут",
    "",
    "   ",
    "НАТО",
]


def analysed(nlp, texts):
    """Docs with everything before the recognizer done (its tok2vec included)."""
    docs = docs_before(nlp, "ner", texts)
    nlp.get_pipe("ner_tok2vec").set_annotations(docs, nlp.get_pipe("ner_tok2vec").predict(docs))
    return docs


def entities(docs):
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]


def test_same_entities_as_spacys_decoder(nlp):
    ner = nlp.get_pipe("ner")
    assert isinstance(ner, SentenceParallelEntityRecognizer)
    texts = SENTENCES + [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    docs = analysed(nlp, texts)
    stock = EntityRecognizer.predict(ner, docs)  # spaCy's compiled greedy decoder
    EntityRecognizer.set_annotations(ner, docs, stock)
    expected = entities(docs)
    fresh = analysed(nlp, texts)
    decoded = ner.predict(fresh)
    assert isinstance(decoded, DecodedEntities)
    ner.set_annotations(fresh, decoded)
    assert entities(fresh) == expected
    assert sum(len(found) for found in expected) > 40
    assert all(token.ent_iob_ in ("B", "I", "O") for doc in fresh for token in doc)


def test_entities_stay_inside_sentences(nlp):
    for doc in nlp.pipe(SENTENCES + [(EXAMPLES / "lukashenko.txt").read_text(encoding="utf-8")]):
        for ent in doc.ents:
            assert not any(token.is_sent_start for token in ent[1:])


def test_preset_entities_use_spacys_decoder(nlp):
    ner = nlp.get_pipe("ner")
    docs = analysed(nlp, [SENTENCES[0]])
    docs[0].set_ents([Span(docs[0], 0, 2, label="ORG")], default="unmodified")
    assert not isinstance(ner.predict(docs), DecodedEntities)
    ner.set_annotations(docs, ner.predict(docs))
    assert (docs[0].ents[0].start, docs[0].ents[0].end, docs[0].ents[0].label_) == (0, 2, "ORG")


def test_sentence_segments_split_at_sentence_starts():
    vocab = spacy.blank("uk").vocab
    first = Doc(vocab, words=["а", "б", "в", "г", "ґ"], sent_starts=[True, False, True, False, False])
    empty = Doc(vocab, words=[])
    unknown = Doc(vocab, words=["д", "е"])  # no sentence boundaries set: one segment
    starts, lengths, owners = sentence_segments([first, empty, unknown])
    assert starts.tolist() == [0, 2, 5] and lengths.tolist() == [2, 3, 2] and owners.tolist() == [0, 0, 2]


def test_decoder_handles_a_batch_of_empty_docs(nlp):
    ner = nlp.get_pipe("ner")
    docs = analysed(nlp, ["", "Київ"])
    decoded = decode_entities(ner, docs, MoveTable.of(ner))
    assert decoded.entities[0] == []
    assert [(s, e, ner.vocab.strings[label]) for s, e, label in decoded.entities[1]] == [(0, 1, "LOC")]


def tiny_recognizer(extra_state_tokens: bool):
    """A blank pipeline with an untrained ``ukrnews_ner`` of the given context size."""
    nlp = spacy.blank("uk")
    nlp.add_pipe("ukrnews_ner", name="ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
        "extra_state_tokens": extra_state_tokens,
        "hidden_width": 16, "maxout_pieces": 2, "use_upper": True,
        "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 16,
                    "depth": 1, "embed_size": 200, "window_size": 1, "maxout_pieces": 2,
                    "subword_features": True}}})
    return nlp


@pytest.mark.parametrize("extra_state_tokens", [False, True])
def test_context_rows_are_spacys_context_tokens(extra_state_tokens):
    from spacy.training import Example

    nlp = tiny_recognizer(extra_state_tokens)
    text = "а б в г ґ д е є ж з"
    doc = nlp.make_doc(text)
    nlp.initialize(lambda: [Example.from_dict(nlp.make_doc(text), {"entities": [(0, 1, "ORG")]})])
    ner = nlp.get_pipe("ner")
    n_features = ner.model.get_ref("lower").get_dim("nF")
    step_model = ner.model.predict([doc])
    # an entity opened at word 1 and kept open for seven words, then closed; one opened and closed at once
    moves = ["O", "B-ORG"] + ["I-ORG"] * 6 + ["L-ORG", "U-ORG"]
    state = ner.moves.init_batch([doc])[0]
    for move in moves:
        expected = step_model.get_token_ids([state])[0] + 1  # spaCy's ids, -1 for none: rows after the padding
        opened = state.entity_is_open()
        rows = context_rows(n_features, numpy.array([state.B(0)]), numpy.array([opened]),
                            numpy.array([state.E(0) if opened else 0]))
        assert [int(r[0]) for r in rows] == expected.tolist(), move
        ner.moves.apply_transition(state, move)
    assert state.is_final()


@pytest.mark.parametrize("extra_state_tokens", [False, True])
def test_trains_as_spacys_recognizer_and_decodes_its_way(extra_state_tokens):
    spacy.util.fix_random_seed(0)  # the learning check below must not depend on the tests run before
    from spacy.training import Example

    nlp = tiny_recognizer(extra_state_tokens)
    texts = [("Олег Сенцов приїхав до Києва .", [(0, 11, "PER"), (23, 28, "LOC")]),
             ("У Львові виступив Олег Сенцов .", [(2, 8, "LOC"), (18, 29, "PER")]),
             # entities of up to seven words: the six-token context reads the first five of an open one
             ("Національний банк України знизив ставку .", [(0, 25, "ORG")]),
             ("Київський апеляційний суд міста Києва у справі ТОВ Альфа Бета Гама Дельта .",
              [(0, 37, "ORG"), (47, 73, "ORG")])]
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in texts]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(150):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    ner = nlp.get_pipe("ner")
    assert isinstance(ner, SentenceParallelEntityRecognizer)
    assert ner.model.get_ref("lower").get_dim("nF") == (6 if extra_state_tokens else 3)
    unseen = ["Сенцов приїхав до Львова , а Національний банк Києва ні .", "Київський банк України Альфа ."]
    all_texts = [t for t, _ in texts] + unseen
    docs = [nlp.make_doc(t) for t in all_texts]
    decoded = ner.predict(docs)
    assert isinstance(decoded, DecodedEntities)
    ner.set_annotations(docs, decoded)
    stock_docs = [nlp.make_doc(t) for t in all_texts]
    EntityRecognizer.set_annotations(ner, stock_docs, EntityRecognizer.predict(ner, stock_docs))
    assert entities(docs) == entities(stock_docs)
    assert nlp.evaluate(examples)["ents_f"] == 1.0  # the tiny model learned its sentences


@pytest.mark.parametrize("pieces", [1, 2, 3])
def test_max_pieces_is_numpys_max_over_the_last_axis(pieces):
    unmaxed = numpy.random.default_rng(pieces).standard_normal((7, 5, pieces)).astype("float32")
    assert numpy.array_equal(max_pieces(unmaxed), unmaxed.max(axis=-1))
