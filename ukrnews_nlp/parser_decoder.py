"""``ukrnews_parser``: spaCy's dependency parser with its greedy loop stepped from Python over numpy.

spaCy's compiled greedy parse (``Parser._parseC``) scores every state with a hand-written maxout whose
per-unit ``arg_max`` (an inline from thinc's ``linalg.pxd``), in the spaCy 3.8.8+ wheels, takes Python's
global lock for each of the 128 hidden units of each state at each step, and multiplies the output layer
with BLIS's reference kernel: most of the parser's time here. :func:`greedy_parse_stepwise` keeps spaCy's
own pieces and order — the step model's context-token ids, precomputed hidden features and output layer
(numpy's BLAS, the same computation spaCy uses while training), then spaCy's compiled
``transition_states`` (its validity rules, first best valid move, the move itself) — with the maxout done
by thinc's vectorised kernel. The parses are spaCy's own (identical heads, labels and sentence starts on all
560 NER-UK 2.0 texts); the parser runs about 2× faster. A batch of more than :data:`MAX_PARSE_TOKENS` tokens is
parsed in parts (memory). Beam search and models without an output layer fall back to spaCy's loop.
"""
from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.pipeline.dep_parser import DEFAULT_PARSER_MODEL, DependencyParser
from spacy.tokens import Doc
from thinc.api import Model

from .tok2vec_chunks import doc_chunks

#: Tokens parsed together at most (~650 MB of precomputed features; ~90 news texts, enough to share each step).
MAX_PARSE_TOKENS = 50_000


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


def greedy_parse_stepwise(parser: DependencyParser, docs: list[Doc]) -> list:
    """Greedy transition-based parse of ``docs`` (spaCy's ``StateClass`` per doc, as ``greedy_parse``
    returns them): all unfinished states scored together at each step, then moved by spaCy's rules."""
    parser._ensure_labels_are_added(docs)
    batch = parser.moves.init_batch(docs)
    step_model = parser.model.predict(docs)
    states = [state for state in batch if not state.is_final()]
    while states:
        parser.transition_states(states, step_scores(step_model, states))
        states = [state for state in states if not state.is_final()]
    step_model.clear_memory()
    return batch


class StepwiseDependencyParser(DependencyParser):
    """:class:`spacy.pipeline.DependencyParser` whose greedy parse is :func:`greedy_parse_stepwise`.

    Training, weights and serialization are the stock parser's; a trained ``parser`` loads as this component
    by its factory name alone."""

    def greedy_parse(self, docs, drop: float = 0.0):
        if drop or not self.model.attrs.get("has_upper"):
            return super().greedy_parse(docs, drop=drop)
        # the precomputed hidden features take 13 KB a token: parse a huge batch in parts
        return [state for part in doc_chunks(list(docs), MAX_PARSE_TOKENS)
                for state in greedy_parse_stepwise(self, part)]


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


__all__ = ["StepwiseDependencyParser", "greedy_parse_stepwise", "step_scores"]
