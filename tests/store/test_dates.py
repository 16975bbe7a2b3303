"""UK day-first dates: real dates only, never in the future, not before 2000."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kit.errors import ValidationProblems
from kit.model.dates import EARLIEST, check_date_range, latest_today, parse_uk_date, today, utc_now
from kit.model.records import ResearchConsent


@pytest.mark.parametrize(("text", "expected"), [
    ("03/04/2025", date(2025, 4, 3)),
    ("3/4/2025", date(2025, 4, 3)),
    ("03.04.2025", date(2025, 4, 3)),
    ("03-04-2025", date(2025, 4, 3)),
    ("2025-04-03", date(2025, 4, 3)),
    (" 29/02/2024 ", date(2024, 2, 29)),
], ids=["slashes", "no-zero-padding", "dots", "dashes", "iso", "leap-day-with-spaces"])
def test_day_first_and_iso_dates_parse(text: str, expected: date) -> None:
    assert parse_uk_date(text) == expected


def test_03_04_2025_is_the_third_of_april_not_march_fourth() -> None:
    parsed = parse_uk_date("03/04/2025")
    assert (parsed.day, parsed.month) == (3, 4)


@pytest.mark.parametrize("text", ["31/02/2025", "29/02/2025", "2025-13-01", "00/01/2025", "32/01/2025"])
def test_impossible_dates_are_refused_in_plain_words(text: str) -> None:
    with pytest.raises(ValueError, match="not a real date"):
        parse_uk_date(text)


@pytest.mark.parametrize("text", ["", "   ", "next tuesday", "03/04/25", "2025/04/03", "April 3 2025"])
def test_text_that_is_not_a_date_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"a date is needed|is not a date"):
        parse_uk_date(text)


def test_date_and_datetime_values_pass_through() -> None:
    assert parse_uk_date(date(2025, 4, 3)) == date(2025, 4, 3)
    assert parse_uk_date(datetime(2025, 4, 3, 12, 30, tzinfo=UTC)) == date(2025, 4, 3)


def test_future_dates_are_refused() -> None:
    tomorrow = latest_today() + timedelta(days=1)  # tomorrow even in UK summer time
    with pytest.raises(ValueError, match="in the future"):
        check_date_range(tomorrow)
    assert check_date_range(today()) == today()
    assert check_date_range(latest_today()) == latest_today()


def test_dates_before_2000_are_refused() -> None:
    with pytest.raises(ValueError, match="before 2000"):
        check_date_range(date(1999, 12, 31))
    assert check_date_range(EARLIEST) == EARLIEST


def test_utc_now_is_timezone_aware() -> None:
    assert utc_now().utcoffset() == timedelta(0)


@pytest.mark.parametrize(("typed", "message"), [
    ("31/02/2025", "not a real date"),
    ("2025-13-01", "not a real date"),
    ("01/01/1999", "before 2000"),
    ((today() + timedelta(days=2)).strftime("%d/%m/%Y"), "in the future"),
])
def test_record_date_fields_apply_the_same_rules(typed: str, message: str) -> None:
    with pytest.raises(ValidationProblems) as caught:
        ResearchConsent.new(practitioner_id="p01", decision="given", decided_on=typed)
    assert message in caught.value.by_field()["decided_on"][0]


def test_record_date_field_reads_day_first() -> None:
    consent = ResearchConsent.new(practitioner_id="p01", decision="given", decided_on="03/04/2025")
    assert consent.decided_on == date(2025, 4, 3)


def test_todays_uk_date_is_not_the_future_just_after_midnight_in_summer(monkeypatch) -> None:
    # 23:30 UTC on 1 July is 00:30 BST on 2 July: a UK practitioner's "today" is 2 July.
    monkeypatch.setattr("kit.model.dates.utc_now", lambda: datetime(2025, 7, 1, 23, 30, tzinfo=UTC))
    assert check_date_range(date(2025, 7, 2)) == date(2025, 7, 2)
    with pytest.raises(ValueError, match="in the future"):
        check_date_range(date(2025, 7, 3))


def test_in_winter_uk_and_utc_dates_agree(monkeypatch) -> None:
    monkeypatch.setattr("kit.model.dates.utc_now", lambda: datetime(2025, 1, 1, 23, 30, tzinfo=UTC))
    with pytest.raises(ValueError, match="in the future"):
        check_date_range(date(2025, 1, 2))
