"""A real browser: JupyterLab on 127.0.0.1, driven by Playwright in Debian's Chromium.

The practitioner opens the Reflect notebook, runs all cells, fills the
reflection form and saves it; the record is then found in the store on disk.
Then they type into the form again, the page is reloaded mid-typing, the
notebook is run again, and the draft is restored. Screenshots are kept under
test-artifacts/browser/ (gitignored).
"""

from __future__ import annotations

import json
import re
import secrets
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import Browsing, Lab, browsing_page, launch_chromium, run_all, start_lab
from browser_support import shoot as shoot_in
from notebook_support import copy_demo
from playwright.sync_api import Browser, Page, expect

from kit.forms import drafts
from kit.model.records import Reflection
from kit.store.workspace import Workspace

NOTEBOOK = "notebooks/03_reflect.ipynb"
FORM = ".candle-form-reflection-i-matter"
ANSWER = ".candle-field-answers-what-happened textarea"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[Lab]:
    """JupyterLab on a free port with a token, its own config/runtime dirs and a demo copy."""
    base = tmp_path_factory.mktemp("lab")
    workspace = copy_demo(base / "workspace")
    with start_lab(base, workspace, artifacts_dir / "browser" / "jupyterlab.log") as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def browsing(browser: Browser, lab: Lab) -> Iterator[Browsing]:
    """A fresh browser page that can reach only the JupyterLab server: the kit works offline."""
    with browsing_page(browser, lab.url) as opened:
        yield opened


def shoot(page: Page, artifacts_dir: Path, name: str) -> None:
    shoot_in(page, artifacts_dir / "browser", name)


def stored_reflections(workspace: Path, user: str = "p01") -> list[Reflection]:
    return [r for r in Workspace.open(workspace).store.latest(Reflection.TABLE, user)
            if isinstance(r, Reflection)]


def wait_for_draft(path: Path, text: str, seconds: float = 20) -> dict:
    """Wait until an autosaved draft on disk of the form ``path`` names (any tab's) holds
    ``text`` (the debounce has fired)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for found in drafts.form_drafts(path.parent, path.stem):
            draft = drafts.read_draft(found)
            if draft and text in json.dumps(draft.values):
                return draft.values
        time.sleep(0.2)
    pytest.fail(f"no draft holding {text!r} beside {path} after {seconds}s")


def test_reflect_in_the_browser_save_then_draft_survives_reload(lab: Lab, browsing: Browsing,
                                                               artifacts_dir: Path):
    page = browsing.page
    page.goto(lab.page_url(f"lab/tree/{NOTEBOOK}"))
    run_all(page)
    shoot(page, artifacts_dir, "1-run-all")
    form = page.locator(FORM).first
    expect(form).to_be_visible()
    shoot(page, artifacts_dir, "1-form")

    # Fill the reflection form and save it.
    saved_text = f"Browser test reflection {secrets.token_hex(4)}: a calmer start helped."
    form.locator(".candle-field-focus-area-ids select").select_option(index=0)
    form.locator(ANSWER).fill(saved_text)
    form.locator(".candle-save").click()
    expect(form.locator(".candle-status")).to_contain_text("Saved")
    shoot(page, artifacts_dir, "2-saved")
    answers = [r.answers.get("what_happened", "") for r in stored_reflections(lab.workspace)]
    assert saved_text in answers, "the saved reflection is in the store on disk"

    # Type again, let the debounce write the draft, keep typing, reload mid-typing.
    draft_file = drafts.draft_path(Workspace.open(lab.workspace), "p01", "reflection_i_matter")
    typed = f"Draft typed before a reload {secrets.token_hex(4)}"
    form.locator(ANSWER).press_sequentially(typed, delay=5)
    wait_for_draft(draft_file, typed)
    form.locator(ANSWER).press_sequentially(" and still typ", delay=5)
    page.reload()
    run_all(page)
    form = page.locator(FORM).first
    expect(form.locator(".candle-draft-notice")).to_contain_text("restored")
    expect(form.locator(ANSWER)).to_have_value(re.compile("^" + re.escape(typed)))
    shoot(page, artifacts_dir, "3-draft-restored")

    # The server shuts the kernel down under the open notebook (as its idle cull does): the
    # page says so at once, in plain words, and Save says why it does not save.
    for kernel in kernels(lab):
        call(lab, f"api/kernels/{kernel}", "DELETE")
    banner = page.locator("#candle-lost-banner .candle-lost-text")
    expect(banner).to_have_text(re.compile(r"^This page lost its connection\. Your draft up to "
                                           r"\d\d:\d\d is kept\. Reload to go on\.$"))
    form.locator(".candle-save").click()
    expect(form.locator(".candle-status")).to_contain_text("Not saved: this page lost its connection")
    shoot_in(page, artifacts_dir / "kernellost", "lab-kernel-shut-down")


def call(lab: Lab, path: str, method: str = "GET") -> bytes:
    """``lab``'s REST API at ``path`` with its token."""
    request = urllib.request.Request(f"{lab.url}/{path}?token={lab.token}", method=method)
    with urllib.request.urlopen(request, timeout=30) as reply:
        return reply.read()


def kernels(lab: Lab) -> list[str]:
    """The ids of the kernels ``lab`` runs now."""
    return [kernel["id"] for kernel in json.loads(call(lab, "api/kernels"))]


def test_my_learning_charts_render_offline_with_accessible_labels(lab: Lab, browsing: Browsing,
                                                                 artifacts_dir: Path):
    page = browsing.page
    page.goto(lab.page_url("lab/tree/notebooks/05_my_learning.ipynb"))
    run_all(page)
    # drawn in the kernel: each chart one SVG image, named by its title and description
    charts = page.locator(".candle-chart > svg[role='img']")
    expect(charts).to_have_count(4)
    for index in range(4):
        expect(charts.nth(index)).to_be_visible()
        assert len(charts.nth(index).get_attribute("aria-label") or "") > 30
    expect(page.locator("table.candle-table, p.candle-table-empty").first).to_be_attached()
    shoot(page, artifacts_dir, "4-my-learning")
    assert browsing.refused == [], "the notebook reached beyond the local server"
