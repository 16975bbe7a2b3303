"""The service's routes: each one a few lines over the caller's :class:`LocalBackend`."""

from __future__ import annotations

from functools import partial
from typing import Any

from kit.hub import release_handlers, review_handlers, rights_handlers, wire
from kit.hub.service import ApiHandler, ServiceState
from kit.model.records import MicroProject


class WhoAmIHandler(ApiHandler):
    """``GET api/whoami``: the caller's hub name and kit roles."""

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
        """Body: ``table``, ``entity_id``, ``practitioner_id``, ``edit_reason``, ``changes``."""
        body = self.body_json()
        practitioner_id = str(body.get("practitioner_id", ""))
        edit = partial(self.backend().edit, str(body.get("table", "")), str(body.get("entity_id", "")),
                       practitioner_id, str(body.get("edit_reason", "")), dict(body.get("changes") or {}))
        revised = await self.in_writer(practitioner_id, edit)
        await self.write_done({"record": revised.model_dump(mode="json")}, kind=revised.KIND,
                        record_id=revised.record_id, practitioner_id=revised.practitioner_id)


class WithdrawalsHandler(ApiHandler):
    """``POST api/withdrawals``: take one record out of use, with a reason (its versions stay)."""

    async def post(self) -> None:
        """Body: ``table``, ``entity_id``, ``practitioner_id``, ``reason``."""
        body = self.body_json()
        practitioner_id = str(body.get("practitioner_id", ""))
        withdraw = partial(self.backend().withdraw, str(body.get("table", "")),
                           str(body.get("entity_id", "")), practitioner_id, str(body.get("reason", "")))
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
        tables = [table] if table else [name.decode("utf-8") for name in
                                        self.request.query_arguments.get("table", [])]
        copies = self.backend().copy_records(tables)
        self.answer({"records": {table: [record.model_dump(mode="json") for record in records]
                                 for table, records in copies.items()}})


class ListHandler(ApiHandler):
    """``GET api/roster`` (a lead's) and ``GET api/oriented`` (a Link's)."""

    def initialize(self, state: ServiceState, which: str = "roster") -> None:
        """Keep the shared state and which list this route gives."""
        super().initialize(state)
        self.which = which

    async def get(self) -> None:
        """The list, as pandas' table JSON."""
        backend = await self.with_people()
        frame = backend.roster() if self.which == "roster" else backend.oriented()
        self.answer(wire.frame_to_json(frame).encode("utf-8"))


class SettingsHandler(ApiHandler):
    """``GET api/settings``: the workspace's settings as the caller sees them (a kernel's copy
    keeps them: the review period and renewal months, and the people the caller may see by name
    and kind, so its forms can pick a lead or Link and its pages show names)."""

    async def get(self) -> None:
        """``{"settings": {...}}`` (kit.yaml's fields)."""
        backend = await self.with_people()
        settings = backend.settings()
        self.answer({"settings": settings.model_dump(mode="json")})


class ExportsHandler(ApiHandler):
    """``GET api/exports``: finished packages; ``POST api/exports``: a lead makes one."""

    def get(self) -> None:
        """``{"packages": [names]}``."""
        self.answer({"packages": self.backend().exports()})

    async def post(self) -> None:
        """Make a package in the workspace's exports/; ``{"package": name}``."""
        backend = await self.with_people()
        body = self.body_json()
        name = backend.make_export(k=int(body.get("k", 5)), allow_empty=bool(body.get("allow_empty")))
        await self.write_done({"package": name}, package=name)


class ExportFileHandler(ApiHandler):
    """``GET api/exports/PACKAGE/FILE``: one file of a finished package, as bytes."""

    def get(self, package: str, name: str) -> None:
        """The file's bytes."""
        data = self.backend().export_file(package, name)
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
        (f"{api}roster", ListHandler, {**shared, "which": "roster"}),
        (f"{api}oriented", ListHandler, {**shared, "which": "oriented"}),
        (f"{api}settings", SettingsHandler, shared),
        (f"{api}exports", ExportsHandler, shared),
        (rf"{api}exports/([A-Za-z0-9._-]+)/(.+)", ExportFileHandler, shared),
        *review_handlers.routes(prefix, state),
        *release_handlers.routes(prefix, state),
        *rights_handlers.routes(prefix, state),
    ]
