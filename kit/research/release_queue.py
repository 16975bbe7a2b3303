"""The review queue: reflections in which scrubbing found something wait here
until the exporting lead confirms or corrects the scrubbed text.

It holds raw text, so it lives under ``private/research_review/queue.json``
(mode 0600) and never leaves the workspace. Each entry is keyed by the
reflection's record id (records are immutable, so an entry never goes stale;
an edited reflection is a new version and a new entry). Only ``confirmed`` or
``corrected`` entries are released into an export; ``pending`` ones are held back.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kit.errors import ExportError
from kit.model.dates import utc_now
from kit.store.workspace import Workspace

QUEUE_FILE = "queue.json"
Status = Literal["pending", "confirmed", "corrected"]


@dataclass
class QueueItem:
    """One reflection waiting for (or past) review."""

    record_id: str
    practitioner_id: str
    original: dict[str, str]
    scrubbed: dict[str, str]
    findings: list[list[str]] = field(default_factory=list)
    status: Status = "pending"
    final: dict[str, str] | None = None
    reviewer: str | None = None
    reviewed_at: str | None = None

    @property
    def released(self) -> dict[str, str] | None:
        """The answers that may be exported, or None while pending."""
        return self.final if self.status != "pending" else None


def queue_path(ws: Workspace) -> Path:
    """Where the queue is kept (under ``private/``)."""
    return ws.folder("private") / "research_review" / QUEUE_FILE


def load_queue(ws: Workspace) -> dict[str, QueueItem]:
    """Every entry, by reflection record id (empty when there is no queue yet)."""
    path = queue_path(ws)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ExportError(f"The review queue {path} cannot be read ({error}).",
                          "Restore it from a backup, or delete it to review every flagged "
                          "reflection again.") from None
    return {key: QueueItem(**value) for key, value in data.items()}


def save_queue(ws: Workspace, queue: dict[str, QueueItem]) -> Path:
    """Write the queue atomically, readable by its owner only."""
    path = queue_path(ws)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    payload = json.dumps({key: vars(item) for key, item in sorted(queue.items())}, ensure_ascii=False)
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, payload.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temp, path)
    return path


def sync_queue(ws: Workspace, flagged: list[QueueItem]) -> dict[str, QueueItem]:
    """Add newly flagged reflections as pending; keep every decision already made."""
    queue = load_queue(ws)
    added = False
    for item in flagged:
        if item.record_id not in queue:
            queue[item.record_id] = item
            added = True
    if added:
        save_queue(ws, queue)
    return queue


def pending(ws: Workspace) -> list[QueueItem]:
    """Entries still waiting for review, oldest record id first."""
    return [item for _, item in sorted(load_queue(ws).items()) if item.status == "pending"]


def _check_reviewer(ws: Workspace, reviewer: str) -> None:
    if "lead" not in ws.person(reviewer).kinds:
        raise ExportError(f"{reviewer} is not a lead practitioner, so cannot review research exports.",
                          "Ask a lead practitioner of this workspace to review the queue.")


def _decide(ws: Workspace, record_id: str, reviewer: str, status: Status,
            final: dict[str, str]) -> QueueItem:
    _check_reviewer(ws, reviewer)
    queue = load_queue(ws)
    if record_id not in queue:
        raise ExportError(f"Reflection {record_id} is not in the review queue.",
                          "Run `candle export` first; it fills the queue.")
    item = queue[record_id]
    item.status, item.final, item.reviewer = status, final, reviewer
    item.reviewed_at = utc_now().isoformat()
    save_queue(ws, queue)
    return item


def confirm(ws: Workspace, record_id: str, reviewer: str) -> QueueItem:
    """The lead confirms the scrubbed text as it is."""
    queue = load_queue(ws)
    scrubbed = queue[record_id].scrubbed if record_id in queue else {}
    return _decide(ws, record_id, reviewer, "confirmed", dict(scrubbed))


def correct(ws: Workspace, record_id: str, reviewer: str, answers: dict[str, str]) -> QueueItem:
    """The lead corrects the scrubbed text (e.g. masks a name that was missed)."""
    queue = load_queue(ws)
    if record_id in queue:
        unknown = set(answers) - set(queue[record_id].scrubbed)
        if unknown:
            raise ExportError(f"{', '.join(sorted(unknown))} is not a prompt of reflection {record_id}.",
                              "Correct only the answers shown.")
        answers = {**queue[record_id].scrubbed, **answers}
    return _decide(ws, record_id, reviewer, "corrected", answers)
