"""Server settings for the kit's pages: Voilà apps, launcher entries, the pre-save hook.

:func:`configure` fills a traitlets config object; ``kit/app/jupyter_server_config.py``
calls it, and ``make lab`` passes that file to JupyterLab.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kit.app.kernel_pool import PagesKernelManager
from kit.app.pages import PAGES, PAGES_FOLDER, START_HERE
from kit.app.presave import strip_kit_notebook
from kit.errors import KitError
from kit.views.site import PAGES_FOLDER_ENV

HERE = Path(__file__).resolve().parent
ICON = HERE / "candle.svg"
DATA_DIR = HERE / "share"  # holds voila/templates/candle
TEMPLATE = "candle"
# Voilà's mathjax plugin loads MathJax from a CDN; the kit's pages have no mathematics.
DISABLED_PLUGINS = ("@jupyterlab/mathjax2-extension", "@jupyterlab/mathjax-extension")
# A page closed before it could tell the server (closed while still rendering, a lost
# connection, a browser killed) still frees its kernel: one idle this long is shut down.
IDLE_KERNEL_SECONDS = 20 * 60
CULL_EVERY_SECONDS = 2 * 60
SPARES_ENV = "CANDLE_PAGE_KERNELS"
CHART_ROUTE = "kit.app.chart_route"  # the server extension that serves the charts' bundle
DEFAULT_SPARES = 1


def launcher_shortcuts(folder: str = PAGES_FOLDER) -> dict[str, dict[str, str]]:
    """One JupyterLab launcher entry per page, opening it as a Voilà app."""
    return {
        f"candle-{page.name.replace('/', '-')}": {
            "title": f"Mini Candle: {page.title}",
            "target": "{base_url}" + page.app_path(folder),
            "icon_path": str(ICON),
        }
        for page in PAGES
    }


def start_url(folder: str = PAGES_FOLDER) -> str:
    """Where ``make lab`` opens the browser: Start here, as an app."""
    return "/" + START_HERE.app_path(folder)


def offline_page_config(page_config: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """Voilà's ``page_config_hook``: no plugin of the page may fetch from outside the server."""
    disabled = list(page_config.get("disabledExtensions") or [])
    page_config["disabledExtensions"] = [*disabled, *DISABLED_PLUGINS]
    page_config["fullMathjaxUrl"] = ""
    return page_config


def issue_xsrf_cookie(handler: Any, **_kwargs: Any) -> None:
    """Voilà's ``prelaunch_hook``: the page's response sets the server's ``_xsrf`` cookie.

    On closing, a Voilà page asks the server to shut its kernel down
    (``POST voila/api/shutdown/<kernel id>`` by ``navigator.sendBeacon``), sending the
    ``_xsrf`` cookie's value as the form's ``_xsrf`` field, as the server's XSRF check wants.
    Voilà renders its page without reading the handler's ``xsrf_token``, so unless
    JupyterLab had been opened first the cookie was never set, the request went out with an
    empty ``_xsrf`` and was refused (403), and the kernel ran on until culled. Reading the
    token here, before the page's first bytes are sent, sets the cookie the usual way
    (on a hub, the single-user server's own token); the check itself is unchanged.
    """
    _ = handler.xsrf_token


def add_template_path() -> None:
    """Let Voilà find the kit's template: put ``kit/app/share`` first on ``JUPYTER_PATH``."""
    current = [part for part in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if part]
    if str(DATA_DIR) not in current:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(DATA_DIR), *current])


def pages_folder(environ: dict[str, str] | None = None) -> str:
    """The folder, under the server's root, that holds the pages: ``$CANDLE_PAGES_FOLDER``
    (a hub copies them into each home as ``candle``; ``.`` when the root itself holds them, as
    after ``candle notebooks DEST``), else ``notebooks``."""
    env = os.environ if environ is None else environ
    return (env.get(PAGES_FOLDER_ENV) or PAGES_FOLDER).strip().strip("/") or "."


def spare_kernels(environ: dict[str, str] | None = None) -> int:
    """How many spare kernels wait for the next page: ``$CANDLE_PAGE_KERNELS`` (0 turns them
    off), else 1. Each holds 150-250 MB; on a hub every user's server keeps its own."""
    env = os.environ if environ is None else environ
    value = (env.get(SPARES_ENV) or "").strip()
    if not value:
        return DEFAULT_SPARES
    try:
        return max(int(value), 0)
    except ValueError:
        raise KitError(f"{SPARES_ENV} is '{value}', not a whole number of kernels.",
                       "Set it to 0 (no spare kernels), 1 or 2, or leave it unset "
                       f"for {DEFAULT_SPARES}.") from None


def configure(c: Any, folder: str | None = None) -> Any:
    """Put the kit's server settings into the traitlets config ``c`` and return it; the
    pages are in ``folder`` (default :func:`pages_folder`).

    - every save of a kit notebook goes through :func:`strip_kit_notebook`;
    - Voilà runs each page on open with the kit's offline template, hides all code and
      never shows a traceback;
    - a page's kernel is shut down when the page is closed (its shutdown request carries the
      ``_xsrf`` cookie :func:`issue_xsrf_cookie` sets); one left idle 20 minutes is too;
    - a page opens on a spare kernel that has started and imported the kit already
      (:class:`kit.app.kernel_pool.PagesKernelManager`, :func:`spare_kernels` of them);
    - the server serves the charts' JavaScript once, for every chart
      (:mod:`kit.app.chart_route`), instead of each chart carrying it;
    - the launcher offers every page as an app; the server opens on Start here.
    """
    folder = folder or pages_folder()
    add_template_path()
    c.ContentsManager.pre_save_hook = strip_kit_notebook
    c.VoilaConfiguration.template = TEMPLATE
    c.VoilaConfiguration.show_tracebacks = False
    c.VoilaConfiguration.strip_sources = True
    c.VoilaConfiguration.page_config_hook = offline_page_config
    c.VoilaConfiguration.prelaunch_hook = issue_xsrf_cookie
    c.MappingKernelManager.cull_idle_timeout = IDLE_KERNEL_SECONDS
    c.MappingKernelManager.cull_interval = CULL_EVERY_SECONDS
    c.ServerApp.kernel_manager_class = PagesKernelManager
    c.PagesKernelManager.spares = spare_kernels()
    c.PagesKernelManager.pages_folder = folder
    c.ServerApp.jpserver_extensions.update({CHART_ROUTE: True})
    c.LauncherShortcuts.shortcuts = launcher_shortcuts(folder)
    c.LabApp.default_url = start_url(folder)
    return c
