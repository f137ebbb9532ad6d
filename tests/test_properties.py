"""Property tests: for any Unicode input annotate() never raises and its offsets slice the input."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ukrnews_nlp

# Ukrainian-looking text with the characters that stress the tokenizer, mixed with arbitrary Unicode.
TRICKY = list("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄІЇКЛМНОПРСТУ") + list("'’ʼ`´-–—‐«»„“”\"‚‘.,:;!?…()[]/@#%") + [
    " ", "\n", "\n\n", "\t", "\u00a0", "\u200b", "\u200d", "👍", "🇺🇦", "1", "2,5", "т. зв.", "О. ", "http://x.ua/a?b=1"]
texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(TRICKY), max_size=80).map("".join),
)


def check(record: dict, text: str) -> None:
    assert record["text"] == text
    previous_end = 0
    for tok in record["tokens"]:
        assert previous_end <= tok["start"] <= tok["end"] <= len(text)
        assert text[tok["start"]:tok["end"]] == tok["text"]
        # only whitespace lies between consecutive tokens
        assert text[previous_end:tok["start"]].strip() == ""
        previous_end = tok["end"]
    assert text[previous_end:].strip() == ""
    for item in record["entities"] + record["quotes"]:
        assert text[item["start"]:item["end"]] == item["text"]
    for sent in record["sentences"]:
        assert 0 <= sent["start"] < sent["end"] <= len(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_rules_pipeline_never_raises_and_offsets_slice(rules_nlp, text):
    check(ukrnews_nlp.annotate(text, nlp=rules_nlp), text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_full_pipeline_never_raises_and_offsets_slice(nlp, text):
    check(ukrnews_nlp.annotate(text, nlp=nlp), text)
