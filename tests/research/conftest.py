"""Fixtures for the research export tests (builders live in research_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from research_support import (
    CANARIES,
    EXPORT_DATE,
    PRACTITIONERS,
    add_practitioner,
    add_reflection,
    research_settings,
)

from kit.capture.submit import edit, submit, withdraw
from kit.model.records import NamesToHide, ResearchConsent, ReviewNote, SupportContact
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


@pytest.fixture
def planted(research_ws: Workspace) -> Workspace:
    """The research workspace with a canary in every place that must never be exported."""
    ws = research_ws
    area = add_practitioner(ws, "p07", reflections=0)
    from kit.model.records import Profile
    profile = Profile.new(practitioner_id="p07", display_name=CANARIES["display name"],
                          role="mini_candle_practitioner", stage="trainee",
                          organisation=CANARIES["organisation"], lead_id="lead1")
    submit(ws, profile)
    submit(ws, SupportContact.new(practitioner_id="p07", supporter_id="lead1", supporter_role="lead",
                                  contact_date=date(2025, 3, 5), mode="video", minutes=30,
                                  note=CANARIES["supporter note"]))
    submit(ws, ReviewNote.new(practitioner_id="p07", author_id="lead1", period="2025-Q1",
                              text=CANARIES["review note"]))
    reflection = add_reflection(ws, "p07", area, "Structure held.")
    edit(ws, "reflections", reflection.entity_id, practitioner_id="p07", author_id="p07",
         edit_reason=CANARIES["edit reason"], answers={"what": "Structure held well."})
    labelled = add_practitioner(ws, "p08", reflections=1)
    edit(ws, "focus_areas", labelled.entity_id, practitioner_id="p08", author_id="p08",
         edit_reason="relabel", label=CANARIES["focus-area label"])
    from kit.model.records import JourneyStep
    submit(ws, JourneyStep.new(practitioner_id="p08", level="level_2", step="l2_session_2",
                               step_date=date(2025, 2, 1), note=CANARIES["journey note"]))
    add_practitioner(ws, "p09", text=f"{CANARIES['withdrawn practitioner']} and Nurture.")
    submit(ws, ResearchConsent.new(practitioner_id="p09", decision="withdrawn",
                                   decided_on=date(2025, 4, 2)))
    p01_area = ws.store.latest("focus_areas", "p01")[0]
    gone = add_reflection(ws, "p01", p01_area, f"{CANARIES['withdrawn record']} Structure.")
    withdraw(ws, "reflections", gone.entity_id, practitioner_id="p01", author_id="p01", reason="mine")
    add_reflection(ws, "p02", ws.store.latest("focus_areas", "p02")[0],
                   f"{CANARIES['private reflection']} Nurture.", visibility="private")
    submit(ws, NamesToHide.new(practitioner_id="p01", focus_area_id=p01_area.entity_id,
                               names=[CANARIES["name to hide"]]))
    add_reflection(ws, "p01", p01_area, "quillondra's Mum used Structure at bedtime.")
    add_reflection(ws, "p03", ws.store.latest("focus_areas", "p03")[0], "=1+2 Structure felt odd.")
    return ws
