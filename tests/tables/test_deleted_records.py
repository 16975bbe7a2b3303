"""A record file deleted from records/ leaves every compiled file too: the Parquet and CSV
tables and the compile cache (tables/.cache). A hub kernel's copy deletes the records its
person may no longer read (a reflection made private, or withdrawn), and a table still holding
their text would keep it in the lead's home."""

from __future__ import annotations

import os
import time
from pathlib import Path

from kit.model.records import Reflection
from kit.store.workspace import Workspace
from kit.tables.compiler import compile_tables, read_table

CANARY = b"Thistlegrove"


def compiled_bytes(ws: Workspace) -> bytes:
    """Every file under tables/ (the cache included), concatenated."""
    folder = ws.folder("tables")
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def settle(ws: Workspace) -> None:
    """Date every records/ folder a minute back, as if the last change were long ago (a compile
    then trusts the folders' stamps and lists only folders that change afterwards)."""
    past = time.time() - 60
    for folder in [ws.store.records_dir, *ws.store.records_dir.rglob("*")]:
        if folder.is_dir():
            os.utime(folder, (past, past))


def test_a_deleted_record_leaves_the_tables_and_the_cache(workspace: Workspace, make_reflection) -> None:
    gone = make_reflection("p01", answers={"what": f"We met {CANARY.decode()} at the gate."})
    kept = make_reflection("p01", answers={"what": "A calm start."})
    settle(workspace)
    compile_tables(workspace)
    assert CANARY in compiled_bytes(workspace)

    workspace.store.path_for(gone).unlink()
    newer = make_reflection("p01", answers={"what": "Another calm start."})  # same folder, same count
    report = compile_tables(workspace)

    assert report.rebuilt and "gone" in report.rebuild_reason
    assert CANARY not in compiled_bytes(workspace)
    assert set(read_table(workspace, Reflection.TABLE)["record_id"]) == {kept.record_id, newer.record_id}


def test_a_deleted_record_is_noticed_by_the_next_read(workspace: Workspace, make_reflection) -> None:
    gone = make_reflection("p01", answers={"what": f"We met {CANARY.decode()} at the gate."})
    settle(workspace)
    assert len(read_table(workspace, "reflection_answers")) == 1
    Path(workspace.store.path_for(gone)).unlink()
    assert read_table(workspace, "reflection_answers").empty
    assert CANARY not in compiled_bytes(workspace)
