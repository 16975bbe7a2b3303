"""A page's reading and drawing, started as its kernel is handed to it.

When a spare kernel (:mod:`kit.app.kernel_pool`) is given to a page, :func:`start` begins, in
a thread, what the page's cells will ask for: the workspace (on a hub, the kernel's copy
refreshed from the service) and, for My learning and the Licence page, their charts (and My
learning's notes) drawn as HTML. This overlaps with Voilà's own work before the first cell
runs (the page's template, the kernel's client), so the cells find their drawings done or
nearly done.

Nothing is read before the page is asked for: the thread starts at the page's request, as the
cells would read. A cell uses what was prepared only for the same workspace and person as
its own, and only once; if the preparation failed, or is not there (a kernel started for the
page itself, JupyterLab's notebook), the cell reads and draws as it always did, and shows any
problem in its own words.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from kit.hub.backend import service_from_env
from kit.notebook.context import PageContext, page_context
from kit.store.workspace import Workspace

PAGE_URL_ENV = "VOILA_REQUEST_URL"  # Voilà gives a page's kernel the page's address
WAIT_SECONDS = 120.0  # a cell waits this long for its drawing (a hub's service on a bad day)
LOG = logging.getLogger(__name__)

MY_LEARNING, LICENCE = "05_my_learning.ipynb", "01_licence.ipynb"
Drawer = Callable[[Workspace, str], str]  # a section drawn as HTML from (workspace, person id)


def learning_sections(*names: str) -> Callable[[PageContext], dict[str, Drawer]]:
    """What a page draws ahead for a practitioner: the sections ``names`` of My learning
    (:data:`kit.views.pages.LEARNING_HTML`); nothing for anyone else."""
    def sections(ctx: PageContext) -> dict[str, Drawer]:
        from kit.views.pages import LEARNING_HTML  # pandas and altair: not for a form page

        if "practitioner" not in ctx.person.kinds:
            return {}
        return {name: LEARNING_HTML[name] for name in names or LEARNING_HTML}

    return sections


# page (its notebook's file name) -> the sections it draws ahead for a page context: My
# learning's charts and notes (not the shared reviews, a widget that asks the workspace
# interface), the Licence page's time line.
SECTIONS: dict[str, Callable[[PageContext], dict[str, Drawer]]] = {
    MY_LEARNING: learning_sections(),
    LICENCE: learning_sections("licence"),
}


@dataclass(frozen=True)
class Prepared:
    """What a page's thread is drawing: for which workspace folder and person, and each
    section's drawing (done, or to wait for)."""

    root: Path
    person_id: str
    sections: dict[str, Future[str]]


_pages: dict[str, Future[Prepared]] = {}  # page -> its preparation, from the handover on
_lock = threading.Lock()


def page_name(url: str | None = None) -> str:
    """The notebook file name of the page at ``url`` (default: this kernel's page, from
    ``$VOILA_REQUEST_URL``); '' when the kernel is not a page's."""
    url = os.environ.get(PAGE_URL_ENV, "") if url is None else url
    return PurePosixPath(unquote(urlsplit(url).path)).name if url else ""


def start(page: str | None = None) -> threading.Thread | None:
    """Begin, in a thread, what ``page`` (default: this kernel's, :func:`page_name`) will
    read: its workspace (on a hub, the copy refreshed from the service), and the sections
    :data:`SECTIONS` names for it. The thread, or None when there is no page, or it is a page
    off a hub with no sections. A cell that asks for a section meanwhile waits for it."""
    page = page_name() if page is None else page
    if not page or (page not in SECTIONS and service_from_env() is None):
        return None  # off a hub, a page with nothing to draw ahead has nothing to gain
    preparation: Future[Prepared] = Future()
    with _lock:
        _pages[page] = preparation
    thread = threading.Thread(target=_prepare, args=(page, preparation),
                              name=f"candle-ahead-{page}", daemon=True)
    thread.start()
    return thread


def _prepare(page: str, preparation: Future[Prepared]) -> None:
    """Open the page's context (on a hub: refresh the kernel's copy), then draw its sections
    one by one, each ready for its cell as soon as it is drawn."""
    try:
        ctx = page_context()
        drawers = SECTIONS[page](ctx) if page in SECTIONS else {}
    except Exception as error:  # the page's own cells meet the same problem, and say it
        LOG.debug("Nothing prepared ahead for %s", page, exc_info=True)
        preparation.set_exception(error)
        return
    drawings: dict[str, Future[str]] = {name: Future() for name in drawers}
    # The cells take (pop) from their own copy; this thread keeps every drawing to finish.
    preparation.set_result(Prepared(ctx.workspace.root.resolve(), ctx.person.id, dict(drawings)))
    for name, draw in drawers.items():
        try:
            drawings[name].set_result(draw(ctx.workspace, ctx.person.id))
        except Exception as error:  # the cell draws it again, and shows the problem
            drawings[name].set_exception(error)


def take(section: str, workspace: Workspace, person_id: str, page: str | None = None,
         wait: float = WAIT_SECONDS) -> str | None:
    """``section`` as this kernel's page (or ``page``) drew it ahead for ``workspace`` and
    ``person_id`` (waiting for it while it is being drawn), once: None if it was not
    prepared, was prepared for another workspace or person, failed, or was taken already."""
    with _lock:
        preparation = _pages.get(page_name() if page is None else page)
    if preparation is None:
        return None
    try:
        prepared = preparation.result(timeout=wait)
        if (prepared.root, prepared.person_id) != (workspace.root.resolve(), person_id):
            return None
        with _lock:
            drawing = prepared.sections.pop(section, None)
        return None if drawing is None else drawing.result(timeout=wait)
    except Exception:  # failed, or still not done after ``wait``: the cell draws it itself
        return None


def forget() -> None:
    """Drop every preparation (tests; a kernel that is reused)."""
    with _lock:
        _pages.clear()
