"""Charts: values tested through ``to_dict()``: aggregated data, titles, descriptions,
alphabetical order (no ranking), the house theme, empty frames."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import altair as alt
import pandas as pd
import pytest

from kit.charts import builders as charts
from kit.charts import theme

DAYS = pd.to_datetime(["2026-07-01", "2026-07-01", "2026-08-03"])


def _values(spec: dict) -> list[dict]:
    """The inline rows of a chart spec (altair puts them in ``datasets``)."""
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


CASES: dict[str, tuple[Callable[[pd.DataFrame], alt.TopLevelMixin], pd.DataFrame]] = {
    "reflections_per_focus_area": (charts.reflections_per_focus_area, pd.DataFrame(
        {"focus_area": ["Family A", "Family A", "Topic B"], "period": ["2026-Q3", "2026-Q3", "2026-Q2"]})),
    "tags_per_focus_area": (charts.tags_per_focus_area, pd.DataFrame(
        {"focus_area": ["Family A"] * 3, "tag": ["fog", "fog", "structure"]})),
    "activity_over_time": (charts.activity_over_time, pd.DataFrame(
        {"date": DAYS, "activity": ["Learning Journey step"] * 2 + ["Support contact"]})),
    "self_ratings_over_time": (charts.self_ratings_over_time, pd.DataFrame(
        {"date": DAYS, "measure": ["understanding", "understanding", "confidence"], "rating": [3, 3, 4]})),
    "licence_timeline": (charts.licence_timeline, pd.DataFrame(
        {"date": DAYS, "event": ["applied", "active", "paused"]})),
    "cohort_status": (charts.cohort_status, pd.DataFrame(
        {"practitioner_id": ["p03", "p01", "p02"], "status": ["active", "paused", "due to renew"]})),
    "activity_per_practitioner": (charts.activity_per_practitioner, pd.DataFrame(
        {"practitioner_id": ["p02", "p02", "p02", "p01"], "activity": ["Reflections"] * 4})),
    "activity_per_focus_kind": (charts.activity_per_focus_kind, pd.DataFrame(
        {"focus_kind": ["topic", "family", "family"]})),
    "cohort_tags": (charts.cohort_tags, pd.DataFrame({"tag": ["structure", "fog", "fog"]})),
}


@pytest.fixture(params=sorted(CASES), ids=str)
def case(request: pytest.FixtureRequest) -> tuple[str, dict, pd.DataFrame]:
    function, frame = CASES[request.param]
    return request.param, function(frame).to_dict(), frame


def test_every_chart_has_title_and_description(case: tuple[str, dict, pd.DataFrame]) -> None:
    _, spec, _ = case
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert title.strip()
    assert len(spec["description"]) > 30


def test_every_chart_carries_counts_not_raw_rows(case: tuple[str, dict, pd.DataFrame]) -> None:
    _, spec, frame = case
    rows = _values(spec)
    assert len(rows) == len(frame.astype(str).drop_duplicates())


def test_house_theme_is_registered_and_enabled() -> None:
    assert theme.THEME_NAME in alt.theme.names()
    assert alt.theme.active == theme.THEME_NAME  # on once the builders are imported
    spec = charts.cohort_tags(pd.DataFrame({"tag": ["fog"]})).to_dict()
    assert spec["config"]["font"] == theme.FONT
    assert spec["config"]["range"]["category"] == theme.PALETTE


def test_a_big_frame_is_aggregated_below_the_row_limit() -> None:
    frame = pd.DataFrame({"practitioner_id": [f"p{i % 60:02d}" for i in range(12_000)],
                          "activity": ["Reflections", "Support contacts"] * 6_000})
    spec = charts.activity_per_practitioner(frame).to_dict()
    rows = _values(spec)
    assert len(rows) <= 120
    assert sum(row["count"] for row in rows) == 12_000


def test_people_are_in_alphabetical_order_never_by_volume() -> None:
    frame = pd.DataFrame({"practitioner_id": ["p02", "p02", "p02", "p01", "p03", "p03"],
                          "activity": ["Reflections"] * 6})
    spec = charts.activity_per_practitioner(frame).to_dict()
    assert spec["encoding"]["y"]["sort"] == ["p01", "p02", "p03"]
    status = charts.cohort_status(pd.DataFrame({"practitioner_id": ["b", "a"], "status": ["active"] * 2}))
    assert status.to_dict()["encoding"]["y"]["sort"] == ["a", "b"]
    tags = charts.cohort_tags(pd.DataFrame({"tag": ["storms", "fog", "fog", "fog"]})).to_dict()
    assert tags["encoding"]["y"]["sort"] == ["fog", "storms"]


def test_self_ratings_are_counted_never_averaged() -> None:
    frame = pd.DataFrame({"date": pd.to_datetime(["2026-07-01"] * 2), "measure": ["confidence"] * 2,
                          "rating": [2, 4]})
    rows = _values(charts.self_ratings_over_time(frame).to_dict())
    assert sorted(row["rating"] for row in rows) == [2, 4]
    assert all(row["times"] == 1 for row in rows)


def test_empty_frames_give_a_titled_message(case: tuple[str, dict, pd.DataFrame]) -> None:
    name, _, frame = case
    spec = CASES[name][0](frame.iloc[0:0]).to_dict()
    assert spec["mark"]["type"] == "text"
    assert spec["description"] and _values(spec)[0]["message"]


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def test_the_licence_timeline_marks_today_and_the_renewal_date() -> None:
    events = pd.DataFrame({"date": DAYS[[0, 2]], "event": ["applied", "active"]})
    spec = charts.licence_timeline(events, today=pd.Timestamp("2026-12-01").date(),
                                   renewal=pd.Timestamp("2027-08-03").date()).to_dict()
    rows = _values(spec)
    marks = [{key: row[key] for key in ("date", "mark", "first")} for row in rows if "mark" in row]
    assert marks == [{"date": "2026-12-01", "mark": "Today 01/12/2026", "first": True},
                     {"date": "2027-08-03", "mark": "Renewal due 03/08/2027", "first": False}]
    assert "Today: 01/12/2026; Renewal due: 03/08/2027." in spec["description"]
    assert {row["event"] for row in rows if "event" in row} == {"Applied", "Licence granted"}
    dashed = [layer for layer in _layers(spec) if isinstance(layer["mark"], dict)
              and layer["mark"].get("strokeDash")]
    assert len(dashed) == 1
    axis = _layers(spec)[0]["encoding"]["x"]["axis"]
    assert axis["format"] == "%d %b %Y"  # day first, whatever the browser's locale


def test_a_decision_after_today_is_drawn_as_planned() -> None:
    events = pd.DataFrame({"date": pd.to_datetime(["2026-07-01", "2026-08-03", "2027-02-01"]),
                           "event": ["applied", "active", "paused"]})
    spec = charts.licence_timeline(events, today=pd.Timestamp("2026-12-01").date()).to_dict()
    rows = {row["event"]: row for row in _values(spec) if "event" in row}
    assert rows["Paused"]["text"] == "Paused (planned)" and rows["Paused"]["planned"]
    assert rows["Licence granted"]["text"] == "Licence granted" and not rows["Licence granted"]["planned"]
    points = [layer for layer in _layers(spec)
              if isinstance(layer["mark"], dict) and layer["mark"]["type"] == "point"]
    filled = {layer["transform"][0]["filter"]: layer["mark"]["filled"] for layer in points}
    assert filled == {"!datum.planned": True, "datum.planned": False}  # open circles for plans
    assert "Planned: Paused from 01/02/2027." in spec["description"]
    unplanned = charts.licence_timeline(events.iloc[:2], today=pd.Timestamp("2026-12-01").date())
    assert "Planned" not in unplanned.to_dict()["description"]


def test_months_read_in_words_in_time_order() -> None:
    events = pd.DataFrame({"date": pd.to_datetime(["2026-02-03", "2025-12-30", "2026-01-05"]),
                           "activity": ["Support contact"] * 3})
    spec = charts.activity_over_time(events).to_dict()
    assert spec["encoding"]["x"]["sort"] == ["Dec 2025", "Jan 2026", "Feb 2026"]


def test_a_reflection_about_two_areas_of_one_kind_counts_once_for_that_kind() -> None:
    links = pd.DataFrame({"record_id": ["r1", "r1", "r2"], "focus_kind": ["family", "family", "topic"]})
    rows = _values(charts.activity_per_focus_kind(links).to_dict())
    assert sorted((row["focus_kind"], row["reflections"]) for row in rows) == [("family", 1), ("topic", 1)]


def test_tag_names_are_never_cut_off() -> None:
    tags = pd.DataFrame({"tag": ["Emotion-focused communication (EFC) in practice"]})
    spec = charts.cohort_tags(tags).to_dict()
    assert spec["config"]["axis"]["labelLimit"] == 0 and spec["config"]["legend"]["labelLimit"] == 0


def test_dates_in_tooltips_are_day_first() -> None:
    spec = charts.self_ratings_over_time(pd.DataFrame(
        {"date": DAYS, "measure": ["understanding"] * 3, "rating": [3, 3, 4]})).to_dict()
    [date_tip] = [tip for tip in spec["encoding"]["tooltip"] if tip["field"] == "date"]
    assert date_tip["format"] == "%d %b %Y"


def _axis_labels(chart: alt.TopLevelMixin, title: str) -> list[str]:
    """The tick labels of the axis titled ``title``, as the rendered chart shows them."""
    import re

    import vl_convert

    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    for axis in svg.split('class="mark-group role-axis"')[1:]:
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", axis)
        if title in texts:
            return texts[:texts.index(title)]
    raise AssertionError(f"no axis titled {title!r} in the rendered chart")


@pytest.mark.parametrize("count", [1, 2, 7, 23])
def test_count_axes_show_each_whole_number_once(count: int) -> None:
    from kit.charts import learning as charts_learning

    month = pd.DataFrame({"month": [pd.Timestamp("2026-03-01")], "focus_area": ["Family A"],
                          "reflections": [count]})
    kinds = pd.DataFrame({"focus_kind": ["family"] * count})
    for chart, title in ((charts_learning.reflections_over_time(month), "Reflections"),
                         (charts.activity_per_focus_kind(kinds), "Reflections")):
        labels = _axis_labels(chart, title)
        assert labels == sorted(set(labels), key=int), labels  # whole numbers, each once, rising
        assert labels[0] == "0" and int(labels[-1]) >= count, labels
        assert len(labels) <= 10, labels


@pytest.mark.parametrize(("days", "layers"), [
    (["2026-03-01", "2026-04-01"], ["!datum.planned"]),
    (["2026-03-01", "2026-12-20"], ["!datum.planned", "datum.planned"]),
    (["2026-12-20"], ["datum.planned"]),
])
def test_the_licence_timeline_has_no_empty_layer_of_points(days: list[str], layers: list[str]) -> None:
    """An empty layer of points is an <svg> image with no label (axe's svg-img-alt, seen on
    My learning and in the reviews): a layer is drawn only for points it has."""
    from datetime import date

    events = pd.DataFrame({"date": pd.to_datetime(days), "event": ["applied", "paused"][:len(days)]})
    spec = charts.licence_timeline(events, today=date(2026, 12, 1)).to_dict()
    points = [layer["transform"][0]["filter"] for layer in spec["layer"]
              if layer.get("mark", {}).get("type") == "point"]
    assert points == layers


def _text_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """Every visible text of a rendered chart: (text, left, top, right, bottom) in the SVG's
    pixels, from each text's anchor, font size and the translations of the groups around it.
    The width allowed a letter (0.6 of the font size) is more than the house fonts' average."""
    import re
    import xml.etree.ElementTree as ET

    def shift(element: ET.Element) -> tuple[float, float]:
        found = re.search(r"translate\(([-\d.e]+),\s*([-\d.e]+)\)", element.get("transform", ""))
        return (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)

    boxes = []

    def walk(element: ET.Element, x0: float, y0: float) -> None:
        dx, dy = shift(element)
        x, y = x0 + dx, y0 + dy
        if element.tag.endswith("text") and element.get("opacity", "1") != "0" and element.text:
            size = float(element.get("font-size", "12px").removesuffix("px"))
            width = len(element.text) * 0.6 * size
            anchor = element.get("text-anchor", "start")
            left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
            boxes.append((element.text, left, y - 0.75 * size, left + width, y + 0.2 * size))
        for child in element:
            walk(child, x, y)

    walk(ET.fromstring(svg), 0.0, 0.0)
    return boxes


def _overlapping(boxes: list[tuple[str, float, float, float, float]]) -> list[tuple[str, str]]:
    return [(a[0], b[0]) for index, a in enumerate(boxes) for b in boxes[index + 1:]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


@pytest.mark.parametrize(("days", "today", "renewal", "today_label"), [
    (["2026-07-01", "2026-07-01", "2026-07-01"], date(2026, 12, 1), date(2027, 7, 1), "Today"),
    (["2026-07-01", "2026-07-02", "2026-07-04", "2026-07-05"], date(2026, 7, 6), date(2027, 7, 1),
     "Today"),
    (["2026-01-10", "2026-02-01", "2026-11-28", "2026-12-20"], date(2026, 12, 1), date(2027, 2, 1),
     "End of period"),
    (["2026-09-30", "2026-09-30"], date(2026, 9, 30), date(2026, 10, 2), "End of period"),
], ids=["same-day", "nearby-days", "planned-beside-today", "lines-on-the-events"])
def test_no_two_labels_of_the_licence_timeline_overlap(days: list[str], today: date,
                                                       renewal: date | None,
                                                       today_label: str) -> None:
    """Seen on the Licence page, My learning and the reviews: events on the same or nearby days
    printed their words on top of each other. Checked on the chart as drawn."""
    import vl_convert

    events = pd.DataFrame({"date": pd.to_datetime(days),
                           "event": ["applied", "active", "paused", "continued"][:len(days)]})
    chart = charts.licence_timeline(events, today=today, renewal=renewal, today_label=today_label)
    boxes = _text_boxes(vl_convert.vegalite_to_svg(chart.to_dict()))
    words = {box[0] for box in boxes}
    assert {"Applied", "Licence granted"} <= {word.removesuffix(" (planned)") for word in words}
    assert f"{today_label} {today:%d/%m/%Y}" in words
    assert _overlapping(boxes) == []
