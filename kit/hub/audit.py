"""What the service writes in the workspace's append-only audit log: one JSON line per write
and per refusal.

``<workspace>/private/audit/audit.jsonl`` holds who (hub user), what (method and path, any
part of the path that is not an id shown as ``…``; the record's kind and ids when there is
one), when (UTC) and the outcome: a status, and for a refusal a reason code (``invalid``,
``forbidden``, ``not_found``, ...) with the names of the fields at fault. It never holds what
was sent or typed (no text, no names, no tokens) nor a folder of the server. Lines are only
ever appended, with ``O_APPEND`` and an fsync, so a restart or a crash loses nothing already
answered.

A request without a token the hub knows writes nothing: :class:`AnonymousCount` counts them
in memory and says how many in the service's log, at most once a minute.

The log itself is :class:`kit.store.audit.AuditLog` (defined with the workspace, where a
person's export reads it and the retention rule trims it); this module says what the service
writes into it.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from kit import errors
from kit.errors import KitError, ValidationProblems
from kit.store.audit import AUDIT_FILE, AuditLog

log = logging.getLogger(__name__)

__all__ = ["AUDIT_FILE", "AnonymousCount", "AuditLog", "field_names", "refusal_reason"]

REASON_BY_ERROR: tuple[tuple[type[KitError], str], ...] = (
    (ValidationProblems, "invalid"),
    (errors.PermissionDenied, "forbidden"),
    (errors.WorkspaceError, "not_found"),
    (errors.RecordNotFound, "not_found"),
    (errors.StoreError, "unavailable"),
    (errors.ReviewOutdated, "outdated"),
    (errors.ReviewError, "review"),
    (errors.ExportError, "export"),
)
FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_.]{0,63}$")
ANONYMOUS_LOG_SECONDS = 60.0


def field_names(names: list[str]) -> list[str]:
    """The field names safe to write down (a name that is not one is written as ``?``)."""
    return list(dict.fromkeys(name if FIELD_NAME.match(name) else "?" for name in names))


def refusal_reason(error: KitError) -> dict[str, Any]:
    """A refusal as the audit log keeps it: ``{"reason": code, "field": name}`` (``fields``
    too when several are at fault), never the sentence (it may quote what was sent)."""
    reason = next((code for kind, code in REASON_BY_ERROR if isinstance(error, kind)), "refused")
    names = [p.field for p in error.problems] if isinstance(error, ValidationProblems) else \
        [field] if isinstance(field := getattr(error, "field", None), str) else []
    if not names:
        return {"reason": reason}
    safe = field_names(names)
    return {"reason": reason, "field": safe[0], **({"fields": safe} if len(safe) > 1 else {})}


@dataclass
class AnonymousCount:
    """Requests refused because the hub did not know their token: counted, never written to
    disk; the service's log says how many at most every ``every`` seconds."""

    every: float = ANONYMOUS_LOG_SECONDS
    refused: int = 0  # since the service started
    _unreported: int = 0
    _reported_at: float = float("-inf")

    def add(self) -> None:
        """Count one, and log the count if the last line is old enough."""
        self.refused += 1
        self._unreported += 1
        now = time.monotonic()
        if now - self._reported_at >= self.every:
            log.warning("%d request(s) without a token the hub knows were refused "
                        "(%d since the service started)", self._unreported, self.refused)
            self._unreported, self._reported_at = 0, now
