"""Builders for research tests: a workspace of consenting practitioners, made with kit.capture.submit."""

from __future__ import annotations

from datetime import date
from typing import Any

from kit.capture.submit import submit
from kit.model.records import FocusArea, JourneyStep, Profile, Reflection, ResearchConsent
from kit.store.workspace import Person, Settings, Workspace

EXPORT_DATE = date(2025, 6, 1)
PRACTITIONERS = tuple(f"p{i:02d}" for i in range(1, 7))


def research_settings(extra: tuple[str, ...] = ()) -> Settings:
    """Six practitioners (plus ``extra``), a lead and a link."""
    people = [Person(id=pid, name=f"Person {pid}", kinds=["practitioner"])
              for pid in (*PRACTITIONERS, *extra)]
    people += [Person(id="lead1", name="Lead One", kinds=["lead"]),
               Person(id="link1", name="Link One", kinds=["link"])]
    return Settings(name="Research test", current_user="lead1", people=people)


def add_practitioner(ws: Workspace, pid: str, consent: str | None = "given",
                     decided_on: date = date(2025, 1, 10), reflections: int = 2,
                     text: str = "Structure helped; Mum noticed the FOG lift.",
                     lead_id: str | None = "lead1") -> FocusArea:
    """A practitioner with a profile, a focus area, a Level 2 step, consent and reflections."""
    submit(ws, Profile.new(practitioner_id=pid, display_name=f"Display {pid}",
                           role="mini_candle_practitioner", stage="trainee", lead_id=lead_id))
    area = FocusArea.new(practitioner_id=pid, label="Family A", focus_kind="family",
                         opened_on=date(2025, 2, 1))
    submit(ws, area)
    submit(ws, JourneyStep.new(practitioner_id=pid, level="level_2", step="l2_session_1",
                               step_date=date(2025, 1, 15)))
    if consent:
        submit(ws, ResearchConsent.new(practitioner_id=pid, decision=consent, decided_on=decided_on))
    for day in range(reflections):
        add_reflection(ws, pid, area, text, reflection_date=date(2025, 3, 3 + day))
    return area


def add_reflection(ws: Workspace, pid: str, area: FocusArea, text: str, **fields: Any) -> Reflection:
    """A Rolfe reflection with ``text`` as its 'what' answer."""
    values: dict[str, Any] = {"reflection_date": date(2025, 3, 20), "template": "rolfe",
                              "tags": ["structure"], **fields}
    reflection = Reflection.new(practitioner_id=pid, focus_area_ids=[area.entity_id],
                                answers={"what": text}, **values)
    submit(ws, reflection)
    return reflection


CANARIES = {
    "display name": "Canarydisplay",
    "organisation": "Canaryorganisation",
    "supporter note": "Canarysupportnote",
    "review note": "Canaryreviewnote",
    "edit reason": "Canaryeditreason",
    "focus-area label": "Canarylabel",
    "journey note": "Canaryjourneynote",
    "withdrawn practitioner": "Canarywithdrawnperson",
    "withdrawn record": "Canarywithdrawnrecord",
    "private reflection": "Canaryprivate",
    "name to hide": "Quillondra",
}
