"""The compile cache under ``tables/.cache/``: rows already parsed, and what was seen.

Each compile that reads new record files adds one *part*: a folder
``parts/part-NNNNNN/`` holding, per table, the rows parsed from those files
(``<table>.arrow``, flags not yet set), their CSV text
(``<table>.csv.arrow``, see :mod:`kit.tables.csv_format`) and ``files.arrow``, the
record files it covers. Parts are uncompressed Arrow IPC files,
memory-mapped when read, so a compile re-reads old rows at almost no cost.
A part is written to a hidden temp folder and renamed into place, so it is
complete or absent. ``state.json`` holds the folder stamps used for the
cheap staleness check. The cache is derived: if anything in it is missing
or unreadable, it is thrown away and rebuilt from ``records/``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather
import pyarrow.parquet as pq

from kit.filemodes import make_folder
from kit.store.atomic import new_folder, replacing, write_bytes
from kit.tables.specs import TABLE_SCHEMA_VERSION

CACHE_FORMAT = 3  # 3: profiles gained journey_level (cached rows and CSV lines predate it)
FILES_PART = "files"
PART_SUFFIX = ".arrow"
LINES_SUFFIX = ".csv.arrow"
MAX_PARTS = 16
"""Beyond this many parts, they are merged into one at the next compile."""


class CacheCorrupt(Exception):
    """The cache cannot be trusted; the message says why. Rebuild from records/."""


@dataclass
class State:
    """What ``state.json`` remembers between compiles."""

    stamps: dict[str, int | None] = field(default_factory=dict)
    output_parts: list[str] = field(default_factory=list)
    version: tuple[int, int] = (CACHE_FORMAT, TABLE_SCHEMA_VERSION)


# Everything under tables/ is derived, so it is written with ``durable=False`` (no
# fsync): readers never see a partial file, and after a power cut a stale or damaged
# state or part is noticed and the tables are rebuilt from records/ (which are
# fsynced). An fsync here also flushed the Parquet and CSV just written, a quarter
# of a second on every incremental compile.


def write_parquet(table: pa.Table, path: Path, compression: str = "snappy",
                  free_text: frozenset[str] = frozenset()) -> None:
    """Write ``table`` as Parquet at ``path`` atomically.

    Columns in ``free_text`` get neither a dictionary nor statistics: long
    unique text gains nothing from them and they cost most of the write.
    """
    others = [name for name in table.column_names if name not in free_text]
    with replacing(path, durable=False) as temp:
        pq.write_table(table, temp, compression=compression, use_dictionary=others,
                       write_statistics=others)


class Cache:
    """The parts and state of one workspace's ``tables/.cache`` folder."""

    def __init__(self, tables_dir: Path) -> None:
        self.dir = Path(tables_dir) / ".cache"
        self.parts_dir = self.dir / "parts"
        self.state_path = self.dir / "state.json"

    # -- state -----------------------------------------------------------
    def read_state(self) -> State | None:
        """The saved state, or None when it is missing, unreadable or from another version."""
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
            state = State(stamps=dict(data["stamps"]), output_parts=list(data["output_parts"]),
                          version=tuple(data["version"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return state if state.version == (CACHE_FORMAT, TABLE_SCHEMA_VERSION) else None

    def write_state(self, state: State) -> None:
        """Save ``state`` atomically."""
        make_folder(self.dir)
        payload = {"version": list(state.version), "output_parts": state.output_parts,
                   "stamps": state.stamps}
        write_bytes(self.state_path, json.dumps(payload, sort_keys=True).encode("utf-8"), durable=False)

    # -- parts -----------------------------------------------------------
    def part_names(self) -> list[str]:
        """Names of the complete parts, oldest first."""
        if not self.parts_dir.is_dir():
            return []
        return sorted(entry.name for entry in os.scandir(self.parts_dir)
                      if entry.is_dir() and entry.name.startswith("part-"))

    def compiled_files(self) -> pa.ChunkedArray:
        """Every record file (relative to ``records/``) the parts cover.

        Raises :class:`CacheCorrupt` if a part is unreadable or two parts
        cover the same file (an interrupted merge).
        """
        chunks: list[pa.Array] = []
        for name in self.part_names():
            try:
                column = _read_ipc(self.parts_dir / name / f"{FILES_PART}{PART_SUFFIX}").column("path")
            except (OSError, pa.ArrowException, KeyError) as error:
                raise CacheCorrupt(f"cache part {name} is unreadable ({error})") from None
            chunks.extend(column.chunks)
        paths = pa.chunked_array(chunks, pa.string())
        if len(chunks) > 1 and pc.count_distinct(paths).as_py() != len(paths):
            raise CacheCorrupt("two cache parts cover the same record files")
        return paths

    def add_part(self, tables: dict[str, pa.Table], lines: dict[str, pa.Array], files: list[str]
                 ) -> str:
        """Store a new part: ``tables``, their CSV ``lines``, the ``files`` they came from."""
        make_folder(self.parts_dir)
        existing = self.part_names()
        number = int(existing[-1].removeprefix("part-")) + 1 if existing else 1
        name = f"part-{number:06d}"
        with new_folder(self.parts_dir / name) as temp:
            for table_name, table in tables.items():
                feather.write_feather(table, temp / f"{table_name}{PART_SUFFIX}",
                                      compression="uncompressed")
                feather.write_feather(pa.table({"line": lines[table_name]}),
                                      temp / f"{table_name}{LINES_SUFFIX}", compression="uncompressed")
            feather.write_feather(pa.table({"path": pa.array(files, pa.string())}),
                                  temp / f"{FILES_PART}{PART_SUFFIX}", compression="uncompressed")
        return name

    def part_tables(self, table: str, schema: pa.Schema) -> Iterator[pa.Table]:
        """The cached rows of ``table`` from every part, each conformed to ``schema``."""
        for name in self.part_names():
            path = self.parts_dir / name / f"{table}{PART_SUFFIX}"
            if not path.exists():
                continue
            try:
                yield conform(_read_ipc(path), schema)
            except (OSError, pa.ArrowException) as error:
                raise CacheCorrupt(f"cache part {name}/{table} is unreadable ({error})") from None

    def rows(self, table: str, schema: pa.Schema) -> pa.Table:
        """All cached rows of ``table`` as one Arrow table with ``schema``."""
        parts = list(self.part_tables(table, schema))
        if not parts:
            return schema.empty_table()
        return pa.concat_tables(parts)

    def lines(self, table: str) -> pa.ChunkedArray:
        """The cached CSV text of every row of ``table``, in the order of :meth:`rows`."""
        chunks: list[pa.Array] = []
        for name in self.part_names():
            if not (self.parts_dir / name / f"{table}{PART_SUFFIX}").exists():
                continue
            try:
                column = _read_ipc(self.parts_dir / name / f"{table}{LINES_SUFFIX}").column("line")
            except (OSError, pa.ArrowException, KeyError) as error:
                raise CacheCorrupt(f"cache part {name}/{table} CSV is unreadable ({error})") from None
            chunks.extend(column.chunks)
        return pa.chunked_array(chunks, pa.string())

    def merge_parts(self, tables: list[str], schemas: dict[str, pa.Schema]) -> None:
        """Merge every part into one, so a compile opens few files.

        The merged part is stored before the old ones are deleted; if that is
        interrupted, the duplicate files are noticed and the cache rebuilt.
        """
        names = self.part_names()
        if len(names) <= 1:
            return
        merged, lines = {}, {}
        for table in tables:
            rows, text = self.rows(table, schemas[table]), self.lines(table)
            if rows.num_rows:
                order = record_order(rows)
                merged[table] = rows if order is None else rows.take(order)
                lines[table] = (text if order is None else text.take(order)).combine_chunks()
        files = self.compiled_files().to_pylist()
        self.add_part(merged, lines, files)
        for name in names:
            shutil.rmtree(self.parts_dir / name, ignore_errors=True)

    def clear(self) -> None:
        """Throw the whole cache away."""
        shutil.rmtree(self.dir, ignore_errors=True)


def record_order(table: pa.Table) -> pa.Array | None:
    """Indices sorting ``table`` by record id, or None when it is in that order already.

    The sort is stable, so the rows of one record keep their order. Parts
    are each in this order and usually follow one another, so this is
    mostly a cheap check.
    """
    ids = table.column("record_id")
    if len(ids) < 2 or not pc.any(pc.less(ids.slice(1), ids.slice(0, len(ids) - 1))).as_py():
        return None
    return pc.sort_indices(ids)


def _read_ipc(path: Path) -> pa.Table:
    return feather.read_table(path, memory_map=True)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly the columns of ``schema``, in order and of its types.

    Columns missing from ``table`` (written before a column was added) are
    filled with nulls; columns ``schema`` does not know are dropped. This is
    the explicit schema unification that ``pd.read_parquet(folder)`` lacks.
    """
    columns = []
    for target in schema:
        if target.name in table.column_names:
            column = table.column(target.name)
            columns.append(column if column.type == target.type else column.cast(target.type))
        else:
            columns.append(pa.nulls(table.num_rows, target.type))
    return pa.Table.from_arrays(columns, schema=schema)
