"""The columns of every tidy table, derived from the record models.

One :class:`TableSpec` per table says which columns it has, their types and
their meaning. Everything here is generated from :mod:`kit.model.records` (the
pydantic fields' JSON schema, titles, descriptions, privacy and vocabulary
metadata), so the tables, the data dictionary and the research export can
never disagree with the records. :class:`RowBuilder` turns records into
columns of a table, ready for Arrow.

Layout of every table: ``table_schema_version``, the envelope
(``record_id`` ... ``edit_reason``), the table's own columns, then
``is_latest`` and ``is_withdrawn`` (worked out when the table is compiled).
Reflections keep their scalar fields; their answers, tags and focus-area
links are the long tables ``reflection_answers``, ``reflection_tags`` and
``reflection_focus_areas``. Private kinds (names to hide) have no table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyarrow as pa

from kit.model import vocab
from kit.model.records import BY_TABLE, PUBLIC_TABLES, Record, Reflection, field_privacy, field_vocab

TABLE_SCHEMA_VERSION = 1
"""Layout version of every compiled table; bump it (and add an upgrader) on change."""

VERSION_COLUMN = "table_schema_version"
ENVELOPE = ("record_id", "entity_id", "practitioner_id", "author_id", "created_at",
            "supersedes", "edit_reason")
FLAG_COLUMNS = ("is_latest", "is_withdrawn")
LONG_TABLES = ("reflection_answers", "reflection_tags", "reflection_focus_areas")

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("us", tz="UTC"),
}


@dataclass(frozen=True)
class Column:
    """One column of a tidy table, with what the data dictionary says about it."""

    name: str
    type: str
    title: str
    description: str
    required: bool = False
    constraints: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    privacy: str = ""
    vocab: str = ""

    @property
    def free_text(self) -> bool:
        """Text a person typed (no fixed choices, not an id): may start with '=' and the like."""
        return self.type == "string" and "enum" not in self.constraints and self.privacy != "id"

    @property
    def arrow_type(self) -> pa.DataType:
        """The Arrow type this column is stored as in Parquet."""
        return ARROW_TYPES[self.type]


@dataclass(frozen=True)
class TableSpec:
    """A table: its name, the record model it comes from, and its columns."""

    name: str
    model: type[Record]
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    parent: str = ""

    @property
    def column_names(self) -> list[str]:
        """Every column, in order."""
        return [column.name for column in self.columns]

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def arrow_schema(self, with_flags: bool = True) -> pa.Schema:
        """The Arrow schema of the table (``with_flags=False``: as cached, before flags)."""
        columns = [c for c in self.columns if with_flags or c.name not in FLAG_COLUMNS]
        metadata = {"table": self.name, VERSION_COLUMN: str(TABLE_SCHEMA_VERSION)}
        return pa.schema([pa.field(c.name, c.arrow_type, nullable=not c.required) for c in columns],
                         metadata=metadata)


# -- columns from the record models ------------------------------------------

def _frictionless_type(prop: dict[str, Any]) -> str:
    json_type = prop.get("type", "string")
    if json_type == "integer":
        return "integer"
    if json_type == "boolean":
        return "boolean"
    return {"date": "date", "date-time": "datetime"}.get(prop.get("format", ""), "string")


def _vocab_ids(name: str) -> list[str]:
    return vocab.load(name).ids()


def _field_column(model: type[Record], name: str, prop: dict[str, Any], in_required: bool) -> Column:
    branches = prop.get("anyOf", [prop])
    nullable = any(branch.get("type") == "null" for branch in branches)
    value = next(branch for branch in branches if branch.get("type") != "null")
    kind = _frictionless_type(value)
    constraints: dict[str, Any] = {}
    enum = value.get("enum") or ([value["const"]] if "const" in value else None)
    vocab_name = field_vocab(model, name)
    if vocab_name and kind == "string":
        enum = _vocab_ids(vocab_name)
    if enum:
        constraints["enum"] = list(enum)
    for key in ("minimum", "maximum", "pattern"):
        if key in value:
            constraints[key] = value[key]
    # Empty text becomes an empty CSV cell, so only text a person must write is required.
    required = not nullable and (in_required or kind != "string")
    info = model.model_fields[name]
    return Column(name=name, type=kind, title=info.title or name,
                  description=info.description or "", required=required,
                  constraints=constraints, privacy=field_privacy(model, name), vocab=vocab_name)


@cache
def _model_columns(model: type[Record]) -> dict[str, Column]:
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    columns = {}
    for name, prop in schema["properties"].items():
        if name in ("kind", "schema_version") or prop.get("type") in ("array", "object"):
            continue
        columns[name] = _field_column(model, name, prop, name in required)
    return columns


VERSION = Column(VERSION_COLUMN, "integer", "Table schema version",
                 "Layout version of this table; readers upgrade older tables.",
                 required=True, constraints={"minimum": 1})
IS_LATEST = Column("is_latest", "boolean", "Latest version",
                   "True for the latest version of its record; earlier versions stay for history.",
                   required=True)
IS_WITHDRAWN = Column("is_withdrawn", "boolean", "Withdrawn",
                      "True when the record was withdrawn (taken out of use); it stays for history.",
                      required=True)


def _all_prompt_ids() -> list[str]:
    ids: dict[str, None] = {}
    for template in _vocab_ids("reflection_templates"):
        ids.update((prompt.id, None) for prompt in vocab.reflection_prompts(template))
    return list(ids)


@cache
def _long_columns(table: str) -> tuple[Column, ...]:
    model = Reflection
    if table == "reflection_answers":
        return (
            Column("prompt_id", "string", "Prompt",
                   "Which prompt of the reflection's template this answers.", required=True,
                   constraints={"enum": _all_prompt_ids()}, vocab="reflection_templates"),
            Column("prompt_order", "integer", "Prompt order",
                   "Position of the prompt in its template (1 = first).", required=True,
                   constraints={"minimum": 1}),
            Column("answer", "string", "Answer", model.model_fields["answers"].description or "",
                   required=True, privacy=field_privacy(model, "answers")),
        )
    if table == "reflection_tags":
        tags = model.model_fields["tags"]
        return (Column("tag", "string", "Concept tag", tags.description or "", required=True,
                       constraints={"enum": _vocab_ids(field_vocab(model, "tags"))},
                       privacy=field_privacy(model, "tags"), vocab=field_vocab(model, "tags")),)
    links = model.model_fields["focus_area_ids"]
    return (Column("focus_area_id", "string", "Focus area", links.description or "", required=True,
                   privacy=field_privacy(model, "focus_area_ids")),)


_LONG_TITLES = {
    "reflection_answers": ("Reflection answers", "One row per answered prompt of a reflection."),
    "reflection_tags": ("Reflection tags", "One row per concept tag of a reflection."),
    "reflection_focus_areas": ("Reflection focus areas",
                               "One row per focus area a reflection is about."),
}
_LONG_KEYS = {"reflection_answers": ("prompt_order",), "reflection_tags": ("tag",),
              "reflection_focus_areas": ("focus_area_id",)}


def _envelope_columns() -> list[Column]:
    base = _model_columns(Record)
    return [VERSION, *(base[name] for name in ENVELOPE)]


@cache
def table_spec(name: str) -> TableSpec:
    """The spec of table ``name``; ``KeyError`` if there is no such table."""
    if name in LONG_TABLES:
        title, description = _LONG_TITLES[name]
        columns = (*_envelope_columns(), *_long_columns(name), IS_LATEST, IS_WITHDRAWN)
        return TableSpec(name, Reflection, title, description, columns,
                         key=("record_id", *_LONG_KEYS[name]), parent=Reflection.TABLE)
    if name not in PUBLIC_TABLES:
        raise KeyError(name)
    model = BY_TABLE[name]
    own = [column for field_name, column in _model_columns(model).items()
           if field_name not in Record.model_fields]
    columns = (*_envelope_columns(), *own, IS_LATEST, IS_WITHDRAWN)
    return TableSpec(name, model, model.TITLE + "s" if not model.TITLE.endswith("s") else model.TITLE,
                     (model.__doc__ or "").strip().splitlines()[0], columns, key=("record_id",))


def _table_names() -> tuple[str, ...]:
    names: list[str] = []
    for table in PUBLIC_TABLES:
        names.append(table)
        if table == Reflection.TABLE:
            names.extend(LONG_TABLES)
    return tuple(names)


TABLE_NAMES: tuple[str, ...] = _table_names()
"""Every compiled table, in a stable order (names to hide is never among them)."""


def tables_of(record_table: str) -> tuple[str, ...]:
    """The compiled tables one record table feeds (reflections feed four)."""
    if record_table == Reflection.TABLE:
        return (record_table, *LONG_TABLES)
    return (record_table,) if record_table in PUBLIC_TABLES else ()


@cache
def free_text_columns(name: str) -> frozenset[str]:
    """Columns of table ``name`` holding text people typed (checked for formulas in CSV)."""
    return frozenset(column.name for column in table_spec(name).columns if column.free_text)


def column_types(name: str) -> dict[str, str]:
    """Every column of table ``name`` with its data type (frictionless type names)."""
    return {column.name: column.type for column in table_spec(name).columns}


# -- rows from records -------------------------------------------------------

class RowBuilder:
    """Collects records as columns of the tables they feed (flags not yet set).

    A long-table row keeps only the position of its reflection; the envelope
    columns are copied from the reflections table in one vectorised step.
    """

    def __init__(self) -> None:
        self._columns: dict[str, dict[str, list[Any]]] = {}
        self._long: dict[str, dict[str, list[Any]]] = {
            name: {"_parent": [], **{c.name: [] for c in _long_columns(name)}} for name in LONG_TABLES
        }
        self._prompt_order: dict[str, dict[str, int]] = {}

    def _table(self, name: str) -> dict[str, list[Any]]:
        columns = self._columns.get(name)
        if columns is None:
            spec = table_spec(name)
            columns = {c.name: [] for c in spec.columns if c.name not in FLAG_COLUMNS}
            self._columns[name] = columns
        return columns

    def add(self, record: Record) -> None:
        """Add one record's rows to the tables it feeds."""
        if record.TABLE not in PUBLIC_TABLES:
            return
        columns = self._table(record.TABLE)
        fields = record.__dict__
        for name, values in columns.items():
            values.append(TABLE_SCHEMA_VERSION if name == VERSION_COLUMN else fields[name])
        if isinstance(record, Reflection):
            self._add_long(record, len(columns[VERSION_COLUMN]) - 1)

    def _order_of(self, template: str) -> dict[str, int]:
        order = self._prompt_order.get(template)
        if order is None:
            order = {p.id: i for i, p in enumerate(vocab.reflection_prompts(template), start=1)}
            self._prompt_order[template] = order
        return order

    def _add_long(self, record: Reflection, parent: int) -> None:
        answers, tags, links = (self._long[name] for name in LONG_TABLES)
        order = self._order_of(record.template)
        given = record.answers
        for prompt_id, position in order.items():
            answer = given.get(prompt_id)
            if answer and answer.strip():
                answers["_parent"].append(parent)
                answers["prompt_id"].append(prompt_id)
                answers["prompt_order"].append(position)
                answers["answer"].append(answer)
        for tag in sorted(record.tags):
            tags["_parent"].append(parent)
            tags["tag"].append(tag)
        for focus_area_id in sorted(record.focus_area_ids):
            links["_parent"].append(parent)
            links["focus_area_id"].append(focus_area_id)

    def tables(self) -> dict[str, pa.Table]:
        """The rows collected so far, one Arrow table per compiled table.

        Rows of one record stay together in key order (prompts in template
        order, tags and focus areas sorted), so sorting by record id orders
        a whole table.
        """
        built = {name: pa.table(columns, schema=table_spec(name).arrow_schema(with_flags=False))
                 for name, columns in self._columns.items()}
        parents = built.get(Reflection.TABLE)
        if parents is None:
            return built
        envelope = parents.select([VERSION_COLUMN, *ENVELOPE])
        for name, columns in self._long.items():
            schema = table_spec(name).arrow_schema(with_flags=False)
            rows = envelope.take(pa.array(columns["_parent"], pa.int64()))
            for column in _long_columns(name):
                rows = rows.append_column(column.name, pa.array(columns[column.name], column.arrow_type))
            built[name] = rows.cast(schema)
        return built
