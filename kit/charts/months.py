"""Charts by month: labels that read "Feb 2026", in time order, on an axis where a year of
them never overlaps."""

from __future__ import annotations

import altair as alt
import pandas as pd

MONTH_FORMAT = "%b %Y"  # Feb 2026
# Twelve "Feb 2026" labels side by side overlap at the charts' width: they lean instead.
MONTH_LABEL_ANGLE = -40


def month_labels(days: pd.Series) -> tuple[pd.Series, list[str]]:
    """Each day's month as 'Feb 2026', and the months present in time order (for ``sort``)."""
    months = pd.to_datetime(days).dt.to_period("M")
    labels = months.dt.strftime(MONTH_FORMAT)
    order = [period.strftime(MONTH_FORMAT) for period in sorted(months.dropna().unique())]
    return labels, order


def month_axis() -> alt.Axis:
    """The x axis of a chart by month, its labels leaning so they never overlap."""
    return alt.Axis(labelAngle=MONTH_LABEL_ANGLE)
