"""Saving records: check the rules and permissions, then write one file.

Every way into the store (forms, import, demo generator) goes through here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit.capture import events, permissions, rules
from kit.errors import RecordNotFound
from kit.model.records import Record, Withdrawal, model_for_table
from kit.store.workspace import Workspace


def people_kinds(workspace: Workspace) -> dict[str, list[str]]:
    """Each person of the workspace's settings with their kinds (empty on a hub's service,
    whose people are the hub's groups: the rules then read the practitioner's profile)."""
    return {person.id: list(person.kinds) for person in workspace.settings.people}


def submit(workspace: Workspace, record: Record, acting_user: str | None = None) -> Path:
    """Check ``record`` against the rules (and ``acting_user``'s rights), then store it.

    ``acting_user`` is None for trusted batch jobs (import, demo generation).
    """
    if acting_user is not None:
        permissions.check(workspace, acting_user, record)
    rules.check(workspace.store, record, people_kinds(workspace))
    path = workspace.store.write(record)
    events.announce(workspace.root, record)
    return path


def edit(workspace: Workspace, table: str, entity_id: str, *, practitioner_id: str,
         author_id: str, edit_reason: str, acting_user: str | None = None,
         supersedes: str | None = None, **changes: Any) -> Record:
    """Save a new version of a record with ``changes``; the old version stays.

    ``supersedes`` names the version the change was made from (what the editor opened); when
    a newer one has been saved since, nothing is saved and :class:`kit.errors.StaleEdit` says
    so (:func:`kit.capture.rules.check_supersedes`). Without it the latest version is changed.
    """
    current = _version(workspace, model_for_table(table).TABLE, entity_id, practitioner_id,
                       supersedes)
    revised = current.revise(author_id=author_id, edit_reason=edit_reason, **changes)
    submit(workspace, revised, acting_user)
    return revised


def _version(workspace: Workspace, table: str, entity_id: str, practitioner_id: str,
             record_id: str | None) -> Record:
    """The version ``record_id`` of a record (its latest when None); a clear error if none."""
    latest = workspace.store.get(table, entity_id, practitioner_id)
    if record_id is None or latest.record_id == record_id:
        return latest
    for version in workspace.store.history(table, entity_id, practitioner_id):
        if version.record_id == record_id:
            return version
    raise RecordNotFound(f"There is no version {record_id} of the {table} record {entity_id}.",
                         "Choose the record again from the list.")


def withdraw(workspace: Workspace, table: str, entity_id: str, *, practitioner_id: str,
             author_id: str, reason: str, acting_user: str | None = None) -> Withdrawal:
    """Take a record out of use with a reason; its versions stay on disk."""
    workspace.store.get(model_for_table(table).TABLE, entity_id, practitioner_id)
    withdrawal = Withdrawal.new(practitioner_id=practitioner_id, author_id=author_id,
                                target_entity_id=entity_id, target_table=table, reason=reason)
    submit(workspace, withdrawal, acting_user)
    return withdrawal
