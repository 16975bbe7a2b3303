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
from kit.forms.drafts import Draft, form_drafts, read_draft

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


def kernel_pid(kernel_id: str) -> int:
    """The process id of the kernel ``kernel_id`` (started with its connection file
    ``kernel-<id>.json`` on its command line)."""
    wanted = f"kernel-{kernel_id}.json"
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(part.decode(errors="replace").endswith(wanted) for part in command):
            return int(entry.name)
    raise LookupError(f"no process runs the kernel {kernel_id}")


def draft_holding(folder: Path, form: str, text: str, seconds: float = 30) -> Draft:
    """The draft of ``form`` (any tab's) in a user's drafts ``folder`` holding ``text``, once
    the form's autosave has written it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in form_drafts(folder, form):
            found = read_draft(path)
            if found is not None and text in json.dumps(found.values):
                return found
        time.sleep(0.2)
    raise AssertionError(f"no draft of {form} holding {text!r} in {folder} after {seconds}s")


# What a focused control draws, from its computed styles: the outline (for a 1-5 rating's
# invisible radio, that of the choice beside it), the control's own background, the first
# opaque background behind it, and whether an ancestor that hides its overflow cuts the ring.
FOCUS_STYLES_JS = """(el) => {
  const target = el.matches('.candle-rating-choice input') ? el.nextElementSibling : el;
  const style = getComputedStyle(target);
  const rgba = (text) => {
    const parts = (text.match(/rgba?\\(([^)]*)\\)/) || [null, '0 0 0 0'])[1]
      .split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  let behind = [255, 255, 255, 1];
  for (let node = target.parentElement; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0) { behind = colour; break; }
  }
  const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
  const box = target.getBoundingClientRect();
  let clipped = '';  // an ancestor that hides what overflows it cuts the ring off
  for (let node = target.parentElement; node; node = node.parentElement) {
    const shown = getComputedStyle(node);
    if ([shown.overflowX, shown.overflowY].every((value) => value === 'visible')) continue;
    const frame = node.getBoundingClientRect();
    if (box.left - reach < frame.left - 0.5 || box.right + reach > frame.right + 0.5
        || box.top - reach < frame.top - 0.5 || box.bottom + reach > frame.bottom + 0.5) {
      clipped = `${node.tagName}.${node.className} ${JSON.stringify(frame)} cuts `
        + `${JSON.stringify(box)} + ${reach}`;
      break;
    }
  }
  return {focused: document.activeElement === el, focusVisible: el.matches(':focus-visible'), clipped,
          style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          offset: parseFloat(style.outlineOffset), ring: rgba(style.outlineColor),
          own: rgba(style.backgroundColor), behind};
}"""


def luminance(rgb: list[float]) -> float:
    """WCAG's relative luminance of an sRGB colour (0-255 channels)."""
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: list[float], second: list[float]) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_ring(control) -> dict:  # control: a Playwright Locator, focused by the caller
    """The focus ring ``control`` shows, with its contrast against every colour beside it:
    the background behind it, and the control's own when the ring touches or overlaps it."""
    seen = control.evaluate(FOCUS_STYLES_JS)
    beside = [seen["behind"]]
    if seen["offset"] <= 0 and seen["own"][3] > 0:
        beside.append(seen["own"])
    seen["contrast"] = min(contrast(seen["ring"], colour) for colour in beside)
    return seen


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
