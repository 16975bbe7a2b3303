"""Which record files the store trusts: confinement and integrity rules.

A record file is trusted only when

- it is a plain file in plain folders inside the workspace: symbolic links
  (to files or folders) are never followed, whatever they point at;
- it lies in the folder its own fields name: ``<table>/<practitioner_id>/
  <record_id>.json``, with a record id made for its kind;
- its ``record_id`` is not already used by another file, and its ``entity_id``
  (every version of one record) belongs to one practitioner.

When two files claim the same record id or entity, the one written first
(the earlier inode change time, which no one can set back) is kept and the
later one is set aside: planting a copy never replaces a record.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kit.model.records import Record, Withdrawal

LINK_REASON = "it is a symbolic link{target}; the store never follows links, so it was set aside as a link"


@dataclass(frozen=True)
class Found:
    """A record read from ``path`` that passed the per-file checks."""

    path: Path
    record: Record


def is_link(path: Path | str) -> bool:
    """True when ``path`` itself is a symbolic link (never follows it)."""
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def link_reason(path: Path) -> str:
    """Why a link is set aside, naming where it pointed."""
    try:
        target = f" (to {os.readlink(path)})"
    except OSError:
        target = ""
    return LINK_REASON.format(target=target)


def placement_problem(record: Record, table: str, owner: str, file_name: str) -> str | None:
    """Why ``record`` does not belong at ``<table>/<owner>/<file_name>``; None when it does."""
    if table != record.TABLE:
        return (f"it is a {record.KIND} record in the {table} folder; "
                "a record counts only in its own table's folder")
    if record.practitioner_id != owner:
        return (f"it names practitioner {record.practitioner_id} but lies in {owner}'s folder; "
                "a record counts only in the folder of the practitioner it names")
    if file_name != f"{record.record_id}.json":
        return f"the file name does not match its record id {record.record_id}"
    if not record.record_id.startswith(f"{record.KIND}-"):
        return f"its record id {record.record_id} is not an id made for a {record.KIND} record"
    return None


def _written_at(path: Path) -> tuple[int, str]:
    try:
        return (os.lstat(path).st_ctime_ns, str(path))
    except OSError:
        return (2**63, str(path))


def _first_written(claims: list[Found]) -> Found:
    return min(claims, key=lambda found: _written_at(found.path))


def _duplicates(found: list[Found]) -> tuple[list[Found], list[tuple[Path, str]]]:
    by_id: dict[str, list[Found]] = {}
    for item in found:
        by_id.setdefault(item.record.record_id, []).append(item)
    kept, rejected = [], []
    for claims in by_id.values():
        first = _first_written(claims) if len(claims) > 1 else claims[0]
        kept.append(first)
        rejected.extend((other.path, f"its record id {first.record.record_id} is already used by "
                         f"{first.record.practitioner_id}'s record saved earlier; record ids are unique")
                        for other in claims if other is not first)
    return kept, rejected


def _owner_of(versions: list[Found]) -> tuple[str, str]:
    entity_id = versions[0].record.entity_id
    originals = [v for v in versions if v.record.record_id == entity_id]
    first = _first_written(originals or versions)
    return first.record.TABLE, first.record.practitioner_id


def _foreign_versions(found: list[Found]) -> tuple[list[Found], list[tuple[Path, str]]]:
    by_entity: dict[str, list[Found]] = {}
    for item in found:
        by_entity.setdefault(item.record.entity_id, []).append(item)
    kept, rejected = [], []
    for entity_id, versions in by_entity.items():
        owners = {(v.record.TABLE, v.record.practitioner_id) for v in versions}
        owner = _owner_of(versions) if len(owners) > 1 else owners.pop()
        for version in versions:
            if (version.record.TABLE, version.record.practitioner_id) == owner:
                kept.append(version)
            else:
                rejected.append((version.path, f"it claims to be a version of {owner[1]}'s record "
                                 f"{entity_id}; a record's versions all belong to one practitioner"))
    return kept, rejected


def honest(found: Iterable[Found]) -> tuple[list[Found], list[tuple[Path, str]]]:
    """The records to trust, and the files to set aside with the reason for each.

    Record ids are unique and each entity belongs to one practitioner; when
    claims collide the file written first wins.
    """
    unique, duplicates = _duplicates(list(found))
    kept, foreign = _foreign_versions(unique)
    kept, withdrawals = _foreign_withdrawals(kept)
    return kept, duplicates + foreign + withdrawals


def _foreign_withdrawals(found: list[Found]) -> tuple[list[Found], list[tuple[Path, str]]]:
    """Withdrawals of a record that (among those loaded) belongs to another practitioner."""
    owners = {(item.record.TABLE, item.record.entity_id): item.record.practitioner_id
              for item in found}
    kept, rejected = [], []
    for item in found:
        record = item.record
        owner = (owners.get((record.target_table, record.target_entity_id), record.practitioner_id)
                 if isinstance(record, Withdrawal) else record.practitioner_id)
        if owner == record.practitioner_id:
            kept.append(item)
        else:
            rejected.append((item.path, f"it withdraws {owner}'s record {record.target_entity_id}; "
                             "a record is withdrawn only from its own practitioner's folder"))
    return kept, rejected


def duplicate_names(new: Iterable[str], known: set[str], root: Path) -> list[tuple[str, str]]:
    """New record files (``table/owner/name.json``) whose name is already used.

    For the table compiler, before it reads anything: a name in ``known`` (the
    files compiled earlier) or used by a new file written earlier is taken.
    Returns (relative path, reason) for each file to set aside.
    """
    by_name: dict[str, list[str]] = {}
    for relative in new:
        by_name.setdefault(relative.rpartition("/")[2], []).append(relative)
    rejected = []
    for name, claims in by_name.items():
        if name in known:
            losers = claims
        elif len(claims) > 1:
            first = min(claims, key=lambda rel: _written_at(root / rel))
            losers = [rel for rel in claims if rel != first]
        else:
            continue
        rejected.extend((rel, f"its record id {name.removesuffix('.json')} is already used by a "
                         "record saved earlier; record ids are unique") for rel in losers)
    return rejected
