"""``ukrnews_parser``: spaCy's dependency parser with its greedy loop stepped from Python over numpy, one
sentence per state.

spaCy's compiled greedy parse (``Parser._parseC``) scores every state with a hand-written maxout whose
per-unit ``arg_max`` (an inline from thinc's ``linalg.pxd``), in the spaCy 3.8.8+ wheels, takes Python's
global lock for each of the 128 hidden units of each state at each step, and multiplies the output layer
with BLIS's reference kernel: most of the parser's time here. :func:`greedy_parse_sentences` keeps spaCy's
own pieces and order — the step model's context-token ids, precomputed hidden features and output layer
(numpy's BLAS, the same computation spaCy uses while training), then spaCy's compiled
``transition_states`` (its validity rules, first best valid move, the move itself) — with the maxout done
by thinc's vectorised kernel.

A state per document would step as many times as its longest document has tokens (twice), with few states
left for most steps; where the sentences are set before the parser (``ukrnews_sentences`` sets every token),
the arc-eager moves cannot cross a sentence start (at one, only Reduce is valid until the stack is empty), so
each sentence is parsed by its own state: a copy of the document's state moved to the sentence's first word
with an empty stack, exactly the state the document-wide parse reaches there, stopped when it reaches the
next sentence's first word with an empty stack again. Its features (the same context tokens of the same
document) and so its moves are the document-wide parse's; the steps now number twice the longest sentence
and score all sentences together. The parses are spaCy's own (identical heads, labels and sentence starts on
all 560 NER-UK 2.0 texts); the parser runs about 3× faster than spaCy's loop. A batch of more than
:data:`MAX_PARSE_TOKENS` tokens is parsed in parts (the precomputed features take 8 KB a token). Beam search
and models without an output layer fall back to spaCy's loop.
"""
from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD, SENT_START
from spacy.language import Language
from spacy.pipeline.dep_parser import DEFAULT_PARSER_MODEL, DependencyParser
from spacy.tokens import Doc
from thinc.api import Model

from .tok2vec_chunks import doc_chunks

#: Tokens parsed together at most (~33 MB of precomputed features; ~150 sentences scored together at each
#: step). Larger parts step no fewer times and touch more fresh memory, which is slow on virtual machines.
MAX_PARSE_TOKENS = 4_000


def step_scores(step_model, states: list) -> numpy.ndarray:
    """Scores of every move for each (unfinished) state: spaCy's ``step_forward`` at inference, without the
    per-step masking of unseen moves when there are none to mask."""
    ids = step_model.get_token_ids(states)
    hidden, _ = step_model.state2vec(ids, False)
    scores, _ = step_model.vec2scores(hidden, False)
    mask = step_model._class_mask
    if not mask.all():
        scores[:, mask == 0] = numpy.nanmin(scores)
    return scores


def sentence_states(parser: DependencyParser, docs: list[Doc]) -> tuple[list[list], list[tuple]]:
    """Per doc, one spaCy ``StateClass`` per sentence (the doc's state moved to the sentence's first word, stack
    empty); and the (state, end) pairs still to parse, ``end`` being the next sentence's first word (or the
    doc's length). A doc without sentence starts is one sentence."""
    per_doc, to_parse = [], []
    for doc, state in zip(docs, parser.moves.init_batch(docs), strict=True):
        starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        states = [state]
        for previous, start in zip(starts[:-1], starts[1:], strict=True):
            state = state.copy()
            for _ in range(start - previous):  # shift and drop the previous sentence's words: no arcs
                state.push()
                state.pop()
            states.append(state)
        if len(doc):
            to_parse.extend(zip(states, starts[1:] + [len(doc)], strict=True))
        per_doc.append(states)
    return per_doc, to_parse


def greedy_parse_sentences(parser: DependencyParser, docs: list[Doc]) -> list[list]:
    """Greedy transition-based parse of ``docs``: per doc, its sentences' ``StateClass`` objects, each holding
    the arcs of its sentence; all unfinished sentences scored together at each step, then moved by spaCy's
    rules."""
    parser._ensure_labels_are_added(docs)
    per_doc, to_parse = sentence_states(parser, docs)
    step_model = parser.model.predict(docs)
    while to_parse:
        states = [state for state, _ in to_parse]
        parser.transition_states(states, step_scores(step_model, states))
        to_parse = [(state, end) for state, end in to_parse
                    if state.stack_depth() or state.B(0) not in (end, -1)]
    step_model.clear_memory()
    return per_doc


def set_sentence_parses(parser: DependencyParser, doc: Doc, states: list) -> None:
    """Write the arcs of a doc's sentence states to ``doc`` as spaCy's ``ArcEager.set_annotations`` writes one
    state's (words without a head are roots), children and sentence starts set once."""
    heads = numpy.zeros(len(doc), dtype="int64")  # relative, as spaCy stores them
    labels = numpy.zeros(len(doc), dtype="uint64")
    for state in states:
        for arc in state.arcs:
            heads[arc["child"]] = arc["head"] - arc["child"]
            labels[arc["child"]] = arc["label"]
    labels[heads == 0] = parser.moves.root_label
    doc.from_array([HEAD, DEP], numpy.column_stack([heads.view("uint64"), labels]))


class StepwiseDependencyParser(DependencyParser):
    """:class:`spacy.pipeline.DependencyParser` whose greedy parse is :func:`greedy_parse_stepwise`.

    Training, weights and serialization are the stock parser's; a trained ``parser`` loads as this component
    by its factory name alone."""

    def greedy_parse(self, docs, drop: float = 0.0):
        """Per doc, spaCy's final state, or (the stepwise parse) the list of its sentences' states."""
        if drop or not self.model.attrs.get("has_upper"):
            return super().greedy_parse(docs, drop=drop)
        return [states for part in doc_chunks(list(docs), MAX_PARSE_TOKENS)
                for states in greedy_parse_sentences(self, part)]

    def set_annotations(self, docs, states_or_beams) -> None:
        """spaCy's, for a doc's list of sentence states as well."""
        if not any(isinstance(states, list) for states in states_or_beams):
            return super().set_annotations(docs, states_or_beams)
        for doc, states in zip(docs, states_or_beams, strict=True):
            if len(doc):
                set_sentence_parses(self, doc, states if isinstance(states, list) else [states])
            for hook in self.postprocesses:
                hook(doc)
        return None


@Language.factory(
    "ukrnews_parser",
    assigns=["token.dep", "token.head", "token.is_sent_start", "doc.sents"],
    default_config={"moves": None, "update_with_oracle_cut_size": 100, "learn_tokens": False,
                    "min_action_freq": 30, "model": DEFAULT_PARSER_MODEL,
                    "scorer": {"@scorers": "spacy.parser_scorer.v1"}},
    default_score_weights={"dep_uas": 0.5, "dep_las": 0.5, "dep_las_per_type": None, "sents_p": None,
                           "sents_r": None, "sents_f": 0.0},
)
def make_ukrnews_parser(nlp: Language, name: str, model: Model, *, moves, update_with_oracle_cut_size: int,
                        learn_tokens: bool, min_action_freq: int, scorer) -> StepwiseDependencyParser:
    """Factory of :class:`StepwiseDependencyParser` (the stock ``parser`` settings)."""
    return StepwiseDependencyParser(
        nlp.vocab, model, name=name, moves=moves, update_with_oracle_cut_size=update_with_oracle_cut_size,
        learn_tokens=learn_tokens, min_action_freq=min_action_freq, scorer=scorer)


__all__ = ["StepwiseDependencyParser", "greedy_parse_sentences", "sentence_states", "set_sentence_parses",
           "step_scores"]
