"""The workspace interface over HTTP: a user's kernel asks the hub's candle service.

The hub puts the service's address (``CANDLE_SERVICE_URL``, set in the spawner's environment)
and the user server's own token (``JUPYTERHUB_API_TOKEN``) into every kernel; each call sends
that token, and the service decides who is calling. A call the service refuses raises the same
kit error the local backend would (its sentence kept); a service that cannot be reached raises
:class:`kit.errors.StoreError` saying nothing was saved and the draft is kept.
"""

from __future__ import annotations

import dataclasses
import json
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import pandas as pd

from kit.capture import events
from kit.errors import StaleEdit, StoreError
from kit.hub import wire
from kit.hub.client_release import RemoteRelease
from kit.hub.client_reviews import RemoteReviews
from kit.hub.client_rights import RemoteRights
from kit.hub.roles import Caller
from kit.model.records import MicroProject, Record, Withdrawal, model_for_kind, validate_record
from kit.store.workspace import Settings, Workspace

TIMEOUT_SECONDS = 30.0
EXPORT_TIMEOUT_SECONDS = 900.0  # the service scrubs every shared reflection before it answers


def unreachable(url: str, reason: object) -> StoreError:
    """The error for a service that cannot be reached: in words for the person (nothing saved,
    the draft kept, try again in a minute); the address and the system's reason (e.g.
    "[Errno 111] Connection refused") only in its details, for whoever runs the hub."""
    return StoreError("The team's service could not be reached, so nothing was saved.",
                      "Your draft is kept: try again in a minute, and tell whoever runs the hub "
                      "if it keeps happening.",
                      details=f"The service at {url} did not answer: {reason}.")


@dataclass(frozen=True)
class RemoteBackend(RemoteReviews, RemoteRelease, RemoteRights):
    """The candle service at ``url`` (ending in ``/services/candle/`` or similar), as ``token``."""

    url: str
    token: str
    timeout: float = TIMEOUT_SECONDS
    copy: Workspace | None = None  # the kernel's copy (kit.hub.mirror): saved records go there too

    def _keep(self, record: Record) -> None:
        if self.copy is not None:
            keep_saved(self.copy, record)

    def _call(self, method: str, path: str, body: Any = None) -> bytes:
        data = None if body is None else wire.dumps(body)
        request = urllib.request.Request(
            self.url.rstrip("/") + "/" + path, data=data, method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            raise self._refusal(error) from None
        except (urllib.error.URLError, OSError) as error:
            raise unreachable(self.url, getattr(error, "reason", error)) from None

    @staticmethod
    def _refusal(error: urllib.error.HTTPError) -> Exception:
        try:
            body = json.loads(error.read() or b"{}")
        except ValueError:
            body = {}
        return wire.error_from(error.code, body if isinstance(body, dict) else {})

    def _json(self, method: str, path: str, body: Any = None) -> Any:
        return json.loads(self._call(method, path, body))

    def whoami(self) -> Caller:
        """Who the hub says this token belongs to, and their roles from the hub's groups."""
        data = self._json("GET", "api/whoami")
        return Caller(data["id"], tuple(data["kinds"]))

    def submit(self, record: Record) -> str:
        """Send ``record`` to be checked and stored; its record id once stored."""
        record_id = self._json("POST", "api/records", record.model_dump(mode="json"))["record_id"]
        self._keep(record)
        return record_id

    def save_application(self, project: MicroProject) -> str:
        """Send a micro-project application (the service also starts the licence timeline)."""
        record_id = self._json("POST", "api/applications", project.model_dump(mode="json"))["record_id"]
        self._keep(project)
        for event in self.records("licence_events") if self.copy is not None else []:
            self._keep(event)  # the service may have started the licence timeline
        return record_id

    def edit(self, table: str, entity_id: str, practitioner_id: str, edit_reason: str,
             changes: Mapping[str, Any], supersedes: str | None = None) -> Record:
        """Ask for a new version of one record; the stored version. A version saved since
        ``supersedes`` is refused (409, :class:`kit.errors.StaleEdit`), and the version stored
        now is kept in the kernel's copy."""
        body = {"table": table, "entity_id": entity_id, "practitioner_id": practitioner_id,
                "edit_reason": edit_reason, "changes": _jsonable(changes)}
        if supersedes is not None:
            body["supersedes"] = supersedes
        try:
            data = self._json("POST", "api/edits", body)["record"]
        except StaleEdit as error:
            if isinstance(error.current, Record):
                self._keep(error.current)
            raise
        revised = validate_record(model_for_kind(data["kind"]), data)
        self._keep(revised)
        return revised

    def withdraw(self, table: str, entity_id: str, practitioner_id: str, reason: str) -> Withdrawal:
        """Ask for one record to be taken out of use; the stored withdrawal."""
        body = {"table": table, "entity_id": entity_id, "practitioner_id": practitioner_id,
                "reason": reason}
        data = self._json("POST", "api/withdrawals", body)["record"]
        withdrawal = validate_record(Withdrawal, data)
        self._keep(withdrawal)
        return withdrawal

    def _frame(self, path: str) -> pd.DataFrame:
        return wire.frame_from_json(self._call("GET", path).decode("utf-8"))

    def rows(self, table: str) -> pd.DataFrame:
        """The current rows of ``table`` that the service lets this user read."""
        return self._frame(f"api/rows/{quote(table)}")

    def settings(self) -> Settings:
        """The workspace's settings as the service lets this user see them."""
        return Settings.model_validate(self._json("GET", "api/settings")["settings"])

    def copy_records(self, tables: Sequence[str]) -> dict[str, list[Record]]:
        """:meth:`records` of each of ``tables``, in one request."""
        query = urlencode([("table", table) for table in tables])
        data = self._json("GET", f"api/copy?{query}")["records"]
        return {table: [validate_record(model_for_kind(item["kind"]), item) for item in items]
                for table, items in data.items()}

    def records(self, table: str) -> list[Record]:
        """Every stored version in ``table`` the service lets this user read."""
        return self.copy_records([table])[table]

    def roster(self) -> pd.DataFrame:
        """A lead's roster."""
        return self._frame("api/roster")

    def oriented(self) -> pd.DataFrame:
        """A Link's list of who they orient and whether each has started."""
        return self._frame("api/oriented")

    def make_export(self, k: int = 5, allow_empty: bool = False) -> str:
        """A lead asks the service for a research export package; its name. The service answers
        once the package is made, which takes minutes for a large workspace: this call waits up
        to ``EXPORT_TIMEOUT_SECONDS`` (never less than the client's own timeout)."""
        patient = dataclasses.replace(self, timeout=max(self.timeout, EXPORT_TIMEOUT_SECONDS))
        return patient._json("POST", "api/exports", {"k": k, "allow_empty": allow_empty})["package"]

    def exports(self) -> list[str]:
        """The finished research export packages."""
        return list(self._json("GET", "api/exports")["packages"])

    def export_file(self, package: str, name: str) -> bytes:
        """One file of a finished research export package."""
        return self._call("GET", f"api/exports/{quote(package)}/{quote(name)}")


def keep(copy: Workspace, record: Record) -> None:
    """Put ``record`` (already accepted by the service) into a kernel's copy (kit.hub.mirror)."""
    if not copy.store.path_for(record).exists():
        copy.store.write(record)


def keep_saved(copy: Workspace, record: Record) -> None:
    """Keep a record this kernel just saved, and tell the page's lists and charts
    (:mod:`kit.capture.events`): the service announced it in its own process, not here."""
    keep(copy, record)
    events.announce(copy.root, record)


def _jsonable(changes: Mapping[str, Any]) -> dict[str, Any]:
    """``changes`` with dates and other values as JSON would carry them."""
    return json.loads(json.dumps(dict(changes), default=str))
