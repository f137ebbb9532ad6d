"""The command line: annotate files and stdin; clear one-line errors (exit 2) for user mistakes."""
from __future__ import annotations

import io
import json
import sys

import pytest

from ukrnews_nlp.cli import main

from .conftest import EXAMPLES


def run_cli(args, capsys, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_annotate_file_to_json(tmp_path, capsys):
    out = tmp_path / "out.json"
    code, _, err = run_cli(["annotate", str(EXAMPLES / "lukashenko.txt"), "-o", str(out), "--format", "json"], capsys)
    assert code == 0, err
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["text"] == (EXAMPLES / "lukashenko.txt").read_text(encoding="utf-8")
    assert record["id"].endswith("lukashenko.txt")
    assert not list(tmp_path.glob(".out.json.*")), "temporary file left behind"


def test_annotate_stdin_jsonl(capsys, monkeypatch):
    code, out, err = run_cli(["annotate", "-", "--id", "doc-1"], capsys, stdin="Привіт, світе!".encode(),
                             monkeypatch=monkeypatch)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["id"] == "doc-1" and record["text"] == "Привіт, світе!"


def test_missing_file(capsys, tmp_path):
    code, out, err = run_cli(["annotate", str(tmp_path / "nope.txt")], capsys)
    assert code == 2 and out == ""
    assert "No such file" in err and "Traceback" not in err


def test_directory(capsys, tmp_path):
    code, _, err = run_cli(["annotate", str(tmp_path)], capsys)
    assert code == 2 and "is a directory" in err


def test_invalid_utf8_says_where(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Рядок один\nдва ".encode() + b"\xff\xfe" + " три".encode())
    code, _, err = run_cli(["annotate", str(bad)], capsys)
    assert code == 2
    assert "not valid UTF-8" in err and "line 2" in err and "0xff" in err


def test_output_into_directory_is_an_error(capsys, tmp_path):
    code, _, err = run_cli(["annotate", str(EXAMPLES / "energy.txt"), "-o", str(tmp_path)], capsys)
    assert code == 2 and "is a directory" in err


def test_help_mentions_commands(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in ("annotate", "evaluate", "train", "examples:"):
        assert word in out


def test_evaluate_with_missing_data_dir(capsys, tmp_path):
    code, _, err = run_cli(["evaluate", "ud", "--data-dir", str(tmp_path / "absent")], capsys)
    assert code == 2 and "Data directory" in err and "--data-dir" in err



def test_evaluate_against_a_folder_without_models_is_refused(capsys, tmp_path):
    code, _, err = run_cli(["evaluate", "ud", "--against-models", str(tmp_path)], capsys)
    assert code == 2 and "no trained model" in err and str(tmp_path) in err
    with pytest.raises(SystemExit):
        main(["evaluate", "ud", "--bootstrap", "many"])
    assert "whole number" in capsys.readouterr().err

def test_train_core_without_vectors_says_how(capsys, tmp_path):
    code, _, err = run_cli(["train", "core", "--data-dir", str(tmp_path), "--work-dir", str(tmp_path / "run"),
                            "--vectors", str(tmp_path / "no-model")], capsys)
    assert code == 2 and "No static vectors" in err and "--no-vectors" in err
    assert not (tmp_path / "run").exists()  # refused before any work


def test_train_core_with_missing_pretrained_weights_says_how(capsys, tmp_path):
    code, _, err = run_cli(["train", "core", "--data-dir", str(tmp_path), "--work-dir", str(tmp_path / "run"),
                            "--no-vectors", "--init-tok2vec", str(tmp_path / "model-last.bin")], capsys)
    assert code == 2 and "No pretrained tok2vec weights" in err and "train pretrain" in err
    assert not (tmp_path / "run").exists()


def test_train_pretrain_without_raw_text_says_how(capsys, tmp_path):
    code, _, err = run_cli(["train", "pretrain", "--data-dir", str(tmp_path), "--work-dir", str(tmp_path / "run")],
                           capsys)
    assert code == 2 and "raw-uk/" in err


def test_train_graph_parser_without_torch_says_how(capsys, tmp_path):
    import importlib.util

    if importlib.util.find_spec("torch") is not None:
        pytest.skip("torch is installed here")
    code, _, err = run_cli(["train", "graph-parser", "--data-dir", str(tmp_path), "--work-dir",
                            str(tmp_path / "run")], capsys)
    assert code == 2 and "needs PyTorch" in err and "torch==2.13.0" in err
    assert not (tmp_path / "run").exists()


def _annotated_sentence(option: str, value: str, capsys, monkeypatch) -> list[dict]:
    """The tokens ``annotate - OPTION VALUE`` gives for a simple sentence (skipped without the core model)."""
    from ukrnews_nlp.pipeline import default_models_dir

    if not (default_models_dir() / "core" / "config.cfg").is_file():
        pytest.skip("needs models/core")
    code, out, err = run_cli(["annotate", "-", option, value], capsys,
                             stdin="Президент підписав закон.".encode(), monkeypatch=monkeypatch)
    assert code == 0, err
    return json.loads(out)["tokens"]


def test_annotate_with_either_parser(capsys, monkeypatch):
    heads = {}
    for parser in ("graph", "transition"):
        tokens = _annotated_sentence("--parser", parser, capsys, monkeypatch)
        heads[parser] = [t["head"] for t in tokens]
        assert [t["deprel"] for t in tokens][:2] == ["nsubj", "root"]
    assert heads["graph"] == heads["transition"] == [1, 1, 1, 1]
    with pytest.raises(SystemExit):
        main(["annotate", "-", "--parser", "biaffine"])


def test_annotate_with_either_matmul(capsys, monkeypatch):
    """--matmul numpy (float32 products) and the default int8 give the same analysis of a simple sentence."""
    analyses = {matmul: [(t["upos"], t["head"], t["deprel"])
                         for t in _annotated_sentence("--matmul", matmul, capsys, monkeypatch)]
                for matmul in ("int8", "numpy")}
    assert analyses["int8"] == analyses["numpy"]
    assert analyses["int8"][1] == ("VERB", 1, "root")
    with pytest.raises(SystemExit):
        main(["annotate", "-", "--matmul", "fp16"])


# ------------------------------------------------------------------------------------------ corpus runs

def test_corpus_of_files_directories_and_globs(tmp_path, capsys):
    (tmp_path / "dir" / "sub").mkdir(parents=True)
    (tmp_path / "dir" / "sub" / "a.txt").write_text("Перший текст. Друге речення.", encoding="utf-8")
    (tmp_path / "dir" / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / "x1.jsonl").write_text('{"id": "j1", "text": "Третій текст.", "url": "u"}\n', encoding="utf-8")
    code, out, err = run_cli(["annotate", str(tmp_path / "dir"), str(tmp_path / "x*.jsonl"), "--rules-only"], capsys)
    assert code == 1  # the empty file failed; the others went through
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["b.txt", "sub/a.txt", "j1"]
    assert records[0]["errors"] == ["empty document (no text)"] and not records[1]["errors"]
    assert records[2]["meta"] == {"url": "u"}
    assert "3 documents: 2 ok, 1 failed" in err and "failed b.txt: empty document" in err
    code, _, err = run_cli(["annotate", str(tmp_path / "dir" / "sub"), "-q", "--rules-only"], capsys)
    assert code == 0 and err == ""


def test_corpus_usage_errors(tmp_path, capsys):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Текст.", encoding="utf-8")
    code, _, err = run_cli(["annotate", str(tmp_path), "--format", "json", "-o", str(tmp_path / "o.json"),
                            "--rules-only"], capsys)
    assert code == 2 and "writes one record" in err and not (tmp_path / "o.json").exists()
    code, _, err = run_cli(["annotate", str(tmp_path), "--resume"], capsys)
    assert code == 2 and "--resume needs an output file" in err
    code, _, err = run_cli(["annotate", str(tmp_path), "--id", "x"], capsys)
    assert code == 2 and "--id names a single document" in err
    code, _, err = run_cli(["annotate", str(tmp_path), "--format", "parquet"], capsys)
    assert code == 2 and "-o DIRECTORY" in err
    code, _, err = run_cli(["annotate", str(tmp_path / "*.html")], capsys)
    assert code == 2 and "No input files match" in err


def test_conllu_to_stdout(capsys):
    code, out, err = run_cli(["annotate", str(EXAMPLES / "energy.txt"), "--format", "conllu", "--rules-only", "-q"],
                             capsys)
    assert code == 0, err
    assert out.startswith(f"# newdoc id = {EXAMPLES / 'energy.txt'}\n")
    rows = [line.split("\t") for line in out.splitlines() if line and not line.startswith("#")]
    assert rows and all(len(row) == 10 for row in rows) and all("TokenRange=" in row[9] for row in rows)


def test_tables_and_stats(tmp_path, capsys):
    pytest.importorskip("pyarrow")
    from ukrnews_nlp.io import read_tables

    tables, records = tmp_path / "tables", tmp_path / "out.jsonl"
    for out, extra in ((tables, ["--format", "parquet"]), (records, [])):
        code, _, err = run_cli(["annotate", str(EXAMPLES), "-o", str(out), "--rules-only", "-q", *extra], capsys)
        assert code == 0, err
    frames = read_tables(tables)
    assert len(frames["documents"]) == len(list(EXAMPLES.glob("*.txt")))
    assert len(frames["quotes"]) > 0 and set(frames["quotes"]["doc_id"]) <= set(frames["documents"]["doc_id"])
    code, out, err = run_cli(["stats", str(records), "--top", "3", "--csv", str(tmp_path / "stats")], capsys)
    assert code == 0, err
    assert "Top speakers" in out and "Top entities" in out and "Світлана Гринчук" in out
    import pandas as pd

    speakers = pd.read_csv(tmp_path / "stats" / "speakers.csv")
    assert list(speakers.columns) == ["name", "label", "quotes", "documents"]
    assert speakers["quotes"].sum() == frames["speakers"]["quotes"].sum()
    assert speakers["quotes"].is_monotonic_decreasing


def test_clean_option(tmp_path, capsys):
    out = tmp_path / "page.json"
    code, _, err = run_cli(["annotate", str(EXAMPLES / "scraped_page.txt"), "--clean", "-o", str(out),
                            "--rules-only", "-q"], capsys)
    assert code == 0, err
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["text"].startswith("Уряд продовжив програму") and "Facebook" not in record["text"]
    assert all(record["text"][t["start"]:t["end"]] == t["text"] for t in record["tokens"])


def test_stats_missing_file(tmp_path, capsys):
    code, _, err = run_cli(["stats", str(tmp_path / "none.jsonl")], capsys)
    assert code == 2 and "No such file" in err
