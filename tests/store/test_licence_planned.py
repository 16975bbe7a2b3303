"""A licence decision dated ahead: continue, pause or renew up to 92 days after today; every
other step, and every other record, still today or earlier. A planned decision is the
latest step for the order of steps, but the status "as of" a day leaves it out; a change
of mind is an edit (a new version) or a withdrawal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kit.capture import licence as licence_store
from kit.capture.submit import edit, submit, withdraw
from kit.errors import ValidationProblems
from kit.model import licence
from kit.model.dates import check_date_range, latest_today
from kit.model.records import JourneyStep, LicenceEvent, Reflection
from kit.store.workspace import Workspace

TODAY = latest_today()
GRANTED = date(2025, 3, 17)


def _event(event: str, day: date) -> LicenceEvent:
    return LicenceEvent.new(practitioner_id="p01", event=event, event_date=day, reason="Test step.")


def _refusal(event: str, day: date) -> str:
    with pytest.raises(ValidationProblems) as caught:
        _event(event, day)
    [problem] = caught.value.problems
    field, _, message = problem.message.partition(": ")
    assert field == "event_date"  # the form shows it beside the date
    return message


@pytest.fixture
def granted(workspace: Workspace) -> Workspace:
    for event, day in (("applied", date(2025, 3, 3)), ("active", GRANTED)):
        submit(workspace, _event(event, day))
    return workspace


@pytest.mark.parametrize("event", ["paused", "continued", "renewed"])
@pytest.mark.parametrize("ahead", [0, 1, licence.FUTURE_WINDOW_DAYS])
def test_a_decision_may_be_dated_up_to_92_days_ahead(event: str, ahead: int) -> None:
    assert _event(event, TODAY + timedelta(days=ahead)).event_date == TODAY + timedelta(days=ahead)


@pytest.mark.parametrize("event", ["paused", "continued", "renewed"])
def test_93_days_ahead_is_refused_naming_the_latest_date(event: str) -> None:
    day, latest = TODAY + timedelta(days=93), TODAY + timedelta(days=92)
    assert _refusal(event, day) == (f"{day:%d/%m/%Y} is more than 92 days ahead; "
                                    f"the latest date allowed is {latest:%d/%m/%Y}")


@pytest.mark.parametrize("event", ["applied", "active", "ended"])
def test_steps_that_are_not_decisions_stay_today_or_earlier(event: str) -> None:
    assert _event(event, TODAY).event_date == TODAY
    message = _refusal(event, TODAY + timedelta(days=1))
    assert message.startswith(f"{TODAY + timedelta(days=1):%d/%m/%Y} is in the future; "
                              "use today's date or earlier")
    assert "only a decision to pause, continue or renew may be dated ahead" in message


def test_other_records_still_refuse_any_future_date() -> None:
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(ValidationProblems, match="in the future"):
        JourneyStep.new(practitioner_id="p01", level="level_2", step="l2_check_in",
                        step_date=tomorrow)
    with pytest.raises(ValidationProblems, match="in the future"):
        Reflection.new(practitioner_id="p01", reflection_date=tomorrow, template="nuggets",
                       answers={"nugget": "x"}, focus_area_ids=["fa"])
    with pytest.raises(ValueError, match="in the future"):
        check_date_range(tomorrow)
    assert check_date_range(tomorrow, days_ahead=1) == tomorrow


def test_the_table_says_which_steps_may_be_dated_ahead() -> None:
    rows = {row["event"]: row["dated up to"] for row in licence.transitions_table()}
    assert rows == {"Applied": "today", "Licence granted": "today", "Paused": "92 days ahead",
                    "Continued": "92 days ahead", "Renewed": "92 days ahead", "Ended": "today"}


def test_status_as_of_today_leaves_a_planned_decision_out_but_names_it() -> None:
    pause = date(2027, 7, 20)
    steps = [licence.Event("applied", date(2027, 1, 4)), licence.Event("active", date(2027, 1, 11)),
             licence.Event("paused", pause)]
    assert licence.status_on(steps, date(2027, 6, 1)) == "active (paused from 20 Jul 2027)"
    assert licence.status_on(steps, pause) == "paused"
    assert licence.status_words(steps) == "paused"  # the order of steps sees every step


def test_a_planned_pause_is_the_latest_step(granted: Workspace) -> None:
    pause = TODAY + timedelta(days=30)
    submit(granted, _event("paused", pause))
    with pytest.raises(ValidationProblems) as caught:
        submit(granted, _event("paused", pause + timedelta(days=1)))
    [problem] = caught.value.problems
    assert (problem.field, problem.code) == ("event", "not_allowed_now")
    assert problem.message == (f"You cannot pause it: the licence is planned to be paused from "
                               f"{pause:%d/%m/%Y}; from then you can continue it, renew it or end it")
    with pytest.raises(ValidationProblems) as caught:
        submit(granted, _event("continued", TODAY))
    [problem] = caught.value.problems
    assert problem.code == "before_last_event"
    assert f"planned to be paused from {pause:%d/%m/%Y}" in problem.message
    assert "'Edit a saved entry'" in problem.message
    submit(granted, _event("continued", pause + timedelta(days=10)))  # after it: fine
    assert licence_store.state_of(granted.store, "p01") == licence.ACTIVE


def test_a_planned_decision_can_be_edited_to_another_day_or_decision(granted: Workspace) -> None:
    plan = _event("paused", TODAY + timedelta(days=30))
    submit(granted, plan)
    later = TODAY + timedelta(days=60)
    edit(granted, LicenceEvent.TABLE, plan.entity_id, practitioner_id="p01", author_id="p01",
         edit_reason="The holidays start later.", event_date=later)
    edit(granted, LicenceEvent.TABLE, plan.entity_id, practitioner_id="p01", author_id="p01",
         edit_reason="I will renew instead.", event="renewed")
    [current] = [r for r in granted.store.latest(LicenceEvent.TABLE, "p01") if r.entity_id == plan.entity_id]
    assert (current.event, current.event_date) == ("renewed", later)
    assert len(granted.store.history(LicenceEvent.TABLE, plan.entity_id, "p01")) == 3
    with pytest.raises(ValidationProblems, match="more than 92 days ahead"):
        edit(granted, LicenceEvent.TABLE, plan.entity_id, practitioner_id="p01", author_id="p01",
             edit_reason="Much later.", event_date=TODAY + timedelta(days=93))


def test_a_withdrawn_plan_leaves_the_licence_as_it_was(granted: Workspace) -> None:
    plan = _event("paused", TODAY + timedelta(days=30))
    submit(granted, plan)
    withdraw(granted, LicenceEvent.TABLE, plan.entity_id, practitioner_id="p01", author_id="p01",
             reason="Changed my mind.")
    assert licence_store.state_of(granted.store, "p01") == licence.ACTIVE
    submit(granted, _event("paused", TODAY))  # nothing planned stands in the way any more
    assert licence_store.state_of(granted.store, "p01") == licence.PAUSED
