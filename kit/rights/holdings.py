"""Everything the kit holds about one person, gathered from a workspace.

- their records: every version of every record in their own folders (private ones too);
- the records they wrote in someone else's folder (a lead's review notes, shares and licence
  steps about the practitioners they support);
- where someone else's record names them (as lead, Link or supporter): which record, not its
  content, which is that person's;
- the reviews made about them (``reviews/<period>/<id>.html``), their drafts, the audit lines
  that name them, their reflections held in the research release queue (with each lead's
  decision on them) and the research packages that included their reflections (by date and
  count, :mod:`kit.research.included`).

Records are read through the store (every version) and, to find the few in other people's
folders, through the compiled tables' ids and authors only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kit.errors import WorkspaceError
from kit.model.ids import is_person_id
from kit.model.records import BY_TABLE, PUBLIC_TABLES, Record
from kit.research import release_queue
from kit.research.included import Inclusion, packages_including
from kit.store.audit import AuditLog
from kit.store.workspace import Workspace
from kit.tables.compiler import read_table
from kit.views.shared_reviews import review_html

NAMING_FIELDS = ("lead_id", "link_id", "supporter_id")
"""Fields by which one person's record names another."""


@dataclass(frozen=True)
class NamedIn:
    """Someone else's record version that names the person: where, and in which field."""

    table: str
    record_id: str
    practitioner_id: str
    field: str
    created_at: pd.Timestamp


@dataclass
class Holdings:
    """What the kit holds about ``person_id`` in one workspace."""

    person_id: str
    name: str
    kinds: list[str]
    own: list[Record] = field(default_factory=list)
    written_for_others: list[Record] = field(default_factory=list)
    named_in: list[NamedIn] = field(default_factory=list)
    reviews: list[tuple[str, Path]] = field(default_factory=list)
    drafts: list[tuple[Path, Path]] = field(default_factory=list)  # (file, path inside drafts/)
    audit: list[dict[str, Any]] = field(default_factory=list)
    packages: list[Inclusion] = field(default_factory=list)
    held_for_release: list[dict[str, Any]] = field(default_factory=list)

    @property
    def records(self) -> list[Record]:
        """Every record version in the package: their own, then those they wrote for others."""
        return [*self.own, *self.written_for_others]

    def is_empty(self) -> bool:
        """Whether the kit holds nothing at all about the person."""
        return not (self.records or self.named_in or self.reviews or self.drafts or self.audit
                    or self.packages or self.held_for_release)


def check_person_id(person_id: str) -> str:
    """``person_id`` if it can be a person's id (it names folders), else a clear error."""
    if not is_person_id(person_id):
        raise WorkspaceError(f"'{person_id}' is not a person's id.",
                             "Ids are lower-case letters, digits, '_', '.' or '-', e.g. p07.")
    return person_id


def own_records(ws: Workspace, person_id: str) -> list[Record]:
    """Every version of every record in the person's own folders, table by table."""
    return [record for table in sorted(BY_TABLE) for record in ws.store.versions(table, person_id)]


def others_rows(ws: Workspace, person_id: str) -> dict[str, pd.DataFrame]:
    """Every version outside the person's own folders, by record table, from the compiled
    tables (of which only the ids, owners, authors and naming fields are used)."""
    return {table: rows.loc[rows["practitioner_id"] != person_id]
            for table in PUBLIC_TABLES
            for rows in [read_table(ws, table, current_only=False)]}


def written_for_others(ws: Workspace, person_id: str, others: dict[str, pd.DataFrame]
                       ) -> list[Record]:
    """The record versions the person wrote in other people's folders (``others``: see
    :func:`others_rows`), read from the store."""
    found = []
    for table, rows in others.items():
        owners = sorted(set(rows.loc[rows["author_id"] == person_id, "practitioner_id"]))
        found += [record for owner in owners for record in ws.store.versions(table, owner)
                  if record.author_id == person_id]
    return found


def named_in(person_id: str, others: dict[str, pd.DataFrame]) -> list[NamedIn]:
    """Other people's record versions (``others``: see :func:`others_rows`) that name the person
    as their lead, Link or supporter."""
    found = []
    for table, rows in others.items():
        for column in (name for name in NAMING_FIELDS if name in rows.columns):
            for row in rows.loc[rows[column] == person_id].itertuples(index=False):
                found.append(NamedIn(table, row.record_id, row.practitioner_id, column, row.created_at))
    return sorted(found, key=lambda item: (item.table, item.practitioner_id, item.record_id))


def reviews_about(ws: Workspace, person_id: str) -> list[tuple[str, Path]]:
    """(period, file) of every review made about the person, oldest period first."""
    folder = ws.folder("reviews")
    if not folder.is_dir():
        return []
    found = [(period.name, review_html(ws, period.name, person_id)) for period in folder.iterdir()
             if period.is_dir() and not period.name.startswith(".")]
    return sorted((period, path) for period, path in found if path.is_file())


def drafts_of(ws: Workspace, person_id: str) -> list[tuple[Path, Path]]:
    """(file, where it goes in the package) of each of the person's autosaved drafts."""
    found = []
    for private in (False, True):
        folder = ws.drafts_folder(private) / person_id
        if folder.is_dir() and not folder.is_symlink():
            inside = Path("private" if private else "")
            found += [(path, inside / path.name) for path in sorted(folder.glob("*.json"))
                      if not path.name.startswith(".") and path.is_file() and not path.is_symlink()]
    return found


def audit_lines(ws: Workspace, person_id: str) -> list[dict[str, Any]]:
    """The audit lines made by the person or about their records, oldest first."""
    return [event for event in AuditLog(ws.root, create=False).events()
            if person_id in (event.get("who"), event.get("practitioner_id"))]


def release_status(state: release_queue.ItemState) -> str:
    """Where a held reflection stands: released, kept back, or waiting for a lead."""
    return "released" if state.released is not None else "kept back" if state.withheld else "waiting"


def held_for_release(ws: Workspace, person_id: str) -> list[dict[str, Any]]:
    """The person's reflections held in the research release queue: the text as it would be
    released, where it stands, and each lead's decision on it (who, what, when)."""
    return [{"record_id": state.item.record_id, "reflection_date": state.item.reflection_date,
             "status": release_status(state), "text_to_release": state.text,
             "decisions": [{"action": d.action, "lead": d.lead, "at": d.at} for d in state.decisions]}
            for state in release_queue.states(ws) if state.item.practitioner_id == person_id]


def person_name(ws: Workspace, person_id: str) -> tuple[str, list[str]]:
    """The person's name and kinds as the workspace knows them (their id and no kinds if not)."""
    known = next((person for person in ws.settings.people if person.id == person_id), None)
    return (known.name, list(known.kinds)) if known else (person_id, [])


def gather(ws: Workspace, person_id: str) -> Holdings:
    """Everything ``ws`` holds about ``person_id``; an error naming the known people when it
    holds nothing at all (most likely a mistyped id)."""
    check_person_id(person_id)
    name, kinds = person_name(ws, person_id)
    others = others_rows(ws, person_id)
    held = Holdings(person_id, name, kinds, own=own_records(ws, person_id),
                    written_for_others=written_for_others(ws, person_id, others),
                    named_in=named_in(person_id, others), reviews=reviews_about(ws, person_id),
                    drafts=drafts_of(ws, person_id), audit=audit_lines(ws, person_id),
                    packages=packages_including(ws, person_id),
                    held_for_release=held_for_release(ws, person_id))
    if held.is_empty() and not kinds:
        known = ", ".join(person.id for person in ws.settings.people) or "nobody yet"
        raise WorkspaceError(f"Workspace {ws.settings.name} holds nothing about '{person_id}'.",
                             f"Check the id; the people it lists are: {known}.")
    return held
