"""The same corpus job on a 2-worker Dask LocalCluster gives exactly the records of the local run."""
from __future__ import annotations

import pytest

from ukrnews_nlp.cli import main
from ukrnews_nlp.io import read_records

from .test_batch import CORPUS_OPTIONS, make_corpus

pytest.importorskip("distributed")


@pytest.mark.slow
def test_dask_local_cluster_equals_local_run(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    ids, bad, long = make_corpus(root, seed=11, sentences=2)
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert main(["annotate", str(root), "-o", str(local), *CORPUS_OPTIONS]) == 1
    code = main(["annotate", str(root), "-o", str(dask), "--engine", "dask", "--workers", "2", "--batch-size", "64",
                 *CORPUS_OPTIONS])
    assert code == 1  # the bad documents failed there too
    records = list(read_records(dask))
    assert records == list(read_records(local))
    assert {r["id"] for r in records} == ids and len(records) == len(ids)
    assert {r["id"] for r in records if r["errors"]} == bad
    assert all(r["tokens"] for r in records if r["id"] in long)


def test_unreachable_scheduler_is_a_user_error(tmp_path, capsys, monkeypatch):
    import ukrnews_nlp.dask

    monkeypatch.setattr(ukrnews_nlp.dask, "CONNECT_TIMEOUT", "1s")
    (tmp_path / "a.txt").write_text("Текст.", encoding="utf-8")
    code = main(["annotate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl"), "--engine", "dask",
                 "--scheduler", "tcp://127.0.0.1:9", "--rules-only", "-q"])
    err = capsys.readouterr().err
    assert code == 2 and "Dask scheduler tcp://127.0.0.1:9" in err and "Traceback" not in err
