"""A person's whole record on the workspace interface, on a folder (:mod:`kit.rights.export`):
:class:`kit.hub.local.LocalBackend` takes this method; the hub's service runs it for each
caller, so only the person themself or an administrator gets it, on a laptop or a hub."""

from __future__ import annotations

from kit.hub.roles import Caller
from kit.store.workspace import Workspace


class LocalRights:
    """Mixed into :class:`kit.hub.local.LocalBackend` (which gives ``workspace`` and ``caller``)."""

    workspace: Workspace
    caller: Caller

    def person_export(self, person_id: str | None = None) -> bytes:
        """The zip of everything the workspace holds about ``person_id`` (default: the caller);
        refused unless that is the caller or the caller is an administrator."""
        from kit.rights.export import check_may_export, export_zip  # pandas loads only here

        person = person_id or self.caller.id
        check_may_export(self.caller.id, self.caller.kinds, person)
        return export_zip(self.workspace, person)[1]
