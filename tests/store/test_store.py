"""The store's own rules: layout, atomic idempotent writes, reading, quarantine, temp files."""

from __future__ import annotations

import os
import stat
import time
from datetime import date
from pathlib import Path

import pytest

from kit.errors import StoreError
from kit.filemodes import FILE_MODE
from kit.model.records import FocusArea, NamesToHide, Profile
from kit.store.record_store import CorruptRecord, Store, decode_record, encode_record


def area(label: str = "Family A", practitioner_id: str = "p01") -> FocusArea:
    return FocusArea.new(practitioner_id=practitioner_id, label=label, focus_kind="family",
                         opened_on=date(2025, 4, 3))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path)


def test_one_file_per_record_named_by_id(store: Store) -> None:
    record = area()
    path = store.write(record)
    assert path == store.root / "records" / "focus_areas" / "p01" / f"{record.record_id}.json"
    raw = path.read_bytes()
    assert decode_record(raw, store.keys) == record
    assert raw.count(b"\n") == 1 and b"Family A" not in raw  # the label is sealed


def test_private_kinds_are_stored_under_private(store: Store) -> None:
    names = NamesToHide.new(practitioner_id="p01", focus_area_id="focus_area-1", names=["Alice"])
    path = store.write(names)
    assert path.is_relative_to(store.root / "private" / "records" / "names_to_hide")
    assert not (store.root / "records" / "names_to_hide").exists()
    assert store.versions("names_to_hide") == [names]


def test_files_are_written_with_mode_0640(store: Store) -> None:
    path = store.write(area())
    assert stat.S_IMODE(path.stat().st_mode) == FILE_MODE


def test_a_double_submit_is_idempotent(store: Store) -> None:
    record = area()
    first = store.write(record)
    before = first.stat().st_mtime_ns
    assert store.write(record) == first
    assert first.stat().st_mtime_ns == before
    assert list(store.record_files()) == [first]


def test_a_write_leaves_no_temp_file(store: Store) -> None:
    store.write(area())
    assert list(store.temp_files()) == []


def test_round_trip_decode(store: Store) -> None:
    record = area()
    assert decode_record(encode_record(record)) == record
    assert store.read(store.write(record)) == record


def test_record_files_by_table_and_practitioner(store: Store) -> None:
    mine, theirs = area(), area(practitioner_id="p02")
    profile = Profile.new(practitioner_id="p01", display_name="Sam", role="learner", stage="trainee")
    for record in (mine, theirs, profile):
        store.write(record)
    assert len(list(store.record_files())) == 3
    assert [p.stem for p in store.record_files("focus_areas", "p01")] == [mine.record_id]
    assert len(list(store.record_files("focus_areas"))) == 2
    assert list(store.record_files("reflections")) == []
    assert list(store.record_files("focus_areas", "nobody")) == []


def test_record_files_skip_temp_and_other_files(store: Store) -> None:
    path = store.write(area())
    (path.parent / ".focus_area-x.1.2.tmp").write_text("{")
    (path.parent / "notes.txt").write_text("hello")
    assert list(store.record_files()) == [path]


def test_latest_history_and_get(store: Store) -> None:
    first = area()
    second = first.revise(author_id="p01", edit_reason="rename", label="Family B")
    store.write(first)
    store.write(second)
    assert store.latest("focus_areas") == [second]
    assert store.history("focus_areas", first.entity_id) == [first, second]
    assert store.get("focus_areas", first.entity_id, "p01") == second
    assert store.versions("focus_areas") == sorted([first, second], key=lambda r: r.record_id)


def test_get_of_a_missing_record_is_a_clear_error(store: Store) -> None:
    with pytest.raises(StoreError, match="There is no focus_areas record nope"):
        store.get("focus_areas", "nope")


def test_a_file_whose_name_is_not_its_id_is_quarantined(store: Store) -> None:
    path = store.write(area())
    moved = path.with_name("focus_area-01JAAAAAAAAAAAAAAAAAAAAAAA.json")
    path.rename(moved)
    with pytest.raises(CorruptRecord, match="does not match its record id"):
        store.read(moved)
    result = store.load()
    assert result.records == []
    assert [reason for _, reason in result.quarantined] == [
        f"the file name does not match its record id {path.stem}"]


def test_quarantine_keeps_the_file_and_the_reason(store: Store) -> None:
    path = store.write(area())
    target = store.quarantine(path, "testing")
    assert not path.exists()
    assert target == store.root / "quarantine" / path.relative_to(store.root)
    assert store.quarantined_files() == [(target, "testing")]


def test_quarantining_the_same_name_twice_keeps_both(store: Store) -> None:
    path = store.write(area())
    content = path.read_bytes()
    store.quarantine(path, "first")
    path.write_bytes(content)
    store.quarantine(path, "second")
    assert sorted(reason for _, reason in store.quarantined_files()) == ["first", "second"]


def test_sweep_removes_only_stale_temp_files(store: Store) -> None:
    path = store.write(area())
    stale = path.parent / ".focus_area-a.1.1.tmp"
    fresh = path.parent / ".focus_area-b.1.2.tmp"
    stale.write_text("{")
    fresh.write_text("{")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    assert store.sweep_temp_files() == [stale]
    assert fresh.exists() and path.exists()
    assert store.sweep_temp_files(older_than=0) == [fresh]
    assert list(store.temp_files()) == []


def test_an_empty_workspace_loads_nothing(store: Store) -> None:
    assert store.load().records == []
    assert store.quarantined_files() == []
    assert store.sweep_temp_files() == []
