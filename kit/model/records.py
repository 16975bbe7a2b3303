"""The one definition of every record kind.

Each model serves the form (field titles and help), validation, the tidy
table's columns, the data dictionary and the research export. Field metadata
in ``json_schema_extra``:

- ``privacy``: how the research export treats the field: ``id`` (pseudonymise),
  ``direct`` (a direct identifier: never exported), ``free_text`` (scrub),
  ``date`` (coarsen), ``private_note`` (never exported), or absent (safe).
- ``vocab``: the vocabulary (``templates/vocab``) its values come from.

Every record is immutable. An edit is a new record with the same
``entity_id`` that names the record it ``supersedes`` and an ``edit_reason``;
a withdrawal is a :class:`Withdrawal` record.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from kit.errors import Problem, ValidationProblems
from kit.model import vocab
from kit.model.dates import check_date_range, parse_uk_date, utc_now
from kit.model.ids import is_person_id, new_record_id


def _person_id(value: str) -> str:
    if not is_person_id(value):
        raise ValueError(
            f"'{value}' is not a valid user id; use lower-case letters, digits, '_', '.' or '-'"
        )
    return value


def _in_vocab(name: str):
    def check(value: str) -> str:
        if value not in vocab.id_set(name):
            raise ValueError(f"'{value}' is not one of: {', '.join(vocab.load(name).ids())}")
        return value

    return check


def _all_in_vocab(name: str):
    single = _in_vocab(name)

    def check(values: list[str]) -> list[str]:
        for value in values:
            single(value)
        if len(set(values)) != len(values):
            raise ValueError("each choice may be given only once")
        return values

    return check


def _meta(title: str, help_text: str = "", **extra: Any) -> dict[str, Any]:
    return {"title": title, "description": help_text, "json_schema_extra": extra or None}


PersonId = Annotated[str, AfterValidator(_person_id)]
UKDate = Annotated[date, BeforeValidator(parse_uk_date), AfterValidator(check_date_range)]
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

    kind: str = Field(**_meta("Record kind", "Which kind of record this is."))
    schema_version: int = Field(**_meta("Schema version", "Version of this record's layout."))
    record_id: str = Field(**_meta("Record id", "Unique id of this version.", privacy="id"))
    entity_id: str = Field(
        **_meta("Entity id", "Id shared by every version of one record.", privacy="id")
    )
    practitioner_id: PersonId = Field(
        **_meta("Practitioner", "The practitioner this record belongs to.", privacy="id")
    )
    author_id: PersonId = Field(**_meta("Author", "Who wrote this record.", privacy="id"))
    created_at: AwareDatetime = Field(
        **_meta("Created at", "When this version was saved (UTC).", privacy="date")
    )
    supersedes: str | None = Field(
        default=None, **_meta("Supersedes", "The version this one replaces.", privacy="id")
    )
    edit_reason: str | None = Field(
        default=None,
        **_meta("Reason for the change", "Why this version replaced the earlier one.",
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

    def revise(self, *, author_id: str, edit_reason: str, **changes: Any) -> Self:
        """Make the next version of this record with ``changes`` and a reason."""
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


class Profile(Record):
    """Who a practitioner is in the learning system and who supports them."""

    KIND = "profile"
    TABLE = "profiles"
    TITLE = "Practitioner profile"

    display_name: ShortText = Field(**_meta("Display name", "How you are shown to your lead.",
                                            privacy="direct"))
    role: Annotated[str, AfterValidator(_in_vocab("roles"))] = Field(
        **_meta("Role", "Your role in the learning system.", vocab="roles")
    )
    stage: Literal["trainee", "certified"] = Field(
        **_meta("Stage", "Trainee or certified in that role.", vocab="stages")
    )
    organisation: str = Field(
        default="", max_length=200,
        **_meta("Organisation", "Where you practise.", privacy="direct"),
    )
    lead_id: PersonId | None = Field(
        default=None, **_meta("Lead practitioner", "Who gives you structured support.",
                              privacy="id")
    )
    link_id: PersonId | None = Field(
        default=None, **_meta("Link practitioner", "Who gives you light-touch orientation.",
                              privacy="id")
    )


class ResearchConsent(Record):
    """A practitioner's consent, given or withdrawn, to research use of reflections."""

    KIND = "consent"
    TABLE = "consents"
    TITLE = "Research consent"

    decision: Literal["given", "withdrawn"] = Field(
        **_meta("Decision", "Give or withdraw consent to research use of your reflections.")
    )
    purpose: Literal["research"] = Field(
        default="research", **_meta("Purpose", "What the consent is for.")
    )
    decided_on: UKDate = Field(**_meta("Date", "When you decided.", privacy="date"))


class JourneyStep(Record):
    """A step taken on the Learning Journey."""

    KIND = "journey_step"
    TABLE = "journey_steps"
    TITLE = "Learning Journey step"

    level: Annotated[str, AfterValidator(_in_vocab("journey_levels"))] = Field(
        **_meta("Level", "Which level of the Learning Journey.", vocab="journey_levels")
    )
    step: Annotated[str, AfterValidator(_in_vocab("journey_steps"))] = Field(
        **_meta("Step", "Which step you took.", vocab="journey_steps")
    )
    step_date: UKDate = Field(**_meta("Date", "When you took the step.", privacy="date"))
    note: LongText = Field(default="", **_meta("Note", "Anything to remember about it.",
                                               privacy="free_text"))

    @model_validator(mode="after")
    def _step_in_level(self) -> Self:
        step_level = vocab.load("journey_steps").get(self.step).group
        if step_level != self.level:
            level_label = vocab.load("journey_levels").label_of(self.level)
            raise ValueError(f"step '{self.step}' is not part of {level_label}")
        return self


LicenceEventKind = Literal["applied", "active", "paused", "continued", "renewed", "ended"]


class LicenceEvent(Record):
    """A change in the licence: applied, active, paused, continued, renewed or ended."""

    KIND = "licence_event"
    TABLE = "licence_events"
    TITLE = "Licence event"

    event: LicenceEventKind = Field(**_meta("Event", "What happened to the licence."))
    event_date: UKDate = Field(**_meta("Date", "When it took effect.", privacy="date"))
    reason: LongText = Field(default="", **_meta("Reason", "Why, in a sentence or two.",
                                                 privacy="free_text"))


class MicroProject(Record):
    """The micro-project idea a licence is applied for with."""

    KIND = "micro_project"
    TABLE = "micro_projects"
    TITLE = "Micro-project"

    title: ShortText = Field(**_meta("Title", "A short name for the micro-project.",
                                     privacy="free_text"))
    idea: LongText = Field(min_length=1, **_meta("Idea", "What you want to try and why.",
                                                 privacy="free_text"))
    project_type: Literal["T1", "T2", "T3", "T4"] = Field(
        **_meta("Type", "T1 universal prevention to T4 complex engagement.",
                vocab="project_types")
    )
    link_id: PersonId | None = Field(default=None, **_meta("Link practitioner", "",
                                                           privacy="id"))
    lead_id: PersonId | None = Field(default=None, **_meta("Lead practitioner", "",
                                                           privacy="id"))


class FocusArea(Record):
    """A family, individual or topic the practitioner applies the learning with."""

    KIND = "focus_area"
    TABLE = "focus_areas"
    TITLE = "Focus area"
    MAX_ACTIVE: ClassVar[int] = 3

    label: Annotated[str, Field(min_length=1, max_length=60)] = Field(
        **_meta("Label", "A label that identifies nobody, e.g. 'Family A' or "
                "'Y5 nurture group'. Never a real name.", privacy="free_text")
    )
    focus_kind: Literal["family", "individual", "topic"] = Field(
        **_meta("Kind", "A family, an individual or a topic.", vocab="focus_area_kinds")
    )
    aim: LongText = Field(default="", **_meta("Aim", "What you hope to learn or change.",
                                              privacy="free_text"))
    status: Literal["active", "closed"] = Field(
        default="active", **_meta("Status", "Active, or closed when the work ends.")
    )
    opened_on: UKDate = Field(**_meta("Opened on", "When the work started.", privacy="date"))
    closed_on: UKDate | None = Field(default=None, **_meta("Closed on", "When it ended.",
                                                           privacy="date"))

    @model_validator(mode="after")
    def _closed_consistently(self) -> Self:
        if self.status == "closed" and self.closed_on is None:
            raise ValueError("closed_on: give the date the focus area was closed")
        if self.closed_on and self.closed_on < self.opened_on:
            raise ValueError("closed_on: the closing date is before the opening date")
        return self


class Reflection(Record):
    """A dated reflection on practice and learning, in the practitioner's own words."""

    KIND = "reflection"
    TABLE = "reflections"
    TITLE = "Reflection"
    SCHEMA_VERSION = 2

    reflection_date: UKDate = Field(**_meta("Date", "The day you are reflecting on.",
                                            privacy="date"))
    focus_area_ids: list[str] = Field(
        min_length=1, **_meta("Focus areas", "Which of your focus areas this is about.",
                              privacy="id")
    )
    template: Annotated[str, AfterValidator(_in_vocab("reflection_templates"))] = Field(
        **_meta("Template", "Which set of prompts you reflected with.",
                vocab="reflection_templates")
    )
    answers: dict[str, LongText] = Field(
        **_meta("Answers", "Your answer to each prompt.", privacy="free_text")
    )
    tags: Annotated[list[str], AfterValidator(_all_in_vocab("concept_tags"))] = Field(
        default_factory=list, **_meta("Concept tags", "Ideas this reflection is about.",
                                      vocab="concept_tags")
    )
    self_understanding: Rating | None = Field(
        default=None, **_meta("My understanding (1-5)", "Optional: your own sense of it. "
                              "Only you set this; the kit never scores.")
    )
    self_confidence: Rating | None = Field(
        default=None, **_meta("My confidence (1-5)", "Optional: your own sense of it.")
    )
    visibility: Literal["lead", "private"] = Field(
        default="lead", **_meta("Who may see it", "'lead': your lead sees it in reviews; "
                                "'private': only you.")
    )
    referred_on: bool = Field(
        default=False, **_meta("Referred on", "Did you refer a concern on under your "
                               "organisation's own procedures? Yes or no only, never detail.")
    )

    @field_validator("answers")
    @classmethod
    def _some_answer(cls, answers: dict[str, str]) -> dict[str, str]:
        if not any(text.strip() for text in answers.values()):
            raise ValueError("write an answer to at least one prompt")
        return {key: text for key, text in answers.items()}

    @model_validator(mode="after")
    def _answers_match_template(self) -> Self:
        prompts = [prompt.id for prompt in vocab.reflection_prompts(self.template)]
        unknown = sorted(set(self.answers) - set(prompts))
        if unknown:
            raise ValueError(
                f"answers: {', '.join(unknown)} not a prompt of the '{self.template}' template"
            )
        return self


class SupportContact(Record):
    """A contact with a Link or Lead practitioner."""

    KIND = "support_contact"
    TABLE = "support_contacts"
    TITLE = "Support contact"

    supporter_id: PersonId = Field(**_meta("Supporter", "Who you met.", privacy="id"))
    supporter_role: Literal["link", "lead"] = Field(
        **_meta("Supporter's role", "Link (orientation) or Lead (practice support).")
    )
    contact_date: UKDate = Field(**_meta("Date", "When you met.", privacy="date"))
    mode: Annotated[str, AfterValidator(_in_vocab("contact_modes"))] = Field(
        **_meta("How", "How you met.", vocab="contact_modes")
    )
    minutes: int = Field(ge=1, le=600, **_meta("Minutes", "Roughly how long, in minutes."))
    note: LongText = Field(default="", **_meta("Note", "What you talked about.",
                                               privacy="private_note"))


class ReviewNote(Record):
    """A Lead practitioner's note on a practitioner's period."""

    KIND = "review_note"
    TABLE = "review_notes"
    TITLE = "Review note"

    period: Annotated[str, Field(pattern=r"^\d{4}-(Q[1-4]|(0[1-9]|1[0-2]))$")] = Field(
        **_meta("Period", "The review period, e.g. 2026-Q3 or 2026-09.")
    )
    text: LongText = Field(min_length=1, **_meta("Note", "Your note for this period.",
                                                 privacy="private_note"))
    shared: bool = Field(default=True, **_meta("Shared with the practitioner",
                                               "Whether the practitioner sees this note."))


class NamesToHide(Record):
    """Words to keep out of anything shared, for one focus area. Stored in private/."""

    KIND = "names_to_hide"
    TABLE = "names_to_hide"
    TITLE = "Names to hide"
    PRIVATE = True

    focus_area_id: str = Field(**_meta("Focus area", "Which focus area these belong to."))
    names: list[Annotated[str, Field(min_length=2, max_length=100)]] = Field(
        **_meta("Names to hide", "Real first names, school, town and other words to keep "
                "out of anything shared. One per line.", privacy="direct")
    )


class Withdrawal(Record):
    """Takes a record out of use. The record and its history stay on disk."""

    KIND = "withdrawal"
    TABLE = "withdrawals"
    TITLE = "Withdrawal"

    target_entity_id: str = Field(**_meta("Withdrawn record", "", privacy="id"))
    target_table: str = Field(**_meta("Table of the withdrawn record", ""))
    reason: LongText = Field(min_length=1, **_meta("Reason", "Why it is withdrawn.",
                                                   privacy="private_note"))


RECORD_TYPES: tuple[type[Record], ...] = (
    Profile,
    ResearchConsent,
    JourneyStep,
    LicenceEvent,
    MicroProject,
    FocusArea,
    Reflection,
    SupportContact,
    ReviewNote,
    NamesToHide,
    Withdrawal,
)
BY_KIND: dict[str, type[Record]] = {model.KIND: model for model in RECORD_TYPES}
BY_TABLE: dict[str, type[Record]] = {model.TABLE: model for model in RECORD_TYPES}
PUBLIC_TABLES: tuple[str, ...] = tuple(m.TABLE for m in RECORD_TYPES if not m.PRIVATE)


def model_for_kind(kind: str) -> type[Record]:
    """The model of record kind ``kind``; a clear error naming the known kinds."""
    try:
        return BY_KIND[kind]
    except KeyError:
        raise ValidationProblems(
            [Problem("kind", f"'{kind}' is not a record kind; known: {', '.join(BY_KIND)}")],
            what="This record",
        ) from None


def model_for_table(table: str) -> type[Record]:
    """The model stored in ``table``; a clear error naming the known tables."""
    try:
        return BY_TABLE[table]
    except KeyError:
        raise ValidationProblems(
            [Problem("table", f"'{table}' is not a table; known: {', '.join(BY_TABLE)}")],
            what="This request",
        ) from None


def field_privacy(model: type[Record], field: str) -> str:
    """How the research export treats ``field`` of ``model`` ('' when it is safe)."""
    extra = model.model_fields[field].json_schema_extra or {}
    return str(extra.get("privacy", "")) if isinstance(extra, dict) else ""


def field_vocab(model: type[Record], field: str) -> str:
    """The vocabulary ``field`` of ``model`` draws its values from ('' when none)."""
    extra = model.model_fields[field].json_schema_extra or {}
    return str(extra.get("vocab", "")) if isinstance(extra, dict) else ""


__all__ = [
    "BY_KIND",
    "BY_TABLE",
    "PUBLIC_TABLES",
    "RECORD_TYPES",
    "FocusArea",
    "JourneyStep",
    "LicenceEvent",
    "MicroProject",
    "NamesToHide",
    "Profile",
    "Record",
    "Reflection",
    "ResearchConsent",
    "ReviewNote",
    "SupportContact",
    "Withdrawal",
    "field_privacy",
    "field_vocab",
    "model_for_kind",
    "model_for_table",
    "problems_from",
    "validate_record",
]
