"""The workspace's append-only audit log: one JSON line per write and per refusal of the hub's
service (:mod:`kit.hub.service`), read by a person's export and trimmed by the retention rule.

``<workspace>/private/audit/audit.jsonl`` holds who (hub user), what (method, path, the
record's kind and id when there is one), when (UTC) and the outcome (status and a short
reason code; :mod:`kit.hub.audit` says what the service writes). Lines are only ever
appended, with ``O_APPEND`` and an fsync, so a restart or a crash loses nothing already
answered. The one rewrite is :meth:`AuditLog.keep_since`, which drops lines older than the
retention rule allows: it holds the log's lock (``.audit.lock`` beside it) for the whole
rewrite while every append holds it shared, so no line appended meanwhile is lost, and it
replaces the file atomically.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kit.filemodes import make_folder
from kit.store.atomic import write_bytes

AUDIT_FILE = Path("private") / "audit" / "audit.jsonl"
LOCK_NAME = ".audit.lock"


def event_time(event: dict[str, Any]) -> datetime | None:
    """When an audit line was written (its ``when``, UTC), or None if it does not say."""
    try:
        when = datetime.fromisoformat(str(event["when"]))
    except (KeyError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class AuditLog:
    """Appends one line per event to ``AUDIT_FILE`` in a workspace."""

    def __init__(self, workspace_root: Path, create: bool = True) -> None:
        self.path = Path(workspace_root) / AUDIT_FILE
        if create:
            make_folder(self.path.parent)

    @contextlib.contextmanager
    def _locked(self, kind: int) -> Iterator[None]:
        make_folder(self.path.parent)
        descriptor = os.open(self.path.parent / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o640)
        try:
            fcntl.flock(descriptor, kind)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock

    def append(self, who: str | None, what: str, status: int, outcome: str,
               **details: Any) -> None:
        """Add one event; ``details`` (e.g. ``kind``, ``record_id``) go into the line too."""
        event = {"when": datetime.now(UTC).isoformat(timespec="milliseconds"), "who": who,
                 "what": what, "status": status, "outcome": outcome, **details}
        line = json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._locked(fcntl.LOCK_SH):  # appends never wait for each other, only for a trim
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(descriptor, line.encode("utf-8"))
                os.fsync(descriptor)
            finally:
                os.close(descriptor)

    def events(self) -> list[dict[str, Any]]:
        """Every event so far, oldest first (a line that is not JSON is skipped)."""
        return [event for _, event in self._lines() if event is not None]

    def _lines(self) -> list[tuple[bytes, dict[str, Any] | None]]:
        """Every line with its event (None for a line that is not a JSON object)."""
        if not self.path.is_file():
            return []
        found: list[tuple[bytes, dict[str, Any] | None]] = []
        with self.path.open("rb") as lines:
            for line in lines:
                try:
                    event = json.loads(line)
                except ValueError:
                    event = None
                found.append((line, event if isinstance(event, dict) else None))
        return found

    def older_than(self, cutoff: datetime) -> int:
        """How many lines were written before ``cutoff``."""
        return sum(1 for event in self.events() if _before(event, cutoff))

    def keep_since(self, cutoff: datetime) -> int:
        """Drop the lines written before ``cutoff`` (atomically, under the log's lock, keeping
        every other line byte for byte); how many were dropped."""
        if not self.path.is_file():
            return 0
        with self._locked(fcntl.LOCK_EX):
            lines = self._lines()
            kept = [line for line, event in lines if not _before(event, cutoff)]
            dropped = len(lines) - len(kept)
            if dropped:
                write_bytes(self.path, b"".join(kept), mode=0o640)
        return dropped


def _before(event: dict[str, Any] | None, cutoff: datetime) -> bool:
    """Whether a line was written before ``cutoff`` (a line that does not say when is kept)."""
    when = event_time(event) if event is not None else None
    return when is not None and when < cutoff
