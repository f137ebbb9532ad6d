"""``ukrnews-nlp evaluate ud --conllu FILE``: any UD CoNLL-U file scored from its rebuilt text; bad files refused."""
from __future__ import annotations

import pytest

from ukrnews_nlp.cli import main
from ukrnews_nlp.errors import DataError
from ukrnews_nlp.evaluation import PRF
from ukrnews_nlp.evaluation.ud import METRICS, Annotation, EvalWord, check_treebank, score_document
from ukrnews_nlp.io.conllu import read_conllu


def row(i: int, form: str, head: int, deprel: str, *, glued: bool = False) -> str:
    return f"{i}\t{form}\t_\t_\t_\t_\t{head}\t{deprel}\t_\t{'SpaceAfter=No' if glued else '_'}"


def sentence(comments: list[str], rows: list[str]) -> str:
    return "\n".join([f"# {c}" for c in comments] + rows) + "\n\n"


#: Two documents; the first has two paragraphs, its first sentence two clauses that a splitter may keep whole.
TREEBANK = (
    sentence(["newdoc id = a", "newpar id = a-1", "sent_id = 1"],
             [row(1, "Привіт", 0, "root"), row(2, ",", 3, "punct"), row(3, "світе", 1, "vocative", glued=True),
              row(4, "!", 1, "punct")])
    + sentence(["sent_id = 2"],
               [row(1, "Як", 2, "advmod"), row(2, "справи", 0, "root", glued=True), row(3, "?", 2, "punct")])
    + sentence(["newpar id = a-2", "sent_id = 3"],
               [row(1, "Добре", 0, "root", glued=True), row(2, ".", 1, "punct")])
    + sentence(["newdoc id = b", "sent_id = 4"],
               [row(1, "Київ", 0, "root"), row(2, "чекає", 1, "acl", glued=True), row(3, ".", 1, "punct")])
)


def run_cli(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def f1_of(out: str, metric: str) -> float:
    line = next(line for line in out.splitlines() if line.startswith(metric + " "))
    return float(line.split("|")[3])


def test_a_conllu_file_is_scored_from_its_raw_text(tmp_path, capsys):
    # the rebuilt text keeps the file's spacing ("Привіт , світе! Як справи?\n\nДобре."), and our tokens align
    path = tmp_path / "tiny.conllu"
    path.write_text(TREEBANK, encoding="utf-8")
    code, out, err = run_cli(["evaluate", "ud", "--conllu", str(path), "--no-models", "--bootstrap", "0"], capsys)
    assert code == 0, err
    assert str(path) in out and "2 documents, 12 gold words" in out
    assert f1_of(out, "Words") == 100.0
    assert f1_of(out, "Sentences") == 100.0
    # the rule components alone give no part of speech: no UPOS row (not a row of zeros)
    assert "UPOS" not in out and "LAS" not in out


def test_sentence_errors_count(tmp_path, capsys):
    # the same text with the first two sentences given as one: the splitter's two are then one miss and one extra
    merged = TREEBANK.replace("# sent_id = 2\n", "").replace(
        row(4, "!", 1, "punct") + "\n\n", row(4, "!", 1, "punct") + "\n")
    merged = merged.replace(row(1, "Як", 2, "advmod"), row(5, "Як", 6, "advmod")).replace(
        row(2, "справи", 0, "root", glued=True), row(6, "справи", 1, "parataxis", glued=True)).replace(
        row(3, "?", 2, "punct"), row(7, "?", 6, "punct"))
    path = tmp_path / "merged.conllu"
    path.write_text(merged, encoding="utf-8")
    code, out, err = run_cli(["evaluate", "ud", "--conllu", str(path), "--no-models", "--bootstrap", "0"], capsys)
    assert code == 0, err
    assert f1_of(out, "Sentences") == pytest.approx(100 * 2 * (2 / 4 * 2 / 3) / (2 / 4 + 2 / 3), abs=0.01)
    assert f1_of(out, "Words") == 100.0


@pytest.mark.parametrize(("content", "message"), [
    (sentence(["sent_id = x"], [row(1, "Привіт", 5, "root")]), "sentence 1 (x): word 1 has head '5'"),
    ("# just a comment\n\n", "has no words to score"),
    ("1\tПривіт\t_\n", "line 1: expected 10 tab-separated columns"),
])
def test_a_file_that_cannot_be_scored_is_refused(tmp_path, capsys, content, message):
    path = tmp_path / "bad.conllu"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match="bad.conllu"):
        check_treebank(read_conllu(path), path)
    code, out, err = run_cli(["evaluate", "ud", "--conllu", str(path), "--no-models"], capsys)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_bytes_that_are_not_utf8_are_located(tmp_path, capsys):
    path = tmp_path / "latin1.conllu"
    path.write_bytes(TREEBANK.split("\n\n")[0].encode() + b"\n2\tcaf\xe9\t_\t_\t_\t_\t1\tflat\t_\t_\n\n")
    code, _, err = run_cli(["evaluate", "ud", "--conllu", str(path), "--no-models"], capsys)
    assert code == 2 and "not valid UTF-8" in err and "0xe9" in err and "line 8" in err


def test_missing_file_and_both_sources_are_refused(tmp_path, capsys):
    code, _, err = run_cli(["evaluate", "ud", "--conllu", str(tmp_path / "absent.conllu")], capsys)
    assert code == 2 and "absent.conllu not found" in err
    with pytest.raises(SystemExit):
        main(["evaluate", "ud", "--conllu", str(tmp_path / "absent.conllu"), "--split", "dev"])
    assert "not allowed with" in capsys.readouterr().err


def test_full_las_compares_whole_relations():
    """LAS compares the universal part of the relation (CoNLL 2018); FullLAS the whole relation, subtypes included
    (the root's ``ROOT``, as spaCy writes it, is UD's ``root``)."""
    def annotation(relations: list[str]) -> Annotation:
        ann = Annotation(tokens=[(0, 5), (6, 12), (13, 20)], sentences=[(0, 20)])
        heads = [None, 0, 0]
        ann.words = [EvalWord(start, end, "NOUN", "", "x", head, relation.lower())
                     for (start, end), head, relation in zip(ann.tokens, heads, relations, strict=True)]
        return ann

    totals = {name: PRF() for name in METRICS}
    score_document(annotation(["root", "flat:title", "advmod"]), annotation(["ROOT", "flat:name", "advmod"]), totals)
    assert (totals["LAS"].correct, totals["FullLAS"].correct, totals["UAS"].correct) == (3, 2, 3)
