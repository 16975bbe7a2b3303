"""The review-note form: one note per practitioner and period (writing again is an edit of
the first), and never a period that has not started."""

from __future__ import annotations

from kit.capture.rules import SECOND_NOTE_REASON
from kit.model.records import ReviewNote


def _write(open_view, period: str, text: str):
    view = open_view("review_note", "lead1")
    view.inputs["practitioner_id"].value = "p01"
    view.inputs["period"].value = period
    view.inputs["text"].value = text
    return view


def test_writing_again_for_the_same_period_is_an_edit_of_the_first(workspace, open_view) -> None:
    assert _write(open_view, "2025-Q2", "A steady quarter.").save() is not None
    assert _write(open_view, "2025-Q2", "A steady quarter; the FOG lifted in June.").save() is not None
    [note] = workspace.store.latest(ReviewNote.TABLE, "p01")
    assert note.text == "A steady quarter; the FOG lifted in June."
    history = workspace.store.history(ReviewNote.TABLE, note.entity_id, "p01")
    assert [v.text for v in history] == ["A steady quarter.", note.text]
    assert history[-1].edit_reason == SECOND_NOTE_REASON
    assert _write(open_view, "2025-Q1", "Another period.").save() is not None
    assert len(workspace.store.latest(ReviewNote.TABLE, "p01")) == 2


def test_a_period_that_has_not_started_is_named_beside_the_field(workspace, open_view) -> None:
    view = _write(open_view, "2031-Q2", "Too early.")
    assert view.save() is None
    assert "2031-Q2 has not started yet" in view.field_messages["period"].value
    assert workspace.store.latest(ReviewNote.TABLE, "p01") == []


def test_the_note_forms_period_follows_the_reviews_period_box(workspace, open_view) -> None:
    """One period on the lead's page: the form starts at the box, follows it, and returns to
    it after a save clears the form (issue 21: the box said 2026-11, the form 2026-Q4)."""
    import ipywidgets as widgets

    from kit.forms.follow import follow_box

    box = widgets.Text(value="2025-Q3")
    view = open_view("review_note", "lead1")
    follow_box(box, view, "period")
    assert view.inputs["period"].value == "2025-Q3"
    box.value = "2025-11"
    assert view.inputs["period"].value == "2025-11"
    view.inputs["practitioner_id"].value = "p01"
    view.inputs["text"].value = "November went well."
    assert view.save() is not None
    [note] = workspace.store.latest(ReviewNote.TABLE, "p01")
    assert note.period == "2025-11"
    assert view.inputs["text"].value == "" and view.inputs["period"].value == "2025-11"
