"""``pytest --nbval-lax`` over notebooks/ runs clean against a copy of the demo workspace."""

from __future__ import annotations

from pathlib import Path

from notebook_support import code_cells, run_nbval

from kit.resources import NOTEBOOKS_DIR


def test_nbval_lax_runs_every_notebook_clean(demo_copy: Path):
    result = run_nbval(["--nbval-lax", str(NOTEBOOKS_DIR)], demo_copy)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    # nbval collects notebooks/ recursively, so the research notebooks' cells count too
    assert f"{sum(len(code_cells(p)) for p in NOTEBOOKS_DIR.rglob('*.ipynb'))} passed" in result.stdout
