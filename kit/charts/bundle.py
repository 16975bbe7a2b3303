"""The charts' JavaScript: vega, vega-lite, vega-embed and altair's JupyterChart code in one
offline bundle (built by vl-convert, no CDN; about 0.9 MB), and what a chart widget carries.

A JupyterChart is an anywidget: its ``_esm`` (its JavaScript) travels in the widget's state,
so a page with four charts sent the 0.9 MB bundle four times over the kernel's connection, and
the browser parsed it four times, on every open. When the Jupyter server serves the bundle
(:mod:`kit.app.chart_route`, in the kit's server settings) it tells its kernels where, in
:data:`SERVED_ENV`; a chart then carries only :func:`loader_module`, a few lines that import the
bundle from the server: the browser fetches it once per page at most, and caches it. The
address is taken relative to the page's base URL in the browser, so it is right under a hub's
``/user/<name>/`` as under ``make lab``. Elsewhere (papermill, a plain JupyterLab) a chart
carries the whole bundle, as before.

Building the bundle takes about 3 s, so it is cached on disk (:func:`bundle_cache_path`, per
altair and vl-convert version) and reused by every kernel and by the server.
"""

from __future__ import annotations

import json
import os
import threading
from importlib.metadata import version
from pathlib import Path

from kit.filemodes import make_folder
from kit.store.atomic import write_text

ROUTE = "candle/charts"
"""Where, under the server's base URL, the bundle is served (``<ROUTE>/<bundle_name()>``)."""
SERVED_ENV = "CANDLE_CHARTS_URL"
"""Set by a server that serves the bundle: its address relative to the base URL."""
_BUILDING = threading.Lock()


def bundle_name() -> str:
    """The bundle's file name, which names the versions it was built from (so an upgrade gets
    a new name and no browser keeps the old one)."""
    return f"jupyterchart-{version('altair')}-{version('vl-convert-python')}.js"


def served_path() -> str:
    """The bundle's address relative to the server's base URL."""
    return f"{ROUTE}/{bundle_name()}"


def bundle_cache_path() -> Path:
    """Where the offline bundle is cached, per altair and vl-convert version."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mini-candle-kit"
    return root / bundle_name()


def _build() -> str:
    """Bundle altair's JupyterChart code with vl-convert (what ``enable_offline`` does),
    without changing ``alt.JupyterChart`` itself."""
    import altair as alt

    class Bundled(alt.JupyterChart):
        _is_offline = False

    Bundled.enable_offline()
    return Bundled._esm


def bundle_text() -> str:
    """The offline bundle: read from the cache, else built (about 3 s) and cached."""
    cache = bundle_cache_path()
    with _BUILDING:
        try:
            return cache.read_text(encoding="utf-8")
        except OSError:
            pass
        text = _build()
        try:
            make_folder(cache.parent)
            write_text(cache, text, durable=False)
        except OSError:
            pass  # no cache: the next one to ask builds it again, which is only slower
        return text


def ensure_cached() -> None:
    """Build and cache the bundle unless it is cached already (without reading it)."""
    if not bundle_cache_path().is_file():
        bundle_text()


def served_here() -> str | None:
    """The bundle's address (relative to the base URL) when this kernel's server serves the
    bundle this kernel would build, else None."""
    served = os.environ.get(SERVED_ENV, "")
    return served if served == served_path() else None


def loader_module(path: str) -> str:
    """A chart's JavaScript when the server serves the bundle at ``path`` (relative to the base
    URL): import it from there (the browser caches it) and hand on its widget."""
    return ("// The chart's JavaScript, served by this Jupyter server (kit.charts.bundle).\n"
            "const config = document.getElementById('jupyter-config-data');\n"
            "const base = (config && JSON.parse(config.textContent).baseUrl) || '/';\n"
            f"const path = base.replace(/\\/*$/, '/') + {json.dumps(path)};\n"
            "const served = await import(new URL(path, window.location.href).href);\n"
            "export default served.default;\n")


def chart_module() -> str:
    """What a JupyterChart's ``_esm`` should be in this kernel: the loader when the server
    serves the bundle, else the bundle itself."""
    path = served_here()
    return loader_module(path) if path else bundle_text()
