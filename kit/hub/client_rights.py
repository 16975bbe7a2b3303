"""A person's whole record on the workspace interface, over HTTP (mixed into
:class:`kit.hub.client.RemoteBackend`): the team's service makes the zip from the shared
workspace (:mod:`kit.hub.rights_handlers`) and refuses anyone but the person or an administrator."""

from __future__ import annotations

from urllib.parse import quote


class RemoteRights:
    """The records-download half of the workspace interface, for the service's client."""

    def _call(self, method: str, path: str, body: object = None) -> bytes:
        raise NotImplementedError  # RemoteBackend's

    def person_export(self, person_id: str | None = None) -> bytes:
        """The zip the service makes of ``person_id``'s record (default: the caller's own)."""
        path = "api/person/export" + (f"/{quote(person_id, safe='')}" if person_id else "")
        return self._call("GET", path)
