"""Fault tests: concurrent writers, writers killed mid-write, corrupt files,
a read-only workspace and a full disk. The store must never lose or half-show a record."""

from __future__ import annotations

import errno
import multiprocessing
import os
import random
import re
import signal
import time
from datetime import date
from pathlib import Path

import pytest

from kit.capture.submit import submit
from kit.errors import StoreError
from kit.model.records import LicenceEvent, Reflection
from kit.store import atomic
from kit.store.record_store import CorruptRecord, Store
from kit.store.workspace import Workspace

FORK = multiprocessing.get_context("fork")
DAY = date(2025, 4, 3)


def event(practitioner_id: str = "p01", reason: str = "") -> LicenceEvent:
    return LicenceEvent.new(practitioner_id=practitioner_id, event="applied", event_date=DAY,
                            reason=reason)


def assert_every_visible_record_is_whole(store: Store) -> int:
    """Decode every record file (not via load, so nothing is moved); return how many."""
    paths = list(store.record_files())
    for path in paths:
        store.read(path)  # raises CorruptRecord on a partial file
    return len(paths)


# -- concurrent writers ------------------------------------------------------

def _submit_many(root: str, start: multiprocessing.synchronize.Barrier, count: int,
                 shared: list[LicenceEvent]) -> None:
    workspace = Workspace.open(root)
    start.wait()
    for number in range(count):
        # straight to the store: many 'applied' events would break the licence's order rules
        workspace.store.write(event(reason=f"writer {os.getpid()} record {number}"))
        if number < len(shared):
            workspace.store.write(shared[number])  # every writer double-submits these


def test_four_processes_submitting_500_each_give_2000_intact_records(workspace: Workspace) -> None:
    processes, per_process = 4, 500
    shared = [event(reason=f"shared {n}") for n in range(25)]
    start = FORK.Barrier(processes)
    writers = [FORK.Process(target=_submit_many, args=(str(workspace.root), start, per_process, shared))
               for _ in range(processes)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert [writer.exitcode for writer in writers] == [0] * processes

    loaded = workspace.store.load("licence_events")
    assert loaded.quarantined == []
    own = [r for r in loaded.records if r.reason.startswith("writer ")]
    assert len(own) == processes * per_process
    assert len({r.record_id for r in own}) == processes * per_process
    assert len({r.reason for r in own}) == processes * per_process
    assert sorted(r.record_id for r in loaded.records if r.reason.startswith("shared ")) == sorted(
        r.record_id for r in shared)
    assert list(workspace.store.temp_files()) == []


# -- writers killed mid-write -----------------------------------------------

def _write_slowly_until_killed(root: str, report_fd: int) -> None:
    """Write big records forever, on a slow 'disk', reporting each id once it is saved."""
    real_write = os.write

    def slow_write(descriptor: int, data) -> int:
        if descriptor == report_fd:
            return real_write(descriptor, data)
        time.sleep(0.0005)
        return real_write(descriptor, bytes(data[:4096]))

    os.write = slow_write  # this process only
    store = Store(Path(root))
    while True:
        record = event(reason="x" * 19_000)
        store.write(record)
        real_write(report_fd, (record.record_id + "\n").encode())


def test_a_writer_killed_mid_write_50_times_leaves_no_partial_record(tmp_path: Path) -> None:
    store = Store(tmp_path)
    confirmed: list[str] = []
    kills_with_temp_file = 0
    rng = random.Random(20250403)
    for _ in range(50):
        read_fd, write_fd = os.pipe()
        writer = FORK.Process(target=_write_slowly_until_killed, args=(str(tmp_path), write_fd))
        writer.start()
        os.close(write_fd)
        time.sleep(rng.uniform(0.005, 0.04))
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        assert writer.exitcode == -signal.SIGKILL
        with os.fdopen(read_fd) as reports:
            confirmed += reports.read().split()
        kills_with_temp_file += bool(list(store.temp_files()))
        assert_every_visible_record_is_whole(store)

    assert kills_with_temp_file > 0, "no kill landed mid-write; the test did not test anything"
    stray = store.sweep_temp_files(older_than=0)
    assert len(stray) == len(set(stray)) and list(store.temp_files()) == []
    loaded = store.load()
    assert loaded.quarantined == []
    stored = {record.record_id for record in loaded.records}
    assert set(confirmed) <= stored  # every write that returned is on disk


def test_fresh_temp_files_of_a_live_writer_are_not_swept(tmp_path: Path) -> None:
    store = Store(tmp_path)
    folder = store.write(event()).parent
    live = folder / ".licence_event-x.1.1.tmp"
    live.write_text("{")
    assert store.sweep_temp_files() == []
    assert live.exists()


# -- corrupt files -------------------------------------------------------------

CORRUPTIONS = {
    "truncated_json": (lambda good: good[: len(good) // 2], "not complete JSON"),
    "nul_bytes": (lambda good: good[:20] + b"\x00\x00\x00" + good[20:], "NUL bytes"),
    "bom": (lambda good: b"\xef\xbb\xbf" + good, "byte-order mark"),
    "zero_bytes": (lambda good: b"", "empty (0 bytes)"),
    "invalid_utf8": (lambda good: good.replace(b'"reason":""', b'"reason":"\xff\xfe"'), "not valid UTF-8"),
    "unknown_schema_version": (
        lambda good: good.replace(b'"schema_version":1', b'"schema_version":99'), "schema_version 99"),
    "not_an_object": (lambda good: b"[1, 2, 3]", "not a record"),
    "invalid_record": (lambda good: good.replace(b'"event":"applied"', b'"event":"exploded"'),
                       "not valid: event"),
    "unknown_kind": (lambda good: good.replace(b'"kind":"licence_event"', b'"kind":"diary"'),
                     "unknown record kind"),
}


@pytest.mark.parametrize("kind", list(CORRUPTIONS))
def test_corrupt_files_are_quarantined_with_reasons_and_the_rest_loads(tmp_path: Path, kind: str
                                                                         ) -> None:
    store = Store(tmp_path)
    good = [event() for _ in range(3)]
    for record in good:
        store.write(record)
    damage, reason = CORRUPTIONS[kind]
    victim = event()
    bad_path = store.path_for(victim)
    bad_path.write_bytes(damage(victim.model_dump_json().encode()))
    with pytest.raises(CorruptRecord, match=re.escape(reason)):
        store.read(bad_path)

    loaded = store.load()
    assert sorted(r.record_id for r in loaded.records) == sorted(r.record_id for r in good)
    [(moved, why)] = loaded.quarantined
    assert reason in why
    assert not bad_path.exists() and moved.exists()
    assert store.quarantined_files() == [(moved, why)]
    assert store.load().quarantined == []  # set aside once, not again


def test_every_kind_of_corruption_at_once(tmp_path: Path) -> None:
    store = Store(tmp_path)
    good = [store.write(event()) for _ in range(5)]
    for damage, _ in CORRUPTIONS.values():
        victim = event()
        store.path_for(victim).write_bytes(damage(victim.model_dump_json().encode()))
    loaded = store.load()
    assert len(loaded.records) == len(good)
    assert len(store.quarantined_files()) == len(CORRUPTIONS)
    assert all(reason for _, reason in store.quarantined_files())


# -- read-only workspace and full disk (simulated) ---------------------------

def _fail_inside(monkeypatch: pytest.MonkeyPatch, root: Path, code: int, *names: str) -> None:
    """Make the named os functions raise ``code`` for paths inside ``root``.

    ``open`` fails only when opening to write: a read-only file system still reads.
    """
    for name in names:
        real = getattr(os, name)

        def failing(path, *args, _real=real, _name=name, **kwargs):
            read_only = _name == "open" and args and not args[0] & (os.O_WRONLY | os.O_RDWR)
            if str(path).startswith(str(root)) and not read_only:
                raise OSError(code, os.strerror(code), str(path))
            return _real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, failing)


def _snapshot(store: Store) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in store.record_files()}


@pytest.mark.parametrize("failing", [("open", "mkdir"), ("link", "replace")], ids=["open", "link"])
def test_a_read_only_workspace_gives_a_clear_error_and_loses_nothing(
        workspace: Workspace, make_reflection, monkeypatch: pytest.MonkeyPatch,
        failing: tuple[str, ...]) -> None:
    make_reflection()
    before = _snapshot(workspace.store)
    _fail_inside(monkeypatch, workspace.root, errno.EROFS, *failing)
    for record in (event(), event("p03")):  # an existing folder, and a new one
        with pytest.raises(StoreError, match=r"cannot be written to .*read-only file system"):
            submit(workspace, record)
    monkeypatch.undo()
    assert _snapshot(workspace.store) == before
    assert list(workspace.store.temp_files()) == []
    assert len(workspace.store.latest("reflections")) == 1


def test_reading_a_read_only_workspace_still_works_and_skips_bad_files(
        workspace: Workspace, make_reflection, monkeypatch: pytest.MonkeyPatch) -> None:
    reflection = make_reflection()
    bad = workspace.store.path_for(event())
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"")
    _fail_inside(monkeypatch, workspace.root, errno.EROFS, "open", "mkdir", "replace", "rename")
    monkeypatch.setattr("shutil.move", lambda *a, **k: (_ for _ in ()).throw(
        OSError(errno.EROFS, os.strerror(errno.EROFS))))
    loaded = workspace.store.load()
    assert reflection in loaded.records
    assert loaded.quarantined == [(bad, "the file is empty (0 bytes)")]
    assert bad.exists()  # could not be moved, but is still skipped


@pytest.mark.parametrize("when", ["first_write", "second_write", "fsync"])
def test_a_full_disk_gives_a_clear_error_and_loses_nothing(
        workspace: Workspace, make_reflection, monkeypatch: pytest.MonkeyPatch, when: str,
        patch_module_os) -> None:
    make_reflection()
    before = _snapshot(workspace.store)
    real_write, real_fsync = os.write, os.fsync
    calls = {"write": 0}

    def full_write(descriptor: int, data) -> int:
        calls["write"] += 1
        if when == "first_write" or (when == "second_write" and calls["write"] > 1):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(descriptor, bytes(data[:100]))  # a partial write first

    def full_fsync(descriptor: int) -> None:
        if when == "fsync":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(descriptor)

    patch_module_os(monkeypatch, atomic, write=full_write, fsync=full_fsync)  # the store's writes only
    with pytest.raises(StoreError, match=r"disk holding .* is full"):
        submit(workspace, event(reason="y" * 500))
    monkeypatch.undo()
    assert _snapshot(workspace.store) == before
    assert list(workspace.store.temp_files()) == []
    assert all(isinstance(r, Reflection) for r in workspace.store.latest("reflections"))


def test_a_store_error_message_says_what_to_do(workspace: Workspace, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    _fail_inside(monkeypatch, workspace.root, errno.ENOSPC, "open")
    with pytest.raises(StoreError) as caught:
        submit(workspace, event())
    assert "Free some space and save again" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_quarantine_reason_files_are_plain_text(tmp_path: Path) -> None:
    store = Store(tmp_path)
    victim = event()
    store.path_for(victim).parent.mkdir(parents=True)
    store.path_for(victim).write_bytes(b"{")
    [(moved, reason)] = store.load().quarantined
    assert moved.with_name(moved.name + ".reason.txt").read_text(encoding="utf-8") == reason + "\n"


def test_sweeping_a_read_only_workspace_skips_what_it_cannot_remove(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path)
    folder = store.write(event()).parent
    stale = folder / ".licence_event-x.1.1.tmp"
    stale.write_text("{")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    _fail_inside(monkeypatch, tmp_path, errno.EROFS, "unlink")
    assert store.sweep_temp_files() == []
    monkeypatch.undo()
    assert stale.exists()
