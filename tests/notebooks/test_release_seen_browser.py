"""A lead cannot confirm what was never on screen: three pages of a 30-reflection queue in a
real browser.

The release notebook opened as a Voilà page (browser_support's JupyterLab, Debian's Chromium,
a viewport too short for a whole page). For each page: after the confirm, the next page opens
at its first reflection (in view, focused) and its Confirm button stays disabled, saying why,
until every reflection on it has been on screen (the last page by keyboard alone: Tab from
one reflection to the next); a double click on Confirm releases one page,
not two. The store then holds exactly the reflections that were on screen. Screenshots go to
test-artifacts/browser/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import LabOptions, browsing_page, launch_chromium, serious_violations, shoot, start_lab
from checkout import REPO_ROOT
from notebook_support import copy_demo
from playwright.sync_api import Page, expect

from kit.research import release_queue, release_scope
from kit.research.export import export_research
from kit.research.release_display import PAGE_SIZE
from kit.store.workspace import Workspace

SERVER_CONFIG = REPO_ROOT / "kit" / "app" / "jupyter_server_config.py"
PAGE = "voila/render/notebooks/research/release_queue.ipynb"
LEAD = "lead1"
QUEUE = 30
PAGES = 3
VIEWPORT = {"width": 1280, "height": 720}

WATCH_CONFIRM = """() => {
  window.candleEnabled = [];
  const button = document.querySelector(".candle-confirm-page");
  let disabled = button.disabled;
  new MutationObserver(() => {
    if (disabled && !button.disabled) {
      const first = document.querySelector(".candle-release-item");
      window.candleEnabled.push(first.className.match(/candle-ref-(\\w+)/)[1]);
    }
    disabled = button.disabled;
  }).observe(button, {attributes: true, attributeFilter: ["disabled"]});
}"""


def _ref(card) -> str:
    return next(name for name in card.get_attribute("class").split() if name.startswith("candle-ref-"))[11:]


def _in_view(page: Page, card) -> bool:
    box = card.bounding_box()
    return box is not None and box["y"] < page.viewport_size["height"] and box["y"] + box["height"] > 0


def _tab_to(page: Page, target) -> None:
    """Press Tab until ``target`` has the focus (a few presses: the card's own controls first)."""
    for _ in range(12):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


@pytest.fixture(scope="module")
def thirty_held(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A demo copy whose export held reflections back, trimmed to 30 waiting for the lead."""
    ws = Workspace.open(copy_demo(tmp_path_factory.mktemp("seen") / "workspace"))
    export_research(ws, tmp_path_factory.mktemp("seen-export") / "export", as_lead=LEAD, k=2)
    waiting = release_scope.waiting(ws, LEAD)
    assert len(waiting) >= QUEUE
    for state in waiting[QUEUE:]:
        release_queue.withhold(ws, state.item.ref, LEAD)
    assert len(release_scope.waiting(ws, LEAD)) == QUEUE
    return ws


def test_each_page_is_shown_from_its_top_and_confirmed_only_once_seen(
        thirty_held: Workspace, tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> None:
    ws = thirty_held
    shots = artifacts_dir / "browser"
    on_screen: set[str] = set()
    options = LabOptions(env={"CANDLE_USER": LEAD}, server_args=[f"--config={SERVER_CONFIG}"])
    with start_lab(tmp_path_factory.mktemp("lab"), ws.root, shots / "release-seen-lab.log", options) as lab, \
            launch_chromium() as browser, browsing_page(browser, lab.url) as browsing:
        page = browsing.page
        page.set_viewport_size(VIEWPORT)
        page.goto(lab.page_url(PAGE))
        cards = page.locator(".candle-release-item")
        button = page.locator(".candle-confirm-page")
        expect(cards).to_have_count(PAGE_SIZE)
        expect(page.locator(".candle-release-page")).to_contain_text(f"{QUEUE} reflections wait")
        page.evaluate(WATCH_CONFIRM)
        firsts: list[str] = []
        for number in range(PAGES):
            waiting = QUEUE - PAGE_SIZE * number
            expect(page.locator(".candle-release-page")).to_contain_text(f"{waiting} reflections wait")
            expect(cards).to_have_count(PAGE_SIZE)
            expect(cards.first).to_be_in_viewport()
            firsts.append(_ref(cards.first))
            if number:
                expect(cards.first.locator(".candle-release-text")).to_be_focused()
            expect(button).to_be_disabled()
            hidden = [n for n in range(PAGE_SIZE) if not _in_view(page, cards.nth(n))]
            assert hidden, "the viewport shows a whole page: the test proves nothing"
            expect(button).to_be_disabled()
            expect(page.locator(".candle-confirm-gate")).to_contain_text(
                "Read each reflection on this page first")
            shoot(page, shots, f"release-seen-{number + 1}-opened")
            if number == 0:
                assert serious_violations(page) == []
                page.locator(".candle-confirm-gate").scroll_into_view_if_needed()  # the last one seen
                expect(page.locator(".candle-confirm-gate")).not_to_contain_text("1 of 5 seen")
                expect(button).to_be_disabled()
                shoot(page, shots, "release-seen-1-waiting")
            for n in range(PAGE_SIZE):
                card = cards.nth(n)
                if number == PAGES - 1:  # the last page by keyboard: Tab to each reflection
                    _tab_to(page, card.locator(".candle-release-text"))
                else:
                    card.locator(".candle-release-text").scroll_into_view_if_needed()
                assert _in_view(page, card)
                on_screen.add(_ref(card))
            expect(button).to_be_enabled()
            expect(button).to_have_text(f"Confirm these {PAGE_SIZE} reflections")
            expect(page.locator(".candle-confirm-gate")).to_have_text("")
            shoot(page, shots, f"release-seen-{number + 1}-ready")
            button.dblclick()  # the second click lands on the old page's button: it must do nothing
            expect(page.locator(".candle-release-page")).to_contain_text(
                f"{waiting - PAGE_SIZE} reflections wait")
            expect(page.locator(".candle-release-page")).to_contain_text(
                f"Confirmed {PAGE_SIZE} reflections; they go into the next export.")
        shoot(page, shots, "release-seen-4-after")
        enabled = page.evaluate("window.candleEnabled")
        assert browsing.refused == []

    assert enabled == firsts  # enabled once a page, after its first reflection was seen in view
    released = {state.item.ref for state in release_queue.states(ws) if state.released}
    assert len(released) == PAGES * PAGE_SIZE and released <= on_screen
