"""The service's routes for a person's data rights: ``GET api/person/export`` (the caller's
own whole record, as a zip) and ``GET api/person/export/ID`` (anyone's, for an administrator:
the hub group ``candle-admins``). Anyone else is refused with a 403 sentence. Each download
is audited, as a read of a whole record should be."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from kit.hub import fields, gate
from kit.hub.service import ApiHandler, ServiceState
from kit.rights.export import check_may_export
from kit.rights.interface import download_name


class PersonExportHandler(ApiHandler):
    """``GET api/person/export[/ID]``: the zip of everything the kit holds about a person."""

    may_use = staticmethod(gate.any_role)

    async def get(self, person_id: str | None = None) -> None:
        """The zip's bytes, as an attachment named ``<id>-records-<date>.zip``."""
        assert self.caller is not None
        person = fields.person_id(person_id, "person_id") if person_id else self.caller.id
        check_may_export(self.caller.id, self.caller.kinds, person)  # before anything is read
        backend = self.with_people()
        # one person's writes and their download never interleave: the zip is one moment's record
        data = await self.in_writer(person, partial(backend.person_export, person))
        audit = partial(self.state.audit.append, self.caller.id, self.what(), 200, "exported",
                        practitioner_id=person, bytes=len(data))
        await asyncio.get_running_loop().run_in_executor(self.state.writers, audit)
        self.set_header("Content-Type", "application/zip")
        self.set_header("Content-Disposition", f'attachment; filename="{download_name(data)}"')
        self.answer(data)


def routes(prefix: str, state: ServiceState) -> list[tuple[str, type, dict[str, Any]]]:
    """The data-rights routes under ``prefix``."""
    api, shared = f"{prefix}api/", {"state": state}
    return [
        (f"{api}person/export", PersonExportHandler, shared),
        (rf"{api}person/export/([a-z0-9][a-z0-9_.-]{{0,63}})", PersonExportHandler, shared),
    ]
