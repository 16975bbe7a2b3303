"""The licence as a state machine: every step from every state, allowed or refused, through
the store's rules (what a form, an import or the demo generator all go through)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from kit.capture import application
from kit.capture import licence as licence_store
from kit.capture.submit import edit, submit
from kit.errors import PermissionDenied, ValidationProblems
from kit.model import licence
from kit.model.records import LicenceEvent, MicroProject
from kit.store.workspace import Workspace

START = date(2025, 1, 6)
# How to reach each state, and which steps may follow it (written out by hand, not read
# from licence.STEPS, so the table in kit/model/licence.py is checked, not repeated).
PATHS = {
    licence.NONE: [],
    licence.APPLIED: ["applied"],
    licence.ACTIVE: ["applied", "active"],
    licence.PAUSED: ["applied", "active", "paused"],
    licence.ENDED: ["applied", "active", "ended"],
}
ALLOWED = {
    licence.NONE: {"applied"},
    licence.APPLIED: {"active", "ended"},
    licence.ACTIVE: {"paused", "continued", "renewed", "ended"},
    licence.PAUSED: {"continued", "renewed", "ended"},
    licence.ENDED: {"applied"},
}
EVENTS = ["applied", "active", "paused", "continued", "renewed", "ended"]
PAIRS = [(state, event) for state in PATHS for event in EVENTS]


def _event(event: str, day: date, author: str = "p01") -> LicenceEvent:
    return LicenceEvent.new(practitioner_id="p01", author_id=author, event=event, event_date=day,
                            reason="Test step.")


def _reach(workspace: Workspace, state: str) -> date:
    """Record the steps to ``state`` a week apart; the day after the last one."""
    day = START
    for event in PATHS[state]:
        submit(workspace, _event(event, day))
        day += timedelta(days=7)
    return day


@pytest.mark.parametrize(("state", "event"), PAIRS, ids=[f"{s}-then-{e}" for s, e in PAIRS])
def test_every_step_from_every_state(workspace: Workspace, state: str, event: str) -> None:
    day = _reach(workspace, state)
    if event in ALLOWED[state]:
        submit(workspace, _event(event, day))
        expected = {"applied": "applied", "active": "active", "paused": "paused",
                    "continued": "active", "renewed": "active", "ended": "ended"}[event]
        assert licence_store.state_of(workspace.store, "p01") == expected
        return
    with pytest.raises(ValidationProblems) as caught:
        submit(workspace, _event(event, day))
    [problem] = caught.value.problems
    assert (problem.field, problem.code) == ("event", "not_allowed_now")
    possible = [step.verb for step in licence.STEPS if step.event in ALLOWED[state]]
    assert all(verb in problem.message for verb in possible), problem.message
    assert licence_store.state_of(workspace.store, "p01") == state  # nothing changed


def test_a_refusal_says_where_the_licence_is_and_what_is_possible_now(workspace) -> None:
    day = _reach(workspace, licence.PAUSED)
    with pytest.raises(ValidationProblems) as caught:
        submit(workspace, _event("paused", day))
    assert caught.value.problems[0].message == (
        "You cannot pause it while the licence is paused since 20/01/2025; "
        "you can now continue it, renew it or end it")


def test_nothing_before_applying(workspace) -> None:
    with pytest.raises(ValidationProblems) as caught:
        submit(workspace, _event("renewed", START))
    assert "before applying for the licence: apply with a micro-project idea first" in str(caught.value)


def test_end_then_continue_then_pause_is_refused(workspace) -> None:
    day = _reach(workspace, licence.ENDED)
    for event in ("continued", "paused"):
        with pytest.raises(ValidationProblems, match="while the licence is ended"):
            submit(workspace, _event(event, day))


def test_a_step_dated_before_the_last_one_is_refused(workspace) -> None:
    day = _reach(workspace, licence.ACTIVE)
    with pytest.raises(ValidationProblems) as caught:
        submit(workspace, _event("paused", day - timedelta(days=10)))
    [problem] = caught.value.problems
    assert problem.code == "before_last_event" and "13/01/2025" in problem.message


def test_the_same_day_as_the_last_step_is_fine(workspace) -> None:
    day = _reach(workspace, licence.ACTIVE) - timedelta(days=7)
    submit(workspace, _event("paused", day))
    assert licence_store.state_of(workspace.store, "p01") == licence.PAUSED


def test_their_lead_may_record_the_grant_and_the_end_but_no_one_else(workspace) -> None:
    day = _reach(workspace, licence.APPLIED)
    submit(workspace, _event("active", day, author="lead1"))
    with pytest.raises(ValidationProblems) as caught:
        submit(workspace, _event("paused", day, author="lead1"))
    assert caught.value.problems[0].code == "not_yours_to_record"
    assert "you cannot record 'Paused' for this licence: it is recorded by the practitioner." \
        in str(caught.value)
    assert "p01" not in caught.value.problems[0].message  # it speaks to the person, not of ids
    with pytest.raises(ValidationProblems, match="recorded by the practitioner or their lead"):
        submit(workspace, _event("ended", day, author="link1"))
    submit(workspace, _event("ended", day, author="lead1"))
    assert licence_store.state_of(workspace.store, "p01") == licence.ENDED


def test_editing_a_step_keeps_its_place(workspace) -> None:
    _reach(workspace, licence.PAUSED)
    paused = next(r for r in workspace.store.latest(LicenceEvent.TABLE, "p01") if r.event == "paused")
    edit(workspace, LicenceEvent.TABLE, paused.entity_id, practitioner_id="p01", author_id="p01",
         edit_reason="clearer reason", reason="A busy term.")
    assert licence_store.state_of(workspace.store, "p01") == licence.PAUSED


def test_status_words_are_defined_once() -> None:
    assert licence.status_words([]) == "not applied for yet" == licence.NO_LICENCE
    steps = [licence.Event(e, START) for e in ("applied", "active", "paused", "renewed")]
    assert licence.status_words(steps) == "active"
    assert licence.renewal_date(steps, 12) == date(2026, 1, 6)


def test_the_table_in_words_names_who_records_each_step() -> None:
    rows = {row["event"]: row for row in licence.transitions_table()}
    assert rows["Licence granted"]["recorded by"] == "the practitioner or their lead"
    assert rows["Renewed"]["after"] == "active, paused"
    assert rows["Applied"]["after"] == "not applied for yet, ended"


def _project(title: str) -> MicroProject:
    return MicroProject.new(practitioner_id="p01", title=title, idea="Calmer mornings.",
                            project_type="T2")


def test_one_micro_project_per_licence(workspace) -> None:
    first = _project("Calmer mornings")
    application.save_application(workspace, first)
    with pytest.raises(ValidationProblems) as caught:
        application.save_application(workspace, _project("Second idea"))
    assert caught.value.problems[0].code == "one_project_per_licence"
    edit(workspace, MicroProject.TABLE, first.entity_id, practitioner_id="p01", author_id="p01",
         edit_reason="sharper title", title="Calmer school mornings")
    assert [p.title for p in workspace.store.latest(MicroProject.TABLE, "p01")] == [
        "Calmer school mornings"]


def test_through_the_permissions_a_lead_records_the_grant_only_for_their_practitioner(workspace) -> None:
    day = _reach(workspace, licence.APPLIED)
    submit(workspace, _event("active", day, author="lead1"), acting_user="lead1")
    assert licence_store.state_of(workspace.store, "p01") == licence.ACTIVE
    with pytest.raises(PermissionDenied, match="written by practitioners"):
        submit(workspace, _event("paused", day, author="lead1"), acting_user="lead1")
    with pytest.raises(PermissionDenied):
        submit(workspace, _event("ended", day, author="link1"), acting_user="link1")
    submit(workspace, _event("ended", day, author="lead1"), acting_user="lead1")
    assert licence_store.state_of(workspace.store, "p01") == licence.ENDED


def test_the_readme_shows_the_same_table() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for row in licence.transitions_table():
        assert f"| {' | '.join(row.values())} |" in readme, row
