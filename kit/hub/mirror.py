"""A hub kernel's own copy of what its person may read, kept in their home.

On a hub, the shared workspace belongs to the service; a user's server never opens it. The
forms and pages still want a workspace folder (choices such as your focus areas, drafts, the
tables My learning draws), so the kernel keeps one in the user's home (``$CANDLE_WORKSPACE``,
default ``~/.candle/workspace``): its ``kit.yaml`` is the workspace's (its name, review period,
renewal months) naming the signed-in person with the roles the hub gives them and the people
the service lets them see (their lead and Link, a lead's practitioners), and its records are a
copy of the ones the service lets them read now (of names to hide, only their own; a record
it no longer lets them read leaves the copy, and its compiled tables, at the next refresh). Every
save still goes to the service (which decides); a saved record is then copied here too.
Drafts stay in this folder, in the user's home.

A kernel refreshes its copy when a page or form asks for it (:func:`kernel_workspace`), but
not on every cell: only when its last refresh, in this kernel, is older than
:data:`FRESH_SECONDS`.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from kit.hub.backend import WorkspaceBackend, service_from_env
from kit.hub.roles import Caller
from kit.model.records import PRIVATE_TABLES, PUBLIC_TABLES, Profile, Record
from kit.store.workspace import WORKSPACE_ENV, Person, Settings, Workspace, write_settings

COPIED_TABLES = (*PUBLIC_TABLES, *PRIVATE_TABLES)
FRESH_SECONDS = 20.0  # a page or form within this long of the last refresh reads the copy as is
_refreshed: dict[tuple[str, str, str], float] = {}  # (service, token, folder) -> when, this kernel
# One refresh at a time in a kernel: a page's cells wait for the one its kernel began ahead
# (kit.notebook.ahead), then read the copy it made, rather than writing the same files at once.
_refreshing = threading.Lock()


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
    settings = _settings(backend, me)
    if (folder / "kit.yaml").is_file():
        write_settings(folder / "kit.yaml", settings)
        copy = Workspace.open(folder)
    else:
        copy = Workspace.create(folder, settings)
    copies: dict[str, list[Record]] = {}
    if me.has("practitioner") or me.has("lead"):
        copies = backend.copy_records([*COPIED_TABLES])  # private tables: only your own
        for records in copies.values():
            for record in records:
                keep(copy, record)
    if _forget_the_rest(copy, copies):
        _recompile(copy)
    return copy


def _recompile(copy: Workspace) -> None:
    """Compile the copy's tables again after records left it, so no table, CSV or compile
    cache still holds them (the compiler notices files that are gone and rebuilds)."""
    from kit.tables.compiler import compile_tables

    if copy.folder("tables").is_dir():  # never compiled: nothing to clean
        compile_tables(copy)


def _forget_the_rest(copy: Workspace, copies: dict[str, list[Record]]) -> int:
    """Delete the copy's records the service no longer gives (a reflection made private or
    withdrawn, an earlier version, a practitioner who named this lead and now names another, a
    person moved out of a role): the copy holds what its person may read now, never more.
    Drafts are not records and stay. How many were deleted."""
    allowed = {copy.store.path_for(record) for records in copies.values() for record in records}
    stale = [path for table in COPIED_TABLES for path in copy.store.record_files(table)
             if path not in allowed]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def _settings(backend: WorkspaceBackend, me: Caller) -> Settings:
    """The copy's kit.yaml: the workspace's settings as the service gives them, with the
    signed-in person first, in the hub's roles, then everyone they may see by name (their lead
    and Link to pick in a form, a lead's practitioners)."""
    shared = backend.settings()
    others = shared.people
    named = next((person.name for person in others if person.id == me.id), me.id)
    people = [Person(id=me.id, name=named, kinds=list(me.kinds)),
              *(person for person in others if person.id != me.id)]
    # key_folder None: the copy is plain (the service sends records opened); no keys in a home
    return shared.model_copy(update={"current_user": me.id, "people": people, "key_folder": None})


def _named_by_my_profile(copy: Workspace) -> Workspace:
    """The copy, its signed-in person named by the display name of the profile they saved
    since the last refresh (a page opened right after saving My profile names them by it)."""
    me = copy.person(str(copy.settings.current_user))
    profile = next(iter(copy.store.latest(Profile.TABLE, me.id)), None)
    if not isinstance(profile, Profile) or profile.display_name == me.name:
        return copy
    people = [me.model_copy(update={"name": profile.display_name}),
              *(person for person in copy.settings.people if person.id != me.id)]
    write_settings(copy.root / "kit.yaml", copy.settings.model_copy(update={"people": people}))
    return Workspace.open(copy.root)


def kernel_workspace(path: Path | str | None = None, max_age: float = FRESH_SECONDS) -> Workspace:
    """The workspace a kernel's pages and forms use: on a hub, its copy in the home, refreshed
    from the service unless this kernel refreshed it less than ``max_age`` seconds ago; without
    a hub, the folder at ``path`` (default $CANDLE_WORKSPACE; an error if unset). Threads of
    one kernel refresh one at a time, each after the other's refresh finds it fresh."""
    service = service_from_env()
    if service is None:
        return Workspace.open(path)
    from kit.hub.client import RemoteBackend

    folder = Path(path) if path else copy_folder()
    key = (*service, str(folder.resolve()))
    with _refreshing:
        last = _refreshed.get(key)
        if last is not None and _now() - last < max_age and (folder / "kit.yaml").is_file():
            return _named_by_my_profile(Workspace.open(folder))
        copy = sync(RemoteBackend(*service), folder)
        _refreshed[key] = _now()
        return copy
