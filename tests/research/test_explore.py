"""The researcher's charts use only unsuppressed aggregate cells."""

from __future__ import annotations

import pytest

from kit.errors import ExportError
from kit.research import explore


def test_charts_are_built_from_safe_cells(research_ws, run_export) -> None:
    _, out = run_export(research_ws)
    package = explore.open_export(out)
    for name, build in explore.CHARTS.items():
        spec = build(package).to_dict()
        assert spec["mark"]["type"] in ("bar", "rect"), name
        assert spec["title"]["text"] and len(spec["description"]) > 20, name
    cells = package.cells("activity_by_period")
    assert ((cells["reflections"] == 0) | (cells["reflections"] >= 5)).all()
    assert "reflections" in explore.summary_markdown(package)


def test_a_folder_without_a_package_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ExportError, match="not a research export"):
        explore.open_export(tmp_path)
