"""Incremental compiles: only new files are read; a rebuild gives the same tables."""

from __future__ import annotations

import errno
import shutil

import pyarrow.parquet as pq
import pytest
from tables_support import Filled

from kit.capture.submit import submit, withdraw
from kit.errors import TableError
from kit.model.history import withdrawn_entities
from kit.model.records import Reflection, Withdrawal
from kit.store.record_store import Store
from kit.tables import compiler as tables
from kit.tables import decode
from kit.tables.cache import Cache
from kit.tables.compiler import compile_tables, read_table, table_path
from kit.tables.specs import TABLE_NAMES


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every record file the compile opens (a spy on kit.tables.decode.read_record_file)."""
    opened: list[str] = []
    real = decode.read_record_file

    def spy(store: Store, relative: str, table: str):
        opened.append(relative)
        return real(store, relative, table)

    monkeypatch.setattr(decode, "read_record_file", spy)
    return opened


def new_reflection(filled: Filled, text: str = "A new nugget.") -> Reflection:
    record = Reflection.new(practitioner_id="p01", reflection_date="05/04/2025",
                            focus_area_ids=[filled.area_ids[0]], template="nuggets",
                            answers={"nugget": text}, tags=["storms"])
    submit(filled.ws, record)
    return record


def snapshot(filled: Filled) -> dict[str, object]:
    """Every table's Parquet contents and CSV bytes."""
    result: dict[str, object] = {}
    for name in TABLE_NAMES:
        result[name] = pq.read_table(table_path(filled.ws, name))
        result[name + ".csv"] = table_path(filled.ws, name, "csv").read_bytes()
    return result


def test_a_second_compile_reads_only_the_new_files(filled: Filled, reads: list[str]) -> None:
    first = compile_tables(filled.ws)
    assert first.files_read == len(reads) > 10
    reads.clear()
    added = [new_reflection(filled, "one"), new_reflection(filled, "two")]
    report = compile_tables(filled.ws)
    assert sorted(path.rsplit("/", 1)[1] for path in reads) == sorted(
        f"{record.record_id}.json" for record in added)
    assert report.files_read == 2 and not report.rebuilt
    assert {r.record_id for r in added} <= set(read_table(filled.ws, "reflections")["record_id"])


def test_nothing_new_reads_nothing_and_writes_nothing(filled: Filled, reads: list[str]) -> None:
    compile_tables(filled.ws)
    reads.clear()
    report = compile_tables(filled.ws)
    assert reads == [] and report.files_read == 0 and report.tables_written == []


def test_only_the_tables_a_new_record_touches_are_rewritten(filled: Filled) -> None:
    compile_tables(filled.ws)
    new_reflection(filled)
    report = compile_tables(filled.ws)
    assert report.tables_written == ["reflections", "reflection_answers", "reflection_tags",
                                     "reflection_focus_areas"]


def test_incremental_equals_rebuild(filled: Filled) -> None:
    compile_tables(filled.ws)
    record = new_reflection(filled)
    compile_tables(filled.ws)
    withdraw(filled.ws, "reflections", record.entity_id, practitioner_id="p01", author_id="p01",
             reason="Not needed")
    new_reflection(filled, "=1+1 after the withdrawal")
    compile_tables(filled.ws)
    incremental = snapshot(filled)
    report = compile_tables(filled.ws, rebuild=True)
    assert report.rebuilt
    rebuilt = snapshot(filled)
    for name, value in incremental.items():
        assert value == rebuilt[name], name


def test_a_withdrawal_after_compiling_flags_the_old_rows(filled: Filled) -> None:
    compile_tables(filled.ws)
    withdraw(filled.ws, "reflections", filled.odd.entity_id, practitioner_id="p02",
             author_id="p02", reason="Changed my mind")
    report = compile_tables(filled.ws)
    assert Withdrawal.TABLE in report.tables_written
    answers = read_table(filled.ws, "reflection_answers", current_only=False)
    assert answers.loc[answers["entity_id"] == filled.odd.entity_id, "is_withdrawn"].all()


def test_a_damaged_cache_is_rebuilt_from_records(filled: Filled) -> None:
    compile_tables(filled.ws)
    before = snapshot(filled)
    cache = Cache(filled.ws.folder("tables"))
    part = cache.parts_dir / cache.part_names()[0] / "files.arrow"
    part.write_bytes(b"not arrow")
    report = compile_tables(filled.ws)
    assert report.rebuilt and "unreadable" in report.rebuild_reason
    assert snapshot(filled) == before


def test_a_missing_cache_is_rebuilt_from_records(filled: Filled) -> None:
    compile_tables(filled.ws)
    shutil.rmtree(filled.ws.folder("tables") / ".cache")
    report = compile_tables(filled.ws)
    assert report.rebuilt and report.files_read > 10


def test_a_compiled_file_that_disappears_forces_a_rebuild(filled: Filled) -> None:
    compile_tables(filled.ws)
    gone = next(filled.ws.store.record_files("support_contacts"))
    gone.unlink()
    report = compile_tables(filled.ws)
    assert report.rebuilt and "gone" in report.rebuild_reason
    assert read_table(filled.ws, "support_contacts").empty


def test_tables_catch_up_after_an_interrupted_compile(filled: Filled, monkeypatch) -> None:
    compile_tables(filled.ws)
    new_reflection(filled, "written before the crash")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(tables, "_write_outputs", crash)
    with pytest.raises(KeyboardInterrupt):
        compile_tables(filled.ws)
    monkeypatch.undo()
    report = compile_tables(filled.ws)
    assert report.files_read == 0 and report.tables_written == list(TABLE_NAMES)
    assert "written before the crash" in set(read_table(filled.ws, "reflection_answers")["answer"])


def test_many_parts_are_merged(filled: Filled, monkeypatch) -> None:
    monkeypatch.setattr(tables, "MAX_PARTS", 2)
    compile_tables(filled.ws)
    for number in range(3):
        new_reflection(filled, f"part {number}")
        compile_tables(filled.ws)
    assert len(Cache(filled.ws.folder("tables")).part_names()) <= 2
    assert {f"part {n}" for n in range(3)} <= set(read_table(filled.ws, "reflection_answers")["answer"])


def test_withdrawn_rule_agrees_with_the_history_module(filled: Filled) -> None:
    """kit.tables.compiler applies kit.model.history's rule in Arrow: withdrawing a withdrawal restores."""
    first = withdraw(filled.ws, "reflections", filled.odd.entity_id, practitioner_id="p02",
                     author_id="p02", reason="Oops")
    withdraw(filled.ws, "withdrawals", first.entity_id, practitioner_id="p02", author_id="p02",
             reason="Undo")
    compile_tables(filled.ws)
    records = [r for r in filled.ws.store.versions("withdrawals") if isinstance(r, Withdrawal)]
    expected = withdrawn_entities(records)
    flagged = read_table(filled.ws, "withdrawals", current_only=False)
    assert set(flagged.loc[flagged["is_withdrawn"], "entity_id"]) == expected & set(flagged["entity_id"])
    current = set(read_table(filled.ws, "reflections")["entity_id"])
    assert filled.odd.entity_id in current and filled.r2.entity_id not in current


def test_unwritable_tables_give_a_clear_error_and_the_last_tables(filled: Filled, monkeypatch) -> None:
    compile_tables(filled.ws)
    before = len(read_table(filled.ws, "reflections"))
    new_reflection(filled, "while the disk is read-only")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tables, "write_parquet", read_only)
    with pytest.raises(TableError, match=r"cannot be written.*records are untouched"):
        compile_tables(filled.ws)
    with pytest.warns(UserWarning, match="as last compiled"):
        assert len(read_table(filled.ws, "reflections")) == before
    monkeypatch.undo()
    assert len(read_table(filled.ws, "reflections")) == before + 1


def test_the_process_pool_gives_the_same_tables(filled: Filled, monkeypatch) -> None:
    compile_tables(filled.ws, rebuild=True)
    in_process = snapshot(filled)
    monkeypatch.setattr(decode, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(decode, "CHUNK_SIZE", 3)
    seen: list[tuple[int, int]] = []
    report = compile_tables(filled.ws, rebuild=True, progress=lambda done, total: seen.append((done, total)))
    assert report.files_read == seen[-1][0] == seen[-1][1] and len(seen) > 3
    assert snapshot(filled) == in_process


def test_a_compile_waits_for_one_that_threw_the_cache_away(filled: Filled) -> None:
    """Two kernels compiling one workspace at once: the second waits for the first, even when
    the first deleted tables/.cache (the lock used to live there, so the second locked a new
    file and compiled at the same time, mixing rows and CSV lines of different parts)."""
    import threading

    ws = filled.ws
    folder = tables.tables_dir(ws)
    before = len(read_table(ws, "reflections"))
    submit(ws, new_reflection(filled))
    finished = threading.Event()
    with tables.compile_lock(folder):
        Cache(folder).clear()  # what a compile does when it rebuilds
        second = threading.Thread(target=lambda: (compile_tables(ws), finished.set()))
        second.start()
        waited = not finished.wait(1.5)
    second.join(timeout=60)
    assert waited, "the second compile ran while the first held the lock"
    assert finished.is_set()
    assert len(read_table(ws, "reflections")) == before + 1
