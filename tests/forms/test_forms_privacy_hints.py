"""The gentle privacy hint beside free-text boxes: shown while typing, never a block for a
reflection; a focus-area label that uses a name to hide is refused by the store."""

from __future__ import annotations

from kit.capture.submit import submit
from kit.model.records import NamesToHide, Reflection

PLANTED = ("Met Quillondra's mum at Oakfield Primary; she gave me 07700 900123 and "
           "q.parent@example.org.")


def _hide(workspace, area, *names: str) -> None:
    submit(workspace, NamesToHide.new(practitioner_id="p01", focus_area_id=area.entity_id,
                                      names=list(names)))


def test_a_reflection_prompt_warns_about_a_planted_name_phone_and_email(workspace, area,
                                                                         open_view) -> None:
    _hide(workspace, area, "Quillondra")
    view = open_view("reflection_rolfe")
    box = view.inputs["answers.what"]
    box.value = PLANTED
    hint = view.privacy_hints.hints["answers.what"].value
    assert "&#x27;Quillondra&#x27; looks like a name you asked to hide" in hint
    assert "looks like a phone number" in hint and "looks like an email address" in hint
    assert "you can still save" in hint
    hint_widget = view.privacy_hints.hints["answers.what"]
    children = list(view.fields["answers"].box.children)
    assert children.index(hint_widget) == children.index(box) + 1  # right beside the box


def test_the_hint_clears_when_the_text_is_fixed(area, open_view) -> None:
    view = open_view("reflection_rolfe")
    view.inputs["answers.what"].value = "Call 07700 900123."
    assert view.privacy_hints.hints["answers.what"].value
    view.inputs["answers.what"].value = "Family A felt calmer; the FOG lifted."
    assert view.privacy_hints.hints["answers.what"].value == ""


def test_a_reflection_with_a_warning_still_saves(workspace, area, open_view, fill) -> None:
    _hide(workspace, area, "Quillondra")
    view = open_view("reflection_rolfe")
    fill(view, {"focus_area_ids": (area.entity_id,), "answers.what": PLANTED})
    assert view.privacy_hints.hints["answers.what"].value
    assert view.save() is not None
    [saved] = workspace.store.latest(Reflection.TABLE, "p01")
    assert saved.answers["what"] == PLANTED


def test_a_label_using_a_name_to_hide_is_warned_then_refused(workspace, area, open_view) -> None:
    _hide(workspace, area, "Jordan")
    view = open_view("focus_area")
    view.inputs["label"].value = "Jordan Smith's family"
    view.inputs["focus_kind"].value = "family"
    assert "a name you asked to hide" in view.privacy_hints.hints["label"].value
    assert view.save() is None
    assert "a name you asked to hide" in view.field_messages["label"].value
    assert [a.label for a in workspace.store.latest("focus_areas", "p01")] == ["Family A"]


def test_only_free_text_fields_get_a_hint(open_view) -> None:
    assert set(open_view("focus_area").privacy_hints.hints) == {"label", "aim"}
    assert open_view("review_note", "lead1").privacy_hints.hints == {}  # the lead's own notes
