"""The lead's and the Link's lists of the practitioners who name them, read through the
workspace interface (on a hub, the service's answer, not the user's copy)."""

from __future__ import annotations

from pathlib import Path

from kit.notebook.context import PageContext, on_page
from kit.store.workspace import Workspace
from kit.views.pages import not_for, show_not_for, show_people


def _show_list(kind: str, workspace: Workspace | str | Path | None, user_id: str | None) -> None:
    def draw(ctx: PageContext) -> None:
        reason = not_for(ctx.person, kind)
        if reason:
            show_not_for(reason)
            return
        frame = ctx.backend.roster() if kind == "lead" else ctx.backend.oriented()
        show_people(ctx.person, kind, frame)

    on_page(draw, workspace, user_id)


def show_roster(workspace: Workspace | str | Path | None = None, user_id: str | None = None) -> None:
    """The lead's roster: practitioners they support and the date of each one's last reflection."""
    _show_list("lead", workspace, user_id)


def show_oriented(workspace: Workspace | str | Path | None = None, user_id: str | None = None) -> None:
    """The Link practitioner's list: who they orient, and whether each has started."""
    _show_list("link", workspace, user_id)
