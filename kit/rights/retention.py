"""Retention by rule: what the workspace's ``retention:`` settings say is due to go, and why,
and (only when asked) making it go.

Three rules (:class:`kit.store.workspace.Retention`; each can be switched off):

- a practitioner whose licence ended more than ``licence_ended_years`` ago (their licence's
  state today is *ended*, by the licence's own steps, :mod:`kit.model.licence`): every record
  of theirs, erased through the one erasure path (:func:`kit.rights.erase.erase_person`);
- an autosaved form draft not saved again for more than ``draft_days`` days: deleted;
- audit lines written more than ``audit_years`` ago: the log is rewritten without them,
  atomically (:meth:`kit.store.audit.AuditLog.keep_since`).

:func:`plan` only reads. :func:`apply` does exactly what a plan lists (a draft saved again
since the plan was made is kept) and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from kit.model import licence
from kit.model.dates import today as utc_today
from kit.model.periods import add_months
from kit.model.records import LicenceEvent
from kit.store.audit import AuditLog
from kit.store.workspace import Retention, Workspace

ERASED_BY = "retention"
"""Who the erasure record names as having erased a person under the rule."""
REASON_CODE = "retention"
"""The erasure record's reason code (kit.model.erasure: "the workspace's retention period for it ended")."""

Erase = Callable[..., Any]


@dataclass(frozen=True)
class DuePerson:
    """A practitioner whose records are due to go: their licence ended on ``ended_on``."""

    person_id: str
    ended_on: date
    reason: str


@dataclass(frozen=True)
class DueDraft:
    """An autosaved draft due to go: last saved at ``saved_at``."""

    path: Path
    saved_at: datetime
    reason: str


@dataclass
class RetentionPlan:
    """What the rules say is due on ``today`` in one workspace."""

    rules: Retention
    today: date
    people: list[DuePerson] = field(default_factory=list)
    drafts: list[DueDraft] = field(default_factory=list)
    audit_cutoff: datetime | None = None
    audit_lines: int = 0

    def is_empty(self) -> bool:
        """Whether nothing is due."""
        return not (self.people or self.drafts or self.audit_lines)


@dataclass
class RetentionDone:
    """What :func:`apply` did."""

    erased: list[str] = field(default_factory=list)
    erasures: list[Any] = field(default_factory=list)  # each an ErasureReport
    drafts_deleted: list[Path] = field(default_factory=list)
    drafts_kept: list[Path] = field(default_factory=list)  # saved again since the plan
    audit_lines_dropped: int = 0


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` years earlier (29 Feb: the 28th)."""
    return add_months(day, -12 * years)


def ended_licences(ws: Workspace, on: date) -> dict[str, date]:
    """Practitioner id -> the day their licence ended, for every licence ended as of ``on``
    (by its latest versions, withdrawn steps left out)."""
    steps: dict[str, list[licence.Event]] = {}
    for event in ws.store.latest(LicenceEvent.TABLE):
        if isinstance(event, LicenceEvent):
            steps.setdefault(event.practitioner_id, []).append(licence.Event(event.event, event.event_date))
    ended = {}
    for person_id, events in steps.items():
        taken = licence.as_of(licence.in_order(events), on)
        if taken and licence.state_after(taken) == licence.ENDED:
            ended[person_id] = taken[-1].day
    return ended


def due_people(ws: Workspace, rules: Retention, on: date) -> list[DuePerson]:
    """Practitioners whose licence ended more than ``licence_ended_years`` before ``on``."""
    years = rules.licence_ended_years
    if years is None:
        return []
    cutoff = years_before(on, years)
    return [DuePerson(person_id, ended, f"licence ended on {ended:%d %b %Y}, more than "
                      f"{years} year{'s' if years != 1 else ''} ago")
            for person_id, ended in sorted(ended_licences(ws, on).items()) if ended < cutoff]


def draft_files(ws: Workspace) -> list[Path]:
    """Every autosaved draft in the workspace (``drafts/<user>/`` and ``private/drafts/<user>/``)."""
    found = []
    for private in (False, True):
        base = ws.drafts_folder(private)
        if base.is_dir() and not base.is_symlink():
            found += [path for path in sorted(base.glob("*/*.json"))
                      if not path.name.startswith(".") and path.is_file() and not path.is_symlink()]
    return found


def saved_at(path: Path) -> datetime:
    """When a draft was last saved (every autosave rewrites its file)."""
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def draft_cutoff(rules: Retention, on: date) -> datetime | None:
    """Drafts last saved before this moment are due (None: the rule is off)."""
    if rules.draft_days is None:
        return None
    return datetime.combine(on - timedelta(days=rules.draft_days), time(), UTC)


def due_drafts(ws: Workspace, rules: Retention, on: date) -> list[DueDraft]:
    """Drafts not saved again for more than ``draft_days`` days before ``on``."""
    cutoff = draft_cutoff(rules, on)
    if cutoff is None:
        return []
    due = []
    for path in draft_files(ws):
        saved = saved_at(path)
        if saved < cutoff:
            due.append(DueDraft(path, saved, f"last saved on {saved:%d %b %Y}, more than "
                                f"{rules.draft_days} days ago"))
    return due


def audit_cutoff(rules: Retention, on: date) -> datetime | None:
    """Audit lines written before this moment are due (None: the rule is off)."""
    if rules.audit_years is None:
        return None
    return datetime.combine(years_before(on, rules.audit_years), time(), UTC)


def plan(ws: Workspace, on: date | None = None) -> RetentionPlan:
    """What the workspace's retention rules say is due on ``on`` (default today); reads only."""
    on = on or utc_today()
    rules = ws.settings.retention
    cutoff = audit_cutoff(rules, on)
    lines = AuditLog(ws.root, create=False).older_than(cutoff) if cutoff else 0
    return RetentionPlan(rules, on, due_people(ws, rules, on), due_drafts(ws, rules, on), cutoff, lines)


def _erase_function() -> Erase:
    from kit.rights.erase import erase_person  # the one erasure path (crypto-shredding)

    return erase_person


def apply(ws: Workspace, due: RetentionPlan, erase: Erase | None = None) -> RetentionDone:
    """Do what ``due`` lists and nothing else: erase each person in it (``erase``, default
    :func:`kit.rights.erase.erase_person`), delete each draft in it unless it was saved again
    since, and drop the audit lines written before its cutoff."""
    done = RetentionDone()
    erase = erase or (_erase_function() if due.people else None)
    for person in due.people:
        assert erase is not None
        done.erasures.append(erase(ws, person.person_id, erased_by=ERASED_BY, reason_code=REASON_CODE))
        done.erased.append(person.person_id)
    cutoff = draft_cutoff(due.rules, due.today)
    for draft in due.drafts:
        if cutoff is None or not draft.path.is_file():
            continue  # already gone (its person's erasure removes their drafts too)
        if saved_at(draft.path) < cutoff:
            draft.path.unlink(missing_ok=True)
            done.drafts_deleted.append(draft.path)
        else:
            done.drafts_kept.append(draft.path)
    if due.audit_cutoff is not None and due.audit_lines:
        done.audit_lines_dropped = AuditLog(ws.root, create=False).keep_since(due.audit_cutoff)
    return done
