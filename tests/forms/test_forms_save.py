"""Every form: good values are stored as one record; bad values are shown beside
their field and store nothing; a draft comes back when the form is made again.

On both backends (tests/conftest.py), except (``LOCAL_ONLY``) the bad values: the form finds
those itself before anything is sent, the same on both; the service's own refusals shown by
field are in tests/forms/test_forms_licence_application.py and test_forms_edits.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest

from kit.forms import form_names
from kit.model.records import FocusArea as FocusAreaRecord
from kit.model.records import JourneyStep as JourneyStepRecord
from kit.model.records import (
    LicenceEvent,
    MicroProject,
    NamesToHide,
    Reflection,
    ResearchConsent,
    ReviewNote,
    SupportContact,
)

DAY = date(2025, 4, 3)
GRANTED_REASON = "(test set-up: p01's licence was granted)"  # as in conftest.grant_licence
FUTURE = date.today() + timedelta(days=400)
AREA = "@area"  # stands for the id of p01's focus area (see conftest.fill)
LOCAL_ONLY = ("test_bad_values_show_beside_their_field_and_store_nothing",)


@dataclass
class Case:
    """How to fill one form well and badly, and what should come of it."""

    form: str
    model: type
    good: dict[str, Any]
    expect: dict[str, Any]
    bad: dict[str, Any]
    bad_messages: dict[str, str]
    user: str = "p01"
    practitioner: str = "p01"
    extra: dict[str, Any] = field(default_factory=dict)


def reflection_case(template: str, prompt: str) -> Case:
    return Case(
        form=f"reflection_{template}", model=Reflection,
        good={"reflection_date": DAY, "focus_area_ids": (AREA,),
              f"answers.{prompt}": "  We tried a calmer start.  ", "tags": ("structure", "fog"),
              "self_confidence": 4, "visibility": "private", "referred_on": True},
        expect={"reflection_date": DAY, "template": template,
                "answers": {prompt: "We tried a calmer start."}, "tags": ["structure", "fog"],
                "self_confidence": 4, "self_understanding": None, "visibility": "private",
                "referred_on": True},
        bad={"focus_area_ids": (), "reflection_date": FUTURE},
        bad_messages={"focus_area_ids": "Choose at least one", "answers": "at least one prompt",
                      "reflection_date": "in the future"},
    )


CASES = [
    Case("licence_application", MicroProject,
         good={"title": "Calmer mornings", "idea": "Try a calmer start with Family A.",
               "project_type": "T2", "lead_id": "lead1"},
         expect={"title": "Calmer mornings", "project_type": "T2", "lead_id": "lead1",
                 "link_id": "link1"},  # the Link comes from the profile unless changed
         bad={"title": "x" * 201, "idea": "   "},
         bad_messages={"title": "200 characters or fewer", "idea": "required",
                       "project_type": "Choose one"}),
    Case("focus_area", FocusAreaRecord,
         good={"label": "Y5 nurture group", "focus_kind": "topic", "opened_on": DAY},
         expect={"label": "Y5 nurture group", "focus_kind": "topic", "status": "active",
                 "opened_on": DAY, "aim": ""},
         bad={"label": "x" * 61, "opened_on": None},
         bad_messages={"label": "60 characters or fewer", "focus_kind": "Choose one",
                       "opened_on": "Choose a date"}),
    reflection_case("i_matter", "where_fog"),
    reflection_case("gibbs", "feelings"),
    reflection_case("rolfe", "so_what"),
    reflection_case("nuggets", "nugget"),
    Case("journey_step", JourneyStepRecord,
         good={"level": "level_2", "step": "l2_check_in", "step_date": DAY, "note": "Useful."},
         expect={"level": "level_2", "step": "l2_check_in", "step_date": DAY, "note": "Useful."},
         bad={"level": "level_1", "step_date": FUTURE},
         bad_messages={"step": "Choose one", "step_date": "in the future"}),
    Case("support_contact", SupportContact,
         good={"supporter_id": "lead1", "supporter_role": "lead", "contact_date": DAY,
               "mode": "video", "minutes": " 45 "},
         expect={"supporter_id": "lead1", "supporter_role": "lead", "mode": "video",
                 "minutes": 45, "contact_date": DAY},
         bad={"supporter_id": "link1", "minutes": "about an hour"},
         bad_messages={"minutes": "not a whole number", "supporter_role": "Choose one",
                       "mode": "Choose one"}),
    Case("licence_decision", LicenceEvent,
         good={"event": "paused", "event_date": DAY, "reason": "A busy term at school."},
         expect={"event": "paused", "event_date": DAY, "reason": "A busy term at school."},
         bad={"event": "renewed", "event_date": FUTURE, "reason": ""},
         bad_messages={"reason": "required", "event_date": "more than 92 days ahead"}),
    Case("research_consent", ResearchConsent,
         good={"decision": "given", "decided_on": DAY},
         expect={"decision": "given", "decided_on": DAY, "purpose": "research"},
         bad={"decided_on": None},
         bad_messages={"decision": "Choose one", "decided_on": "Choose a date"}),
    Case("names_to_hide", NamesToHide,
         good={"focus_area_id": AREA, "names": "Jamie\n\n  Oakfield Primary \nLeeds"},
         expect={"names": ["Jamie", "Oakfield Primary", "Leeds"]},
         bad={"focus_area_id": AREA, "names": "Jamie\nJ"},
         bad_messages={"names": "at least 2 characters"}),
    Case("review_note", ReviewNote, user="lead1", practitioner="p02",
         good={"practitioner_id": "p02", "period": "2025-Q1", "text": "Good use of the FOG idea.",
               "shared": False},
         expect={"period": "2025-Q1", "text": "Good use of the FOG idea.", "shared": False,
                 "author_id": "lead1"},
         bad={"practitioner_id": "p02", "period": "spring 2025", "text": ""},
         bad_messages={"period": "not in the form asked for", "text": "required"}),
]
IDS = [case.form for case in CASES]


def test_every_form_has_a_case() -> None:
    editor_only = {"focus_area_close"}  # tested with the other edits
    editor_only.add("my_profile")  # one profile each, changed in place: tests/forms/test_forms_profile.py
    assert sorted({*IDS, *editor_only}) == form_names()


def stored(workspace, case: Case, area) -> list:
    """The records this form stored (the fixtures' focus area and licence left out)."""
    return [r for r in workspace.store.versions(case.model.TABLE, case.practitioner)
            if r.entity_id != area.entity_id and getattr(r, "reason", "") != GRANTED_REASON]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_save_stores_one_record(case: Case, workspace, area, open_view, fill) -> None:
    view = open_view(case.form, case.user)
    fill(view, case.good, area.entity_id)
    view.save_button.click()
    assert "Saved at" in view.status.value, view.status.value
    records = stored(workspace, case, area)
    assert len(records) == 1
    record = records[0]
    assert record.practitioner_id == case.practitioner
    assert record.author_id == case.user
    for name, value in case.expect.items():
        assert getattr(record, name) == value, name
    if "focus_area_ids" in case.good:
        assert record.focus_area_ids == [area.entity_id]
    if "focus_area_id" in case.good:
        assert record.focus_area_id == area.entity_id


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_bad_values_show_beside_their_field_and_store_nothing(
        case: Case, workspace, area, open_view, fill, messages) -> None:
    view = open_view(case.form, case.user)
    fill(view, case.bad, area.entity_id)
    assert view.save() is None
    shown = messages(view)
    for name, text in case.bad_messages.items():
        assert text in shown.get(name, ""), (name, shown)
    assert "Not saved" in view.status.value
    assert "Traceback" not in view.status.value
    assert stored(workspace, case, area) == []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_draft_is_restored_when_the_form_is_made_again(
        case: Case, workspace, area, open_view, fill) -> None:
    view = open_view(case.form, case.user)
    fill(view, case.good, area.entity_id)
    view.flush()
    assert view.draft_file.is_file()
    again = open_view(case.form, case.user)
    assert "Draft restored from" in again.draft_notice.value
    assert again.draft_bar.layout.display != "none"
    assert again.values() == view.values()
    again.save_button.click()
    assert "Saved at" in again.status.value
    assert not again.draft_file.exists()
    assert len(stored(workspace, case, area)) == 1


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_double_click_stores_one_record(case: Case, workspace, area, open_view, fill) -> None:
    view = open_view(case.form, case.user)
    fill(view, case.good, area.entity_id)
    view.save_button.click()
    view.save_button.click()
    assert "Saved at" in view.status.value
    assert len(stored(workspace, case, area)) == 1
