"""Fixtures for the research export tests (builders live in research_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from research_support import EXPORT_DATE, PRACTITIONERS, add_practitioner, research_settings

from kit.research.export import ExportReport, export_research
from kit.store.workspace import Workspace


@pytest.fixture
def research_ws(tmp_path: Path) -> Workspace:
    """Six consenting practitioners with two clean reflections each in March 2025."""
    ws = Workspace.create(tmp_path / "ws", research_settings(extra=("p07", "p08", "p09")))
    for pid in PRACTITIONERS:
        add_practitioner(ws, pid)
    return ws


@pytest.fixture
def run_export(tmp_path: Path) -> Callable[..., tuple[ExportReport, Path]]:
    """Export a workspace into a fresh folder; returns the report and the folder."""
    counter = iter(range(1000))

    def run(ws: Workspace, **options: Any) -> tuple[ExportReport, Path]:
        out = tmp_path / f"export{next(counter)}"
        options = {"as_lead": "lead1", "export_date": EXPORT_DATE, **options}
        return export_research(ws, out, **options), out

    return run
