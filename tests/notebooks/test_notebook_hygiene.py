"""Committed notebooks hold no logic and no outputs, and follow the house layout.

- no code cell in notebooks/ defines a function or a class (logic lives in kit/);
- no notebook under notebooks/ or templates/ carries outputs or execution counts;
- every practitioner notebook opens with a plain-language introduction and hides its code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from kit.resources import NOTEBOOKS_DIR, TEMPLATES_DIR

PRACTITIONER_NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
NOTEBOOKS_ANYWHERE = sorted(NOTEBOOKS_DIR.rglob("*.ipynb"))  # with notebooks/research/
ALL_NOTEBOOKS = NOTEBOOKS_ANYWHERE + sorted(TEMPLATES_DIR.rglob("*.ipynb"))
EXPECTED = ["00_start_here", "01_licence", "02_focus_areas", "03_reflect",
            "04_journey_and_support", "05_my_learning", "06_lead_my_practitioners",
            "07_link_who_i_orient", "08_admin_data_requests"]
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _id(path: Path) -> str:
    return str(path.relative_to(NOTEBOOKS_DIR.parent))


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    notebook = nbformat.read(path, as_version=4)
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def definitions_in(source: str) -> list[str]:
    """Names (with line) of every function, class or lambda defined in ``source``."""
    tree = ast.parse(source)
    return [f"{type(node).__name__} {getattr(node, 'name', '<lambda>')} (line {node.lineno})"
            for node in ast.walk(tree) if isinstance(node, DEFINITIONS)]


def test_every_practitioner_notebook_is_there():
    assert [path.stem for path in PRACTITIONER_NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS_ANYWHERE, ids=_id)
def test_no_code_cell_defines_a_function_or_class(path: Path):
    found = {index: definitions_in(cell.source) for index, cell in enumerate(_code_cells(path))}
    assert {index: names for index, names in found.items() if names} == {}


def test_the_definition_check_catches_each_kind():
    source = "def f():\n    pass\nclass C:\n    pass\ng = lambda: 1\nasync def h():\n    pass\n"
    assert len(definitions_in(source)) == 4
    assert definitions_in("from kit.notebook import learning\nlearning.show_start_here()") == []


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_id)
def test_committed_notebook_has_no_outputs_or_execution_counts(path: Path):
    dirty = [(index, len(cell.outputs), cell.execution_count)
             for index, cell in enumerate(_code_cells(path))
             if cell.outputs or cell.execution_count is not None]
    assert dirty == [], "clear outputs before committing (Edit > Clear Outputs of All Cells)"


@pytest.mark.parametrize("path", PRACTITIONER_NOTEBOOKS, ids=_id)
def test_notebook_opens_with_an_introduction_and_hides_its_code(path: Path):
    notebook = nbformat.read(path, as_version=4)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert len(first.source.split()) >= 25, "the introduction says what the notebook is for"
    for cell in _code_cells(path):
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True
        assert "hide-input" in cell.metadata.get("tags", [])
        calls = [line for line in cell.source.splitlines()
                 if line.strip() and not line.startswith(("import ", "from "))]
        assert 1 <= len(calls) <= 2, f"a code cell is a call or two into kit: {cell.source!r}"
