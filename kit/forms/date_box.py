"""A date box that reads and writes dates day first (01/12/2026), whatever the browser.

``ipywidgets.DatePicker`` is an ``<input type="date">``: the browser shows it in its
own locale, so a US-English Chromium shows 12/01/2026 for 1 December while every
message of the kit says 01/12/2026. This box is plain text, day first, with the
format as its placeholder; a ``date`` put into it is written day first, and
:func:`read_date` turns what was typed into a date or a message that says how to
write it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import ipywidgets as widgets
import traitlets

from kit.model.dates import parse_uk_date

DAY_FIRST = "%d/%m/%Y"
PLACEHOLDER = "day/month/year, e.g. 01/12/2026"


class DayFirstDate(widgets.Text):
    """A text box for one date, always shown day first."""

    value = traitlets.Union([traitlets.Unicode(), traitlets.Instance(date)],
                            default_value="", allow_none=True).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("placeholder", PLACEHOLDER)
        super().__init__(**kwargs)

    @traitlets.validate("value")
    def _day_first(self, proposal: dict[str, Any]) -> str:
        return as_day_first(proposal["value"])


def as_day_first(value: object) -> str:
    """``value`` (a date, ISO or day-first text, or None) as the text the box shows."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return f"{value:{DAY_FIRST}}"
    text = str(value).strip()
    try:
        return f"{parse_uk_date(text):{DAY_FIRST}}"
    except ValueError:
        return text  # keep what was typed; reading it says what is wrong


def read_date(text: str) -> tuple[date | None, str]:
    """What was typed as a date (None when empty), and a problem ('' when none)."""
    text = (text or "").strip()
    if not text:
        return None, ""
    try:
        return parse_uk_date(text), ""
    except ValueError as error:
        return None, str(error)
