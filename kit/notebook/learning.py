"""The practitioner's pages: Start here's summary and the sections of My learning."""

from __future__ import annotations

from pathlib import Path

from IPython.display import HTML, display

from kit.errors import KitError
from kit.notebook import ahead
from kit.notebook.context import PageContext, on_page
from kit.store.workspace import Workspace
from kit.views.pages import (
    LEARNING_HTML,
    LEARNING_SECTIONS,
    not_for,
    show_not_for,
    show_shared_reviews,
    start_here_widget,
)


def show_start_here(workspace: Workspace | str | Path | None = None, user_id: str | None = None) -> None:
    """Who I am, what to do next, and where my data lives (kept current as I save)."""
    def draw(ctx: PageContext) -> None:
        display(start_here_widget(ctx.workspace, ctx.person, ctx.service_url))

    on_page(draw, workspace, user_id)


def show_my_learning(section: str, workspace: Workspace | str | Path | None = None,
                     user_id: str | None = None) -> None:
    """Show one section of "My learning": reflections, tags, self_ratings, licence, reviews,
    review_notes. An unknown section is an error naming the ones there are.

    A section the page's kernel drew ahead (:mod:`kit.notebook.ahead`) for this workspace
    and person is shown as drawn; otherwise it is drawn here."""
    if section not in LEARNING_SECTIONS:
        raise KitError(f"'{section}' is not a section of My learning.",
                       f"Use one of: {', '.join(LEARNING_SECTIONS)}.")

    def draw(ctx: PageContext) -> None:
        reason = not_for(ctx.person, "practitioner")
        if reason:
            show_not_for(reason)
            return
        if section == "reviews":
            show_shared_reviews(ctx.workspace, ctx.person.id, ctx.backend)
            return
        drawn = ahead.take(section, ctx.workspace, ctx.person.id)
        display(HTML(drawn if drawn is not None else LEARNING_HTML[section](ctx.workspace, ctx.person.id)))

    on_page(draw, workspace, user_id)
