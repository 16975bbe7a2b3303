"""Charts drawn as accessible, offline SVG: vl-convert draws each chart (the same spec once a
process), with a title and a description that screen readers read. No JavaScript, no CDN."""

from __future__ import annotations

import functools
import re

import altair as alt


def chart_text(spec: dict) -> tuple[str, str]:
    """The title and description of a chart spec (for alt text)."""
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    return str(title), str(spec.get("description", ""))


def vl_convert_version() -> str:
    """The Vega-Lite version altair writes, as vl-convert names it ('v5.20.1' -> 'v5_20')."""
    return "_".join(alt.SCHEMA_VERSION.split(".")[:2])


@functools.lru_cache(maxsize=64)
def _drawn(spec: str, vl_version: str) -> str:
    """The SVG vl-convert draws of the Vega-Lite ``spec`` (JSON), kept for the next chart with
    the same spec (an empty chart, a cohort's unchanged one: a process draws many reviews)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, vl_version=vl_version)


def to_svg(chart: alt.TopLevelMixin, spec: dict | None = None) -> str:
    """``chart`` as a standalone SVG (vl-convert, offline) that screen readers can read:
    ``role="img"``, an ``aria-label`` and ``<title>``/``<desc>`` from its title and description."""
    import html
    import json

    spec = spec if spec is not None else chart.to_dict(validate=False)
    svg = _drawn(json.dumps(spec, sort_keys=True), vl_convert_version())
    title, description = (html.escape(text) for text in chart_text(spec))
    head_end = svg.index(">")
    return (f'{svg[:head_end]} role="img" aria-label="{title}. {description}">'
            f"<title>{title}</title><desc>{description}</desc>{svg[head_end + 1:]}")


class StaticChart:
    """A chart shown as accessible SVG in notebooks and HTML exports (no JavaScript, no CDN)."""

    def __init__(self, chart: alt.TopLevelMixin) -> None:
        self.chart = chart

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        spec = self.chart.to_dict(validate=False)
        title, description = chart_text(spec)
        return {"image/svg+xml": to_svg(self.chart, spec), "text/plain": f"{title}: {description}"}


# A mark vl-convert labelled: ``<path aria-label="Month: Feb 2026; Reflections: 2" …/>``.
_LABELLED_MARK = re.compile(r'<(path|line|rect)( aria-label="([^"]*)"[^>]*?)/>')


def _titled_parts(label: str) -> str:
    """The parts of a mark's label that a tooltip titles ("Month: Feb 2026"): the kit titles
    every tooltip field with a capital; Vega-Lite adds the raw lower-case fields ("y: 12")."""
    parts = [part for part in label.split("; ") if part[:1].isupper()]
    return "; ".join(parts or [label])


def with_hover_titles(svg: str) -> str:
    """``svg`` (from :func:`to_svg`) with each labelled mark's words as its ``<title>``, which
    a browser shows when the pointer rests on the mark: the drawn chart's tooltip."""
    def titled(match: re.Match[str]) -> str:
        tag, attributes, label = match.groups()
        return f"<{tag}{attributes}><title>{_titled_parts(label)}</title></{tag}>"

    return _LABELLED_MARK.sub(titled, svg)
