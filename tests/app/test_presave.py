"""The pre-save hook: a kit page is saved without outputs or widget state, and an unchanged
page saves byte for byte as committed; other notebooks are left alone."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kit.app.pages import PAGES
from kit.app.presave import canonical_text, is_kit_notebook, strip_kit_notebook
from kit.resources import NOTEBOOKS_DIR

COMMITTED = sorted(NOTEBOOKS_DIR.rglob("*.ipynb"))


def _id(path: Path) -> str:
    return str(path.relative_to(NOTEBOOKS_DIR))


def run_in_lab(content: dict) -> dict:
    """What JupyterLab sends when it saves a page that ran: outputs, counts, widget state."""
    ran = copy.deepcopy(content)
    ran["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"x": {}}}}
    ran["metadata"]["language_info"] = {"name": "python", "version": "3.11.2",
                                        "mimetype": "text/x-python", "file_extension": ".py"}
    for index, cell in enumerate(ran["cells"]):
        if cell["cell_type"] == "code":
            cell["execution_count"] = index + 1
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": {"text/plain": "Lead One's note: a private remark",
                                         "application/vnd.jupyter.widget-view+json":
                                             {"model_id": "abc", "version_major": 2}}}]
            cell["metadata"]["execution"] = {"iopub.status.busy": "2026-12-01T06:00:00Z"}
    return ran


@pytest.mark.parametrize("path", COMMITTED, ids=_id)
def test_a_page_that_ran_saves_exactly_as_committed(path: Path):
    committed = path.read_text(encoding="utf-8")
    model = {"type": "notebook", "content": run_in_lab(json.loads(committed))}
    assert "private remark" in json.dumps(model)
    strip_kit_notebook(model, f"notebooks/{_id(path)}")
    assert canonical_text(model["content"]) == committed
    assert "private remark" not in json.dumps(model)
    assert "widgets" not in model["content"]["metadata"]


def test_every_page_of_the_launcher_is_a_committed_notebook():
    assert {page.notebook for page in PAGES} == {_id(path) for path in COMMITTED}


def test_only_kit_pages_are_stripped():
    assert is_kit_notebook("notebooks/03_reflect.ipynb")
    assert is_kit_notebook("my copy/03_reflect.ipynb")  # wherever a page is copied to
    assert not is_kit_notebook("reviews/2026-Q3/p01.ipynb")
    mine = {"type": "notebook", "content": run_in_lab(json.loads(COMMITTED[0].read_text()))}
    before = copy.deepcopy(mine)
    strip_kit_notebook(mine, "analysis/my_own_analysis.ipynb")
    assert mine == before, "a notebook of the user's own keeps its outputs"


def test_files_that_are_not_notebooks_pass_through():
    model = {"type": "file", "format": "text", "content": "a note"}
    strip_kit_notebook(model, "notebooks/03_reflect.ipynb")
    assert model == {"type": "file", "format": "text", "content": "a note"}
