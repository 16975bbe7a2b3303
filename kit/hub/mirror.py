"""A hub kernel's own copy of what its person may read, kept in their home.

On a hub, the shared workspace belongs to the service; a user's server never opens it. The
forms and pages still want a workspace folder (choices such as your focus areas, drafts, the
tables My learning draws), so the kernel keeps one in the user's home (``$CANDLE_WORKSPACE``,
default ``~/.candle/workspace``): its ``kit.yaml`` names only the signed-in person with the roles
the hub gives them, and its records are a copy of the ones the service lets them read. Every
save still goes to the service (which decides); a saved record is then copied here too.
Drafts stay in this folder, in the user's home.

A kernel refreshes its copy when a page or form asks for it (:func:`kernel_workspace`), but
not on every cell: only when its last refresh, in this kernel, is older than
:data:`FRESH_SECONDS`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from kit.hub.backend import WorkspaceBackend, service_from_env
from kit.model.records import PUBLIC_TABLES, Profile
from kit.store.workspace import WORKSPACE_ENV, Person, Settings, Workspace, write_settings

COPY_NAME = "My copy of the team's workspace"
FRESH_SECONDS = 20.0  # a page or form within this long of the last refresh reads the copy as is
_refreshed: dict[tuple[str, str, str], float] = {}  # (service, token, folder) -> when, this kernel


def _now() -> float:
    return time.monotonic()


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
    settings = Settings(name=COPY_NAME, current_user=me.id,
                        people=[Person(id=me.id, name=me.id, kinds=list(me.kinds))])
    if (folder / "kit.yaml").is_file():
        write_settings(folder / "kit.yaml", settings)
        copy = Workspace.open(folder)
    else:
        copy = Workspace.create(folder, settings)
    if me.has("practitioner") or me.has("lead"):
        for table in PUBLIC_TABLES:
            for record in backend.records(table):
                keep(copy, record)
    return _with_people_from_profiles(copy)


def _with_people_from_profiles(copy: Workspace) -> Workspace:
    """Name everyone in the copy by their profile's display name (a lead's copy holds the
    profiles of the practitioners who name them), so pages show names, not hub ids; the
    signed-in person keeps their hub user name until they have a profile."""
    me = copy.person(str(copy.settings.current_user))
    profiles = copy.store.latest(Profile.TABLE)
    names = {p.practitioner_id: p.display_name for p in profiles if isinstance(p, Profile)}
    people = [me.model_copy(update={"name": names.get(me.id, me.id)})]
    people += [Person(id=pid, name=name, kinds=["practitioner"])
               for pid, name in sorted(names.items()) if pid != me.id]
    if people == copy.settings.people:
        return copy
    settings = copy.settings.model_copy(update={"people": people})
    write_settings(copy.root / "kit.yaml", settings)
    return Workspace.open(copy.root)


def kernel_workspace(path: Path | str | None = None, max_age: float = FRESH_SECONDS) -> Workspace:
    """The workspace a kernel's pages and forms use: on a hub, its copy in the home, refreshed
    from the service unless this kernel refreshed it less than ``max_age`` seconds ago; without
    a hub, the folder at ``path`` (default $CANDLE_WORKSPACE; an error if unset)."""
    service = service_from_env()
    if service is None:
        return Workspace.open(path)
    from kit.hub.client import RemoteBackend

    folder = Path(path) if path else copy_folder()
    key = (*service, str(folder.resolve()))
    last = _refreshed.get(key)
    if last is not None and _now() - last < max_age and (folder / "kit.yaml").is_file():
        return _with_people_from_profiles(Workspace.open(folder))  # a saved profile names me
    copy = sync(RemoteBackend(*service), folder)
    _refreshed[key] = _now()
    return copy
