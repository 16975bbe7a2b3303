"""kit.store.atomic: the one file writer (complete or absent, never half a file)."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

from kit.store import atomic


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(atomic.TEMP_SUFFIX))


@pytest.mark.parametrize("durable", [True, False], ids=["durable", "derived"])
def test_write_bytes_replaces_the_file_and_leaves_no_temp(tmp_path: Path, durable: bool) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")
    assert atomic.write_bytes(target, b"new", durable=durable) == target
    assert target.read_bytes() == b"new"
    assert leftovers(tmp_path) == []


def test_chunks_are_written_in_order(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    payload = [b"a,b\n", memoryview(b"1,2\n"), bytearray(b"3,4\n")]
    atomic.write_bytes(target, (chunk for chunk in payload))
    assert target.read_bytes() == b"a,b\n1,2\n3,4\n"


def test_write_text_encodes_utf8(tmp_path: Path) -> None:
    target = tmp_path / "kit.yaml"
    atomic.write_text(target, "name: Ysgol Gymraeg ✓\n")
    assert target.read_text(encoding="utf-8") == "name: Ysgol Gymraeg ✓\n"


def test_a_failed_write_keeps_the_old_file_and_removes_the_temp(tmp_path: Path) -> None:
    target = tmp_path / "draft.json"
    target.write_bytes(b"saved earlier")

    def broken():
        yield b"half of "
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        atomic.write_bytes(target, broken())
    assert target.read_bytes() == b"saved earlier"
    assert leftovers(tmp_path) == []


def test_mode_is_set_exactly_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        target = atomic.write_bytes(tmp_path / "shared.json", b"{}", mode=0o644)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_create_bytes_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "key"
    assert atomic.create_bytes(target, b"first", mode=0o600) is True
    assert atomic.create_bytes(target, b"second", mode=0o600) is False
    assert target.read_bytes() == b"first"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


def test_create_bytes_racing_writers_leave_exactly_one_complete_file(tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    payloads = [bytes([65 + n]) * 50_000 for n in range(8)]
    won: list[bytes] = []
    start = threading.Barrier(len(payloads))

    def writer(payload: bytes) -> None:
        start.wait()
        if atomic.create_bytes(target, payload):
            won.append(payload)

    threads = [threading.Thread(target=writer, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    assert target.read_bytes() == won[0]
    assert leftovers(tmp_path) == []


def test_create_bytes_without_hard_links_still_creates_once(tmp_path: Path, monkeypatch,
                                                            patch_module_os) -> None:
    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    patch_module_os(monkeypatch, atomic, link=no_links)  # the writer's links only, no other thread's
    target = tmp_path / "key"
    assert atomic.create_bytes(target, b"first") is True
    assert atomic.create_bytes(target, b"second") is False
    assert target.read_bytes() == b"first"


def test_replacing_gives_a_library_a_temp_name(tmp_path: Path) -> None:
    target = tmp_path / "review.ipynb"
    target.write_text("old")
    with atomic.replacing(target) as temp:
        assert temp.parent == tmp_path and temp.name.startswith(".")
        temp.write_text("new")
        assert target.read_text() == "old"
    assert target.read_text() == "new"
    assert leftovers(tmp_path) == []


def test_replacing_keeps_the_old_file_when_the_library_fails(tmp_path: Path) -> None:
    target = tmp_path / "table.parquet"
    target.write_text("old")
    with pytest.raises(ValueError), atomic.replacing(target, durable=False) as temp:
        temp.write_text("partial")
        raise ValueError("the writer failed")
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_new_folder_appears_complete_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "part-000001"
    with atomic.new_folder(target) as temp:
        (temp / "a.arrow").write_bytes(b"rows")
        assert not target.exists()
    assert (target / "a.arrow").read_bytes() == b"rows"
    failed = tmp_path / "part-000002"
    with pytest.raises(RuntimeError), atomic.new_folder(failed) as temp:
        (temp / "a.arrow").write_bytes(b"half")
        raise RuntimeError("interrupted")
    assert not failed.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part-000001"]
