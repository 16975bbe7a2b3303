"""Live pages: a save refreshes every dependent list on the page; a fixed field's error clears.

On both backends (tests/conftest.py), except (``LOCAL_ONLY``) the saves this page did not
make, written straight into the folder by the same process: only a local workspace shares
this process's announcements; on a hub another person's save is in their own kernel.
"""

from __future__ import annotations

from kit.capture import events
from kit.capture.submit import edit, submit
from kit.forms import open_form
from kit.model.records import FocusArea

LOCAL_ONLY = ("test_saves_in_another_workspace_or_by_another_practitioner_change_nothing",
              "test_a_practitioner_who_leaves_a_lead_leaves_the_leads_picker")


def test_a_new_focus_area_is_at_once_in_the_other_forms_of_the_page(workspace, open_view, edit_view):
    add = open_view("focus_area", "p01")
    change = edit_view("focus_area", "p01")
    close = open_view("focus_area_close", "p01")
    reflect = open_view("reflection_rolfe", "p01")
    assert change.picker.options == ()
    add.inputs["label"].value = "Family B"
    add.inputs["focus_kind"].value = "family"
    assert add.save() is not None
    assert [label.split(" (saved")[0] for label, _ in change.picker.options] == ["Family B"]
    assert [label.split(" (saved")[0] for label, _ in close.picker.options] == ["Family B"]
    assert [label for label, _ in reflect.inputs["focus_area_ids"].options] == ["Family B"]


def test_a_focus_area_closed_in_one_form_leaves_the_change_form(workspace, make_focus_area,
                                                                open_view, edit_view):
    area = make_focus_area("p01", "Family A")
    change = edit_view("focus_area", "p01")
    change.picker.value = area.entity_id
    assert change.editing is not None
    close = open_view("focus_area_close", "p01")
    close.picker.value = area.entity_id
    close.inputs["edit_reason"].value = "The work ended."
    assert close.save() is not None
    assert change.picker.options == () and change.editing is None


def test_saves_in_another_workspace_or_by_another_practitioner_change_nothing(workspace, tmp_path,
                                                                             new_workspace):
    reflect = open_form("reflection_rolfe", workspace, "p01", debounce_seconds=60.0)
    other = new_workspace(tmp_path / "other")
    submit(other, FocusArea.new(practitioner_id="p01", label="Elsewhere", focus_kind="family",
                                opened_on="03/04/2025"), acting_user="p01")
    submit(workspace, FocusArea.new(practitioner_id="p02", label="Theirs", focus_kind="family",
                                    opened_on="03/04/2025"), acting_user="p02")
    assert reflect.inputs["focus_area_ids"].options == ()


def test_a_failing_listener_never_turns_a_save_into_an_error(workspace, open_view):
    def broken(_root, _table):
        raise RuntimeError("a page that cannot redraw")

    stop = events.listen(broken)
    try:
        add = open_view("focus_area", "p01")
        add.inputs["label"].value = "Family C"
        add.inputs["focus_kind"].value = "family"
        assert add.save() is not None
        assert "Saved" in add.status.value
    finally:
        stop()


def test_a_fields_error_clears_when_the_field_is_fixed(workspace, open_view):
    add = open_view("focus_area", "p01")
    assert add.save() is None
    assert add.field_messages["label"].value and add.field_messages["focus_kind"].value
    add.inputs["label"].value = "Family D"
    assert add.field_messages["label"].value == ""
    assert add.field_messages["focus_kind"].value, "the other field still has its problem"
    assert add.status.value, "the status stays while a field still has a problem"
    add.inputs["focus_kind"].value = "family"
    assert add.field_messages["focus_kind"].value == "" and add.status.value == ""


def test_a_field_still_wrong_keeps_its_message(workspace, open_view):
    add = open_view("focus_area", "p01")
    add.inputs["label"].value = "x" * 61
    assert add.save() is None
    add.inputs["label"].value = "y" * 62
    assert add.field_messages["label"].value, "still too long: the message stays"


def test_a_practitioner_who_leaves_a_lead_leaves_the_leads_picker(workspace):
    note = open_form("review_note", workspace, "lead1", debounce_seconds=60.0)
    assert "p01" in [value for _label, value in note.inputs["practitioner_id"].options]
    profile = workspace.store.latest("profiles", "p01")[0]
    edit(workspace, "profiles", profile.entity_id, practitioner_id="p01", author_id="p01",
         edit_reason="New lead", acting_user="p01", lead_id=None)
    assert "p01" not in [value for _label, value in note.inputs["practitioner_id"].options]
