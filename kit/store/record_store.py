"""The append-only record store: one immutable JSON file per record version.

Layout: ``records/<table>/<practitioner_id>/<record_id>.json`` (private kinds
under ``private/records/``). A write goes to a temp file in the same folder,
is fsynced, renamed into place with ``os.replace`` and the folder fsynced, so
a reader never sees a partial record and a crash leaves at most a stray temp
file (swept by :meth:`Store.sweep_temp_files`). Nothing is ever rewritten.
A write never reads other records, so its cost does not grow with the store.

Personal content is sealed: each record's free text and identifying fields are encrypted
with its practitioner's own data key (:mod:`kit.store.sealing`, keys in the key folder,
:mod:`kit.store.keyring`); ids, dates and codes stay plain. A record whose key is gone
(its person was erased) is skipped by every reader, never quarantined. A store without a
key folder (a hub user's own copy) writes plain records; plain records always read.

The store never leaves its workspace: links are never followed (see
:mod:`kit.store.confine`), and a record counts only in the folder its own
fields name, with an id no other file uses (see :mod:`kit.store.integrity`).
"""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from kit.errors import RecordNotFound, StoreError
from kit.filemodes import FILE_MODE, make_folder
from kit.model.history import group_versions, latest_versions, withdrawn_entities
from kit.model.migrations import UnknownSchemaVersion, migrate
from kit.model.records import BY_KIND, BY_TABLE, Record, Withdrawal, problems_from
from kit.store import atomic, confine, integrity, sealing
from kit.store.keyring import KeyGone, KeyRing, SealBroken

TEMP_SUFFIX = atomic.TEMP_SUFFIX
STALE_TEMP_SECONDS = 60.0
DEFAULT_KEY_FOLDER = Path("private") / "keys"
"""The key folder of a store unless its workspace's settings name another (relative: inside it)."""


class CorruptRecord(ValueError):
    """A record file that cannot be read; the message is the reason."""


@dataclass
class LoadResult:
    """Records read from disk, and the files set aside as untrusted (with the reason)."""

    records: list[Record] = field(default_factory=list)
    quarantined: list[tuple[Path, str]] = field(default_factory=list)
    erased: list[Path] = field(default_factory=list)
    """Files whose key is gone (their person was erased): unreadable by design, skipped."""


def write_error(error: OSError, path: Path) -> StoreError:
    """The :class:`StoreError` for a failed write of ``path``: what happened, what to do."""
    if error.errno == errno.ENOSPC:
        return StoreError(
            f"The disk holding {path.parent} is full, so this record was not saved.",
            "Free some space and save again; everything saved earlier is intact.",
        )
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreError(
            f"The workspace folder {path.parent} cannot be written to "
            f"({error.strerror.lower()}), so this record was not saved.",
            "Ask whoever manages the workspace for write access, then save again.",
        )
    return StoreError(
        f"This record could not be saved to {path.parent}: {error.strerror}.",
        "Try again; everything saved earlier is intact.",
    )


def decode_record(raw: bytes, keys: KeyRing | None = None) -> Record:
    """Parse the bytes of one record file, opening sealed content with ``keys``, migrating
    old versions.

    Raises :class:`CorruptRecord` saying why the file cannot be read, and
    :class:`~kit.store.keyring.KeyGone` when its content was sealed with a key that no
    longer exists (its person was erased: skip it, never quarantine it).
    """
    if not raw:
        raise CorruptRecord("the file is empty (0 bytes)")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise CorruptRecord("the file starts with a byte-order mark (BOM); records never do")
    if b"\x00" in raw:
        raise CorruptRecord("the file contains NUL bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CorruptRecord(f"the file is not valid UTF-8 (byte {error.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CorruptRecord(f"the file is not complete JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(data, dict):
        raise CorruptRecord("the file holds JSON but not a record (no fields)")
    try:
        data = sealing.open_fields(data, keys)
    except SealBroken as error:
        raise CorruptRecord(str(error)) from None
    try:
        data = migrate(data)
    except UnknownSchemaVersion as error:
        raise CorruptRecord(str(error)) from None
    try:
        return BY_KIND[data["kind"]].model_validate(data)
    except ValidationError as error:
        details = "; ".join(str(problem) for problem in problems_from(error))
        raise CorruptRecord(f"the record is not valid: {details}") from None


def encode_record(record: Record, keys: KeyRing | None = None) -> bytes:
    """The bytes stored for ``record``: compact JSON, one line, UTF-8; with ``keys``, its
    personal fields sealed with its practitioner's key."""
    if keys is not None:
        return sealing.seal(record, keys)
    return record.model_dump_json().encode("utf-8") + b"\n"


class Store:
    """Reads and writes the record files of one workspace folder."""

    def __init__(self, workspace_root: Path, key_folder: Path | None = DEFAULT_KEY_FOLDER) -> None:
        """``key_folder``: where the data keys are (relative: inside the workspace); None keeps
        records plain (a hub user's own copy, whose records the service gives already opened)."""
        self.root = Path(workspace_root)
        self.records_dir = self.root / "records"
        self.private_records_dir = self.root / "private" / "records"
        self.quarantine_dir = self.root / "quarantine"
        self.key_folder = None if key_folder is None else self.root / key_folder
        self.keys = None if self.key_folder is None else KeyRing(self.key_folder)

    @property
    def real_root(self) -> Path:
        """The workspace folder with every link in its own path resolved."""
        return Path(os.path.realpath(self.root))

    def check_inside(self, path: Path) -> None:
        """Raise :class:`StoreError` unless ``path`` lies at its own place in the workspace."""
        try:
            confine.check_inside(self.root, self.real_root, path)
        except confine.OutsideWorkspace as error:
            raise StoreError(f"Nothing was saved: {error}.",
                             "Run `candle check` on the workspace; it sets such links aside.") from None

    # -- where things go -------------------------------------------------
    def table_dir(self, table: str) -> Path:
        """The folder of ``table`` (private tables live under ``private/``)."""
        model = BY_TABLE.get(table)
        base = self.private_records_dir if model and model.PRIVATE else self.records_dir
        return base / table

    def path_for(self, record: Record) -> Path:
        """Where ``record`` is (or will be) stored."""
        return self.table_dir(record.TABLE) / record.practitioner_id / f"{record.record_id}.json"

    # -- writing ---------------------------------------------------------
    def encode(self, record: Record) -> bytes:
        """The bytes this store keeps for ``record`` (sealed when it has a key folder)."""
        return encode_record(record, self.keys)

    def write(self, record: Record) -> Path:
        """Store ``record`` atomically and return its path.

        Writing a record id that is already stored changes nothing (a double
        submit is idempotent). Raises :class:`StoreError` with what to do when
        the folder is read-only or the disk is full; nothing saved is touched.
        """
        final = self.path_for(record)
        self.check_inside(final.parent)
        if integrity.is_link(final):
            raise StoreError(f"Nothing was saved: {final} is a symbolic link.",
                             "Run `candle check` on the workspace; it sets such links aside.")
        if final.exists():
            return final
        try:
            make_folder(final.parent)
            atomic.create_bytes(final, self.encode(record), mode=FILE_MODE)
        except OSError as error:
            raise write_error(error, final) from None
        return final

    # -- finding files ---------------------------------------------------
    def record_files(self, table: str | None = None, practitioner_id: str | None = None
                     ) -> Iterator[Path]:
        """Every stored record file, optionally of one table and one practitioner.

        Temp files (names starting with '.') are never listed, nor links, nor
        anything reached through a link.
        """
        for owner_dir in self._owner_dirs(table, practitioner_id):
            yield from confine.plain_record_files(owner_dir)

    def _owner_dirs(self, table: str | None, practitioner_id: str | None) -> Iterator[Path]:
        real_root = self.real_root
        for name in [table] if table else sorted(BY_TABLE):
            table_dir = self.table_dir(name)
            if not _plain_in_place(table_dir, self.root, real_root):
                continue
            if practitioner_id is None:
                yield from confine.plain_subdirs(table_dir)
            elif confine.is_plain_dir(table_dir / practitioner_id):
                yield table_dir / practitioner_id

    def linked_files(self, table: str | None = None, practitioner_id: str | None = None
                     ) -> list[Path]:
        """Links where record folders or files should be (never followed), in scope."""
        links = []
        for name in [table] if table else sorted(BY_TABLE):
            table_dir = self.table_dir(name)
            base = table_dir / practitioner_id if practitioner_id else table_dir
            links.extend(link for link in confine.links_under(base)
                         if len(link.relative_to(table_dir).parts) <= 2)
        return links

    def temp_files(self) -> Iterator[Path]:
        """Leftover temp files of interrupted writes."""
        for base in (self.records_dir, self.private_records_dir):
            if base.is_dir():
                yield from base.rglob(f".*{TEMP_SUFFIX}")

    def sweep_temp_files(self, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
        """Delete temp files older than ``older_than`` seconds; return them.

        Files that cannot be removed (already gone, or a read-only workspace)
        are left alone; they are never read as records anyway.
        """
        cutoff = time.time() - older_than
        swept = []
        for temp in self.temp_files():
            try:
                if temp.stat().st_mtime <= cutoff:
                    temp.unlink()
                    swept.append(temp)
            except OSError:
                continue
        return swept

    # -- reading ---------------------------------------------------------
    def read(self, path: Path) -> Record:
        """Read one record file; raises :class:`CorruptRecord` if unreadable, and
        :class:`~kit.store.keyring.KeyGone` if its key is gone (its person was erased)."""
        if self.keys is not None:
            self.keys.refresh()
        return self._read(Path(path))

    def _read(self, path: Path) -> Record:
        if integrity.is_link(path):
            raise CorruptRecord(integrity.link_reason(path))
        try:
            raw = confine.read_no_follow(path)
        except OSError as error:
            raise CorruptRecord(f"the file cannot be read ({error.strerror})") from None
        record = decode_record(raw, self.keys)
        problem = integrity.placement_problem(record, path.parent.parent.name, path.parent.name,
                                              path.name)
        if problem:
            raise CorruptRecord(problem)
        return record

    def load(self, table: str | None = None, practitioner_id: str | None = None) -> LoadResult:
        """Read every version in ``table`` (or all tables); quarantine what cannot be trusted.

        Set aside: unreadable files, links, records outside the folder their
        fields name, a second file with a used record id, and versions of one
        practitioner's record in another's folder.
        """
        result = LoadResult()
        found = []
        if self.keys is not None:
            self.keys.refresh()
        for path in self.record_files(table, practitioner_id):
            try:
                found.append(integrity.Found(path, self._read(path)))
            except KeyGone:
                result.erased.append(path)
            except CorruptRecord as error:
                result.quarantined.append((self.quarantine(path, str(error)), str(error)))
        for link in self.linked_files(table, practitioner_id):
            reason = integrity.link_reason(link)
            result.quarantined.append((self.quarantine(link, reason), reason))
        kept, rejected = integrity.honest(found)
        for path, reason in rejected:
            result.quarantined.append((self.quarantine(path, reason), reason))
        result.records = sorted((item.record for item in kept), key=_file_order)
        return result

    def versions(self, table: str, practitioner_id: str | None = None) -> list[Record]:
        """Every stored version in ``table`` (the history), bad files set aside."""
        return self.load(table, practitioner_id).records

    def withdrawn(self, practitioner_id: str | None = None) -> set[str]:
        """Entity ids withdrawn (for one practitioner, or all)."""
        withdrawals = self.versions(Withdrawal.TABLE, practitioner_id)
        return withdrawn_entities(w for w in withdrawals if isinstance(w, Withdrawal))

    def latest(self, table: str, practitioner_id: str | None = None) -> list[Record]:
        """The latest version of each record in ``table``, withdrawn ones left out."""
        versions = self.versions(table, practitioner_id)
        if practitioner_id is not None:
            return latest_versions(versions, self.withdrawn(practitioner_id))
        withdrawals = [w for w in self.versions(Withdrawal.TABLE) if isinstance(w, Withdrawal)]
        latest = []
        for owner, own in _by_practitioner(versions).items():
            withdrawn = withdrawn_entities(w for w in withdrawals if w.practitioner_id == owner)
            latest.extend(latest_versions(own, withdrawn))
        return sorted(latest, key=lambda record: (record.entity_id, record.record_id))

    def history(self, table: str, entity_id: str, practitioner_id: str | None = None
                ) -> list[Record]:
        """Every version of one record, oldest first."""
        return group_versions(self.versions(table, practitioner_id)).get(entity_id, [])

    def get(self, table: str, entity_id: str, practitioner_id: str | None = None) -> Record:
        """The latest version of one record; a clear error if there is none."""
        versions = self.history(table, entity_id, practitioner_id)
        if not versions:
            raise RecordNotFound(f"There is no {table} record {entity_id}.",
                             "Check the id; `candle status` lists what is stored.")
        return versions[-1]

    # -- quarantine ------------------------------------------------------
    def quarantine(self, path: Path, reason: str) -> Path:
        """Move an untrusted file to ``quarantine/`` with a ``.reason.txt`` beside it.

        A link is moved as a link (its target is never touched). A path outside
        the workspace, or reached through a link, is never moved. If the
        workspace cannot be written, the file stays where it is (and is still
        skipped); the original path is returned.
        """
        path = Path(path)
        try:
            relative = path.relative_to(self.root)
            self.check_inside(path.parent)
        except (ValueError, StoreError):
            return path
        target = self.quarantine_dir / relative
        try:
            self.check_inside(target.parent)
            make_folder(target.parent)
            if os.path.lexists(target):
                target = target.with_name(f"{target.stem}.{time.time_ns()}{target.suffix}")
            os.rename(path, target)
            confine.write_no_follow(target.with_name(target.name + ".reason.txt"), reason + "\n")
        except (OSError, StoreError):
            return path if os.path.lexists(path) else target
        return target

    def quarantined_files(self) -> list[tuple[Path, str]]:
        """Files (and links) in quarantine with the reason recorded beside each."""
        if not confine.is_plain_dir(self.quarantine_dir):
            return []
        found = []
        for current, dirs, files in os.walk(self.quarantine_dir, followlinks=False):
            names = [*files, *(d for d in dirs if integrity.is_link(Path(current) / d))]
            for name in names:
                if not name.endswith(".reason.txt"):
                    path = Path(current) / name
                    found.append((path, _reason_beside(path)))
        return sorted(found)


def _reason_beside(path: Path) -> str:
    try:
        return confine.read_no_follow(path.with_name(path.name + ".reason.txt")).decode(
            "utf-8", "replace").strip()
    except OSError:
        return ""


def _file_order(record: Record) -> tuple[str, str, str]:
    return (record.TABLE, record.practitioner_id, record.record_id)


def _by_practitioner(records: list[Record]) -> dict[str, list[Record]]:
    grouped: dict[str, list[Record]] = {}
    for record in records:
        grouped.setdefault(record.practitioner_id, []).append(record)
    return grouped


def _plain_in_place(folder: Path, root: Path, real_root: Path) -> bool:
    """True when ``folder`` is a real folder at its own place in the workspace (no links)."""
    if not confine.is_plain_dir(folder):
        return False
    try:
        confine.check_inside(root, real_root, folder)
    except confine.OutsideWorkspace:
        return False
    return True
