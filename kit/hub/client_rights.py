"""A person's data rights on the workspace interface, over HTTP (mixed into
:class:`kit.hub.client.RemoteBackend`): the team's service makes a person's zip from the shared
workspace and erases a person there (:mod:`kit.hub.rights_handlers`), refusing anyone but the
person or an administrator for a zip, and anyone but an administrator for the rest."""

from __future__ import annotations

import json
from urllib.parse import quote

from kit.rights.interface import DataSubject, ErasureCounts


class RemoteRights:
    """The data-rights half of the workspace interface, for the service's client."""

    def _call(self, method: str, path: str, body: object = None) -> bytes:
        raise NotImplementedError  # RemoteBackend's

    def person_export(self, person_id: str | None = None) -> bytes:
        """The zip the service makes of ``person_id``'s record (default: the caller's own)."""
        path = "api/person/export" + (f"/{quote(person_id, safe='')}" if person_id else "")
        return self._call("GET", path)

    def people_held(self) -> list[DataSubject]:
        """Everyone the shared workspace holds anything about (administrators only)."""
        answer = json.loads(self._call("GET", "api/person/people"))
        return [DataSubject.from_json(item) for item in answer["people"]]

    def plan_erasure(self, person_id: str) -> ErasureCounts:
        """What erasing ``person_id`` would delete, as the service counts it (administrators only)."""
        answer = json.loads(self._call("GET", f"api/person/erasures/{quote(person_id, safe='')}"))
        return ErasureCounts.from_json(answer["erasure"])

    def erase_person(self, person_id: str, reason_code: str) -> ErasureCounts:
        """Ask the service to erase ``person_id`` for ``reason_code``; what went."""
        answer = json.loads(self._call("POST", "api/person/erasures",
                                       {"person_id": person_id, "reason": reason_code}))
        return ErasureCounts.from_json(answer["erasure"])
