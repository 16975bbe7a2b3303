"""The kit's one chart theme, ``candle``: plain, readable, colour-blind safe; registered and
enabled on import (charts built by :mod:`kit.charts.builders` and :mod:`kit.charts.learning`).

Importing it also turns altair's debug mode off: in debug mode (altair's default) every schema
object is checked against the Vega-Lite schema as it is made, dozens per chart, about 15 ms of a
review's CPU. The kit's charts are checked whole, against the same schema, by the tests
(``to_dict()`` validates)."""

from __future__ import annotations

import altair as alt
from altair.utils.schemapi import disable_debug_mode

THEME_NAME = "candle"
FONT = "'Segoe UI', 'Helvetica Neue', Arial, sans-serif"
# Colour-blind-safe qualitative palette (Okabe-Ito), in a fixed order.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
WIDTH = 460
TEXT_FONT_SIZE = 12


@alt.theme.register(THEME_NAME, enable=True)
def house_theme() -> alt.theme.ThemeConfig:
    """The kit's one chart theme: plain, readable, colour-blind safe."""
    return {
        "config": {
            "font": FONT,
            "background": "#ffffff",
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 220},
            "title": {"fontSize": 15, "anchor": "start", "color": "#222222",
                      "subtitleColor": "#555555", "subtitleFontSize": 12},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#333333",
                     "titleColor": "#333333", "gridColor": "#e6e6e6", "domainColor": "#888888",
                     "labelLimit": 0},  # full names (tags, focus areas), never cut off
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom",
                       "labelLimit": 0, "columns": 2},
            "range": {"category": PALETTE},
            "mark": {"color": PALETTE[0]},
            "bar": {"cornerRadiusEnd": 2},
            "text": {"fontSize": TEXT_FONT_SIZE, "color": "#333333"},
        }
    }


def use_house_theme() -> None:
    """Make the house theme the active one (it is on after import unless changed)."""
    alt.theme.enable(THEME_NAME)


use_theme = use_house_theme

disable_debug_mode()
