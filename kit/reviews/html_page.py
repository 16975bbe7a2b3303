"""A review's offline HTML page, written straight from its executed notebook.

The page is what nbconvert's lab template (with the kit's ``candle_offline`` changes) makes
of a review: code and prompts hidden, charts inline as accessible SVG, nothing loaded from
the network. But nbconvert runs once a process, on an empty notebook, for the page around
the cells (its styles, the same for every review); each review's cells are written into it
with the kit's template ``templates/reviews/html/candle_offline/review_page.html.j2``: the
outputs as the kernel gave them, the text cells' Markdown rendered once per text (every
review of a template has the same). That spares each review nbconvert's pass over the
notebook and its re-parse of the whole page (about 0.15 s of CPU a review).

A notebook with an output the template does not write (a warning printed by a cell, an
error, an image of another kind) is exported by nbconvert as before, so nothing is lost.

Vega numbers the clip paths and gradients of the charts it draws (``clip43``, ``gradient_5``)
on from every chart its kernel drew before, so the same review's page would differ by which
reviews its kernel made first; the page numbers them in order of appearance instead
(:func:`steady_ids`), so a review's page is the same whichever kernel, pool or cluster, made it.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

from kit.resources import REVIEW_TEMPLATES_DIR

HTML_TEMPLATE_DIR = REVIEW_TEMPLATES_DIR / "html"
HTML_TEMPLATE = "candle_offline"
PAGE_TEMPLATE = "review_page.html.j2"
TITLE_MARK = "candle-review-title"
WRITTEN = ("image/svg+xml", "text/html")
"""The kinds of output the page template writes, in nbconvert's order of preference."""
SHOWN_FIRST = ("text/html", "application/pdf", "text/latex", "image/svg+xml", "image/png",
               "image/jpeg", "text/markdown", "text/plain")
"""nbconvert's display priority for HTML: the first kind an output has is the one shown."""

# Literal first, so the regex engine jumps between candidates (a leading \b or alternation made it
# try every position of a 360 kB page: 16 ms a review); the boundary is checked in code.
_CHART_ID = re.compile(r'id="((?:clip|gradient_|pattern_)\d+)"')
_CHART_NAME = re.compile(r'(?:clip|gradient_|pattern_)\d+(?=[")])')
_ID_ATTRIBUTE, _REFERENCES = 'id="', ('url(#', 'href="#')
_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL | re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


class Unwritten(Exception):
    """The notebook has something the page template does not write (nbconvert does)."""


def strip_css_comments(page: str) -> str:
    """``page`` with comments removed from its <style> blocks (JupyterLab's CSS credits
    websites in comments; the page should name no web address at all)."""
    return _STYLE_BLOCK.sub(lambda m: m.group(1) + _CSS_COMMENT.sub("", m.group(2)) + m.group(3),
                            page)


def steady_ids(page: str) -> str:
    """``page`` with its charts' clip-path, gradient and pattern ids (and the references to
    them) numbered per kind in order of appearance, from 1, instead of as the kernel counted."""
    counted: dict[str, int] = {}
    steady: dict[str, str] = {}
    for match in _CHART_ID.finditer(page):
        name = match.group(1)
        if name in steady or not _starts_word(page, match.start()):
            continue
        kind = name.rstrip("0123456789")
        counted[kind] = counted.get(kind, 0) + 1
        steady[name] = f"{kind}{counted[kind]}"
    if not steady:
        return page

    def renumbered(match: re.Match[str]) -> str:
        name = match.group(0)
        return steady[name] if name in steady and _names_a_chart_id(page, match.start()) else name

    return _CHART_NAME.sub(renumbered, page)


def _starts_word(page: str, start: int) -> bool:
    """Whether a word starts at ``start`` of ``page`` (what a regex's \\b before it checks)."""
    return start == 0 or not (page[start - 1].isalnum() or page[start - 1] == "_")


def _names_a_chart_id(page: str, start: int) -> bool:
    """Whether the chart id at ``start`` is an id attribute's value or a reference to one."""
    if any(page.startswith(prefix, start - len(prefix)) for prefix in _REFERENCES):
        return True
    attribute = start - len(_ID_ATTRIBUTE)
    return page.startswith(_ID_ATTRIBUTE, attribute) and _starts_word(page, attribute)


@functools.cache
def html_exporter() -> Any:
    """nbconvert's HTML exporter set for reviews: code hidden, nothing loaded from the network."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=HTML_TEMPLATE,
                            extra_template_basedirs=[str(HTML_TEMPLATE_DIR)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def nbconvert_page(notebook: Any) -> str:
    """``notebook`` exported by nbconvert (the slow way, for what the template does not write)."""
    body, _ = html_exporter().from_notebook_node(notebook)
    return strip_css_comments(body)


@functools.cache
def _frame() -> tuple[str, str, str]:
    """The page around the cells, split at its title: (before the title, from the title to
    the cells, after the cells), as nbconvert exports an empty notebook."""
    import nbformat

    empty = nbformat.v4.new_notebook(metadata={"title": TITLE_MARK})
    page = nbconvert_page(empty)
    start, end = page.index("<main>") + len("<main>"), page.index("</main>")
    before, after_title = page[:start].split(TITLE_MARK, 1)
    return before, after_title, page[end:]


@functools.cache
def _page_template() -> Any:
    import jinja2

    folder = HTML_TEMPLATE_DIR / HTML_TEMPLATE
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)),
                                     autoescape=True, keep_trailing_newline=True)
    return environment.get_template(PAGE_TEMPLATE)


@functools.lru_cache(maxsize=256)
def _markdown(source: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(source)


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _tags(cell: Any) -> str:
    return "".join(f" celltag_{tag}" for tag in cell.get("metadata", {}).get("tags", []))


def _output(output: Any) -> dict[str, str]:
    if output.get("output_type") not in ("execute_result", "display_data"):
        raise Unwritten(output.get("output_type"))
    data = output.get("data", {})
    mime = next((kind for kind in SHOWN_FIRST if kind in data), None)
    if mime not in WRITTEN:
        raise Unwritten(mime)
    result = " jp-OutputArea-executeResult" if output["output_type"] == "execute_result" else ""
    return {"mime": mime, "content": _text(data[mime]), "result": result}


def _cell(cell: Any) -> dict[str, Any]:
    kind = cell.get("cell_type")
    if kind == "markdown":
        return {"kind": kind, "id": cell.get("id", ""), "tags": _tags(cell),
                "html": _markdown(_text(cell.get("source", "")))}
    if kind != "code":
        raise Unwritten(kind)
    return {"kind": kind, "id": cell.get("id", ""), "tags": _tags(cell),
            "outputs": [_output(output) for output in cell.get("outputs", [])]}


def html_page(notebook: Any) -> str:
    """``notebook`` (an executed review) as a self-contained, offline HTML page."""
    try:
        cells = [_cell(cell) for cell in notebook.cells]
    except Unwritten:
        return steady_ids(nbconvert_page(notebook))
    before, after_title, foot = _frame()
    title = html.escape(str(notebook.metadata.get("title", "")), quote=False)
    return steady_ids(_page_template().render(head=before + title + after_title, cells=cells,
                                              foot=foot))
