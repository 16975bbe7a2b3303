"""Resolving versions: the latest version of each record, withdrawals applied.

Pure functions over records, so the rules are testable without a disk.
"""

from __future__ import annotations

from collections.abc import Iterable

from kit.records import Record, Withdrawal


def version_order(record: Record) -> tuple:
    """Sort key of versions: by save time, then by id (ids sort by time too)."""
    return (record.created_at, record.record_id)


def group_versions(records: Iterable[Record]) -> dict[str, list[Record]]:
    """Every version of each entity, oldest first, keyed by ``entity_id``."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(record.entity_id, []).append(record)
    for versions in groups.values():
        versions.sort(key=version_order)
    return groups


def withdrawn_entities(withdrawals: Iterable[Withdrawal]) -> set[str]:
    """Entity ids taken out of use. Withdrawing a withdrawal restores its target."""
    latest = [versions[-1] for versions in group_versions(withdrawals).values()]
    cancelled = {w.target_entity_id for w in latest if w.target_table == Withdrawal.TABLE}
    return {w.target_entity_id for w in latest if w.entity_id not in cancelled}


def latest_versions(records: Iterable[Record], withdrawn: set[str] | None = None) -> list[Record]:
    """The latest version of each entity not withdrawn, oldest entity first."""
    withdrawn = withdrawn or set()
    latest = [
        versions[-1]
        for entity_id, versions in group_versions(records).items()
        if entity_id not in withdrawn
    ]
    return sorted(latest, key=lambda record: (record.entity_id, record.record_id))
