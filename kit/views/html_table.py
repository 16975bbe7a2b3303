"""The one HTML table builder: plain, deterministic, escaped, for pages and reviews alike."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import pandas as pd


def cell_text(value: object) -> str:
    """``value`` as escaped cell text; None, NaN, NaT and NA as an empty cell."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def html_table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, caption: str = "",
               css_class: str = "") -> str:
    """A ``<table>`` with one header row and the given rows, every cell escaped.

    ``caption`` (if any) names the table for screen readers; ``css_class`` styles it.
    """
    opening = f'<table class="{html.escape(css_class)}">' if css_class else "<table>"
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    head = "".join(f"<th>{cell_text(name)}</th>" for name in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell_text(cell)}</td>" for cell in row) + "</tr>"
                   for row in rows)
    return f"{opening}{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
