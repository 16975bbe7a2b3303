"""The practitioner's pages: Start here's summary and the sections of My learning."""

from __future__ import annotations

from pathlib import Path

from IPython.display import display

from kit.errors import KitError
from kit.notebook.context import PageContext, on_page
from kit.store.workspace import Workspace
from kit.views.pages import LEARNING_SECTIONS, not_for, show_not_for, start_here_widget


def show_start_here(workspace: Workspace | str | Path | None = None, user_id: str | None = None) -> None:
    """Who I am, what to do next, and where my data lives (kept current as I save)."""
    def draw(ctx: PageContext) -> None:
        display(start_here_widget(ctx.workspace, ctx.person, ctx.service_url))

    on_page(draw, workspace, user_id)


def show_my_learning(section: str, workspace: Workspace | str | Path | None = None,
                     user_id: str | None = None) -> None:
    """Show one section of "My learning": reflections, tags, self_ratings, licence, reviews,
    review_notes. An unknown section is an error naming the ones there are."""
    if section not in LEARNING_SECTIONS:
        raise KitError(f"'{section}' is not a section of My learning.",
                       f"Use one of: {', '.join(LEARNING_SECTIONS)}.")

    def draw(ctx: PageContext) -> None:
        reason = not_for(ctx.person, "practitioner")
        if reason:
            show_not_for(reason)
            return
        LEARNING_SECTIONS[section](ctx.workspace, ctx.person.id, ctx.backend)

    on_page(draw, workspace, user_id)
