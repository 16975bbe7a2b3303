"""A practitioner's current profile: the one place that says which stored version counts."""

from __future__ import annotations

from kit.model.records import Profile
from kit.store.record_store import Store


def current_profile(store: Store, practitioner_id: str) -> Profile | None:
    """The practitioner's current profile (the latest version of the newest one), or None."""
    profiles = sorted((record for record in store.latest(Profile.TABLE, practitioner_id)
                       if isinstance(record, Profile)), key=lambda record: record.created_at)
    return profiles[-1] if profiles else None
