"""Atomic file writing: the one way the kit puts a file on disk.

Every writer follows the same steps: write a hidden temp file in the target's own
folder (so the rename never crosses a file system), optionally fsync it, rename
it into place with ``os.replace`` (or, for :func:`create_bytes`, link it into
place so an existing file is never replaced), then fsync the folder so the
rename itself survives a power cut. A reader therefore sees the old file or the
new one, never half of one; a crash leaves at most a stray ``.*.tmp`` file.

``durable=False`` skips both fsyncs. Use it only for derived files that are
rebuilt when damaged (compiled tables, caches): the rename is still atomic.

Every file is given its mode exactly, :data:`kit.filemodes.FILE_MODE` (``0640``) unless the
caller asks for another, whatever the umask (:mod:`kit.filemodes`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from kit.filemodes import DIR_MODE, FILE_MODE

TEMP_SUFFIX = ".tmp"
"""Every temp file is named ``.<target name>.<unique>.tmp`` in the target's folder."""


def temp_path(path: Path) -> Path:
    """A fresh hidden temp name beside ``path`` (unique per process, thread and moment)."""
    unique = f"{os.getpid()}.{threading.get_ident()}.{time.monotonic_ns()}"
    return path.with_name(f".{path.name}.{unique}{TEMP_SUFFIX}")


def fsync_dir(folder: Path) -> None:
    """Flush ``folder``'s entries (a rename into it) to disk, where the system allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some systems cannot open folders; the file itself is already synced
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):
            raise
    finally:
        os.close(descriptor)


def _write_temp(temp: Path, chunks: Iterable[bytes | memoryview], durable: bool,
                mode: int) -> None:
    """Create ``temp`` (never an existing file), write every chunk, fsync if ``durable``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(temp, flags, mode)
    try:
        os.fchmod(descriptor, mode)  # the umask must not loosen or tighten it
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
        if durable:
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _chunks(payload: bytes | memoryview | Iterable[bytes | memoryview]
            ) -> Iterable[bytes | memoryview]:
    return [payload] if isinstance(payload, bytes | bytearray | memoryview) else payload


def write_bytes(path: Path, payload: bytes | memoryview | Iterable[bytes | memoryview], *,
                durable: bool = True, mode: int = FILE_MODE) -> Path:
    """Replace ``path`` with ``payload`` atomically and return ``path``.

    ``payload`` is bytes or an iterable of byte chunks (written in order, never
    joined in memory). ``mode`` sets the file's permissions exactly (default
    :data:`~kit.filemodes.FILE_MODE`, whatever the umask). The folder must exist. On any
    error the temp file is removed and the old ``path``, if any, is untouched.
    """
    path = Path(path)
    temp = temp_path(path)
    try:
        _write_temp(temp, _chunks(payload), durable, mode)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    if durable:
        fsync_dir(path.parent)
    return path


def write_text(path: Path, text: str, *, durable: bool = True, mode: int = FILE_MODE,
               encoding: str = "utf-8") -> Path:
    """Replace ``path`` with ``text`` atomically (see :func:`write_bytes`)."""
    return write_bytes(path, text.encode(encoding), durable=durable, mode=mode)


def create_bytes(path: Path, payload: bytes | memoryview | Iterable[bytes | memoryview], *,
                 mode: int = FILE_MODE) -> bool:
    """Put ``payload`` at ``path`` only if nothing is there yet; never overwrite.

    The content is written and fsynced in full before it appears under its
    name, so ``path`` is complete or absent. Returns True if this call created
    the file, False if ``path`` already existed (its content is left alone).
    """
    path = Path(path)
    if path.exists():
        return False
    temp = temp_path(path)
    try:
        _write_temp(temp, _chunks(payload), True, mode)
        try:
            os.link(temp, path)  # fails if path exists: no window for overwriting
        except FileExistsError:
            return False
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            if path.exists():  # a file system without hard links
                return False
            os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    fsync_dir(path.parent)
    return True


@contextlib.contextmanager
def replacing(path: Path, *, durable: bool = True, mode: int = FILE_MODE) -> Iterator[Path]:
    """Yield a temp path for a library that writes by name; on success it replaces ``path``.

    ``with replacing(target) as temp: pq.write_table(table, temp)`` leaves the old
    ``target`` untouched if the write raises, and removes the temp file either way. The
    file gets ``mode`` before it takes ``path``'s place, whatever mode the library gave it.
    """
    path = Path(path)
    temp = temp_path(path)
    try:
        yield temp
        os.chmod(temp, mode)
        if durable:
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    if durable:
        fsync_dir(path.parent)


@contextlib.contextmanager
def new_folder(path: Path) -> Iterator[Path]:
    """Yield a hidden temp folder; on success it is renamed to ``path``, complete or absent.

    ``path`` must not exist yet (a folder is never replaced). Nothing is fsynced:
    use it for derived files only. On error the temp folder is removed. Whatever modes a
    library gave what it wrote there, the folders get ``DIR_MODE`` and the files ``FILE_MODE``
    before the folder takes its name.
    """
    path = Path(path)
    temp = temp_path(path)
    temp.mkdir(mode=DIR_MODE)
    try:
        yield temp
        for inside in temp.rglob("*"):
            if not inside.is_symlink():
                inside.chmod(DIR_MODE if inside.is_dir() else FILE_MODE)
        os.rename(temp, path)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
