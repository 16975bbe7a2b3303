"""What a researcher's notebook calls: open an export package and chart it.

Charts are drawn only from the package's aggregate tables, whose small cells
are already suppressed; a suppressed cell is left out of the chart (never
drawn as zero) and counted in the caption. Codes are shown as their labels
(:mod:`kit.research.explore_labels`); a chart with nothing safe to draw says so
in words instead of drawing an empty frame. Charts are altair values
(``to_dict()`` is testable); the notebook shows them offline via
:func:`kit.views.pages.show_chart`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import pyarrow.parquet as pq
from IPython.display import Markdown, display

from kit.errors import ExportError, KitError
from kit.research import explore_labels
from kit.research.kanon import TOTAL
from kit.store.workspace import default_workspace_path
from kit.views.pages import show_chart, show_problem

EXPORT_ENV = "CANDLE_EXPORT"
AGGREGATE_TABLES = ("activity_by_period", "tags_by_level", "focus_life")


@dataclass(frozen=True)
class ExportPackage:
    """An opened research package: its folder, descriptor and aggregate tables."""

    folder: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame]

    def cells(self, name: str) -> pd.DataFrame:
        """The inner cells (no totals) of aggregate ``name`` that may be shown."""
        frame = self.tables[name]
        row, column = frame.columns[:2]
        inner = frame[(frame[row] != TOTAL) & (frame[column] != TOTAL)]
        return inner[~inner["suppressed"]].reset_index(drop=True)

    def suppressed(self, name: str) -> int:
        """How many cells of aggregate ``name`` are withheld."""
        return int(self.tables[name]["suppressed"].sum())

    def shown(self, name: str) -> pd.DataFrame:
        """The cells a chart draws: safe, non-empty, with their codes replaced by labels."""
        cells = self.cells(name)
        cells = cells[cells["reflections"].fillna(0) > 0]
        return explore_labels.labelled(cells, list(cells.columns[:2])).reset_index(drop=True)

    def order(self, name: str, column: str) -> list[str]:
        """The labels of ``column`` in aggregate ``name``, in their natural order."""
        cells = self.cells(name)
        return explore_labels.order(column, cells[column])

    def reflections(self) -> int:
        """How many reflections the package holds."""
        return pq.ParquetFile(self.folder / "reflections.parquet").metadata.num_rows

    def practitioners(self) -> int:
        """How many (pseudonymous) practitioners the package's reflections come from."""
        table = pq.read_table(self.folder / "reflections.parquet", columns=["practitioner_id"])
        return len(set(table.column("practitioner_id").to_pylist()))

    def files(self) -> list[Path]:
        """The files a researcher takes away: every ``.qdpx`` project (whatever its name), the
        CSV tables, ``datapackage.json`` and the README, in that order."""
        found = [p for p in self.folder.iterdir() if p.is_file() and not p.name.startswith(".")]
        rank = {".qdpx": 0, ".csv": 1, ".json": 2, ".md": 3}
        wanted = [p for p in found
                  if p.suffix in rank and (p.suffix != ".json" or p.name == "datapackage.json")]
        return sorted(wanted, key=lambda p: (rank[p.suffix], p.name))


def find_export(folder: Path | str | None = None) -> Path:
    """``folder``, else $CANDLE_EXPORT, else the newest package in the workspace's exports/."""
    chosen = folder or os.environ.get(EXPORT_ENV)
    if chosen:
        path = Path(chosen)
    else:
        exports = default_workspace_path() / "exports"
        found = sorted(exports.glob("*/datapackage.json"), key=lambda p: p.stat().st_mtime)
        if not found:
            raise ExportError(f"There is no export package in {exports}.",
                              "Run `candle export WORKSPACE --out WORKSPACE/exports/NAME` first, "
                              f"or set {EXPORT_ENV} to a package folder.")
        path = found[-1].parent
    if not (path / "datapackage.json").is_file():
        raise ExportError(f"{path} is not a research export (no datapackage.json).",
                          "Point to the folder `candle export --out` wrote.")
    return path


def open_export(folder: Path | str | None = None) -> ExportPackage:
    """Open a research package (see :func:`find_export` for the default)."""
    path = find_export(folder)
    descriptor = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    tables = {name: pd.read_parquet(path / f"{name}.parquet") for name in AGGREGATE_TABLES}
    return ExportPackage(path, descriptor, tables)


def _caption(package: ExportPackage, name: str) -> str:
    hidden = package.suppressed(name)
    return f"{hidden} small cells withheld (fewer than k reflections or practitioners)." if hidden \
        else "No cells withheld."


def _aggregate_chart(package: ExportPackage, table: str, title: str, description: str) -> alt.Chart:
    """A chart of aggregate ``table``'s safe cells, titled, with the withheld cells counted."""
    return alt.Chart(package.shown(table),
                     title=alt.Title(title, subtitle=_caption(package, table)),
                     description=description)


def activity_chart(package: ExportPackage) -> alt.Chart:
    """Reflections per period, stacked by focus-area kind group."""
    chart = _aggregate_chart(package, "activity_by_period", "Reflections by period and focus-area kind",
                             "Stacked bar chart: reflections in each period, split by the kind of "
                             "focus area. Small cells are left out.")
    return chart.mark_bar().encode(
        x=alt.X("period:O", title="Period", sort=package.order("activity_by_period", "period")),
        y=alt.Y("reflections:Q", title="Reflections"),
        color=alt.Color("focus_kind:N", title="Focus-area kind"),
        tooltip=["period", "focus_kind", "reflections"])


def tags_by_level_chart(package: ExportPackage) -> alt.Chart:
    """How often each concept tag is used at each Learning Journey level."""
    chart = _aggregate_chart(package, "tags_by_level", "Concept tags by Learning Journey level",
                             "Grid: how many reflections used each concept tag at each Learning "
                             "Journey level. Small cells are left out.")
    return chart.mark_rect().encode(
        x=alt.X("journey_level:O", title="Journey level",
                sort=package.order("tags_by_level", "journey_level")),
        y=alt.Y("tag:N", title="Concept tag", sort=package.order("tags_by_level", "tag")),
        color=alt.Color("reflections:Q", title="Reflections"),
        tooltip=["journey_level", "tag", "reflections"])


def focus_life_chart(package: ExportPackage) -> alt.Chart:
    """Which kinds of ideas reflections draw on as a focus area ages."""
    chart = _aggregate_chart(package, "focus_life", "Ideas over a focus area's life",
                             "Stacked bar chart: the share of tagged reflections drawing on each "
                             "kind of idea, by time since the focus area opened.")
    return chart.mark_bar().encode(
        x=alt.X("life_stage:O", title="Time since the focus area opened", sort=None),
        y=alt.Y("reflections:Q", stack="normalize", title="Share of tagged reflections"),
        color=alt.Color("tag_group:N", title="Kind of idea"),
        tooltip=["life_stage", "tag_group", "reflections"])


CHARTS = {"activity": activity_chart, "tags": tags_by_level_chart, "focus_life": focus_life_chart}
CHART_TABLES = {"activity": "activity_by_period", "tags": "tags_by_level", "focus_life": "focus_life"}


def empty_message(package: ExportPackage, table: str) -> str | None:
    """Why a chart has nothing to draw (too few reflections to show safely), or None."""
    if len(package.shown(table)):
        return None
    withheld = package.suppressed(table)
    why = (f"every cell with reflections in it describes fewer than k reflections or practitioners, "
           f"so {withheld} cells are withheld" if package.reflections() and withheld
           else "the package has no reflections for it")
    return (f"**Nothing to draw here yet:** {why}. A larger export (more practitioners or a longer "
            "time), or dates by quarter (`candle export --date-grain quarter`), may show more.")


def _found_how(folder: Path) -> str:
    """Why this package was opened: named by $CANDLE_EXPORT, or a workspace's newest export."""
    if os.environ.get(EXPORT_ENV):
        return f"named by ${EXPORT_ENV}"
    try:
        root = default_workspace_path()
    except KitError:
        return "opened by folder"
    if folder.resolve().parent == (root / "exports").resolve():
        return f"the newest export of the workspace at {root}"
    return "opened by folder"


def summary_markdown(package: ExportPackage, how: str | None = None) -> str:
    """What the package holds, from its descriptor: where (and ``how`` it was found, by
    default from $CANDLE_EXPORT or the workspace), when, how many, which tables."""
    count = package.reflections()
    held = (f"**{count} reflections.**" if count else
            "**No reflections**: this package was written empty on purpose (`--allow-empty`).")
    lines = [f"**Package** `{package.folder}` ({how or _found_how(package.folder)})", "",
             package.descriptor.get("description", ""), "", held, ""]
    lines += [f"- {r['title']} (`{r['name']}`)" for r in package.descriptor["resources"]]
    return "\n".join(lines)


def show_summary(folder: Path | str | None = None) -> None:
    """Display what the package holds (or, in plain words, why it cannot be opened)."""
    try:
        display(Markdown(summary_markdown(open_export(folder))))
    except KitError as error:
        show_problem(error)


def show(chart_name: str, folder: Path | str | None = None) -> None:
    """Display one of the charts (``activity``, ``tags`` or ``focus_life``) offline, or why it is empty."""
    try:
        package = open_export(folder)
        empty = empty_message(package, CHART_TABLES[chart_name])
        if empty:
            display(Markdown(empty))
        else:
            show_chart(CHARTS[chart_name](package))
    except KitError as error:
        show_problem(error)
