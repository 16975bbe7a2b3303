"""What a form shows: labels, help and accessible descriptions on every input,
stable CSS classes for the browser test, and choices that follow each other.

The tests that save or refuse run on both backends (tests/conftest.py); the two that only
build widgets and save nothing stay local (``LOCAL_ONLY``): the backend plays no part in them.
"""

from __future__ import annotations

import pytest

from kit.forms import form_names, load_template
from kit.forms.messages import plain

LOCAL_ONLY = ("test_every_input_is_labelled_and_findable", "test_journey_steps_follow_the_level",
              "test_before_a_level_is_chosen_the_step_list_asks_for_it",
              "test_an_optional_choice_shows_not_set_or_nobody_never_a_blank",
              "test_a_rating_is_a_labelled_radio_group")


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


def test_before_a_level_is_chosen_the_step_list_asks_for_it(open_view) -> None:
    """It listed all 19 steps, one of them four times (a step that belongs to every level)."""
    view = open_view("journey_step")
    step = view.inputs["step"]
    assert list(step.options) == [("Choose the level first", None)]
    assert step.index == 0 and step.value is None
    view.inputs["level"].value = "level_1"
    labels = [label for label, _value in step.options]
    assert labels and len(labels) == len(set(labels))
    view.inputs["level"].value = None
    assert list(step.options) == [("Choose the level first", None)]


def shown_choice(widget) -> str | None:
    """The label a Dropdown shows (None: a blank box)."""
    return None if widget.index is None else widget.options[widget.index][0]


def test_an_optional_choice_shows_not_set_or_nobody_never_a_blank(open_view) -> None:
    profile = open_view("my_profile")
    assert profile.inputs["journey_level"].value is None
    assert shown_choice(profile.inputs["journey_level"]) == "Not set"
    assert shown_choice(profile.inputs["lead_id"]) == "Lead One"
    profile.set_values({"lead_id": None})
    assert shown_choice(profile.inputs["lead_id"]) == "(nobody)"
    contact = open_view("support_contact")  # a required choice stays empty until chosen
    assert shown_choice(contact.inputs["mode"]) is None


def test_a_rating_is_a_labelled_radio_group(open_view) -> None:
    view = open_view("reflection_i_matter")
    rating = view.inputs["self_understanding"]
    assert type(rating).__name__ == "RatingGroup"
    assert rating.description == "My understanding (1-5)"  # the group's name
    assert "radiogroup" in rating._esm and "aria-labelledby" in rating._esm
    assert [label for label, _value in rating.options] == ["Not set", "1", "2", "3", "4", "5"]
    assert rating.value is None
    rating.value = 4
    assert view.values()["self_understanding"] == 4
    view.set_values({"self_understanding": 9})  # a value that no longer fits is dropped
    assert rating.value is None


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
