"""The explore page's package chooser: pick a finished research export package (the newest by
default), bring it into the kernel's workspace (:func:`kit.hub.packages.fetch_export`) and draw
its counts, summary, files to download (:mod:`kit.notebook.package_downloads`), README and
charts (:mod:`kit.research.explore`), redrawn when another package is chosen.

The same page serves a researcher on a hub (whose kernel has no workspace, only the packages
the service lists) and a lead or researcher on a local folder (the workspace's ``exports/``,
where nothing is copied, and any package folder given: ``$CANDLE_EXPORT`` or typed on the page).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

import ipywidgets as widgets
from IPython.display import Markdown

from kit.errors import KitError
from kit.hub.local import PACKAGE_MARKER
from kit.hub.packages import README, fetch_export, package_label
from kit.notebook.context import PageContext
from kit.notebook.package_downloads import PackageFiles
from kit.research import explore
from kit.views.pages import chart_widget

NO_PACKAGE = ("No finished export package yet. A lead makes one with the Export button of the "
              "release page; on this computer you can also open a package folder with the box above.")
NO_PACKAGE_HUB = ("No finished export package yet: a lead makes one with the Export button of the "
                  "release page.")
FOLDER_PREFIX = "folder:"  # a dropdown value naming a package folder, not a package of the list


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


def under_heading(markdown: str) -> str:
    """``markdown`` with each heading two levels lower, to sit under the page's own (h2)."""
    return re.sub(r"^(#{1,4}) ", r"##\1 ", markdown, flags=re.MULTILINE)


def _counts(package: explore.ExportPackage) -> str:
    """The package's counts in one line."""
    count, people = package.reflections(), package.practitioners()
    return (f"**{count} reflection{'' if count == 1 else 's'} by {people} practitioner"
            f"{'' if people == 1 else 's'}** (pseudonyms), from `{package.folder.name}`.")


class ExportChooser:
    """A dropdown of the packages the person may open, the chosen one's counts, summary, files
    to download, README, and its charts. ``page_folder``: where the downloads are saved (the
    page's own folder; None offers no downloads); ``folders``: package folders given besides
    the list (on a laptop)."""

    def __init__(self, context: PageContext | None, problem: str = "", page_folder: Path | None = None,
                 folders: Sequence[Path | str] = ()) -> None:
        self.context, self.problem, self.page_folder = context, problem, page_folder
        self.package: explore.ExportPackage | None = None
        self.files: PackageFiles | None = None  # the chosen package's downloads
        self.packages: list[str] = []
        if context is not None and not problem:
            try:
                self.packages = context.backend.exports()
            except KitError as error:
                self.problem = str(error)
        local = context is not None and not context.on_hub and not self.problem
        options = [(f"folder {Path(f)}", f"{FOLDER_PREFIX}{Path(f)}") for f in folders] if local else []
        options += labelled(list(reversed(self.packages)))
        self.dropdown = widgets.Dropdown(options=options, value=options[0][1] if options else None,
                                         description="Package", layout=widgets.Layout(width="36em"),
                                         style={"description_width": "initial"})
        self.dropdown.add_class("candle-export-choice")
        self.folder = widgets.Text(placeholder="a package folder on this computer",
                                   description="Or open the folder", layout=widgets.Layout(width="36em"),
                                   style={"description_width": "initial"})
        self.folder.add_class("candle-export-folder")
        self.open_button = widgets.Button(description="Open", layout=widgets.Layout(width="auto"))
        self.open_button.add_class("candle-export-open")
        self.open_button.on_click(lambda _: self.open_folder(self.folder.value))
        self.folder_problem = widgets.HTML()  # why a typed folder could not be opened
        self.summary = widgets.VBox()
        self.charts: dict[str, widgets.VBox] = {}
        self.dropdown.observe(lambda _: self.choose(), "value")
        parts: list[widgets.Widget] = [self.dropdown] if options else []
        parts += [widgets.HBox([self.folder, self.open_button]), self.folder_problem] if local else []
        self.widget = widgets.VBox([*parts, self.summary])
        self.widget.add_class("candle-export-page")
        self.choose()

    def open_folder(self, folder: str) -> None:
        """Add the package folder ``folder`` to the list and choose it (or say why not)."""
        path = Path(folder.strip()).expanduser().resolve()
        if not folder.strip() or not (path / PACKAGE_MARKER).is_file():
            why = (f"{path} is not a research export package (it has no {PACKAGE_MARKER}). Type the "
                   f"folder that holds the package's {PACKAGE_MARKER}.")
            self.folder_problem.value = _problem(why).value
            return
        self.folder_problem.value = ""
        value = f"{FOLDER_PREFIX}{path}"
        if value not in [v for _, v in self.dropdown.options]:
            self.dropdown.options = [(f"folder {path}", value), *self.dropdown.options]
            if self.dropdown not in self.widget.children:
                self.widget.children = (self.dropdown, *self.widget.children)
        self.dropdown.value = value
        self.folder.value = ""
        self.choose()

    def _open(self, context: PageContext) -> explore.ExportPackage:
        chosen = str(self.dropdown.value)
        if chosen.startswith(FOLDER_PREFIX):
            return explore.open_export(chosen.removeprefix(FOLDER_PREFIX))
        folder = fetch_export(context.backend, chosen, context.workspace.folder("exports"))
        return explore.open_export(folder)

    def _empty(self) -> str:
        return NO_PACKAGE_HUB if self.context is not None and self.context.on_hub else NO_PACKAGE

    def choose(self) -> None:
        """Open the chosen package and redraw the summary and every chart shown."""
        self.package, problem = None, self.problem
        if self.context is not None and self.dropdown.value is not None and not problem:
            try:
                self.package = self._open(self.context)
            except KitError as error:
                problem = str(error)
        if self.package is not None:
            self.summary.children = self._described(self.package)
        elif problem:
            self.summary.children = (_problem(problem),)
        else:
            self.summary.children = (widgets.HTML(f"<p class='candle-empty'><b>{html.escape(self._empty())}"
                                                  "</b></p>"),)
        for name in self.charts:
            self.draw(name)

    def _described(self, package: explore.ExportPackage) -> tuple[widgets.Widget, ...]:
        """The chosen package's counts, summary, files to download and README."""
        how = ("opened from its folder" if str(self.dropdown.value).startswith(FOLDER_PREFIX)
               else "chosen from the finished packages")
        summary = explore.summary_markdown(package, how)
        parts: list[widgets.Widget] = [_markdown(f"{_counts(package)}\n\n{summary}")]
        if self.page_folder is not None:
            self.files = PackageFiles(package, self.page_folder)
            parts.append(self.files.widget)
        readme = package.folder / README
        if readme.is_file():
            box = widgets.VBox([widgets.HTML("<h2>The package's README</h2>"),
                                _markdown(under_heading(readme.read_text(encoding="utf-8")))],
                               layout=widgets.Layout(border="1px solid #ccc", padding="0 0.8em"))
            box.add_class("candle-package-readme")
            parts.append(box)
        return tuple(parts)

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
