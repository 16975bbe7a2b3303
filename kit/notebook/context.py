"""Who and where a page is: the workspace its drawings read, the signed-in person, and the
workspace interface (:mod:`kit.hub.backend`) its actions go through.

The choice between the local folder and the hub's service is made here, once per page, by
:func:`kit.hub.backend.open_backend` and :func:`kit.hub.mirror.kernel_workspace`; nothing
below asks which one it got.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit.hub.backend import WorkspaceBackend, open_backend, service_from_env
from kit.hub.mirror import kernel_workspace
from kit.store.workspace import Person, Workspace


@dataclass(frozen=True)
class PageContext:
    """A page's workspace (on a hub: the user's synced copy), person and interface."""

    workspace: Workspace
    person: Person
    backend: WorkspaceBackend
    on_hub: bool


def page_context(workspace: Workspace | str | Path | None = None,
                 user_id: str | None = None) -> PageContext:
    """The page's context: ``workspace`` (default: the kernel's, see
    :func:`kit.hub.mirror.kernel_workspace`) and ``user_id`` (default: its current user).

    Raises :class:`kit.errors.KitError` (with what to do) when there is no workspace or the
    user is unknown.
    """
    ws = workspace if isinstance(workspace, Workspace) else kernel_workspace(workspace)
    person = ws.person(user_id) if user_id else ws.current_user()
    return PageContext(ws, person, open_backend(ws, person.id), service_from_env() is not None)
