"""What My learning and an administrator's page ask of the workspace for a person's data
rights: :class:`RecordsDownload` (a person's whole record) and :class:`PersonErasure` (who the
workspace holds anything about, what erasing one of them deletes, and the erasure), parts of
the workspace interface (:class:`kit.hub.backend.WorkspaceBackend`), so the pages work the same
on a laptop and on a hub. What crosses it are counts and ids (:class:`ErasureCounts`,
:class:`DataSubject`), never content or a folder of the server. Light (no pandas): every page
imports it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from kit.errors import PermissionDenied, WorkspaceError

ADMIN = "admin"
"""The kind of person who answers data-protection requests (the hub group ``candle-admins``)."""


class RecordsDownload(Protocol):
    """A person's whole record as a zip (:mod:`kit.rights.export`)."""

    def person_export(self, person_id: str | None = None) -> bytes:
        """The zip of everything the kit holds about ``person_id`` (default: the signed-in
        person). Refused with a sentence unless that is the signed-in person or they are an
        administrator."""
        ...


def download_name(data: bytes) -> str:
    """The file name of a person's download: its one top folder's name, ``.zip``."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        names = []
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) != 1:
        raise WorkspaceError("The download is not a person's record (a zip with one folder).",
                             "Try again, and tell whoever runs the kit if it keeps happening.")
    return f"{tops.pop()}.zip"


def require_admin(asker_id: str, asker_kinds: Sequence[str], what: str) -> None:
    """Refuse unless ``asker_id`` is an administrator; ``what`` says what they asked to do
    ("erase a person's records")."""
    if ADMIN in asker_kinds:
        return
    raise PermissionDenied(
        f"Only an administrator can {what}, and {asker_id} is not one.",
        "An administrator is in the hub's candle-admins group (on one computer, a person of "
        "kind admin in kit.yaml): ask one to answer the request.")


@dataclass(frozen=True)
class DataSubject:
    """Someone the workspace holds anything about: their id, the name the pages give them (their
    id when none), and their kinds (none for someone left only in the records)."""

    id: str
    name: str
    kinds: tuple[str, ...] = ()

    def label(self) -> str:
        """How a chooser names them: ``Name (id, kinds)``."""
        roles = ", ".join(self.kinds) or "in no role now"
        return f"{self.name} ({self.id}, {roles})" if self.name != self.id else f"{self.id} ({roles})"

    def to_json(self) -> dict[str, Any]:
        """As the service sends it."""
        return {"id": self.id, "name": self.name, "kinds": list(self.kinds)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DataSubject:
        """As the service sent it."""
        return cls(str(data["id"]), str(data["name"]), tuple(str(kind) for kind in data.get("kinds", ())))


@dataclass(frozen=True)
class ErasureCounts:
    """What erasing a person deletes (a plan) or deleted (``done``), as counts: record files by
    table, drafts, review files, reflections held for research release, quarantined folders,
    whether they have a data key and an entry in kit.yaml. No content, no paths."""

    person_id: str
    records: dict[str, int] = field(default_factory=dict)
    drafts: int = 0
    reviews: int = 0
    held_for_release: int = 0
    quarantined: int = 0
    key: bool = False
    in_settings: bool = False
    already_erased: bool = False
    done: bool = False
    reason_code: str = ""

    @property
    def anything(self) -> bool:
        """Whether the workspace holds (held) anything about the person."""
        return bool(sum(self.records.values()) or self.drafts or self.reviews
                    or self.held_for_release or self.quarantined or self.key or self.in_settings)

    def heading(self) -> str:
        """The first line: what the workspace holds, or that it holds nothing."""
        who = self.person_id
        if not self.anything:
            return (f"Nothing about {who} is left in this workspace; they were erased before."
                    if self.already_erased else f"This workspace holds nothing about {who}.")
        return f"Erased {who}:" if self.done else f"Erasing {who} deletes:"

    def items(self) -> list[tuple[str, str]]:
        """``(what, words)`` for each kind of thing that goes (went), in the order they are listed."""
        files = sum(self.records.values())
        tables = ", ".join(f"{name.replace('_', ' ')} {number}"
                           for name, number in sorted(self.records.items()))
        found = [("records", f"{count(files, 'record file')}" + (
                     f" ({tables}; a lead's review notes about them included)" if tables else "")),
                 ("drafts", count(self.drafts, "draft")),
                 ("reviews", count(self.reviews, "review file"))]
        if self.held_for_release:
            found.append(("release", f"{count(self.held_for_release, 'release-queue file')} "
                                     "(their reflections held for research release)"))
        if self.quarantined:
            found.append(("quarantine", f"{count(self.quarantined, 'quarantined folder')} of their files"))
        if self.key:
            found.append(("key", "their data key: every copy of their records, backups included, "
                                 "can no longer be opened"))
        if self.in_settings:
            found.append(("settings", "their entry in kit.yaml"))
        return found

    def closing(self, record: str = "") -> list[str]:
        """The last lines: what is kept (``record``: where the erasure record is, if it is to
        be named), and what becomes of research packages."""
        keeps = "keeps only their id, the date, who erased and the reason code"
        named = f"the erasure record {record}" if record else "the erasure record"
        return [f"The tables were rebuilt; {named} {keeps}." if self.done else
                f"Then the tables are rebuilt, and an erasure record {keeps}.",
                "Research packages made from now on list them as withdrawn; packages made before "
                "hold them only under a pseudonym."]

    def to_json(self) -> dict[str, Any]:
        """As the service sends it."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ErasureCounts:
        """As the service sent it."""
        names = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in names})


def count(number: int, noun: str) -> str:
    """``1 draft``, ``3 drafts``."""
    return f"{number} {noun if number == 1 else noun + 's'}"


class PersonErasure(Protocol):
    """An administrator's side of erasure (:mod:`kit.rights.erase`), in two steps as ``candle
    person erase``: what will go, then the erasure. Everyone else is refused with a sentence."""

    def people_held(self) -> list[DataSubject]:
        """Everyone the workspace holds anything about (records, a data key, an entry among its
        people), by name."""
        ...

    def plan_erasure(self, person_id: str) -> ErasureCounts:
        """What erasing ``person_id`` would delete; nothing changes."""
        ...

    def erase_person(self, person_id: str, reason_code: str) -> ErasureCounts:
        """Erase ``person_id`` for ``reason_code`` (one of
        :data:`kit.model.erasure.ERASURE_REASONS`), as the signed-in administrator; what went."""
        ...
