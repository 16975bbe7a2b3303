"""What a reader sees of a review's HTML page, as data a golden file can hold.

- ``text``: every visible piece of text outside the charts (not inside <style>, <script> or
  an <svg>), whitespace collapsed;
- ``charts``: per inline SVG, its elements in document order (tag and class) and the text it
  shows or reads out (<text>, <title>, <desc>, the aria-label).

Volatile parts are normalised: the kit's version and today's date (a note's "Written" day is
the day the test workspace was built).
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

from kit import __version__

HIDDEN = {"style", "script"}
SVG_TEXT = {"text", "title", "desc", "tspan"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.charts: list[dict[str, list[str]]] = []
        self.open: list[str] = []
        self.in_svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, dict(attrs), closes=tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, dict(attrs), closes=True)

    def _start(self, tag: str, attrs: dict[str, str | None], closes: bool) -> None:
        if tag == "svg" and not self.in_svg:
            self.charts.append({"elements": [], "labels": [f"aria-label: {attrs.get('aria-label')}"]})
        if tag == "svg" or self.in_svg:
            self.charts[-1]["elements"].append(f"{tag}.{attrs.get('class') or ''}".rstrip("."))
        if closes:
            return
        self.open.append(tag)
        self.in_svg += tag == "svg" or bool(self.in_svg)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return
        while self.open:
            closed = self.open.pop()
            if self.in_svg:
                self.in_svg -= 1
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        words = " ".join(data.split())
        if not words:
            return
        if self.in_svg:
            if self.open and self.open[-1] in SVG_TEXT:
                self.charts[-1]["labels"].append(f"{self.open[-1]}: {words}")
        elif not (self.open and self.open[-1] in HIDDEN):
            self.text.append(words)


def normalise(text: str) -> str:
    """``text`` without today's date and the kit's version."""
    today = date.today()
    for day in (f"{today:%d/%m/%Y}", f"{today:%d %b %Y}"):
        text = text.replace(day, "<today>")
    return re.sub(rf"\b{re.escape(__version__)}\b", "<version>", text)


def page_view(page: str) -> dict[str, Any]:
    """The visible text and the charts' structure of HTML ``page``."""
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return {"text": [normalise(words) for words in reader.text],
            "charts": [{"elements": chart["elements"],
                        "labels": [normalise(label) for label in chart["labels"]]}
                       for chart in reader.charts]}
