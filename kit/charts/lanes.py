"""Rows for the labels of a time line, so that no two overlap.

Events on the same or nearby days would print their words on top of each other. Each label is
given the first row (from the top) where it clears the labels already there; the chart grows
a row when none has room. The chart's time scale is fixed here too (no "nice" rounding), so a
day's place in pixels is known before Vega draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

CHAR_WIDTH = 0.65
"""A label's width per character, as a share of its font size: wider than the average letter
of the house fonts, so an estimate never falls short of the drawn text."""
GAP = 8.0
"""Pixels kept clear between two labels on one row."""
SHORTEST_SPAN = 60
"""The fewest days a time line's scale covers (fewer, and its ticks fall within a day, each
labelled with the same date)."""


def text_width(text: str, font_size: float) -> float:
    """The width in pixels :data:`CHAR_WIDTH` allows ``text`` at ``font_size``."""
    return len(text) * CHAR_WIDTH * font_size


def day_domain(days: Sequence[date]) -> tuple[date, date]:
    """The first and last day a time line's scale covers: every one of ``days``, and at least
    :data:`SHORTEST_SPAN` days (widened evenly either side)."""
    first, last = min(days), max(days)
    short = SHORTEST_SPAN - (last - first).days
    if short > 0:
        first, last = first - timedelta(days=short // 2), last + timedelta(days=short - short // 2)
    return first, last


def day_x(day: date, domain: tuple[date, date], width: float) -> float:
    """Where ``day`` falls, in pixels from the left, on a scale ``domain`` drawn ``width`` wide."""
    first, last = domain
    return (day - first).days / (last - first).days * width


def stack(spans: Sequence[tuple[float, float]], gap: float = GAP) -> list[int]:
    """The row (0, 1, ...) of each ``(left, right)`` span, in the given order: the first row
    whose spans all end ``gap`` or more before it starts, or after them all, or a new row."""
    order = sorted(range(len(spans)), key=lambda index: (spans[index][0], index))
    taken: list[list[tuple[float, float]]] = []
    rows = [0] * len(spans)
    for index in order:
        left, right = spans[index]
        for row, placed in enumerate(taken):
            if all(right + gap <= start or left >= end + gap for start, end in placed):
                placed.append((left, right))
                rows[index] = row
                break
        else:
            taken.append([(left, right)])
            rows[index] = len(taken) - 1
    return rows
