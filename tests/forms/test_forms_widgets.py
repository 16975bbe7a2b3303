"""What a form shows: labels, help and accessible descriptions on every input,
stable CSS classes for the browser test, and choices that follow each other.

The tests that save or refuse run on both backends (tests/conftest.py); the two that only
build widgets and save nothing stay local (``LOCAL_ONLY``): the backend plays no part in them.
"""

from __future__ import annotations

import pytest

from kit.forms import form_names, load_template
from kit.forms.messages import plain

LOCAL_ONLY = ("test_every_input_is_labelled_and_findable", "test_journey_steps_follow_the_level")


@pytest.mark.parametrize("name", form_names())
def test_every_input_is_labelled_and_findable(name: str, workspace, area, open_view) -> None:
    user = "lead1" if name == "review_note" else "p01"
    view = open_view(name, user)
    template = load_template(name)
    expected = {spec.id for spec in template.fields if spec.type != "prompts"}
    expected |= {f"answers.{p.id}" for p in template.prompts()}
    if template.editor_only:
        expected.add("edit_reason")
    assert set(view.inputs) == expected
    for input_id, widget in view.inputs.items():
        assert widget.description.strip(), input_id
        assert widget.description_allow_html is False, input_id
        assert widget.tooltip, input_id
        css = input_id.replace(".", "-").replace("_", "-")
        assert f"candle-field-{css}" in widget._dom_classes, input_id
    assert set(view.field_messages) >= {spec.id for spec in template.fields}
    assert "candle-save" in view.save_button._dom_classes
    assert "candle-status" in view.status._dom_classes
    assert "candle-draft-notice" in view.draft_notice._dom_classes
    assert "candle-discard-draft" in view.discard_draft_button._dom_classes
    assert view.save_button.description.startswith("Save")
    shown = " ".join(getattr(child, "value", "") for child in _walk(view.widget)
                     if isinstance(getattr(child, "value", None), str))
    for spec in template.fields:
        assert spec.help in shown, spec.id


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_journey_steps_follow_the_level(open_view) -> None:
    view = open_view("journey_step")
    view.inputs["level"].value = "level_3"
    steps = [value for _label, value in view.inputs["step"].options]
    assert "l3_module" in steps
    assert all(step.startswith("l3_") for step in steps)
    view.inputs["step"].value = "l3_module"
    view.inputs["level"].value = "level_1"
    assert view.inputs["step"].value is None
    assert "l1_foundations" in [value for _label, value in view.inputs["step"].options]


def test_a_too_long_answer_names_its_prompt(area, open_view, messages) -> None:
    view = open_view("reflection_rolfe")
    view.inputs["focus_area_ids"].value = (area.entity_id,)
    view.inputs["answers.so_what"].value = "x" * 20_001
    assert view.save() is None
    assert messages(view)["answers"] == (
        "<span role='alert' style='color:#b00020'>Your answer to 'So what?': "
        "this is too long: keep it to 20000 characters or fewer (it has 20001).</span>")


def test_template_limits_are_checked_by_the_form(open_view, messages) -> None:
    view = open_view("support_contact")
    view.inputs["minutes"].value = "700"
    view.inputs["supporter_id"].value = "lead1"
    view.inputs["supporter_role"].value = "lead"
    view.inputs["mode"].value = "video"
    assert view.save() is None
    assert messages(view) == {"minutes": "<span role='alert' style='color:#b00020'>Use 600 or less.</span>"}


@pytest.mark.parametrize(("message", "expected"), [
    ("List should have at least 1 item after validation, not 0", "choose at least one"),
    ("String should have at most 60 characters", "this is too long: keep it to 60 characters or fewer"),
    ("Input should be greater than or equal to 1", "use 1 or more"),
    ("Input should be 'lead' or 'private'", "choose one of the options"),
    ("03/04/2099 is in the future; use today's date or earlier",
     "03/04/2099 is in the future; use today's date or earlier"),
])
def test_messages_are_plain(message: str, expected: str) -> None:
    assert plain(message) == expected


def test_a_draft_timer_that_fires_after_saving_writes_nothing(area, granted, open_view) -> None:
    view = open_view("licence_decision")
    view.inputs["event"].value = "paused"
    view.inputs["reason"].value = "A busy term."
    assert view.save() is not None
    view.drafts.debouncer.pending = True  # as if the timer fired while Save was running
    view.flush()
    assert not view.draft_file.exists()
