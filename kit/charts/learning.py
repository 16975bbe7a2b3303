"""Altair charts of "My learning": DataFrame in (from :mod:`kit.views.learning`), chart out.

Follows the rules of :mod:`kit.charts.builders` and reuses its house theme and its
self-rating and licence charts: data aggregated before charting, a title and
an accessible ``description`` on every chart, categories in alphabetical
order, nothing scored and nobody ranked.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from kit.charts import builders as charts
from kit.charts.counts import count_channel
from kit.charts.months import MONTH_FORMAT, month_axis, month_labels

# Square bar ends: in JupyterLab (JupyterChart, Chromium) a bar with the house theme's
# rounded end longer than about 200 px is drawn about 40 px long (the SVG path is right;
# seen in the browser test's screenshots). Static svg/png renders are unaffected.
SQUARE_BARS = {"cornerRadiusEnd": 0}


def _finish(chart: alt.Chart, title: str, description: str) -> alt.Chart:
    charts.use_house_theme()
    return chart.properties(width=charts.WIDTH, title=title, description=description)


def reflections_over_time(counts: pd.DataFrame) -> alt.Chart:
    """Stacked bars: my reflections each month, coloured by focus area.

    ``counts``: :func:`kit.views.learning.reflection_counts` (``month``, ``focus_area``, ``reflections``).
    """
    title = "My reflections each month"
    description = ("Bar chart: how many reflections I wrote each month, coloured by focus area; "
                   "each reflection is counted once.")
    charts.use_house_theme()
    if counts.empty:
        return charts.empty_chart(title, description, "No reflections yet. Write one in 03_reflect.")
    areas = sorted(counts["focus_area"].astype(str).unique())
    description += (f" {int(counts['reflections'].sum())} reflections from "
                    f"{counts['month'].min():{MONTH_FORMAT}} to {counts['month'].max():{MONTH_FORMAT}}"
                    f" about {', '.join(areas)}.")
    months, order = month_labels(counts["month"])
    frame = counts.assign(month=months)
    chart = alt.Chart(frame).mark_bar(**SQUARE_BARS).encode(
        x=alt.X("month:O", title="Month", sort=order, axis=month_axis()),
        y=alt.Y("sum(reflections):Q", title="Reflections",
                **count_channel(counts.groupby("month")["reflections"].sum().max())),
        color=alt.Color("focus_area:N", title="Focus area", sort=areas),
        tooltip=[alt.Tooltip("month:O", title="Month"),
                 alt.Tooltip("focus_area:N", title="Focus area"),
                 alt.Tooltip("sum(reflections):Q", title="Reflections")],
    )
    return _finish(chart, title, description)


def tags_used(tags: pd.DataFrame) -> alt.Chart:
    """Bars: how many of my reflections carry each tag I used (tags in alphabetical order).

    ``tags``: :func:`kit.views.learning.tags_used` (``label``, ``reflections``).
    """
    title = "The ideas I tagged"
    description = "Bar chart: the concept tags I used and how many of my reflections carry each."
    charts.use_house_theme()
    if tags.empty:
        return charts.empty_chart(title, description, "No tags yet. Tag the ideas a reflection is about.")
    description += " " + "; ".join(f"{row.label}: {row.reflections}" for row in tags.itertuples()) + "."
    chart = alt.Chart(tags[["label", "reflections"]]).mark_bar(**SQUARE_BARS).encode(
        y=alt.Y("label:N", title=None, sort=sorted(tags["label"].astype(str))),
        x=alt.X("reflections:Q", title="Reflections", **count_channel(tags["reflections"].max())),
        tooltip=[alt.Tooltip("label:N", title="Tag"),
                 alt.Tooltip("reflections:Q", title="Reflections")],
    )
    return _finish(chart, title, description)


def self_ratings(ratings: pd.DataFrame) -> alt.Chart:
    """My own optional 1-5 ratings over time (:func:`kit.charts.builders.self_ratings_over_time`)."""
    return charts.self_ratings_over_time(ratings)


def licence_timeline(timeline: pd.DataFrame, today: date | None = None,
                     renewal: date | None = None) -> alt.Chart:
    """My licence events on a time line, labelled in words, with today and the renewal date
    (:func:`kit.charts.builders.licence_timeline`)."""
    events = timeline[["date", "label"]].rename(columns={"label": "event"})
    return charts.licence_timeline(events, today=today, renewal=renewal)
