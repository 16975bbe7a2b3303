"""The erasure record: that a person's data was erased, when, by whom and why, and nothing else.

An erasure record never holds content: only the erased person's id, the date, who erased
and a reason code (:data:`ERASURE_REASONS`, the grounds of UK GDPR Article 17 and the
workspace's retention rule). It is immutable, kept apart from the records it replaces
(:mod:`kit.store.erasures`), and later research packages list the person as withdrawn.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from kit.errors import ValidationProblems
from kit.model.base import PersonId, problems_from
from kit.model.dates import today
from kit.model.ids import new_record_id

KIND = "erasure"

ERASURE_REASONS: dict[str, str] = {
    "request": "the person asked for their data to be erased",
    "retention": "the workspace's retention period for it ended",
    "no_longer_needed": "it is no longer needed for what it was collected for",
    "consent_withdrawn": "the person withdrew the consent it was held on",
    "objection": "the person objected and nothing overrides the objection",
    "unlawful": "it was held unlawfully",
    "legal_obligation": "the law, a court or the regulator requires it",
}
"""Reason codes an erasure may give, with what each means."""


def _known_reason(code: str) -> str:
    if code not in ERASURE_REASONS:
        raise ValueError(f"'{code}' is not a reason code; use one of: {', '.join(ERASURE_REASONS)}")
    return code


ReasonCode = Annotated[str, AfterValidator(_known_reason)]


class Erasure(BaseModel):
    """That ``person_id``'s data was erased on ``erased_on`` by ``erased_by``, for ``reason_code``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["erasure"] = KIND
    schema_version: Literal[1] = 1
    erasure_id: str = Field(pattern=r"^erasure-[0-9A-Z]{26}$")
    person_id: PersonId
    erased_on: date
    erased_by: PersonId
    reason_code: ReasonCode

    @classmethod
    def new(cls, person_id: str, erased_by: str, reason_code: str, erased_on: date | None = None
            ) -> Self:
        """A new erasure record dated ``erased_on`` (default today); every bad field at once."""
        try:
            return cls(erasure_id=new_record_id(KIND), person_id=person_id,
                       erased_on=erased_on or today(), erased_by=erased_by, reason_code=reason_code)
        except ValidationError as error:
            raise ValidationProblems(problems_from(error), what="This erasure") from None
