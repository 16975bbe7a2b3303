"""Erasing a person: everything the workspace holds about them goes, and every copy turns unreadable.

:func:`erase_person` first destroys the person's data key (so every copy of their records,
backups and copies of ``records/`` included, can no longer be opened: crypto-shredding), then
keeps an erasure record (their id, the date, who erased, a reason code: nothing else), then
deletes their record files in every table (a lead's review notes about them are among
those), their drafts and others' drafts about them, the reviews about them and the cohort
overviews that counted them, their reflections held for research release, quarantined
copies of their files, and their entry in ``kit.yaml``; then rebuilds the tables (derived,
so their rows go with the cache that held them). Research packages made later list them as
withdrawn; packages already made hold them only under a pseudonym. A hub user's own copy
forgets them at its next refresh (the service no longer gives their records).

:func:`plan_erasure` says what :func:`erase_person` would delete, changing nothing. Both
return an :class:`ErasureReport`. Running an erasure again (after a crash, or after a
backup of ``records/`` was restored) deletes what is left.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import ReviewError, WorkspaceError
from kit.model.erasure import ERASURE_REASONS, Erasure
from kit.model.ids import is_person_id
from kit.model.periods import parse_period
from kit.model.records import BY_TABLE
from kit.research import release_queue
from kit.reviews.jobs import FAILED_SUFFIX
from kit.reviews.rights import COHORT_PREFIX, cohort_subject, period_members
from kit.rights.interface import ErasureCounts
from kit.store import atomic, confine, keys
from kit.store.erasures import erased_people, write_erasure
from kit.store.integrity import is_link
from kit.store.people import remove_person
from kit.store.workspace import Workspace
from kit.tables.compiler import compile_tables

REVIEW_SUFFIXES = (".ipynb", ".html", FAILED_SUFFIX)


@dataclass
class ErasureReport:
    """What an erasure deletes (a plan) or deleted (done): files by kind, the key, kit.yaml."""

    person_id: str
    record_files: list[Path] = field(default_factory=list)
    drafts: list[Path] = field(default_factory=list)
    reviews: list[Path] = field(default_factory=list)
    held_for_release: list[Path] = field(default_factory=list)
    quarantined: list[Path] = field(default_factory=list)
    key: bool = False
    in_settings: bool = False
    erasure: Erasure | None = None
    erasure_record: Path | None = None
    tables_rebuilt: bool = False
    done: bool = False
    already_erased: bool = False

    @property
    def anything(self) -> bool:
        """Whether the workspace holds anything about the person."""
        return self.counts().anything

    def record_counts(self) -> dict[str, int]:
        """Record files by table."""
        return dict(sorted(Counter(path.parent.parent.name for path in self.record_files).items()))

    def counts(self) -> ErasureCounts:
        """The report as counts, without a path (what the workspace interface gives)."""
        return ErasureCounts(
            person_id=self.person_id, records=self.record_counts(), drafts=len(self.drafts),
            reviews=len(self.reviews), held_for_release=len(self.held_for_release),
            quarantined=len(self.quarantined), key=self.key, in_settings=self.in_settings,
            already_erased=self.already_erased, done=self.done,
            reason_code=self.erasure.reason_code if self.erasure else "")

    def summary(self, root: Path | None = None) -> str:
        """Lines for people: what goes (or went), and what is kept."""
        counts = self.counts()
        if not counts.anything:
            return counts.heading()
        lines = [counts.heading()]
        for what, words in counts.items():
            lines.append(f"  {words}" + ("".join(f"\n    {_relative(path, root)}" for path in self.reviews)
                                         if what == "reviews" else ""))
        lines.extend(counts.closing(_relative(self.erasure_record, root) if self.done else ""))
        return "\n".join(lines)


def _relative(path: Path | None, root: Path | None) -> str:
    if path is None or root is None:
        return str(path)
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


# -- finding what is held about a person ------------------------------------------

def _check_id(person_id: str) -> None:
    if not is_person_id(person_id):
        raise WorkspaceError(f"'{person_id}' is not a person id, so nobody was erased.",
                             "Give the id as kit.yaml or the hub names them (e.g. p07).")


def _folders(base: Path, person_id: str) -> list[Path]:
    """``base/<anything>/<person_id>`` that exist (links included, never followed)."""
    if not confine.is_plain_dir(base):
        return []
    return [folder / person_id for folder in confine.plain_subdirs(base)
            if os.path.lexists(folder / person_id)]


def _files_in(folders: list[Path]) -> list[Path]:
    files = []
    for folder in folders:
        if is_link(folder) or not folder.is_dir():
            files.append(folder)
            continue
        for current, _, names in os.walk(folder, followlinks=False):
            files.extend(Path(current) / name for name in sorted(names))
    return sorted(files)


def _record_folders(workspace: Workspace, person_id: str) -> list[Path]:
    store = workspace.store
    return [store.table_dir(table) / person_id for table in sorted(BY_TABLE)
            if os.path.lexists(store.table_dir(table) / person_id)]


def _draft_folders(workspace: Workspace) -> list[Path]:
    return [workspace.folder("drafts"), workspace.folder("private") / "drafts"]


def _drafts(workspace: Workspace, person_id: str) -> tuple[list[Path], list[Path]]:
    """Their own draft folders, and other people's drafts about them (a lead's note)."""
    own = [base / person_id for base in _draft_folders(workspace) if os.path.lexists(base / person_id)]
    about = []
    for base in _draft_folders(workspace):
        for folder in confine.plain_subdirs(base):
            if folder.name == person_id:
                continue
            about.extend(path for path in confine.plain_record_files(folder) if _draft_names(path, person_id))
    return own, about


def _draft_names(path: Path, person_id: str) -> bool:
    try:
        values = json.loads(confine.read_no_follow(path)).get("values", {})
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(values, dict) and values.get("practitioner_id") == person_id


def _review_files(folder: Path, subject: str) -> list[Path]:
    return [folder / f"{subject}{suffix}" for suffix in REVIEW_SUFFIXES
            if (folder / f"{subject}{suffix}").is_file()]


def _subject(name: str) -> str:
    """Whose review a file of a period's folder is (its name without the review suffix)."""
    for suffix in sorted(REVIEW_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return ""


def _reviews(workspace: Workspace, person_id: str) -> list[Path]:
    """Their reviews, their own cohort overviews, and the cohort overviews that counted them."""
    found: list[Path] = []
    for folder in confine.plain_subdirs(workspace.folder("reviews")):
        found += _review_files(folder, person_id) + _review_files(folder, cohort_subject(person_id))
        leads = sorted({_subject(path.name).removeprefix(COHORT_PREFIX)
                        for path in folder.glob(f"{COHORT_PREFIX}*")} - {person_id, ""})
        for lead in leads:
            if person_id in _members(workspace, lead, folder.name):
                found += _review_files(folder, cohort_subject(lead))
    return sorted(found)


def _members(workspace: Workspace, lead_id: str, period_name: str) -> list[str]:
    try:
        return period_members(workspace, lead_id, parse_period(period_name))
    except ReviewError:
        return []


def _quarantined(workspace: Workspace, person_id: str) -> list[Path]:
    quarantine = workspace.store.quarantine_dir
    return [*_folders(quarantine / "records", person_id),
            *_folders(quarantine / "private" / "records", person_id)]


def people_held(workspace: Workspace) -> list[str]:
    """The ids of everyone ``workspace`` holds anything about that an erasure would find by
    their id: its people (on a hub, the candle groups'), whoever has a record folder in a table
    (someone no longer in any role included) or a data key; not someone erased of whom nothing
    came back (from a backup) since. Sorted."""
    held = set(keys.people_with_keys(workspace))
    for table in BY_TABLE:
        held.update(folder.name for folder in confine.plain_subdirs(workspace.store.table_dir(table)))
    erased = erased_people(workspace) - held  # erased, and nothing of theirs came back since
    found = held | {person.id for person in workspace.settings.people}
    return sorted(person for person in found - erased if is_person_id(person))


def plan_erasure(workspace: Workspace, person_id: str) -> ErasureReport:
    """What :func:`erase_person` would delete; nothing is changed."""
    _check_id(person_id)
    own_drafts, drafts_about = _drafts(workspace, person_id)
    settings = workspace.settings
    return ErasureReport(
        person_id=person_id,
        record_files=_files_in(_record_folders(workspace, person_id)),
        drafts=_files_in(own_drafts) + drafts_about,
        reviews=_reviews(workspace, person_id),
        held_for_release=release_queue.files_of(workspace, person_id),
        quarantined=_quarantined(workspace, person_id),
        key=keys.has_key(workspace, person_id),
        in_settings=(any(person.id == person_id for person in settings.people)
                     or settings.current_user == person_id),
        already_erased=person_id in erased_people(workspace),
    )


# -- erasing ---------------------------------------------------------------------

def _remove(workspace: Workspace, paths: list[Path]) -> None:
    """Delete each file or folder (a link as a link, never followed), then flush their folders."""
    real_root = workspace.store.real_root
    parents = set()
    for path in paths:
        try:
            confine.check_inside(workspace.root, real_root, path.parent)
        except confine.OutsideWorkspace as error:
            raise WorkspaceError(f"{path} was not deleted: {error}.",
                                 "Run `candle check` on the workspace (it sets links aside), "
                                 "then erase again.") from None
        if is_link(path) or not path.is_dir():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path)
        parents.add(path.parent)
    for parent in parents:
        atomic.fsync_dir(parent)


def erase_person(workspace: Workspace, person_id: str, *, erased_by: str, reason_code: str
                 ) -> ErasureReport:
    """Erase ``person_id`` from ``workspace`` (see the module's description); what went.

    ``erased_by`` is who erases (a person id), ``reason_code`` one of
    :data:`kit.model.erasure.ERASURE_REASONS`. Raises :class:`WorkspaceError` when the
    workspace holds nothing about the person and never did.
    """
    erasure = Erasure.new(person_id, erased_by, reason_code)  # every bad argument, before any change
    report = plan_erasure(workspace, person_id)
    if not report.anything:
        if report.already_erased:
            return report
        raise WorkspaceError(f"This workspace holds nothing about '{person_id}', so nobody was erased.",
                             "Check the id: `candle people list` and `candle status` name who is here.")
    own_drafts, drafts_about = _drafts(workspace, person_id)
    try:
        if report.key:
            keys.destroy_key(workspace, person_id)
        report.erasure, report.erasure_record = erasure, write_erasure(workspace, erasure)
        _remove(workspace, [*_record_folders(workspace, person_id), *own_drafts, *drafts_about,
                            *report.reviews, *report.held_for_release, *report.quarantined])
        if report.in_settings:
            workspace = remove_person(workspace, person_id)[0]
    except OSError as error:
        raise WorkspaceError(f"The erasure of {person_id} stopped part way: {error.strerror or error}.",
                             "Fix that (e.g. write access to the workspace), then erase again: "
                             "what is left is deleted; their key is already gone.") from None
    compile_tables(workspace, rebuild=True)
    report.tables_rebuilt = report.done = True
    return report


__all__ = ["ERASURE_REASONS", "ErasureReport", "erase_person", "people_held", "plan_erasure"]
