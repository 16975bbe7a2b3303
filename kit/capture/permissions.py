"""Who may write what, in one rule (:func:`check`) that every way into the store uses.

1. A record is saved under its author's own name.
2. Each kind of record is written by one kind of person (:data:`WRITTEN_BY`): review notes
   by leads, everything else by practitioners about their own practice. A lead cannot keep
   a focus area of their own, a Link cannot write a review note: the person's kinds come
   from the workspace (``kit.yaml``, or the hub), never from the record.
3. A practitioner writes only their own records; a lead writes review notes only for the
   practitioners whose profile names them, and never about themselves (a lead who is also a
   practitioner gets their review notes from their own lead).

Pages ask :func:`may_write` before showing a form, so they offer only what the store accepts.
"""

from __future__ import annotations

from kit.capture.profiles import current_profile
from kit.errors import KitError, PermissionDenied
from kit.model import reading, support
from kit.model.licence import BY_EVENT
from kit.model.licence import LEAD as LEAD_RECORDS
from kit.model.reading import WRITTEN_BY_LEAD
from kit.model.records import (
    BY_TABLE,
    LicenceEvent,
    Profile,
    Record,
    Withdrawal,
)
from kit.store.workspace import Person, Workspace

PRACTITIONER, LEAD = "practitioner", "lead"
KIND_WORDS = {"practitioner": "a practitioner", "lead": "a lead practitioner",
              "link": "a Link practitioner", "researcher": "a researcher",
              "admin": "an administrator"}
KIND_PLURALS = {"practitioner": "practitioners", "lead": "lead practitioners"}
LEAD_TABLES = WRITTEN_BY_LEAD  # review notes and shared reviews (kit.model.reading)
WRITTEN_BY: dict[str, str] = {table: (LEAD if table in LEAD_TABLES else PRACTITIONER)
                              for table in BY_TABLE if table != Withdrawal.TABLE}
"""Table -> the kind of person who writes its records (a withdrawal: as its target's table)."""


def lead_of(workspace: Workspace, practitioner_id: str) -> str | None:
    """The lead named in the practitioner's latest profile (None if none)."""
    profile = current_profile(workspace.store, practitioner_id)
    return support.supporter_of(profile) if profile else None


def supported_by(workspace: Workspace, lead_id: str) -> list[str]:
    """The practitioners whose latest profile names ``lead_id`` as their lead."""
    return support.supported_by(workspace.store.latest(Profile.TABLE), lead_id)


def withdrawn_table(workspace: Workspace, record: Record) -> str:
    """The table of what ``record`` takes out of use at the end of its chain: a withdrawal of a
    withdrawal (an undo) is written by whoever writes the record first withdrawn, so a
    practitioner cannot undo their lead's withdrawal of a note, and a lead can undo their own
    (:func:`kit.model.reading.withdrawn_table`, the read rule's own definition)."""
    if not isinstance(record, Withdrawal):
        return record.TABLE
    chain = {w.entity_id: w for w in workspace.store.versions(Withdrawal.TABLE, record.practitioner_id)
             if isinstance(w, Withdrawal)}
    return reading.withdrawn_table(record, chain)


def kinds_in_words(person: Person) -> str:
    """'a lead practitioner', 'a practitioner and a lead practitioner', ..."""
    return " and ".join(KIND_WORDS.get(kind, kind) for kind in person.kinds)


def may_write(person: Person, table: str) -> bool:
    """Whether ``person``'s kinds let them write records of ``table`` at all."""
    return WRITTEN_BY.get(table, PRACTITIONER) in person.kinds


def refusal(person: Person, table: str) -> PermissionDenied:
    """Why ``person`` may not write ``table``, in a sentence, and what is possible instead."""
    model = BY_TABLE[table]
    needed = WRITTEN_BY.get(table, PRACTITIONER)
    return PermissionDenied(
        f"You are signed in as {person.name}, {kinds_in_words(person)}; "
        f"{model.TITLE.lower()} records are written by {KIND_PLURALS[needed]}, so nothing was saved.",
        "Use the pages for your own role (Start here lists them), or ask "
        f"{KIND_WORDS[needed]} to record it.",
    )


def why_not(person: Person, table: str) -> str:
    """Why a page shows ``person`` no form for ``table``: whom it is for, and who they are."""
    needed = WRITTEN_BY.get(table, PRACTITIONER)
    about = "about their own practice" if needed == PRACTITIONER else "for the practitioners they support"
    return (f"This form is for {KIND_PLURALS[needed]}: {BY_TABLE[table].TITLE.lower()} records are "
            f"written by {KIND_PLURALS[needed]} {about}. You are signed in as {person.name}, "
            f"{kinds_in_words(person)}, so there is nothing for you to fill in here.")


def _person(workspace: Workspace, acting_user: str) -> Person:
    try:
        return workspace.person(acting_user)
    except KitError:
        raise PermissionDenied(f"'{acting_user}' is not a person of this workspace, so nothing "
                               "was saved.", "Ask whoever keeps the workspace to add you.") from None


def _lead_records_a_licence_step(workspace: Workspace, person: Person, record: Record) -> bool:
    """A practitioner's own lead recording a step of their licence (e.g. that it was granted)."""
    return (isinstance(record, LicenceEvent) and LEAD in person.kinds
            and record.practitioner_id != person.id
            and LEAD_RECORDS in BY_EVENT[record.event].recorded_by
            and lead_of(workspace, record.practitioner_id) == person.id)


def check(workspace: Workspace, acting_user: str, record: Record) -> None:
    """Raise :class:`PermissionDenied` unless ``acting_user`` may write ``record``."""
    if record.author_id != acting_user:
        raise PermissionDenied(
            f"You are signed in as {acting_user} but this record names "
            f"{record.author_id} as its author.",
            "Records are always saved under your own name.",
        )
    person = _person(workspace, acting_user)
    if _lead_records_a_licence_step(workspace, person, record):
        return  # which steps a lead may record: kit.model.licence (the store's rules check it)
    table = withdrawn_table(workspace, record)
    if not may_write(person, table):
        raise refusal(person, table)
    if WRITTEN_BY.get(table, PRACTITIONER) == LEAD:
        if record.practitioner_id == acting_user:
            raise PermissionDenied(
                f"You cannot save a {record.TITLE.lower()} about yourself.",
                "Review notes and shared reviews come from your own lead practitioner.",
            )
        if lead_of(workspace, record.practitioner_id) != acting_user:
            raise PermissionDenied(
                f"You are not the lead practitioner of {record.practitioner_id}, "
                f"so you cannot save a {record.TITLE.lower()} for them.",
                "Review notes and shared reviews come from the practitioner's own lead.",
            )
        return
    if record.practitioner_id != acting_user:
        raise PermissionDenied(
            f"You can only save your own records, not {record.practitioner_id}'s.",
            "Open the form as yourself, or ask them to record it.",
        )
