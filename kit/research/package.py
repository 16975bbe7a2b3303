"""Writing the research package: tidy CSV + Parquet tables, ``datapackage.json``
describing every field, and a README for the recipient.

CSV cells that a spreadsheet would run as a formula (starting with = + - @)
get a leading apostrophe; every CSV is in the tables' one dialect
(:func:`kit.tables.csv_format.write_csv`); Parquet keeps the text
as it is. Field descriptions come from the record models through
:mod:`kit.tables.dictionary` wherever a column is a record field; the export's own
columns (pseudonyms, periods, groups) are described here. Nothing is read
from or copied out of ``private/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kit import __version__
from kit.errors import ExportError
from kit.filemodes import make_folder
from kit.store.atomic import replacing, write_text
from kit.tables.csv_format import write_csv
from kit.tables.dictionary import field_descriptor
from kit.tables.specs import ARROW_TYPES, Column, table_spec

PACKAGE_NAME = "mini-candle-research-export"


def _derived(name: str, type_: str, title: str, description: str, required: bool = False,
             **constraints: Any) -> Column:
    return Column(name, type_, title, description, required, constraints, privacy="")


MODEL_COLUMNS: list[tuple[str, str]] = []
"""(table, column) of every exported column taken from a record model."""
SCRUBBED_COLUMNS = {("reflection_answers", "answer")}
NEVER_EXPORTED = ("direct", "private_note")


def _model(table: str, column: str, **changes: Any) -> Column:
    MODEL_COLUMNS.append((table, column))
    base = table_spec(table).column(column)
    values = {"name": base.name, "type": base.type, "title": base.title,
              "description": base.description, "required": base.required,
              "constraints": dict(base.constraints), "vocab": base.vocab, "privacy": "", **changes}
    return Column(**values)


REFLECTION_ID = _derived("reflection_id", "string", "Reflection (pseudonym)",
                         "Keyed HMAC-SHA256 pseudonym of the reflection (R-...); stable across "
                         "exports made with the same workspace key.", required=True)
PRACTITIONER_ID = _derived("practitioner_id", "string", "Practitioner (pseudonym)",
                           "Keyed HMAC-SHA256 pseudonym of the practitioner (P-...); stable across "
                           "exports made with the same workspace key.", required=True)
QUASI = "May be 'suppressed' where fewer than k practitioners share the row's combination of " \
        "period, role group, journey level, focus-area kind and life stage."

RESOURCES: dict[str, dict[str, Any]] = {
    "reflections": {
        "title": "Reflections",
        "description": "One row per exported reflection: coarsened context only, no text.",
        "key": ["reflection_id"],
        "columns": [
            REFLECTION_ID, PRACTITIONER_ID,
            _derived("period", "string", "Period", "Month (YYYY-MM) or quarter (YYYY-Qn) of the "
                     "reflection's date. " + QUASI),
            _model("reflections", "template"),
            _derived("role_group", "string", "Role group", "The practitioner's role as a broad "
                     "group (templates/vocab/role_groups.yaml). " + QUASI),
            _derived("journey_level", "string", "Learning Journey level", "Highest Learning Journey "
                     "level the practitioner had logged a step in by the reflection's date. " + QUASI),
            _derived("focus_kind", "string", "Focus-area kind group", "Kind of the reflection's focus "
                     "area (the first by id, if several) as a group: 'people' (family or "
                     "individual) or 'topic'. " + QUASI),
            _derived("life_stage", "string", "Focus-area life stage", "How long that focus area "
                     "had been open on the reflection's date, in bands. " + QUASI),
            _model("reflections", "self_understanding"),
            _model("reflections", "self_confidence"),
        ],
    },
    "reflection_answers": {
        "title": "Reflection answers",
        "description": "The practitioner's answer to each prompt, scrubbed of identifiers: names, "
                       "schools, places, phone numbers, emails, postcodes, NHS numbers, dates and "
                       "addresses are replaced by [NAME], [SCHOOL], [PLACE], ... placeholders.",
        "key": ["reflection_id", "prompt_id"],
        "parent": True,
        "columns": [REFLECTION_ID, _model("reflection_answers", "prompt_id"),
                    _model("reflection_answers", "prompt_order"),
                    _model("reflection_answers", "answer",
                           description="The answer, scrubbed and (where anything was found) "
                                       "reviewed by a lead practitioner before release.")],
    },
    "reflection_tags": {
        "title": "Reflection concept tags",
        "description": "One row per concept tag of a reflection.",
        "key": ["reflection_id", "tag"],
        "parent": True,
        "columns": [REFLECTION_ID, _model("reflection_tags", "tag")],
    },
    "reflection_focus_areas": {
        "title": "Reflection focus areas",
        "description": "Which focus areas (pseudonyms) each reflection is about.",
        "key": ["reflection_id", "focus_area_id"],
        "parent": True,
        "columns": [REFLECTION_ID, _derived("focus_area_id", "string", "Focus area (pseudonym)",
                                            "Keyed HMAC-SHA256 pseudonym of the focus area (F-...).",
                                            required=True)],
    },
    "withdrawn_practitioners": {
        "title": "Withdrawn practitioners",
        "description": "Pseudonyms of practitioners who withdrew research consent or whose data was "
                       "erased: delete their rows from any earlier export you hold.",
        "key": ["practitioner_id"],
        "columns": [PRACTITIONER_ID],
    },
}
_COUNT = _derived("reflections", "integer", "Reflections", "Number of reflections; missing where "
                  "suppressed (fewer than k reflections or practitioners, or suppressed so that "
                  "another cell cannot be worked out from the totals).", minimum=0)
_FLAG = _derived("suppressed", "boolean", "Suppressed", "Whether the count is withheld.", required=True)
AGGREGATES = {
    "activity_by_period": ("Activity by period and focus-area kind", "period", "focus_kind"),
    "tags_by_level": ("Concept tags by Learning Journey level", "journey_level", "tag"),
    "focus_life": ("Concept-tag groups over a focus area's life", "life_stage", "tag_group"),
}
for _name, (_title, _row, _col) in AGGREGATES.items():
    RESOURCES[_name] = {
        "title": _title,
        "description": f"Reflections counted by {_row} and {_col}, with totals ('all'). Small cells "
                       "suppressed, with complementary suppression.",
        "key": [_row, _col],
        "columns": [_derived(_row, "string", _row.replace("_", " ").capitalize(), f"The {_row} "
                             "(coarsened); 'all' is the total.", required=True),
                    _derived(_col, "string", _col.replace("_", " ").capitalize(), f"The {_col}; "
                             "'all' is the total.", required=True),
                    _COUNT, _FLAG],
    }


def privacy_violations() -> list[str]:
    """Exported model columns whose privacy class forbids exporting them as they are.

    'direct' and 'private_note' never leave; 'id' must be pseudonymised and
    'date' coarsened (so neither may be copied from a model); 'free_text' only
    where the export scrubs it.
    """
    problems = []
    for table, column in MODEL_COLUMNS:
        privacy = table_spec(table).column(column).privacy
        if privacy in (*NEVER_EXPORTED, "id", "date"):
            problems.append(f"{table}.{column} is '{privacy}'")
        elif privacy == "free_text" and (table, column) not in SCRUBBED_COLUMNS:
            problems.append(f"{table}.{column} is free text that is not scrubbed")
    return problems


def arrow_table(name: str, frame: pd.DataFrame) -> pa.Table:
    """``frame`` as an Arrow table with the resource's columns and types."""
    columns = RESOURCES[name]["columns"]
    arrays = []
    for column in columns:
        values = frame[column.name] if column.name in frame else pd.Series([None] * len(frame))
        values = values.astype(object).where(values.notna(), None)
        arrays.append(pa.array(values.tolist(), type=ARROW_TYPES[column.type]))
    return pa.Table.from_arrays(arrays, names=[c.name for c in columns])


def resource(name: str) -> dict[str, Any]:
    """The Data Package resource describing table ``name``."""
    spec = RESOURCES[name]
    schema: dict[str, Any] = {"fields": [_descriptor(c) for c in spec["columns"]],
                              "missingValues": [""], "primaryKey": spec["key"]}
    if spec.get("parent"):
        schema["foreignKeys"] = [{"fields": ["reflection_id"],
                                  "reference": {"resource": "reflections", "fields": ["reflection_id"]}}]
    return {"name": name, "title": spec["title"], "description": spec["description"],
            "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "profile": "tabular-data-resource", "schema": schema}


def _descriptor(column: Column) -> dict[str, Any]:
    descriptor = field_descriptor(column)
    descriptor.pop("privacy", None)
    return descriptor


@dataclass(frozen=True)
class WrittenPackage:
    """Where the package was written and its files."""

    folder: Path
    files: list[Path]


def write_package(folder: Path, tables: dict[str, pd.DataFrame], readme: str,
                  description: str, created: date | None = None) -> WrittenPackage:
    """Write every table (CSV + Parquet), ``datapackage.json`` (``created``: the export's
    date, by which a person's export lists the packages that included them) and ``README.md``."""
    problems = privacy_violations()
    if problems:
        raise ExportError(f"The export would copy fields it must not: {'; '.join(problems)}.",
                          "Fix kit/research/package.py before exporting.")
    make_folder(folder)
    files = []
    for name in RESOURCES:
        table = arrow_table(name, tables.get(name, pd.DataFrame()))
        write_csv(folder / f"{name}.csv", table)
        with replacing(folder / f"{name}.parquet") as temp:
            pq.write_table(table, temp)
        files += [folder / f"{name}.csv", folder / f"{name}.parquet"]
    package = {"name": PACKAGE_NAME, "title": "Mini Candle research export",
               "description": description, "profile": "tabular-data-package",
               "created_by": f"mini-candle-kit {__version__}",
               **({"created": f"{created.isoformat()}T00:00:00Z"} if created else {}),
               "resources": [resource(name) for name in RESOURCES]}
    write_text(folder / "datapackage.json", json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    write_text(folder / "README.md", readme)
    files += [folder / "datapackage.json", folder / "README.md"]
    return WrittenPackage(folder, files)
