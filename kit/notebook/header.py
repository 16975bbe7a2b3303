"""The first cell of every notebook: which workspace and which user the page works with, and
the way back to Start here and on to the next step."""

from __future__ import annotations

from pathlib import Path

from IPython.display import HTML, display

from kit.errors import KitError
from kit.notebook.context import PageContext, on_page
from kit.store.workspace import Workspace
from kit.views import site
from kit.views.header import header_html, problem_html


def show_header(workspace: Workspace | str | Path | None = None, user_id: str | None = None,
                page: str | None = None) -> None:
    """Display the workspace and user this notebook works with (on a hub: the team's service and
    the user's own copy), or why there is none; ``page`` (the notebook's path under the pages
    folder, e.g. ``research/release_queue.ipynb``) adds the links back to Start here and on to
    the person's next page."""
    shown = site.page(page) if page else None

    def draw(ctx: PageContext) -> None:
        display(HTML(header_html(ctx.workspace, ctx.person, ctx.service_url, shown)))

    def problem(error: KitError) -> None:
        display(HTML(problem_html(error)))

    on_page(draw, workspace, user_id, problem)
