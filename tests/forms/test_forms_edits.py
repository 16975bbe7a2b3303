"""Edits: pick an earlier record, change it, give a reason; a new version is
saved and the earlier one stays in the history and the tables."""

from __future__ import annotations

import pytest
from test_forms_save import CASES, IDS, Case

from kit.forms import EditorView
from kit.model.records import FocusArea, Reflection
from kit.tables.compiler import read_table

# What to change in each form's record when editing it: input id, new value, field, stored value.
CHANGES = {
    "licence_application": ("idea", "A calmer start, now with two families.", "idea", None),
    "focus_area": ("aim", "Fewer rushed mornings.", "aim", None),
    "journey_step": ("note", "Very useful.", "note", None),
    "support_contact": ("minutes", "50", "minutes", 50),
    "licence_decision": ("reason", "A busy term, and a house move.", "reason", None),
    "research_consent": ("decision", "withdrawn", "decision", None),
    "names_to_hide": ("names", "Jamie\nRiverside", "names", ["Jamie", "Riverside"]),
    "review_note": ("text", "Good use of the FOG idea; try the loops next.", "text", None),
}


def change_for(case: Case) -> tuple[str, object, str, object]:
    if case.form.startswith("reflection_"):
        prompt = next(key for key in case.good if key.startswith("answers."))
        text = "We tried a calmer start, twice."
        return prompt, text, "answers", {prompt.split(".", 1)[1]: text}
    input_id, value, name, stored = CHANGES[case.form]
    return input_id, value, name, value if stored is None else stored


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_an_edit_keeps_the_history(edit_view, case: Case, workspace, area, open_view, fill) -> None:
    view = open_view(case.form, case.user)
    fill(view, case.good, area.entity_id)
    first_path = view.save()
    assert first_path is not None
    first = workspace.store.read(first_path)

    editor = edit_view(case.form, case.user)
    labels = dict(editor.picker.options)
    assert first.entity_id in labels.values()
    editor.picker.value = first.entity_id
    input_id, value, name, stored = change_for(case)
    editor.inputs[input_id].value = value
    editor.inputs["edit_reason"].value = "Added what I left out."
    editor.save_button.click()
    assert "Saved at" in editor.status.value, editor.status.value

    history = workspace.store.history(case.model.TABLE, first.entity_id, case.practitioner)
    assert history[0].record_id == first.record_id
    assert len(history) == 2
    latest = history[-1]
    assert latest.supersedes == first.record_id
    assert latest.edit_reason == "Added what I left out."
    assert getattr(latest, name) == stored
    assert workspace.store.read(first_path) == first  # the earlier version is untouched
    for field in case.expect:
        if field != name:
            assert getattr(latest, field) == getattr(first, field), field


def test_the_earlier_version_stays_in_the_tables(edit_view, workspace, area, open_view) -> None:
    editor = edit_view("focus_area", "p01")
    editor.picker.value = area.entity_id
    editor.inputs["label"].value = "Family B"
    editor.inputs["edit_reason"].value = "Relabelled."
    assert editor.save() is not None
    every = read_table(workspace, "focus_areas", current_only=False)
    rows = every[every["entity_id"] == area.entity_id]
    assert sorted(rows["label"]) == ["Family A", "Family B"]
    assert rows.set_index("label")["is_latest"].to_dict() == {"Family A": False, "Family B": True}
    current = read_table(workspace, "focus_areas")
    assert list(current["label"]) == ["Family B"]


def test_an_edit_needs_a_reason(edit_view, workspace, area, messages) -> None:
    editor = edit_view("focus_area", "p01")
    editor.picker.value = area.entity_id
    editor.inputs["aim"].value = "Something new."
    assert editor.save() is None
    assert "why you are changing" in messages(editor)["edit_reason"]
    assert len(workspace.store.history(FocusArea.TABLE, area.entity_id, "p01")) == 1


def test_choosing_a_record_loads_it_into_the_form(edit_view, workspace, make_reflection) -> None:
    reflection = make_reflection("p01", answers={"so_what": "It mattered."}, tags=["fog"])
    editor = edit_view("reflection_rolfe", "p01")
    label = next(text for text, value in editor.picker.options if value == reflection.entity_id)
    assert label.startswith("03/04/2025 Family A")
    editor.picker.value = reflection.entity_id
    assert editor.inputs["answers.so_what"].value == "It mattered."
    assert editor.inputs["answers.what"].value == ""
    assert editor.inputs["tags"].value == ("fog",)
    assert editor.inputs["focus_area_ids"].value == tuple(reflection.focus_area_ids)


def test_an_editor_lists_only_its_own_template_and_user(edit_view, workspace, make_reflection) -> None:
    rolfe = make_reflection("p01")
    make_reflection("p01", template="gibbs", answers={"feelings": "Calm."})
    make_reflection("p02")
    editor = edit_view("reflection_rolfe", "p01")
    assert [value for _label, value in editor.picker.options] == [rolfe.entity_id]


def test_open_form_with_an_entity_edits_it(workspace, area, open_view) -> None:
    view = open_view("focus_area", edit_entity_id=area.entity_id)
    assert isinstance(view, EditorView)
    assert view.inputs["label"].value == "Family A"
    assert view.save_button.description == "Save new version"


def test_closing_a_focus_area_frees_its_place(workspace, make_focus_area, open_view,
                                              messages) -> None:
    areas = [make_focus_area("p01", label) for label in ("Family A", "Family B", "Topic C")]
    adding = open_view("focus_area")
    adding.inputs["label"].value = "Family D"
    adding.inputs["focus_kind"].value = "family"
    assert adding.save() is None
    assert "at most 3 active focus areas" in adding.status.value + str(messages(adding))

    closing = open_view("focus_area_close")
    assert len(closing.picker.options) == 3
    closing.picker.value = areas[0].entity_id
    closing.inputs["edit_reason"].value = "The work with this family has ended."
    assert closing.save() is not None
    closed = workspace.store.get(FocusArea.TABLE, areas[0].entity_id, "p01")
    assert (closed.status, closed.closed_on is not None) == ("closed", True)
    assert len(closing.picker.options) == 2  # the closed one is no longer offered
    assert closing.picker.value is None
    assert closing.editing is None
    assert "Saved at" in closing.status.value

    adding.inputs["label"].value = "Family E"
    assert adding.save() is not None
    reflect = open_view("reflection_rolfe")
    offered = {label for label, _value in reflect.inputs["focus_area_ids"].options}
    assert offered == {"Family B", "Topic C", "Family E"}


def test_an_edit_of_a_reflection_on_a_closed_area_keeps_the_area(
        edit_view, workspace, make_reflection, open_view) -> None:
    reflection = make_reflection("p01")
    closing = open_view("focus_area_close")
    closing.picker.value = reflection.focus_area_ids[0]
    closing.inputs["edit_reason"].value = "Ended."
    assert closing.save() is not None
    editor = edit_view("reflection_rolfe", "p01")
    editor.picker.value = reflection.entity_id
    assert editor.inputs["focus_area_ids"].value == tuple(reflection.focus_area_ids)
    editor.inputs["answers.now_what"].value = "Keep the calm start."
    editor.inputs["edit_reason"].value = "Added the next step."
    assert editor.save() is not None
    latest = workspace.store.get(Reflection.TABLE, reflection.entity_id, "p01")
    assert latest.answers["now_what"] == "Keep the calm start."


def test_an_editor_draft_comes_back_on_the_same_record(edit_view, workspace, make_focus_area) -> None:
    make_focus_area("p01", "Family A")
    second = make_focus_area("p01", "Family B")
    editor = edit_view("focus_area", "p01")
    editor.picker.value = second.entity_id
    editor.inputs["aim"].value = "Half-typed aim"
    editor.flush()
    again = edit_view("focus_area", "p01")
    assert again.picker.value == second.entity_id
    assert again.inputs["aim"].value == "Half-typed aim"
    assert "Draft restored from" in again.draft_notice.value


def test_a_double_click_in_an_editor_saves_one_version(edit_view, workspace, area) -> None:
    editor = edit_view("focus_area", "p01")
    editor.picker.value = area.entity_id
    editor.inputs["aim"].value = "Calmer mornings."
    editor.inputs["edit_reason"].value = "Added an aim."
    editor.save_button.click()
    editor.save_button.click()
    assert "Saved at" in editor.status.value
    assert len(workspace.store.history(FocusArea.TABLE, area.entity_id, "p01")) == 2


def test_a_fourth_focus_area_is_refused_in_words_that_speak_to_you(make_focus_area, open_view) -> None:
    """The cap is not about a field on the form: the status line has the sentence alone (it
    once read "Status: ... p01 already has 3")."""
    for label in ("Family A", "Family B", "Topic C"):
        make_focus_area("p01", label)
    adding = open_view("focus_area")
    adding.inputs["label"].value = "Family D"
    adding.inputs["focus_kind"].value = "family"
    assert adding.save() is None
    status = adding.status.value
    assert "Not saved: 1 problem. You already have 3 active focus areas (Family A, Family B, " \
           "Topic C)" in status
    assert "under 'Close a focus area' on the Focus areas page first" in status
    assert "Status:" not in status and "p01" not in status
