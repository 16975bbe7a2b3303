"""Upgraders from older record layouts to the current one, applied on read.

Each upgrader takes the JSON of one record at version N of its kind and
returns it at version N + 1. Files newer than this kit knows are refused
(the store quarantines them, with the reason, until the kit is updated).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kit.model.hidden import FIELD_OF_KIND, guess_kind
from kit.model.records import BY_KIND

Upgrader = Callable[[dict[str, Any]], dict[str, Any]]


class UnknownSchemaVersion(ValueError):
    """A record says a schema_version this kit cannot read."""


def _reflection_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 linked one focus area (``focus_area_id``); version 2 links a list."""
    upgraded = dict(data)
    single = upgraded.pop("focus_area_id", None)
    upgraded["focus_area_ids"] = [single] if single else []
    upgraded["schema_version"] = 2
    return upgraded


def _names_to_hide_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept one untyped list (``names``); version 2 keeps one list per kind.

    Each old entry becomes a person unless it says otherwise ("place: Ossett") or
    its words do ("Oakfield Primary" an organisation, "Mill Lane" a place).
    """
    upgraded = dict(data)
    lists: dict[str, list[str]] = {field: [] for field in FIELD_OF_KIND.values()}
    for entry in upgraded.pop("names", None) or []:
        kind, words = guess_kind(str(entry))
        if words and words not in lists[FIELD_OF_KIND[kind]]:
            lists[FIELD_OF_KIND[kind]].append(words)
    upgraded.update(lists)
    upgraded["schema_version"] = 2
    return upgraded


UPGRADERS: dict[tuple[str, int], Upgrader] = {
    ("reflection", 1): _reflection_v1_to_v2,
    ("names_to_hide", 1): _names_to_hide_v1_to_v2,
}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring one record's JSON up to its kind's current schema_version."""
    kind = data.get("kind")
    model = BY_KIND.get(str(kind))
    if model is None:
        raise UnknownSchemaVersion(f"unknown record kind {kind!r}")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise UnknownSchemaVersion(f"schema_version {version!r} is not a positive whole number")
    if version > model.SCHEMA_VERSION:
        raise UnknownSchemaVersion(
            f"schema_version {version} is newer than this kit reads for {kind} "
            f"(up to {model.SCHEMA_VERSION}); update the kit"
        )
    while version < model.SCHEMA_VERSION:
        upgrader = UPGRADERS.get((str(kind), version))
        if upgrader is None:
            raise UnknownSchemaVersion(f"no upgrader for {kind} version {version}")
        data = upgrader(data)
        version = data["schema_version"]
    return data
