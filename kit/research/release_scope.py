"""Which held reflections are still worth a lead's time.

A reflection held by an earlier export may since have been edited (a new record,
held afresh if need be), withdrawn, made private, or its author may have withdrawn
research consent. It stays in the queue (nothing there is deleted) but the release
page and ``candle release`` show only those an export would still include.
"""

from __future__ import annotations

from kit.model.dates import today
from kit.research import consent, release_queue
from kit.store.workspace import Workspace
from kit.tables.compiler import read_table


def exportable_reflections(ws: Workspace) -> set[str]:
    """Record ids of current reflections shared with a lead by consenting practitioners."""
    reflections = read_table(ws, "reflections")
    gate = consent.decide(read_table(ws, "consents"), today(), set(reflections["practitioner_id"]))
    wanted = reflections["practitioner_id"].isin(gate.included) & (reflections["visibility"] == "lead")
    return set(reflections.loc[wanted, "record_id"])


def waiting(ws: Workspace) -> list[release_queue.ItemState]:
    """The held reflections a lead still needs to look at, oldest first."""
    wanted = exportable_reflections(ws)
    return [state for state in release_queue.pending(ws) if state.item.record_id in wanted]
