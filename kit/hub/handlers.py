"""The service's routes: each one a few lines over the caller's :class:`LocalBackend`.

Each route says who may use it at all (``may_use``, :mod:`kit.hub.gate`; by default
practitioners and leads), checked before it reads anything, and checks every id it is given
(:mod:`kit.hub.fields`) before any lookup, lock or file name.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from kit.hub import fields, gate, release_handlers, review_handlers, rights_handlers, wire
from kit.hub.roles import Caller
from kit.hub.service import ApiHandler, ServiceState
from kit.model.records import MicroProject, model_for_table

# One research export at a time, on a writer thread; a space keeps it apart from every person's id.
EXPORT_LOCK = "research export"


class WhoAmIHandler(ApiHandler):
    """``GET api/whoami``: the caller's hub name and kit roles (the one route open to a hub
    user in no candle group: it tells them so)."""

    may_use = staticmethod(gate.anyone)

    def get(self) -> None:
        """``{"id": name, "kinds": [...]}``."""
        assert self.caller is not None
        self.answer({"id": self.caller.id, "kinds": list(self.caller.kinds)})


class RecordsHandler(ApiHandler):
    """``POST api/records``: store one record as the caller (``api/applications`` for a
    micro-project application, which also starts the licence timeline)."""

    def initialize(self, state: ServiceState, applying: bool = False) -> None:
        """Keep the shared state; ``applying`` for the application route (not ``application``:
        tornado passes the application under that name)."""
        super().initialize(state)
        self.is_application = applying

    async def post(self) -> None:
        """Validate, check permissions and rules, store; answer the record id."""
        record = self.record_from_body()
        backend = self.backend()
        save = backend.save_application if self.is_application and isinstance(
            record, MicroProject) else backend.submit
        await self.in_writer(record.practitioner_id, partial(save, record))  # type: ignore[arg-type]
        await self.write_done({"record_id": record.record_id}, kind=record.KIND,
                              record_id=record.record_id, practitioner_id=record.practitioner_id)


class EditsHandler(ApiHandler):
    """``POST api/edits``: a new version of one record, with a reason."""

    async def post(self) -> None:
        """Body: ``table``, ``entity_id``, ``practitioner_id``, ``edit_reason``, ``changes``
        (only the record's content fields) and ``supersedes``, the version the change was made
        from (a newer one saved since: 409, with the version stored now)."""
        body = self.body()
        table, entity_id = body.text("table", max_chars=fields.MAX_ID_CHARS), body.record_id("entity_id")
        practitioner_id, reason = body.person_id("practitioner_id"), body.text("edit_reason")
        changes = body.mapping("changes")
        supersedes = body.record_id("supersedes") if "supersedes" in body.data else None
        body.check()
        model_for_table(table).check_changes(changes)
        edit = partial(self.backend().edit, table, entity_id, practitioner_id, reason, changes,
                       supersedes)
        revised = await self.in_writer(practitioner_id, edit)
        await self.write_done({"record": revised.model_dump(mode="json")}, kind=revised.KIND,
                              record_id=revised.record_id, practitioner_id=revised.practitioner_id)


class WithdrawalsHandler(ApiHandler):
    """``POST api/withdrawals``: take one record out of use, with a reason (its versions stay)."""

    async def post(self) -> None:
        """Body: ``table``, ``entity_id``, ``practitioner_id``, ``reason``."""
        body = self.body()
        table, entity_id = body.text("table", max_chars=fields.MAX_ID_CHARS), body.record_id("entity_id")
        practitioner_id, reason = body.person_id("practitioner_id"), body.text("reason")
        body.check()
        model_for_table(table)
        withdraw = partial(self.backend().withdraw, table, entity_id, practitioner_id, reason)
        withdrawal = await self.in_writer(practitioner_id, withdraw)
        await self.write_done({"record": withdrawal.model_dump(mode="json")}, kind=withdrawal.KIND,
                              record_id=withdrawal.record_id, practitioner_id=withdrawal.practitioner_id,
                              target_table=withdrawal.target_table,
                              target_entity_id=withdrawal.target_entity_id)


class RowsHandler(ApiHandler):
    """``GET api/rows/TABLE``: the current rows of a tidy table the caller may read."""

    def get(self, table: str) -> None:
        """The rows, as pandas' table JSON."""
        frame = self.backend().rows(table)
        self.answer(wire.frame_to_json(frame).encode("utf-8"))


class CopyHandler(ApiHandler):
    """``GET api/copy?table=A&table=B`` (or ``api/records/A``): every stored version in each
    record table that the caller may read (what a kernel keeps a copy of, in the user's home)."""

    def get(self, table: str | None = None) -> None:
        """``{"records": {table: [record, ...]}}``."""
        tables = [table] if table else [self.decode_argument(name, "table") for name in
                                        self.request.query_arguments.get("table", [])]
        copies = self.backend().copy_records(tables)
        self.answer({"records": {table: [record.model_dump(mode="json") for record in records]
                                 for table, records in copies.items()}})


class RosterHandler(ApiHandler):
    """``GET api/roster``: a lead's roster."""

    may_use = staticmethod(gate.lead("a roster of practitioners"))

    def get(self) -> None:
        """The roster, as pandas' table JSON."""
        self.answer(wire.frame_to_json(self.with_people().roster()).encode("utf-8"))


class OrientedHandler(ApiHandler):
    """``GET api/oriented``: a Link's list of who they orient."""

    may_use = staticmethod(gate.link("the list of practitioners a Link orients"))

    def get(self) -> None:
        """The list, as pandas' table JSON."""
        self.answer(wire.frame_to_json(self.with_people().oriented()).encode("utf-8"))


class SettingsHandler(ApiHandler):
    """``GET api/settings``: the workspace's settings as the caller sees them (a kernel's copy
    keeps them: the review period and renewal months, and the people the caller may see by name
    and kind, so its forms can pick a lead or Link and its pages show names)."""

    may_use = staticmethod(gate.any_role)

    def get(self) -> None:
        """``{"settings": {...}}`` (kit.yaml's fields)."""
        settings = self.with_people().settings()
        self.answer({"settings": settings.model_dump(mode="json")})


class ExportsHandler(ApiHandler):
    """``GET api/exports``: finished packages (a lead's own, or every one for a researcher);
    ``POST api/exports``: a lead makes one."""

    may_use = staticmethod(gate.sees_packages)
    makes = staticmethod(gate.lead("how to make a research export"))

    def check_may_use(self, caller: Caller) -> None:
        """Researchers and leads list packages; only leads make one."""
        (self.makes if self.request.method == "POST" else self.may_use)(caller)

    def get(self) -> None:
        """``{"packages": [names]}``."""
        self.answer({"packages": self.backend().exports()})

    async def post(self) -> None:
        """Body: ``k`` (a whole number), ``allow_empty`` (true or false); ``{"package": name}``."""
        body = self.body()
        k, allow_empty = body.whole_number("k", 5), body.flag("allow_empty", False)
        body.check()
        make = partial(self.with_people().make_export, k=k, allow_empty=allow_empty)
        name = await self.in_writer(EXPORT_LOCK, make)  # minutes of work, off the event loop
        await self.write_done({"package": name}, package=name)


class ExportFileHandler(ApiHandler):
    """``GET api/exports/PACKAGE/FILE``: one file of a finished package, as bytes."""

    may_use = staticmethod(gate.sees_packages)

    def get(self, package: str, name: str) -> None:
        """The file's bytes."""
        data = self.backend().export_file(fields.package(package), name)
        self.set_header("Content-Type", "application/octet-stream")
        self.answer(data)


def routes(prefix: str, state: ServiceState) -> list[tuple[str, type, dict[str, Any]]]:
    """Every API route under ``prefix``."""
    api = f"{prefix}api/"
    shared = {"state": state}
    return [
        (f"{api}whoami", WhoAmIHandler, shared),
        (f"{api}records", RecordsHandler, shared),
        (rf"{api}records/([a-z_]+)", CopyHandler, shared),
        (f"{api}copy", CopyHandler, shared),
        (f"{api}applications", RecordsHandler, {**shared, "applying": True}),
        (f"{api}edits", EditsHandler, shared),
        (f"{api}withdrawals", WithdrawalsHandler, shared),
        (rf"{api}rows/([a-z_]+)", RowsHandler, shared),
        (f"{api}roster", RosterHandler, shared),
        (f"{api}oriented", OrientedHandler, shared),
        (f"{api}settings", SettingsHandler, shared),
        (f"{api}exports", ExportsHandler, shared),
        (rf"{api}exports/([A-Za-z0-9._-]+)/(.+)", ExportFileHandler, shared),
        *review_handlers.routes(prefix, state),
        *release_handlers.routes(prefix, state),
        *rights_handlers.routes(prefix, state),
    ]
