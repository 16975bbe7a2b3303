"""The researcher's charts use only unsuppressed aggregate cells, with labels, and say when empty."""

from __future__ import annotations

import pytest
from research_support import PRACTITIONERS

from kit.capture.submit import withdraw
from kit.errors import ExportError
from kit.research import explore
from kit.research.explore_labels import label, period_label
from kit.research.export import export_research


def test_charts_are_built_from_safe_cells(research_ws, run_export) -> None:
    _, out = run_export(research_ws)
    package = explore.open_export(out)
    for name, build in explore.CHARTS.items():
        spec = build(package).to_dict()
        assert spec["mark"]["type"] in ("bar", "rect"), name
        assert spec["title"]["text"] and len(spec["description"]) > 20, name
        assert explore.empty_message(package, explore.CHART_TABLES[name]) is None, name
    cells = package.cells("activity_by_period")
    assert ((cells["reflections"] == 0) | (cells["reflections"] >= 5)).all()
    summary = explore.summary_markdown(package)
    assert "**12 reflections.**" in summary and "Reflection answers (`reflection_answers`)" in summary


def test_charts_show_labels_not_codes(research_ws, run_export) -> None:
    _, out = run_export(research_ws)
    package = explore.open_export(out)
    activity = package.shown("activity_by_period")
    assert set(activity["period"]) == {"Mar 2025"} and set(activity["focus_kind"]) == {
        "Families and individuals"}
    tags = package.shown("tags_by_level")
    assert set(tags["journey_level"]) == {"Level 2 (Framework Fundamentals)"}
    assert "structure" not in set(tags["tag"]) and len(tags)
    spec = explore.tags_by_level_chart(package).to_dict()
    assert spec["encoding"]["x"]["sort"] == ["Level 2 (Framework Fundamentals)"]


def test_labels_keep_their_meaning() -> None:
    assert period_label("2026-02") == "Feb 2026" and period_label("2026-Q3") == "Jul-Sep 2026"
    assert label("journey_level", "unknown") == "Not known"
    assert label("tag_group", "cycle") == "Practice cycle"


def test_a_package_with_too_little_says_so_instead_of_drawing(research_ws, run_export) -> None:
    _, out = run_export(research_ws)
    opened = explore.open_export(out)
    hidden = {name: frame.assign(reflections=None, suppressed=True) for name, frame in opened.tables.items()}
    package = explore.ExportPackage(opened.folder, opened.descriptor, hidden)
    for table in explore.CHART_TABLES.values():
        message = explore.empty_message(package, table)
        assert message and "Nothing to draw here yet" in message and "cells are withheld" in message


def test_an_empty_package_is_described_as_empty(research_ws, run_export) -> None:
    for pid in PRACTITIONERS:
        for record in research_ws.store.latest("reflections", pid):
            withdraw(research_ws, "reflections", record.entity_id, practitioner_id=pid, author_id=pid,
                     reason="test")
    _, out = run_export(research_ws, allow_empty=True)
    package = explore.open_export(out)
    assert "No reflections" in explore.summary_markdown(package)
    assert "has no reflections" in (explore.empty_message(package, "activity_by_period") or "")


def test_a_folder_without_a_package_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ExportError, match="not a research export"):
        explore.open_export(tmp_path)


def test_the_summary_says_which_package_and_why(research_ws, run_export, monkeypatch) -> None:
    _, out = run_export(research_ws)
    monkeypatch.setenv("CANDLE_EXPORT", str(out))
    assert f"`{out}` (named by $CANDLE_EXPORT)" in explore.summary_markdown(explore.open_export())
    newest = research_ws.folder("exports") / "first"
    run_export(research_ws)  # another package elsewhere does not count
    export_research(research_ws, newest, as_lead="lead1")
    monkeypatch.delenv("CANDLE_EXPORT")
    monkeypatch.setenv("CANDLE_WORKSPACE", str(research_ws.root))
    summary = explore.summary_markdown(explore.open_export())
    assert f"the newest export of the workspace at {research_ws.root}" in summary
