"""A form that knows when its page lost its kernel, and keeps what is typed after that.

A page's kernel can stop under an open page: the server's idle cull, a restart, a crash. The
form's widgets keep working in the browser, but nothing reaches the kernel any more: before,
typing was not kept as a draft, Save did nothing and a reload lost the text.

:class:`ConnectionGuard` is a small anywidget inside each form. In the browser it watches the
page's kernel (its status, its connection, and whether the server still has it); once the
kernel is gone it says so at once, at the top of the page: "This page lost its connection. Your
draft up to HH:MM is kept. Reload to go on." (HH:MM: the form's last draft on the server,
``draft_saved_at``). From then on it keeps every input's value in the browser's
``localStorage``, under the page's address, the form (``form``) and the input, and a Save click
says "Not saved" instead of nothing. When the page is reloaded the new kernel's guard sends the
kept values (``kept``); the form puts them back and writes them into its draft
(:meth:`kit.forms.controller.FormView.restore_kept`), then raises ``taken`` and the browser
forgets them. :func:`kept_values` turns what the browser kept back into input values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

RECORD = "@record"
"""The name an editor's list of earlier records is kept under (which record was being changed)."""

ESM = """
const LOST_STATES = new Set(["dead", "restarting", "autorestarting", "terminating"]);
const BANNER_ID = "candle-lost-banner";
const CHECK_MS = 500;
const CONNECTING_MS = 8000;
const LEAVING_MS = 3000;
const DECIDE_MS = 250;

function clock(ms) {
  const at = new Date(ms);
  return `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
}

function sentence(draftMs) {
  const kept = draftMs > 0 ? ` Your draft up to ${clock(draftMs)} is kept.` : "";
  return `This page lost its connection.${kept} Reload to go on.`;
}

function showBanner(draftMs, kernelId) {
  let box = document.getElementById(BANNER_ID);
  if (!box) {
    box = document.createElement("div");
    box.id = BANNER_ID;
    box.className = "candle-lost-banner";
    box.setAttribute("role", "alert");
    box.dataset.draft = "0";
    const text = document.createElement("p");
    text.className = "candle-lost-text";
    const more = document.createElement("p");
    more.className = "candle-lost-more";
    more.textContent = "What you type from now on stays in this browser and goes back into the "
      + "form when you reload.";
    const reload = document.createElement("button");
    reload.type = "button";
    reload.className = "candle-lost-reload";
    reload.textContent = "Reload the page";
    reload.addEventListener("click", () => window.location.reload());
    box.append(text, more, reload);
    document.body.prepend(box);
  }
  box.dataset.kernel = kernelId || "";
  const latest = Math.max(Number(box.dataset.draft || 0), draftMs || 0);
  box.dataset.draft = String(latest);
  box.querySelector(".candle-lost-text").textContent = sentence(latest);
  return box;
}

function snapshot(child) {
  const labels = child.get("_options_labels");
  if (labels === undefined) return { value: child.get("value") };
  const index = child.get("index");
  const picked = index === null || index === undefined ? [] : (Array.isArray(index) ? index : [index]);
  return { labels: picked.map((i) => labels[i]).filter((label) => label !== undefined) };
}

function render({ model, el }) {
  const manager = model.widget_manager;
  const key = `candle-kept:${window.location.pathname}:${model.get("form")}`;
  const inputs = {};
  let lost = false;

  const stored = () => {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch { return null; }
  };
  const keep = () => {
    const values = {};
    for (const [name, child] of Object.entries(inputs)) values[name] = snapshot(child);
    try {
      window.localStorage.setItem(key, JSON.stringify({ at: Date.now(), values }));
    } catch { /* a full or refused storage: the banner still says to reload */ }
  };

  for (const [name, ref] of Object.entries(model.get("inputs"))) {
    Promise.resolve(manager.get_model(ref)).then((child) => {
      inputs[name] = child;
      child.on("change", () => { if (lost) keep(); });
    }).catch(() => {});
  }

  // Typed after an earlier page lost its kernel: hand it to this page's form.
  const earlier = stored();
  if (earlier && earlier.values && Object.keys(earlier.values).length) {
    model.set("kept", earlier.values);
    model.save_changes();
  }
  model.on("change:taken", () => window.localStorage.removeItem(key));

  const form = () => el.closest(".candle-form");
  const refuseSave = (event) => {
    const mine = form();
    if (!lost || !event.target.closest(".candle-save") || !mine || !mine.contains(event.target)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    keep();
    const status = mine.querySelector(".candle-status");
    if (status) {
      status.innerHTML = "";
      const line = document.createElement("span");
      line.setAttribute("role", "alert");
      line.style.color = "#b00020";
      line.textContent = "Not saved: this page lost its connection. What you typed is kept in "
        + "this browser; reload the page to go on.";
      status.appendChild(line);
    }
    showBanner(model.get("draft_saved_at"), knownId).scrollIntoView({ block: "start" });
  };

  // A reload or a link away shuts the page's kernel down on purpose (Voila's beforeunload):
  // that is no loss. Should the page stay after all, watching resumes.
  let leaving = false;
  const onLeave = () => {
    leaving = true;
    window.setTimeout(() => { leaving = false; }, LEAVING_MS);
  };
  window.addEventListener("beforeunload", onLeave, true);
  window.addEventListener("pagehide", onLeave, true);

  const becomeLost = () => {
    // Decided a moment later: a reload's own shutdown disposes the kernel before every
    // beforeunload listener has run.
    window.setTimeout(lose, DECIDE_MS);
  };
  const lose = () => {
    if (lost || leaving) return;
    lost = true;
    keep();
    el.classList.add("candle-connection-lost");
    showBanner(model.get("draft_saved_at"), knownId);
  };

  let knownId = null;
  let connectingSince = 0;
  let probing = false;
  const probe = (kernel) => {
    // Is the kernel still on the server? A culled or shut-down one is gone at once.
    if (probing || !kernel.serverSettings) return;
    probing = true;
    const settings = kernel.serverSettings;
    const url = `${settings.baseUrl}api/kernels/${encodeURIComponent(kernel.id)}`;
    const headers = settings.token ? { Authorization: `token ${settings.token}` } : {};
    (settings.fetch || window.fetch).call(window, url, { headers, credentials: "same-origin" })
      .then((reply) => { if (reply.status === 404) becomeLost(); })
      .catch(() => {})
      .finally(() => { probing = false; });
  };
  const check = () => {
    if (lost) return;
    let kernel;
    try { kernel = manager.kernel; } catch { kernel = undefined; }
    if (!kernel) { if (knownId) becomeLost(); return; }
    if (knownId === null) knownId = kernel.id;
    if (kernel.isDisposed || kernel.id !== knownId || LOST_STATES.has(kernel.status)
        || kernel.connectionStatus === "disconnected") {
      becomeLost();
      return;
    }
    if (kernel.connectionStatus === "connecting") {
      connectingSince = connectingSince || Date.now();
      probe(kernel);
      if (Date.now() - connectingSince > CONNECTING_MS) becomeLost();
    } else {
      connectingSince = 0;
    }
  };
  const watched = [];
  try {
    const kernel = manager.kernel;
    for (const signal of [kernel?.statusChanged, kernel?.connectionStatusChanged]) {
      if (signal && signal.connect) { signal.connect(check); watched.push(signal); }
    }
  } catch { /* no kernel to watch: polling still runs */ }
  check();
  // Run again on a restarted kernel (JupyterLab keeps the page): this form works again.
  const banner = document.getElementById(BANNER_ID);
  if (banner && knownId && banner.dataset.kernel === knownId) banner.remove();
  const timer = window.setInterval(check, CHECK_MS);
  document.addEventListener("click", refuseSave, true);
  return () => {
    window.clearInterval(timer);
    document.removeEventListener("click", refuseSave, true);
    window.removeEventListener("beforeunload", onLeave, true);
    window.removeEventListener("pagehide", onLeave, true);
    for (const signal of watched) signal.disconnect(check);
  };
}
export default { render };
"""

CSS = """
.candle-lost-banner { position: fixed; top: 0; left: 0; right: 0; z-index: 10000;
  background: #7a0010; color: #fff; padding: 0.6em 1.2em; font-size: 1.1em;
  box-shadow: 0 2px 6px rgba(0, 0, 0, 0.4); }
.candle-lost-banner p { margin: 0.2em 0; }
.candle-lost-text { font-weight: bold; }
.candle-lost-reload { font-size: 1em; padding: 0.3em 1em; margin-top: 0.3em; background: #fff;
  color: #7a0010; border: 2px solid #fff; border-radius: 3px; cursor: pointer; }
.candle-lost-reload:focus { outline: 3px solid #ffd54f; outline-offset: 2px; }
"""


class ConnectionGuard(anywidget.AnyWidget):
    """Watches the page's kernel for one form; keeps what is typed once it is gone."""

    _esm = ESM
    _css = CSS
    form = traitlets.Unicode("").tag(sync=True)
    """The form's key in the browser's storage (user and form, with the page's address)."""
    inputs = traitlets.Dict().tag(sync=True)
    """Input id -> the model id of its widget, whose values the browser keeps."""
    draft_saved_at = traitlets.Float(0.0).tag(sync=True)
    """When the form's draft was last written on the server (ms since 1970; 0: no draft)."""
    kept = traitlets.Dict().tag(sync=True)
    """What the browser kept after an earlier page lost its kernel (input id -> value)."""
    taken = traitlets.Int(0).tag(sync=True)
    """Raised once ``kept`` is in the form and its draft: the browser forgets it."""

    def watch(self, inputs: dict[str, widgets.Widget]) -> None:
        """Keep the values of ``inputs`` (input id -> widget) in the browser once lost."""
        self.inputs = {name: widget.model_id for name, widget in inputs.items()}

    def draft_written(self, at: datetime | None) -> None:
        """The form's draft was written at ``at`` (None: there is no draft now)."""
        self.draft_saved_at = at.timestamp() * 1000 if at is not None else 0.0


def _option_values(widget: widgets.Widget, labels: list[Any]) -> list[Any]:
    pairs = [opt if isinstance(opt, tuple) else (str(opt), opt) for opt in widget.options]
    by_label = dict(pairs)
    return [by_label[label] for label in labels if label in by_label]


def kept_values(inputs: dict[str, widgets.Widget], kept: dict[str, Any]) -> dict[str, Any]:
    """What the browser kept (input id -> ``{"value": v}`` or ``{"labels": [...]}``) as
    values for the form's ``inputs``; unknown inputs and choices no longer offered are left out."""
    values: dict[str, Any] = {}
    for name, entry in kept.items():
        widget = inputs.get(name)
        if widget is None or not isinstance(entry, dict):
            continue
        if "labels" in entry and isinstance(entry["labels"], list):
            picked = _option_values(widget, entry["labels"])
            if isinstance(widget, widgets.SelectMultiple):
                values[name] = tuple(picked)
            elif picked or not entry["labels"]:
                values[name] = picked[0] if picked else None
        elif "value" in entry:
            values[name] = entry["value"]
    return values
