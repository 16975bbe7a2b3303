"""The service's routes for a person's data rights:

- ``GET api/person/export`` (the caller's own whole record, as a zip) and
  ``GET api/person/export/ID`` (anyone's, for an administrator: the hub group ``candle-admins``);
- for administrators only: ``GET api/person/people`` (everyone the workspace holds anything
  about, by name), ``GET api/person/erasures/ID`` (what erasing them deletes, as counts) and
  ``POST api/person/erasures`` with ``{"person_id", "reason"}`` (a reason code of
  :data:`kit.model.erasure.ERASURE_REASONS`): the erasure, as the administrator.

Anyone else is refused with a 403 sentence before anything is read. A download and an erasure
are audited with ids (and an erasure's reason code), never content; an erasure runs on the
service's writer, one at a time per person, as that person's writes do.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from kit.hub import fields, gate
from kit.hub.local_rights import ERASE, SEE_PEOPLE
from kit.hub.roles import Caller
from kit.hub.service import ApiHandler, ServiceState
from kit.model.erasure import ERASURE_REASONS
from kit.rights.interface import download_name
from kit.store.workspace import Workspace


class RightsHandler(ApiHandler):
    """A data-rights route: audits what it did on a writer thread (the log is fsynced)."""

    async def audited(self, outcome: str, **details: Any) -> None:
        """One audit line for what this request did (ids and codes only)."""
        assert self.caller is not None
        append = partial(self.state.audit.append, self.caller.id, self.what(), 200, outcome, **details)
        await asyncio.get_running_loop().run_in_executor(self.state.writers, append)


class PersonExportHandler(RightsHandler):
    """``GET api/person/export[/ID]``: the zip of everything the kit holds about a person."""

    def check_may_use(self, caller: Caller) -> None:
        """The person themself or an administrator (:func:`kit.rights.export.check_may_export`),
        asked before anything is read."""
        from kit.rights.export import check_may_export

        gate.any_role(caller)
        check_may_export(caller.id, caller.kinds, self.path_args[0] if self.path_args else caller.id)

    async def get(self, person_id: str | None = None) -> None:
        """The zip's bytes, as an attachment named ``<id>-records-<date>.zip``."""
        assert self.caller is not None
        person = fields.person_id(person_id, "person_id") if person_id else self.caller.id
        backend = self.with_people()
        # one person's writes and their download never interleave: the zip is one moment's record
        data = await self.in_writer(person, partial(backend.person_export, person))
        await self.audited("exported", practitioner_id=person, bytes=len(data))
        self.set_header("Content-Type", "application/zip")
        self.set_header("Content-Disposition", f'attachment; filename="{download_name(data)}"')
        self.answer(data)


class PeopleHeldHandler(RightsHandler):
    """``GET api/person/people``: ``{"people": [{"id", "name", "kinds"}, ...]}``."""

    may_use = staticmethod(gate.admin(SEE_PEOPLE))

    async def get(self) -> None:
        """Everyone the workspace holds anything about (the hub's candle groups named as the
        pages name them, and whoever else has records or a key)."""
        backend = self.with_people()
        people = await asyncio.get_running_loop().run_in_executor(self.state.writers, backend.people_held)
        self.answer({"people": [person.to_json() for person in people]})


class ErasurePlanHandler(RightsHandler):
    """``GET api/person/erasures/ID``: ``{"erasure": counts}``, what erasing them deletes
    (:class:`kit.rights.interface.ErasureCounts`); nothing changes."""

    may_use = staticmethod(gate.admin(ERASE))

    async def get(self, person_id: str) -> None:
        """What erasing ``person_id`` would delete, as counts."""
        person = fields.person_id(person_id, "person_id")
        backend = self.backend()
        counts = await self.in_writer(person, partial(backend.plan_erasure, person))
        self.answer({"erasure": counts.to_json()})


class ErasuresHandler(RightsHandler):
    """``POST api/person/erasures``: the erasure; ``{"erasure": counts}``, what went."""

    may_use = staticmethod(gate.admin(ERASE))

    async def post(self) -> None:
        """Body ``{"person_id": id, "reason": code}``: erase them, as the caller."""
        body = self.body()
        person = body.person_id("person_id")
        reason = body.code("reason", tuple(ERASURE_REASONS))
        body.check()
        backend = self.backend()
        counts = await self.in_writer(person, partial(backend.erase_person, person, reason))
        if counts.in_settings:  # kit.yaml named them: its names, as the service reads them, now
            self.state.workspace = Workspace.open(self.state.workspace.root)
        await self.audited("erased" if counts.done else "already_erased", practitioner_id=person,
                           reason_code=reason)
        self.answer({"erasure": counts.to_json()})


def routes(prefix: str, state: ServiceState) -> list[tuple[str, type, dict[str, Any]]]:
    """The data-rights routes under ``prefix``."""
    api, shared = f"{prefix}api/", {"state": state}
    person = r"([a-z0-9][a-z0-9_.-]{0,63})"
    return [
        (f"{api}person/export", PersonExportHandler, shared),
        (rf"{api}person/export/{person}", PersonExportHandler, shared),
        (f"{api}person/people", PeopleHeldHandler, shared),
        (f"{api}person/erasures", ErasuresHandler, shared),
        (rf"{api}person/erasures/{person}", ErasurePlanHandler, shared),
    ]
