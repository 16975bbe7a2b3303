"""Reusable browser-test machinery: a JupyterLab server and Debian's Chromium.

Importable from any test folder (``pythonpath`` in pyproject.toml includes
tests/notebooks): ``from browser_support import start_lab, launch_chromium, browsing_page``.

- :func:`start_lab` runs JupyterLab on 127.0.0.1 on a free port with a token, its own
  config/runtime/settings folders and a copy of the kit's notebooks (so nothing it
  autosaves reaches the repository), and stops it by its pid.
- :func:`launch_chromium` starts headless Chromium through Playwright.
- :func:`browsing_page` opens a fresh page that can reach only the server under test.
- :func:`run_all` runs a notebook open in JupyterLab from the Run menu.
- :func:`serious_violations` lists axe-core's serious and critical findings on a page (WCAG 2.2 AA).

Wrap them in fixtures of the scope you need; tests/notebooks/test_browser.py shows how.
"""

from __future__ import annotations

import http.client
import json
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from notebook_support import notebook_env
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright
from processes import free_port, stop

from kit.resources import NOTEBOOKS_DIR

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_SECONDS = 60
UI_TIMEOUT_MS = 60_000
ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"
SERIOUS = {"serious", "critical"}


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab server, the folder it serves and the workspace its kernels use."""

    url: str
    token: str
    workspace: Path
    root: Path
    log: Path
    pid: int

    def page_url(self, path: str) -> str:
        """The address of ``path`` (e.g. ``lab/tree/notebooks/03_reflect.ipynb``), with the token."""
        joiner = "&" if "?" in path else "?"
        reset = "reset&" if path.startswith("lab") else ""
        return f"{self.url}/{path}{joiner}{reset}token={self.token}"


@dataclass
class LabOptions:
    """What a test may change about the server it starts.

    ``settings`` maps a JupyterLab settings file (e.g.
    ``@jupyterlab/docmanager-extension/plugin.jupyterlab-settings``) to its JSON content;
    ``server_args`` are extra command-line options; ``env`` extra environment variables
    (e.g. ``CANDLE_USER``); ``notebooks`` the notebooks copied into ``root/notebooks``.
    """

    settings: dict[str, dict] = field(default_factory=dict)
    server_args: Sequence[str] = ()
    env: dict[str, str] = field(default_factory=dict)
    notebooks: Path = NOTEBOOKS_DIR


def write_lab_settings(config_dir: Path, settings_dir: Path, settings: dict[str, dict]) -> None:
    """This server's own config: no announcements toast (it can cover a form), a notebook starts
    its preferred kernel without asking, plus the test's own ``settings`` files."""
    labconfig = config_dir / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    disabled = {"disabledExtensions": {ANNOUNCEMENTS: True}}
    (labconfig / "page_config.json").write_text(json.dumps(disabled), encoding="utf-8")
    files = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"autoStartDefaultKernel": True},
             **settings}
    for relative, content in files.items():
        path = settings_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content), encoding="utf-8")


def copy_notebooks(source: Path, root: Path) -> Path:
    """Copy the kit's notebooks (and research/ beside them) into ``root/notebooks``."""
    target = root / "notebooks"
    for path in source.rglob("*.ipynb"):
        if ".ipynb_checkpoints" in path.parts:
            continue
        copy = target / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(path.read_bytes())
    return target


class PortTaken(Exception):
    """The server could not listen on the port it was given: something took it first."""


PORT_TAKEN = "no available port could be found"  # Jupyter's words, with port_retries=0
PORT_TRIES = 3


def wait_until_up(url: str, token: str, process: subprocess.Popen, log: Path) -> None:
    """Poll the server's status API until it answers (or fail with its log). Until it listens,
    the port may answer as something else: a free port is only free when it was picked, and a
    kernel's ZeroMQ socket started by another test once took it (not HTTP: BadStatusLine);
    if the server then gives up on the port, :class:`PortTaken`."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = log.read_text()
            if PORT_TAKEN in said:
                raise PortTaken(url)
            pytest.fail(f"JupyterLab exited with {process.returncode}:\n{said[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as reply:
                if reply.status == 200:
                    return
        except (OSError, http.client.HTTPException):
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer within {SERVER_START_SECONDS}s:\n{log.read_text()[-3000:]}")


def lab_command(port: int, token: str, root: Path, extra: Sequence[str]) -> list[str]:
    """The JupyterLab command line: local only, token, no terminals, no update checks."""
    return [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
            "--ServerApp.port_retries=0", "--allow-root", "--ServerApp.terminals_enabled=False",
            "--LabApp.extension_manager=readonly",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", *extra]


@contextmanager
def start_lab(base: Path, workspace: Path, log: Path, options: LabOptions | None = None) -> Iterator[Lab]:
    """JupyterLab serving ``base/root`` (a copy of the notebooks) for ``workspace``; stopped on exit.

    ``base`` is a fresh folder of the test's own (config, runtime and settings live there);
    the server's output goes to ``log``.
    """
    options = options or LabOptions()
    root = base / "root"
    copy_notebooks(options.notebooks, root)
    write_lab_settings(base / "config", base / "settings", options.settings)
    token = secrets.token_hex(16)
    env = notebook_env(
        workspace,
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        **options.env,
    )
    log.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, PORT_TRIES + 1):
        port = free_port()
        with open(log, "w", encoding="utf-8") as handle:
            process = subprocess.Popen(lab_command(port, token, root, options.server_args), cwd=root,
                                       env=env, stdin=subprocess.DEVNULL, stdout=handle,
                                       stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, token, process, log)
            break
        except PortTaken:
            stop(process)
            if attempt == PORT_TRIES:
                raise
        except BaseException:
            stop(process)
            raise
    try:
        yield Lab(url=url, token=token, workspace=workspace, root=root, log=log, pid=process.pid)
    finally:
        stop(process)


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, without any network service of its own."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    expect.set_options(timeout=UI_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Browsing:
    """A page, and every request it tried to make beyond the local server (all refused)."""

    page: Page
    refused: list[str]


@contextmanager
def browsing_page(browser: Browser, allowed_url: str) -> Iterator[Browsing]:
    """A fresh browser page that can reach only ``allowed_url``: the kit works offline."""
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    context.set_default_timeout(UI_TIMEOUT_MS)
    refused: list[str] = []

    def only_local(route: Route) -> None:
        if route.request.url.startswith(allowed_url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" on reload
    try:
        yield Browsing(page, refused)
    finally:
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


def shoot(page: Page, folder: Path, name: str) -> Path:
    """A screenshot of what ``page`` shows now, saved as ``folder/name.png``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


# WCAG 2.0, 2.1 and 2.2 A and AA (2.2's target-size is off in axe unless its tag is asked
# for) and axe's best practices, which its default run includes too.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": AXE_TAGS}}


def axe_results(page: Page) -> dict:
    """axe-core's whole answer for ``page``, run with :data:`AXE_TAGS`."""
    return Axe().run(page, options=AXE_OPTIONS).response


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on ``page`` (WCAG 2.2 AA and best practice),
    one line each."""
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in axe_results(page)["violations"] if v["impact"] in SERIOUS]
