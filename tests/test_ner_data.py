"""NER-UK reader/converter and the NER scorer (synthetic files; the real corpus only where present)."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from ukrnews_nlp.errors import DataError
from ukrnews_nlp.evaluation.ner import (
    NerScores,
    bootstrap_difference,
    bootstrap_f1,
    format_differences,
    format_intervals,
    score_document,
)
from ukrnews_nlp.training.ner_uk import (
    AlignmentStats,
    Entity,
    NerDocument,
    chunk_spans,
    is_lowercase_style_target,
    load_documents,
    lowercase_entities,
    make_docs,
    read_ann,
    read_split,
    remove_overlaps,
    split_validation,
)

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def test_read_ann_v2_tabs_and_continuation(tmp_path):
    text = "Тарас Шевченко жив у Києві.\nМіністерство\nосвіти України"
    start = text.index("Міністерство")
    ann = tmp_path / "x.ann"
    ann.write_text(
        "T1\tPERS\t0\t14\tТарас Шевченко\n"
        "T2\tLOC\t21\t26\tКиєві\n"
        f"T3\tORG\t{start}\t{len(text)}\tМіністерство\n"
        "освіти України\n",  # continuation of T3's surface
        encoding="utf-8",
    )
    ents = read_ann(ann, text, version=2)
    assert [(text[e.start:e.end], e.label) for e in ents] == [
        ("Тарас Шевченко", "PER"), ("Києві", "LOC"), ("Міністерство\nосвіти України", "ORG")]


def test_read_ann_v1_brat_layout(tmp_path):
    text = "Іван Франко писав у Львові"
    ann = tmp_path / "x.ann"
    ann.write_text("T1\tPERS 0 11\tІван Франко\nT2\tLOC 20 26\tЛьвові\n", encoding="utf-8")
    assert [(e.start, e.end, e.label) for e in read_ann(ann, text, version=1)] == [
        (0, 11, "PER"), (20, 26, "LOC")]


def test_read_ann_rejects_offsets_outside_text(tmp_path):
    ann = tmp_path / "x.ann"
    ann.write_text("T1\tLOC\t0\t50\tКиїв\n", encoding="utf-8")
    with pytest.raises(DataError):
        read_ann(ann, "Київ", version=2)


def test_read_split(tmp_path):
    path = tmp_path / "split.txt"
    path.write_text("DEV\na1\nb2\n\nTEST\nc3\n", encoding="utf-8")
    assert read_split(path) == {"DEV": ["a1", "b2"], "TEST": ["c3"]}


def test_remove_overlaps_keeps_outer_span():
    outer = Entity(0, 30, "ORG")
    inner = Entity(14, 30, "LOC")
    other = Entity(35, 40, "PER")
    kept, dropped = remove_overlaps([inner, other, outer])
    assert kept == [outer, other]
    assert dropped == 1


def test_chunk_spans_paragraphs_and_length():
    text = "Перший рядок.\nДругий рядок.\n\nНовий абзац.\n"
    chunks = [text[s:e] for s, e in chunk_spans(text)]
    assert chunks == ["Перший рядок.\nДругий рядок.\n", "Новий абзац.\n"]
    long_text = "".join(f"Речення номер {i}.\n" for i in range(100))
    spans = list(chunk_spans(long_text, max_chars=200))
    assert all(e - s <= 200 for s, e in spans)
    assert "".join(long_text[s:e] for s, e in spans) == long_text


def test_lowercase_entities_keeps_offsets():
    text = "Росія напала, Путін погрожує, а Київ тримається."
    ents = [Entity(0, 5, "LOC"), Entity(14, 19, "PER"), Entity(32, 36, "LOC")]
    out = lowercase_entities(text, ents, rng=random.Random(0), p_target=1.0, p_other=0.0)
    assert len(out) == len(text)
    assert out.startswith("росія напала, путін")
    assert "Київ" in out
    assert is_lowercase_style_target("Російської Федерації")
    assert not is_lowercase_style_target("Україна")


def test_make_docs_aligns_and_counts():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("uk")
    text = "Вчора Петро Порошенко приїхав до Львова.\n"
    document = NerDocument("d", "ng", text, [Entity(6, 21, "PER"), Entity(33, 39, "LOC"),
                                             Entity(33, 36, "LOC")])
    stats = AlignmentStats()
    docs = list(make_docs(nlp, [document], stats=stats))
    assert len(docs) == 1
    assert [(e.text, e.label_) for e in docs[0].ents] == [("Петро Порошенко", "PER"), ("Львова", "LOC")]
    assert stats.entities == 3 and stats.lost == 1 and stats.expanded == 1


def test_split_validation_is_by_document_and_stratified():
    docs = [NerDocument(f"{s}{i}", s, "x") for s in ("ng", "bruk") for i in range(20)]
    train, valid = split_validation(docs, fraction=0.1, seed=0)
    assert {d.id for d in train}.isdisjoint({d.id for d in valid})
    assert len(train) + len(valid) == 40
    assert sorted(d.source for d in valid) == ["bruk", "bruk", "ng", "ng"]
    assert [d.id for d in split_validation(docs, fraction=0.1, seed=0)[1]] == [d.id for d in valid]


def test_held_out_documents_from_an_id_file(tmp_path):
    from ukrnews_nlp.errors import UserError
    from ukrnews_nlp.training.ner import held_out

    docs = [NerDocument(f"d{i}", "ng", "текст", []) for i in range(5)]
    ids = tmp_path / "ids.txt"
    ids.write_text("d1\nd3\n", encoding="utf-8")
    train, valid = held_out(docs, ids)
    assert [d.id for d in valid] == ["d1", "d3"] and [d.id for d in train] == ["d0", "d2", "d4"]
    ids.write_text("d1\nx9\n", encoding="utf-8")
    with pytest.raises(UserError, match="x9"):
        held_out(docs, ids)
    ids.write_text("\n", encoding="utf-8")
    with pytest.raises(UserError, match="no document ids"):
        held_out(docs, ids)
    with pytest.raises(UserError, match="No such file"):
        held_out(docs, tmp_path / "missing.txt")


def test_scorer_exact_spans():
    scores = NerScores()
    gold = {(0, 5, "PER"), (10, 15, "LOC"), (20, 25, "ORG")}
    pred = {(0, 5, "PER"), (10, 14, "LOC"), (20, 25, "LOC")}
    score_document(scores, "ng", gold, pred, ("PER", "LOC", "ORG"))
    micro = scores.get("all", ("PER", "LOC", "ORG"))
    assert (micro.tp, micro.fp, micro.fn) == (1, 2, 2)
    assert scores.get("ng", ("PER",)).f1 == 1.0
    assert scores.get("all", ("ORG",)).recall == 0.0



def scored(documents):
    """NerScores of (gold, predicted) span sets, one pair per document."""
    scores = NerScores()
    for gold, predicted in documents:
        score_document(scores, "ng", gold, predicted, ("PER", "LOC", "ORG"))
    return scores


def test_bootstrap_interval_surrounds_the_figure_and_narrows_with_more_documents():
    rng = random.Random(0)
    documents = []
    for _ in range(200):  # each document: 5 entities, each found with probability 0.8
        gold = {(10 * k, 10 * k + 5, rng.choice(("PER", "LOC", "ORG"))) for k in range(5)}
        documents.append((gold, {span for span in gold if rng.random() < 0.8} | {(999, 1000, "ORG")}))
    few, many = scored(documents[:20]), scored(documents)
    core = ("PER", "LOC", "ORG")
    for scores in (few, many):
        low, high = bootstrap_f1(scores, core)
        assert low < 100 * scores.get("all", core).f1 < high
    assert bootstrap_f1(many, core) == bootstrap_f1(many, core)  # seeded
    width = lambda interval: interval[1] - interval[0]  # noqa: E731
    assert width(bootstrap_f1(many, core)) < width(bootstrap_f1(few, core)) / 2
    per_low, per_high = bootstrap_f1(many, ("PER",))
    assert per_low < 100 * many.get("all", ("PER",)).f1 < per_high
    line = format_intervals(many, ("PER", "LOC", "ORG", "DATE"), core, 200)
    assert line.startswith("F1 95 % intervals (200 documents resampled 200 times): PER [")
    assert "micro P/L/O [" in line and "micro all [" in line


def test_bootstrap_of_identical_documents_has_no_width_and_nothing_scored_gives_zeros():
    same = [({(0, 5, "PER"), (6, 9, "LOC")}, {(0, 5, "PER")})] * 30
    low, high = bootstrap_f1(scored(same), ("PER", "LOC", "ORG"))
    assert low == high == pytest.approx(100 * 2 / 3)
    assert bootstrap_f1(NerScores(), ("PER",)) == (0.0, 0.0)
    assert bootstrap_f1(scored(same), ("PER",), resamples=0) == (0.0, 0.0)



def test_paired_difference_is_narrower_than_either_interval_and_signed():
    rng = random.Random(1)
    better, worse = [], []
    for _ in range(60):  # documents of varied difficulty; the worse model misses one more entity in a third
        gold = {(10 * k, 10 * k + 5, "ORG") for k in range(rng.randint(1, 12))}
        found = {span for span in gold if rng.random() < rng.choice((0.5, 0.9))}
        better.append((gold, found))
        worse.append((gold, set(sorted(found)[1:]) if rng.random() < 0.33 else found))
    a, b = scored(better), scored(worse)
    core = ("PER", "LOC", "ORG")
    difference, low, high = bootstrap_difference(a, b, core)
    assert difference == pytest.approx(100 * (a.get("all", core).f1 - b.get("all", core).f1))
    assert 0 < low < difference < high
    a_low, a_high = bootstrap_f1(a, core)
    assert high - low < (a_high - a_low) / 2
    assert bootstrap_difference(b, a, core)[0] == pytest.approx(-difference)
    assert bootstrap_difference(a, a, core) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="same documents"):
        bootstrap_difference(a, scored(worse[:10]), core)
    assert "micro P/L/O +" in format_differences(a, b, core, core, 100)


def test_evaluate_ner_refuses_an_against_folder_that_is_no_model(tmp_path, capsys):
    from ukrnews_nlp import cli

    code = cli.main(["evaluate", "ner", "--against", str(tmp_path), "--data-dir", str(tmp_path)])
    assert code != 0
    assert "no config.cfg" in capsys.readouterr().err

def test_evaluate_ner_refuses_a_negative_bootstrap(capsys):
    from ukrnews_nlp import cli

    with pytest.raises(SystemExit):
        cli.main(["evaluate", "ner", "--bootstrap", "-5"])
    assert "whole number" in capsys.readouterr().err

@pytest.mark.data
def test_real_corpus_counts_and_surfaces():
    if not (DATA / "ner-uk-2.0").is_dir():
        pytest.skip("needs ../shared/data")
    dev = load_documents(DATA, "DEV", version=2)
    test = load_documents(DATA, "TEST", version=2)
    assert (len(dev), len(test)) == (391, 169)
    assert {d.id for d in dev}.isdisjoint({d.id for d in test})
    n_raw = sum(len(d.entities) + d.n_dropped_nested for d in dev + test)
    assert n_raw == 21993
    for d in test:
        assert all(d.text[e.start:e.end].strip() for e in d.entities)
    v1 = load_documents(DATA, "TEST", version=1)
    assert len(v1) == 80
    assert {e.label for d in v1 for e in d.entities} == {"PER", "LOC", "ORG", "MISC"}


def test_substitute_entities_inflects_and_keeps_offsets():
    pymorphy3 = pytest.importorskip("pymorphy3")
    from ukrnews_nlp.training.ner_uk import SUBSTITUTE_NAMES, substitute_entities

    morph = pymorphy3.MorphAnalyzer(lang="uk")
    text = "Він зустрівся з Кличком у Франції."
    ents = [Entity(text.index(w), text.index(w) + len(w), label)
            for w, label in (("Кличком", "PER"), ("Франції", "LOC"))]
    new_text, new_ents = substitute_entities(text, ents, rng=random.Random(1), morph=morph, p=1.0, p_lower=1.0)
    assert new_text.startswith("Він зустрівся з ") and new_text.endswith(".")
    surfaces = [new_text[e.start:e.end] for e in new_ents]
    assert [e.label for e in new_ents] == ["PER", "LOC"]
    assert surfaces[0].endswith("им")  # instrumental case, like "Кличком"
    lemmas = {morph.parse(s)[0].normal_form for s in surfaces}
    assert lemmas <= set(SUBSTITUTE_NAMES["PER"]) | set(SUBSTITUTE_NAMES["LOC"]) | {"рф"}
