"""The release page in a real browser: a lead confirms a page of held reflections and masks one
span by hand; the next export contains exactly those.

JupyterLab on 127.0.0.1 (browser_support), the release notebook opened as a Voilà page
(it runs on open), driven by Playwright in Debian's Chromium. The workspace is a copy of the
demo, exported once so that its held reflections wait in the queue. Screenshots go to
test-artifacts/browser/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from browser_support import LabOptions, browsing_page, launch_chromium, shoot, start_lab
from checkout import REPO_ROOT
from notebook_support import copy_demo
from playwright.sync_api import expect

from kit.research import release_queue, release_scope
from kit.research.export import export_research
from kit.research.release_display import PAGE_SIZE
from kit.store.workspace import Workspace

SERVER_CONFIG = REPO_ROOT / "kit" / "app" / "jupyter_server_config.py"  # the kit's offline Voilà template
PAGE = "voila/render/notebooks/research/release_queue.ipynb"
LEAD = "lead1"


def _answers(folder: Path) -> set[str]:
    return set(pd.read_csv(folder / "reflection_answers.csv")["answer"].dropna())


@pytest.fixture(scope="module")
def held_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Path]]:
    """A demo copy whose first export held reflections back; yields it and that export."""
    base = tmp_path_factory.mktemp("release")
    ws = Workspace.open(copy_demo(base / "workspace"))
    first = base / "export-before"
    report = export_research(ws, first, as_lead=LEAD, k=2)
    assert report.held_back > PAGE_SIZE
    yield ws, first


def test_confirm_a_page_and_mask_a_span_then_export_exactly_those(
        held_workspace: tuple[Workspace, Path], tmp_path_factory: pytest.TempPathFactory,
        artifacts_dir: Path) -> None:
    ws, first = held_workspace
    shots = artifacts_dir / "browser"
    on_page = [state.item.record_id for state in release_scope.waiting(ws, LEAD)[:PAGE_SIZE]]
    options = LabOptions(env={"CANDLE_USER": LEAD}, server_args=[f"--config={SERVER_CONFIG}"])
    with start_lab(tmp_path_factory.mktemp("lab"), ws.root, shots / "release-lab.log", options) as lab, \
            launch_chromium() as browser, browsing_page(browser, lab.url) as browsing:
        page = browsing.page
        page.goto(lab.page_url(PAGE))
        cards = page.locator(".candle-release-item")
        expect(cards).to_have_count(PAGE_SIZE)
        expect(page.locator(".candle-header")).to_contain_text(ws.settings.name)
        expect(page.locator(".candle-header")).to_contain_text("Morgan Ashdown")
        assert "reflection-" not in page.locator(".candle-release-page").inner_text()
        shoot(page, shots, "release-1-page")

        card = cards.nth(1)
        marked = card.locator(".candle-risky")
        word = (marked.first.inner_text() if marked.count() else
                card.locator(".candle-release-field").first.inner_text().split()[-1].strip(".,;"))
        card.locator(".candle-mask-words input").fill(word)
        card.locator("select").select_option("OTHER")
        card.locator(".candle-mask-button").click()
        expect(page.locator(".candle-release-page")).to_contain_text("Masked")
        expect(card.locator(".candle-placeholder", has_text="[OTHER]").first).to_be_visible()
        shoot(page, shots, "release-2-masked")

        for n in range(PAGE_SIZE):  # Confirm waits until each reflection has been on screen
            cards.nth(n).locator(".candle-release-text").scroll_into_view_if_needed()
        page.locator(".candle-confirm-page").click()
        expect(page.locator(".candle-release-page")).to_contain_text(f"Confirmed {PAGE_SIZE} reflections")
        shoot(page, shots, "release-3-confirmed")
        assert browsing.refused == []

    released = release_queue.released_answers(ws)
    assert sorted(released) == sorted(on_page)
    by_hand = re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])", re.IGNORECASE)
    assert any("[OTHER]" in t for t in released[on_page[1]].values())
    assert not any(by_hand.search(t) for t in released[on_page[1]].values())
    second = tmp_path_factory.mktemp("after") / "export"
    report = export_research(ws, second, as_lead=LEAD, k=2)
    assert report.released_after_review == PAGE_SIZE
    new = _answers(second) - _answers(first)
    assert new == {t for r in released.values() for t in r.values() if t.strip()}
