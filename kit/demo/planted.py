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
from kit.model.records import PUBLIC_TABLES, NamesToHide, Record, field_privacy, model_for_table
from kit.store.workspace import Workspace

TEXT_PRIVACY = ("free_text", "private_note")
IDENTIFIER_KINDS = ("name", "school", "town", "phone", "email", "postcode", "address",
                    "nhs_number", "date_of_birth")
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
def known_identifiers() -> dict[str, tuple[str, str]]:
    """Every identifier the demo can plant: case-folded text -> (kind, value)."""
    found: dict[str, tuple[str, str]] = {}
    for name in (*CHILD_NAMES, *ADULT_NAMES):
        found[name.casefold()] = ("name", name)
    for kind, values in (("school", SCHOOLS), ("town", TOWNS)):
        for value in values:
            found[value.casefold()] = (kind, value)
    for index in range(_CASTS):
        cast = make_cast(index)
        for kind in ("phone", "email", "postcode", "address", "nhs_number", "date_of_birth"):
            value = getattr(cast, kind)
            found[value.casefold()] = (kind, value)
    return found


@cache
def _finder() -> re.Pattern[str]:
    """One pattern finding any known identifier as a whole word (longest first)."""
    values = sorted(known_identifiers(), key=len, reverse=True)
    alternatives = "|".join(re.escape(value) for value in values)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def find_identifiers(text: str) -> list[tuple[str, str]]:
    """The (kind, value) of every known identifier in ``text``, once each, in order.

    Names match in any case; the other kinds as planted (case-insensitively).
    """
    seen: dict[tuple[str, str], None] = {}
    for match in _finder().finditer(text):
        seen[known_identifiers()[match.group(0).casefold()]] = None
    return list(seen)


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
                name.casefold() for name in record.words())
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
                for kind, value in find_identifiers(text):
                    found.append(Planted(
                        kind, value, table, field, privacy, record.record_id,
                        record.entity_id, record.practitioner_id,
                        value.casefold() in hidden.get(record.practitioner_id, set()),
                    ))
    return found
