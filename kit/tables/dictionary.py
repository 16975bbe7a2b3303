"""The data dictionary: a frictionless Data Package describing every tidy table.

Generated from the table specs (themselves generated from the record
models in :mod:`kit.model.records`), never written by hand. Each table is a
resource whose Table Schema lists every column with its type, title,
description, privacy class, vocabulary and constraints (``required``,
``enum`` from the vocabulary, ranges, patterns), plus the primary key and,
for the long tables, the foreign key to ``reflections``.

``table_schema(name)`` and ``data_dictionary()`` are reused by the research
export for its own ``datapackage.json``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from kit import __version__
from kit.store.atomic import write_bytes
from kit.tables.specs import TABLE_NAMES, TABLE_SCHEMA_VERSION, Column, table_spec

DATAPACKAGE_FILE = "datapackage.json"
PACKAGE_NAME = "mini-candle-tables"


def field_descriptor(column: Column) -> dict[str, Any]:
    """The Table Schema field of one column."""
    descriptor: dict[str, Any] = {
        "name": column.name,
        "type": column.type,
        "title": column.title,
        "description": column.description or column.title,
    }
    if column.type == "datetime":
        descriptor["format"] = "default"
    constraints = {"required": column.required, **column.constraints}
    descriptor["constraints"] = constraints
    if column.privacy:
        descriptor["privacy"] = column.privacy
    if column.vocab:
        descriptor["vocabulary"] = column.vocab
    return descriptor


def table_schema(name: str, columns: list[str] | None = None) -> dict[str, Any]:
    """The frictionless Table Schema of table ``name``.

    ``columns`` limits it to those columns, in that order (the research
    export drops and renames nothing it does not also describe).
    """
    spec = table_spec(name)
    wanted = columns if columns is not None else spec.column_names
    schema: dict[str, Any] = {
        "fields": [field_descriptor(spec.column(column)) for column in wanted],
        "missingValues": [""],
    }
    key = [column for column in spec.key if column in wanted]
    if key == list(spec.key):
        schema["primaryKey"] = key
    if spec.parent and "record_id" in wanted:
        schema["foreignKeys"] = [{"fields": ["record_id"],
                                  "reference": {"resource": spec.parent, "fields": ["record_id"]}}]
    return schema


def resource_descriptor(name: str, path: str | None = None,
                        columns: list[str] | None = None) -> dict[str, Any]:
    """The Data Package resource of table ``name`` (its CSV at ``path``)."""
    spec = table_spec(name)
    return {
        "name": name,
        "title": spec.title,
        "description": spec.description,
        "path": path or f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "schema": table_schema(name, columns),
    }


def data_dictionary(tables: list[str] | None = None) -> dict[str, Any]:
    """The Data Package describing ``tables`` (default: every compiled table)."""
    names = tables if tables is not None else list(TABLE_NAMES)
    return {
        "name": PACKAGE_NAME,
        "title": "Mini Candle kit tidy tables",
        "description": "Tables compiled from a Mini Candle workspace's records, one row per "
                       "record version (or per answer, tag or focus-area link). Text cells "
                       "starting with = + - @ carry a leading apostrophe in the CSV files.",
        "profile": "tabular-data-package",
        "version": f"{TABLE_SCHEMA_VERSION}.0.0",
        "created_by": f"mini-candle-kit {__version__}",
        "resources": [resource_descriptor(name) for name in names],
    }


def write_datapackage(folder: Path, package: dict[str, Any] | None = None) -> Path:
    """Write ``package`` (default: the whole dictionary) to ``folder/datapackage.json``.

    The file is left alone when it already says exactly that.
    """
    path = Path(folder) / DATAPACKAGE_FILE
    payload = _package_bytes() if package is None else _as_bytes(package)
    try:
        if path.read_bytes() == payload:
            return path
    except OSError:
        pass
    write_bytes(path, payload, durable=False)
    return path


def _as_bytes(package: dict[str, Any]) -> bytes:
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@cache
def _package_bytes() -> bytes:
    return _as_bytes(data_dictionary())
