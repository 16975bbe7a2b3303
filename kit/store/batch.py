"""Writing many records all-or-nothing: staged in the workspace, then committed.

Every record file is first written into a hidden staging folder inside the
workspace, ``.staging-<pid>-<time>/``, so a full disk or an unwritable folder
shows up before any record appears; the file system is then flushed once
(``syncfs``: one flush instead of one ``fsync`` a file, which made a 2,000-row
import take 15 s). Then each staged file is hard-linked to its place in
``records/`` (never replacing a file already there) and the file system is
flushed again, so a record's name never outlives a power cut without its content.
If anything fails, the files this batch linked are removed again and the
staging folder with them: nothing of the batch remains. A batch cut short by
``kill -9`` leaves a staging folder that :func:`sweep_staging` (run by
``candle check``) removes once its process is gone.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kit.errors import StoreError
from kit.filemodes import DIR_MODE, FILE_MODE, make_folder
from kit.model.records import Record
from kit.store import atomic, integrity
from kit.store.record_store import Store, write_error

STAGING_PREFIX = ".staging-"
try:
    _LIBC: ctypes.CDLL | None = ctypes.CDLL(None, use_errno=True)
except OSError:  # no C library to ask: fall back to fsync
    _LIBC = None


class BatchFailed(StoreError):
    """A batch could not be written; nothing of it was kept. ``index`` is the record that failed."""

    def __init__(self, index: int, error: StoreError) -> None:
        self.index = index
        self.cause = error
        super().__init__(error.message, error.hint)


@dataclass
class BatchResult:
    """What a batch wrote: how many new files, and how many were already stored."""

    written: int = 0
    already_stored: int = 0


def _stage(folder: Path, index: int, payload: bytes) -> Path:
    return write_unflushed(folder / f"{index}.json", payload)


def write_unflushed(path: Path, payload: bytes) -> Path:
    """Create ``path`` (never an existing file, never through a link) holding ``payload``, mode
    :data:`FILE_MODE`, not yet flushed: :func:`flush` many such files at once."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
        view = memoryview(payload)
        while view:
            view = view[os.write(descriptor, view):]
    finally:
        os.close(descriptor)
    return path


def flush(folder: Path, files: list[Path]) -> None:
    """Make ``files`` (all in ``folder``'s file system) durable: one ``syncfs``, else an fsync each."""
    syncfs = getattr(_LIBC, "syncfs", None)
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        if syncfs is not None and syncfs(descriptor) == 0:
            return
    finally:
        os.close(descriptor)
    for path in files:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _commit(store: Store, staged: list[tuple[int, Path, Path]], result: BatchResult) -> list[Path]:
    """Link each staged file into place; returns the paths this batch created."""
    created: list[Path] = []
    folders: set[Path] = set()
    for index, source, final in staged:
        try:
            if final.parent not in folders:
                store.check_inside(final.parent)
                make_folder(final.parent)
                folders.add(final.parent)
            os.link(source, final)
        except FileExistsError:
            result.already_stored += 1
            continue
        except StoreError as error:
            raise _Failed(index, error, created) from None
        except OSError as error:
            raise _Failed(index, write_error(error, final), created) from None
        created.append(final)
    if created:
        try:
            flush(store.root, sorted(folders))
        except OSError as error:
            raise _Failed(staged[0][0], write_error(error, created[0]), created) from None
    return created


class _Failed(Exception):
    def __init__(self, index: int, error: StoreError, created: list[Path]) -> None:
        super().__init__(str(error))
        self.index, self.error, self.created = index, error, created


def write_batch(store: Store, records: Sequence[Record]) -> BatchResult:
    """Store every record of ``records``, or none of them.

    Records already stored (same path) are left alone and counted in
    ``already_stored``. Raises :class:`BatchFailed` naming the failing record's
    index, after removing everything this batch wrote.
    """
    result = BatchResult()
    folder = store.root / f"{STAGING_PREFIX}{os.getpid()}-{time.time_ns()}"
    staged: list[tuple[int, Path, Path]] = []
    created: list[Path] = []
    try:
        folder.mkdir(mode=DIR_MODE)
        for index, record in enumerate(records):
            final = store.path_for(record)
            if os.path.lexists(final) and not integrity.is_link(final):
                result.already_stored += 1
                continue
            try:
                staged.append((index, _stage(folder, index, store.encode(record)), final))
            except StoreError as error:  # no data key could be made
                raise _Failed(index, error, []) from None
            except OSError as error:
                raise _Failed(index, write_error(error, final), []) from None
        if staged:
            flush(folder, [path for _, path, _ in staged])
        created = _commit(store, staged, result)
    except _Failed as failure:
        _remove(failure.created)
        raise BatchFailed(failure.index, failure.error) from None
    except OSError as error:
        _remove(created)
        raise BatchFailed(0, write_error(error, folder)) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result.written = len(created)
    return result


def _remove(paths: list[Path]) -> None:
    for path in paths:
        try:
            path.unlink()
        except OSError:
            continue
    for folder in {path.parent for path in paths}:
        atomic.fsync_dir(folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_staging(store: Store, older_than: float) -> list[Path]:
    """Remove staging folders of batches whose process is gone, older than ``older_than`` s."""
    swept = []
    cutoff = time.time() - older_than
    try:
        entries = sorted(store.root.glob(f"{STAGING_PREFIX}*"))
    except OSError:
        return swept
    for folder in entries:
        try:
            pid = int(folder.name.removeprefix(STAGING_PREFIX).split("-")[0])
            if integrity.is_link(folder) or _alive(pid) or folder.stat().st_mtime > cutoff:
                continue
            shutil.rmtree(folder)
        except (ValueError, OSError):
            continue
        swept.append(folder)
    return swept
