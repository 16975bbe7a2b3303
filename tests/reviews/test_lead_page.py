"""The lead's reviews page without a browser: progress, per-practitioner status, links,
sharing; and the practitioner's list of shared reviews. The runner here writes the
HTML files itself (the real one is exercised by test_review_run and the browser test)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_workspace_builder import PERIOD, build_review_workspace
from stand_in_templates import made_review

from kit.errors import PermissionDenied, ReviewError
from kit.model.dates import today
from kit.model.periods import period_containing
from kit.model.records import ReviewShare
from kit.reviews.jobs import ReviewResult
from kit.reviews.lead_page import LeadReviewsPage
from kit.reviews.run import RunReport
from kit.reviews.sharing import is_shared, share_review
from kit.store.workspace import Workspace
from kit.views.shared_reviews import (
    FolderSharedReviews,
    ReviewReader,
    shared_reviews,
    shared_reviews_reader,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_review_workspace(tmp_path_factory.mktemp("lead-page") / "workspace").root


@pytest.fixture
def ws(built: Path, tmp_path: Path) -> Workspace:
    """A fresh copy of the module's review workspace (each test shares and writes)."""
    return Workspace.open(shutil.copytree(built, tmp_path / "ws"))


def fake_runner(fail: str = "") -> tuple[list[tuple], object]:
    calls: list[tuple] = []

    def run(workspace, period, *, lead_id, jobs, progress, on_result, limits=None):
        calls.append((period, lead_id, jobs, progress))
        report = RunReport(workspace.folder("reviews") / period, None)  # type: ignore[arg-type]
        for subject, kind in (("p01", "practitioner"), ("p02", "practitioner"),
                              ("p03", "practitioner"), (lead_id, "cohort")):
            name = subject if kind == "practitioner" else f"cohort-{subject}"
            status = "failed" if subject == fail else "made"
            if status == "made":
                path = made_review(workspace, period, name,
                                   f"<h1>Review of {subject} for {period}</h1>")
            result = ReviewResult(kind, subject, str(path), status,
                                  "cell 3 failed" if status == "failed" else "")
            report.results.append(result)
            on_result(result)
        return report

    return calls, run


def test_the_page_lists_the_leads_practitioners_before_anything_runs(ws) -> None:
    page = LeadReviewsPage(ws, "lead1", PERIOD)
    assert list(page.rows) == ["p01", "p02", "p03"]  # p04 is lead2's
    assert page.progress.max == 4 and page.progress.value == 0
    assert all("Not made yet" in row.status.value for row in page.rows.values())
    assert all(row.share.disabled and row.link.children == () for row in page.rows.values())


def test_running_moves_the_progress_bar_and_links_each_review(ws) -> None:
    calls, runner = fake_runner(fail="p03")
    page = LeadReviewsPage(ws, "lead1", PERIOD, runner=runner)
    page.run_button.click()
    assert calls == [(PERIOD, "lead1", 1, False)]
    assert page.progress.value == 4 and "4 of 4" in page.progress_text.value
    p01 = page.rows["p01"]
    assert "Review made" in p01.status.value
    [open_p01] = p01.link.children
    open_p01.click()
    assert "Review of p01" in page.reader.frame.value and 'sandbox=""' in page.reader.frame.value
    assert not p01.share.disabled and p01.share.value is False
    assert "Could not be made: cell 3 failed" in page.rows["p03"].status.value
    assert page.rows["p03"].share.disabled
    [open_cohort] = page.cohort_link.children
    assert open_cohort.tooltip.endswith("cohort-lead1.html")
    assert "1 review(s) could not be made" in page.message.value


def test_sharing_a_review_reaches_the_practitioner_and_can_be_taken_back(ws) -> None:
    _, runner = fake_runner()
    page = LeadReviewsPage(ws, "lead1", PERIOD, runner=runner)
    page.run()
    page.rows["p01"].share.value = True
    assert "can now open their 2026-Q3 review in My learning" in page.message.value
    assert is_shared(ws, "p01", PERIOD) and not is_shared(ws, "p02", PERIOD)
    assert [period for period, _ in shared_reviews(ws, "p01")] == [PERIOD]
    reader = shared_reviews_reader(ws, "p01")
    [opener] = reader.children[0].children
    assert opener.description == "Open my review for 2026-Q3"
    opener.click()
    assert "Review of p01" in reader.children[1].value
    assert "has not shared a review" in shared_reviews_reader(ws, "p02").value
    page.rows["p01"].share.value = False
    assert shared_reviews(ws, "p01") == []
    versions = ws.store.versions(ReviewShare.TABLE, "p01")
    assert [v.shared for v in sorted(versions, key=lambda v: v.created_at)] == [True, False]


def test_a_review_not_made_yet_cannot_be_shared(ws) -> None:
    with pytest.raises(ReviewError, match="has not been made yet"):
        share_review(ws, "lead1", "p01", "2026-Q2")


def test_only_the_practitioners_own_lead_may_share(ws) -> None:
    _, runner = fake_runner()
    LeadReviewsPage(ws, "lead1", PERIOD, runner=runner).run()
    with pytest.raises(PermissionDenied, match="not the lead practitioner of p01"):
        share_review(ws, "lead2", "p01", PERIOD)


def test_a_bad_period_is_named_and_nothing_runs(ws) -> None:
    calls, runner = fake_runner()
    page = LeadReviewsPage(ws, "lead1", PERIOD, runner=runner)
    page.period_box.value = "summer"
    page.run()
    assert calls == [] and "is not a review period" in page.message.value


def test_a_review_not_shared_with_you_opens_as_a_sentence(ws) -> None:
    _, runner = fake_runner()
    LeadReviewsPage(ws, "lead1", PERIOD, runner=runner).run()
    reader = ReviewReader(FolderSharedReviews(ws, "p02"))
    reader.button("Open p01's review", PERIOD, "p01").click()
    assert "could not be opened: p02 may not read the 2026-Q3 review of p01" in reader.frame.value
    assert "Review of p01" not in reader.frame.value


def test_the_page_starts_at_the_period_under_way_and_offers_the_last_full_one(ws) -> None:
    page = LeadReviewsPage(ws, "lead1")
    under_way = period_containing(today(), "quarterly")
    assert page.period == under_way and page.period_box.value == under_way.name
    assert page.run_button.description == f"Run the {under_way.name} reviews"
    assert [button.description for button in page.choices.children] == [
        f"This quarter so far: {under_way.name}", f"Last full quarter: {under_way.previous().name}"]
    page.choices.children[1].click()
    assert page.period == under_way.previous() and page.period_box.value == under_way.previous().name


def test_typing_a_period_redraws_the_rows_and_open_and_share_act_on_it(ws) -> None:
    """Seen through a hub: with 2026-Q4 typed, Open opened the 2026-Q3 review and Share shared
    2026-Q3; only Run changed the period."""
    _, runner = fake_runner()
    LeadReviewsPage(ws, "lead1", "2026-Q2", runner=runner).run()
    page = LeadReviewsPage(ws, "lead1", PERIOD, runner=runner)
    assert "Not made yet" in page.rows["p01"].status.value and page.rows["p01"].share.disabled
    page.period_box.value = "2026-Q2"
    p01 = page.rows["p01"]
    assert p01.period.name == "2026-Q2" and "Made earlier" in p01.status.value
    assert p01.share.description == "Share the 2026-Q2 review with Practitioner p01"
    [opener] = p01.link.children
    assert opener.description == "Open Practitioner p01's 2026-Q2 review"
    opener.click()
    assert "Review of p01 for 2026-Q2" in page.reader.frame.value
    p01.share.value = True
    assert "can now open their 2026-Q2 review" in page.message.value
    assert is_shared(ws, "p01", "2026-Q2") and not is_shared(ws, "p01", PERIOD)
    page.period_box.value = PERIOD  # back: the Q2 review is closed, Q3's rows are drawn
    assert page.reader.frame.value == "" and page.rows["p01"].share.disabled
    assert "Not made yet" in page.rows["p01"].status.value


def test_after_a_run_only_that_periods_reviews_are_on_the_page(ws) -> None:
    _, runner = fake_runner()
    page = LeadReviewsPage(ws, "lead1", PERIOD, runner=runner)
    page.run()
    page.rows["p01"].link.children[0].click()
    assert "for 2026-Q3" in page.reader.frame.value
    page.period_box.value = "2026-Q4"
    page.run()
    assert "The 2026-Q4 reviews are ready" in page.message.value
    assert "2026-Q3" not in page.reader.frame.value
    [open_cohort] = page.cohort_link.children
    assert open_cohort.description == "Open your cohort overview for 2026-Q4"
    page.rows["p01"].link.children[0].click()
    assert "for 2026-Q4" in page.reader.frame.value


def test_a_period_typed_wrong_clears_the_rows_and_cannot_run(ws) -> None:
    calls, runner = fake_runner()
    page = LeadReviewsPage(ws, "lead1", PERIOD, runner=runner)
    page.period_box.value = "summer"
    assert "is not a review period" in page.message.value
    assert page.rows_box.children == () and page.run_button.disabled
    page.period_box.value = PERIOD
    assert list(page.rows) == ["p01", "p02", "p03"] and not page.run_button.disabled
    assert page.message.value.count("not a review period") == 0 and calls == []


def test_shared_reviews_come_newest_first_whatever_the_kind_of_period(ws) -> None:
    """A month after a quarter it ends after is listed first ("2026-11" above "2026-Q3";
    sorting the names put Q3 first)."""
    _, runner = fake_runner()
    for period in (PERIOD, "2026-11"):
        page = LeadReviewsPage(ws, "lead1", period, runner=runner)
        page.run()
        page.rows["p01"].share.value = True
    assert [period for period, _ in shared_reviews(ws, "p01")] == ["2026-11", PERIOD]
