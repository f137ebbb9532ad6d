"""notebooks/quickstart.ipynb runs top to bottom (executed with nbclient, as in CI); no cell may fail."""
from __future__ import annotations

import json
import sys
import time

import pytest

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"


def test_quickstart_notebook_executes(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat", reason="needs the dev extra (nbformat)")
    nbclient = pytest.importorskip("nbclient", reason="needs the dev extra (nbclient)")
    pytest.importorskip("ipykernel", reason="needs the dev extra (ipykernel)")
    pytest.importorskip("matplotlib", reason="needs the dev extra (matplotlib)")

    # A kernel spec of our own, first on JUPYTER_PATH: the kernel is this interpreter (this venv), whatever
    # other "python3" kernels the machine has.
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (test)", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    elapsed = time.perf_counter() - start

    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]
    assert not [out for out in outputs if out.get("output_type") == "error"]
    html = [out["data"]["text/html"] for out in outputs if "text/html" in out.get("data", {})]
    assert any('class="ukrnews-view"' in h for h in html), "the show() cell rendered no view"
    assert any("image/png" in out.get("data", {}) for out in outputs), "the charts cell drew no figure"
    assert elapsed < 60, f"the notebook took {elapsed:.0f}s"
