"""The research notebooks' cells: the release queue (a lead's) and the explore page (a
researcher's), each through the page's workspace interface (:mod:`kit.notebook.context`), so
they work the same on a local folder and in a hub kernel, which asks the candle service.

- :func:`show_release_page`: the held reflections of the lead's practitioners, decided
  through the interface (:class:`kit.research.release_widgets.ReleasePage`), and its Export
  button, which makes the package through the interface (:func:`export_maker`).
- :func:`show_export_summary` and :func:`show_export_chart`: a chooser of the finished
  export packages (the newest by default; on a laptop, ``$CANDLE_EXPORT``'s folder first, and
  any folder typed on the page), the chosen one's counts, files to download, README and charts.
"""

from __future__ import annotations

import os
from pathlib import Path

from IPython.display import display

from kit.errors import KitError
from kit.hub.packages import fetch_export, package_label
from kit.notebook.context import PageContext, page_context
from kit.notebook.export_chooser import ExportChooser
from kit.research import explore
from kit.research.release_export import ExportMade, Make
from kit.research.release_widgets import ReleasePage
from kit.views.pages import show_problem

_pages: dict[str, ExportChooser] = {}  # the explore page this kernel shows (its chart cells follow it)


def export_maker(context: PageContext, k: int = 5) -> Make:
    """What the release page's Export button does for ``context``'s lead: make the package
    through the workspace interface (on a hub, the service makes it in the shared workspace;
    a copy is then brought into the kernel's workspace) and say where it is and what it holds."""
    def make() -> ExportMade:
        name = context.backend.make_export(k=k)
        folder = fetch_export(context.backend, name, context.workspace.folder("exports"))
        package = explore.open_export(folder)
        where = (f"kept by the team's service as “{package_label(name)}” (a copy is in {package.folder})"
                 if context.on_hub else f"in the folder {package.folder}")
        return ExportMade(name, where, package.reflections(), package.practitioners(),
                          tuple(path.name for path in package.files()))

    return make


def show_release_page() -> None:
    """Display the release page for the signed-in lead, with its Export button (or, in plain
    words, why not)."""
    try:
        context = page_context()
        page = ReleasePage(context.backend, context.workspace, export=export_maker(context))
    except KitError as error:
        show_problem(error)
        return
    display(page.widget)


def export_chooser() -> ExportChooser:
    """A new explore page for this kernel's person: the packages they may open (and, on a
    laptop, the folder ``$CANDLE_EXPORT`` names), their files saved beside the page."""
    given = [os.environ[explore.EXPORT_ENV]] if os.environ.get(explore.EXPORT_ENV) else []
    try:
        chooser = ExportChooser(page_context(), page_folder=Path.cwd(), folders=given)
    except KitError as error:
        chooser = ExportChooser(None, str(error))
    _pages["explore"] = chooser
    return chooser


def show_export_summary() -> None:
    """Display the package chooser and the chosen package's summary, files and README."""
    display(export_chooser().widget)


def show_export_chart(name: str) -> None:
    """Display chart ``name`` (``activity``, ``tags`` or ``focus_life``) of the chosen package."""
    chooser = _pages.get("explore") or export_chooser()
    display(chooser.chart(name))
