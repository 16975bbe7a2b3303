"""The envelope every record shares, the field types, and validation in plain words.

:class:`Record` holds the fields every kind carries (ids, author, time, the
version it supersedes and why); :mod:`kit.model.records` defines the kinds.
The helpers here (``_meta``, the vocabulary checks, the annotated types) are what
a kind's fields are declared with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from kit.errors import Problem, ValidationProblems
from kit.model import vocab
from kit.model.dates import check_date_range, parse_uk_date, utc_now
from kit.model.ids import is_person_id, is_record_id, new_record_id

SHOWN_CHARS = 64  # a wrong value longer than this is not repeated back in the message
SAFE_FIELD = re.compile(r"^[a-z_][a-z0-9_]{0,63}$")  # a field name safe to name in a problem


def quote_input(value: object) -> str:
    """``'value'`` for a message, or "this value" when it is too long or holds control
    characters to repeat back (a message never carries a whole pasted text)."""
    text = str(value)
    return f"'{text}'" if len(text) <= SHOWN_CHARS and text.isprintable() else "this value"


def _person_id(value: str) -> str:
    if not is_person_id(value):
        raise ValueError(
            f"{quote_input(value)} is not a valid user id; use lower-case letters, digits, '_', '.' or '-'"
        )
    return value


def _record_id(value: str) -> str:
    if not is_record_id(value):
        raise ValueError(f"{quote_input(value)} is not a record id; record ids are made by the kit "
                         "(the record's kind, '-', then 26 capital letters and digits)")
    return value


def in_vocab(name: str) -> Callable[[str], str]:
    """A validator: the value must be an id of vocabulary ``name``."""

    def check(value: str) -> str:
        if value not in vocab.id_set(name):
            raise ValueError(f"'{value}' is not one of: {', '.join(vocab.load(name).ids())}")
        return value

    return check


def all_in_vocab(name: str) -> Callable[[list[str]], list[str]]:
    """A validator: every value an id of vocabulary ``name``, none twice."""
    single = in_vocab(name)

    def check(values: list[str]) -> list[str]:
        for value in values:
            single(value)
        if len(set(values)) != len(values):
            raise ValueError("each choice may be given only once")
        return values

    return check


def field_meta(title: str, help_text: str = "", **extra: Any) -> dict[str, Any]:
    """``Field`` keywords: title, help, and ``privacy``/``vocab`` metadata (see records)."""
    return {"title": title, "description": help_text, "json_schema_extra": extra or None}


PersonId = Annotated[str, AfterValidator(_person_id)]
RecordId = Annotated[str, AfterValidator(_record_id)]
"""An id the kit made (:func:`kit.model.ids.new_record_id`): never a path, never typed text."""
UKDate = Annotated[date, BeforeValidator(parse_uk_date), AfterValidator(check_date_range)]
# A day-first date whose range its record checks itself (a licence decision may be dated ahead).
UKDateByRule = Annotated[date, BeforeValidator(parse_uk_date)]
Rating = Annotated[int, Field(ge=1, le=5)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(max_length=20_000)]


class Record(BaseModel):
    """Fields every record carries, whatever its kind."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    KIND: ClassVar[str] = ""
    TABLE: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    SCHEMA_VERSION: ClassVar[int] = 1
    PRIVATE: ClassVar[bool] = False

    kind: str = Field(**field_meta("Record kind", "Which kind of record this is."))
    schema_version: int = Field(**field_meta("Schema version", "Version of this record's layout."))
    record_id: RecordId = Field(**field_meta("Record id", "Unique id of this version.", privacy="id"))
    entity_id: RecordId = Field(
        **field_meta("Entity id", "Id shared by every version of one record.", privacy="id")
    )
    practitioner_id: PersonId = Field(
        **field_meta("Practitioner", "The practitioner this record belongs to.", privacy="id")
    )
    author_id: PersonId = Field(**field_meta("Author", "Who wrote this record.", privacy="id"))
    created_at: AwareDatetime = Field(
        **field_meta("Created at", "When this version was saved (UTC).", privacy="date")
    )
    supersedes: RecordId | None = Field(
        default=None, **field_meta("Supersedes", "The version this one replaces.", privacy="id")
    )
    edit_reason: str | None = Field(
        default=None,
        **field_meta("Reason for the change", "Why this version replaced the earlier one.",
                privacy="private_note"),
    )

    @model_validator(mode="after")
    def _check_envelope(self) -> Self:
        if self.kind != self.KIND:
            raise ValueError(f"kind must be '{self.KIND}', not '{self.kind}'")
        if self.schema_version != self.SCHEMA_VERSION:
            raise ValueError(
                f"schema_version {self.schema_version} is not {self.SCHEMA_VERSION} for {self.KIND}"
            )
        if self.supersedes and not (self.edit_reason or "").strip():
            raise ValueError("edit_reason: say why you are changing this record")
        if self.created_at.utcoffset() is None:
            raise ValueError("created_at must carry a timezone")
        return self

    @classmethod
    def content_fields(cls) -> list[str]:
        """The fields a person fills in (everything but the envelope)."""
        return [name for name in cls.model_fields if name not in Record.model_fields]

    @classmethod
    def new(cls, *, practitioner_id: str, author_id: str | None = None, **content: Any) -> Self:
        """Make a first version, filling in ids, kind, version and time.

        Raises :class:`ValidationProblems` listing every bad field at once.
        """
        record_id = content.pop("record_id", None) or new_record_id(cls.KIND)
        envelope = {
            "kind": cls.KIND,
            "schema_version": cls.SCHEMA_VERSION,
            "record_id": record_id,
            "entity_id": content.pop("entity_id", None) or record_id,
            "practitioner_id": practitioner_id,
            "author_id": author_id or practitioner_id,
            "created_at": content.pop("created_at", None) or utc_now(),
        }
        return validate_record(cls, {**envelope, **content})

    @classmethod
    def check_changes(cls, changes: Mapping[str, Any]) -> None:
        """Refuse an edit naming a field it cannot change: the envelope (ids, kind, author,
        time, what it supersedes) or a field this kind does not have; all of them at once."""
        editable = set(cls.content_fields())
        wrong = [name for name in changes if name not in editable]
        if wrong:
            raise ValidationProblems([Problem(
                name if SAFE_FIELD.match(str(name)) else "changes",
                "an edit cannot change this field" if name in Record.model_fields
                else "this field is not part of the record; remove it", "not_editable")
                for name in wrong], what=f"The change to this {cls.TITLE.lower()}")

    def revise(self, *, author_id: str, edit_reason: str, **changes: Any) -> Self:
        """Make the next version of this record with ``changes`` (content fields only) and a
        reason."""
        self.check_changes(changes)
        if not (edit_reason or "").strip():
            raise ValidationProblems(
                [Problem("edit_reason", "say why you are changing this record", "required")],
                what=f"The change to this {self.TITLE.lower()}",
            )
        data = self.model_dump()
        data.update(changes)
        record_id = new_record_id(self.KIND)
        data.update(
            record_id=record_id,
            author_id=author_id,
            created_at=utc_now(),
            supersedes=self.record_id,
            edit_reason=edit_reason,
        )
        return validate_record(type(self), data)


def validate_record(model: type[Record], data: dict[str, Any]) -> Any:
    """Validate ``data`` as ``model``; every problem is reported at once by field."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ValidationProblems(problems_from(error), what=f"This {model.TITLE.lower()}") from None


def problems_from(error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into :class:`Problem` entries in plain words."""
    problems = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "record"
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "missing":
            message = "this field is required"
        elif item["type"] == "extra_forbidden":
            message = "this field is not part of the record; remove it"
        problems.append(Problem(field, message, item["type"], value=item.get("input")))
    return problems


def field_privacy(model: type[Record], field: str) -> str:
    """How the research export treats ``field`` of ``model`` ('' when it is safe)."""
    extra = model.model_fields[field].json_schema_extra or {}
    return str(extra.get("privacy", "")) if isinstance(extra, dict) else ""


PERSONAL_PRIVACY = frozenset({"free_text", "direct", "private_note"})
"""The ``privacy`` kinds of a field that may identify someone or is their own words: the store
keeps these encrypted with the owning person's key (ids, dates and codes stay plain)."""


@cache
def personal_fields(model: type[Record]) -> frozenset[str]:
    """The fields of ``model`` whose ``privacy`` is one of :data:`PERSONAL_PRIVACY`."""
    return frozenset(name for name in model.model_fields if field_privacy(model, name) in PERSONAL_PRIVACY)


def field_vocab(model: type[Record], field: str) -> str:
    """The vocabulary ``field`` of ``model`` draws its values from ('' when none)."""
    extra = model.model_fields[field].json_schema_extra or {}
    return str(extra.get("vocab", "")) if isinstance(extra, dict) else ""
