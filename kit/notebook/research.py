"""The research notebooks' cells: the release queue (a lead's) and the explore page (a
researcher's), each through the page's workspace interface (:mod:`kit.notebook.context`), so
they work the same on a local folder and in a hub kernel, which asks the candle service.

- :func:`show_release_page`: the held reflections of the lead's practitioners, decided
  through the interface (:class:`kit.research.release_widgets.ReleasePage`).
- :func:`show_export_summary` and :func:`show_export_chart`: a chooser of the finished
  export packages (the newest by default), the chosen one's summary, and its charts. With
  ``$CANDLE_EXPORT`` naming a package folder, that folder is drawn as it is.
"""

from __future__ import annotations

import os

from IPython.display import display

from kit.errors import KitError
from kit.notebook.context import page_context
from kit.notebook.export_chooser import ExportChooser
from kit.research import explore
from kit.research.release_widgets import ReleasePage
from kit.views.pages import show_problem

_pages: dict[str, ExportChooser] = {}  # the explore page this kernel shows (its chart cells follow it)


def show_release_page() -> None:
    """Display the release page for the signed-in lead (or, in plain words, why not)."""
    try:
        context = page_context()
        page = ReleasePage(context.backend, context.workspace)
    except KitError as error:
        show_problem(error)
        return
    display(page.widget)


def export_chooser() -> ExportChooser:
    """A new explore page for this kernel's person: the packages they may open."""
    try:
        chooser = ExportChooser(page_context())
    except KitError as error:
        chooser = ExportChooser(None, str(error))
    _pages["explore"] = chooser
    return chooser


def show_export_summary() -> None:
    """Display the package chooser and the chosen package's summary."""
    if os.environ.get(explore.EXPORT_ENV):
        explore.show_summary()
        return
    display(export_chooser().widget)


def show_export_chart(name: str) -> None:
    """Display chart ``name`` (``activity``, ``tags`` or ``focus_life``) of the chosen package."""
    if os.environ.get(explore.EXPORT_ENV):
        explore.show(name)
        return
    chooser = _pages.get("explore") or export_chooser()
    display(chooser.chart(name))
