"""The research pages do the whole job in a real browser, with nothing to type or run: a lead
exports, confirms a page of the reflections that export held and exports again, all from the
release page; a researcher then opens that package on the explore page and downloads a file
from it (its ``.qdpx`` project when the package has one, else its reflections' CSV).

JupyterLab on 127.0.0.1 (browser_support) with the kit's settings, the pages opened as Voilà
apps (they run on open), driven by Playwright in Debian's Chromium; first as the demo's lead,
then as its researcher. The workspace is a copy of the demo that was never exported. Both pages
are checked with axe. Screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import LabOptions, browsing_page, launch_chromium, serious_violations, shoot, start_lab
from checkout import REPO_ROOT
from notebook_support import copy_demo
from playwright.sync_api import Page, expect

from kit.research import release_queue
from kit.research.release_display import PAGE_SIZE
from kit.store.workspace import Workspace

SERVER_CONFIG = REPO_ROOT / "kit" / "app" / "jupyter_server_config.py"  # the kit's offline Voilà template
RELEASE = "voila/render/notebooks/research/release_queue.ipynb"
EXPLORE = "voila/render/notebooks/research/explore_export.ipynb"
LEAD, RESEARCHER = "lead1", "res1"
MADE = re.compile(r"Package made\. It is in the folder (\S+)\. It holds (\d+) reflections")


def _export(page: Page) -> tuple[Path, int]:
    """Press Export, see it busy, and read where the package is and how many it holds."""
    result = page.locator(".candle-export-result")
    previous = result.inner_text()
    page.locator(".candle-export-button").click()
    expect(page.locator(".candle-export-button")).to_be_disabled()  # busy while it works
    expect(result).not_to_have_text(previous)
    expect(result).to_contain_text("Package made.", timeout=180_000)
    expect(page.locator(".candle-export-button")).to_be_enabled()
    found = MADE.search(result.inner_text())
    assert found, result.inner_text()
    return Path(found[1]), int(found[2])


def test_a_lead_exports_from_the_release_page_and_a_researcher_downloads_it(
        tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> None:
    ws = Workspace.open(copy_demo(tmp_path_factory.mktemp("research") / "workspace"))
    shots = artifacts_dir / "browser"
    lead = LabOptions(env={"CANDLE_USER": LEAD}, server_args=[f"--config={SERVER_CONFIG}"])
    with start_lab(tmp_path_factory.mktemp("lab"), ws.root, shots / "research-lead-lab.log", lead) as lab, \
            launch_chromium() as browser, browsing_page(browser, lab.url) as browsing:
        page = browsing.page
        page.goto(lab.page_url(RELEASE))
        status = page.locator(".candle-release-status")
        expect(status).to_contain_text("Nothing waits for you to read.")
        expect(page.locator(".candle-confirm-page")).to_be_hidden()
        whole = page.locator("body").inner_text()
        assert "candle export" not in whole and "Run All" not in whole and "Export again to" not in whole
        shoot(page, shots, "research-1-before-export")
        assert serious_violations(page) == []

        first, count = _export(page)
        assert first.parent == ws.folder("exports") and (first / "datapackage.json").is_file()
        expect(status).to_contain_text("reflections wait")
        expect(page.locator(".candle-export-result")).to_contain_text("wait for you above")
        cards = page.locator(".candle-release-item")
        expect(cards).to_have_count(PAGE_SIZE)
        page.locator(".candle-export-result").scroll_into_view_if_needed()
        shoot(page, shots, "research-2-exported-held")

        for n in range(PAGE_SIZE):  # Confirm waits until each reflection has been on screen
            cards.nth(n).locator(".candle-release-text").scroll_into_view_if_needed()
        page.locator(".candle-confirm-page").click()
        expect(page.locator(".candle-release-page")).to_contain_text(f"Confirmed {PAGE_SIZE} reflections")
        second, more = _export(page)
        assert second != first and more > count  # what was confirmed is in the new package
        page.locator(".candle-export-result").scroll_into_view_if_needed()
        shoot(page, shots, "research-3-exported-again")
        assert serious_violations(page) == []
        assert browsing.refused == []
    assert len(release_queue.released_answers(ws)) == PAGE_SIZE

    wanted = next(iter(sorted(second.glob("*.qdpx"))), second / "reflections.csv")
    researcher = LabOptions(env={"CANDLE_USER": RESEARCHER}, server_args=[f"--config={SERVER_CONFIG}"])
    log = shots / "research-res-lab.log"
    with start_lab(tmp_path_factory.mktemp("lab"), ws.root, log, researcher) as lab, \
            launch_chromium() as browser, browsing_page(browser, lab.url) as browsing:
        page = browsing.page
        page.goto(lab.page_url(EXPLORE))
        summary = page.locator(".candle-export-page")
        expect(summary).to_contain_text(second.name)  # the newest package is chosen
        expect(summary).to_contain_text(f"{more} reflections by ")
        expect(page.locator(".candle-package-readme")).to_contain_text("Mini Candle research export")
        expect(page.locator(".candle-chart canvas, .candle-chart svg").first).to_be_visible()
        page.locator(".candle-package-download").click()
        link = page.locator(".candle-package-file", has_text=wanted.name)
        link.scroll_into_view_if_needed()
        shoot(page, shots, "research-4-explore-files")
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == wanted.name
        assert Path(download.value.path()).read_bytes() == wanted.read_bytes()
        assert serious_violations(page) == []
        assert browsing.refused == []
