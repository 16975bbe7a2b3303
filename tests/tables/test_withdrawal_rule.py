"""One withdrawal rule: the store's view and the compiled tables' flags agree, chains included.

Before the rule was shared, the tables resolved one level only: withdraw a record,
undo that, then withdraw the undo, and the store said withdrawn while the tables
(and so reviews and research exports) said current.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from kit.capture.submit import submit, withdraw
from kit.model.records import FocusArea, SupportContact, Withdrawal
from kit.store.workspace import Workspace
from kit.tables.compiler import compile_tables, read_table

T0 = datetime(2025, 4, 3, 9, 0, tzinfo=UTC)
PEOPLE = ("p01", "p02")


def contact(practitioner: str, minutes: int, at: datetime | None = None) -> SupportContact:
    return SupportContact.new(practitioner_id=practitioner, supporter_id="lead1", supporter_role="lead",
                              contact_date=date(2025, 4, 3), mode="in_person", minutes=minutes,
                              created_at=at)


def withdrawn_in_tables(ws: Workspace, table: str) -> set[str]:
    rows = read_table(ws, table, current_only=False)
    return set(rows.loc[rows["is_withdrawn"], "entity_id"])


def test_withdraw_undo_then_withdraw_the_undo_is_withdrawn_in_the_tables(workspace: Workspace) -> None:
    area = FocusArea.new(practitioner_id="p01", label="Family A", focus_kind="family",
                         opened_on=date(2025, 4, 3))
    submit(workspace, area)
    first = withdraw(workspace, "focus_areas", area.entity_id, practitioner_id="p01",
                     author_id="p01", reason="Entered twice.")
    undo = withdraw(workspace, "withdrawals", first.entity_id, practitioner_id="p01",
                    author_id="p01", reason="It was not a duplicate.")
    assert area.entity_id in set(read_table(workspace, "focus_areas")["entity_id"])
    withdraw(workspace, "withdrawals", undo.entity_id, practitioner_id="p01", author_id="p01",
             reason="It was a duplicate after all.")
    assert area.entity_id in workspace.store.withdrawn("p01")
    assert area.entity_id in withdrawn_in_tables(workspace, "focus_areas")
    assert area.entity_id not in set(read_table(workspace, "focus_areas")["entity_id"])


def test_withdraw_undo_and_a_fresh_withdrawal_is_withdrawn_in_the_tables(workspace: Workspace) -> None:
    record = contact("p01", 30)
    submit(workspace, record)
    first = withdraw(workspace, "support_contacts", record.entity_id, practitioner_id="p01",
                     author_id="p01", reason="Wrong day.")
    withdraw(workspace, "withdrawals", first.entity_id, practitioner_id="p01", author_id="p01",
             reason="Right day after all.")
    withdraw(workspace, "support_contacts", record.entity_id, practitioner_id="p01", author_id="p01",
             reason="Wrong person.")
    assert record.entity_id in workspace.store.withdrawn("p01")
    assert record.entity_id in withdrawn_in_tables(workspace, "support_contacts")


# Each step: ("contact" | "withdraw" | "retarget", owner index, how far back the target is,
# minutes). Targets are mostly the owner's newest records, so chains of undo come up often;
# "retarget" saves a new version of a withdrawal naming another record (the latest counts).
STEPS = st.lists(st.tuples(st.sampled_from(["contact", "withdraw", "withdraw", "retarget"]),
                           st.integers(0, 1), st.integers(0, 3), st.integers(1, 600)),
                 min_size=1, max_size=12)
CHAIN = [("contact", 0, 0, 30), ("withdraw", 0, 0, 1), ("withdraw", 0, 0, 1), ("withdraw", 0, 0, 1)]


def write_history(ws: Workspace, steps: list[tuple[str, int, int, int]]) -> None:
    """Write contacts and withdrawals (of contacts or of withdrawals, in force or not) as given.

    Records go straight to the store, so the history may hold anything a
    person could have made over time, chains of undo included.
    """
    made: dict[str, list[tuple[str, str]]] = {pid: [] for pid in PEOPLE}  # (table, entity id)
    latest: dict[str, Withdrawal] = {}  # each withdrawal's newest version
    for number, (kind, who, pick, minutes) in enumerate(steps):
        owner = PEOPLE[who]
        at = T0 + timedelta(minutes=number)
        if kind == "contact" or not made[owner]:
            record = contact(owner, minutes, at)
            ws.store.write(record)
            made[owner].append(("support_contacts", record.entity_id))
            continue
        table, target = made[owner][-1 - pick % len(made[owner])]
        mine = [latest[entity] for _, entity in made[owner] if entity in latest]
        if kind == "retarget" and mine:
            old = mine[minutes % len(mine)]
            new = old.revise(author_id=owner, edit_reason=f"step {number}", target_entity_id=target,
                             target_table=table)
            ws.store.write(new.model_copy(update={"created_at": at}))
            latest[old.entity_id] = new
            continue
        undo = Withdrawal.new(practitioner_id=owner, target_entity_id=target, target_table=table,
                              reason=f"step {number}", created_at=at)
        ws.store.write(undo)
        made[owner].append(("withdrawals", undo.entity_id))
        latest[undo.entity_id] = undo


@given(steps=STEPS)
@example(steps=CHAIN)
@example(steps=[*CHAIN, ("withdraw", 0, 0, 1), ("contact", 1, 0, 5), ("withdraw", 1, 0, 1),
                ("withdraw", 0, 2, 1)])
@example(steps=[*CHAIN, ("contact", 0, 0, 9), ("retarget", 0, 0, 0), ("retarget", 0, 2, 2)])
@settings(max_examples=20, deadline=None, derandomize=True,
          phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_store_and_tables_agree_on_every_history(steps, new_workspace: Callable[[Path], Workspace]
                                                 ) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ws = new_workspace(Path(folder) / "ws")
        write_history(ws, steps)
        compile_tables(ws)
        for table in ("support_contacts", "withdrawals"):
            in_store = {r.entity_id for pid in PEOPLE for r in ws.store.versions(table, pid)
                        if r.entity_id in ws.store.withdrawn(pid)}
            assert withdrawn_in_tables(ws, table) == in_store, (table, steps)
            current = {r.entity_id for r in ws.store.latest(table)}
            assert set(read_table(ws, table)["entity_id"]) == current, (table, steps)
