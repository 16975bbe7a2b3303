"""Decoding record files into table rows and their CSV text, in a pool for big batches."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from kit.model.records import BY_TABLE, Record
from kit.store.confine import read_no_follow
from kit.store.integrity import placement_problem
from kit.store.keyring import KeyGone, SealBroken
from kit.store.record_store import CorruptRecord, Store
from kit.store.sealing import open_bytes
from kit.tables.cache import record_order
from kit.tables.csv_format import render_lines
from kit.tables.specs import RowBuilder, free_text_columns

POOL_THRESHOLD = 4000
"""From this many new files on, records are decoded by a pool of processes."""
CHUNK_SIZE = 2000

Progress = Callable[[int, int], None]


def read_record_file(store: Store, relative: str, table: str) -> Record:
    """Read one record file; raises :class:`CorruptRecord` saying why it cannot be, and
    :class:`KeyGone` when its key is gone (its person was erased: skip it).

    Fast path: the sealed content is opened with the key of the folder's practitioner and
    put back in place, and pydantic parses and validates the JSON in one step. Anything that
    fails it (an old schema version to migrate, a damaged file) goes through the store's own
    reader, which migrates or names the problem.
    """
    path = f"{store.records_dir}/{relative}"
    try:
        raw = read_no_follow(Path(path))
    except OSError as error:
        raise CorruptRecord(f"the file cannot be read ({error.strerror})") from None
    if raw and not raw.startswith(b"\xef\xbb\xbf") and b"\x00" not in raw:
        table_name, owner, name = relative.split("/")
        try:
            whole = open_bytes(raw, store.keys, table_name, owner, name.removesuffix(".json"))
            record = BY_TABLE[table].model_validate_json(whole)
        except (ValueError, SealBroken):
            record = None
        if record is not None and not placement_problem(record, table_name, owner, name):
            return record
    return store.read(Path(path))


@dataclass
class Decoded:
    """Rows decoded from record files, with their CSV text, and the files set aside."""

    tables: dict[str, pa.Table] = field(default_factory=dict)
    lines: dict[str, pa.ChunkedArray] = field(default_factory=dict)
    good: list[str] = field(default_factory=list)
    bad: list[tuple[str, str]] = field(default_factory=list)
    erased: list[str] = field(default_factory=list)

    def in_record_order(self) -> Decoded:
        """The same rows (and lines) sorted by record id."""
        tables, lines = {}, {}
        for name, table in self.tables.items():
            order = record_order(table)
            tables[name] = table if order is None else table.take(order)
            lines[name] = self.lines[name] if order is None else self.lines[name].take(order)
        return Decoded(tables, lines, self.good, self.bad, self.erased)


def decode_files(root: Path, key_folder: Path | None, files: list[tuple[str, str]]) -> Decoded:
    """Decode record files into table rows and their CSV text (run in a worker process).

    Files whose key is gone (an erased person's) give no rows and are listed in ``erased``.
    """
    store = Store(root, key_folder=key_folder)
    builder = RowBuilder()
    decoded = Decoded()
    for relative, table in files:
        try:
            builder.add(read_record_file(store, relative, table))
            decoded.good.append(relative)
        except KeyGone:
            decoded.erased.append(relative)
        except CorruptRecord as error:
            decoded.bad.append((relative, str(error)))
    decoded.tables = builder.tables()
    decoded.lines = {name: pa.chunked_array([lines], pa.string())
                     for name, lines in _csv_lines(decoded.tables).items()}
    return decoded


def _chunks(items: list[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def decode_all(store: Store, files: list[tuple[str, str]], progress: Progress | None) -> Decoded:
    """Decode ``files`` of ``store`` (in two processes for big batches), in chunks."""
    # absolute: Store joins a relative key folder to the root again (a workspace opened by a
    # relative path would otherwise look for its keys in <root>/<root>/private/keys)
    root, key_folder = store.root, None if store.key_folder is None else store.key_folder.absolute()
    chunks = list(_chunks(files, CHUNK_SIZE))
    workers = min(2, os.cpu_count() or 1)
    if len(files) >= POOL_THRESHOLD and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        # fork is quick; with other threads running (a Jupyter kernel) forkserver is safe.
        context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "forkserver")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = _with_progress(pool.map(decode_files, [root] * len(chunks),
                                              [key_folder] * len(chunks), chunks), chunks, progress)
    else:
        results = _with_progress((decode_files(root, key_folder, chunk) for chunk in chunks), chunks,
                                 progress)
    tables: dict[str, list[pa.Table]] = {}
    lines: dict[str, list[pa.Array]] = {}
    merged = Decoded()
    for result in results:
        for name, table in result.tables.items():
            tables.setdefault(name, []).append(table)
            lines.setdefault(name, []).extend(result.lines[name].chunks)
        merged.good.extend(result.good)
        merged.bad.extend(result.bad)
        merged.erased.extend(result.erased)
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


def _csv_lines(rows: dict[str, pa.Table]) -> dict[str, pa.Array]:
    """The CSV text of new rows, rendered once and cached with them."""
    return {name: render_lines(table, set(free_text_columns(name))) for name, table in rows.items()}
