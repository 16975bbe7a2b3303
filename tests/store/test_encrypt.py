"""``candle migrate``: a workspace written plain is encrypted in place; killed part way, every
record stays whole and readable, and running it again finishes the job."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from datetime import date
from pathlib import Path

import pytest

from kit.cli import main
from kit.errors import StoreError
from kit.model.records import FocusArea, NamesToHide, Record, Reflection
from kit.store import encrypt
from kit.store.record_store import encode_record
from kit.store.sealing import is_sealed
from kit.store.workspace import Settings, Workspace
from kit.tables.compiler import read_table

FORK = multiprocessing.get_context("fork")
DAY = date(2025, 4, 3)
PEOPLE = ("p01", "p02", "p03")


def _plant(workspace: Workspace, record: Record) -> Path:
    """Write ``record`` as the kit did before it encrypted anything."""
    path = workspace.store.path_for(record)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode_record(record))
    return path


def _plain_workspace(root: Path, per_person: int = 8) -> tuple[Workspace, dict[str, Record]]:
    """A workspace of plain records (a v1 reflection among them) and the records by id."""
    workspace = Workspace.create(root, Settings(name="old"))
    records: dict[str, Record] = {}
    for pid in PEOPLE:
        area = FocusArea.new(practitioner_id=pid, label=f"Plainfamily {pid}", focus_kind="family",
                             opened_on=DAY)
        hide = NamesToHide.new(practitioner_id=pid, focus_area_id=area.entity_id, names=[f"Plainname{pid}"])
        reflections = [Reflection.new(practitioner_id=pid, reflection_date=DAY,
                                      focus_area_ids=[area.entity_id], template="rolfe",
                                      answers={"what": f"Plainwords {pid} {n}"}) for n in range(per_person)]
        for record in (area, hide, *reflections):
            _plant(workspace, record)
            records[record.record_id] = record
    old = Reflection.new(practitioner_id="p01", reflection_date=DAY, template="rolfe",
                         focus_area_ids=[records[next(iter(records))].entity_id],
                         answers={"what": "Plainwords from schema one"})
    data = old.model_dump(mode="json") | {"schema_version": 1}
    data["focus_area_id"] = data.pop("focus_area_ids")[0]
    path = workspace.store.path_for(old)
    path.write_text(json.dumps(data))
    records[old.record_id] = old
    return workspace, records


def _stored(workspace: Workspace) -> tuple[dict[str, Record], list[str]]:
    """Every record as read (nothing quarantined), and the files still plain."""
    loaded = Workspace.open(workspace.root).store.load()
    assert loaded.quarantined == [] and loaded.erased == []
    plain = [path.name for path in workspace.store.record_files() if not is_sealed(path.read_bytes())]
    return {record.record_id: record for record in loaded.records}, plain


def _words_in_files(root: Path) -> list[str]:
    return [str(path) for base in ("records", "private/records") for path in (root / base).rglob("*")
            if path.is_file() and b"Plain" in path.read_bytes()]


def test_a_plain_workspace_is_encrypted_in_place_and_reads_the_same(tmp_path: Path) -> None:
    workspace, records = _plain_workspace(tmp_path / "ws")
    tables_before = read_table(workspace, "reflection_answers").sort_values("record_id")
    assert _words_in_files(workspace.root)

    report = encrypt.encrypt_plain_records(Workspace.open(workspace.root).store)

    assert len(report.sealed) == len(records) and report.keys_after == len(PEOPLE)
    stored, plain = _stored(workspace)
    assert stored == records and plain == []
    assert _words_in_files(workspace.root) == []
    upgraded = json.loads(workspace.store.path_for(list(records.values())[-1]).read_bytes())
    assert upgraded["schema_version"] == 2  # read as the kit reads it, then sealed at today's layout
    after = read_table(workspace, "reflection_answers").sort_values("record_id")
    assert after.reset_index(drop=True).equals(tables_before.reset_index(drop=True))
    again = encrypt.encrypt_plain_records(Workspace.open(workspace.root).store)
    assert again.sealed == [] and again.already_sealed == len(records)


def _migrate_until_killed(root: str, where: str, after: int) -> None:
    """Run the migration in this (forked) process and SIGKILL it at the ``after``-th step."""
    encrypt.CHUNK = 4
    module, name = (os, "replace") if where == "replacing" else (encrypt, "write_unflushed")
    real = getattr(module, name)
    calls = [0]

    def step(*args, **kwargs):
        calls[0] += 1
        if calls[0] == after:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(module, name, step)  # this process only: it is killed before it returns
    encrypt.encrypt_plain_records(Workspace.open(root).store)


@pytest.mark.parametrize("where", ["writing", "replacing"])
def test_a_migration_killed_part_way_loses_nothing_and_finishes_when_run_again(
        tmp_path: Path, where: str) -> None:
    workspace, records = _plain_workspace(tmp_path / "ws")
    child = FORK.Process(target=_migrate_until_killed, args=(str(workspace.root), where, 10))
    child.start()
    child.join(60)
    assert child.exitcode == -signal.SIGKILL

    stored, plain = _stored(workspace)
    assert stored == records
    assert 0 < len(plain) < len(records), "the kill landed neither before nor after the work"
    leftovers = list(workspace.store.temp_files())
    assert leftovers and all(is_sealed(path.read_bytes()) for path in leftovers)

    assert main(["migrate", str(workspace.root)]) == 0
    stored, plain = _stored(workspace)
    assert stored == records and plain == []
    assert _words_in_files(workspace.root) == []


def test_untrusted_files_go_to_quarantine_before_anything_is_rewritten(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    workspace, records = _plain_workspace(tmp_path / "ws", per_person=1)
    (workspace.root / "records" / "reflections" / "p01" / "reflection-bad.json").write_text("{half")
    assert main(["migrate", str(workspace.root)]) == 1
    assert "1 untrusted file moved to quarantine first" in capsys.readouterr().out
    stored, plain = _stored(workspace)
    assert stored == records and plain == []


def test_a_workspace_kept_plain_on_purpose_is_refused(tmp_path: Path) -> None:
    workspace = Workspace.create(tmp_path / "copy", Settings(name="copy", key_folder=None))
    with pytest.raises(StoreError, match="keeps its records plain"):
        encrypt.encrypt_plain_records(workspace.store)
