"""Pseudonyms: HMAC-SHA256 of an id under a secret key kept in ``private/``.

The key is 32 random bytes in ``private/research_export.key``, created with
mode 0600 on the first export. A missing key is created; an existing one is
never replaced, and there is no unkeyed fallback: without the key nobody can
turn a pseudonym back into an id, and with the same key the same id always
gets the same pseudonym, so exports can be joined over time. Each kind of id
has its own prefix (``P-`` practitioners, ``R-`` reflections, ...), and the
kind is part of the hashed message, so equal ids of different kinds differ.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import stat
from pathlib import Path

from kit.errors import ExportError
from kit.filemodes import PRIVATE_DIR_MODE, make_folder
from kit.store.atomic import create_bytes
from kit.store.workspace import Workspace

KEY_FILE = "research_export.key"
KEY_BYTES = 32
KEY_MODE = 0o600
DIGEST_CHARS = 20
PREFIXES = {
    "practitioner": "P",
    "reflection": "R",
    "focus_area": "F",
    "person": "U",
}


def key_path(ws: Workspace) -> Path:
    """Where the workspace's pseudonym key lives."""
    return ws.folder("private") / KEY_FILE


def _create_key(path: Path) -> None:
    """Create the key, complete or not at all; if another export just made one, keep that."""
    make_folder(path.parent, PRIVATE_DIR_MODE)
    create_bytes(path, secrets.token_bytes(KEY_BYTES), mode=KEY_MODE)


def existing_key(ws: Workspace) -> bytes | None:
    """The workspace's key if an export ever made one (never created here), else None."""
    path = key_path(ws)
    return load_or_create_key(ws) if path.is_file() else None


def load_or_create_key(ws: Workspace) -> bytes:
    """The workspace's key, created (mode 0600) if missing; never replaced.

    Raises :class:`ExportError` if the file exists but is not a 32-byte key.
    A key readable by others is made private (0600) again.
    """
    path = key_path(ws)
    if not path.exists():
        _create_key(path)
    try:
        key = path.read_bytes()
    except OSError as error:
        raise ExportError(f"The pseudonym key {path} cannot be read ({error.strerror}).",
                          "Check the file's permissions; never delete it.") from None
    if len(key) != KEY_BYTES:
        raise ExportError(
            f"The pseudonym key {path} is damaged ({len(key)} bytes, not {KEY_BYTES}).",
            "Restore it from a backup. Deleting it makes every pseudonym change, "
            "so earlier recipients could no longer delete withdrawn practitioners.")
    if stat.S_IMODE(path.stat().st_mode) != KEY_MODE:
        path.chmod(KEY_MODE)
    return key


class Pseudonymiser:
    """Turns ids into keyed pseudonyms, one prefix per kind of id."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ExportError(f"A pseudonym key must be {KEY_BYTES} bytes.", "Use load_or_create_key.")
        self._key = key
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, kind: str, value: str | None) -> str | None:
        """The pseudonym of ``value`` as an id of ``kind`` (None stays None)."""
        if value is None or value != value:  # None or NaN
            return None
        cached = self._cache.get((kind, value))
        if cached is None:
            prefix = PREFIXES[kind]
            digest = hmac.new(self._key, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()
            cached = self._cache[(kind, value)] = f"{prefix}-{digest[:DIGEST_CHARS]}"
        return cached
