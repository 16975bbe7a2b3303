"""Who and where a page is: the workspace its drawings read, the signed-in person, and the
workspace interface (:mod:`kit.hub.backend`) its actions go through.

The choice between the local folder and the hub's service is made here, once per page, by
:func:`kit.hub.backend.open_backend` and :func:`kit.hub.mirror.kernel_workspace`; nothing
below asks which one it got.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kit.errors import KitError
from kit.hub.backend import WorkspaceBackend, open_backend, service_from_env
from kit.hub.mirror import kernel_workspace
from kit.store.workspace import Person, Workspace


@dataclass(frozen=True)
class PageContext:
    """A page's workspace (on a hub: the user's synced copy), person and interface;
    ``service_url``: on a hub, the candle service that keeps the team's records (else None)."""

    workspace: Workspace
    person: Person
    backend: WorkspaceBackend
    on_hub: bool
    service_url: str | None = None


def page_context(workspace: Workspace | str | Path | None = None,
                 user_id: str | None = None) -> PageContext:
    """The page's context: ``workspace`` (default: the kernel's, see
    :func:`kit.hub.mirror.kernel_workspace`) and ``user_id`` (default: its current user).

    Raises :class:`kit.errors.KitError` (with what to do) when there is no workspace or the
    user is unknown.
    """
    ws = workspace if isinstance(workspace, Workspace) else kernel_workspace(workspace)
    person = ws.person(user_id) if user_id else ws.current_user()
    service = service_from_env()
    return PageContext(ws, person, open_backend(ws, person.id), service is not None,
                       service[0] if service else None)


def on_page(draw: Callable[[PageContext], None], workspace: Workspace | str | Path | None = None,
            user_id: str | None = None,
            problem: Callable[[KitError], None] | None = None) -> None:
    """Find the page's context and ``draw`` it; a kit error (no workspace, an unknown user, a
    refusal or an unreachable service) is shown in plain words by ``problem`` (default
    :func:`kit.views.pages.show_problem`), never as a traceback."""
    try:
        draw(page_context(workspace, user_id))
    except KitError as error:
        if problem is None:
            # Imported only here: kit.views.pages loads pandas and altair, which a form page
            # (whose header brings its own ``problem``) never needs.
            from kit.views.pages import show_problem as problem
        problem(error)
