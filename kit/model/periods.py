"""Review periods: '2026-Q3', '2026-09' or 'START..END', and the period before.

A period is a closed range of whole days. Named periods (a quarter or a month)
have a previous period of the same kind; a custom range's previous period is
the range of the same length that ends the day before it starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kit.errors import ReviewError
from kit.model.dates import parse_uk_date, today

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_RANGE_SEPARATOR = ".."
_HINT = ("Write the period as a quarter (2026-Q3), a month (2026-09) or a range of dates "
         "START..END (01/07/2026..30/09/2026 or 2026-07-01..2026-09-30).")
MAX_PERIOD_CHARS = 40
"""The longest period text read (a range of two day-first dates with spaces fits easily)."""


@dataclass(frozen=True)
class Period:
    """A named, closed range of days: ``start`` to ``end`` inclusive."""

    name: str
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        """The period in words for titles: '2026-Q3 (01/07/2026 to 30/09/2026)'."""
        return f"{self.name} ({self.start:%d/%m/%Y} to {self.end:%d/%m/%Y})"

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def previous(self) -> Period:
        """The period just before this one, of the same kind and length."""
        quarter = _QUARTER.match(self.name)
        if quarter:
            year, number = int(quarter.group(1)), int(quarter.group(2))
            year, number = (year - 1, 4) if number == 1 else (year, number - 1)
            return quarter_period(year, number)
        month = _MONTH.match(self.name)
        if month:
            year, number = int(month.group(1)), int(month.group(2))
            year, number = (year - 1, 12) if number == 1 else (year, number - 1)
            return month_period(year, number)
        end = self.start - timedelta(days=1)
        start = end - timedelta(days=self.days - 1)
        return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)

    def next(self) -> Period:
        """The period just after this one, of the same kind and length."""
        quarter = _QUARTER.match(self.name)
        if quarter:
            year, number = int(quarter.group(1)), int(quarter.group(2))
            year, number = (year + 1, 1) if number == 4 else (year, number + 1)
            return quarter_period(year, number)
        month = _MONTH.match(self.name)
        if month:
            year, number = int(month.group(1)), int(month.group(2))
            year, number = (year + 1, 1) if number == 12 else (year, number + 1)
            return month_period(year, number)
        start = self.end + timedelta(days=1)
        end = start + timedelta(days=self.days - 1)
        return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)


def month_period(year: int, month: int) -> Period:
    """The calendar month ``year``-``month``."""
    start = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return Period(f"{year:04d}-{month:02d}", start, following - timedelta(days=1))


def quarter_period(year: int, quarter: int) -> Period:
    """The calendar quarter ``quarter`` (1-4) of ``year``."""
    first_month = 3 * (quarter - 1) + 1
    start = date(year, first_month, 1)
    last = month_period(year, first_month + 2)
    return Period(f"{year:04d}-Q{quarter}", start, last.end)


def parse_period(text: object) -> Period:
    """Read a period: '2026-Q3', '2026-09' or 'START..END' (day-first or ISO dates).

    Raises :class:`ReviewError` saying how to write it (text that is not a string, or longer
    than :data:`MAX_PERIOD_CHARS`, is refused without being repeated).
    """
    if isinstance(text, Period):
        return text
    if text is not None and not isinstance(text, str):
        raise ReviewError("The review period must be written as text.", _HINT)
    value = (text or "").strip()
    if not value:
        raise ReviewError("No review period was given.", _HINT)
    if len(value) > MAX_PERIOD_CHARS:
        raise ReviewError(f"A review period is at most {MAX_PERIOD_CHARS} characters long; "
                          f"this one has {len(value)}.", _HINT)
    quarter = _QUARTER.match(value)
    if quarter:
        return quarter_period(int(quarter.group(1)), int(quarter.group(2)))
    month = _MONTH.match(value)
    if month:
        return month_period(int(month.group(1)), int(month.group(2)))
    if _RANGE_SEPARATOR in value:
        return _parse_range(value)
    raise ReviewError(f"'{value}' is not a review period.", _HINT)


def _parse_range(value: str) -> Period:
    first, _, last = value.partition(_RANGE_SEPARATOR)
    try:
        start, end = parse_uk_date(first), parse_uk_date(last)
    except ValueError as error:
        raise ReviewError(f"The period '{value}' has a bad date: {error}.", _HINT) from None
    if end < start:
        raise ReviewError(f"The period '{value}' ends before it starts.",
                          f"Put the earlier date first. {_HINT}")
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)


def period_containing(day: date, cadence: str) -> Period:
    """The month or quarter (``cadence`` 'monthly' or 'quarterly') that holds ``day``."""
    if cadence == "monthly":
        return month_period(day.year, day.month)
    if cadence == "quarterly":
        return quarter_period(day.year, (day.month - 1) // 3 + 1)
    raise ReviewError(f"'{cadence}' is not a review cadence.", "Use 'monthly' or 'quarterly'.")


def current_period(cadence: str, on: date | None = None) -> Period:
    """The review period at ``cadence`` that holds ``on`` (default today): the one under way."""
    return period_containing(on or today(), cadence)


def period_choices(cadence: str, on: date | None = None) -> list[tuple[str, Period]]:
    """The two periods a lead usually means, in words: the one under way ("This quarter so
    far") and the last complete one ("Last full quarter")."""
    unit = {"monthly": "month", "quarterly": "quarter"}.get(cadence, "period")
    current = current_period(cadence, on)
    return [(f"This {unit} so far", current), (f"Last full {unit}", current.previous())]


def default_period(cadence: str, on: date | None = None) -> Period:
    """The last complete review period before ``on`` (default today) at ``cadence``."""
    current = period_containing(on or today(), cadence)
    return current.previous()


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clipped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last_day = month_period(year, month + 1).end.day
    return date(year, month + 1, min(day.day, last_day))


def review_period(text: object | None, cadence: str, on: date | None = None) -> Period:
    """``text`` parsed as a period, or, when it is empty, the last complete period at
    the workspace's ``cadence`` (its ``review_period`` setting)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return default_period(cadence, on)
    return parse_period(text)
