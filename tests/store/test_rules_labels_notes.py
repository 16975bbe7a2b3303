"""Focus-area labels (no name to hide, no repeat of an active label) and review notes
(the current or an earlier period; one per practitioner and period)."""

from __future__ import annotations

from datetime import date

import pytest

from kit.capture import rules
from kit.capture.submit import edit, submit
from kit.errors import ValidationProblems
from kit.model.records import FocusArea, NamesToHide, ReviewNote

DAY = date(2025, 4, 3)
TODAY = date(2026, 12, 1)  # in 2026-Q4 and 2026-12


def _area(label: str, **fields) -> FocusArea:
    return FocusArea.new(practitioner_id="p01", label=label, focus_kind="family", opened_on=DAY,
                         **fields)


def _hide(workspace, area: FocusArea, *names: str) -> None:
    submit(workspace, NamesToHide.new(practitioner_id="p01", focus_area_id=area.entity_id,
                                      names=list(names)))


def _codes(caught: pytest.ExceptionInfo[ValidationProblems]) -> list[str]:
    return [problem.code for problem in caught.value.problems]


@pytest.mark.parametrize("label", ["Jordan Smith's family", "the SMITHS", "jordan", "Family of Jordan"])
def test_a_label_using_a_name_to_hide_is_refused(workspace, label: str) -> None:
    first = _area("Family A")
    submit(workspace, first)
    _hide(workspace, first, "Jordan", "Smith")
    with pytest.raises(ValidationProblems) as caught:
        submit(workspace, _area(label))
    assert _codes(caught) == ["label_uses_hidden_name"]
    assert "a name you asked to hide" in str(caught.value) and "Family A" in str(caught.value)


def test_a_label_that_only_contains_a_hidden_name_inside_a_word_is_fine(workspace) -> None:
    first = _area("Family A")
    submit(workspace, first)
    _hide(workspace, first, "Ann")
    submit(workspace, _area("Annual topic"))
    assert len(workspace.store.latest("focus_areas", "p01")) == 2


@pytest.mark.parametrize("label", ["Family A", "family a", "  Family   A "])
def test_repeating_an_active_label_is_refused(workspace, label: str) -> None:
    submit(workspace, _area("Family A"))
    with pytest.raises(ValidationProblems) as caught:
        submit(workspace, _area(label))
    assert _codes(caught) == ["duplicate_label"]
    assert "already have an active focus area called" in str(caught.value)


def test_a_closed_label_may_be_used_again_and_an_area_may_keep_its_own(workspace) -> None:
    old = _area("Family A")
    submit(workspace, old)
    edit(workspace, "focus_areas", old.entity_id, practitioner_id="p01", author_id="p01",
         edit_reason="aim changed", aim="Calmer mornings.")  # keeps its own label
    edit(workspace, "focus_areas", old.entity_id, practitioner_id="p01", author_id="p01",
         edit_reason="work ended", status="closed", closed_on=DAY)
    submit(workspace, _area("Family A"))
    submit(workspace, FocusArea.new(practitioner_id="p02", label="Family A", focus_kind="family",
                                    opened_on=DAY))  # another practitioner's labels are theirs
    mine = sorted((a.label, a.status) for a in workspace.store.latest("focus_areas", "p01"))
    assert mine == [("Family A", "active"), ("Family A", "closed")]
    assert [a.label for a in workspace.store.latest("focus_areas", "p02")] == ["Family A"]


def _note(period: str, practitioner: str = "p01", text: str = "A steady period.") -> ReviewNote:
    return ReviewNote.new(practitioner_id=practitioner, author_id="lead1", period=period, text=text)


@pytest.mark.parametrize("period", ["2026-Q4", "2026-12", "2026-Q3", "2025-01"])
def test_notes_about_the_current_or_an_earlier_period_are_fine(workspace, period: str) -> None:
    assert rules.review_note_problems(workspace.store, _note(period), today=TODAY) == []


@pytest.mark.parametrize("period", ["2027-Q1", "2027-01", "2031-Q2"])
def test_notes_about_a_period_that_has_not_started_are_refused(workspace, period: str) -> None:
    [problem] = rules.review_note_problems(workspace.store, _note(period), today=TODAY)
    assert (problem.field, problem.code) == ("period", "future_period")
    assert f"{period} has not started yet" in problem.message
    assert "the current period or an earlier one" in problem.message


def test_the_store_refuses_a_future_period_today(workspace) -> None:
    with pytest.raises(ValidationProblems, match="has not started yet"):
        submit(workspace, _note("2099-Q1"))


def test_one_note_per_practitioner_and_period_a_second_is_an_edit(workspace) -> None:
    first = _note("2026-Q3")
    submit(workspace, first)
    with pytest.raises(ValidationProblems) as caught:
        submit(workspace, _note("2026-Q3", text="Another note"))
    assert _codes(caught) == ["one_note_per_period"]
    assert "Change a review note you wrote" in str(caught.value)
    edit(workspace, "review_notes", first.entity_id, practitioner_id="p01", author_id="lead1",
         edit_reason="added a line", text="A steady period; more on the FOG next time.")
    submit(workspace, _note("2026-Q2"))
    submit(workspace, _note("2026-Q3", practitioner="p02"))
    notes = workspace.store.latest("review_notes")
    assert sorted((n.practitioner_id, n.period) for n in notes) == [
        ("p01", "2026-Q2"), ("p01", "2026-Q3"), ("p02", "2026-Q3")]
