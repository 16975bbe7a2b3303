"""Who may write what: a user writes only their own records; a lead writes
review notes only for the practitioners they support, and nothing else for them."""

from __future__ import annotations

from kit.errors import PermissionDenied
from kit.model import support
from kit.model.records import Profile, Record, ReviewNote
from kit.store.workspace import Workspace


def lead_of(workspace: Workspace, practitioner_id: str) -> str | None:
    """The lead named in the practitioner's latest profile (None if none)."""
    profiles = workspace.store.latest(Profile.TABLE, practitioner_id)
    return support.supporter_of(profiles[-1]) if profiles else None


def supported_by(workspace: Workspace, lead_id: str) -> list[str]:
    """The practitioners whose latest profile names ``lead_id`` as their lead."""
    return support.supported_by(workspace.store.latest(Profile.TABLE), lead_id)


def check(workspace: Workspace, acting_user: str, record: Record) -> None:
    """Raise :class:`PermissionDenied` unless ``acting_user`` may write ``record``."""
    if record.author_id != acting_user:
        raise PermissionDenied(
            f"You are signed in as {acting_user} but this record names "
            f"{record.author_id} as its author.",
            "Records are always saved under your own name.",
        )
    if isinstance(record, ReviewNote):
        if lead_of(workspace, record.practitioner_id) != acting_user:
            raise PermissionDenied(
                f"You are not the lead practitioner of {record.practitioner_id}, "
                "so you cannot write review notes for them.",
                "Review notes are written by the practitioner's own lead.",
            )
        return
    if record.practitioner_id != acting_user:
        raise PermissionDenied(
            f"You can only save your own records, not {record.practitioner_id}'s.",
            "Open the form as yourself, or ask them to record it.",
        )
