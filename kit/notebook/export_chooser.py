"""The explore page's package chooser: pick a finished research export package (the newest by
default), bring it into the kernel's workspace (:func:`kit.hub.packages.fetch_export`) and draw
its summary and charts (:mod:`kit.research.explore`), redrawn when another package is chosen.

The same page serves a researcher on a hub (whose kernel has no workspace, only the packages
the service gives) and a lead or researcher on a local folder (where nothing is copied).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import Markdown

from kit.errors import KitError
from kit.hub.packages import fetch_export, package_label
from kit.notebook.context import PageContext
from kit.research import explore
from kit.views.pages import chart_widget

NO_PACKAGE = "No finished export package yet: ask a lead to make one."


def _markdown(text: str) -> widgets.Output:
    """``text`` (Markdown) as an output widget's content."""
    out = widgets.Output()
    out.append_display_data(Markdown(text))
    return out


def _problem(text: str) -> widgets.HTML:
    return widgets.HTML(f"<p role='alert'><b>Something needs attention.</b> {html.escape(text)}</p>")


def labelled(packages: list[str]) -> list[tuple[str, str]]:
    """``(label, name)`` for each package; a label two packages share is followed by the name."""
    labels = [package_label(name) for name in packages]
    return [(label if labels.count(label) == 1 else f"{label} ({name})", name)
            for label, name in zip(labels, packages, strict=True)]


class ExportChooser:
    """A dropdown of finished packages, the chosen one's summary, and its charts."""

    def __init__(self, context: PageContext | None, problem: str = "") -> None:
        self.context, self.problem = context, problem
        self.package: explore.ExportPackage | None = None
        self.packages: list[str] = []
        if context is not None and not problem:
            try:
                self.packages = context.backend.exports()
            except KitError as error:
                self.problem = str(error)
        newest_first = list(reversed(self.packages))
        self.dropdown = widgets.Dropdown(options=labelled(newest_first),
                                         value=next(iter(newest_first), None), description="Package",
                                         layout=widgets.Layout(width="30em"),
                                         style={"description_width": "initial"})
        self.dropdown.add_class("candle-export-choice")
        self.summary = widgets.VBox()
        self.charts: dict[str, widgets.VBox] = {}
        self.dropdown.observe(lambda _: self.choose(), "value")
        self.widget = widgets.VBox([self.dropdown, self.summary] if self.packages else [self.summary])
        self.widget.add_class("candle-export-page")
        self.choose()

    def _open(self, context: PageContext) -> explore.ExportPackage:
        folder = fetch_export(context.backend, self.dropdown.value, context.workspace.folder("exports"))
        return explore.open_export(folder)

    def choose(self) -> None:
        """Open the chosen package and redraw the summary and every chart shown."""
        self.package, problem = None, self.problem
        if self.context is not None and self.packages and not problem:
            try:
                self.package = self._open(self.context)
            except KitError as error:
                problem = str(error)
        if self.package is not None:
            summary = explore.summary_markdown(self.package, "chosen from the finished packages")
            self.summary.children = (_markdown(summary),)
        elif problem:
            self.summary.children = (_problem(problem),)
        else:
            self.summary.children = (widgets.HTML(f"<p class='candle-empty'><b>{NO_PACKAGE}</b></p>"),)
        for name in self.charts:
            self.draw(name)

    def chart(self, name: str) -> widgets.VBox:
        """A box holding chart ``name`` (``activity``, ``tags``, ``focus_life``) of the chosen package."""
        self.charts[name] = widgets.VBox()
        self.draw(name)
        return self.charts[name]

    def draw(self, name: str) -> None:
        """(Re)draw chart ``name``: the chart, why it is empty, or nothing without a package."""
        if self.package is None:
            self.charts[name].children = ()
            return
        empty = explore.empty_message(self.package, explore.CHART_TABLES[name])
        self.charts[name].children = (_markdown(empty),) if empty else \
            (chart_widget(explore.CHARTS[name](self.package)),)
