"""Date boxes read and write day first (01/12/2026), whatever the browser's locale."""

from __future__ import annotations

from datetime import date

from kit.forms.date_box import DayFirstDate, read_date
from kit.model.dates import today
from kit.model.records import JourneyStep


def test_a_date_put_in_shows_day_first_and_iso_text_too() -> None:
    box = DayFirstDate()
    box.value = date(2026, 12, 1)
    assert box.value == "01/12/2026"
    box.value = "2026-02-03"
    assert box.value == "03/02/2026"
    assert "day/month/year" in box.placeholder


def test_typed_text_is_read_day_first_or_explained() -> None:
    assert read_date("03/04/2025") == (date(2025, 4, 3), "")
    assert read_date("  ") == (None, "")
    day, problem = read_date("31/02/2026")
    assert day is None and "not a real date" in problem


def test_a_form_starts_with_today_day_first_and_saves_what_was_typed(workspace, open_view,
                                                                     fill) -> None:
    view = open_view("journey_step")
    assert view.inputs["step_date"].value == f"{today():%d/%m/%Y}"
    fill(view, {"level": "level_1", "step_date": "03/04/2025"})
    view.inputs["step"].value = view.inputs["step"].options[-1][1]
    assert view.save() is not None
    [step] = workspace.store.latest(JourneyStep.TABLE, "p01")
    assert step.step_date == date(2025, 4, 3)


def test_a_bad_date_is_named_beside_its_field_and_nothing_is_saved(workspace, open_view) -> None:
    view = open_view("journey_step")
    view.inputs["step_date"].value = "12/31/2025"  # month first: there is no month 31
    assert view.save() is None
    assert "not a real date" in view.field_messages["step_date"].value
    assert workspace.store.latest(JourneyStep.TABLE, "p01") == []
