"""Finding new record files cheaply: folder stamps, and which files are new or gone.

A folder's modification time changes whenever a file is added to or removed
from it, so a compile lists only the practitioner folders whose stamp moved,
and compares the listing with the files the cache already covers.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from kit.model.records import PUBLIC_TABLES

SETTLE_NS = 2_000_000_000
"""A folder changed this recently may change again within its time stamp's tick."""


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


def split_new(compiled: pa.ChunkedArray, scan: Scan) -> tuple[list[tuple[str, str]], bool]:
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
