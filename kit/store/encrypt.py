"""Encrypting a workspace written before encryption, in place (``candle migrate``).

Each plain record file is replaced by the same record with its personal content sealed
(:mod:`kit.store.sealing`) under the same name, a chunk of files at a time: the sealed files
are written beside the plain ones as hidden temp files and flushed to disk, each is checked
to open back to exactly the record read, and only then renamed over its plain file (one
atomic rename each), after which the folders are flushed. At every moment each record file
is whole, plain or sealed, and both read; a migration killed part way leaves plain files,
sealed files and at most a chunk of hidden temp files (sealed, never read, swept by
``candle check``), and running it again seals what is still plain.

First, every record file is read as the store reads it, so anything untrusted (an unreadable
file, a copy reusing a record id, a link) is set aside in quarantine before any file is
rewritten. Records whose key is gone (an erased person's) are sealed already and left alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import StoreError
from kit.model.records import Record
from kit.store import atomic, sealing
from kit.store.batch import flush, write_unflushed
from kit.store.confine import read_no_follow
from kit.store.record_store import Store, decode_record, write_error

CHUNK = 1000
"""Files sealed between two flushes: few flushes, and at most this many temp files left."""

Progress = Callable[[int, int], None]


@dataclass
class EncryptReport:
    """What one migration did."""

    sealed: list[Path] = field(default_factory=list)
    already_sealed: int = 0
    erased: int = 0
    quarantined: list[tuple[Path, str]] = field(default_factory=list)
    keys_before: int = 0
    keys_after: int = 0


def _plain(store: Store, records: list[Record], report: EncryptReport) -> list[tuple[Path, Record]]:
    """The records stored plain, with their files."""
    plain = []
    for record in records:
        path = store.path_for(record)
        if sealing.is_sealed(read_no_follow(path)):
            report.already_sealed += 1
        else:
            plain.append((path, record))
    return plain


def _seal_chunk(store: Store, chunk: list[tuple[Path, Record]]) -> None:
    """Write the chunk's sealed files beside the plain ones, flush, check, then rename over."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, record in chunk:
            payload = store.encode(record)
            if decode_record(payload, store.keys) != record:  # never replace a record by another
                raise StoreError(f"{path} did not read back the same once sealed, so it was left plain.",
                                 "Report this to whoever maintains the kit; nothing was lost.")
            temp = atomic.temp_path(path)
            temps.append((write_unflushed(temp, payload), path))
        flush(store.root, [temp for temp, _ in temps])
        for temp, path in temps:
            os.replace(temp, path)
    except OSError as error:
        raise write_error(error, chunk[0][0]) from None
    finally:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
    flush(store.root, sorted({path.parent for path, _ in chunk}))


def encrypt_plain_records(store: Store, progress: Progress | None = None) -> EncryptReport:
    """Seal every plain record file of ``store`` in place (see the module's description)."""
    if store.keys is None:
        raise StoreError(f"The workspace {store.root} keeps its records plain (kit.yaml says "
                         "key_folder: null), so there is nothing to encrypt them with.",
                         "Set key_folder in kit.yaml (e.g. private/keys) and run it again.")
    report = EncryptReport(keys_before=len(store.keys.people()))
    loaded = store.load()
    report.quarantined, report.erased = loaded.quarantined, len(loaded.erased)
    plain = _plain(store, loaded.records, report)
    for start in range(0, len(plain), CHUNK):
        chunk = plain[start:start + CHUNK]
        _seal_chunk(store, chunk)
        report.sealed.extend(path for path, _ in chunk)
        if progress:
            progress(start + len(chunk), len(plain))
    report.keys_after = len(store.keys.people())
    return report
