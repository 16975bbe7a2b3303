"""Dates as people in the UK type them: day first, not in the future (unless a rule allows a
few days ahead), not before 2000."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

EARLIEST = date(2000, 1, 1)
UK_TIME = ZoneInfo("Europe/London")  # from the system tz database (or the tzdata package)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def today() -> date:
    """Today's date in UTC (one clock for the whole kit)."""
    return utc_now().date()


def latest_today() -> date:
    """The latest date it is now for the kit's users: UK time runs an hour ahead of UTC
    in summer, so just after midnight a UK "today" is tomorrow in UTC."""
    return max(today(), utc_now().astimezone(UK_TIME).date())


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def parse_uk_date(value: object) -> date:
    """Read ``value`` as a date: a ``date``, ``YYYY-MM-DD`` or day-first ``DD/MM/YYYY``.

    ``03/04/2025`` is 3 April 2025. Raises ``ValueError`` with a plain message.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        try:  # the common case (every stored record): canonical ISO, parsed in C
            return date.fromisoformat(text)
        except ValueError:
            pass  # fall through to the checks below for a message in plain words
    if not text:
        raise ValueError("a date is needed")
    iso = _ISO.match(text)
    uk = _UK.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif uk:
        day, month, year = (int(part) for part in uk.groups())
    else:
        raise ValueError(f"'{text}' is not a date; write it as day/month/year, e.g. 03/04/2025")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"'{text}' is not a real date (day {day}, month {month}, year {year}); "
            "write it as day/month/year"
        ) from None


def check_date_range(value: date, days_ahead: int = 0) -> date:
    """Refuse dates before 2000, or after today (or ``days_ahead`` days after today), with a
    message saying which and, for a date too far ahead, the latest date allowed."""
    latest = latest_today() + timedelta(days=days_ahead)
    if value > latest and days_ahead == 0:
        raise ValueError(f"{value:%d/%m/%Y} is in the future; use today's date or earlier")
    if value > latest:
        raise ValueError(f"{value:%d/%m/%Y} is more than {days_ahead} days ahead; "
                         f"the latest date allowed is {latest:%d/%m/%Y}")
    if value < EARLIEST:
        raise ValueError(f"{value:%d/%m/%Y} is before 2000; check the year")
    return value
