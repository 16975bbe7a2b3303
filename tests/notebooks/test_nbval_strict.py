"""A stricter nbval run, and the lead's notebook run as a lead.

Every notebook is executed once to record its outputs (none may be an error or
a write to stderr); then nbval re-runs the notebooks whose outputs are more
than widgets (start here, my learning, the lead's) on a fresh copy of the demo
and compares every output, sanitized with sanitize.cfg. nbval skips widget
views, so comparing the forms-only notebooks would add run time and check
nothing more.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from notebook_support import copy_demo, execute, notebook_env, outputs_of, run_nbval

from kit.resources import NOTEBOOKS_DIR

SANITIZE = Path(__file__).with_name("sanitize.cfg")
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
STRICT = ("00_start_here", "05_my_learning", "06_lead_my_practitioners")


def test_nbval_strict_outputs_are_reproducible(demo_copy: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch):
    for name, value in notebook_env(demo_copy).items():
        monkeypatch.setenv(name, value)
    for name in ("JUPYTERHUB_USER", "CANDLE_USER"):
        monkeypatch.delenv(name, raising=False)
    reference = tmp_path / "reference"
    reference.mkdir()
    with ThreadPoolExecutor(max_workers=4) as pool:
        executed = list(pool.map(lambda path: execute(path, reference), NOTEBOOKS))
    for path, notebook in zip(NOTEBOOKS, executed, strict=True):
        assert outputs_of(notebook, "error") == [], path.name
        first = outputs_of(notebook)[0].data["text/html"]
        assert "candle-header" in first and f"<code>{demo_copy}</code>" in first, path.name
        assert "(p01, practitioner)" in first, path.name
        stderr = [o for o in outputs_of(notebook, "stream") if o.name == "stderr"]
        assert stderr == [], f"{path.name} wrote to stderr: {stderr}"
        if path.stem in STRICT:
            nbformat.write(notebook, reference / path.name)
    my_learning = executed[[p.stem for p in NOTEBOOKS].index("05_my_learning")]
    html = "".join(o.data.get("text/html", "") for o in outputs_of(my_learning, "display_data"))
    assert html.count('<div class="candle-chart"><svg ') == 4, "My learning shows four charts"
    assert "<caption>Review notes from my lead</caption>" in html
    shutil.rmtree(demo_copy)
    copy_demo(demo_copy)  # the same path, fresh records: outputs must come out the same

    result = run_nbval(["--nbval", "--nbval-sanitize-with", str(SANITIZE), str(reference)],
                       demo_copy)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_lead_notebook_lists_the_practitioners_they_support(demo_copy: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CANDLE_WORKSPACE", str(demo_copy))
    monkeypatch.setenv("CANDLE_USER", "lead1")
    notebook = execute(NOTEBOOKS_DIR / "06_lead_my_practitioners.ipynb", NOTEBOOKS_DIR)
    roster = next(o.data["text/html"] for o in outputs_of(notebook, "display_data")
                  if "candle-table" in o.data.get("text/html", ""))
    assert "Last reflection" in roster
    assert "<td>p01</td>" in roster and "Nobody names you" not in roster
