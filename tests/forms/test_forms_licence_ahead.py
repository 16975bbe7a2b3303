"""The licence decision form dated ahead, on both backends (tests/conftest.py): a decision to
continue, pause or renew up to 92 days after today is saved and leaves the licence as it is
until then; further ahead, or an end dated tomorrow, is refused beside the date; a planned
decision is the latest step (refused before it, through the service too) and is changed
through the editor."""

from __future__ import annotations

from datetime import date, timedelta

from kit.capture import licence as licence_store
from kit.forms.template import load_template
from kit.model import licence
from kit.model.dates import latest_today
from kit.model.records import LicenceEvent
from kit.views import learning

TODAY = latest_today()


def _decide(open_view, event: str, day: date):
    view = open_view("licence_decision")
    view.inputs["event"].value = event
    view.inputs["event_date"].value = day
    view.inputs["reason"].value = "The summer holidays."
    return view


def _decisions(workspace) -> list[tuple[str, date]]:
    records = workspace.store.latest(LicenceEvent.TABLE, "p01")
    return sorted((r.event, r.event_date) for r in records if r.event not in ("applied", "active"))


def test_the_help_says_how_far_ahead_in_plain_words() -> None:
    [date_field] = [f for f in load_template("licence_decision").fields if f.id == "event_date"]
    assert "up to 92 days ahead; until then your licence stays as it is" in " ".join(date_field.help.split())


def test_a_pause_92_days_ahead_is_saved_and_the_licence_stays_active(
        workspace, granted, open_view, seen_by) -> None:
    pause = TODAY + timedelta(days=licence.FUTURE_WINDOW_DAYS)
    view = _decide(open_view, "paused", pause)
    assert view.save() is not None, view.status.value
    assert _decisions(workspace) == [("paused", pause)]
    summary = learning.summary(seen_by("p01"), "p01")
    assert summary.licence_status == f"active (paused from {pause:%d %b %Y})"


def test_93_days_ahead_is_refused_beside_the_date(workspace, granted, open_view, messages) -> None:
    view = _decide(open_view, "renewed", TODAY + timedelta(days=93))
    assert view.save() is None
    latest = TODAY + timedelta(days=92)
    assert f"the latest date allowed is {latest:%d/%m/%Y}" in messages(view)["event_date"]
    assert _decisions(workspace) == []


def test_an_end_dated_tomorrow_is_refused_beside_the_date(workspace, granted, open_view,
                                                          messages) -> None:
    view = _decide(open_view, "ended", TODAY + timedelta(days=1))
    assert view.save() is None
    assert "only a decision to pause, continue or renew may be dated ahead" in messages(view)["event_date"]
    assert _decisions(workspace) == []


def test_a_second_pause_before_the_planned_one_is_refused(workspace, granted, open_view,
                                                         messages) -> None:
    pause = TODAY + timedelta(days=40)
    assert _decide(open_view, "paused", pause).save() is not None
    again = _decide(open_view, "paused", TODAY + timedelta(days=10))
    assert again.save() is None
    shown = messages(again)
    assert f"planned to be paused from {pause:%d/%m/%Y}" in shown["event_date"]
    assert "You cannot pause it" in shown["event"]
    assert _decisions(workspace) == [("paused", pause)]


def test_a_planned_decision_is_changed_in_the_editor(workspace, granted, open_view,
                                                      edit_view) -> None:
    first = _decide(open_view, "paused", TODAY + timedelta(days=30))
    saved = workspace.store.read(first.save())
    editor = edit_view("licence_decision")
    editor.picker.value = saved.entity_id
    later = TODAY + timedelta(days=60)
    editor.inputs["event_date"].value = later
    editor.inputs["event"].value = "renewed"
    editor.inputs["edit_reason"].value = "I will renew after the holidays instead."
    editor.save_button.click()
    assert "Saved at" in editor.status.value, editor.status.value
    assert _decisions(workspace) == [("renewed", later)]
    assert licence_store.state_of(workspace.store, "p01") == licence.ACTIVE
    assert len(workspace.store.history(LicenceEvent.TABLE, saved.entity_id, "p01")) == 2
