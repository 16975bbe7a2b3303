"""What the pages draw, given their data: a chart, a table, Start here, a My learning
section, a list of people. The notebook cells call :mod:`kit.notebook`, which finds the
workspace, the person and the workspace interface once and hands them here.

My learning's charts are drawn in the kernel as SVG (:func:`drawn_chart_html`: the page shows
them at once, with no JavaScript to load); charts people explore are ``alt.JupyterChart`` in
offline mode (the vega JavaScript served by the kit, no CDN). Never the
``mimetype``/``jupyterlab`` renderer, which breaks papermill and nbval.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import mistune
import pandas as pd
from IPython.display import HTML, Markdown, display

from kit.capture import events
from kit.charts import bundle, svg
from kit.charts import learning as charts_learning
from kit.errors import KitError, NoRole
from kit.store.workspace import Person, Workspace
from kit.views import header as words
from kit.views import learning, site
from kit.views.header import details_html, hub_details_html, in_workspace, no_name_yet, who
from kit.views.html_table import html_table
from kit.views.shared_reviews import ReviewSource, shared_reviews_reader

DATE_FORMAT = "%d %b %Y"
TABLE_CLASS = "candle-table"
# JupyterLab right-aligns table cells; words (notes, names) read left-aligned.
TABLE_STYLE = (f"<style>table.{TABLE_CLASS} th, table.{TABLE_CLASS} td "
               "{ text-align: left !important; vertical-align: top; }</style>")


def offline_charts() -> None:
    """Make ``alt.JupyterChart`` load its JavaScript from the kit, not a CDN
    (:func:`kit.charts.bundle.chart_module`: from the Jupyter server when it serves it, else
    the whole bundle in each chart).

    ``alt.JupyterChart(chart, offline=True)`` silently ignores ``offline``; the class-level
    ``_esm`` is what counts.
    """
    chart_class = alt.JupyterChart
    if getattr(chart_class, "_is_offline", False):
        return
    chart_class._esm = bundle.chart_module()
    chart_class._is_offline = True


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


def drawn_chart_html(chart: alt.TopLevelMixin) -> str:
    """``chart`` drawn in the kernel as accessible SVG (:func:`kit.charts.svg.to_svg`, each
    mark's words shown on hover), in a ``candle-chart`` block: no JavaScript to load, so it
    shows with the page's first paint and prints as it looks."""
    return f'<div class="candle-chart">{svg.with_hover_titles(svg.to_svg(chart))}</div>'


def draw_example_learning_charts() -> None:
    """Draw each of My learning's charts once from a small made-up example (nobody's records),
    so that a spare kernel (:mod:`kit.app.warmup`) has met every kind of mark and text before a
    page asks: a process's first drawing of each is about 0.1 s slower, and vl-convert's engine
    starts with the first."""
    months = pd.to_datetime(["2026-01-01", "2026-02-01"])
    days = pd.to_datetime(["2026-01-05", "2026-02-09"])
    example = [
        charts_learning.reflections_over_time(pd.DataFrame(
            {"month": months, "focus_area": ["Example A", "Example B"], "reflections": [1, 2]})),
        charts_learning.tags_used(pd.DataFrame({"label": ["Example idea"], "reflections": [1]})),
        charts_learning.self_ratings(pd.DataFrame(
            {"date": days, "measure": ["My confidence", "My understanding"], "rating": [2, 3]})),
        charts_learning.licence_timeline(
            pd.DataFrame({"date": days, "label": ["Applied", "Licence granted"]}),
            today=days[1].date(), renewal=months[1].date()),
    ]
    for chart in example:
        drawn_chart_html(chart)


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
    """Show a kit error in plain words (never a traceback); its details, if any, folded away.
    Someone with no part in the team's work is told so once, by the page's header: here,
    nothing is shown for it."""
    if isinstance(error, NoRole):
        return
    display(Markdown(f"**Something needs attention.** {error}"))
    if error.details:
        display(HTML(details_html(html.escape(error.details))))


def start_here_markdown(summary: learning.Summary) -> str:
    """The "Start here" page for one user, as Markdown."""
    focus = ", ".join(summary.active_focus_areas) or "none yet"
    me = Person(id=summary.user_id, name=summary.name, kinds=summary.kinds)
    name, note = who(me, summary.kept_by)
    hint = no_name_yet(me, summary.kept_by)
    lines = [f"### Hello, {summary.name}",
             f"You are **{name}** ({note}) {in_workspace(summary.workspace_name, summary.kept_by)}."
             + (f" {hint}" if hint else ""), ""]
    if "practitioner" in summary.kinds:
        lines += [
            f"- Licence: **{summary.licence_status}**",
            f"- Active focus areas: {focus}",
            f"- Reflections saved: {summary.reflections}",
        ]
    if "lead" in summary.kinds:
        lines.append(f"- Practitioners you support: {summary.practitioners_supported}")
    lines += ["", "#### What to do next", *[f"1. {step}" for step in summary.next_steps], "",
              "#### Your pages", site.page_list_markdown(summary.kinds), "",
              "#### Where your data lives", words.where_records_are(summary.workspace_root, summary.kept_by)]
    return "\n".join(lines)


def start_here_html(summary: learning.Summary) -> str:
    """The "Start here" page for one user, as HTML: :func:`start_here_markdown`, and on a hub
    the service's address and the copy's folder folded away for whoever runs the hub."""
    shown = mistune.html(start_here_markdown(summary))
    if summary.kept_by is None:
        return shown
    return shown + hub_details_html(summary.workspace_root, summary.kept_by)


ONLY_FOR = {
    "practitioner": "My learning shows a practitioner's own reflections, licence and notes",
    "lead": "This list is for lead practitioners: the practitioners who name them as their lead",
    "link": "This list is for Link practitioners: the practitioners who name them as their Link",
    "admin": "This page is for administrators (the hub's candle-admins group), who answer a "
             "person's requests for their records and for erasure",
}


def not_for(person: Person, kind: str) -> str | None:
    """Why a section for ``kind`` shows ``person`` nothing (they lack that kind), or None."""
    if kind in person.kinds:
        return None
    return (f"{ONLY_FOR[kind]}. You are signed in as {person.name} "
            f"({', '.join(person.kinds)}), so there is nothing to show you here.")


def show_not_for(reason: str) -> None:
    """Say why a section shows this person nothing (see :func:`not_for`)."""
    display(Markdown(f"**Nothing to show here.** {reason}"))


def start_here_widget(ws: Workspace, person: Person, kept_by: str | None = None) -> widgets.HTML:
    """The Start here summary as a widget that redraws after every save in ``ws`` (live);
    ``kept_by``: on a hub, the candle service that keeps the records."""
    def draw() -> str:
        return start_here_html(learning.summary(ws, person.id, kept_by))

    summary = widgets.HTML(draw())
    summary.add_class("candle-start-here")

    def redraw(root: Path, _table: str) -> None:
        if root == ws.root:
            summary.value = draw()

    events.listen(redraw)
    return summary


# My learning's sections drawn as HTML from (workspace, practitioner id): its charts, drawn in
# the kernel, and the notes table. A page can draw them ahead (kit.notebook.ahead).
LEARNING_HTML: dict[str, Callable[[Workspace, str], str]] = {
    "reflections": lambda ws, pid: drawn_chart_html(
        charts_learning.reflections_over_time(learning.my_reflection_counts(ws, pid))),
    "tags": lambda ws, pid: drawn_chart_html(charts_learning.tags_used(learning.my_tags(ws, pid))),
    "self_ratings": lambda ws, pid: drawn_chart_html(
        charts_learning.self_ratings(learning.my_self_ratings(ws, pid))),
    "licence": lambda ws, pid: drawn_chart_html(
        charts_learning.licence_timeline(*learning.my_licence(ws, pid))),
    "review_notes": lambda ws, pid: table_html(
        learning.my_review_notes(ws, pid), "Review notes from my lead",
        "Your lead has not shared a review note yet."),
}


def show_shared_reviews(ws: Workspace, practitioner_id: str, reviews: ReviewSource | None = None) -> None:
    """My learning's shared reviews: a widget that opens each one (on a hub, from the service
    that keeps them, through the workspace interface ``reviews``)."""
    display(shared_reviews_reader(ws, practitioner_id, reviews))


# My learning's sections, in the page's order: those drawn as HTML, and the shared reviews.
LEARNING_SECTIONS = ("reflections", "tags", "self_ratings", "licence", "reviews", "review_notes")


PEOPLE_LISTS = {  # kind -> (verb in the caption, what an empty list says)
    "lead": ("supports", "Nobody names you as their lead yet."),
    "link": ("orients", "Nobody names you as their link practitioner yet."),
}


def show_people(person: Person, kind: str, frame: pd.DataFrame) -> None:
    """The practitioners who name ``person`` as their ``kind`` (lead: the roster with each one's
    last reflection; link: whether each has started), as a table in name order."""
    verb, empty = PEOPLE_LISTS[kind]
    show_table(frame, f"Practitioners {person.name} {verb} (by name)", empty)
