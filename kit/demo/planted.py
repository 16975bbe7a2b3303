"""What the demo planted: every invented identifier found in a workspace's free text.

The privacy work (research export, scrubbing tests) uses this as its answer
key: each :class:`Planted` says which identifier sits in which field of which
record version, and whether the practitioner registered it to hide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kit.demo.people import ADULT_NAMES, CHILD_NAMES, SCHOOLS, TOWNS, make_cast
from kit.records import PUBLIC_TABLES, NamesToHide, Record, field_privacy, model_for_table
from kit.workspace import Workspace

TEXT_PRIVACY = ("free_text", "private_note")
IDENTIFIER_KINDS = ("name", "school", "town", "phone", "email", "postcode")
_CASTS = 64  # more casts than the demo has focus areas


@dataclass(frozen=True)
class Planted:
    """One invented identifier found in one field of one stored record version."""

    kind: str  # one of IDENTIFIER_KINDS
    value: str  # as planted (the text may differ in case)
    table: str
    field: str  # e.g. 'answers.what_happened', 'note', 'idea'
    privacy: str  # the field's privacy class: 'free_text' or 'private_note'
    record_id: str
    entity_id: str
    practitioner_id: str
    registered: bool  # in one of the practitioner's names-to-hide lists


@cache
def known_identifiers() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Every identifier the demo can plant: (kind, value, pattern that finds it)."""
    found: dict[tuple[str, str], re.Pattern[str]] = {}

    def add(kind: str, value: str, flags: int = 0) -> None:
        found[(kind, value)] = re.compile(rf"(?<![\w-]){re.escape(value)}(?![\w-])", flags)

    for name in (*CHILD_NAMES, *ADULT_NAMES):
        add("name", name, re.IGNORECASE)
    for school in SCHOOLS:
        add("school", school)
    for town in TOWNS:
        add("town", town)
    for index in range(_CASTS):
        cast = make_cast(index)
        add("phone", cast.phone)
        add("email", cast.email)
        add("postcode", cast.postcode)
    return tuple((kind, value, pattern) for (kind, value), pattern in found.items())


def _texts(record: Record) -> list[tuple[str, str, str]]:
    """(field, privacy, text) for every free-text field of ``record``."""
    texts = []
    for name in type(record).content_fields():
        privacy = field_privacy(type(record), name)
        if privacy not in TEXT_PRIVACY:
            continue
        value = getattr(record, name)
        if isinstance(value, dict):
            texts += [(f"{name}.{key}", privacy, str(text)) for key, text in value.items()]
        elif isinstance(value, str):
            texts.append((name, privacy, value))
    return texts


def _registered(workspace: Workspace) -> dict[str, set[str]]:
    hidden: dict[str, set[str]] = {}
    for record in workspace.store.latest(NamesToHide.TABLE):
        if isinstance(record, NamesToHide):
            hidden.setdefault(record.practitioner_id, set()).update(
                name.casefold() for name in record.names)
    return hidden


def planted_identifiers(workspace: Workspace, tables: tuple[str, ...] | None = None
                        ) -> list[Planted]:
    """Every planted identifier in every stored version of every public record.

    Includes superseded and withdrawn versions (check ``record_id`` against the
    latest versions to tell them apart). ``tables`` limits the search.
    """
    hidden = _registered(workspace)
    found = []
    for table in tables or PUBLIC_TABLES:
        model_for_table(table)
        for record in workspace.store.versions(table):
            for field, privacy, text in _texts(record):
                for kind, value, pattern in known_identifiers():
                    if pattern.search(text):
                        found.append(Planted(
                            kind, value, table, field, privacy, record.record_id,
                            record.entity_id, record.practitioner_id,
                            value.casefold() in hidden.get(record.practitioner_id, set()),
                        ))
    return found
