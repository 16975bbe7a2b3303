"""Property: a store with planted misplaced, duplicated and linked files loads as the honest subset.

Hypothesis writes honest records (first versions and edits, for two practitioners),
then plants, later, any mix of what someone with a shell could leave behind: a record
copied into another practitioner's folder, a record id reused by another practitioner,
a version of one practitioner's record in another's folder, a withdrawal of another's
record, links to record files and folders (inside or outside the workspace). Whatever
the mix, the store loads exactly the honest records, their latest versions are the
honest latest versions, nothing outside the workspace is touched, and every planted
file ends in quarantine with a reason.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.capture.submit import submit
from kit.commands.check import check_store
from kit.model.history import latest_versions
from kit.model.records import Record, SupportContact, Withdrawal
from kit.store.record_store import encode_record
from kit.store.workspace import Workspace

PEOPLE = ("p01", "p02")
PLANTS = ("misplaced", "reused_id", "foreign_version", "foreign_withdrawal", "linked_file_outside",
          "linked_file_inside", "linked_folder")
HONEST = st.lists(st.tuples(st.sampled_from(PEOPLE), st.booleans()), min_size=1, max_size=6)
PLANTED = st.lists(st.tuples(st.sampled_from(PLANTS), st.integers(0, 50)), min_size=0, max_size=6)


def contact(practitioner_id: str, minutes: int) -> SupportContact:
    return SupportContact.new(practitioner_id=practitioner_id, supporter_id="link1",
                              supporter_role="link", contact_date="03/04/2025", mode="video",
                              minutes=minutes)


def other(practitioner_id: str) -> str:
    return PEOPLE[1 - PEOPLE.index(practitioner_id)]


class Planter:
    """Leaves untrusted files in a workspace; counts them; never uses the store's own writer."""

    def __init__(self, ws: Workspace, outside: Path, honest: list[Record]) -> None:
        self.ws, self.outside, self.honest = ws, outside, honest
        self.planted = 0

    def _file(self, record: Record, owner: str, table: str | None = None) -> Path:
        folder = self.ws.store.table_dir(table or record.TABLE) / owner
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{record.record_id}.json"
        if os.path.lexists(path):
            return path
        path.write_bytes(encode_record(record))
        self.planted += 1
        return path

    def _link(self, link: Path, target: Path) -> None:
        link.parent.mkdir(parents=True, exist_ok=True)
        if not os.path.lexists(link):
            link.symlink_to(target)
            self.planted += 1

    def plant(self, kind: str, number: int) -> None:
        victim = self.honest[number % len(self.honest)]
        thief = other(victim.practitioner_id)
        if kind == "misplaced":
            self._file(victim, thief)
        elif kind == "reused_id":
            self._file(victim.model_copy(update={"practitioner_id": thief, "minutes": 599}), thief)
        elif kind == "foreign_version":
            version = victim.revise(author_id=thief, edit_reason="planted", minutes=598)
            self._file(version.model_copy(update={"practitioner_id": thief}), thief)
        elif kind == "foreign_withdrawal":
            self._file(Withdrawal.new(practitioner_id=thief, target_entity_id=victim.entity_id,
                                      target_table=victim.TABLE, reason="planted"), thief)
        elif kind == "linked_file_outside":
            forged = contact(victim.practitioner_id, 597)
            target = self.outside / f"{forged.record_id}.json"
            target.write_bytes(encode_record(forged))
            self._link(self.ws.store.path_for(forged), target)
        elif kind == "linked_file_inside":
            self._link(self.ws.store.table_dir(victim.TABLE) / thief / f"{victim.record_id}.json",
                       self.ws.store.path_for(victim))
        else:
            self._link(self.ws.store.table_dir(victim.TABLE) / f"p9{number % 10}", self.outside)


def write_honest(ws: Workspace, plan: list[tuple[str, bool]]) -> list[Record]:
    written: list[Record] = []
    for number, (practitioner_id, revise) in enumerate(plan):
        mine = [r for r in written if r.practitioner_id == practitioner_id]
        record = (mine[-1].revise(author_id=practitioner_id, edit_reason="edit", minutes=number + 1)
                  if revise and mine else contact(practitioner_id, number + 1))
        submit(ws, record)
        written.append(record)
    return written


def outside_files(outside: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in outside.iterdir()}


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(plan=HONEST, planted=PLANTED)
def test_the_loaded_view_is_the_honest_subset_whatever_is_planted(
        new_workspace: Callable[[Path], Workspace], plan: list[tuple[str, bool]],
        planted: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ws = new_workspace(Path(folder) / "ws")
        outside = Path(folder) / "outside"
        outside.mkdir()
        honest = write_honest(ws, plan)
        profiles = ws.store.versions("profiles")
        time.sleep(0.01)  # planted files come after the honest ones, as in life
        planter = Planter(ws, outside, honest)
        for kind, number in planted:
            planter.plant(kind, number)
        before_outside = outside_files(outside)
        store = Workspace.open(ws.root).store
        expected = sorted(honest, key=lambda r: r.record_id)
        assert sorted(store.versions("support_contacts"), key=lambda r: r.record_id) == expected
        assert store.latest("support_contacts") == latest_versions(honest)
        assert store.versions("profiles") == profiles
        report = check_store(store)  # a full check also sees whose record a withdrawal names
        assert store.versions("withdrawals") == []
        assert report.readable == len(honest) + len(profiles) and report.stuck == []
        assert len(report.quarantined) == planter.planted and all(r for _, r in report.quarantined)
        assert report.ok == (planter.planted == 0)
        assert outside_files(outside) == before_outside
