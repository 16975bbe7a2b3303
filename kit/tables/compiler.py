"""Tidy tables: compile ``records/`` to one Parquet and one CSV file per table.

``compile_tables(ws)`` reads only the record files it has not read before
(the rows it parsed earlier are cached under ``tables/.cache``), works out
``is_latest`` and ``is_withdrawn`` across all rows, and writes
``tables/<name>.parquet``, ``tables/<name>.csv`` and the data dictionary
``tables/datapackage.json``, each atomically. ``rebuild=True`` (or a
missing or damaged cache) compiles everything again from ``records/``.
Unreadable record files go to quarantine and the rest compiles.

``read_table(ws, name)`` is how every other part of the kit reads a table:
it compiles first when records are newer than the tables (a cheap check of
folder times), upgrades tables written by an older layout, and refuses
tables from a newer kit. Private records (names to hide) are never read.
"""

from __future__ import annotations

import fcntl
import os
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kit.errors import TableError
from kit.filemodes import FILE_MODE, make_folder
from kit.model.records import PUBLIC_TABLES, Reflection, Withdrawal
from kit.store.integrity import duplicate_names
from kit.store.record_store import Store
from kit.store.workspace import Workspace
from kit.tables.cache import MAX_PARTS, Cache, CacheCorrupt, State, conform, record_order, write_parquet
from kit.tables.csv_format import csv_safe, header_line, write_lines
from kit.tables.decode import Progress, decode_all
from kit.tables.dictionary import write_datapackage
from kit.tables.flags import latest_record_ids, with_flags, withdrawn_ids
from kit.tables.scan import scan_records, split_new
from kit.tables.specs import (
    LONG_TABLES,
    TABLE_NAMES,
    TABLE_SCHEMA_VERSION,
    column_types,
    free_text_columns,
    table_spec,
    tables_of,
)
from kit.tables.versions import table_version, upgrade_table

__all__ = [
    "TABLE_NAMES",
    "TABLE_SCHEMA_VERSION",
    "CompileReport",
    "column_types",
    "compile_tables",
    "csv_safe",
    "is_stale",
    "read_table",
    "table_path",
]

LOCK_FILE = ".compile.lock"  # in tables/ (see compile_lock)


@dataclass
class CompileReport:
    """What one compile did."""

    rows: dict[str, int] = field(default_factory=dict)
    files_read: int = 0
    quarantined: list[tuple[Path, str]] = field(default_factory=list)
    tables_written: list[str] = field(default_factory=list)
    rebuilt: bool = False
    rebuild_reason: str = ""
    seconds: float = 0.0

    def summary(self) -> str:
        """A few lines for people: rows per table, files read, quarantined."""
        width = max(len(name) for name in TABLE_NAMES)
        lines = [f"  {name:<{width}}  {self.rows.get(name, 0):>8,} {_rows(self.rows.get(name, 0))}"
                 for name in TABLE_NAMES]
        how = f"rebuilt from records ({self.rebuild_reason})" if self.rebuilt else "incremental"
        lines.append(f"{self.files_read:,} new record files read, {how}, "
                     f"{len(self.tables_written)} tables written in {self.seconds:.2f} s.")
        if self.quarantined:
            lines.append(f"{len(self.quarantined)} unreadable files moved to quarantine:")
            lines.extend(f"  {path}: {reason}" for path, reason in self.quarantined)
        return "\n".join(lines)


def _rows(number: int) -> str:
    return "row" if number == 1 else "rows"


# -- where things are --------------------------------------------------------

def tables_dir(ws: Workspace) -> Path:
    """The workspace's ``tables/`` folder (created if missing)."""
    folder = ws.folder("tables")
    make_folder(folder)
    return folder


def table_path(ws: Workspace, name: str, suffix: str = "parquet") -> Path:
    """Where table ``name`` is written (``suffix`` 'parquet' or 'csv')."""
    _check_name(name)
    return ws.folder("tables") / f"{name}.{suffix}"


def _check_name(name: str) -> None:
    if name not in TABLE_NAMES:
        raise TableError(f"There is no table called '{name}'.",
                         f"Use one of: {', '.join(TABLE_NAMES)}.")


def is_stale(ws: Workspace) -> bool:
    """True when records may be newer than the compiled tables (a quick check)."""
    state = Cache(ws.folder("tables")).read_state()
    if state is None or None in state.stamps.values():
        return True
    if any(not table_path(ws, name).exists() for name in TABLE_NAMES):
        return True
    return scan_records(ws.store.records_dir, list_files=False).stamps != state.stamps


# -- working out the flags and writing the tables ---------------------------

def _write_outputs(ws: Workspace, cache: Cache, names: list[str]) -> dict[str, int]:
    """Recompute the flags of ``names`` from the cache and write them; rows per table."""
    schemas = {name: table_spec(name).arrow_schema(with_flags=False) for name in TABLE_NAMES}
    withdrawn = withdrawn_ids(cache.rows(Withdrawal.TABLE, schemas[Withdrawal.TABLE]))
    with ThreadPoolExecutor(2) as writer:  # Arrow writes release the GIL
        return _flag_and_write(ws, cache, names, schemas, withdrawn, writer)


def _flag_and_write(ws: Workspace, cache: Cache, names: list[str], schemas: dict[str, pa.Schema],
                    withdrawn: pa.Array, writer: ThreadPoolExecutor) -> dict[str, int]:
    counts: dict[str, int] = {}
    latest_ids: pa.Array | None = None
    writes = []
    for name in TABLE_NAMES:
        if name not in names:
            continue
        rows, lines = cache.rows(name, schemas[name]), cache.lines(name)
        order = record_order(rows)
        if order is not None:
            rows, lines = rows.take(order), lines.take(order)
        if name in LONG_TABLES and latest_ids is None:  # the reflections' flags, once
            parent = table_spec(name).parent
            flagged = with_flags(parent, cache.rows(parent, schemas[parent]), None, withdrawn)
            latest_ids = latest_record_ids(flagged)
        table = with_flags(name, rows, latest_ids if name in LONG_TABLES else None, withdrawn)
        if name == Reflection.TABLE:
            latest_ids = latest_record_ids(table)
        writes.append(writer.submit(write_parquet, table, table_path(ws, name), "snappy",
                                    free_text_columns(name)))
        writes.append(writer.submit(write_lines, table_path(ws, name, "csv"),
                                    header_line(table.column_names), lines,
                                    table.column("is_latest"), table.column("is_withdrawn")))
        counts[name] = table.num_rows
    for write in writes:
        write.result()
    return counts


def _touched(new_rows: dict[str, pa.Table]) -> list[str]:
    """Tables whose rows or flags change when ``new_rows`` are added.

    A new version changes ``is_latest`` in its own tables; a withdrawal
    changes ``is_withdrawn`` in the table it names (all tables when it
    withdraws a withdrawal, whose target is not at hand).
    """
    record_tables = {name for name in new_rows if name in PUBLIC_TABLES}
    withdrawals = new_rows.get(Withdrawal.TABLE)
    if withdrawals is not None:
        targets = set(withdrawals.column("target_table").to_pylist())
        if Withdrawal.TABLE in targets or not targets <= set(PUBLIC_TABLES):
            return list(TABLE_NAMES)
        record_tables |= targets
    touched = {name for table in record_tables for name in tables_of(table)}
    return [name for name in TABLE_NAMES if name in touched]


@contextmanager
def compile_lock(folder: Path) -> Iterator[None]:
    """One compile at a time per workspace (two kernels may ask at once).

    The lock file sits in ``tables/``, never in ``tables/.cache``: a compile that throws the
    cache away deletes that folder, and a lock file deleted while held lets the next process
    lock a new file and compile at the same time (rows and CSV lines from different parts).
    """
    make_folder(folder)
    with open(folder / LOCK_FILE, "a+b", opener=_own_file) as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _own_file(path: str, flags: int) -> int:
    return os.open(path, flags, FILE_MODE)  # never wider than the kit's files, whatever the umask


# -- compiling ----------------------------------------------------------------

def compile_tables(ws: Workspace, rebuild: bool = False, progress: Progress | None = None
                   ) -> CompileReport:
    """Compile ``records/`` to ``tables/`` incrementally (or from scratch with ``rebuild``).

    Only record files not compiled before are read. ``progress(done, total)``
    is called as files are decoded. Returns a :class:`CompileReport`.
    """
    started = time.perf_counter()
    try:
        folder = tables_dir(ws)
        with compile_lock(folder):
            report = _compile_locked(ws, folder, rebuild, progress)
    except OSError as error:
        raise TableError(
            f"The tables of {ws.root} cannot be written ({error.strerror or error}).",
            "Free some disk space or ask for write access to its tables/ folder, then run "
            "`candle compact` again; the records are untouched.",
        ) from None
    report.seconds = time.perf_counter() - started
    return report


def _load_cache(cache: Cache, rebuild: bool) -> tuple[pa.ChunkedArray, str]:
    """Files already compiled, and why the cache was thrown away ('' if it was kept)."""
    nothing = pa.chunked_array([], pa.string())
    if rebuild:
        return nothing, "asked for"
    state = cache.read_state()
    if state is None:
        return nothing, "no usable cache"
    if not set(state.output_parts) <= set(cache.part_names()):
        return nothing, "cache parts are missing"
    try:
        return cache.compiled_files(), ""
    except CacheCorrupt as error:
        return nothing, str(error)


def _compile_locked(ws: Workspace, folder: Path, rebuild: bool, progress: Progress | None
                    ) -> CompileReport:
    store = ws.store
    cache = Cache(folder)
    compiled, reason = _load_cache(cache, rebuild)
    previous = cache.read_state() if not reason else None
    scan = scan_records(store.records_dir, previous.stamps if previous else None)
    new, gone = split_new(compiled, scan)
    if not reason and gone:
        reason = "record files compiled before are gone"
    if reason:
        cache.clear()
        compiled = pa.chunked_array([], pa.string())
        if previous is not None:  # the listing skipped folders: list everything
            scan = scan_records(store.records_dir)
        new = sorted(scan.files.items())
    report = CompileReport(rebuilt=bool(reason), rebuild_reason=reason)
    state = cache.read_state()
    # Tables are behind the cache after a rebuild or an interrupted compile.
    outputs_behind = state is None or state.output_parts != cache.part_names()
    new_rows: dict[str, pa.Table] = {}
    if new:
        new = _set_aside_duplicates(store, compiled, new, report)
    if new:
        decoded = decode_all(store, new, progress)
        report.files_read = len(new)
        for relative, why in decoded.bad:
            report.quarantined.append((store.quarantine(store.records_dir / relative, why), why))
        if decoded.good:
            decoded = decoded.in_record_order()
            cache.add_part(decoded.tables, decoded.lines, decoded.good)
            new_rows = decoded.tables
    parts = cache.part_names()
    missing = [name for name in TABLE_NAMES if not table_path(ws, name).exists()]
    if outputs_behind:
        names = list(TABLE_NAMES)
    else:
        names = sorted(set(_touched(new_rows)) | set(missing), key=TABLE_NAMES.index)
    if len(parts) > MAX_PARTS:
        schemas = {name: table_spec(name).arrow_schema(with_flags=False) for name in TABLE_NAMES}
        cache.merge_parts(list(TABLE_NAMES), schemas)
        parts = cache.part_names()
    if names:
        _write_outputs(ws, cache, names)
        write_datapackage(folder)
    report.tables_written = names
    report.rows = _row_counts(ws)
    cache.write_state(State(stamps=scan.stamps, output_parts=parts))
    return report


def _set_aside_duplicates(store: Store, compiled: pa.ChunkedArray, new: list[tuple[str, str]],
                          report: CompileReport) -> list[tuple[str, str]]:
    """``new`` without files reusing a record id compiled or saved earlier (quarantined)."""
    rejected = dict(duplicate_names((relative for relative, _ in new), _names_in(compiled, new),
                                    store.records_dir))
    for relative, why in rejected.items():
        report.quarantined.append((store.quarantine(store.records_dir / relative, why), why))
    return [item for item in new if item[0] not in rejected]


def _names_in(compiled: pa.ChunkedArray, new: list[tuple[str, str]]) -> set[str]:
    """File names of ``new`` that compiled files already use (Arrow does the 100,000-row pass)."""
    names = {relative.rpartition("/")[2] for relative, _ in new}
    if not len(compiled) or not names:
        return set()
    width = min(len(name) for name in names)
    tails = pa.array(sorted({name[-width:] for name in names}), pa.string())
    hits = compiled.filter(pc.is_in(pc.utf8_slice_codeunits(compiled, -width), value_set=tails))
    return {relative.rpartition("/")[2] for relative in hits.to_pylist()} & names


def _row_counts(ws: Workspace) -> dict[str, int]:
    counts = {}
    for name in TABLE_NAMES:
        path = table_path(ws, name)
        counts[name] = pq.ParquetFile(path).metadata.num_rows if path.exists() else 0
    return counts


# -- reading ------------------------------------------------------------------

def _load(ws: Workspace, name: str) -> pa.Table:
    path = table_path(ws, name)
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as error:
        if path.exists():
            ws.store.quarantine(path, f"the compiled table cannot be read ({error})")
        compile_tables(ws, rebuild=True)
        return pq.read_table(path)
    upgraded = upgrade_table(name, table, table_version(table, path), path)
    if upgraded is None:
        compile_tables(ws, rebuild=True)
        return pq.read_table(path)
    return upgraded


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """A compiled table as a DataFrame: dates as datetime64, whole numbers as Int64."""
    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    frame = table.to_pandas(date_as_object=False, types_mapper=mapping.get)
    for column in ("is_latest", "is_withdrawn"):
        if column in frame:
            frame[column] = frame[column].astype(bool)
    return frame


def current_rows(table: pa.Table) -> pa.Table:
    """The rows of a compiled table that are the latest version of a record not withdrawn."""
    return table.filter(pc.and_(table.column("is_latest"), pc.invert(table.column("is_withdrawn"))))


def warm_reading() -> None:
    """Read an empty, made-up table of each kind the way :func:`read_table` reads (Parquet,
    conformed, current rows, to pandas), in memory: a process's first reads are slower
    (pyarrow's dataset modules load, its readers start), and a spare page kernel
    (:mod:`kit.app.warmup`) pays that before any page asks. Reads no workspace."""
    for name in TABLE_NAMES:
        schema = table_spec(name).arrow_schema()
        written = pa.BufferOutputStream()
        pq.write_table(schema.empty_table(), written)
        to_pandas(current_rows(conform(pq.read_table(pa.BufferReader(written.getvalue())), schema)))


def read_table(ws: Workspace, name: str, current_only: bool = True, refresh: bool = True
               ) -> pd.DataFrame:
    """Table ``name`` as a DataFrame, compiled first if records are newer.

    ``current_only`` keeps the latest version of each record that is not
    withdrawn; ``False`` gives every version, with ``is_latest`` and
    ``is_withdrawn`` to tell them apart.
    """
    _check_name(name)
    if refresh and is_stale(ws):
        try:
            compile_tables(ws)
        except TableError as error:
            if not table_path(ws, name).exists():
                raise
            warnings.warn(f"Showing the tables as last compiled: {error}", stacklevel=2)
    if not table_path(ws, name).exists():
        compile_tables(ws)
    table = conform(_load(ws, name), table_spec(name).arrow_schema())
    return to_pandas(current_rows(table) if current_only else table)
