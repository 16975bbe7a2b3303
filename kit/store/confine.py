"""Keeping the store inside its workspace: listing, reading and moving without links.

Every folder the store lists is reached without a symbolic link; every file
it reads is opened with ``O_NOFOLLOW``; every file it moves is moved itself
(a link is moved as a link, its target is never touched); every place it
writes resolves to the same place inside the workspace.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from kit.store.integrity import is_link, link_reason

LINKED_FOLDERS = ("records", "private", "drafts")
"""Workspace folders under which links are reported and set aside by ``candle check``."""


class OutsideWorkspace(ValueError):
    """A path that leads out of the workspace (through a link, or outright)."""


def real_place(real_root: Path, root: Path, path: Path) -> Path:
    """Where ``path`` (inside ``root``) must resolve to, if no link is on the way."""
    return real_root / Path(path).relative_to(root)


def check_inside(root: Path, real_root: Path, path: Path) -> None:
    """Raise :class:`OutsideWorkspace` unless ``path`` resolves to its own place in the workspace.

    ``path`` need not exist: the part that exists is resolved, so a linked
    folder anywhere on the way is caught before anything is created there.
    """
    try:
        expected = real_place(real_root, root, path)
    except ValueError:
        raise OutsideWorkspace(f"{path} is outside the workspace {root}") from None
    if Path(os.path.realpath(path)) != expected:
        raise OutsideWorkspace(f"{path} leads out of its place through a symbolic link")


def plain_subdirs(folder: Path) -> list[Path]:
    """Sub-folders of ``folder`` that are real folders (links left out), sorted."""
    try:
        with os.scandir(folder) as entries:
            return sorted(folder / e.name for e in entries if e.is_dir(follow_symlinks=False))
    except OSError:
        return []


def plain_record_files(folder: Path) -> Iterator[Path]:
    """``*.json`` files of ``folder`` that are real files (no links, no temp files), sorted."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries
                           if e.name.endswith(".json") and not e.name.startswith(".")
                           and e.is_file(follow_symlinks=False))
    except OSError:
        return
    for name in names:
        yield folder / name


def is_plain_dir(path: Path) -> bool:
    """True when ``path`` is a folder and not a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def links_under(folder: Path) -> Iterator[Path]:
    """Every symbolic link at or under ``folder`` (links to files or folders), never followed."""
    if is_link(folder):
        yield folder
        return
    if not is_plain_dir(folder):
        return
    for current, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted([*dirs, *files]):
            path = Path(current) / name
            if is_link(path):
                yield path


def read_no_follow(path: Path) -> bytes:
    """The bytes of ``path``; raises OSError (ELOOP) if it is a link."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def write_no_follow(path: Path, text: str) -> None:
    """Write a small text file, refusing to write through a link planted at ``path``."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o640)
    try:
        os.write(descriptor, text.encode("utf-8"))
    finally:
        os.close(descriptor)


__all__ = [
    "LINKED_FOLDERS",
    "OutsideWorkspace",
    "check_inside",
    "is_plain_dir",
    "link_reason",
    "links_under",
    "plain_record_files",
    "plain_subdirs",
    "read_no_follow",
    "write_no_follow",
]
