"""Review templates: declared parameters (papermill's inspect API and its CLI), no logic in
cells, no outputs committed, and only kit calls."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

from kit.resources import REVIEW_TEMPLATES_DIR

TEMPLATES = {
    "practitioner_review.ipynb": {"workspace", "period", "practitioner_id"},
    "cohort_review.ipynb": {"workspace", "period", "lead_id"},
}


@pytest.fixture(params=sorted(TEMPLATES), ids=lambda name: name.split(".")[0])
def template(request: pytest.FixtureRequest) -> tuple[Path, set[str]]:
    return REVIEW_TEMPLATES_DIR / request.param, TEMPLATES[request.param]


def test_parameters_are_declared(template: tuple[Path, set[str]]) -> None:
    path, expected = template
    declared = papermill.inspect_notebook(str(path))
    assert set(declared) == expected
    assert all(parameter["inferred_type_name"] == "str" for parameter in declared.values())
    assert all(parameter["help"] for parameter in declared.values())


def test_papermill_cli_lists_the_parameters() -> None:
    path = REVIEW_TEMPLATES_DIR / "practitioner_review.ipynb"
    papermill_cli = Path(sys.executable).parent / "papermill"
    shown = subprocess.run([str(papermill_cli), "--help-notebook", str(path)], capture_output=True,
                           text=True, check=True).stdout
    for name in TEMPLATES[path.name]:
        assert re.search(rf"^\s+{name}: str \(default", shown, re.MULTILINE), shown


def test_cells_hold_no_logic_and_no_outputs(template: tuple[Path, set[str]]) -> None:
    path, _ = template
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0].metadata["tags"] == ["parameters"]
    for cell in code:
        assert not cell.outputs and cell.execution_count is None
        assert not re.search(r"^\s*(def|class|for|while|if|import pandas|import altair)\b",
                             cell.source, re.MULTILINE)
    calls = "\n".join(cell.source for cell in code[1:])
    assert "from kit.reviews import pages" in calls
    assert "renderers.enable" not in calls and "mimetype" not in calls
