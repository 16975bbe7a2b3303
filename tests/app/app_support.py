"""Kit servers for the app-page tests: JupyterLab with the kit's config, one per user.

``KitServers`` starts a server the first time a user is asked for, on one shared
workspace, and stops them all at the end; ``open_app`` opens a page as a Voilà app;
``kernel_ids`` asks a server which kernels it runs.
"""

from __future__ import annotations

import json
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from browser_support import Lab, LabOptions, start_lab
from checkout import REPO_ROOT
from playwright.sync_api import Page

from kit.app.kernel_pool import READY_LOG, TAKEN_LOG
from kit.app.pages import PAGES

CONFIG = REPO_ROOT / "kit" / "app" / "jupyter_server_config.py"
APP_READY_MS = 120_000
FORM = ".candle-form"


class KitServers:
    """One JupyterLab (kit config) per user, all on ``workspace``; ``close()`` stops them."""

    def __init__(self, base: Path, workspace: Path, logs: Path, settings: dict | None = None) -> None:
        self.base, self.workspace, self.logs = base, workspace, logs
        self.settings = settings or {}
        self._stack = ExitStack()
        self._labs: dict[str, Lab] = {}

    def lab(self, user: str) -> Lab:
        """The server whose kernels work as ``user`` (started on first use)."""
        if user not in self._labs:
            options = LabOptions(settings=self.settings, server_args=[f"--config={CONFIG}"],
                                 env={"CANDLE_USER": user})
            self._labs[user] = self._stack.enter_context(
                start_lab(self.base / user, self.workspace, self.logs / f"lab-{user}.log", options))
        return self._labs[user]

    def close(self) -> None:
        """Stop every server started (by pid)."""
        self._stack.close()


def app_url(lab: Lab, notebook: str) -> str:
    """The address of a page as an app on ``lab``."""
    page = next(p for p in PAGES if p.notebook == notebook)
    return lab.page_url(page.app_path())


def open_app(page: Page, lab: Lab, notebook: str, ready: str = FORM) -> None:
    """Open ``notebook`` as an app and wait until ``ready`` (a CSS selector) is visible."""
    page.goto(app_url(lab, notebook))
    page.locator(ready).first.wait_for(state="visible", timeout=APP_READY_MS)


def kernel_ids(lab: Lab) -> set[str]:
    """The ids of the kernels ``lab`` runs now (its ``api/kernels``, with its token)."""
    with urllib.request.urlopen(f"{lab.url}/api/kernels?token={lab.token}", timeout=10) as reply:
        return {kernel["id"] for kernel in json.load(reply)}


def wait_for_kernels(lab: Lab, done, seconds: float = 10) -> set[str]:
    """Poll ``lab``'s kernels until ``done(ids)`` holds or ``seconds`` pass; the last ids seen."""
    deadline = time.monotonic() + seconds
    ids = kernel_ids(lab)
    while not done(ids) and time.monotonic() < deadline:
        time.sleep(0.25)
        ids = kernel_ids(lab)
    return ids


def spares_ready(lab: Lab) -> int:
    """How many spare kernels ``lab`` has made ready since it started (its log says each)."""
    return lab.log.read_text(encoding="utf-8").count(READY_LOG.split("%", 1)[0])


def wait_for_spares(lab: Lab, count: int, seconds: float = 120) -> None:
    """Poll ``lab``'s log until it has made ``count`` spare kernels ready in all."""
    deadline = time.monotonic() + seconds
    while spares_ready(lab) < count:
        assert time.monotonic() < deadline, f"no spare kernel became ready: {lab.log}"
        time.sleep(0.1)


def spare_taken_by(lab: Lab, kernel_id: str) -> bool:
    """Whether ``lab`` gave ``kernel_id`` to a page as a spare (its log says so)."""
    return TAKEN_LOG.split("%s")[1] + kernel_id in lab.log.read_text(encoding="utf-8")


def wait_for_a_waiting_spare(lab: Lab, seconds: float = 120) -> None:
    """Poll ``lab``'s log until a spare kernel is ready and not yet taken."""
    taken = lab.log.read_text(encoding="utf-8").count(TAKEN_LOG.split("%", 1)[0])
    wait_for_spares(lab, taken + 1, seconds)
