"""Rules that need what is already stored: the licence's order and limits, labels, links,
review notes, and who supports a practitioner.

Each check reads only the practitioner's own folders, never the whole store.
Every broken rule is reported at once, by field.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from kit.capture import licence, privacy
from kit.capture.profiles import current_profile
from kit.errors import Problem, ReviewError, StaleEdit, ValidationProblems
from kit.model.dates import latest_today
from kit.model.periods import parse_period
from kit.model.places import CHANGE_REVIEW_NOTE, CLOSE_FOCUS_AREA
from kit.model.records import (
    FocusArea,
    LicenceEvent,
    MicroProject,
    NamesToHide,
    Profile,
    Record,
    Reflection,
    ReviewNote,
    ReviewShare,
    SupportContact,
)
from kit.model.support import SUPPORTER_FIELDS, supports
from kit.store.record_store import Store

People = Mapping[str, Collection[str]]
"""Person id -> their kinds (the workspace's people), where the caller knows them."""


def _active_focus_areas(store: Store, practitioner_id: str) -> dict[str, FocusArea]:
    return {
        area.entity_id: area
        for area in store.latest(FocusArea.TABLE, practitioner_id)
        if isinstance(area, FocusArea) and area.status == "active"
    }


def _focus_area_cap(store: Store, record: FocusArea) -> list[Problem]:
    if record.status != "active":
        return []
    active = _active_focus_areas(store, record.practitioner_id)
    active.pop(record.entity_id, None)
    if len(active) < FocusArea.MAX_ACTIVE:
        return []
    labels = ", ".join(sorted(area.label for area in active.values()))
    return [Problem(
        "status",
        f"you already have {len(active)} active focus areas ({labels}) and a licence has at "
        f"most {FocusArea.MAX_ACTIVE} active focus areas at once: close one under "
        f"{CLOSE_FOCUS_AREA} first, then add this one",
        "too_many_focus_areas",
    )]


def _known_focus_areas(store: Store, practitioner_id: str, wanted: list[str],
                       field: str) -> list[Problem]:
    known = {area.entity_id: area for area in store.latest(FocusArea.TABLE, practitioner_id)}
    missing = [area_id for area_id in wanted if area_id not in known]
    if not missing:
        return []
    choices = ", ".join(f"{a.label} ({a.entity_id})" for a in known.values()) or "none yet"
    return [Problem(
        field,
        f"{', '.join(missing)} is not one of your focus areas; yours are: {choices}",
        "unknown_focus_area",
    )]


def _same_label(label: str) -> str:
    return " ".join(label.casefold().split())


def _label_problems(store: Store, record: FocusArea) -> list[Problem]:
    """A label never uses a name to hide, and never repeats another active focus area's label."""
    problems = []
    hidden = privacy.mentions_hidden(record.label, privacy.hidden_names(store, record.practitioner_id))
    if hidden:
        problems.append(Problem(
            "label", f"'{record.label}' uses {', '.join(repr(n) for n in hidden)}, a name you "
            "asked to hide; choose a label that identifies nobody, such as Family A",
            "label_uses_hidden_name"))
    if record.status == "active":
        others = _active_focus_areas(store, record.practitioner_id)
        others.pop(record.entity_id, None)
        if any(_same_label(area.label) == _same_label(record.label) for area in others.values()):
            problems.append(Problem(
                "label", f"you already have an active focus area called '{record.label}'; "
                "choose another label (e.g. add a letter: Family B), or edit that one",
                "duplicate_label"))
    return problems


SUPPORTERS = {"lead_id": "lead practitioner", "link_id": "Link practitioner"}


def supporter_problems(record: Profile) -> list[Problem]:
    """A practitioner is never their own lead or Link: support comes from someone else (and a
    lead reads and writes review notes for whoever names them)."""
    return [Problem(field, f"you cannot be your own {role}; name the {role} who supports you, "
                    "or leave it empty", "own_supporter")
            for field, role in SUPPORTERS.items() if getattr(record, field) == record.practitioner_id]


SUPPORT_ROLE_WORDS = {"lead": "a Lead practitioner", "link": "a Link practitioner"}
SUPPORT_ROLE_CHOICES = {"lead": "Lead practitioner (practice support)",
                        "link": "Link practitioner (orientation)"}


def _support_roles(store: Store, record: SupportContact, people: People | None) -> set[str]:
    """The supporting roles the person met has: their kinds where known, else the roles the
    practitioner's profile names them in."""
    if people is not None and record.supporter_id in people:
        return set(people[record.supporter_id]) & set(SUPPORTER_FIELDS)
    profile = current_profile(store, record.practitioner_id)
    if profile is None:
        return set()
    return {role for role in SUPPORTER_FIELDS if supports(profile, record.supporter_id, role)}


def support_contact_problems(store: Store, record: SupportContact, people: People | None = None
                             ) -> list[Problem]:
    """A contact names the person met in a role they have: a lead is never recorded as
    someone's Link, nor a Link as their lead."""
    roles = _support_roles(store, record, people)
    if not roles or record.supporter_role in roles:
        return []
    (actual, *_) = sorted(roles)
    return [Problem(
        "supporter_role", f"the person you met is {SUPPORT_ROLE_WORDS[actual]}, not "
        f"{SUPPORT_ROLE_WORDS[record.supporter_role]}: choose '{SUPPORT_ROLE_CHOICES[actual]}' "
        "as their role in this contact, or choose who you met again", "wrong_support_role")]


SECOND_NOTE_REASON = "Written again for the same period: saved as a new version of the note."


def same_period_record(store: Store, record: ReviewNote | ReviewShare) -> Record | None:
    """The practitioner's current note (or share) for ``record``'s period, when ``record``
    is a different one: saving ``record`` should then be an edit of it."""
    for stored in store.latest(record.TABLE, record.practitioner_id):
        if stored.entity_id != record.entity_id and getattr(stored, "period", None) == record.period:
            return stored
    return None


def review_note_problems(store: Store, record: ReviewNote | ReviewShare, today: date | None = None
                         ) -> list[Problem]:
    """A review note (or a shared review) is about the current or an earlier period, and
    there is one per practitioner and period: a second is an edit of the first."""
    today = today or latest_today()
    try:
        period = parse_period(record.period)
    except ReviewError as error:
        return [Problem("period", str(error), "bad_period")]
    if period.start > today:
        return [Problem(
            "period", f"{period.name} has not started yet (it starts on {period.start:%d/%m/%Y}); "
            "write a note about the current period or an earlier one", "future_period")]
    note = same_period_record(store, record)
    if note is not None:
        what = "note" if isinstance(record, ReviewNote) else "shared review"
        return [Problem(
            "period", f"you already wrote a {what} for this practitioner for "
            f"{period.name} (saved {note.created_at:%d/%m/%Y}); one {what} per period: "
            f"change that one under {CHANGE_REVIEW_NOTE}", "one_note_per_period")]
    return []


def problems_with(store: Store, record: Record, people: People | None = None) -> list[Problem]:
    """Every rule ``record`` breaks given what ``store`` holds (empty when none); ``people``
    (id -> kinds) where the caller knows them."""
    if isinstance(record, FocusArea):
        return _focus_area_cap(store, record) + _label_problems(store, record)
    if isinstance(record, LicenceEvent):
        return licence.event_problems(store, record)
    if isinstance(record, MicroProject):
        return licence.project_problems(store, record)
    if isinstance(record, ReviewNote | ReviewShare):
        return review_note_problems(store, record)
    if isinstance(record, Reflection):
        return _known_focus_areas(store, record.practitioner_id, record.focus_area_ids,
                                  "focus_area_ids")
    if isinstance(record, NamesToHide):
        return _known_focus_areas(store, record.practitioner_id, [record.focus_area_id],
                                  "focus_area_id")
    if isinstance(record, Profile):
        return supporter_problems(record)
    if isinstance(record, SupportContact):
        return support_contact_problems(store, record, people)
    return []


def check_supersedes(store: Store, record: Record) -> None:
    """An edit supersedes the latest version of its record: one made from a version that has
    since been replaced (by someone else, or in another tab) would silently undo that change,
    so it raises :class:`StaleEdit` carrying the version stored now. The one place this rule
    lives: every save of an edit, on a folder or through the hub's service, passes here."""
    if record.supersedes is None:
        return
    versions = store.history(record.TABLE, record.entity_id, record.practitioner_id)
    if versions and versions[-1].record_id != record.supersedes:
        raise StaleEdit(f"This {record.TITLE.lower()} changed since you opened it.",
                        "Open it again to see the saved version, then make your change to that.",
                        current=versions[-1])


def check(store: Store, record: Record, people: People | None = None) -> None:
    """Raise :class:`StaleEdit` if ``record`` is an edit of a replaced version, or
    :class:`ValidationProblems` if it breaks a rule."""
    check_supersedes(store, record)
    problems = problems_with(store, record, people)
    if problems:
        raise ValidationProblems(problems, what=f"This {record.TITLE.lower()}")
