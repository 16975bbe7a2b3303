"""Who is using a form: the current user, their own focus areas, and what they may write.

Tests that open forms with ``open_view``/``edit_view`` run on both backends (tests/conftest.py).
Local only: who the user is from kit.yaml, CANDLE_USER or JUPYTERHUB_USER (the local
backend's way; through the service the hub token decides, tests/hub), and the two faults
injected into this process's own store (``LOCAL_ONLY``; the service's refusals and a service
that is down are shown in the form by tests/forms/test_forms_remote.py).
"""

from __future__ import annotations

import pytest

from kit.capture.submit import edit
from kit.forms import open_editor, open_form
from kit.model.records import FocusArea, MicroProject, Profile, ReviewNote

LOCAL_ONLY = ("test_a_store_error_is_one_plain_line", "test_an_unexpected_error_never_shows_a_traceback")


def test_the_user_comes_from_the_workspace_settings(workspace) -> None:
    view = open_form("licence_decision", workspace)
    assert view.user_id == "p01"


def test_under_jupyterhub_the_hub_user_is_used(workspace, monkeypatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "p02")
    monkeypatch.setenv("CANDLE_WORKSPACE", str(workspace.root))
    view = open_form("licence_application")
    assert view.workspace.root == workspace.root
    view.inputs["title"].value = "Hub project"
    view.inputs["idea"].value = "An idea."
    view.inputs["project_type"].value = "T1"
    assert view.save() is not None
    assert [r.title for r in workspace.store.versions(MicroProject.TABLE, "p02")] == ["Hub project"]
    assert workspace.store.versions(MicroProject.TABLE, "p01") == []
    assert view.draft_file.parent.name == "p02"


def test_the_focus_area_picker_lists_only_my_active_areas(workspace, make_focus_area,
                                                          open_view) -> None:
    mine = make_focus_area("p01", "Family A")
    make_focus_area("p01", "Old topic", status="closed", closed_on="04/04/2025")
    make_focus_area("p02", "Someone else's family")
    for form in ("reflection_i_matter", "names_to_hide"):
        picker = open_view(form).inputs["focus_area_ids" if form != "names_to_hide"
                                       else "focus_area_id"]
        assert [value for _label, value in picker.options if value] == [mine.entity_id]


def test_a_form_without_focus_areas_says_what_to_do(workspace, open_view) -> None:
    view = open_view("reflection_rolfe")
    assert view.inputs["focus_area_ids"].options == ()
    assert "add one in the Focus areas notebook" in str(
        [child.value for child in view.fields["focus_area_ids"].box.children
         if hasattr(child, "value") and isinstance(child.value, str)])


def test_a_lead_picks_only_the_practitioners_they_support(workspace, open_view) -> None:
    lead = open_view("review_note", "lead1")
    assert [value for _label, value in lead.inputs["practitioner_id"].options] == ["p01", "p02"]
    practitioner = open_view("review_note", "p01")
    assert practitioner.inputs["practitioner_id"].options == ()
    assert practitioner.save() is None
    assert workspace.store.versions(ReviewNote.TABLE) == []


def test_a_lead_who_no_longer_supports_a_practitioner_is_refused(workspace, open_view) -> None:
    view = open_view("review_note", "lead1")
    view.inputs["practitioner_id"].value = "p01"
    view.inputs["text"].value = "A good quarter."
    view.stop_listening()  # the practitioner changes their profile in another kernel
    profile = workspace.store.latest(Profile.TABLE, "p01")[0]
    edit(workspace, Profile.TABLE, profile.entity_id, practitioner_id="p01", author_id="p01",
         edit_reason="New lead", acting_user="p01", lead_id=None)
    assert view.save() is None
    assert "not the lead practitioner of p01" in view.status.value
    assert "Traceback" not in view.status.value
    assert workspace.store.versions(ReviewNote.TABLE, "p01") == []


def test_someone_elses_record_cannot_be_opened_for_editing(workspace, make_focus_area, open_view) -> None:
    theirs = make_focus_area("p02", "Their family")
    view = open_view("focus_area", "p01", edit_entity_id=theirs.entity_id)
    assert view.editing is None
    assert "There is no focus_areas record" in view.status.value
    assert theirs.entity_id not in [value for _label, value in view.picker.options]
    assert view.save() is None
    assert len(workspace.store.history(FocusArea.TABLE, theirs.entity_id, "p02")) == 1


def test_a_lead_edits_only_their_own_review_notes(workspace, open_view, edit_view) -> None:
    view = open_view("review_note", "lead1")
    view.inputs["practitioner_id"].value = "p02"
    view.inputs["text"].value = "First note."
    path = view.save()
    assert path is not None
    note = workspace.store.read(path)
    assert [value for _l, value in edit_view("review_note", "lead1").picker.options
            ] == [note.entity_id]
    assert edit_view("review_note", "p02").picker.options == ()


@pytest.mark.parametrize("user", ["nobody", ""])
def test_an_unknown_user_is_a_clear_error(workspace, user, monkeypatch) -> None:
    from kit.errors import WorkspaceError

    monkeypatch.setenv("CANDLE_USER", user or "Not An Id")
    with pytest.raises(WorkspaceError, match="is not a person"):
        open_form("licence_decision", workspace)


def test_show_explains_instead_of_raising(workspace, monkeypatch, capsys) -> None:
    from kit.forms import show, show_editor

    monkeypatch.setenv("CANDLE_USER", "nobody")
    show("licence_decision", workspace=workspace)
    show_editor("focus_area", workspace=workspace)
    show("no_such_form", workspace=workspace)
    printed = capsys.readouterr().out
    assert printed.count("This form cannot be shown") == 3
    assert "Traceback" not in printed


def test_a_store_error_is_one_plain_line(workspace, open_view, monkeypatch) -> None:
    from kit.errors import StoreError

    def full(_record):
        raise StoreError("The disk holding the workspace is full, so this record was not saved.",
                         "Free some space and save again.")

    monkeypatch.setattr(workspace.store, "write", full)
    view = open_view("research_consent")
    view.inputs["decision"].value = "given"
    assert view.save() is None
    assert "Not saved. The disk holding the workspace is full" in view.status.value
    assert view.inputs["decision"].value == "given"


def test_an_unexpected_error_never_shows_a_traceback(workspace, open_view, monkeypatch) -> None:
    def broken(_record):
        raise RuntimeError("boom")

    monkeypatch.setattr(workspace.store, "write", broken)
    view = open_view("research_consent")
    view.inputs["decision"].value = "given"
    view.save_button.click()
    assert "something unexpected went wrong (boom)" in view.status.value
    assert "Traceback" not in view.status.value
    assert view.save_button.disabled is False


def test_a_user_the_workspace_does_not_know_cannot_open_a_form(workspace) -> None:
    from kit.errors import WorkspaceError

    with pytest.raises(WorkspaceError, match="'stranger' is not a person"):
        open_form("licence_decision", workspace, "stranger")
    with pytest.raises(WorkspaceError, match="'stranger' is not a person"):
        open_editor("focus_area", workspace, "stranger")
