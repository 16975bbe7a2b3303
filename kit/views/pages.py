"""Small helpers a notebook cell calls: who am I, show a chart, a table, a page section.

Notebooks hold no logic: each code cell is one or two calls into this module
(or :mod:`kit.forms`). Charts are shown with ``alt.JupyterChart`` in offline
mode (the vega JavaScript is bundled by vl-convert, no CDN), never with the
``mimetype``/``jupyterlab`` renderer, which breaks papermill and nbval.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import mistune
import pandas as pd
from IPython.display import HTML, Markdown, display

from kit.capture import events
from kit.charts import learning as charts_learning
from kit.errors import KitError
from kit.store.atomic import write_text
from kit.store.workspace import Person, Workspace
from kit.views import learning
from kit.views.header import context
from kit.views.html_table import html_table
from kit.views.shared_reviews import shared_reviews_reader

DATE_FORMAT = "%d %b %Y"
TABLE_CLASS = "candle-table"
# JupyterLab right-aligns table cells; words (notes, names) read left-aligned.
TABLE_STYLE = (f"<style>table.{TABLE_CLASS} th, table.{TABLE_CLASS} td "
               "{ text-align: left !important; vertical-align: top; }</style>")


def bundle_cache_path() -> Path:
    """Where the offline chart bundle is cached, per altair and vl-convert version."""
    import vl_convert

    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mini-candle-kit"
    return root / f"jupyterchart-{alt.__version__}-{vl_convert.__version__}.js"


def offline_charts() -> None:
    """Make ``alt.JupyterChart`` load its JavaScript from vl-convert, not a CDN.

    ``alt.JupyterChart(chart, offline=True)`` silently ignores ``offline``; the
    class-level ``enable_offline()`` is what works. It bundles about 1 MB of
    JavaScript (3 s), so the bundle is cached on disk and reused by every kernel.
    """
    chart_class = alt.JupyterChart
    if getattr(chart_class, "_is_offline", False):
        return
    cache = bundle_cache_path()
    if cache.is_file() and hasattr(chart_class, "_esm"):
        chart_class._esm = cache.read_text(encoding="utf-8")
        chart_class._is_offline = True
        return
    chart_class.enable_offline()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_text(cache, chart_class._esm, durable=False)
    except OSError:
        pass  # no cache: the next kernel bundles again, which is only slower


def chart_widget(chart: alt.TopLevelMixin) -> alt.JupyterChart:
    """``chart`` as an offline JupyterChart widget (CSS class ``candle-chart``).

    Without vega-embed's actions menu: its icon-only ``<summary>`` has no accessible name,
    and saving a chart's source is not something a practitioner needs.
    """
    offline_charts()
    widget = alt.JupyterChart(chart, embed_options={"actions": False})
    widget.add_class("candle-chart")
    return widget


def show_chart(chart: alt.TopLevelMixin) -> None:
    """Display ``chart`` in JupyterLab, offline."""
    display(chart_widget(chart))


def table_html(frame: pd.DataFrame, caption: str, empty: str = "Nothing here yet.") -> str:
    """``frame`` as a plain, deterministic HTML table with a caption; dates as 3 Apr 2025."""
    if frame.empty:
        return f'<p class="{TABLE_CLASS}-empty"><strong>{html.escape(caption)}</strong>: ' \
               f"{html.escape(empty)}</p>"
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime(DATE_FORMAT).fillna("not yet")
    headers = [str(column).replace("_", " ").capitalize() for column in shown.columns]
    rows = shown.itertuples(index=False, name=None)
    return TABLE_STYLE + html_table(headers, rows, caption=caption, css_class=TABLE_CLASS)


def show_table(frame: pd.DataFrame, caption: str, empty: str = "Nothing here yet.") -> None:
    """Display ``frame`` as a captioned table (or ``empty`` when it has no rows)."""
    display(HTML(table_html(frame, caption, empty)))


def show_problem(error: KitError) -> None:
    """Show a kit error in plain words (never a traceback)."""
    display(Markdown(f"**Something needs attention.** {error}"))


def start_here_markdown(summary: learning.Summary) -> str:
    """The "Start here" page for one user, as Markdown."""
    focus = ", ".join(summary.active_focus_areas) or "none yet"
    lines = [
        f"### Hello, {summary.name}",
        f"You are **{summary.user_id}** ({', '.join(summary.kinds)}) "
        f"in the workspace **{summary.workspace_name}**.",
        "",
    ]
    if "practitioner" in summary.kinds:
        lines += [
            f"- Licence: **{summary.licence_status}**",
            f"- Active focus areas: {focus}",
            f"- Reflections saved: {summary.reflections}",
        ]
    if "lead" in summary.kinds:
        lines.append(f"- Practitioners you support: {summary.practitioners_supported}")
    lines += ["", "#### What to do next", *[f"1. {step}" for step in summary.next_steps], "",
              "#### Where your data lives",
              f"Everything you save is in `{summary.workspace_root}`: one file per record under "
              "`records/`, tables for charts under `tables/`, unsaved drafts under `drafts/`, "
              "and names to hide under `private/` (never shared)."]
    return "\n".join(lines)


ONLY_FOR = {
    "practitioner": "My learning shows a practitioner's own reflections, licence and notes",
    "lead": "This list is for lead practitioners: the practitioners who name them as their lead",
    "link": "This list is for Link practitioners: the practitioners who name them as their Link",
}


def not_for(person: Person, kind: str) -> str | None:
    """Why a section for ``kind`` shows ``person`` nothing (they lack that kind), or None."""
    if kind in person.kinds:
        return None
    return (f"{ONLY_FOR[kind]}. You are signed in as {person.name} "
            f"({', '.join(person.kinds)}), so there is nothing to show you here.")


def _guarded(show: Callable[[], None]) -> None:
    try:
        show()
    except KitError as error:
        show_problem(error)


def start_here_widget(ws: Workspace, person: Person) -> widgets.HTML:
    """The Start here summary as a widget that redraws after every save in ``ws`` (live)."""
    def draw() -> str:
        return mistune.html(start_here_markdown(learning.summary(ws, person.id)))

    summary = widgets.HTML(draw())
    summary.add_class("candle-start-here")

    def redraw(root: Path, _table: str) -> None:
        if root == ws.root:
            summary.value = draw()

    events.listen(redraw)
    return summary


def show_start_here(workspace: Workspace | str | None = None, user_id: str | None = None) -> None:
    """Who I am in this workspace, what to do next, and where my data lives (kept current)."""
    def show() -> None:
        ws, person = context(workspace, user_id)
        display(start_here_widget(ws, person))
    _guarded(show)


LEARNING_SECTIONS: dict[str, Callable[[Workspace, str], None]] = {
    "reflections": lambda ws, pid: show_chart(
        charts_learning.reflections_over_time(learning.my_reflection_counts(ws, pid))),
    "tags": lambda ws, pid: show_chart(charts_learning.tags_used(learning.my_tags(ws, pid))),
    "self_ratings": lambda ws, pid: show_chart(
        charts_learning.self_ratings(learning.my_self_ratings(ws, pid))),
    "licence": lambda ws, pid: show_chart(
        charts_learning.licence_timeline(learning.my_licence_timeline(ws, pid),
                                         *learning.my_licence_marks(ws, pid))),
    "reviews": lambda ws, pid, reviews=None: display(shared_reviews_reader(ws, pid, reviews)),
    "review_notes": lambda ws, pid: show_table(
        learning.my_review_notes(ws, pid), "Review notes from my lead",
        "Your lead has not shared a review note yet."),
}


def show_my_learning(section: str, workspace: Workspace | str | None = None,
                     user_id: str | None = None) -> None:
    """Show one section of "My learning": reflections, tags, self_ratings, licence, reviews,
    review_notes."""
    if section not in LEARNING_SECTIONS:
        raise KitError(f"'{section}' is not a section of My learning.",
                       f"Use one of: {', '.join(LEARNING_SECTIONS)}.")

    def show() -> None:
        ws, person = context(workspace, user_id)
        reason = not_for(person, "practitioner")
        if reason:
            display(Markdown(f"**Nothing to show here.** {reason}"))
            return
        LEARNING_SECTIONS[section](ws, person.id)
    _guarded(show)


def _show_people_list(workspace: Workspace | str | None, user_id: str | None,
                      rows: Callable[[Workspace, str], pd.DataFrame], verb: str, empty: str) -> None:
    kind = "lead" if verb == "supports" else "link"

    def show() -> None:
        ws, person = context(workspace, user_id)
        reason = not_for(person, kind)
        if reason:
            display(Markdown(f"**Nothing to show here.** {reason}"))
            return
        show_table(rows(ws, person.id), f"Practitioners {person.name} {verb} (by name)", empty)
    _guarded(show)


def show_roster(workspace: Workspace | str | None = None, user_id: str | None = None) -> None:
    """The lead's roster: practitioners they support and the date of each one's last reflection."""
    _show_people_list(workspace, user_id, learning.roster, "supports",
                      "Nobody names you as their lead yet.")


def show_oriented(workspace: Workspace | str | None = None, user_id: str | None = None) -> None:
    """The Link practitioner's list: who they orient, and whether each has started."""
    _show_people_list(workspace, user_id, learning.oriented, "orients",
                      "Nobody names you as their link practitioner yet.")
