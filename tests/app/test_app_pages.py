"""The kit's pages as Voilà apps in Chromium: they run on open (no Run All), show no code,
reach nothing beyond the server, sit in JupyterLab's launcher, and pass axe-core with no
serious or critical violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import FORM, KitServers, open_app
from axe_playwright_python.sync_playwright import Axe
from browser_support import Browsing, browsing_page, launch_chromium, shoot
from notebook_support import copy_demo
from playwright.sync_api import Browser, Page, expect

SERIOUS = {"serious", "critical"}
# Each page as rendered for the person it is for (demo people), and what shows it is ready.
PAGES_AS_RENDERED = [
    ("00_start_here.ipynb", "p01", "h3"),
    ("01_licence.ipynb", "p01", FORM),
    ("02_focus_areas.ipynb", "p01", FORM),
    ("03_reflect.ipynb", "p01", FORM),
    ("04_journey_and_support.ipynb", "p01", FORM),
    ("05_my_learning.ipynb", "p01", ".candle-chart svg"),
    ("06_lead_my_practitioners.ipynb", "lead1", FORM),
    ("07_link_who_i_orient.ipynb", "link1", "table.candle-table"),
    ("research/release_queue.ipynb", "lead1", ".jp-OutputArea-output"),
    ("research/explore_export.ipynb", "res1", ".jp-OutputArea-output"),
]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[KitServers]:
    base = tmp_path_factory.mktemp("apps")
    running = KitServers(base, copy_demo(base / "workspace"), artifacts_dir)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def browsing(browser: Browser, servers: KitServers) -> Iterator[Browsing]:
    """A page that may reach only 127.0.0.1 (every kit server of the test)."""
    with browsing_page(browser, "http://127.0.0.1:") as opened:
        yield opened


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on ``page``, one line each."""
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in SERIOUS]


@pytest.mark.parametrize(("notebook", "user", "ready"), PAGES_AS_RENDERED,
                         ids=[row[0] for row in PAGES_AS_RENDERED])
def test_page_runs_on_open_without_code_and_passes_axe(servers: KitServers, browsing: Browsing,
                                                      artifacts_dir: Path, notebook: str, user: str,
                                                      ready: str):
    page = browsing.page
    open_app(page, servers.lab(user), notebook, ready)
    expect(page.locator(".jp-InputArea-editor")).to_have_count(0)  # no code anywhere
    expect(page.locator(".jp-OutputArea-output .jp-RenderedText[data-mime-type*=stderr]")).to_have_count(0)
    shoot(page, artifacts_dir, notebook.replace("/", "-").removesuffix(".ipynb"))
    assert serious_violations(page) == []
    assert browsing.refused == [], "the page reached beyond the server"


def test_launcher_offers_every_page_as_an_app(servers: KitServers, browsing: Browsing,
                                             artifacts_dir: Path):
    page = browsing.page
    lab = servers.lab("p01")
    page.goto(lab.page_url("lab"))
    card = page.locator(".jp-LauncherCard", has_text="Mini Candle: Start here")
    expect(card).to_be_visible()
    expect(page.locator(".jp-LauncherCard", has_text="Mini Candle:")).to_have_count(10)
    shoot(page, artifacts_dir, "launcher")
    with page.context.expect_page() as opened:
        card.click()
    app = opened.value
    app.locator("h3").first.wait_for(timeout=120_000)
    assert "/voila/render/notebooks/00_start_here.ipynb" in app.url
    expect(app.locator("h1")).to_contain_text("Start here")
