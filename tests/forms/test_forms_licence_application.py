"""Applying with a micro-project idea through the form also starts the licence timeline."""

from __future__ import annotations

from kit.capture.licence import APPLIED_REASON
from kit.forms import open_form
from kit.model.dates import latest_today
from kit.model.records import LicenceEvent, MicroProject


def _apply(workspace, title: str):
    view = open_form("licence_application", workspace)
    view.inputs["title"].value = title
    view.inputs["idea"].value = "Try a calmer start with Family A."
    view.inputs["project_type"].value = "T2"
    return view


def test_the_first_application_records_an_applied_licence_event(workspace) -> None:
    view = _apply(workspace, "Calmer mornings")
    assert view.save() is not None
    events = workspace.store.versions(LicenceEvent.TABLE, "p01")
    assert [(e.event, e.event_date, e.reason, e.author_id) for e in events] == [
        ("applied", latest_today(), APPLIED_REASON, "p01")]


def test_a_double_click_and_a_second_project_add_no_second_applied_event(workspace) -> None:
    view = _apply(workspace, "Calmer mornings")
    view.save_button.click()
    view.save_button.click()
    _apply(workspace, "A second idea").save()
    assert len(workspace.store.versions(MicroProject.TABLE, "p01")) == 2
    assert [e.event for e in workspace.store.versions(LicenceEvent.TABLE, "p01")] == ["applied"]


def test_a_licence_with_events_already_gets_no_new_applied_event(workspace) -> None:
    workspace.store.write(LicenceEvent.new(practitioner_id="p01", event="active",
                                           event_date="01/02/2026"))
    assert _apply(workspace, "Later project").save() is not None
    assert [e.event for e in workspace.store.versions(LicenceEvent.TABLE, "p01")] == ["active"]


def test_an_application_with_problems_records_no_event(workspace) -> None:
    view = _apply(workspace, "x" * 201)
    assert view.save() is None
    assert workspace.store.versions(LicenceEvent.TABLE, "p01") == []
