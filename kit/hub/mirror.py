"""A hub kernel's own copy of what its person may read, kept in their home.

On a hub, the shared workspace belongs to the service; a user's server never opens it. The
forms and pages still want a workspace folder (choices such as your focus areas, drafts, the
tables My learning draws), so the kernel keeps one in the user's home (``$CANDLE_WORKSPACE``,
default ``~/.candle/workspace``): its ``kit.yaml`` is the workspace's (its name, review period,
renewal months) naming the signed-in person with the roles the hub gives them and the people
the service lets them see (their lead and Link, a lead's practitioners), and its records are a
copy of the ones the service lets them read (of names to hide, only their own). Every
save still goes to the service (which decides); a saved record is then copied here too.
Drafts stay in this folder, in the user's home.
"""

from __future__ import annotations

import os
from pathlib import Path

from kit.hub.backend import WorkspaceBackend, service_from_env
from kit.hub.roles import Caller
from kit.model.records import PRIVATE_TABLES, PUBLIC_TABLES
from kit.store.workspace import WORKSPACE_ENV, Person, Settings, Workspace, write_settings


def copy_folder() -> Path:
    """Where a hub kernel keeps its copy: $CANDLE_WORKSPACE, else ~/.candle/workspace."""
    return Path(os.environ.get(WORKSPACE_ENV) or Path.home() / ".candle" / "workspace")


def sync(backend: WorkspaceBackend, folder: Path) -> Workspace:
    """Make ``folder`` a copy of what ``backend``'s person may read; the copy, opened."""
    # Hub-only modules (they load pandas and pyarrow) are imported here, not at the top:
    # every form page imports this module, and off a hub it must open without them.
    from kit.hub import access
    from kit.hub.client import keep

    me = backend.whoami()
    if not me.kinds:
        raise access.no_role(me)
    settings = _settings(backend, me)
    if (folder / "kit.yaml").is_file():
        write_settings(folder / "kit.yaml", settings)
        copy = Workspace.open(folder)
    else:
        copy = Workspace.create(folder, settings)
    if me.has("practitioner") or me.has("lead"):
        copies = backend.copy_records([*PUBLIC_TABLES, *PRIVATE_TABLES])  # private: only your own
        for records in copies.values():
            for record in records:
                keep(copy, record)
    return copy


def _settings(backend: WorkspaceBackend, me: Caller) -> Settings:
    """The copy's kit.yaml: the workspace's settings as the service gives them, with the
    signed-in person first, in the hub's roles, then everyone they may see by name (their lead
    and Link to pick in a form, a lead's practitioners)."""
    shared = backend.settings()
    others = shared.people
    named = next((person.name for person in others if person.id == me.id), me.id)
    people = [Person(id=me.id, name=named, kinds=list(me.kinds)),
              *(person for person in others if person.id != me.id)]
    return shared.model_copy(update={"current_user": me.id, "people": people})


def kernel_workspace(path: Path | str | None = None) -> Workspace:
    """The workspace a kernel's forms use: on a hub, its freshly synced copy in the home;
    without one, the folder at ``path`` (default $CANDLE_WORKSPACE; an error if unset)."""
    service = service_from_env()
    if service is None:
        return Workspace.open(path)
    from kit.hub.client import RemoteBackend

    return sync(RemoteBackend(*service), Path(path) if path else copy_folder())
