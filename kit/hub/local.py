"""The workspace interface on a folder: the kit's own functions, with the reading rules of
:mod:`kit.hub.access` and the writing rules of :mod:`kit.capture`. The hub service runs one
of these for each caller, so both backends enforce exactly the same rules."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from kit.capture import application, permissions
from kit.capture import submit as capture
from kit.errors import PermissionDenied, WorkspaceError
from kit.hub import access, gate
from kit.hub.frames import FrameCache
from kit.hub.local_release import LocalRelease
from kit.hub.local_reviews import LocalReviews
from kit.hub.local_rights import LocalRights
from kit.hub.roles import Caller
from kit.model import reading
from kit.model.records import (
    PRIVATE_TABLES,
    PUBLIC_TABLES,
    MicroProject,
    Profile,
    Record,
    Withdrawal,
    model_for_table,
)
from kit.store.workspace import Person, Settings, Workspace

PACKAGE_MARKER = "datapackage.json"
PACKAGE_STAMP = "%Y%m%dT%H%M%S%fZ"  # a package the service makes is named <stamp>-<lead id>
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


def with_caller(workspace: Workspace, caller: Caller) -> Workspace:
    """``workspace`` whose person ``caller.id`` has exactly the caller's kinds."""
    people = workspace.settings.people
    known = next((p for p in people if p.id == caller.id), None)
    if not caller.kinds or (known is not None and tuple(known.kinds) == tuple(caller.kinds)):
        return workspace  # a caller in no role is refused before any rule is asked
    me = Person(id=caller.id, name=known.name if known else caller.id, kinds=list(caller.kinds))
    others = [p for p in people if p.id != caller.id]
    settings = workspace.settings.model_copy(update={"people": [*others, me]})
    return dataclasses.replace(workspace, settings=settings)


@dataclass(frozen=True)
class LocalBackend(LocalReviews, LocalRelease, LocalRights):
    """``caller`` working on ``workspace``, a folder this process may write."""

    workspace: Workspace
    caller: Caller
    frames: FrameCache | None = None  # the service keeps tables in memory between requests

    def __post_init__(self) -> None:
        # The writing rules (kit.capture.permissions) read a person's kinds from the workspace:
        # here they are the hub's, whatever kit.yaml says.
        object.__setattr__(self, "workspace", with_caller(self.workspace, self.caller))

    @classmethod
    def for_user(cls, workspace: Workspace | str | Path | None = None,
                 user_id: str | None = None) -> LocalBackend:
        """Open ``workspace`` as ``user_id`` (default: the workspace's current user)."""
        ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
        person = ws.person(user_id) if user_id else ws.current_user()
        return cls(ws, Caller(person.id, tuple(person.kinds)))

    def whoami(self) -> Caller:
        """Who is signed in, and in which roles."""
        return self.caller

    def _writer(self) -> str:
        access.check_reader(self.caller)  # who may read no records writes none either
        return self.caller.id

    def submit(self, record: Record) -> str:
        """Check ``record`` against the rules and the caller's rights, then store it."""
        capture.submit(self.workspace, record, acting_user=self._writer())
        return record.record_id

    def save_application(self, project: MicroProject) -> str:
        """Store a micro-project application and, the first time, the licence's 'applied' event."""
        application.save_application(self.workspace, project, acting_user=self._writer())
        return project.record_id

    def edit(self, table: str, entity_id: str, practitioner_id: str, edit_reason: str,
             changes: Mapping[str, Any], supersedes: str | None = None) -> Record:
        """A new version of one record (the earlier one stays), written as the caller; refused
        (:class:`kit.errors.StaleEdit`) when made from a version since replaced."""
        writer = self._writer()
        model_for_table(table).check_changes(changes)  # never the ids, author or kind
        return capture.edit(self.workspace, table, entity_id, practitioner_id=practitioner_id,
                            author_id=writer, edit_reason=edit_reason, acting_user=writer,
                            supersedes=supersedes, **dict(changes))

    def withdraw(self, table: str, entity_id: str, practitioner_id: str, reason: str) -> Withdrawal:
        """Take one record out of use (its versions stay), written as the caller by the same
        rules as an edit of it."""
        writer = self._writer()
        return capture.withdraw(self.workspace, table, entity_id, practitioner_id=practitioner_id,
                                author_id=writer, reason=reason, acting_user=writer)

    def _read(self, table: str) -> pd.DataFrame:
        if self.frames is not None:
            return self.frames.read(self.workspace, table)
        from kit.tables.compiler import read_table  # pyarrow loads only when reading

        return read_table(self.workspace, table)

    def rows(self, table: str) -> pd.DataFrame:
        """The current rows of ``table`` the caller may read (:func:`access.readable_rows`)."""
        return access.readable_rows(self.caller, table, self._read)

    def settings(self) -> Settings:
        """The workspace's settings with the caller as current user and only the people they
        may see: themselves, every lead and Link, the practitioners in the profiles they may read."""
        visible = {self.caller.id}
        if self.caller.has("practitioner") or self.caller.has("lead"):
            visible |= {profile.practitioner_id for profile in self.records(Profile.TABLE)}
        people = [person for person in self.workspace.settings.people
                  if person.id in visible or {"lead", "link"} & set(person.kinds)]
        return self.workspace.settings.model_copy(update={"people": people,
                                                          "current_user": self.caller.id})

    def records(self, table: str) -> list[Record]:
        """Every stored version in record table ``table`` the caller may read, by the same rule
        as :meth:`rows` (a kernel keeps its own copy of these, in the user's home)."""
        return self.copy_records([table])[table]

    def copy_records(self, tables: Sequence[str]) -> dict[str, list[Record]]:
        """:meth:`records` of each of ``tables``, reading each table's files once for all:
        of each practitioner the caller reads, the versions the read rule gives them
        (:func:`kit.model.reading.readable_versions`)."""
        store = self.workspace.store
        me = self._writer()
        led = set(permissions.supported_by(self.workspace, me)) if self.caller.has("lead") else set()
        loaded: dict[tuple[str, str], list[Record]] = {}

        def versions(name: str, pid: str) -> list[Record]:
            if (name, pid) not in loaded:
                loaded[name, pid] = store.versions(name, pid)
            return loaded[name, pid]

        copies: dict[str, list[Record]] = {}
        for table in tables:
            if table in PRIVATE_TABLES:  # names to hide: never shared, so only one's own
                copies[table] = store.versions(table, me)
                continue
            if table not in PUBLIC_TABLES:
                raise PermissionDenied(f"'{table}' is not a record table you can copy.",
                                       f"Use one of: {', '.join(PUBLIC_TABLES + PRIVATE_TABLES)}.")
            copies[table] = [
                record for pid in sorted({me} | led)
                for record in reading.readable_versions(versions(table, pid), versions(Withdrawal.TABLE, pid),
                                                        access.reader_is(self.caller, pid, led))]
        return copies

    def roster(self) -> pd.DataFrame:
        """A lead's roster (:func:`kit.views.learning.roster`)."""
        from kit.views import learning

        access.require(self.caller, "lead", "a roster of practitioners")
        return learning.roster(self.workspace, self.caller.id)

    def oriented(self) -> pd.DataFrame:
        """A Link's list of who they orient (:func:`kit.views.learning.oriented`)."""
        from kit.views import learning

        access.require(self.caller, "link", "the list of practitioners a Link orients")
        return learning.oriented(self.workspace, self.caller.id)

    def make_export(self, k: int = 5, allow_empty: bool = False) -> str:
        """A lead makes a research export package in the workspace's exports/; its name.

        The package is written under a hidden name and renamed when complete, so a researcher
        never sees half a package; a failed export leaves nothing behind.
        """
        from kit.research.export import export_research

        access.require(self.caller, "lead", "how to make a research export")
        stamp = datetime.now(UTC).strftime(PACKAGE_STAMP)
        name = f"{stamp}-{self.caller.id}"
        exports = self.workspace.folder("exports")
        partial = exports / f".{name}.partial"
        try:
            export_research(self.workspace, partial, as_lead=self.caller.id, k=k, allow_empty=allow_empty)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        partial.rename(exports / name)
        return name

    def _packages_folder(self) -> Path:
        gate.sees_packages(self.caller)
        return self.workspace.folder("exports")

    def exports(self) -> list[str]:
        """Finished export packages (folders holding a datapackage.json), oldest first: every
        one for a researcher, a lead's own (:func:`package_maker`) for a lead."""
        folder = self._packages_folder()
        if not folder.is_dir():
            return []
        finished = sorted(p.name for p in folder.iterdir()
                          if not p.name.startswith(".") and (p / PACKAGE_MARKER).is_file())
        if self.caller.has("researcher"):
            return finished
        return [name for name in finished if package_maker(name) == self.caller.id]

    def export_file(self, package: str, name: str) -> bytes:
        """The bytes of file ``name`` (a path inside the package) of a finished package."""
        folder = self._packages_folder()
        parts = name.split("/")
        if package not in self.exports() or not all(SAFE_NAME.match(p) for p in parts):
            raise WorkspaceError(f"There is no finished export package file {package}/{name}.",
                                 "Pick one from the list of packages.")
        path = folder.joinpath(package, *parts)
        if not path.is_file():
            raise WorkspaceError(f"There is no file {name} in export package {package}.",
                                 "Open datapackage.json to see the package's files.")
        return path.read_bytes()


def package_maker(package: str) -> str | None:
    """The lead who made ``package`` (named ``<stamp>-<lead id>`` by :meth:`LocalBackend.make_export`),
    or None for a package named otherwise."""
    stamp, _, lead = package.partition("-")
    try:
        datetime.strptime(stamp, PACKAGE_STAMP)
    except ValueError:
        return None
    return lead or None
