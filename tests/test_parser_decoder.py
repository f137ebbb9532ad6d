"""The stepwise greedy parse, one state per sentence, gives spaCy's own parses."""
from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import DependencyParser
from spacy.training import Example

from ukrnews_nlp.parser_decoder import StepwiseDependencyParser, greedy_parse_sentences, sentence_states

from .conftest import EXAMPLES, docs_before

TEXTS = [
    "Сергій Шойгу прибув до Москви. Володимир Зеленський заявив у Києві, що Верховна Рада ухвалила закон.",
    "путін і лукашенко зустрілися в сочі, повідомляє Sky News.",
    "",
    "   ",
    "Так.",
]


@pytest.fixture(scope="module")
def transition_nlp():
    """The core model with spaCy's transition parser, which the shipped core keeps (disabled) beside its graph
    parser: ``load(parser="transition")``."""
    import ukrnews_nlp

    nlp = ukrnews_nlp.load(models=["core"], parser="transition")
    if "parser" not in nlp.pipe_names:
        pytest.skip("no core model with a transition parser in models/")
    return nlp


def before_parser(nlp, texts):
    """Docs with everything up to the parser done (its tok2vec included)."""
    return docs_before(nlp, "parser", texts)


def parses(docs):
    return [[(t.head.i, t.dep_, t.is_sent_start) for t in doc] for doc in docs]


def test_same_parses_as_spacys_compiled_loop(transition_nlp):
    parser = transition_nlp.get_pipe("parser")
    assert isinstance(parser, StepwiseDependencyParser)
    texts = TEXTS + [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    stock_docs = before_parser(transition_nlp, texts)
    parser.set_annotations(stock_docs, DependencyParser.greedy_parse(parser, stock_docs))
    docs = before_parser(transition_nlp, texts)
    parser.set_annotations(docs, parser.predict(docs))
    assert parses(docs) == parses(stock_docs)
    assert sum(len(doc) for doc in docs) > 500
    assert {t.dep_ for doc in docs for t in doc} >= {"nsubj", "obj", "ROOT", "punct", "amod"}


def test_one_state_per_sentence_each_ending_at_the_next_sentence(transition_nlp):
    parser = transition_nlp.get_pipe("parser")
    docs = before_parser(transition_nlp, TEXTS)
    per_doc, to_parse = sentence_states(parser, docs)
    assert [len(states) for states in per_doc] == [2, 1, 1, 1, 1]
    first = [sent.start for sent in docs[0].sents]
    assert [state.B(0) for state in per_doc[0]] == first  # each starts at its sentence, stack empty
    assert all(state.stack_depth() == 0 for states in per_doc for state in states)
    assert [end for _, end in to_parse][:2] == [first[1], len(docs[0])]
    assert len(to_parse) == 5  # the empty doc has nothing to parse
    per_doc = greedy_parse_sentences(parser, docs)
    assert all(state.stack_depth() == 0 for states in per_doc for state in states)
    assert per_doc[0][-1].is_final() and not per_doc[0][0].is_final()  # the first stopped at the second
    parser.set_annotations(docs, per_doc)
    assert [len(list(doc.sents)) for doc in docs if len(doc)] == [2, 1, 1, 1]
    assert all(token.head.sent == token.sent for doc in docs for token in doc)


def test_trains_as_spacys_parser_and_parses_its_way():
    spacy.util.fix_random_seed(0)  # the learning check below must not depend on the tests run before
    nlp = spacy.blank("uk")
    nlp.add_pipe("ukrnews_parser", name="parser", config={"min_action_freq": 1, "model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "parser", "extra_state_tokens": False,
        "hidden_width": 16, "maxout_pieces": 2, "use_upper": True,
        "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 16,
                    "depth": 1, "embed_size": 200, "window_size": 1, "maxout_pieces": 2,
                    "subword_features": True}}})
    sentences = [(["Олег", "приїхав", "до", "Києва", "."], [1, 1, 3, 1, 1], ["nsubj", "ROOT", "case", "obl", "punct"]),
                 (["Мама", "миє", "раму", "."], [1, 1, 1, 1], ["nsubj", "ROOT", "obj", "punct"])]
    examples = [Example.from_dict(spacy.tokens.Doc(nlp.vocab, words=words), {"heads": heads, "deps": deps})
                for words, heads, deps in sentences]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(150):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    parser = nlp.get_pipe("parser")
    assert isinstance(parser, StepwiseDependencyParser)
    docs = [spacy.tokens.Doc(nlp.vocab, words=words) for words, _, _ in sentences]
    parser.set_annotations(docs, parser.predict(docs))
    stock_docs = [spacy.tokens.Doc(nlp.vocab, words=words) for words, _, _ in sentences]
    parser.set_annotations(stock_docs, DependencyParser.greedy_parse(parser, stock_docs))
    assert parses(docs) == parses(stock_docs)
    assert nlp.evaluate(examples)["dep_las"] == 1.0  # the tiny model learned its two sentences


def test_a_big_batch_is_parsed_in_parts_with_the_same_parses(transition_nlp, monkeypatch):
    from ukrnews_nlp import parser_decoder

    parser = transition_nlp.get_pipe("parser")
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    docs = before_parser(transition_nlp, texts)
    parser.set_annotations(docs, parser.predict(docs))
    expected = parses(docs)
    parts = []

    def counted(parser_, part):
        parts.append(len(part))
        return greedy_parse_sentences(parser_, part)

    monkeypatch.setattr(parser_decoder, "MAX_PARSE_TOKENS", 200)
    monkeypatch.setattr(parser_decoder, "greedy_parse_sentences", counted)
    docs = before_parser(transition_nlp, texts)
    parser.set_annotations(docs, parser.predict(docs))
    assert parses(docs) == expected
    assert len(parts) > 1 and sum(parts) == len(texts)
