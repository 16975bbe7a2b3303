"""The records of the support around a practitioner's practice.

Learning Journey steps and support contacts (kept by the practitioner), and a
Lead practitioner's review notes and shared reviews. Part of the one definition of
every record kind: :mod:`kit.model.records` lists them all.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from kit.model import vocab
from kit.model.base import LongText, PersonId, Record, UKDate, field_meta, in_vocab


class JourneyStep(Record):
    """A step taken on the Learning Journey."""

    KIND = "journey_step"
    TABLE = "journey_steps"
    TITLE = "Learning Journey step"

    level: Annotated[str, AfterValidator(in_vocab("journey_levels"))] = Field(
        **field_meta("Level", "Which level of the Learning Journey.", vocab="journey_levels")
    )
    step: Annotated[str, AfterValidator(in_vocab("journey_steps"))] = Field(
        **field_meta("Step", "Which step you took.", vocab="journey_steps")
    )
    step_date: UKDate = Field(**field_meta("Date", "When you took the step.", privacy="date"))
    note: LongText = Field(default="", **field_meta("Note", "Anything to remember about it.",
                                               privacy="free_text"))

    @model_validator(mode="after")
    def _step_in_level(self) -> Self:
        step_level = vocab.load("journey_steps").get(self.step).group
        if step_level != self.level:
            level_label = vocab.load("journey_levels").label_of(self.level)
            raise ValueError(f"step '{self.step}' is not part of {level_label}")
        return self


class SupportContact(Record):
    """A contact with a Link or Lead practitioner."""

    KIND = "support_contact"
    TABLE = "support_contacts"
    TITLE = "Support contact"

    supporter_id: PersonId = Field(**field_meta("Supporter", "Who you met.", privacy="id"))
    supporter_role: Literal["link", "lead"] = Field(
        **field_meta("Supporter's role", "Link (orientation) or Lead (practice support).")
    )
    contact_date: UKDate = Field(**field_meta("Date", "When you met.", privacy="date"))
    mode: Annotated[str, AfterValidator(in_vocab("contact_modes"))] = Field(
        **field_meta("How", "How you met.", vocab="contact_modes")
    )
    minutes: int = Field(ge=1, le=600, **field_meta("Minutes", "Roughly how long, in minutes."))
    note: LongText = Field(default="", **field_meta("Note", "What you talked about.",
                                               privacy="private_note"))


PeriodName = Annotated[str, Field(pattern=r"^\d{4}-(Q[1-4]|(0[1-9]|1[0-2]))$")]


class ReviewNote(Record):
    """A Lead practitioner's note on a practitioner's period."""

    KIND = "review_note"
    TABLE = "review_notes"
    TITLE = "Review note"

    period: PeriodName = Field(**field_meta("Period", "The review period, e.g. 2026-Q3 or 2026-09."))
    text: LongText = Field(min_length=1, **field_meta("Note", "Your note for this period.",
                                                 privacy="private_note"))
    shared: bool = Field(default=True, **field_meta("Shared with the practitioner",
                                               "Whether the practitioner sees this note."))


class ReviewShare(Record):
    """A Lead practitioner's decision to share a period's review with the practitioner.

    One per practitioner and period; sharing again or taking it back is a new version.
    """

    KIND = "review_share"
    TABLE = "review_shares"
    TITLE = "Shared review"

    period: PeriodName = Field(**field_meta("Period", "The review period, e.g. 2026-Q3 or 2026-09."))
    shared: bool = Field(default=True, **field_meta(
        "Shared with the practitioner", "Whether the practitioner sees this period's review."))
