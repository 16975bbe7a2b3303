"""Notebooks without a workspace: a plain message first, no traceback anywhere, and the
repository's data/demo (next to the kernel's working folder) is never opened or written."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from checkout import DEMO_WORKSPACE, REPO_ROOT
from notebook_support import execute, outputs_of, snapshot

from kit.resources import NOTEBOOKS_DIR

# The notebooks with editor cells, run on a folder that is not a workspace
EDITORS = ("01_licence", "02_focus_areas", "03_reflect", "06_lead_my_practitioners")
# and pages that used to fall back to data/demo, run with no CANDLE_WORKSPACE at all.
UNSET = ("00_start_here", "research/release_queue", "research/explore_export")


def _html(notebook) -> list[str]:
    return [o.data.get("text/html", "") for o in outputs_of(notebook, "display_data")]


def _widget_values(notebook) -> list[str]:
    """The text of every HTML widget the notebook displayed (from its saved widget state)."""
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return [str(model["state"].get("value", "")) for model in state.get("state", {}).values()]


def _form_cells(name: str) -> int:
    notebook = nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    return sum("kit.forms.show" in cell.source for cell in notebook.cells if cell.cell_type == "code")


def test_no_workspace_gives_plain_messages_and_leaves_data_demo_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(DEMO_WORKSPACE)
    not_a_workspace = tmp_path / "not-a-workspace"
    not_a_workspace.mkdir()

    def run(name: str):
        return execute(NOTEBOOKS_DIR / f"{name}.ipynb", REPO_ROOT)

    monkeypatch.setenv("CANDLE_WORKSPACE", str(not_a_workspace))
    with ThreadPoolExecutor(max_workers=2) as pool:
        editors = list(pool.map(run, EDITORS))
    monkeypatch.delenv("CANDLE_WORKSPACE")
    with ThreadPoolExecutor(max_workers=2) as pool:
        unset = list(pool.map(run, UNSET))

    for name, notebook in zip(EDITORS + UNSET, editors + unset, strict=True):
        assert outputs_of(notebook, "error") == [], name
        assert [o for o in outputs_of(notebook, "stream") if o.name == "stderr"] == [], name
        first = outputs_of(notebook)[0].data["text/html"]
        assert "No workspace to show" in first, name
    for name, notebook in zip(EDITORS, editors, strict=True):
        assert f"{not_a_workspace} is not a workspace" in _html(notebook)[0], name
        explained = [text for text in _widget_values(notebook) if "cannot be shown" in text]
        assert len(explained) == _form_cells(name) >= 2, f"{name}: every form cell explains itself"
    for name, notebook in zip(UNSET, unset, strict=True):
        assert "CANDLE_WORKSPACE environment variable is not set" in _html(notebook)[0], name
    assert snapshot(DEMO_WORKSPACE) == before, "a notebook wrote into data/demo"
