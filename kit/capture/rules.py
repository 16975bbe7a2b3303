"""Rules that need what is already stored: the licence's limits and links.

Each check reads only the practitioner's own folder of one table, never the
whole store. Every broken rule is reported at once, by field.
"""

from __future__ import annotations

from kit.errors import Problem, ValidationProblems
from kit.model.records import FocusArea, NamesToHide, Record, Reflection
from kit.store.record_store import Store


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
        f"a licence has at most {FocusArea.MAX_ACTIVE} active focus areas and "
        f"{record.practitioner_id} already has {len(active)} ({labels}); "
        "close one before adding another",
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
        f"{', '.join(missing)} is not a focus area of {practitioner_id}; "
        f"their focus areas are: {choices}",
        "unknown_focus_area",
    )]


def problems_with(store: Store, record: Record) -> list[Problem]:
    """Every rule ``record`` breaks given what ``store`` holds (empty when none)."""
    if isinstance(record, FocusArea):
        return _focus_area_cap(store, record)
    if isinstance(record, Reflection):
        return _known_focus_areas(store, record.practitioner_id, record.focus_area_ids,
                                  "focus_area_ids")
    if isinstance(record, NamesToHide):
        return _known_focus_areas(store, record.practitioner_id, [record.focus_area_id],
                                  "focus_area_id")
    return []


def check(store: Store, record: Record) -> None:
    """Raise :class:`ValidationProblems` if ``record`` breaks a rule."""
    problems = problems_with(store, record)
    if problems:
        raise ValidationProblems(problems, what=f"This {record.TITLE.lower()}")
