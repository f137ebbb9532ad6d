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
