"""Charts of learning and activity: each a function, tidy DataFrame in, altair Chart out.

Rules every chart here follows (and every chart elsewhere should):

- the data is aggregated in pandas first, so a chart carries counts, never raw
  rows (altair refuses more than 5,000 rows; reviews must stay small);
- it has a title and a ``description`` (read out by screen readers as the SVG's
  aria-label);
- it shows activity in the practitioner's own terms: nothing is scored, and
  people are never ranked: practitioners appear in alphabetical order of id,
  categories in alphabetical order, never sorted by volume;
- an empty frame gives a chart that says there is nothing to show.

The house theme ``candle`` is registered and enabled on import.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

import altair as alt
import pandas as pd

from kit.charts import lanes
from kit.charts.counts import count_channel
from kit.charts.months import month_axis, month_labels
from kit.charts.theme import TEXT_FONT_SIZE, WIDTH
from kit.charts.theme import use_house_theme as use_house_theme
from kit.charts.theme import use_theme as use_theme
from kit.model import licence

STATUS_COLOURS = {  # keyed by the licence's status words (kit.model.licence)
    licence.STATUS_WORDS[licence.ACTIVE]: "#009E73",
    licence.DUE_TO_RENEW: "#E69F00",
    licence.STATUS_WORDS[licence.PAUSED]: "#56B4E9",
    licence.STATUS_WORDS[licence.APPLIED]: "#CC79A7",
    licence.STATUS_WORDS[licence.ENDED]: "#999999",
    licence.NO_LICENCE: "#DDDDDD",
}
EMPTY_MESSAGE = "Nothing recorded for this yet."
DAY_FORMAT = "%d %b %Y"  # day first, month in words: 01 Dec 2026
ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)
Drawing = Callable[[pd.DataFrame], alt.TopLevelMixin]
"""Draws a chart from counted rows (see :func:`_counted`)."""


def _set(chart: ChartT, **properties: object) -> ChartT:
    """``chart`` with its top-level ``properties`` set, as ``chart.properties(...)`` does but
    without checking each value against the Vega-Lite schema first (the values are this
    module's own; the check cost more CPU than drawing the chart)."""
    copy = chart.copy(deep=False)
    for name, value in properties.items():
        setattr(copy, name, value)
    return copy


def _finish(chart: alt.Chart | alt.LayerChart, title: str, description: str,
            subtitle: str = "") -> alt.Chart | alt.LayerChart:
    heading = alt.Title(title, subtitle=subtitle) if subtitle else title
    return _set(chart, title=heading, description=description)


def empty_chart(title: str, description: str, message: str = EMPTY_MESSAGE) -> alt.Chart:
    """A chart that says there is nothing to show (keeps the review's layout)."""
    frame = pd.DataFrame({"message": [message]})
    chart = alt.Chart(frame).mark_text(fontSize=13, color="#555555").encode(text=alt.Text("message:N"))
    return _finish(_set(chart, width=WIDTH, height=40), title, f"{description} {message}")


def count_rows(frame: pd.DataFrame, by: Sequence[str], name: str = "count") -> pd.DataFrame:
    """One row per combination of ``by`` with how many rows had it (missing as '(none)')."""
    keys = list(by)
    filled = frame[keys].astype("string").fillna("(none)")
    return filled.groupby(keys, dropna=False).size().reset_index(name=name)


def _counted(title: str, description: str, by: Sequence[str], name: str,
             empty: str = EMPTY_MESSAGE) -> Callable[[Drawing], Callable[[pd.DataFrame], alt.TopLevelMixin]]:
    """Make a chart of counts from a builder that only draws them.

    The decorated function takes the rows; they are counted by ``by`` (the count in
    column ``name``, see :func:`count_rows`) and handed to the drawing, whose chart gets
    ``title`` and ``description``. No rows give :func:`empty_chart` saying ``empty``.
    """
    def decorate(draw: Drawing) -> Callable[[pd.DataFrame], alt.TopLevelMixin]:
        @functools.wraps(draw)
        def build(frame: pd.DataFrame) -> alt.TopLevelMixin:
            if frame.empty:
                return empty_chart(title, description, empty)
            return _finish(draw(count_rows(frame, by, name)), title, description)
        return build
    return decorate


def _tips(*fields: str) -> list[alt.Tooltip]:
    """Tooltip channels, built explicitly (altair's string shorthand costs ~40 ms each)."""
    return [alt.Tooltip(field) for field in fields]


def date_tip(field: str, title: str = "Date") -> alt.Tooltip:
    """A tooltip for a temporal field, day first (never the browser's month-first locale)."""
    return alt.Tooltip(field, title=title, format=DAY_FORMAT)


def _alphabetical(values: pd.Series) -> list[str]:
    return sorted(str(value) for value in values.dropna().unique())


@_counted("Reflections per focus area",
          ("Bar chart: how many reflections were written about each focus area "
           "in this period and in the previous period. A reflection about two focus "
           "areas counts once in each of their bars."),
          by=["focus_area", "period"], name="reflections")
def reflections_per_focus_area(counts: pd.DataFrame) -> alt.Chart:
    """Reflections per focus area, this period beside the previous one.

    ``links``: one row per (reflection, focus area) with columns ``focus_area``
    (its label) and ``period`` (the period's name).
    """
    periods = sorted(counts["period"].unique())  # period names sort in time order
    chart = alt.Chart(counts).mark_bar().encode(
        y=alt.Y("focus_area:N", title="Focus area", sort=_alphabetical(counts["focus_area"])),
        yOffset=alt.YOffset("period:N", sort=periods),
        x=alt.X("reflections:Q", title="Reflections", **count_channel(counts["reflections"].max())),
        color=alt.Color("period:N", title="Period", sort=periods),
        tooltip=_tips("focus_area:N", "period:N", "reflections:Q"),
    )
    return _set(chart, width=WIDTH)


@_counted("Concept tags per focus area",
          ("Grid: how often each concept tag was used in reflections about each "
           "focus area in this period; darker squares mean more reflections."),
          by=["focus_area", "tag"], name="reflections")
def tags_per_focus_area(counts: pd.DataFrame) -> alt.Chart:
    """Concept tags used per focus area, as a grid of counts.

    ``tags``: one row per (reflection, focus area, tag) with ``focus_area`` and ``tag``.
    """
    base = alt.Chart(counts).encode(
        x=alt.X("focus_area:N", title="Focus area", sort=_alphabetical(counts["focus_area"]),
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("tag:N", title="Concept tag", sort=_alphabetical(counts["tag"])),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("reflections:Q", title="Reflections", scale=alt.Scale(scheme="blues")),
        tooltip=_tips("focus_area:N", "tag:N", "reflections:Q"),
    )
    labels = base.mark_text().encode(text=alt.Text("reflections:Q"))
    return _set(alt.layer(cells, labels), width=WIDTH)


def activity_over_time(events: pd.DataFrame) -> alt.Chart:
    """Learning Journey steps and support contacts per month.

    ``events``: one row per step or contact with ``date`` and ``activity``.
    """
    title = "Learning Journey steps and support contacts"
    description = ("Bar chart by month: how many Learning Journey steps were taken and how "
                   "many support contacts happened.")
    if events.empty:
        return empty_chart(title, description)
    months, order = month_labels(events["date"])
    frame = pd.DataFrame({"month": months, "activity": events["activity"].astype(str)})
    counts = count_rows(frame, ["month", "activity"], "count")
    chart = alt.Chart(counts).mark_bar().encode(
        x=alt.X("month:O", title="Month", sort=order, axis=month_axis()),
        xOffset=alt.XOffset("activity:N"),
        y=alt.Y("count:Q", title="How many", **count_channel(counts["count"].max())),
        color=alt.Color("activity:N", title="Activity"),
        tooltip=_tips("month:O", "activity:N", "count:Q"),
    )
    return _finish(_set(chart, width=WIDTH), title, description)


def self_ratings_over_time(ratings: pd.DataFrame) -> alt.Chart:
    """The practitioner's own 1-5 ratings, as given, over time (nothing is computed).

    ``ratings``: one row per given rating with ``date``, ``measure`` and ``rating``.
    Ratings given on the same day are counted, never averaged.
    """
    title = "My own ratings over time"
    description = ("Dot chart: the practitioner's own ratings of their understanding and "
                   "confidence, from 1 to 5, on the days they gave them. The kit computes "
                   "no score.")
    if ratings.empty:
        return empty_chart(title, description, "No self-ratings were given.")
    frame = ratings.assign(date=pd.to_datetime(ratings["date"]).dt.strftime("%Y-%m-%d"),
                           rating=ratings["rating"].astype(int).astype(str))
    counts = count_rows(frame, ["date", "measure", "rating"], "times")
    counts["rating"] = counts["rating"].astype(int)
    chart = alt.Chart(counts).mark_point(filled=True, opacity=0.85).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format=DAY_FORMAT)),
        y=alt.Y("rating:Q", title="Own rating (1-5)", scale=alt.Scale(domain=[1, 5]),
                axis=alt.Axis(values=[1, 2, 3, 4, 5])),
        size=alt.Size("times:Q", title="Times given", legend=None, scale=alt.Scale(range=[90, 300])),
        color=alt.Color("measure:N", title="Rating of"),
        shape=alt.Shape("measure:N", title="Rating of"),
        tooltip=[date_tip("date:T"), *_tips("measure:N", "rating:Q", "times:Q")],
    )
    return _finish(_set(chart, width=WIDTH, height=160), title, description)


TIMELINE_ROW = 20
"""Pixels between two rows of a licence time line's labels."""
TIMELINE_TOP = 12
"""Pixels above a licence time line's first row."""
POINT_REACH, LABEL_DX, MARK_DX = 7.0, 9.0, 4.0
"""Pixels: how far an event's point reaches either side of its day; where its label starts,
right of the day; how far a dashed line's words keep from it."""


def _day_value(day: date) -> alt.DateTime:
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)


def licence_timeline(events: pd.DataFrame, today: date | None = None,
                     renewal: date | None = None, today_label: str = "Today") -> alt.Chart:
    """The licence's events (applied, granted, paused, ...) on a time line, today and the renewal
    date as dashed lines; an event after ``today`` is planned: an open circle, '(planned)'.

    ``events``: one row per licence event with ``date`` and ``event`` (the event's id, such
    as 'active', or its words). ``today_label`` names the ``today`` line (a review marks the
    end of its period instead). Each event is a point with its words to its right, on the first
    row where they clear every other label (:mod:`kit.charts.lanes`): events on the same or
    nearby days stack, never overlap; the dashed lines' words take rows below the events'.
    """
    title = "Licence timeline"
    description = "Time line of the licence: when it was applied for, granted, paused, renewed."
    if events.empty:
        return empty_chart(title, description, "No licence events are recorded.")
    words = events["event"].astype(str).map(lambda e: licence.EVENT_LABELS.get(e, e))
    frame = events.assign(date=pd.to_datetime(events["date"]).dt.strftime("%Y-%m-%d"), event=words)
    counts = count_rows(frame, ["date", "event"], "times").sort_values("date", ignore_index=True)
    counts["planned"] = counts["date"] > f"{today:%Y-%m-%d}" if today else False
    counts["text"] = counts["event"].where(~counts["planned"], counts["event"] + " (planned)")
    marks = sorted((day, label) for day, label in ((today, today_label), (renewal, "Renewal due"))
                   if day)
    mark_words = [f"{label} {day:%d/%m/%Y}" for day, label in marks]
    days = [date.fromisoformat(day) for day in counts["date"]] + [day for day, _ in marks]
    domain = lanes.day_domain(days)
    size = TEXT_FONT_SIZE
    event_x = [lanes.day_x(date.fromisoformat(day), domain, WIDTH) for day in counts["date"]]
    event_rows = lanes.stack([(x - POINT_REACH, x + LABEL_DX + lanes.text_width(text, size))
                              for x, text in zip(event_x, counts["text"], strict=True)])
    mark_x = [lanes.day_x(day, domain, WIDTH) for day, _ in marks]
    mark_spans = [(x - MARK_DX - lanes.text_width(text, size), x - MARK_DX) if index == 0 else
                  (x + MARK_DX, x + MARK_DX + lanes.text_width(text, size))
                  for index, (x, text) in enumerate(zip(mark_x, mark_words, strict=True))]
    below = max(event_rows) + 1
    mark_rows = [below + row for row in lanes.stack(mark_spans)]
    height = TIMELINE_TOP * 2 + TIMELINE_ROW * max([*event_rows, *mark_rows])
    counts["y"] = [TIMELINE_TOP + TIMELINE_ROW * row for row in event_rows]
    axis = alt.X("date:T", title="Date", axis=alt.Axis(format=DAY_FORMAT, labelAngle=0),
                 scale=alt.Scale(domain=[_day_value(day) for day in domain], nice=False))
    row = alt.Y("y:Q", scale=None, axis=None)
    base = alt.Chart(counts).encode(x=axis)
    point = base.encode(y=row, color=alt.Color("event:N", title="Event",
                                               sort=_alphabetical(counts["event"])),
                        tooltip=[date_tip("date:T"), alt.Tooltip("text:N", title="Event")])
    points = {False: point.mark_point(filled=True, size=120).transform_filter("!datum.planned"),
              True: point.mark_point(filled=False, size=120, strokeWidth=2.5)
              .transform_filter("datum.planned")}
    layers: list[alt.Chart] = [  # no empty layer of points: it is an unlabelled image to a screen reader
        base.mark_rule(color="#bbbbbb").encode(y=row, y2=alt.value(height)),
        *(points[planned] for planned in sorted(set(counts["planned"]))),
        base.mark_text(align="left", baseline="middle", dx=LABEL_DX).encode(
            y=row, text=alt.Text("text:N")),
    ]
    plans = [f"{event} from {pd.Timestamp(day):%d/%m/%Y}" for event, day
             in counts.loc[counts["planned"], ["event", "date"]].itertuples(index=False)]
    description += f" Planned: {'; '.join(plans)}." if plans else ""
    if marks:
        frame = pd.DataFrame({"date": [f"{day:%Y-%m-%d}" for day, _ in marks], "mark": mark_words,
                              "first": [index == 0 for index in range(len(marks))],
                              "y": [TIMELINE_TOP + TIMELINE_ROW * row for row in mark_rows]})
        marked = alt.Chart(frame).encode(x=axis)
        text = {"baseline": "middle", "color": "#333333"}
        layers += [marked.mark_rule(strokeDash=[4, 3], color="#555555"),
                   # the earlier line's words to its left, the later one's to its right
                   marked.mark_text(align="right", dx=-MARK_DX, **text).encode(
                       y=row, text=alt.Text("mark:N")).transform_filter("datum.first"),
                   marked.mark_text(align="left", dx=MARK_DX, **text).encode(
                       y=row, text=alt.Text("mark:N")).transform_filter("!datum.first")]
        description += " " + "; ".join(f"{label}: {day:%d/%m/%Y}" for day, label in marks) + "."
    layered = _set(alt.layer(*layers), width=WIDTH, height=height)
    return _finish(layered, title, description)


@_counted("Licence status",
          ("Each practitioner's licence status at the end of the period (active, "
           "paused, due to renew ...), listed alphabetically by id."),
          by=["practitioner_id", "status"], name="practitioners",
          empty="Nobody is supported in this period.")
def cohort_status(counts: pd.DataFrame) -> alt.Chart:
    """Each practitioner's licence status at the end of the period, alphabetically by id.

    ``status``: one row per practitioner with ``practitioner_id`` and ``status``.
    """
    present = _alphabetical(counts["status"])
    chart = alt.Chart(counts).mark_square(size=160).encode(
        y=alt.Y("practitioner_id:N", title="Practitioner",
                sort=_alphabetical(counts["practitioner_id"])),
        x=alt.X("status:N", title="Status", sort=present, axis=alt.Axis(labelAngle=0)),
        color=alt.Color("status:N", title="Status", legend=None,
                        scale=alt.Scale(domain=present,
                                        range=[STATUS_COLOURS.get(s, "#777777") for s in present])),
        tooltip=_tips("practitioner_id:N", "status:N"),
    )
    return _set(chart, width=300)


@_counted("Activity per practitioner",
          ("Bar chart: reflections, Learning Journey steps and support contacts in "
           "this period for each practitioner, listed alphabetically by id (not ranked)."),
          by=["practitioner_id", "activity"], name="count")
def activity_per_practitioner(counts: pd.DataFrame) -> alt.Chart:
    """Reflections, journey steps and support contacts per practitioner, by id (no ranking).

    ``activity``: one row per item with ``practitioner_id`` and ``activity``.
    """
    chart = alt.Chart(counts).mark_bar().encode(
        y=alt.Y("practitioner_id:N", title="Practitioner",
                sort=_alphabetical(counts["practitioner_id"])),
        yOffset=alt.YOffset("activity:N", sort=_alphabetical(counts["activity"])),
        x=alt.X("count:Q", title="How many", **count_channel(counts["count"].max())),
        color=alt.Color("activity:N", title="Activity", sort=_alphabetical(counts["activity"])),
        tooltip=_tips("practitioner_id:N", "activity:N", "count:Q"),
    )
    return _set(chart, width=WIDTH)


def activity_per_focus_kind(links: pd.DataFrame) -> alt.Chart:
    """Reflections per kind of focus area (family, individual, topic), alphabetically.

    ``links``: one row per (reflection, focus area) with ``focus_kind`` (and ``record_id``:
    a reflection about two focus areas of one kind is counted once for that kind).
    """
    title = "Reflections per kind of focus area"
    description = ("Bar chart: how many reflections in this period were about families, "
                   "individuals and topics, across the cohort.")
    if links.empty:
        return empty_chart(title, description)
    if "record_id" in links.columns:
        links = links.drop_duplicates(["record_id", "focus_kind"])
    counts = count_rows(links, ["focus_kind"], "reflections")
    chart = alt.Chart(counts).mark_bar().encode(
        y=alt.Y("focus_kind:N", title="Kind of focus area",
                sort=_alphabetical(counts["focus_kind"])),
        x=alt.X("reflections:Q", title="Reflections", **count_channel(counts["reflections"].max())),
        tooltip=_tips("focus_kind:N", "reflections:Q"),
    )
    return _finish(_set(chart, width=WIDTH), title, description)


@_counted("Concept tags across the cohort",
          ("Bar chart: how many reflections in this period used each concept tag, "
           "across everyone in the cohort, in alphabetical order of tag."),
          by=["tag"], name="reflections")
def cohort_tags(counts: pd.DataFrame) -> alt.Chart:
    """Concept tags used across the cohort in the period, alphabetically (not by volume).

    ``tags``: one row per (reflection, tag) with ``tag``.
    """
    chart = alt.Chart(counts).mark_bar().encode(
        y=alt.Y("tag:N", title="Concept tag", sort=_alphabetical(counts["tag"])),
        x=alt.X("reflections:Q", title="Reflections", **count_channel(counts["reflections"].max())),
        tooltip=_tips("tag:N", "reflections:Q"),
    )
    return _set(chart, width=WIDTH)
