"""A practitioner's licence in the store: its events, its state, its one micro-project.

The order of steps comes from :mod:`kit.model.licence`; this module reads what
is stored and says whether a new licence event or micro-project fits it (the
store's rules call it). Each check reads only the practitioner's own folders.
"""

from __future__ import annotations

from datetime import date

from kit.errors import Problem
from kit.model import licence
from kit.model.dates import latest_today
from kit.model.records import LicenceEvent, MicroProject, Profile
from kit.model.support import supporter_of
from kit.store.record_store import Store


def stored_events(store: Store, practitioner_id: str, leave_out: str | None = None
                  ) -> list[licence.Event]:
    """The practitioner's current licence events in date order (``leave_out``: an entity id)."""
    records = [record for record in store.latest(LicenceEvent.TABLE, practitioner_id)
               if isinstance(record, LicenceEvent) and record.entity_id != leave_out]
    records.sort(key=lambda record: record.created_at)
    return licence.in_order(as_event(record) for record in records)


def as_event(record: LicenceEvent) -> licence.Event:
    """``record`` as the state machine sees it."""
    return licence.Event(record.event, record.event_date, record.author_id)


def state_of(store: Store, practitioner_id: str) -> str:
    """The state of the practitioner's licence after all its stored steps, planned ones
    included, as the order of steps sees it (``licence.NONE`` when never applied)."""
    return licence.state_after(stored_events(store, practitioner_id))


def _lead_of(store: Store, practitioner_id: str) -> str | None:
    profiles = store.latest(Profile.TABLE, practitioner_id)
    return supporter_of(profiles[-1]) if profiles else None


def event_problems(store: Store, record: LicenceEvent, today: date | None = None) -> list[Problem]:
    """Why ``record`` may not join the practitioner's licence events (empty when it may)."""
    earlier = stored_events(store, record.practitioner_id, leave_out=record.entity_id)
    if record.supersedes:  # an edit: judge it in its place among the events before it
        earlier = [item for item in earlier if item.day <= record.event_date]
    return licence.sequence_problems(
        earlier, as_event(record), lead_id=_lead_of(store, record.practitioner_id),
        practitioner_id=record.practitioner_id, today=today or latest_today())


def project_problems(store: Store, record: MicroProject) -> list[Problem]:
    """One micro-project per licence: a new one only when there is no licence or it has ended."""
    projects = [project for project in store.latest(MicroProject.TABLE, record.practitioner_id)
                if isinstance(project, MicroProject)]
    if any(project.entity_id == record.entity_id for project in projects):
        return []  # an edit (or the same save twice) of the licence's own project
    events = stored_events(store, record.practitioner_id)
    state = licence.state_after(events)
    applications = sum(1 for item in events if item.event == "applied")
    if state in (licence.NONE, licence.ENDED) and len(projects) <= applications:
        return []
    current = max(projects, key=lambda project: project.created_at).title if projects else ""
    return [Problem(
        "title",
        f"your licence already has its micro-project ('{current}'); a licence has one "
        "micro-project: change it with 'Edit a saved entry' instead",
        "one_project_per_licence",
    )]
