"""Applying with a micro-project idea through the form also starts the licence timeline;
a licence has one micro-project, changed through its editor. On both backends
(tests/conftest.py): through the service, the application has a route of its own."""

from __future__ import annotations

from kit.capture.application import APPLIED_REASON
from kit.forms import open_application
from kit.model.dates import latest_today
from kit.model.places import DECIDE_LICENCE, EDIT_LICENCE
from kit.model.records import LicenceEvent, MicroProject


def _apply(open_view, title: str):
    view = open_view("licence_application")
    view.inputs["title"].value = title
    view.inputs["idea"].value = "Try a calmer start with Family A."
    view.inputs["project_type"].value = "T2"
    return view


def test_the_first_application_records_an_applied_licence_event(workspace, open_view) -> None:
    view = _apply(open_view, "Calmer mornings")
    assert view.save() is not None
    events = workspace.store.versions(LicenceEvent.TABLE, "p01")
    assert [(e.event, e.event_date, e.reason, e.author_id) for e in events] == [
        ("applied", latest_today(), APPLIED_REASON, "p01")]


def test_a_double_click_adds_no_second_applied_event(workspace, open_view) -> None:
    view = _apply(open_view, "Calmer mornings")
    view.save_button.click()
    view.save_button.click()
    assert len(workspace.store.versions(MicroProject.TABLE, "p01")) == 1
    assert [e.event for e in workspace.store.versions(LicenceEvent.TABLE, "p01")] == ["applied"]


def test_a_second_application_is_refused_and_points_to_the_editor(workspace, open_view) -> None:
    assert _apply(open_view, "Calmer mornings").save() is not None
    second = _apply(open_view, "A second idea")
    assert second.save() is None
    text = second.field_messages["title"].value
    assert "already has its micro-project ('Calmer mornings')" in text
    assert "Edit a saved entry" in text
    assert [p.title for p in workspace.store.latest(MicroProject.TABLE, "p01")] == ["Calmer mornings"]
    assert [e.event for e in workspace.store.versions(LicenceEvent.TABLE, "p01")] == ["applied"]


def test_after_the_licence_ends_a_new_application_starts_a_new_licence(workspace, open_view) -> None:
    assert _apply(open_view, "Calmer mornings").save() is not None
    workspace.store.write(LicenceEvent.new(practitioner_id="p01", event="ended",
                                           event_date=latest_today()))
    assert _apply(open_view, "A fresh idea").save() is not None
    events = sorted(workspace.store.versions(LicenceEvent.TABLE, "p01"), key=lambda e: e.created_at)
    assert [e.event for e in events] == ["applied", "ended", "applied"]


def test_an_application_with_problems_records_no_event(workspace, open_view) -> None:
    view = _apply(open_view, "x" * 201)
    assert view.save() is None
    assert workspace.store.versions(LicenceEvent.TABLE, "p01") == []


def test_the_application_takes_the_lead_and_link_from_the_profile_and_may_change_them(
        workspace, open_view) -> None:
    view = _apply(open_view, "Calmer mornings")
    assert (view.inputs["lead_id"].value, view.inputs["link_id"].value) == ("lead1", "link1")
    view.inputs["link_id"].value = None  # changeable: no Link for this micro-project
    assert view.save() is not None
    [project] = workspace.store.latest(MicroProject.TABLE, "p01")
    assert (project.lead_id, project.link_id) == ("lead1", None)


def test_the_licence_page_offers_the_application_only_while_one_is_possible(
        workspace, seen_by, act_as) -> None:
    act_as("p01")
    section = open_application(seen_by("p01"), "p01", debounce_seconds=60.0)
    assert section.form is not None and section.widget.children == (section.form.widget,)
    form = section.form
    form.inputs["title"].value = "Calmer mornings"
    form.inputs["idea"].value = "Try a calmer start with Family A."
    form.inputs["project_type"].value = "T2"
    assert form.save() is not None
    assert section.form is None and section.widget.children == (section.note,)  # at once
    note = section.note.value
    assert (f"You applied for the licence on {latest_today():%d/%m/%Y} with your micro-project "
            "'Calmer mornings'.") in note
    assert f"under '{DECIDE_LICENCE.section}' below" in note
    assert f"use '{EDIT_LICENCE.section}' below" in note
    reopened = open_application(seen_by("p01"), "p01", debounce_seconds=60.0)
    assert reopened.form is None and "You applied for the licence" in reopened.note.value
    section.stop_listening()
    reopened.stop_listening()


def test_after_the_licence_ends_the_page_offers_the_application_again(workspace) -> None:
    workspace.store.write(LicenceEvent.new(practitioner_id="p01", event="applied",
                                           event_date=latest_today()))
    assert open_application(workspace, "p01").form is None
    workspace.store.write(LicenceEvent.new(practitioner_id="p01", event="ended",
                                           event_date=latest_today()))
    section = open_application(workspace, "p01")
    assert section.form is not None
    assert section.form.inputs["lead_id"].value == "lead1"
