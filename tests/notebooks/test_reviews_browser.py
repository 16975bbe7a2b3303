"""In Chromium: a lead runs the period's reviews from their page and shares one; the
practitioner opens it in My learning.

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

from kit.model.records import ReviewShare
from kit.store.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "reviews"))
from review_workspace_builder import PERIOD, build_review_workspace

RUN_TIMEOUT_MS = 600_000  # four kernels, one after the other, on a busy two-core machine


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_review_workspace(tmp_path_factory.mktemp("reviews-browser") / "workspace").root


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
        expect(page.locator(".candle-review-period input")).to_have_value(PERIOD)
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
    assert [(s.period, s.shared, s.author_id) for s in shares] == [(PERIOD, True, "lead1")]

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
        shoot(page, shots, "reviews-practitioner-opened")
        assert browsing.refused == []
