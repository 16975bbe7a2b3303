"""One held reflection's text on the release page, reporting when the lead has seen it.

:class:`SeenText` shows trusted HTML (:func:`kit.research.release_display.note_html`) and, in
the browser, watches it with an ``IntersectionObserver``: once both its first and its last
line have been on screen, or it has had the keyboard focus (a keyboard or screen-reader user
moves to each reflection with Tab), it sets ``seen``. The kernel decides what that allows
(:mod:`kit.research.release_seen`); a test without a browser sets ``seen`` itself. Raising
``focus_request`` scrolls the page's status line and this reflection to the top of the view and
gives the reflection the focus.
"""

from __future__ import annotations

import anywidget
import traitlets

ESM = """
const THRESHOLDS = Array.from({ length: 21 }, (_, n) => n / 20);

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "candle-release-text";
  box.tabIndex = 0;
  box.setAttribute("role", "article");
  const draw = () => {
    box.innerHTML = model.get("value");
    box.setAttribute("aria-label", model.get("label"));
  };
  draw();
  model.on("change:value", draw);
  model.on("change:label", draw);
  el.appendChild(box);

  let top = false;
  let bottom = false;
  const report = () => {
    if (!model.get("seen")) {
      model.set("seen", true);
      model.save_changes();
    }
  };
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting || document.visibilityState !== "visible") continue;
      const whole = entry.boundingClientRect;
      const shown = entry.intersectionRect;
      if (shown.top <= whole.top + 1) top = true;
      if (shown.bottom >= whole.bottom - 1) bottom = true;
    }
    if (top && bottom) report();
  }, { threshold: THRESHOLDS });
  observer.observe(box);
  box.addEventListener("focus", report);

  const bringIntoView = () => {
    let frames = 0;
    const attempt = () => {
      if (!box.isConnected || box.getClientRects().length === 0) {
        if (frames++ < 600) requestAnimationFrame(attempt);
        return;
      }
      // the page's status line (what was confirmed, what waits) and then this reflection
      const status = box.closest(".candle-release-page")?.querySelector(".candle-release-status");
      (status || box).scrollIntoView({ block: "start" });
      const rect = box.getBoundingClientRect();
      if (rect.top < 0 || rect.top > window.innerHeight / 2) box.scrollIntoView({ block: "start" });
      box.focus({ preventScroll: true });
    };
    requestAnimationFrame(attempt);
  };
  if (model.get("focus_request")) bringIntoView();
  model.on("change:focus_request", bringIntoView);
  return () => observer.disconnect();
}
export default { render };
"""

CSS = """
.candle-release-text { padding: 0 4px; }
.candle-release-text:focus { outline: 3px solid #1a5fb4; outline-offset: -1px; }
.candle-release-item { scroll-margin-top: 0.5em; }
"""


class SeenText(anywidget.AnyWidget):
    """A reflection's HTML that reports, once, that the lead has seen it."""

    _esm = ESM
    _css = CSS
    value = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    """What a screen reader announces for the reflection (its heading)."""
    seen = traitlets.Bool(False).tag(sync=True)
    focus_request = traitlets.Int(0).tag(sync=True)
