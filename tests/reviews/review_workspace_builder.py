"""The small review workspace the review tests share: four practitioners, two leads.

- p01 (lead1): active; two reflections shared with the lead in 2026-Q3, one in Q2,
  one *private* in Q3; self-ratings; journey steps, a support contact, a shared and
  an unshared lead's note.
- p02 (lead1): active since 20/10/2025, so due to renew at the end of 2026-Q3.
- p03 (lead1): paused in August 2026; no reflections in 2026-Q3 (one in Q2).
- p04 (lead2): supported by someone else; must never appear in lead1's reviews.

Every reflection carries a unique planted string, ``PLANT-<id>-<n>``; private
ones carry ``PRIVATE-<id>``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kit.capture.submit import submit
from kit.model.records import (
    FocusArea,
    JourneyStep,
    LicenceEvent,
    MicroProject,
    Profile,
    Reflection,
    ReviewNote,
    SupportContact,
)
from kit.store.workspace import Person, Settings, Workspace

PERIOD = "2026-Q3"
LEADS = {"p01": "lead1", "p02": "lead1", "p03": "lead1", "p04": "lead2"}


def review_settings() -> Settings:
    """Four practitioners, two leads, a link."""
    people = [Person(id=pid, name=f"Practitioner {pid}", kinds=["practitioner"]) for pid in LEADS]
    people += [Person(id="lead1", name="Lead One", kinds=["lead"]),
               Person(id="lead2", name="Lead Two", kinds=["lead"]),
               Person(id="link1", name="Link One", kinds=["link"])]
    return Settings(name="Review tests", current_user="lead1", people=people)


def plant(pid: str, number: int) -> str:
    """The unique string planted in practitioner ``pid``'s reflection ``number``."""
    return f"PLANT-{pid}-{number}"


def _licence(ws: Workspace, pid: str, *events: tuple[str, date]) -> None:
    for event, day in events:
        submit(ws, LicenceEvent.new(practitioner_id=pid, event=event, event_date=day))


def _reflect(ws: Workspace, pid: str, area: str, day: date, text: str, **fields: object) -> None:
    submit(ws, Reflection.new(practitioner_id=pid, focus_area_ids=[area], reflection_date=day,
                              template="rolfe", answers={"what": text, "now_what": "Next step."},
                              **fields))


def build_review_workspace(root: Path) -> Workspace:
    """The workspace described in this module's docstring."""
    ws = Workspace.create(root, review_settings())
    for pid, lead in LEADS.items():
        submit(ws, Profile.new(practitioner_id=pid, display_name=f"Practitioner {pid}",
                               role="mini_candle_practitioner", stage="trainee", lead_id=lead,
                               link_id="link1"))
        submit(ws, MicroProject.new(practitioner_id=pid, title=f"Project of {pid}",
                                    idea="Calmer mornings.", project_type="T2"))
    areas = {}
    for pid in LEADS:
        area = FocusArea.new(practitioner_id=pid, label="Family A", focus_kind="family",
                             opened_on=date(2026, 2, 1))
        topic = FocusArea.new(practitioner_id=pid, label="Y5 nurture group", focus_kind="topic",
                              opened_on=date(2026, 2, 1))
        submit(ws, area)
        submit(ws, topic)
        areas[pid] = (area.entity_id, topic.entity_id)
    _licence(ws, "p01", ("applied", date(2026, 1, 5)), ("active", date(2026, 1, 19)))
    _licence(ws, "p02", ("applied", date(2025, 10, 6)), ("active", date(2025, 10, 20)))
    _licence(ws, "p03", ("applied", date(2026, 1, 5)), ("active", date(2026, 1, 19)),
             ("paused", date(2026, 8, 1)))
    _licence(ws, "p04", ("applied", date(2026, 1, 5)), ("active", date(2026, 1, 19)))
    _reflect(ws, "p01", areas["p01"][0], date(2026, 7, 14), plant("p01", 1),
             tags=["structure", "fog"], self_understanding=3, self_confidence=2)
    _reflect(ws, "p01", areas["p01"][1], date(2026, 8, 20), plant("p01", 2), tags=["nurture"],
             self_confidence=4)
    _reflect(ws, "p01", areas["p01"][0], date(2026, 5, 2), plant("p01", 3))
    _reflect(ws, "p01", areas["p01"][0], date(2026, 8, 21), "PRIVATE-p01 only for me",
             visibility="private", tags=["storms"])
    _reflect(ws, "p02", areas["p02"][0], date(2026, 9, 3), plant("p02", 1), tags=["structure"])
    _reflect(ws, "p03", areas["p03"][1], date(2026, 4, 10), plant("p03", 1))
    _reflect(ws, "p04", areas["p04"][0], date(2026, 7, 30), plant("p04", 1), tags=["fog"])
    submit(ws, JourneyStep.new(practitioner_id="p01", level="level_2", step="l2_session_1",
                               step_date=date(2026, 7, 2)))
    submit(ws, JourneyStep.new(practitioner_id="p01", level="level_2", step="l2_session_2",
                               step_date=date(2026, 3, 2)))
    submit(ws, SupportContact.new(practitioner_id="p01", supporter_id="lead1",
                                  supporter_role="lead", contact_date=date(2026, 8, 5),
                                  mode="video", minutes=45, note="NOTE-contact-p01"))
    submit(ws, ReviewNote.new(practitioner_id="p01", author_id="lead1", period=PERIOD,
                              text="LEADNOTE-p01 good steady quarter"))
    submit(ws, ReviewNote.new(practitioner_id="p01", author_id="lead1", period="2026-08",
                              text="SECRETNOTE-p01 for my eyes only", shared=False))
    return ws
