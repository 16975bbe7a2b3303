"""How wide the kit's files and folders are: no wider than they need to be, whatever the umask.

A workspace holds what practitioners wrote, so nothing the kit writes is readable by other users
of the machine: files are ``0640`` and folders ``0750`` (the owner, and a group an
administrator may choose, e.g. for backups), and a folder named ``private/`` (a workspace's
names to hide, pseudonym key, release queue and audit log) is ``0700``, its owner's alone.

The kit's own writers give these modes explicitly (:mod:`kit.store.atomic` for files,
:func:`make_folder` for folders), so a JupyterLab kernel writing a local workspace gets them
too. Every ``candle`` command, ``candle serve`` among them, also narrows the process umask
once as it starts (:func:`narrow_umask`), for what libraries write by themselves (papermill,
nbconvert, logging, tornado): a stricter umask is kept, a looser one is narrowed to ``027``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o640
"""Every file the kit writes: its owner reads and writes it, its group reads it, nobody else."""
DIR_MODE = 0o750
"""Every folder the kit makes (the umask may narrow it further, never widen it)."""
PRIVATE_DIR_MODE = 0o700
"""A folder named :data:`PRIVATE_FOLDER`: its owner's alone."""
PRIVATE_FOLDER = "private"
UMASK = 0o027
"""The umask every candle command narrows its process's to (nothing for others, no group
writes)."""


def folder_mode(folder: Path) -> int:
    """The mode a new ``folder`` gets: :data:`PRIVATE_DIR_MODE` for ``private/``, else
    :data:`DIR_MODE`."""
    return PRIVATE_DIR_MODE if Path(folder).name == PRIVATE_FOLDER else DIR_MODE


def make_folder(path: Path | str, mode: int | None = None) -> Path:
    """Make ``path`` and any missing folders above it, each no wider than :func:`folder_mode`
    says (and than ``mode``, if given; ``mkdir -p`` would give the parents the umask's mode);
    folders already there are left as they are. Returns ``path``."""
    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=folder_mode(folder) & (0o777 if mode is None else mode))
        except FileExistsError:
            if not folder.is_dir():
                raise
    return path


def open_to_others(root: Path | str) -> list[tuple[Path, int]]:
    """The workspace folder ``root`` if other users may enter or list it (any of ``0o007``), and
    its ``private/`` if anyone but its owner may (any of ``0o077``), each with its mode."""
    root = Path(root)
    found = []
    for folder, others in ((root, 0o007), (root / PRIVATE_FOLDER, 0o077)):
        try:
            mode = stat.S_IMODE(folder.stat().st_mode)
        except OSError:
            continue
        if mode & others:
            found.append((folder, mode))
    return found


def narrow_umask() -> int:
    """Narrow this process's umask to at least :data:`UMASK`; returns the one it had.

    Process-wide, so it is called once, where a ``candle`` command starts (never inside a
    library call, whose caller's umask is theirs).
    """
    old = os.umask(UMASK)
    os.umask(old | UMASK)
    return old
