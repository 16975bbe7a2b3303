"""One workspace interface, two implementations: :class:`kit.hub.local.LocalBackend` works on a
workspace folder, :class:`kit.hub.client.RemoteBackend` asks the hub's candle service, which
itself runs a ``LocalBackend`` for each caller. Pages and forms talk to this interface only;
:func:`open_backend` picks the implementation from the environment, once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from kit.hub.roles import Caller
from kit.model.records import MicroProject, Record, Withdrawal
from kit.research.release_interface import ReleaseDesk
from kit.reviews.interface import ReviewService
from kit.rights.interface import PersonErasure, RecordsDownload
from kit.store.workspace import Settings

if TYPE_CHECKING:  # pandas costs 1-3 s to import: a form page opens without it
    import pandas as pd

SERVICE_URL_ENV = "CANDLE_SERVICE_URL"
TOKEN_ENV = "JUPYTERHUB_API_TOKEN"


class WorkspaceBackend(ReviewService, ReleaseDesk, RecordsDownload, PersonErasure, Protocol):
    """What a signed-in person can do with the shared workspace (the reviews' part:
    :class:`kit.reviews.interface.ReviewService`; the research release queue's:
    :class:`kit.research.release_interface.ReleaseDesk`; their whole record:
    :class:`kit.rights.interface.RecordsDownload`; an administrator's erasure of a person:
    :class:`kit.rights.interface.PersonErasure`)."""

    def whoami(self) -> Caller:
        """Who is signed in, and in which roles."""
        ...

    def submit(self, record: Record) -> str:
        """Check and store ``record`` under the signed-in person; return its record id."""
        ...

    def save_application(self, project: MicroProject) -> str:
        """Store a micro-project application (and the licence's 'applied' event)."""
        ...

    def edit(self, table: str, entity_id: str, practitioner_id: str, edit_reason: str,
             changes: Mapping[str, Any], supersedes: str | None = None) -> Record:
        """Store a new version of a record with ``changes``; return it. ``supersedes`` is the
        version the change was made from: if another has been saved since, nothing is stored
        and :class:`kit.errors.StaleEdit` carries the version stored now."""
        ...

    def withdraw(self, table: str, entity_id: str, practitioner_id: str, reason: str) -> Withdrawal:
        """Take a record out of use with ``reason`` (who may edit it may withdraw it); the
        stored withdrawal. Its versions stay, and withdrawing the withdrawal restores it."""
        ...

    def rows(self, table: str) -> pd.DataFrame:
        """The current rows of a tidy table that the signed-in person may read."""
        ...

    def settings(self) -> Settings:
        """The workspace's settings as the signed-in person sees them (a kernel's copy keeps
        them): its name, review period and renewal months, them as its current user, and the
        people they may see by name and kind: themselves, every lead and Link (a practitioner
        names theirs in My profile) and the practitioners whose profiles they may read."""
        ...

    def records(self, table: str) -> list[Record]:
        """Every stored version in record table ``table`` that the signed-in person may read."""
        ...

    def copy_records(self, tables: Sequence[str]) -> dict[str, list[Record]]:
        """:meth:`records` of each of ``tables`` at once (what a kernel's copy holds)."""
        ...

    def roster(self) -> pd.DataFrame:
        """A lead's roster: practitioners who name them, and each one's last reflection date."""
        ...

    def oriented(self) -> pd.DataFrame:
        """A Link's list: practitioners who name them, and whether each has started."""
        ...

    def make_export(self, k: int = 5, allow_empty: bool = False) -> str:
        """A lead makes a research export package; its name."""
        ...

    def exports(self) -> list[str]:
        """The finished research export packages (folder names)."""
        ...

    def export_file(self, package: str, name: str) -> bytes:
        """One file of a finished research export package."""
        ...


def service_from_env(environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """``(service URL, token)`` when running under a hub that offers the candle service."""
    env = os.environ if environ is None else environ
    url, token = env.get(SERVICE_URL_ENV), env.get(TOKEN_ENV)
    return (url, token) if url and token else None


def open_backend(workspace: Any = None, user_id: str | None = None) -> WorkspaceBackend:
    """The remote backend when the hub's environment names the service, else the local folder
    (``workspace``, default $CANDLE_WORKSPACE or the demo, as ``user_id`` or its current user)."""
    service = service_from_env()
    if service:
        from kit.hub.client import RemoteBackend
        from kit.store.workspace import Workspace

        return RemoteBackend(*service, copy=workspace if isinstance(workspace, Workspace) else None)
    from kit.hub.local import LocalBackend

    return LocalBackend.for_user(workspace, user_id)
