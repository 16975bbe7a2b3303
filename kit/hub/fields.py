"""What a request to the service may carry, checked before anything is looked up, locked or
named on disk: its body is a JSON object (not too deep), each field has the type it should,
and every id follows the kit's own id rules (:mod:`kit.model.ids`).

A wrong field is a :class:`~kit.errors.Problem` named by the field, all of them reported at
once (:class:`Body`), so the caller gets a 400 sentence and the audit log a reason code with
the field's name, never the value sent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from kit.errors import KitError, Problem, ValidationProblems
from kit.model.base import quote_input
from kit.model.ids import is_person_id, is_record_id
from kit.model.periods import parse_period

MAX_ID_CHARS = 64
MAX_TEXT_CHARS = 20_000  # the longest text a record field holds (kit.model.base.LongText)
FIELD_ATTRIBUTE = "field"  # the field a refusal that is not a ValidationProblems was about
REF = re.compile(r"^#?[0-9A-Za-z]{4,26}$")  # a held reflection's short reference (or record id)
MASK_KIND = re.compile(r"^[A-Z_]{1,24}$")
PACKAGE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
COHORT = "cohort-"


def about(field: str, error: KitError) -> KitError:
    """``error`` marked as being about ``field`` (for the audit log's reason)."""
    setattr(error, FIELD_ATTRIBUTE, field)
    return error


def refused(field: str, message: str, code: str = "invalid") -> ValidationProblems:
    """The refusal of one field of a request."""
    return ValidationProblems([Problem(field, message, code)], what="This request")


def parse_body(raw: bytes | None) -> dict[str, Any]:
    """The body as a JSON object ('' is an empty one); a refusal for anything else, however
    deep or malformed."""
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise refused("body", "the request body is not JSON (or is nested too deeply)", "malformed") from None
    if not isinstance(data, dict):
        raise refused("body", "the request body is not a JSON object", "malformed")
    return data


def person_id(value: object, field: str = "practitioner_id") -> str:
    """``value`` if it is a user id the kit accepts (:func:`kit.model.ids.is_person_id`)."""
    if not isinstance(value, str) or not is_person_id(value):
        raise refused(field, f"{quote_input(value)} is not a user id", "invalid_id")
    return value


def record_id(value: object, field: str = "entity_id") -> str:
    """``value`` if it is a record id the kit made (:func:`kit.model.ids.is_record_id`)."""
    if not isinstance(value, str) or not is_record_id(value):
        raise refused(field, f"{quote_input(value)} is not a record id", "invalid_id")
    return value


def period(value: object, field: str = "period") -> str:
    """The name of the review period ``value`` (:func:`kit.model.periods.parse_period`'s own
    sentence when it is not one)."""
    if isinstance(value, str) and not value.isprintable():
        raise refused(field, f"{quote_input(value)} is not a review period", "invalid_period")
    try:  # its own sentences for what is not text or too long, never repeating it
        return parse_period(value).name
    except KitError as error:
        raise about(field, error) from None


def subject(value: object, field: str = "subject") -> str:
    """A review's subject: a practitioner's id, or ``cohort-<lead id>``."""
    if isinstance(value, str) and is_person_id(value.removeprefix(COHORT)):
        return value
    raise refused(field, f"{quote_input(value)} is not a practitioner or a cohort", "invalid_id")


def package(value: object, field: str = "package") -> str:
    """An export package's name (a folder name, never a path)."""
    if not isinstance(value, str) or not PACKAGE.match(value):
        raise refused(field, f"{quote_input(value)} is not an export package", "invalid_id")
    return value


class Body:
    """The fields of one request body, each checked as it is taken; :meth:`check` raises every
    problem found at once. A field with a problem gives its default meanwhile."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data, self.problems = data, []  # type: list[Problem]

    def _problem(self, field: str, message: str, code: str = "invalid_type") -> None:
        self.problems.append(Problem(field, message, code))

    def text(self, field: str, default: str = "", max_chars: int = MAX_TEXT_CHARS) -> str:
        """A text field (``default`` when absent)."""
        value = self.data.get(field, default)
        if not isinstance(value, str):
            self._problem(field, "must be text")
            return default
        if len(value) > max_chars:
            self._problem(field, f"must be at most {max_chars:,} characters", "too_long")
            return default
        return value

    def flag(self, field: str, default: bool) -> bool:
        """A true/false field (``default`` when absent)."""
        value = self.data.get(field, default)
        if not isinstance(value, bool):
            self._problem(field, "must be true or false")
            return default
        return value

    def code(self, field: str, codes: tuple[str, ...]) -> str:
        """A field that must be one of ``codes`` (a refusal naming them, never what was sent)."""
        value = self.data.get(field)
        if isinstance(value, str) and value in codes:
            return value
        self._problem(field, f"must be one of: {', '.join(codes)}", "invalid_code")
        return ""

    def whole_number(self, field: str, default: int) -> int:
        """A whole-number field (``default`` when absent)."""
        value = self.data.get(field, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self._problem(field, "must be a whole number")
            return default
        return value

    def mapping(self, field: str) -> dict[str, Any]:
        """An object field whose keys are text ({} when absent)."""
        value = self.data.get(field, {})
        if not isinstance(value, dict):
            self._problem(field, "must be an object of names and values")
            return {}
        return value

    def _checked(self, field: str, check: Any, default: str = "") -> str:
        try:
            return check(self.data.get(field), field)
        except ValidationProblems as error:
            self.problems.extend(error.problems)
            return default

    def person_id(self, field: str = "practitioner_id") -> str:
        """A user id field (:func:`person_id`)."""
        return self._checked(field, person_id)

    def record_id(self, field: str = "entity_id") -> str:
        """A record id field (:func:`record_id`)."""
        return self._checked(field, record_id)

    def ref(self, field: str = "ref") -> str:
        """A held reflection's reference."""
        value = self.data.get(field)
        if isinstance(value, str) and (REF.match(value) or is_record_id(value)):
            return value
        self._problem(field, f"{quote_input(value)} is not a held reflection's reference", "invalid_id")
        return ""

    def refs(self, field: str) -> list[str]:
        """A list of held reflections' references ([] when absent)."""
        values = self.data.get(field, [])
        if not isinstance(values, list):
            self._problem(field, "must be a list of references")
            return []
        wrong = [value for value in values if not (isinstance(value, str) and
                                                   (REF.match(value) or is_record_id(value)))]
        if wrong:
            self._problem(field, "holds something that is not a held reflection's reference", "invalid_id")
            return []
        return list(values)

    def texts_by_ref(self, field: str) -> dict[str, dict[str, str]]:
        """``{reference: {name: text}}`` ({} when absent)."""
        value = self.data.get(field, {})
        ok = isinstance(value, dict) and all(
            isinstance(ref, str) and (REF.match(ref) or is_record_id(ref)) and isinstance(texts, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items())
            for ref, texts in value.items())
        if not ok:
            self._problem(field, "must be an object of references, each with its texts by name")
            return {}
        return value

    def check(self) -> None:
        """Raise every problem found so far, at once."""
        if self.problems:
            raise ValidationProblems(self.problems, what="This request")
