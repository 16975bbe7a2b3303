"""Resolving versions: the latest version of each record, withdrawals applied.

Pure functions over records, so the rules are testable without a disk.
"""

from __future__ import annotations

from collections.abc import Iterable

from kit.model.records import Record, Withdrawal


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
    """Entity ids taken out of use by ``withdrawals`` (every version of each; the latest counts).

    The rule itself is :func:`withdrawn_targets`, which the compiled tables use too.
    """
    latest = [versions[-1] for versions in group_versions(withdrawals).values()]
    return withdrawn_targets((w.entity_id, w.target_entity_id) for w in latest)


def withdrawn_targets(in_force: Iterable[tuple[str, str]]) -> set[str]:
    """The withdrawal rule, the one definition the store and the tables share.

    ``in_force`` holds ``(withdrawal entity id, target entity id)`` for the latest
    version of each withdrawal. An entity is withdrawn while some withdrawal of it
    is itself not withdrawn, so withdrawing a withdrawal restores its target, and
    withdrawing that undo takes the target out again (chains of any length resolve).
    A loop (only an edited withdrawal can make one) is broken at the same place whatever
    order the withdrawals are read in, so the store and the tables still agree.
    """
    by_target: dict[str, list[str]] = {}
    for withdrawal_id, target in sorted(set(in_force)):  # the same answer whatever the order
        by_target.setdefault(target, []).append(withdrawal_id)
    resolved: dict[str, bool] = {}
    for target in sorted(by_target):
        _resolve(target, by_target, resolved)
    return {target for target in by_target if resolved[target]}


def _resolve(entity_id: str, by_target: dict[str, list[str]], resolved: dict[str, bool]) -> None:
    """Decide whether ``entity_id`` is withdrawn, children first, without recursion."""
    stack, seen = [entity_id], {entity_id}
    while stack:
        current = stack[-1]
        pending = [w for w in by_target.get(current, []) if w not in resolved and w not in seen]
        if pending:
            stack.extend(pending)
            seen.update(pending)
            continue
        stack.pop()
        resolved[current] = any(not resolved.get(w, False) for w in by_target.get(current, []))


def latest_versions(records: Iterable[Record], withdrawn: set[str] | None = None) -> list[Record]:
    """The latest version of each entity not withdrawn, oldest entity first."""
    withdrawn = withdrawn or set()
    latest = [
        versions[-1]
        for entity_id, versions in group_versions(records).items()
        if entity_id not in withdrawn
    ]
    return sorted(latest, key=lambda record: (record.entity_id, record.record_id))
