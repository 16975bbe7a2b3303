"""Property: any sequence of submits, edits and withdrawals (and undoing withdrawals,
and undoing the undos) reads back as the latest version of each record, every version kept."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from kit.capture.submit import edit, submit, withdraw
from kit.model.records import Record, SupportContact, Withdrawal
from kit.store.workspace import Workspace

PEOPLE = ("p01", "p02")
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
               max_size=30).filter(str.strip)
Operation = tuple[str, int, str]
OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["submit", "edit", "withdraw", "undo"]),
              st.integers(min_value=0, max_value=50), TEXT),
    min_size=1, max_size=14,
)


@dataclass
class Expected:
    """What the store should hold, worked out step by step alongside it."""

    versions: dict[str, list[Record]] = field(default_factory=dict)  # support contacts (no ordering rules)
    withdrawals: dict[str, Withdrawal] = field(default_factory=dict)  # every withdrawal
    live: set[str] = field(default_factory=set)  # entities in force (events and withdrawals)
    files: int = 0

    def pick(self, index: int, among: dict) -> str | None:
        ids = sorted(e for e in among if e in self.live)
        return ids[index % len(ids)] if ids else None

    def owner(self, entity_id: str) -> str:
        record = self.withdrawals.get(entity_id) or self.versions[entity_id][0]
        return record.practitioner_id

    def take_out(self, entity_id: str) -> None:
        """``entity_id`` is withdrawn; if it was a withdrawal, its target may come back."""
        self.live.discard(entity_id)
        if entity_id in self.withdrawals:
            self.bring_back(self.withdrawals[entity_id].target_entity_id)

    def bring_back(self, entity_id: str) -> None:
        """Restore ``entity_id`` unless another withdrawal in force still names it."""
        if any(w.target_entity_id == entity_id and w.entity_id in self.live
               for w in self.withdrawals.values()):
            return
        self.live.add(entity_id)
        if entity_id in self.withdrawals:  # an undone undo is in force again
            self.take_out(self.withdrawals[entity_id].target_entity_id)


def apply(ws: Workspace, expected: Expected, operation: Operation) -> None:
    action, index, text = operation
    if action == "submit":
        record = SupportContact.new(practitioner_id=PEOPLE[index % 2], supporter_id="lead1",
                                    supporter_role="lead", contact_date=date(2025, 4, 3),
                                    mode="video", minutes=30, note=text)
        submit(ws, record)
        expected.versions[record.entity_id] = [record]
        expected.live.add(record.entity_id)
    elif action == "edit" and (target := expected.pick(index, expected.versions)):
        current = expected.versions[target][-1]
        revised = edit(ws, "support_contacts", target, practitioner_id=current.practitioner_id,
                       author_id=current.practitioner_id, edit_reason="changed", note=text)
        expected.versions[target].append(revised)
    elif action in ("withdraw", "undo"):
        table = "support_contacts" if action == "withdraw" else "withdrawals"
        among = expected.versions if action == "withdraw" else expected.withdrawals
        target = expected.pick(index, among)
        if target is None:
            return
        owner = expected.owner(target)
        made = withdraw(ws, table, target, practitioner_id=owner, author_id=owner, reason=text)
        expected.withdrawals[made.entity_id] = made
        expected.live.add(made.entity_id)
        expected.take_out(target)
    else:
        return
    expected.files += 1


def check(ws: Workspace, expected: Expected) -> None:
    store = ws.store
    live = {e: v[-1] for e, v in expected.versions.items() if e in expected.live}
    assert {r.entity_id: r for r in store.latest("support_contacts")} == live
    for pid in PEOPLE:
        mine = {e: r for e, r in live.items() if r.practitioner_id == pid}
        assert {r.entity_id: r for r in store.latest("support_contacts", pid)} == mine
    in_force = {e for e in expected.withdrawals if e in expected.live}
    assert {r.entity_id for r in store.latest("withdrawals")} == in_force
    for entity_id, versions in expected.versions.items():
        assert store.history("support_contacts", entity_id) == versions
    assert len(list(store.record_files())) == expected.files + len(PEOPLE)  # + the profiles
    assert store.quarantined_files() == []


# new_workspace is a stateless factory, so sharing it between examples is safe.
@settings(max_examples=30, deadline=None,
          phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
@example(operations=[("submit", 0, "a"), ("submit", 1, "b"), ("edit", 0, "c"), ("withdraw", 0, "d"),
                     ("edit", 0, "e"), ("undo", 0, "f"), ("edit", 0, "g"), ("withdraw", 1, "h"),
                     ("undo", 1, "i"), ("undo", 2, "j")])
def test_any_sequence_reads_back_as_latest_versions_with_history(
        new_workspace: Callable[[Path], Workspace], operations: list[Operation]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ws = new_workspace(Path(folder) / "ws")
        expected = Expected()
        for operation in operations:
            apply(ws, expected, operation)
        check(ws, expected)
        # A second reader (e.g. another process) sees exactly the same.
        check(Workspace.open(ws.root), expected)
