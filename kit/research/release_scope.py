"""Which held reflections are still worth a lead's time, and whose they are to decide.

A reflection held by an earlier export may since have been edited (a new record,
held afresh if need be), withdrawn, made private, or its author may have withdrawn
research consent. It stays in the queue (nothing there is deleted) but the release
page and ``candle release`` show only those an export would still include.

A lead decides only on the reflections of the practitioners whose profile names them
as their lead: those are the practitioners whose reflections they may read anyway
(:mod:`kit.hub.access`). A held reflection can still identify someone, so no other
lead sees it; the export then includes what each practitioner's own lead released.
"""

from __future__ import annotations

from kit.capture.permissions import supported_by
from kit.errors import PermissionDenied
from kit.model.dates import today
from kit.model.support import supporter_of
from kit.research import consent, release_queue
from kit.store.workspace import Workspace
from kit.tables.compiler import read_table
from kit.tables.reading import shared_rows


def exportable_reflections(ws: Workspace) -> set[str]:
    """Record ids of current reflections shared with a lead (the read rule:
    :func:`kit.tables.reading.shared_rows`) by consenting practitioners."""
    reflections = shared_rows(read_table(ws, "reflections"), "reflections")
    gate = consent.decide(read_table(ws, "consents"), today(), set(reflections["practitioner_id"]))
    wanted = reflections["practitioner_id"].isin(gate.included)
    return set(reflections.loc[wanted, "record_id"])


def waiting(ws: Workspace, lead: str) -> list[release_queue.ItemState]:
    """The held reflections ``lead`` still needs to look at (their practitioners'), oldest first."""
    wanted, theirs = exportable_reflections(ws), set(supported_by(ws, lead))
    return [state for state in release_queue.pending(ws)
            if state.item.record_id in wanted and state.item.practitioner_id in theirs]


def held_for(ws: Workspace, lead: str, ref: str) -> release_queue.ItemState:
    """The held reflection ``ref``, if it is one ``lead`` decides on (a refusal otherwise): by
    a practitioner who names them, and still one an export would include (the read rule gives
    nobody a reflection its practitioner has since edited, withdrawn or made private)."""
    state = release_queue.find(ws, ref)
    if state.item.practitioner_id not in supported_by(ws, lead):
        raise PermissionDenied(f"Held reflection #{state.item.ref} is by a practitioner who does not "
                               f"name {lead} as their lead, so {lead} cannot see or release it.",
                               "Their own lead practitioner decides on it.")
    if state.item.record_id not in exportable_reflections(ws):
        raise PermissionDenied(f"Held reflection #{state.item.ref} is no longer one an export would "
                               "include (its practitioner changed it, took it back or no longer "
                               "consents), so there is nothing to decide on it.",
                               "See the reflections still waiting with `candle release list`.")
    return state


def without_a_lead(ws: Workspace, practitioner_ids: set[str]) -> set[str]:
    """Those of ``practitioner_ids`` whose current profile names no lead practitioner of the
    workspace: no lead can see or release their held reflections until it names one."""
    leads = {person.id for person in ws.settings.people if "lead" in person.kinds}
    profiles = read_table(ws, "profiles")
    named = {row.practitioner_id: supporter_of(row) for row in profiles.itertuples(index=False)}
    return {pid for pid in practitioner_ids if named.get(pid) not in leads}
