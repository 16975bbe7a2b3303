"""What a review run may be asked for (issue 16, item 4): a period of at most a year, not ending
after the current review period, not before the workspace began; a bounded number of kernels.
Refused before any kernel starts, with a sentence naming the period and what to choose, from
``candle review``, run_reviews and the lead's page alike (the service: tests/hub/test_review_service.py).
The review workspace's earliest record is p02's licence application of 06/10/2025.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from review_workspace_builder import PERIOD

from kit.cli import main
from kit.errors import ReviewError
from kit.model.periods import MAX_PERIOD_CHARS, parse_period
from kit.reviews import bounds
from kit.reviews import run as review
from kit.reviews.data import TableSource
from kit.reviews.lead_page import LeadReviewsPage
from kit.store.workspace import Settings, Workspace

TODAY = date(2026, 12, 6)  # in 2026-Q4


@pytest.mark.parametrize(("text", "message"), [
    ("1900-01-01..2100-12-31", "covers 73414 days; a review run covers at most a year (366 days)"),
    ("2025-01-01..2026-01-02", "covers 367 days"),
    ("2027-Q1", "ends on 31/03/2027, after the current review period (2026-Q4 (01/10/2026 to "
                "31/12/2026)): reviews cover days that have passed. Choose 2026-Q4 or an earlier period."),
    ("2026-12-01..2027-01-01", "after the current review period"),
], ids=["two-centuries", "a-day-over-a-year", "next-quarter", "past-the-quarter"])
def test_a_period_too_long_or_ahead_is_refused(text: str, message: str) -> None:
    with pytest.raises(ReviewError) as refused:
        bounds.check_period(parse_period(text), "quarterly", today=TODAY)
    assert message in str(refused.value)


def test_a_year_the_current_period_and_earlier_ones_are_allowed() -> None:
    for text in ("2025-01-01..2025-12-31", "2024-01-01..2024-12-31", "2026-Q4", "2026-12", "2019-Q1"):
        assert bounds.check_period(parse_period(text), "quarterly", today=TODAY).name


def test_a_period_before_the_workspace_began_is_refused(review_workspace: Workspace) -> None:
    source = TableSource(review_workspace)
    assert bounds.workspace_began(source) == date(2025, 10, 6)  # p02's application
    assert bounds.check_run_period(source, parse_period("2025-Q4"), TODAY).name == "2025-Q4"
    assert bounds.check_run_period(source, parse_period("2025-07-01..2025-10-01"), TODAY)
    with pytest.raises(ReviewError) as refused:
        bounds.check_run_period(source, parse_period("2025-Q3"), TODAY)
    assert str(refused.value) == ("The period 2025-Q3 ends before this workspace began (its records "
                                  "start in 2025-Q4), so it has nothing to review. Choose 2025-Q4 "
                                  "or a later period.")


def test_a_workspace_with_no_records_has_nothing_to_review(tmp_path: Path) -> None:
    empty = Workspace.create(tmp_path / "empty", Settings(name="Empty"))
    with pytest.raises(ReviewError, match="no records yet, so there is no review to make"):
        bounds.check_run_period(TableSource(empty), parse_period("2026-Q3"), TODAY)


def test_a_period_must_be_short_text() -> None:
    with pytest.raises(ReviewError, match="must be written as text"):
        parse_period(["2026-Q3"])
    with pytest.raises(ReviewError) as refused:
        parse_period("2026-" + "Q" * 500)
    assert f"at most {MAX_PERIOD_CHARS} characters long; this one has 505" in str(refused.value)
    assert "QQQQ" not in str(refused.value)  # what was typed is not repeated


@pytest.mark.parametrize("jobs", [0, 10_000, "2", True], ids=["none", "thousands", "text", "bool"])
def test_jobs_are_a_whole_number_up_to_the_machines_processors(
        review_workspace: Workspace, no_kernels: None, jobs: object) -> None:
    with pytest.raises(ReviewError, match=f"--jobs must be a whole number from 1 to {bounds.max_jobs()}"):
        review.run_reviews(review_workspace, PERIOD, jobs=jobs, progress=False)  # type: ignore[arg-type]


def test_candle_review_refuses_in_one_line_before_any_kernel(
        review_workspace: Workspace, no_kernels: None, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(review_workspace.root)
    for period, said in (("1900-01-01..2100-12-31", "at most a year"), ("2099-Q1", "have passed"),
                         ("2025-Q3", "ends before this workspace began")):
        assert main(["review", root, "--period", period]) == 2
        error = capsys.readouterr().err
        assert said in error and error.count("\n") == 1 and "Traceback" not in error
    assert main(["review", root, "--period", PERIOD, "--jobs", "100000"]) == 2
    assert "--jobs must be a whole number" in capsys.readouterr().err


def test_the_lead_page_says_why_a_period_is_refused(
        review_workspace: Workspace, tmp_path: Path, no_kernels: None) -> None:
    ws = Workspace.open(shutil.copytree(review_workspace.root, tmp_path / "ws"))
    page = LeadReviewsPage(ws, "lead1", PERIOD)
    for period, said in (("2099-Q1", "reviews cover days that have passed"),
                         ("2024-01-01..2025-12-31", "a review run covers at most a year"),
                         ("2025-Q2", "ends before this workspace began (its records start in 2025-Q4)")):
        page.period_box.value = period
        page.run()
        assert said in page.message.value and "alert" in page.message.value, page.message.value
        assert not page.run_button.disabled
    assert not (ws.root / "reviews").exists() or not any((ws.root / "reviews").iterdir())
