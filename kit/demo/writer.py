"""Reproducible record writing for the demo: ids and times from a seeded
generator, never from the clock, and every record through :func:`kit.capture.submit.submit`."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar

from kit.capture.submit import submit
from kit.model.ids import record_id_from
from kit.model.records import Record, Withdrawal, validate_record
from kit.store.workspace import Workspace

R = TypeVar("R", bound=Record)


class DemoWriter:
    """Submits demo records with seeded ids and timestamps.

    ``rng`` supplies the randomness of ids and the time of day of each save,
    so two runs with the same seed write byte-identical files.
    """

    def __init__(self, workspace: Workspace, rng: random.Random) -> None:
        self.workspace = workspace
        self.rng = rng

    def stamp(self, day: date) -> datetime:
        """A save time on ``day`` between 08:00 and 20:59 UTC, from the seeded generator."""
        moment = time(self.rng.randint(8, 20), self.rng.randint(0, 59), self.rng.randint(0, 59))
        return datetime.combine(day, moment, tzinfo=UTC)

    def record_id(self, prefix: str, at: datetime) -> str:
        """A ULID-shaped id for a record saved at ``at``."""
        return record_id_from(prefix, int(at.timestamp() * 1000), self.rng.getrandbits(80))

    def new(self, model: type[R], practitioner_id: str, day: date, author_id: str | None = None,
            **content: Any) -> R:
        """Make the first version of a ``model`` record saved on ``day`` and submit it."""
        at = self.stamp(day)
        record = model.new(practitioner_id=practitioner_id, author_id=author_id,
                           record_id=self.record_id(model.KIND, at), created_at=at, **content)
        submit(self.workspace, record, acting_user=record.author_id)
        return record

    def revise(self, record: R, day: date, edit_reason: str, author_id: str | None = None,
               **changes: Any) -> R:
        """Submit the next version of ``record`` saved on ``day`` with a reason."""
        at = self.stamp(day)
        data = record.model_dump()
        data.update(changes)
        data.update(record_id=self.record_id(record.KIND, at), created_at=at,
                    author_id=author_id or record.author_id, supersedes=record.record_id,
                    edit_reason=edit_reason)
        revised = validate_record(type(record), data)
        submit(self.workspace, revised, acting_user=revised.author_id)
        return revised

    def withdraw(self, record: Record, day: date, reason: str) -> Withdrawal:
        """Take ``record`` out of use on ``day``; its versions stay on disk."""
        return self.new(Withdrawal, record.practitioner_id, day, author_id=record.author_id,
                        target_entity_id=record.entity_id, target_table=record.TABLE,
                        reason=reason)
