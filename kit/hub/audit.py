"""The service's append-only audit log: one JSON line per write and per refusal.

``<workspace>/private/audit/audit.jsonl`` holds who (hub user), what (method, path, the
record's kind and id when there is one), when (UTC) and the outcome (status and a short
reason). Lines are only ever appended, with ``O_APPEND`` and an fsync, so a restart or a
crash loses nothing already answered.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

AUDIT_FILE = Path("private") / "audit" / "audit.jsonl"


class AuditLog:
    """Appends one line per event to ``AUDIT_FILE`` in a workspace."""

    def __init__(self, workspace_root: Path) -> None:
        self.path = Path(workspace_root) / AUDIT_FILE
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def append(self, who: str | None, what: str, status: int, outcome: str,
               **details: Any) -> None:
        """Add one event; ``details`` (e.g. ``kind``, ``record_id``) go into the line too."""
        event = {"when": datetime.now(UTC).isoformat(timespec="milliseconds"), "who": who,
                 "what": what, "status": status, "outcome": outcome, **details}
        line = json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n"
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(descriptor, line.encode("utf-8"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def events(self) -> list[dict[str, Any]]:
        """Every event so far, oldest first."""
        if not self.path.is_file():
            return []
        with self.path.open(encoding="utf-8") as lines:
            return [json.loads(line) for line in lines if line.strip()]
