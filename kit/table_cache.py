"""The compile cache under ``tables/.cache/``: rows already parsed, and what was seen.

Each compile that reads new record files adds one *part*: a folder
``parts/part-NNNNNN/`` holding, per table, the rows parsed from those files
(``<table>.arrow``, flags not yet set) and ``files.arrow``, the record files
it covers. Parts are uncompressed Arrow IPC files, memory-mapped when read,
so a compile re-reads old rows at almost no cost. A part is written to a
hidden temp folder and renamed into place, so it is complete or absent.
``state.json`` holds the folder stamps used for the cheap staleness check.
The cache is derived: if anything in it is missing or unreadable, it is
thrown away and rebuilt from ``records/``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq

from kit.table_specs import TABLE_SCHEMA_VERSION

CACHE_FORMAT = 1
FILES_PART = "files"
PART_SUFFIX = ".arrow"
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


def write_bytes_atomic(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` via a temp file in the same folder and ``os.replace``."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def write_parquet(table: pa.Table, path: Path, compression: str = "zstd") -> None:
    """Write ``table`` as Parquet at ``path`` atomically."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, temp, compression=compression)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


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
        self.dir.mkdir(parents=True, exist_ok=True)
        payload = {"version": list(state.version), "output_parts": state.output_parts,
                   "stamps": state.stamps}
        write_bytes_atomic(self.state_path, json.dumps(payload, sort_keys=True).encode("utf-8"))

    # -- parts -----------------------------------------------------------
    def part_names(self) -> list[str]:
        """Names of the complete parts, oldest first."""
        if not self.parts_dir.is_dir():
            return []
        return sorted(entry.name for entry in os.scandir(self.parts_dir)
                      if entry.is_dir() and entry.name.startswith("part-"))

    def compiled_files(self) -> set[str]:
        """Every record file (relative to ``records/``) the parts cover.

        Raises :class:`CacheCorrupt` if a part is unreadable or two parts
        cover the same file (an interrupted merge).
        """
        seen: set[str] = set()
        count = 0
        for name in self.part_names():
            try:
                paths = _read_ipc(self.parts_dir / name / f"{FILES_PART}{PART_SUFFIX}"
                                  ).column("path").to_pylist()
            except (OSError, pa.ArrowException, KeyError) as error:
                raise CacheCorrupt(f"cache part {name} is unreadable ({error})") from None
            seen.update(paths)
            count += len(paths)
        if count != len(seen):
            raise CacheCorrupt("two cache parts cover the same record files")
        return seen

    def add_part(self, tables: dict[str, pa.Table], files: list[str]) -> str:
        """Store a new part with ``tables`` and the ``files`` they came from; return its name."""
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        existing = self.part_names()
        number = int(existing[-1].removeprefix("part-")) + 1 if existing else 1
        name = f"part-{number:06d}"
        temp = self.parts_dir / f".{name}.{os.getpid()}.tmp"
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir()
        try:
            for table_name, table in tables.items():
                feather.write_feather(table, temp / f"{table_name}{PART_SUFFIX}",
                                      compression="uncompressed")
            feather.write_feather(pa.table({"path": pa.array(files, pa.string())}),
                                  temp / f"{FILES_PART}{PART_SUFFIX}", compression="uncompressed")
            os.replace(temp, self.parts_dir / name)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
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

    def merge_parts(self, tables: list[str], schemas: dict[str, pa.Schema]) -> None:
        """Merge every part into one, so a compile opens few files.

        The merged part is stored before the old ones are deleted; if that is
        interrupted, the duplicate files are noticed and the cache rebuilt.
        """
        names = self.part_names()
        if len(names) <= 1:
            return
        merged = {t: self.rows(t, schemas[t]) for t in tables}
        files = sorted(self.compiled_files())
        self.add_part({t: rows for t, rows in merged.items() if rows.num_rows}, files)
        for name in names:
            shutil.rmtree(self.parts_dir / name, ignore_errors=True)

    def clear(self) -> None:
        """Throw the whole cache away."""
        shutil.rmtree(self.dir, ignore_errors=True)


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
