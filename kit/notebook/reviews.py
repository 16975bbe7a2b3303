"""The lead's reviews page as a notebook cell shows it: found through the page's context, so
the same cell runs the reviews in the workspace folder on a laptop and through the team's
service on a hub (where the lead's kernel holds only a copy and never writes the workspace)."""

from __future__ import annotations

from pathlib import Path

from kit.notebook.context import PageContext, on_page
from kit.store.workspace import Workspace


def show_lead_reviews(workspace: Workspace | str | Path | None = None, user_id: str | None = None) -> None:
    """Display the reviews page for the signed-in lead (or say why there is nothing to run)."""
    from IPython.display import display

    from kit.reviews.lead_page import lead_reviews

    def draw(ctx: PageContext) -> None:
        display(lead_reviews(ctx.workspace, ctx.person, ctx.backend))

    on_page(draw, workspace, user_id)
