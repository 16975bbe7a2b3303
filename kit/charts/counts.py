"""Axes that count things: whole numbers only, each label once.

Vega-Lite's ``tickMinStep`` is not enough on its own: a chart of one reflection still got ticks
at 0, 0.5 and 1, which a whole-number format shows as "0, 1, 1". The ticks are given instead.
"""

from __future__ import annotations

import math

import altair as alt

MOST_TICKS = 8


def whole_steps(largest: float) -> list[int]:
    """Tick values from 0 to at least ``largest``, a whole step of 1, 2 or 5 x 10^k apart, at
    most about :data:`MOST_TICKS` of them."""
    top = max(1, math.ceil(largest))
    rough = top / MOST_TICKS
    step = 1
    if rough > 1:
        power = 10 ** math.floor(math.log10(rough))
        step = next(k * power for k in (1, 2, 5, 10) if k * power >= rough)
    return list(range(0, math.ceil(top / step) * step + 1, step))


def count_channel(largest: float) -> dict[str, alt.Axis | alt.Scale]:
    """``axis`` and ``scale`` for a channel of counts up to ``largest``: whole-number ticks, each
    label once, the scale ending on the top tick (so the tallest bar is under a label)."""
    values = whole_steps(largest)
    return {"axis": alt.Axis(values=values, format="d"), "scale": alt.Scale(domain=[0, values[-1]])}
