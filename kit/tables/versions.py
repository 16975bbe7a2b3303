"""Tables written by an older layout: their version, and the upgraders that bring them up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from kit.errors import TableError
from kit.tables.specs import TABLE_SCHEMA_VERSION, VERSION_COLUMN

TableUpgrader = Callable[[pa.Table], pa.Table]
TABLE_UPGRADERS: dict[tuple[str, int], TableUpgrader] = {}
"""Upgraders of compiled tables: (table, version N) -> function returning version N + 1."""


def table_version(table: pa.Table, path: Path) -> int:
    metadata = table.schema.metadata or {}
    raw = metadata.get(VERSION_COLUMN.encode())
    if raw is None and VERSION_COLUMN in table.column_names and table.num_rows:
        raw = str(pc.max(table.column(VERSION_COLUMN)).as_py()).encode()
    try:
        return int(raw) if raw is not None else TABLE_SCHEMA_VERSION
    except ValueError:
        raise TableError(f"{path} says table_schema_version {raw!r}, which is not a number.",
                         "Run `candle compact --rebuild` on the workspace.") from None


def upgrade_table(name: str, table: pa.Table, version: int, path: Path) -> pa.Table | None:
    """``table`` brought from ``version`` up to the current layout.

    Returns None when no upgrader covers the gap (then rebuild from records).
    Raises :class:`TableError` for a table newer than this kit reads.
    """
    if version > TABLE_SCHEMA_VERSION:
        raise TableError(
            f"{path} was written by a newer kit (table_schema_version {version}; "
            f"this kit reads up to {TABLE_SCHEMA_VERSION}).",
            "Update the kit, or run `candle compact --rebuild` to rewrite the tables for this kit.",
        )
    while version < TABLE_SCHEMA_VERSION:
        upgrader = TABLE_UPGRADERS.get((name, version))
        if upgrader is None:
            return None
        table = upgrader(table)
        version += 1
        stamp = pa.array([version] * table.num_rows, pa.int64())
        table = table.drop_columns([VERSION_COLUMN]) if VERSION_COLUMN in table.column_names else table
        table = table.add_column(0, VERSION_COLUMN, stamp)
    return table
