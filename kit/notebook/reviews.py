"""The lead's reviews page as a notebook cell shows it: found through the page's context, so
the same cell runs the reviews in the workspace folder on a laptop and through the team's
service on a hub (where the lead's kernel holds only a copy and never writes the workspace).

The page has one period for everything it shows: :func:`period_box` gives the reviews' Period
box, which the review note form below follows (``kit.forms.show_following``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kit.notebook.context import PageContext, on_page
from kit.store.workspace import Workspace

if TYPE_CHECKING:
    import ipywidgets as widgets

_shown: dict[str, widgets.Text] = {}  # the Period box of the reviews this kernel last drew


def show_lead_reviews(workspace: Workspace | str | Path | None = None, user_id: str | None = None) -> None:
    """Display the reviews page for the signed-in lead (or say why there is nothing to run)."""
    from IPython.display import display

    from kit.reviews.lead_page import LeadReviewsPage, lead_reviews

    def draw(ctx: PageContext) -> None:
        page = lead_reviews(ctx.workspace, ctx.person, ctx.backend)
        if isinstance(page, LeadReviewsPage):
            _shown["period"] = page.period_box
        display(page)

    on_page(draw, workspace, user_id)


def period_box() -> widgets.Text | None:
    """The Period box of the reviews this page drew (None when it drew none: not a lead)."""
    return _shown.get("period")
