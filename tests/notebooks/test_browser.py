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
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from notebook_support import copy_demo, notebook_env
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from kit.forms import drafts
from kit.model.records import Reflection
from kit.resources import NOTEBOOKS_DIR
from kit.store.workspace import Workspace

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
NOTEBOOK = "notebooks/03_reflect.ipynb"
FORM = ".candle-form-reflection-i-matter"
ANSWER = ".candle-field-answers-what-happened textarea"
SERVER_START_SECONDS = 60
UI_TIMEOUT_MS = 60_000
expect.set_options(timeout=UI_TIMEOUT_MS)


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab server and the workspace its kernels use."""

    url: str
    token: str
    workspace: Path
    log: Path

    def page_url(self, path: str) -> str:
        return f"{self.url}/{path}?reset&token={self.token}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def lab_settings(config_dir: Path, settings_dir: Path) -> None:
    """This server's own config: no announcements toast (it can cover a form), and a
    notebook starts its preferred kernel without asking."""
    labconfig = config_dir / "labconfig"
    labconfig.mkdir(parents=True)
    disabled = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
    (labconfig / "page_config.json").write_text(json.dumps(disabled), encoding="utf-8")
    tracker = settings_dir / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"autoStartDefaultKernel": True}), encoding="utf-8")


def wait_until_up(url: str, token: str, process: subprocess.Popen, log: Path) -> None:
    """Poll the server's status API until it answers (or fail with its log)."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer within {SERVER_START_SECONDS}s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    """Stop the server by its pid (SIGTERM: it shuts its kernels down), then make sure it is gone."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[Lab]:
    """JupyterLab on a free port with a token, its own config/runtime dirs and a demo copy."""
    base = tmp_path_factory.mktemp("lab")
    workspace = copy_demo(base / "workspace")
    root = base / "root"
    # The server serves a copy of the notebooks, so nothing it autosaves reaches the repository.
    (root / "notebooks").mkdir(parents=True)
    for path in NOTEBOOKS_DIR.glob("*.ipynb"):
        (root / "notebooks" / path.name).write_bytes(path.read_bytes())
    lab_settings(base / "config", base / "settings")
    port, token = free_port(), secrets.token_hex(16)
    env = notebook_env(
        workspace,
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
    )
    log = artifacts_dir / "browser" / "jupyterlab.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--ServerApp.port_retries=0", "--allow-root", "--ServerApp.terminals_enabled=False",
               "--LabApp.extension_manager=readonly",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    with open(log, "w", encoding="utf-8") as handle:
        process = subprocess.Popen(command, cwd=root, env=env, stdin=subprocess.DEVNULL,
                                   stdout=handle, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, token, process, log)
        yield Lab(url=url, token=token, workspace=workspace, log=log)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, without any network service of its own."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Browsing:
    """A page, and every request it tried to make beyond the local server (all refused)."""

    page: Page
    refused: list[str]


@pytest.fixture
def browsing(browser: Browser, lab: Lab) -> Iterator[Browsing]:
    """A fresh browser page that can reach only the JupyterLab server: the kit works offline."""
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    context.set_default_timeout(UI_TIMEOUT_MS)
    refused: list[str] = []

    def only_local(route: Route) -> None:
        if route.request.url.startswith(lab.url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" on reload
    yield Browsing(page, refused)
    context.close()


def run_all(page: Page) -> None:
    """Run > Run All Cells, from JupyterLab's menu bar, once the notebook and kernel are ready."""
    page.locator(".jp-Notebook .jp-CodeCell").first.wait_for()
    select_kernel = page.locator(".jp-Dialog", has_text="Select Kernel")
    if select_kernel.count():
        select_kernel.locator(".jp-mod-accept").click()
    expect(page.locator(".jp-StatusBar-Widget", has_text="| Idle").first).to_be_visible()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()


def shoot(page: Page, artifacts_dir: Path, name: str) -> None:
    page.screenshot(path=str(artifacts_dir / "browser" / f"{name}.png"), full_page=False)


def stored_reflections(workspace: Path, user: str = "p01") -> list[Reflection]:
    return [r for r in Workspace.open(workspace).store.latest(Reflection.TABLE, user)
            if isinstance(r, Reflection)]


def wait_for_draft(path: Path, text: str, seconds: float = 20) -> dict:
    """Wait until the autosaved draft on disk holds ``text`` (the debounce has fired)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        draft = drafts.read_draft(path)
        if draft and text in json.dumps(draft.values):
            return draft.values
        time.sleep(0.2)
    pytest.fail(f"no draft holding {text!r} at {path} after {seconds}s")


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


def test_my_learning_charts_render_offline_with_accessible_labels(lab: Lab, browsing: Browsing,
                                                                 artifacts_dir: Path):
    page = browsing.page
    page.goto(lab.page_url("lab/tree/notebooks/05_my_learning.ipynb"))
    run_all(page)
    charts = page.locator(".candle-chart [role='graphics-document']")
    expect(charts).to_have_count(4)
    for index in range(4):
        expect(charts.nth(index).locator("svg").first).to_be_visible()
        assert len(charts.nth(index).get_attribute("aria-label") or "") > 30
    expect(page.locator("table.candle-table, p.candle-table-empty").first).to_be_attached()
    shoot(page, artifacts_dir, "4-my-learning")
    assert browsing.refused == [], "the notebook reached beyond the local server"
