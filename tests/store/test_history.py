"""Resolving versions without a disk: latest version, history order, withdrawals."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from kit.model.history import (
    group_versions,
    latest_versions,
    version_order,
    withdrawn_entities,
    withdrawn_targets,
)
from kit.model.records import FocusArea, Withdrawal

T0 = datetime(2025, 4, 3, 9, 0, tzinfo=UTC)


def area(label: str = "Family A", at: datetime = T0) -> FocusArea:
    return FocusArea.new(practitioner_id="p01", label=label, focus_kind="family",
                         opened_on=date(2025, 4, 3), created_at=at)


def withdrawal(target: FocusArea | Withdrawal, table: str = "focus_areas",
               at: datetime = T0) -> Withdrawal:
    return Withdrawal.new(practitioner_id="p01", target_entity_id=target.entity_id,
                          target_table=table, reason="Entered twice.", created_at=at)


def test_versions_are_grouped_by_entity_oldest_first() -> None:
    first = area()
    second = first.revise(author_id="p01", edit_reason="rename", label="Family B")
    other = area("Topic C")
    groups = group_versions([second, other, first])
    assert groups[first.entity_id] == [first, second]
    assert groups[other.entity_id] == [other]


def test_version_order_breaks_equal_times_by_record_id() -> None:
    a, b = area(at=T0), area(at=T0)
    assert sorted([b, a], key=version_order)[0].record_id == min(a.record_id, b.record_id)


def test_latest_versions_keep_the_newest_of_each_entity() -> None:
    first = area()
    second = first.revise(author_id="p01", edit_reason="rename", label="Family B")
    third = second.revise(author_id="p01", edit_reason="aim", aim="Calmer mornings")
    other = area("Topic C", at=T0 + timedelta(minutes=1))
    latest = latest_versions([third, first, other, second])
    assert {r.record_id for r in latest} == {third.record_id, other.record_id}


def test_latest_versions_leave_out_withdrawn_entities() -> None:
    kept, gone = area("Kept"), area("Gone")
    latest = latest_versions([kept, gone], withdrawn={gone.entity_id})
    assert latest == [kept]


def test_withdrawn_entities_and_withdrawing_a_withdrawal_restores() -> None:
    target = area()
    first = withdrawal(target)
    assert withdrawn_entities([first]) == {target.entity_id}
    undo = withdrawal(first, table="withdrawals", at=T0 + timedelta(minutes=1))
    assert withdrawn_entities([first, undo]) == {first.entity_id}
    assert target.entity_id not in withdrawn_entities([undo, first])


def test_no_records_no_versions() -> None:
    assert latest_versions([]) == []
    assert withdrawn_entities([]) == set()


def test_a_chain_of_undos_resolves_at_every_length() -> None:
    target = area()
    chain = [withdrawal(target)]
    for step in range(1, 5):
        chain.append(withdrawal(chain[-1], table="withdrawals", at=T0 + timedelta(minutes=step)))
    for length in range(1, 6):
        withdrawn = withdrawn_entities(chain[:length])
        assert (target.entity_id in withdrawn) == (length % 2 == 1), length
        assert chain[length - 1].entity_id not in withdrawn  # the last one is in force


def test_a_second_withdrawal_keeps_the_target_out_when_the_first_is_undone() -> None:
    target = area()
    first, second = withdrawal(target), withdrawal(target, at=T0 + timedelta(minutes=1))
    undo = withdrawal(first, table="withdrawals", at=T0 + timedelta(minutes=2))
    assert target.entity_id in withdrawn_entities([first, second, undo])


def test_a_withdrawal_naming_itself_does_not_hang() -> None:
    itself = "withdrawal-01JQ8Z6A2B3C4D5E6F7G8H9J0K"
    odd = Withdrawal.new(practitioner_id="p01", target_entity_id=itself, target_table="withdrawals",
                         reason="bad import", entity_id=itself, created_at=T0)
    assert withdrawn_entities([odd]) == {itself}


def test_the_rule_gives_one_answer_whatever_the_order_even_for_a_loop() -> None:
    """An edited withdrawal can name a later one, making a loop; the answer must not depend
    on the order the withdrawals are read in (the store and the tables read them differently)."""
    pairs = [("w1", "record"), ("w2", "w1"), ("w3", "w2"), ("w2b", "w3"), ("w3", "w2b"), ("w4", "w4")]
    answers = {frozenset(withdrawn_targets(order)) for order in itertools.permutations(pairs)}
    assert len(answers) == 1
    assert withdrawn_targets([("w1", "record"), ("w2", "w1"), ("w3", "w2")]) == {"record", "w2"}
