"""Corpus workers make full garbage collections rare; a process that only imports the package keeps Python's."""
from __future__ import annotations

import subprocess
import sys
import textwrap


def run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter (the collector settings are process-wide) and return its stdout."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_tuning_freezes_and_spaces_full_collections_once():
    out = run_python("""
        import gc
        import ukrnews_nlp
        from ukrnews_nlp.worker_gc import FULL_COLLECTION_EVERY, tune_worker_gc
        before = gc.get_threshold()
        assert gc.get_freeze_count() == 0
        assert tune_worker_gc() is True
        after = gc.get_threshold()
        assert after == (before[0], before[1], FULL_COLLECTION_EVERY) != before
        assert gc.get_freeze_count() > 0 and gc.isenabled()
        assert tune_worker_gc() is False  # idempotent
        print("ok")
    """)
    assert out == "ok"


def test_a_worker_task_tunes_its_process_and_an_import_does_not():
    out = run_python("""
        import gc
        from ukrnews_nlp import batch
        from ukrnews_nlp.worker_gc import FULL_COLLECTION_EVERY
        default = gc.get_threshold()
        assert default[2] != FULL_COLLECTION_EVERY
        batch._worker_task([], {"models": False}, 8, None)
        assert gc.get_threshold()[2] == FULL_COLLECTION_EVERY
        print("ok")
    """)
    assert out == "ok"


def test_the_command_tunes_its_process_and_main_from_python_does_not(tmp_path, capsys):
    import gc

    from ukrnews_nlp import cli

    before = gc.get_threshold()
    assert cli.main(["annotate", str(tmp_path / "missing.txt"), "--rules-only"]) == 2
    assert gc.get_threshold() == before  # main() called from Python: the caller's settings stay
    check = """
        import gc, sys
        from ukrnews_nlp import cli
        from ukrnews_nlp.worker_gc import FULL_COLLECTION_EVERY
        sys.argv = ["ukrnews-nlp", "COMMAND", "--help"]
        try:
            cli.console()
        except SystemExit:
            pass
        print(gc.get_threshold()[2] == FULL_COLLECTION_EVERY)
    """
    assert run_python(check.replace("COMMAND", "annotate")).splitlines()[-1] == "True"
    assert run_python(check.replace("COMMAND", "train")).splitlines()[-1] == "False"  # training keeps Python's


def test_a_pipeline_loaded_after_tuning_is_frozen_and_one_loaded_untuned_is_not():
    out = run_python("""
        import gc
        import ukrnews_nlp
        from ukrnews_nlp.worker_gc import tune_worker_gc
        ukrnews_nlp.load(models=False)
        assert gc.get_freeze_count() == 0  # a notebook's load: Python's settings stay
        tune_worker_gc()  # as the commands do, before their pipeline exists
        frozen = gc.get_freeze_count()
        nlp = ukrnews_nlp.load(models=False)
        assert gc.get_freeze_count() > frozen
        assert not gc.is_tracked(nlp) or nlp not in gc.get_objects(generation=2)
        print("ok")
    """)
    assert out == "ok"
