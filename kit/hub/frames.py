"""The service's tables in memory: a tidy table is read from Parquet again only when it changed.

Many people reading My learning at once would otherwise each load the same Parquet file and
convert it to pandas (about 15 ms a table here). Frames are shared and never modified: every
reader selects rows into a new frame (:func:`kit.hub.access.readable_rows`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kit.store.workspace import Workspace


@dataclass
class FrameCache:
    """Current rows of each table, with the modification stamp of the file they came from."""

    _frames: dict[str, tuple[int, pd.DataFrame]] = field(default_factory=dict)

    def read(self, workspace: Workspace, table: str) -> pd.DataFrame:
        """:func:`kit.tables.compiler.read_table` (compiled first if records are newer), from
        memory when the table's file has not changed since the last read."""
        from kit.tables.compiler import is_stale, read_table, table_path

        path = table_path(workspace, table)
        cached = self._frames.get(table)
        if cached and not is_stale(workspace) and path.exists() and path.stat().st_mtime_ns == cached[0]:
            return cached[1]
        frame = read_table(workspace, table)
        self._frames[table] = (path.stat().st_mtime_ns, frame)
        return frame
