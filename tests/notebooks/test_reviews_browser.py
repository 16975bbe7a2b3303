"""In Chromium: a lead runs the period's reviews from their page and shares one; the
practitioner opens it in My learning. The page has one period for everything: a period typed
into its box redraws the rows, and Open and Share act on that period.

Two JupyterLab servers in turn on one small workspace (the review tests' own: lead1
supports p01, p02 and p03), one signed in as the lead, then one as the practitioner.
The reviews are really made (papermill, one kernel each) from the page's button.
Screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import LabOptions, browsing_page, launch_chromium, shoot, start_lab
from playwright.sync_api import Browser, Page, expect
from test_browser import run_all

from kit.model.dates import today
from kit.model.periods import period_containing
from kit.model.records import ReviewShare
from kit.store.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "reviews"))
from review_workspace_builder import PERIOD, build_review_workspace
from stand_in_templates import made_review

EARLIER = "2026-Q2"  # made before the page opens (stand-in pages): only typing reaches them

RUN_TIMEOUT_MS = 600_000  # four kernels, one after the other, on a busy two-core machine


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = build_review_workspace(tmp_path_factory.mktemp("reviews-browser") / "workspace")
    for subject in ("p01", "p02", "p03", "cohort-lead1"):
        made_review(ws, EARLIER, subject, f"<h1>Stand-in review of {subject} for {EARLIER}</h1>")
    return ws.root


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_chromium() as chromium:
        yield chromium


def _open_page(page: Page, url: str) -> None:
    page.goto(url)
    run_all(page)


def _review_frame_heading(page: Page, text: str) -> None:
    frame = page.frame_locator(".candle-review-frame iframe")
    expect(frame.locator("h1").first).to_contain_text(text, timeout=RUN_TIMEOUT_MS)


def _type_period(page: Page, period: str) -> None:
    box = page.locator(".candle-review-period input")
    box.fill(period)
    box.press("Enter")


def test_a_lead_runs_and_shares_a_review_and_the_practitioner_opens_it(
        workspace: Path, browser: Browser, tmp_path: Path, artifacts_dir: Path) -> None:
    shots = artifacts_dir / "browser"
    as_lead = LabOptions(env={"CANDLE_USER": "lead1"})
    with start_lab(tmp_path / "lead", workspace, shots / "lab-lead.log", as_lead) as lab, \
            browsing_page(browser, lab.url) as browsing:
        page = browsing.page
        _open_page(page, lab.page_url("lab/tree/notebooks/06_lead_my_practitioners.ipynb"))
        rows = page.locator(".candle-review-row")
        expect(rows).to_have_count(3)
        under_way = period_containing(today(), "quarterly")  # the page starts at the one under way
        expect(page.locator(".candle-review-period input")).to_have_value(under_way.name)
        expect(page.locator(".candle-period-choice")).to_have_text(
            [f"This quarter so far: {under_way.name}", f"Last full quarter: {under_way.previous().name}"])

        p01 = page.locator(".candle-review-row-p01")
        _type_period(page, EARLIER)  # the rows follow the box at once; Open and Share act on it
        expect(p01).to_contain_text("Made earlier")
        p01.locator(".candle-open-review", has_text=f"Practitioner p01's {EARLIER} review").click()
        _review_frame_heading(page, f"Stand-in review of p01 for {EARLIER}")
        expect(p01.locator(".candle-share-p01")).to_contain_text(f"Share the {EARLIER} review")
        p01.locator(".candle-share-p01 input[type=checkbox]").check()
        expect(page.locator(".candle-lead-reviews")).to_contain_text(
            f"Practitioner p01 can now open their {EARLIER} review in My learning")
        shoot(page, shots, "reviews-lead-typed-period")

        _type_period(page, PERIOD)  # the earlier review closes; this period's rows are drawn
        expect(page.locator(".candle-review-frame iframe")).to_have_count(0)
        expect(p01).to_contain_text("Not made yet")
        expect(page.locator(".candle-run-reviews")).to_have_text(f"Run the {PERIOD} reviews")
        page.locator(".candle-run-reviews").click()
        expect(page.locator(".candle-lead-reviews")).to_contain_text("reviews are ready",
                                                                     timeout=RUN_TIMEOUT_MS)
        expect(page.locator(".candle-lead-reviews")).to_contain_text("4 of 4 reviews")
        expect(page.locator(".candle-review-row-p01")).to_contain_text("Review made")
        shoot(page, shots, "reviews-lead-made")
        page.locator(".candle-share-p01 input[type=checkbox]").check()
        expect(page.locator(".candle-lead-reviews")).to_contain_text(
            "Practitioner p01 can now open their 2026-Q3 review in My learning")
        page.locator(".candle-review-row-p01 .candle-open-review").click()
        _review_frame_heading(page, "Review: Practitioner p01")
        shoot(page, shots, "reviews-lead-shared")
        assert browsing.refused == []
    shares = Workspace.open(workspace).store.latest(ReviewShare.TABLE, "p01")
    assert sorted((s.period, s.shared, s.author_id) for s in shares) == [
        (EARLIER, True, "lead1"), (PERIOD, True, "lead1")]

    as_practitioner = LabOptions(env={"CANDLE_USER": "p01"})
    with start_lab(tmp_path / "p01", workspace, shots / "lab-p01.log", as_practitioner) as lab, \
            browsing_page(browser, lab.url) as browsing:
        page = browsing.page
        _open_page(page, lab.page_url("lab/tree/notebooks/05_my_learning.ipynb"))
        opener = page.locator(".candle-open-review", has_text="Open my review for 2026-Q3")
        opener.click()
        _review_frame_heading(page, "Review: Practitioner p01")
        frame = page.frame_locator(".candle-review-frame iframe")
        expect(frame.locator("body")).to_contain_text("PLANT-p01-1")  # their own reflection
        note = "LEADNOTE-p01 good steady quarter"  # the review and the list below agree
        expect(frame.locator("body")).to_contain_text(note)
        expect(page.locator("table", has_text="Review notes from my lead")).to_contain_text(note)
        shoot(page, shots, "reviews-practitioner-opened")
        assert browsing.refused == []
