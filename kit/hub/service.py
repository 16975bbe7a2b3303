"""``candle serve``: the JupyterHub-managed service that is the only writer of a shared workspace.

Each request carries the caller's own hub token (``Authorization: token ...``); the hub says
whose it is (:class:`jupyterhub.services.auth.HubAuth`) and the hub's groups say in which roles
(:class:`kit.hub.directory.HubDirectory`). Nothing the caller sends names who they are. The
work is done by a :class:`kit.hub.local.LocalBackend` for that caller, so the rules are the
kit's own. Writes run one at a time on the service's event loop, and each is an atomic file
in the append-only store, so concurrent callers never lose or half-write a record.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlparse

from tornado import web

from kit.errors import KitError, PermissionDenied, StoreError
from kit.hub import people as hub_people
from kit.hub import wire
from kit.hub.audit import AuditLog
from kit.hub.directory import HubDirectory
from kit.hub.frames import FrameCache
from kit.hub.local import LocalBackend
from kit.hub.roles import Caller
from kit.model.records import Record, model_for_kind, validate_record
from kit.store.workspace import Workspace

MAX_BODY_ENV = "CANDLE_MAX_BODY_BYTES"
MAX_BODY_BYTES = 512 * 1024
WRITER_THREADS = 8
T = TypeVar("T")
TOO_LARGE = 413


@dataclass
class ServiceState:
    """What every handler shares: the workspace, the hub's answers, the audit log, the limit."""

    workspace: Workspace
    hub_auth: Any  # jupyterhub.services.auth.HubAuth (anything with async user_for_token)
    directory: HubDirectory
    audit: AuditLog
    max_body: int = MAX_BODY_BYTES
    writers: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(WRITER_THREADS))
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    frames: FrameCache = field(default_factory=FrameCache)


class ApiHandler(web.RequestHandler):
    """JSON in, JSON out; every refusal a sentence; every write and refusal audited."""

    state: ServiceState
    caller: Caller | None = None

    def initialize(self, state: ServiceState) -> None:
        """Keep the shared state."""
        self.state = state

    def set_default_headers(self) -> None:
        """Answers are JSON and never cached."""
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")

    def check_xsrf_cookie(self) -> None:
        """Token-authenticated API: no cookies, so no cross-site forgery to guard against."""

    async def prepare(self) -> None:
        """Refuse oversized bodies, then find out who is calling from their hub token."""
        if len(self.request.body or b"") > self.state.max_body:
            self.refuse(TOO_LARGE, PermissionDenied(
                f"This request is {len(self.request.body):,} bytes, more than the "
                f"{self.state.max_body:,} the service accepts.",
                "Shorten the text, or split it into more than one record."))
            return
        header = self.request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        model = None
        if scheme.lower() in ("token", "bearer") and token.strip():
            model = await self.state.hub_auth.user_for_token(token.strip(), sync=False)
        if not model or model.get("kind", "user") != "user" or not model.get("name"):
            self.refuse(401, PermissionDenied("The hub does not recognise who is calling.",
                                              "Sign in to the hub again and reopen the notebook."))
            return
        needed = self.state.hub_auth.access_scopes
        if needed and not self.state.hub_auth.check_scopes(needed, model):
            self.refuse(403, PermissionDenied(
                f"{model['name']}'s token may not use the candle service.",
                "Ask whoever runs the hub to grant access:services!service=candle "
                "(see deploy/jupyterhub/jupyterhub_config.py)."))
            return
        self.caller = await self.state.directory.caller(model["name"])

    def refuse(self, status: int, error: KitError, **details: Any) -> None:
        """Answer ``status`` with the error's sentence, and audit the refusal."""
        who = self.caller.id if self.caller else None
        self.state.audit.append(who, self.what(), status, "refused", reason=str(error), **details)
        self.set_status(status)
        self.finish(wire.dumps(wire.error_body(error)))

    def what(self) -> str:
        """The request in a few words, for the audit log."""
        return f"{self.request.method} {self.request.path}"

    def answer(self, data: Any) -> None:
        """A 200 answer with ``data`` as JSON."""
        self.finish(data if isinstance(data, bytes) else wire.dumps(data))

    def backend(self, workspace: Workspace | None = None) -> LocalBackend:
        """The caller's own view of the workspace."""
        assert self.caller is not None
        return LocalBackend(workspace or self.state.workspace, self.caller, self.state.frames)

    async def with_people(self) -> LocalBackend:
        """The caller's backend on the workspace whose people are the hub's candle groups."""
        people = await self.state.directory.people()
        return self.backend(hub_people.workspace_with(self.state.workspace, people))

    def body_json(self) -> dict[str, Any]:
        """The request body as a JSON object (a clear error otherwise)."""
        try:
            data = json.loads(self.request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise PermissionDenied("The request body is not JSON.",
                                   "Send the record as a JSON object.") from None
        if not isinstance(data, dict):
            raise PermissionDenied("The request body is not a JSON object.",
                                   "Send the record as a JSON object.")
        return data

    def record_from_body(self) -> Record:
        """The record in the body, validated as its kind (every bad field reported)."""
        data = self.body_json()
        return validate_record(model_for_kind(str(data.get("kind", ""))), data)

    async def in_writer(self, practitioner_id: str, action: Callable[[], T]) -> T:
        """Run ``action`` (a write) on a writer thread, one at a time per practitioner.

        Files are fsynced, which waits on the disk: on threads, many people's writes overlap.
        One practitioner's writes stay in order, so a rule that reads their folder (at most
        three active focus areas, one micro-project) never races with their next write.
        """
        lock = self.state.locks.setdefault(practitioner_id, asyncio.Lock())
        async with lock:
            return await asyncio.get_running_loop().run_in_executor(self.state.writers, action)

    async def write_done(self, data: dict[str, Any], **details: Any) -> None:
        """Audit a completed write (on a writer thread: it is fsynced) and answer it."""
        assert self.caller is not None
        append = partial(self.state.audit.append, self.caller.id, self.what(), 200, "stored", **details)
        await asyncio.get_running_loop().run_in_executor(self.state.writers, append)
        self.answer(data)

    def fail(self, error: KitError) -> None:
        """Turn a kit error into its JSON answer (and audit line)."""
        self.refuse(wire.error_status(error), error)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        """A kit error a route raises is a refusal, answered and audited (:meth:`write_error`),
        not a fault for the service's log."""
        if not isinstance(value, KitError):
            super().log_exception(typ, value, tb)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A kit error a route raised becomes its JSON answer and audit line (:meth:`fail`), so
        routes need not catch them; anything unexpected is still a JSON sentence (the details
        go to the service's log)."""
        error = kwargs.get("exc_info", (None, None))[1]
        if isinstance(error, KitError):
            self.fail(error)
            return
        self.finish(wire.dumps({"error": "The candle service could not do this "
                                f"({status_code} {self._reason}). Nothing already saved was lost; "
                                "try again, and tell whoever runs the hub if it keeps happening."}))


class HealthHandler(web.RequestHandler):
    """``GET /health``: the hub's check that the service is up (no sign-in needed)."""

    def initialize(self, state: ServiceState) -> None:
        """Keep the shared state."""
        self.state = state

    def get(self) -> None:
        """``{"status": "ok", "workspace": name, "pid": pid}``."""
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(wire.dumps({"status": "ok", "workspace": self.state.workspace.settings.name,
                                "pid": os.getpid()}))


def service_address(environ: dict[str, str] | None = None) -> tuple[str, int, str]:
    """``(ip, port, prefix)`` the hub gave this managed service, or local defaults."""
    env = os.environ if environ is None else environ
    url = urlparse(env.get("JUPYTERHUB_SERVICE_URL") or "http://127.0.0.1:10101")
    prefix = env.get("JUPYTERHUB_SERVICE_PREFIX") or "/"
    return url.hostname or "127.0.0.1", url.port or 10101, prefix if prefix.endswith("/") else prefix + "/"


def open_state(workspace: Workspace, environ: dict[str, str] | None = None) -> ServiceState:
    """The service's state from the hub's environment (API URL and the service's own token)."""
    from jupyterhub.services.auth import HubAuth

    env = os.environ if environ is None else environ
    token, api_url = env.get("JUPYTERHUB_API_TOKEN", ""), env.get("JUPYTERHUB_API_URL", "")
    if not token or not api_url:
        raise StoreError("candle serve runs as a JupyterHub managed service, and the hub's "
                         "JUPYTERHUB_API_TOKEN and JUPYTERHUB_API_URL are not set.",
                         "Add it to c.JupyterHub.services (see deploy/jupyterhub/jupyterhub_config.py).")
    hub_auth = HubAuth(api_token=token, api_url=api_url, cache_max_age=60)
    max_body = int(env.get(MAX_BODY_ENV) or MAX_BODY_BYTES)
    return ServiceState(workspace, hub_auth, HubDirectory(api_url, token), AuditLog(workspace.root),
                        max_body)
