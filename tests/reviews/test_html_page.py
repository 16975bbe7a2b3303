"""The review page written from the executed notebook reads and draws as nbconvert's export
of the same notebook; what the page template does not write goes to nbconvert."""

from __future__ import annotations

import nbformat
from page_golden import page_view

from kit.reviews.html_page import html_page, nbconvert_page, steady_ids

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="A chart. Bars.">'
       "<title>A chart</title><desc>Bars.</desc><g class=\"mark-text\"><text>3 &amp; 4</text></g></svg>")


def _notebook(*extra: nbformat.NotebookNode) -> nbformat.NotebookNode:
    parameters = nbformat.v4.new_code_cell("x = 1", id="cell-00")
    parameters.metadata["tags"] = ["parameters"]
    html = nbformat.v4.new_code_cell("page.heading()", id="cell-01", outputs=[
        nbformat.v4.new_output("execute_result", {"text/html": "<h1>Review: P &lt;1&gt;</h1>",
                                                  "text/plain": "<HTML>"}, execution_count=2)])
    chart = nbformat.v4.new_code_cell("page.chart()", id="cell-03", outputs=[
        nbformat.v4.new_output("display_data", {"image/svg+xml": SVG, "text/plain": "A chart"})])
    return nbformat.v4.new_notebook(metadata={"title": "Review: p01 & co, 2026-Q3"}, cells=[
        parameters, html, nbformat.v4.new_markdown_cell("## Licence\nThe *licence* & its dates.",
                                                        id="cell-02"), chart, *extra])


def test_the_written_page_reads_and_draws_as_nbconvert_exports_it() -> None:
    notebook = _notebook()
    written = html_page(notebook)
    assert page_view(written) == page_view(nbconvert_page(notebook))
    assert "Review: p01 &amp; co, 2026-Q3</title>" in written and "<desc>Bars.</desc>" in written
    assert written.count('tabindex="0"') == 3  # the text cell and both outputs, as nbconvert does


def test_an_output_the_template_does_not_write_goes_to_nbconvert() -> None:
    warned = nbformat.v4.new_code_cell("page.ratings()", id="cell-04", outputs=[
        nbformat.v4.new_output("stream", name="stderr", text="FutureWarning: a planted warning")])
    page = html_page(_notebook(warned))
    assert "a planted warning" in page
    assert page_view(page) == page_view(nbconvert_page(_notebook(warned)))


def _charted(first_clip: int, gradient: int) -> nbformat.NotebookNode:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="A chart.">'
           f'<defs><linearGradient id="gradient_{gradient}"></linearGradient>'
           f'<clipPath id="clip{first_clip}"><rect></rect></clipPath>'
           f'<clipPath id="clip{first_clip + 1}"><rect></rect></clipPath></defs>'
           f'<g clip-path="url(#clip{first_clip + 1})"><rect fill="url(#gradient_{gradient})">'
           f'</rect></g><g clip-path="url(#clip{first_clip})"></g></svg>')
    chart = nbformat.v4.new_code_cell("page.chart()", id="cell-05", outputs=[
        nbformat.v4.new_output("display_data", {"image/svg+xml": svg, "text/plain": "A chart"})])
    return _notebook(chart)


def test_a_page_is_the_same_whatever_its_kernel_drew_before() -> None:
    """Vega numbers clip paths and gradients across a kernel's life: the same review drawn
    after other reviews must still give the same page, each reference still to its own part."""
    first, later = html_page(_charted(1, 0)), html_page(_charted(43, 5))
    assert first == later
    assert 'id="clip1"' in first and 'id="clip2"' in first and 'id="gradient_1"' in first
    assert first.index('url(#clip2)') < first.index('url(#clip1)')  # references follow their ids
    assert steady_ids('<p>clip43 url(#clip43)</p>') == '<p>clip43 url(#clip43)</p>'  # no id here


def test_only_chart_ids_and_their_references_are_renumbered() -> None:
    """An id counts only as a whole attribute (``data-id=`` is one, ``xid=`` is not), and a
    name is renumbered only where it is that id or a reference to it, never inside a word."""
    page = ('<g id="clip7"></g><g xid="clip9"></g><i data-id="clip8"></i>'
            '<g clip-path="url(#clip8)"></g><a href="#clip7">clip7</a><b>aclip7)</b>'
            '<u>url(#clip9)</u><p id="pattern_3"></p>')
    assert steady_ids(page) == (
        '<g id="clip1"></g><g xid="clip9"></g><i data-id="clip2"></i>'
        '<g clip-path="url(#clip2)"></g><a href="#clip1">clip7</a><b>aclip7)</b>'
        '<u>url(#clip9)</u><p id="pattern_1"></p>')
