"""My learning's charts drawn in the kernel as SVG (kit.views.pages.drawn_chart_html): each a
named image whose marks say their words on hover, and the spare kernel's example drawing."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from kit.charts import learning as charts_learning
from kit.charts import svg
from kit.views import pages

TITLE = re.compile(r"<title>([^<]*)</title>")


def drawn(chart) -> str:
    html = pages.drawn_chart_html(chart)
    assert html.startswith('<div class="candle-chart"><svg ') and html.endswith("</svg></div>")
    return html


def test_each_bar_says_its_month_count_and_focus_area_on_hover() -> None:
    counts = pd.DataFrame({"month": pd.to_datetime(["2026-03-01", "2026-04-01"]),
                           "focus_area": ["Family A", "Parent group"], "reflections": [2, 1]})
    html = drawn(charts_learning.reflections_over_time(counts))
    titles = TITLE.findall(html)
    assert titles[0] == "My reflections each month"  # the chart's own name comes first
    assert sorted(titles[1:]) == ["Month: Apr 2026; Reflections: 1; Focus area: Parent group",
                                  "Month: Mar 2026; Reflections: 2; Focus area: Family A"]


def test_hover_words_leave_out_the_fields_the_chart_adds_for_itself() -> None:
    timeline = pd.DataFrame({"date": pd.to_datetime(["2026-01-05", "2026-01-06"]),
                             "label": ["Applied", "Licence granted"]})
    html = drawn(charts_learning.licence_timeline(timeline, today=date(2026, 2, 1)))
    points = [title for title in TITLE.findall(html) if "Event:" in title]
    assert sorted(points) == ["Date: 05 Jan 2026; Event: Applied",
                              "Date: 06 Jan 2026; Event: Licence granted"]
    assert "y: " not in " ".join(TITLE.findall(html))  # the label's row, not the reader's business


def test_a_mark_with_no_titled_field_keeps_its_whole_label() -> None:
    mark = '<path aria-label="y: 12" d="M0,0"/>'
    assert svg.with_hover_titles(mark) == '<path aria-label="y: 12" d="M0,0"><title>y: 12</title></path>'


def test_an_empty_chart_is_drawn_with_its_message() -> None:
    html = drawn(charts_learning.tags_used(pd.DataFrame(columns=["label", "reflections"])))
    assert "No tags yet." in html


def test_the_example_drawing_needs_no_workspace_and_fills_the_drawing_cache(monkeypatch) -> None:
    monkeypatch.delenv("CANDLE_WORKSPACE", raising=False)
    svg._drawn.cache_clear()
    pages.draw_example_learning_charts()
    assert svg._drawn.cache_info().currsize == 4  # one drawing for each kind of chart
