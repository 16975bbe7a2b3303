"""``candle status WORKSPACE``: how many records each table and each practitioner has.

Counts come from the tidy tables (new records are compiled first), or straight
from the record store when the tables cannot be written (a read-only
workspace). Withdrawn records and superseded versions are not counted as
current. Private tables (names to hide) are never listed.
"""

from __future__ import annotations

import argparse
import logging
from collections import Counter
from dataclasses import dataclass, field

from kit.commands import add_workspace_argument, count
from kit.errors import KitError
from kit.model.history import latest_versions, withdrawn_entities
from kit.model.records import PUBLIC_TABLES, Record, Withdrawal
from kit.store.record_store import Store
from kit.store.workspace import Workspace

log = logging.getLogger(__name__)

# Column headings of the per-practitioner table, short enough for one terminal line.
SHORT_HEADINGS = {
    "profiles": "profile", "consents": "consent", "journey_steps": "journey",
    "licence_events": "licence", "micro_projects": "project", "focus_areas": "focus",
    "reflections": "reflections", "support_contacts": "contacts", "review_notes": "notes",
    "review_shares": "shared",
}


@dataclass
class TableCount:
    """Counts of one table."""

    table: str
    current: int
    versions: int


@dataclass
class StatusCounts:
    """Counts per table and, of current records, per practitioner and table."""

    tables: list[TableCount] = field(default_factory=list)
    per_practitioner: dict[str, Counter[str]] = field(default_factory=dict)
    quarantined_now: int = 0


def count_records(workspace: Workspace, practitioners: list[str] | None = None) -> StatusCounts:
    """Counts from the tables, or from the store if the tables cannot be compiled."""
    try:
        return count_from_tables(workspace, practitioners)
    except (KitError, OSError) as error:
        log.warning("the tables of %s could not be compiled (%s); counting straight from the "
                    "record store instead", workspace.root, " ".join(str(error).split()))
        return count_from_store(workspace.store, practitioners)


def count_from_tables(workspace: Workspace, practitioners: list[str] | None = None
                      ) -> StatusCounts:
    """Compile new records, then count the rows of every public record table."""
    from kit.tables import compiler as tables  # pandas and pyarrow load only when counting, not for --help

    report = tables.compile_tables(workspace)
    counts = StatusCounts(quarantined_now=len(report.quarantined))
    counts.per_practitioner = {pid: Counter() for pid in practitioners or []}
    for table in PUBLIC_TABLES:
        rows = tables.read_table(workspace, table, current_only=False, refresh=False)
        current = rows[rows["is_latest"] & ~rows["is_withdrawn"]]
        counts.tables.append(TableCount(table, len(current), len(rows)))
        for pid, number in current["practitioner_id"].value_counts().items():
            counts.per_practitioner.setdefault(str(pid), Counter())[table] += int(number)
    return counts


def count_from_store(store: Store, practitioners: list[str] | None = None) -> StatusCounts:
    """Count the stored records of every public table; ``practitioners`` always get a row."""
    loaded = store.load()
    by_table: dict[str, list[Record]] = {table: [] for table in PUBLIC_TABLES}
    for record in loaded.records:
        if record.TABLE in by_table:
            by_table[record.TABLE].append(record)
    withdrawn = withdrawn_entities(
        w for w in by_table[Withdrawal.TABLE] if isinstance(w, Withdrawal))
    counts = StatusCounts(quarantined_now=len(loaded.quarantined))
    counts.per_practitioner = {pid: Counter() for pid in practitioners or []}
    for table, versions in by_table.items():
        current = latest_versions(versions, withdrawn)
        counts.tables.append(TableCount(table, len(current), len(versions)))
        for record in current:
            counts.per_practitioner.setdefault(record.practitioner_id, Counter())[table] += 1
    return counts


def format_grid(header: list[str], rows: list[list[str]]) -> str:
    """A plain-text table: first column left-aligned, the rest right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def format_status(counts: StatusCounts, title: str) -> str:
    """The counts as two readable tables."""
    table_rows = [[c.table, str(c.current), str(c.versions)] for c in counts.tables]
    parts = [title, "", format_grid(["table", "current", "all versions"], table_rows)]
    shown = [c.table for c in counts.tables if c.table != Withdrawal.TABLE]
    if counts.per_practitioner:
        rows = [[pid, *(str(tally[t]) for t in shown)]
                for pid, tally in sorted(counts.per_practitioner.items())]
        parts += ["", "Current records per practitioner:",
                  format_grid(["practitioner", *(SHORT_HEADINGS.get(t, t) for t in shown)], rows)]
    if counts.quarantined_now:
        parts += ["", f"{count(counts.quarantined_now, 'unreadable file')} moved to quarantine/; "
                      "run `candle check` to see why."]
    return "\n".join(parts)


def run(args: argparse.Namespace) -> int:
    """Print the counts of the workspace's records."""
    workspace = Workspace.open(args.workspace)
    practitioners = [p.id for p in workspace.people_of_kind("practitioner")]
    counts = count_records(workspace, practitioners)
    print(format_status(counts, f"Workspace {workspace.settings.name} ({workspace.root})"))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``status`` command."""
    parser = subparsers.add_parser(
        "status",
        help="count records per table and per practitioner",
        description="Count the current records (latest versions, withdrawn ones left out) and "
                    "all stored versions of each table, and the current records of each "
                    "practitioner.",
    )
    add_workspace_argument(parser)
    parser.set_defaults(handler=run)
