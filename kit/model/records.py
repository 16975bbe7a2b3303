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

from typing import Annotated, ClassVar, Literal, Self

from pydantic import AfterValidator, Field, field_validator, model_validator

from kit.errors import Problem, ValidationProblems
from kit.model import licence, vocab
from kit.model.base import (
    LongText,
    PersonId,
    Rating,
    Record,
    RecordId,
    ShortText,
    UKDate,
    UKDateByRule,
    all_in_vocab,
    field_meta,
    field_privacy,
    field_vocab,
    in_vocab,
    personal_fields,
    problems_from,
    quote_input,
    validate_record,
)
from kit.model.hidden import FIELD_OF_KIND
from kit.model.support_records import JourneyStep, ReviewNote, ReviewShare, SupportContact


class Profile(Record):
    """Who a practitioner is in the learning system and who supports them."""

    KIND = "profile"
    TABLE = "profiles"
    TITLE = "Practitioner profile"

    display_name: ShortText = Field(**field_meta("Display name", "How you are shown to your lead.",
                                            privacy="direct"))
    role: Annotated[str, AfterValidator(in_vocab("roles"))] = Field(
        **field_meta("Role", "Your role in the learning system.", vocab="roles")
    )
    stage: Literal["trainee", "certified"] = Field(
        **field_meta("Stage", "Trainee or certified in that role.", vocab="stages")
    )
    journey_level: Annotated[str, AfterValidator(in_vocab("journey_levels"))] | None = Field(
        default=None,
        **field_meta("Learning Journey level", "The level you are at on the Learning Journey.",
                     vocab="journey_levels"),
    )
    organisation: str = Field(
        default="", max_length=200,
        **field_meta("Organisation", "Where you practise.", privacy="direct"),
    )
    lead_id: PersonId | None = Field(
        default=None, **field_meta("Lead practitioner", "Who gives you structured support.",
                              privacy="id")
    )
    link_id: PersonId | None = Field(
        default=None, **field_meta("Link practitioner", "Who gives you light-touch orientation.",
                              privacy="id")
    )


class ResearchConsent(Record):
    """A practitioner's consent, given or withdrawn, to research use of reflections."""

    KIND = "consent"
    TABLE = "consents"
    TITLE = "Research consent"

    decision: Literal["given", "withdrawn"] = Field(
        **field_meta("Decision", "Give or withdraw consent to research use of your reflections.")
    )
    purpose: Literal["research"] = Field(
        default="research", **field_meta("Purpose", "What the consent is for.")
    )
    decided_on: UKDate = Field(**field_meta("Date", "When you decided.", privacy="date"))


LicenceEventKind = Literal["applied", "active", "paused", "continued", "renewed", "ended"]


class LicenceEvent(Record):
    """A change in the licence: applied, active, paused, continued, renewed or ended."""

    KIND = "licence_event"
    TABLE = "licence_events"
    TITLE = "Licence event"

    event: LicenceEventKind = Field(**field_meta("Event", "What happened to the licence."))
    event_date: UKDateByRule = Field(**field_meta(
        "Date", "When it takes effect: a decision up to "
        f"{licence.FUTURE_WINDOW_DAYS} days ahead, any other step today or earlier.",
        privacy="date"))
    reason: LongText = Field(default="", **field_meta("Reason", "Why, in a sentence or two.",
                                                 privacy="free_text"))

    @model_validator(mode="after")
    def _dated_as_its_step_allows(self) -> Self:
        problem = licence.date_problem(self.event, self.event_date)
        if problem:
            raise ValueError(f"event_date: {problem}")
        return self


class MicroProject(Record):
    """The micro-project idea a licence is applied for with."""

    KIND = "micro_project"
    TABLE = "micro_projects"
    TITLE = "Micro-project"

    title: ShortText = Field(**field_meta("Title", "A short name for the micro-project.",
                                     privacy="free_text"))
    idea: LongText = Field(min_length=1, **field_meta("Idea", "What you want to try and why.",
                                                 privacy="free_text"))
    project_type: Literal["T1", "T2", "T3", "T4"] = Field(
        **field_meta("Type", "T1 universal prevention to T4 complex engagement.",
                vocab="project_types")
    )
    link_id: PersonId | None = Field(default=None, **field_meta("Link practitioner", "",
                                                           privacy="id"))
    lead_id: PersonId | None = Field(default=None, **field_meta("Lead practitioner", "",
                                                           privacy="id"))


class FocusArea(Record):
    """A family, individual or topic the practitioner applies the learning with."""

    KIND = "focus_area"
    TABLE = "focus_areas"
    TITLE = "Focus area"
    MAX_ACTIVE: ClassVar[int] = 3

    label: Annotated[str, Field(min_length=1, max_length=60)] = Field(
        **field_meta("Label", "A label that identifies nobody, e.g. 'Family A' or "
                "'Y5 nurture group'. Never a real name.", privacy="free_text")
    )
    focus_kind: Literal["family", "individual", "topic"] = Field(
        **field_meta("Kind", "A family, an individual or a topic.", vocab="focus_area_kinds")
    )
    aim: LongText = Field(default="", **field_meta("Aim", "What you hope to learn or change.",
                                              privacy="free_text"))
    status: Literal["active", "closed"] = Field(
        default="active", **field_meta("Status", "Active, or closed when the work ends.")
    )
    opened_on: UKDate = Field(**field_meta("Opened on", "When the work started.", privacy="date"))
    closed_on: UKDate | None = Field(default=None, **field_meta("Closed on", "When it ended.",
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

    reflection_date: UKDate = Field(**field_meta("Date", "The day you are reflecting on.",
                                            privacy="date"))
    focus_area_ids: list[str] = Field(
        min_length=1, **field_meta("Focus areas", "Which of your focus areas this is about.",
                              privacy="id")
    )
    template: Annotated[str, AfterValidator(in_vocab("reflection_templates"))] = Field(
        **field_meta("Template", "Which set of prompts you reflected with.",
                vocab="reflection_templates")
    )
    answers: dict[str, LongText] = Field(
        **field_meta("Answers", "Your answer to each prompt.", privacy="free_text")
    )
    tags: Annotated[list[str], AfterValidator(all_in_vocab("concept_tags"))] = Field(
        default_factory=list, **field_meta("Concept tags", "Ideas this reflection is about.",
                                      vocab="concept_tags")
    )
    self_understanding: Rating | None = Field(
        default=None, **field_meta("My understanding (1-5)", "Optional: your own sense of it. "
                              "Only you set this; the kit never scores.")
    )
    self_confidence: Rating | None = Field(
        default=None, **field_meta("My confidence (1-5)", "Optional: your own sense of it.")
    )
    visibility: Literal["lead", "private"] = Field(
        default="lead", **field_meta("Who may see it", "'lead': your lead sees it in reviews; "
                                "'private': only you.")
    )
    referred_on: bool = Field(
        default=False, **field_meta("Referred on", "Did you refer a concern on under your "
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


HiddenWord = Annotated[str, Field(min_length=2, max_length=100)]


class NamesToHide(Record):
    """Words to keep out of anything shared, for one focus area, each list its own kind
    (:mod:`kit.model.hidden`): people, places, organisations, other. Stored in private/."""

    KIND = "names_to_hide"
    TABLE = "names_to_hide"
    TITLE = "Names to hide"
    PRIVATE = True
    SCHEMA_VERSION = 2

    focus_area_id: str = Field(**field_meta("Focus area", "Which focus area these belong to."))
    names: list[HiddenWord] = Field(default_factory=list, **field_meta(
        "People", "First names, surnames and nicknames of the people involved. One per line.",
        privacy="direct"))
    places: list[HiddenWord] = Field(default_factory=list, **field_meta(
        "Places", "Towns, villages, estates and streets. One per line.", privacy="direct"))
    organisations: list[HiddenWord] = Field(default_factory=list, **field_meta(
        "Schools and organisations", "Schools, nurseries, surgeries, clubs, services. One per line.",
        privacy="direct"))
    other: list[HiddenWord] = Field(default_factory=list, **field_meta(
        "Anything else", "Other words that could identify someone (a project's or a pet's name). "
        "One per line.", privacy="direct"))

    @model_validator(mode="after")
    def _something_to_hide(self) -> Self:
        if not self.words():
            raise ValueError("names: give at least one word to hide, in any of the lists")
        return self

    def words(self) -> list[str]:
        """Every word to hide, whatever its kind."""
        return [*self.names, *self.places, *self.organisations, *self.other]

    def entries(self) -> list[str]:
        """Every word to hide as ``"kind: words"`` (kinds of :data:`kit.model.hidden.HIDDEN_KINDS`)."""
        return [f"{kind}: {word}" for kind, field in FIELD_OF_KIND.items() for word in getattr(self, field)]


class Withdrawal(Record):
    """Takes a record out of use. The record and its history stay on disk."""

    KIND = "withdrawal"
    TABLE = "withdrawals"
    TITLE = "Withdrawal"

    target_entity_id: RecordId = Field(**field_meta("Withdrawn record", "", privacy="id"))
    target_table: str = Field(**field_meta("Table of the withdrawn record", ""))
    reason: LongText = Field(min_length=1, **field_meta("Reason", "Why it is withdrawn.",
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
    ReviewShare,
    NamesToHide,
    Withdrawal,
)
BY_KIND: dict[str, type[Record]] = {model.KIND: model for model in RECORD_TYPES}
BY_TABLE: dict[str, type[Record]] = {model.TABLE: model for model in RECORD_TYPES}
PUBLIC_TABLES: tuple[str, ...] = tuple(m.TABLE for m in RECORD_TYPES if not m.PRIVATE)
PRIVATE_TABLES: tuple[str, ...] = tuple(m.TABLE for m in RECORD_TYPES if m.PRIVATE)


def model_for_kind(kind: str) -> type[Record]:
    """The model of record kind ``kind``; a clear error naming the known kinds."""
    try:
        return BY_KIND[kind]
    except KeyError:
        raise ValidationProblems(
            [Problem("kind", f"{quote_input(kind)} is not a record kind; known: {', '.join(BY_KIND)}")],
            what="This record",
        ) from None


def model_for_table(table: str) -> type[Record]:
    """The model stored in ``table``; a clear error naming the known tables."""
    try:
        return BY_TABLE[table]
    except KeyError:
        raise ValidationProblems(
            [Problem("table", f"{quote_input(table)} is not a table; known: {', '.join(BY_TABLE)}")],
            what="This request",
        ) from None


__all__ = [
    "BY_KIND",
    "BY_TABLE",
    "PRIVATE_TABLES",
    "PUBLIC_TABLES",
    "RECORD_TYPES",
    "FocusArea",
    "JourneyStep",
    "LicenceEvent",
    "LongText",
    "MicroProject",
    "NamesToHide",
    "PersonId",
    "Profile",
    "Rating",
    "Record",
    "Reflection",
    "ResearchConsent",
    "ReviewNote",
    "ReviewShare",
    "ShortText",
    "SupportContact",
    "UKDate",
    "Withdrawal",
    "field_privacy",
    "field_vocab",
    "model_for_kind",
    "model_for_table",
    "personal_fields",
    "problems_from",
    "validate_record",
]
