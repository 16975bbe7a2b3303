"""Review periods: names, ranges, the previous period, bad strings, cadence defaults."""

from __future__ import annotations

from datetime import date

import pytest

from kit.errors import ReviewError
from kit.model.periods import Period, add_months, default_period, parse_period, review_period


@pytest.mark.parametrize(("text", "start", "end", "previous"), [
    ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "2026-Q2"),
    ("2026-q1", date(2026, 1, 1), date(2026, 3, 31), "2025-Q4"),
    ("2026-09", date(2026, 9, 1), date(2026, 9, 30), "2026-08"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-01"),
    ("2026-01", date(2026, 1, 1), date(2026, 1, 31), "2025-12"),
], ids=["quarter", "lower-case-q", "month", "leap-february", "january"])
def test_named_periods(text: str, start: date, end: date, previous: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)
    assert period.previous().name == previous


def test_range_is_day_first_and_previous_has_same_length() -> None:
    period = parse_period("03/04/2025..02/05/2025")
    assert (period.start, period.end) == (date(2025, 4, 3), date(2025, 5, 2))
    assert period.name == "2025-04-03..2025-05-02"
    before = period.previous()
    assert before.end == date(2025, 4, 2) and before.days == period.days
    assert parse_period("2025-04-03..2025-05-02") == period


@pytest.mark.parametrize("text", ["", "2026-Q5", "2026-13", "Q3", "2026-09-31..2026-10-01",
                                  "01/10/2026..01/09/2026", "last quarter"])
def test_bad_period_is_a_clear_review_error(text: str) -> None:
    with pytest.raises(ReviewError, match="2026-Q3"):
        parse_period(text)


def test_containment_overlap_and_next() -> None:
    q3 = parse_period("2026-Q3")
    assert date(2026, 8, 15) in q3 and date(2026, 10, 1) not in q3
    assert q3.overlaps(parse_period("2026-09")) and not q3.overlaps(parse_period("2026-10"))
    assert q3.next() == Period("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))


def test_default_period_follows_the_workspace_cadence() -> None:
    on = date(2026, 11, 29)
    assert default_period("quarterly", on).name == "2026-Q3"
    assert default_period("monthly", on).name == "2026-10"
    assert review_period(None, "monthly", on).name == "2026-10"
    assert review_period("2026-Q1", "monthly", on).name == "2026-Q1"
    with pytest.raises(ReviewError):
        default_period("weekly", on)


def test_add_months_clips_to_month_end() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 15), 12) == date(2026, 11, 15)
