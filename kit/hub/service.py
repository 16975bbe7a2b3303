"""``candle serve``: the JupyterHub-managed service that is the only writer of a shared workspace.

Each request carries the caller's own hub token (``Authorization: token ...``); the hub says
whose it is (:class:`jupyterhub.services.auth.HubAuth`, its answer kept
:data:`TOKEN_CACHE_SECONDS`) and the hub's groups say in which roles
(:class:`kit.hub.directory.HubDirectory`). Nothing the caller sends names who they are, and
``kit.yaml``'s people grant nothing: the work is done by a :class:`kit.hub.local.LocalBackend`
for that caller on the workspace whose people are the hub's (:func:`kit.hub.people.workspace_with`),
so the rules are the kit's own. Before anything is read, a request without a token the hub
knows is refused (counted, never written down), and each route checks the caller's roles
(:mod:`kit.hub.gate`); ids are checked before any lookup, lock or file name
(:mod:`kit.hub.fields`). One practitioner's writes run one at a time
(:class:`kit.hub.locks.KeyedLocks`), each an atomic file in the append-only store, so
concurrent callers never lose or half-write a record. Every request ends in an answer the
service chose: a refusal is a JSON sentence, and a fault a JSON 500; both are audited with a
reason code, never what was sent.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlparse

from tornado import web

from kit.errors import KitError, PermissionDenied, StoreError
from kit.hub import fields, gate, redact, wire
from kit.hub import people as hub_people
from kit.hub.audit import AnonymousCount, AuditLog, refusal_reason
from kit.hub.directory import HubDirectory
from kit.hub.frames import FrameCache
from kit.hub.local import LocalBackend
from kit.hub.locks import KeyedLocks
from kit.hub.roles import Caller
from kit.model.records import Record, model_for_kind, validate_record
from kit.store.workspace import Workspace

log = logging.getLogger(__name__)

MAX_BODY_ENV = "CANDLE_MAX_BODY_BYTES"
MAX_BODY_BYTES = 512 * 1024
BEHIND_PROXY_ENV = "CANDLE_BEHIND_PROXY"
"""Set to 1 only when every request reaches the service through the hub's proxy: then the
client address it logs is the one the proxy's X-Forwarded-For/X-Real-IP headers give."""
TOKEN_CACHE_SECONDS = 5
"""How long the hub's answer for a token is kept: a revoked token stops working within this."""
MAX_TOKEN_CHARS = 512  # longer than any hub token: refused without asking the hub
WRITER_THREADS = 8
T = TypeVar("T")
TOO_LARGE = 413
FAULT = 500


@dataclass
class ServiceState:
    """What every handler shares: the workspace, the hub's answers, the audit log, the limit."""

    workspace: Workspace
    hub_auth: Any  # jupyterhub.services.auth.HubAuth (anything with async user_for_token)
    directory: HubDirectory
    audit: AuditLog
    max_body: int = MAX_BODY_BYTES
    writers: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(WRITER_THREADS))
    locks: KeyedLocks = field(default_factory=KeyedLocks)
    frames: FrameCache = field(default_factory=FrameCache)
    anonymous: AnonymousCount = field(default_factory=AnonymousCount)


class ApiHandler(web.RequestHandler):
    """JSON in, JSON out; every refusal a sentence; every write, refusal and fault audited.

    Each route names who may use it at all (``may_use``, from :mod:`kit.hub.gate`): it is
    asked of the caller's roles before the route reads anything.
    """

    may_use: ClassVar[gate.Gate] = staticmethod(gate.practitioner_or_lead)  # type: ignore[assignment]
    state: ServiceState
    caller: Caller | None = None
    people: Mapping[str, Sequence[str]] = {}

    def initialize(self, state: ServiceState) -> None:
        """Keep the shared state."""
        self.state = state

    def set_default_headers(self) -> None:
        """Answers are JSON and never cached."""
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")

    def check_xsrf_cookie(self) -> None:
        """Token-authenticated API: no cookies, so no cross-site forgery to guard against."""

    def _token(self) -> str:
        scheme, _, token = self.request.headers.get("Authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() not in ("token", "bearer") or not token.isprintable() \
                or len(token) > MAX_TOKEN_CHARS:
            return ""
        return token

    async def prepare(self) -> None:
        """Find out who is calling from their hub token (a request the hub cannot place is
        refused and only counted), refuse an oversized body, then refuse a caller whose roles
        may not use this route; all before anything is read."""
        token = self._token()
        model = await self.state.hub_auth.user_for_token(token, sync=False) if token else None
        if not model or model.get("kind", "user") != "user" or not model.get("name"):
            self.state.anonymous.add()
            self.set_status(401)
            self.finish(wire.dumps(wire.error_body(PermissionDenied(
                "The hub does not recognise who is calling.",
                "Sign in to the hub again and reopen the notebook."))))
            return
        needed = self.state.hub_auth.access_scopes
        if needed and not self.state.hub_auth.check_scopes(needed, model):
            self.refuse(403, PermissionDenied(
                f"{model['name']}'s token may not use the candle service.",
                "Ask whoever runs the hub to grant access:services!service=candle "
                "(see deploy/jupyterhub/jupyterhub_config.py)."), who=model["name"])
            return
        self.caller = await self.state.directory.caller(model["name"])
        if len(self.request.body or b"") > self.state.max_body:
            self.refuse(TOO_LARGE, PermissionDenied(
                f"This request is {len(self.request.body):,} bytes, more than the "
                f"{self.state.max_body:,} the service accepts.",
                "Shorten the text, or split it into more than one record."))
            return
        self.check_may_use(self.caller)
        self.people = await self.state.directory.people() if self.caller.kinds else {}

    def check_may_use(self, caller: Caller) -> None:
        """Refuse ``caller`` unless their roles let them use this route (``may_use``)."""
        self.may_use(caller)

    def refuse(self, status: int, error: KitError, who: str | None = None) -> None:
        """Answer ``status`` with the error's sentence (naming no folder of the server), and
        audit the refusal by its reason code."""
        who = who or (self.caller.id if self.caller else None)
        self.state.audit.append(who, self.what(), status, "refused", **refusal_reason(error))
        self.set_status(status)
        self.finish(wire.dumps(self.error_answer(wire.error_body(error))))

    def without_paths(self, text: str) -> str:
        """``text`` with the workspace's folder (and any other of the server) left out."""
        root = self.state.workspace.root
        return redact.without_paths(text, (root, os.path.realpath(root)))

    def error_answer(self, body: dict[str, Any]) -> dict[str, Any]:
        """An error's answer (:func:`kit.hub.wire.error_body`) naming no folder of the server."""
        return {key: self.without_paths(value) if isinstance(value, str) else
                [{**p, "message": self.without_paths(p["message"])} for p in value]
                if key == "problems" else value for key, value in body.items()}

    def what(self) -> str:
        """The request in a few words, for the audit log: method and path (a part that is not
        an id shown as ``…``)."""
        return f"{self.request.method} {redact.safe_path(self.request.path)}"

    def answer(self, data: Any) -> None:
        """A 200 answer with ``data`` as JSON."""
        self.finish(data if isinstance(data, bytes) else wire.dumps(data))

    def backend(self, workspace: Workspace | None = None) -> LocalBackend:
        """The caller's own view of the workspace, whose people (and their roles) are the
        hub's, never kit.yaml's (a name kit.yaml gives someone is kept)."""
        assert self.caller is not None
        if workspace is None:
            named = {person.id: person.name for person in self.state.workspace.settings.people}
            workspace = hub_people.workspace_with(self.state.workspace, self.people, named)
        return LocalBackend(workspace, self.caller, self.state.frames)

    def with_people(self) -> LocalBackend:
        """The caller's backend on the workspace whose people are the hub's candle groups,
        named as the pages name them (from kit.yaml, else their latest profile)."""
        return self.backend(hub_people.workspace_with(self.state.workspace, self.people))

    def body_json(self) -> dict[str, Any]:
        """The request body as a JSON object (a refusal by field otherwise)."""
        return fields.parse_body(self.request.body)

    def body(self) -> fields.Body:
        """The request body's fields, each checked as it is taken (:class:`kit.hub.fields.Body`)."""
        return fields.Body(self.body_json())

    def record_from_body(self) -> Record:
        """The record in the body, validated as its kind (every bad field reported)."""
        data = self.body_json()
        body = fields.Body(data)
        kind = body.text("kind", max_chars=fields.MAX_ID_CHARS)
        body.check()
        return validate_record(model_for_kind(kind), data)

    async def in_writer(self, key: str, action: Callable[[], T]) -> T:
        """Run ``action`` (a write) on a writer thread, one at a time per ``key`` (a
        practitioner's id, already checked: :mod:`kit.hub.fields`).

        Files are fsynced, which waits on the disk: on threads, many people's writes overlap.
        One practitioner's writes stay in order, so a rule that reads their folder (at most
        three active focus areas, one micro-project) never races with their next write.
        """
        async with self.state.locks.hold(key):
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
        not a fault; a fault is logged as its kind and where in the code, never its message or
        the request (either may quote what was sent)."""
        if isinstance(value, KitError):
            return
        if isinstance(value, web.HTTPError) and value.status_code < FAULT:
            return
        log.error("fault in %s: %s", self.what(), redact.fault_summary(value))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A kit error a route raised becomes its JSON answer and audit line (:meth:`fail`), so
        routes need not catch them. Anything else is a sentence too, audited without the body:
        a request tornado refused (e.g. a method the route does not take) as a refusal, a fault
        as a 500."""
        error = kwargs.get("exc_info", (None, None))[1]
        if isinstance(error, KitError):
            self.fail(error)
            return
        who = self.caller.id if self.caller else None
        if status_code < FAULT:
            self.state.audit.append(who, self.what(), status_code, "refused",
                                    reason=f"http_{status_code}")
            self.finish(wire.dumps({"error": f"The candle service does not take this request "
                                    f"({status_code} {self._reason})."}))
            return
        self.state.audit.append(who, self.what(), status_code, "failed", reason="fault")
        self.finish(wire.dumps({"error": "The candle service could not do this "
                                f"({status_code} {self._reason}). Nothing already saved was lost; "
                                "try again, and tell whoever runs the hub if it keeps happening."}))


class NotFoundHandler(web.RequestHandler):
    """Any address the service does not have: a JSON 404 (nothing read, nothing written)."""

    def set_default_headers(self) -> None:
        """Answers are JSON and never cached."""
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")

    def prepare(self) -> None:
        """Answer every method the same."""
        self.set_status(404)
        self.finish(wire.dumps({"error": "The candle service has no such address."}))

    def check_xsrf_cookie(self) -> None:
        """Nothing to guard: this handler does nothing."""


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
    hub_auth = HubAuth(api_token=token, api_url=api_url, cache_max_age=TOKEN_CACHE_SECONDS)
    max_body = int(env.get(MAX_BODY_ENV) or MAX_BODY_BYTES)
    return ServiceState(workspace, hub_auth, HubDirectory(api_url, token), AuditLog(workspace.root),
                        max_body)


def behind_proxy(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the deployment says every request comes through the hub's proxy
    (:data:`BEHIND_PROXY_ENV`): only then are its forwarded-address headers believed."""
    env = os.environ if environ is None else environ
    return env.get(BEHIND_PROXY_ENV, "").strip().lower() in ("1", "true", "yes")
