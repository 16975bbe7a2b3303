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
import multiprocessing
import os
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kit.errors import TableError
from kit.model.records import BY_TABLE, PUBLIC_TABLES, Record, Reflection, Withdrawal
from kit.store.confine import read_no_follow
from kit.store.integrity import duplicate_names, placement_problem
from kit.store.record_store import CorruptRecord, Store
from kit.store.workspace import Workspace
from kit.tables.cache import MAX_PARTS, Cache, CacheCorrupt, State, conform, record_order, write_parquet
from kit.tables.csv_format import csv_safe, header_line, render_lines, write_lines
from kit.tables.dictionary import write_datapackage
from kit.tables.specs import (
    LONG_TABLES,
    TABLE_NAMES,
    TABLE_SCHEMA_VERSION,
    VERSION_COLUMN,
    RowBuilder,
    column_types,
    free_text_columns,
    table_spec,
    tables_of,
)

POOL_THRESHOLD = 4000
"""From this many new files on, records are decoded by a pool of processes."""
CHUNK_SIZE = 2000
SETTLE_NS = 2_000_000_000
"""A folder changed this recently may change again within its time stamp's tick."""

Progress = Callable[[int, int], None]
TableUpgrader = Callable[[pa.Table], pa.Table]
TABLE_UPGRADERS: dict[tuple[str, int], TableUpgrader] = {}
"""Upgraders of compiled tables: (table, version N) -> function returning version N + 1."""

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
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def table_path(ws: Workspace, name: str, suffix: str = "parquet") -> Path:
    """Where table ``name`` is written (``suffix`` 'parquet' or 'csv')."""
    _check_name(name)
    return ws.folder("tables") / f"{name}.{suffix}"


def _check_name(name: str) -> None:
    if name not in TABLE_NAMES:
        raise TableError(f"There is no table called '{name}'.",
                         f"Use one of: {', '.join(TABLE_NAMES)}.")


# -- the cheap staleness check -------------------------------------------------

@dataclass
class Scan:
    """What one pass over ``records/`` found."""

    stamps: dict[str, int | None] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    listed: set[str] = field(default_factory=set)
    unchanged: set[str] = field(default_factory=set)


def scan_records(records_dir: Path, known: dict[str, int | None] | None = None,
                 list_files: bool = True) -> Scan:
    """Stamp (and list) ``records/``, its public table folders and practitioner folders.

    A folder's stamp is its modification time, which changes whenever a file
    is added or removed in it; a folder changed in the last two seconds is
    stamped ``None`` (unsettled), so the next check looks again. With
    ``list_files``, the record files of each practitioner folder are listed
    as ``table/practitioner/file.json`` -> table, except in folders whose
    stamp equals the settled one in ``known`` (nothing changed there).
    """
    now = time.time_ns()
    scan = Scan()
    known = known or {}

    def stamp(key: str, mtime_ns: int) -> bool:
        scan.stamps[key] = mtime_ns if now - mtime_ns > SETTLE_NS else None
        return scan.stamps[key] is not None and known.get(key) == mtime_ns

    root = str(records_dir)
    try:
        if os.path.islink(root):  # links are never followed (``candle check`` sets them aside)
            return scan
        stamp("", os.stat(root).st_mtime_ns)
    except FileNotFoundError:
        return scan
    for table in PUBLIC_TABLES:
        table_dir = f"{root}/{table}"
        try:
            if os.path.islink(table_dir):
                continue
            stamp(table, os.stat(table_dir).st_mtime_ns)
            with os.scandir(table_dir) as entries:
                owners = [(e.name, e.stat().st_mtime_ns) for e in entries
                          if e.is_dir(follow_symlinks=False)]
        except FileNotFoundError:
            continue
        for owner, mtime_ns in owners:
            key = f"{table}/{owner}"
            if stamp(key, mtime_ns) or not list_files:
                scan.unchanged.add(key)
                continue
            scan.listed.add(key)
            with os.scandir(f"{table_dir}/{owner}") as entries:
                for entry in entries:
                    name = entry.name
                    if (name.endswith(".json") and not name.startswith(".")
                            and entry.is_file(follow_symlinks=False)):
                        scan.files[f"{key}/{name}"] = table
    return scan


def is_stale(ws: Workspace) -> bool:
    """True when records may be newer than the compiled tables (a quick check)."""
    state = Cache(ws.folder("tables")).read_state()
    if state is None or None in state.stamps.values():
        return True
    if any(not table_path(ws, name).exists() for name in TABLE_NAMES):
        return True
    return scan_records(ws.store.records_dir, list_files=False).stamps != state.stamps


# -- finding and reading record files ----------------------------------------

def _split_new(compiled: pa.ChunkedArray, scan: Scan) -> tuple[list[tuple[str, str]], bool]:
    """The listed files not compiled yet, and whether a compiled file is gone.

    Works on Arrow arrays, so a store of 100,000 files costs milliseconds.
    A compiled file is gone when its folder vanished, or when its folder was
    listed and holds fewer compiled files than the cache remembers.
    """
    listed = pa.array(list(scan.files), pa.string())
    old = pc.is_in(listed, value_set=compiled).to_numpy(zero_copy_only=False)
    names = listed.to_pylist()
    new = sorted((name, scan.files[name]) for name, seen in zip(names, old, strict=True) if not seen)
    if not len(compiled):
        return new, False
    still_there = Counter(name.rpartition("/")[0] for name, seen in zip(names, old, strict=True) if seen)
    folders = pc.value_counts(pc.replace_substring_regex(compiled, r"/[^/]*$", ""))
    for folder, count in zip(folders.field("values").to_pylist(), folders.field("counts").to_pylist(),
                             strict=True):
        if folder in scan.unchanged:
            continue
        if folder not in scan.listed or still_there[folder] < count:
            return new, True
    return new, False


def read_record_file(store: Store, relative: str, table: str) -> Record:
    """Read one record file; raises :class:`CorruptRecord` saying why it cannot be.

    Fast path: pydantic parses and validates the JSON in one step. Anything
    that fails it (an old schema version to migrate, a damaged file) goes
    through the store's own reader, which migrates or names the problem.
    """
    path = f"{store.records_dir}/{relative}"
    try:
        raw = read_no_follow(Path(path))
    except OSError as error:
        raise CorruptRecord(f"the file cannot be read ({error.strerror})") from None
    if raw and not raw.startswith(b"\xef\xbb\xbf") and b"\x00" not in raw:
        try:
            record = BY_TABLE[table].model_validate_json(raw)
        except ValueError:
            record = None
        if record is not None and not placement_problem(record, *relative.split("/")):
            return record
    return store.read(Path(path))


@dataclass
class Decoded:
    """Rows decoded from record files, with their CSV text, and the files set aside."""

    tables: dict[str, pa.Table] = field(default_factory=dict)
    lines: dict[str, pa.ChunkedArray] = field(default_factory=dict)
    good: list[str] = field(default_factory=list)
    bad: list[tuple[str, str]] = field(default_factory=list)

    def in_record_order(self) -> Decoded:
        """The same rows (and lines) sorted by record id."""
        tables, lines = {}, {}
        for name, table in self.tables.items():
            order = record_order(table)
            tables[name] = table if order is None else table.take(order)
            lines[name] = self.lines[name] if order is None else self.lines[name].take(order)
        return Decoded(tables, lines, self.good, self.bad)


def decode_files(root: Path, files: list[tuple[str, str]]) -> Decoded:
    """Decode record files into table rows and their CSV text (run in a worker process)."""
    store = Store(root)
    builder = RowBuilder()
    decoded = Decoded()
    for relative, table in files:
        try:
            builder.add(read_record_file(store, relative, table))
            decoded.good.append(relative)
        except CorruptRecord as error:
            decoded.bad.append((relative, str(error)))
    decoded.tables = builder.tables()
    decoded.lines = {name: pa.chunked_array([lines], pa.string())
                     for name, lines in _csv_lines(decoded.tables).items()}
    return decoded


def _chunks(items: list[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _decode_all(root: Path, files: list[tuple[str, str]], progress: Progress | None) -> Decoded:
    chunks = list(_chunks(files, CHUNK_SIZE))
    workers = min(2, os.cpu_count() or 1)
    if len(files) >= POOL_THRESHOLD and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        # fork is quick; with other threads running (a Jupyter kernel) forkserver is safe.
        context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "forkserver")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = _with_progress(pool.map(decode_files, [root] * len(chunks), chunks),
                                     chunks, progress)
    else:
        results = _with_progress((decode_files(root, chunk) for chunk in chunks), chunks, progress)
    tables: dict[str, list[pa.Table]] = {}
    lines: dict[str, list[pa.Array]] = {}
    merged = Decoded()
    for result in results:
        for name, table in result.tables.items():
            tables.setdefault(name, []).append(table)
            lines.setdefault(name, []).extend(result.lines[name].chunks)
        merged.good.extend(result.good)
        merged.bad.extend(result.bad)
    merged.tables = {name: pa.concat_tables(parts) for name, parts in tables.items()}
    merged.lines = {name: pa.chunked_array(chunks, pa.string()) for name, chunks in lines.items()}
    return merged


def _with_progress(results: Iterator, chunks: list[list[tuple[str, str]]], progress: Progress | None
                   ) -> list:
    done, total, collected = 0, sum(len(chunk) for chunk in chunks), []
    for result, chunk in zip(results, chunks, strict=True):
        collected.append(result)
        done += len(chunk)
        if progress:
            progress(done, total)
    return collected


# -- working out the flags and writing the tables ---------------------------

def _latest_flags(table: pa.Table) -> pa.Array:
    """True for the latest version (by created_at, then record id) of each entity."""
    count = table.num_rows
    if count == 0:
        return pa.array([], pa.bool_())
    order = pc.sort_indices(table, sort_keys=[("practitioner_id", "ascending"),
                                              ("entity_id", "ascending"),
                                              ("created_at", "ascending"),
                                              ("record_id", "ascending")])
    entities = _owned(table, "entity_id").take(order)  # one practitioner's record never another's
    changes = pc.not_equal(entities.slice(0, count - 1), entities.slice(1))
    flags = np.empty(count, dtype=bool)
    flags[order.to_numpy()] = np.append(changes.to_numpy(zero_copy_only=False), True)
    return pa.array(flags)


def _withdrawn(withdrawals: pa.Table) -> pa.Array:
    """Entity ids taken out of use: the rule of :func:`kit.model.history.withdrawn_entities` in Arrow.

    The latest version of each withdrawal counts; withdrawing a withdrawal
    restores its target.
    """
    latest = withdrawals.filter(_latest_flags(withdrawals))
    of_withdrawals = pc.equal(latest.column("target_table"), Withdrawal.TABLE)
    cancelled = _owned(latest.filter(of_withdrawals), "target_entity_id")
    standing = pc.invert(pc.is_in(_owned(latest, "entity_id"), value_set=cancelled.combine_chunks()))
    return pc.unique(_owned(latest.filter(standing), "target_entity_id"))


def _owned(table: pa.Table, column: str) -> pa.ChunkedArray:
    """``practitioner_id/<column>``: a withdrawal or version counts only for its own practitioner."""
    return pc.binary_join_element_wise(table.column("practitioner_id"), table.column(column), "/")


def _with_flags(name: str, rows: pa.Table, latest_ids: pa.Array | None, withdrawn: pa.Array) -> pa.Table:
    spec = table_spec(name)
    if latest_ids is None:
        is_latest = _latest_flags(rows)
    else:
        is_latest = pc.is_in(rows.column("record_id"), value_set=latest_ids)
    is_withdrawn = pc.is_in(_owned(rows, "entity_id"), value_set=withdrawn)
    table = rows.append_column("is_latest", is_latest).append_column("is_withdrawn", is_withdrawn)
    return conform(table, spec.arrow_schema())


def _write_outputs(ws: Workspace, cache: Cache, names: list[str]) -> dict[str, int]:
    """Recompute the flags of ``names`` from the cache and write them; rows per table."""
    schemas = {name: table_spec(name).arrow_schema(with_flags=False) for name in TABLE_NAMES}
    withdrawn = _withdrawn(cache.rows(Withdrawal.TABLE, schemas[Withdrawal.TABLE]))
    with ThreadPoolExecutor(2) as writer:  # Arrow writes release the GIL
        return _flag_and_write(ws, cache, names, schemas, withdrawn, writer)


def _latest_ids(flagged: pa.Table) -> pa.Array:
    return flagged.filter(flagged.column("is_latest")).column("record_id").combine_chunks()


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
            flagged = _with_flags(parent, cache.rows(parent, schemas[parent]), None, withdrawn)
            latest_ids = _latest_ids(flagged)
        table = _with_flags(name, rows, latest_ids if name in LONG_TABLES else None, withdrawn)
        if name == Reflection.TABLE:
            latest_ids = _latest_ids(table)
        writes.append(writer.submit(write_parquet, table, table_path(ws, name), "snappy",
                                    free_text_columns(name)))
        writes.append(writer.submit(write_lines, table_path(ws, name, "csv"),
                                    header_line(table.column_names), lines,
                                    table.column("is_latest"), table.column("is_withdrawn")))
        counts[name] = table.num_rows
    for write in writes:
        write.result()
    return counts


def _csv_lines(rows: dict[str, pa.Table]) -> dict[str, pa.Array]:
    """The CSV text of new rows, rendered once and cached with them."""
    return {name: render_lines(table, set(free_text_columns(name))) for name, table in rows.items()}


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
def _compile_lock(folder: Path) -> Iterator[None]:
    """One compile at a time per workspace (two kernels may ask at once)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".compile.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
        with _compile_lock(folder / ".cache"):
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
    new, gone = _split_new(compiled, scan)
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
        decoded = _decode_all(store.root, new, progress)
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
    known = set(pc.replace_substring_regex(compiled, r"^.*/", "").to_pylist()) if len(compiled) else set()
    rejected = dict(duplicate_names((relative for relative, _ in new), known, store.records_dir))
    for relative, why in rejected.items():
        report.quarantined.append((store.quarantine(store.records_dir / relative, why), why))
    return [item for item in new if item[0] not in rejected]


def _row_counts(ws: Workspace) -> dict[str, int]:
    counts = {}
    for name in TABLE_NAMES:
        path = table_path(ws, name)
        counts[name] = pq.ParquetFile(path).metadata.num_rows if path.exists() else 0
    return counts


# -- reading ------------------------------------------------------------------

def _table_version(table: pa.Table, path: Path) -> int:
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


def _load(ws: Workspace, name: str) -> pa.Table:
    path = table_path(ws, name)
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as error:
        if path.exists():
            ws.store.quarantine(path, f"the compiled table cannot be read ({error})")
        compile_tables(ws, rebuild=True)
        return pq.read_table(path)
    upgraded = upgrade_table(name, table, _table_version(table, path), path)
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
    if current_only:
        keep = pc.and_(table.column("is_latest"), pc.invert(table.column("is_withdrawn")))
        table = table.filter(keep)
    return to_pandas(table)
