"""The candle service in the test process: the real tornado application over a test workspace,
with a stand-in for the hub only where the hub answers.

What is real: :func:`kit.hub.app.make_app` and :class:`kit.hub.service.ServiceState` (every
route, handler, rule, the audit log, the writer threads), served over HTTP on 127.0.0.1 at a
free port from a background thread with its own event loop, and called by the real
:class:`kit.hub.client.RemoteBackend`.

What is stood in for, and why: the hub itself. Starting a JupyterHub with its proxy takes
seconds and two processes, too slow for every form and My-learning test to run on both
backends. Only the two questions the service asks the hub are answered here:

- *whose token is this* (``HubAuth.user_for_token``): :class:`StandInHubAuth` knows the tokens
  it issued (:meth:`CandleService.token_for`), answers an unknown token with ``None``, and
  asks for no scopes;
- *who is in which candle group* (:class:`kit.hub.directory.HubDirectory`):
  :class:`WorkspaceDirectory` answers with the kinds of the people in the test workspace's
  ``kit.yaml``, as the hub's groups would (re-read on each question, as the hub is asked),
  unless a test gives the hub's groups itself (:meth:`CandleService.set_hub_groups`: then
  ``kit.yaml`` may list someone the hub does not, as on a workspace that began on a laptop).

The real hub (tokens minted by the hub, groups, the proxy, the managed service process) is
covered by tests/hub/test_hub_integration.py and the browser test through the hub.

One service serves a whole test session; :meth:`CandleService.use` points it at each test's
own workspace (the ``service`` fixture in tests/conftest.py does this), so every test still
starts from a fresh folder. The service sees that folder under another path (a symbolic link
beside it): a page listens for saves in its own workspace (:mod:`kit.capture.events`), and
the service's own announcements, made in this process only because the service runs here,
must not reach it; on a hub they happen in the service's process.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from pathlib import Path
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from kit.hub.app import make_app
from kit.hub.audit import AuditLog
from kit.hub.client import RemoteBackend
from kit.hub.frames import FrameCache
from kit.hub.roles import Caller
from kit.hub.service import ServiceState
from kit.store.workspace import Workspace

PREFIX = "/services/candle/"  # where the hub's proxy would put the service


class StandInHubAuth:
    """The hub's answer to "whose token is this?", for tokens this stand-in issued."""

    access_scopes: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self._users: dict[str, str] = {}  # token -> user name
        self._tokens: dict[str, str] = {}  # user name -> token

    def token_for(self, user: str) -> str:
        """``user``'s own token (the same one each time)."""
        if user not in self._tokens:
            token = secrets.token_hex(16)
            self._tokens[user], self._users[token] = token, user
        return self._tokens[user]

    async def user_for_token(self, token: str, sync: bool = False) -> dict[str, Any] | None:
        """The hub's user model for a token it issued; ``None`` for any other."""
        name = self._users.get(token)
        return {"kind": "user", "name": name} if name else None

    def check_scopes(self, required: set[str], model: dict[str, Any]) -> set[str]:
        """Nothing is required (``access_scopes`` is empty)."""
        return set(required)


class WorkspaceDirectory:
    """The hub's candle groups, as the people (and their kinds) of the service's workspace."""

    def __init__(self, service: CandleService) -> None:
        self._service = service
        self.groups: dict[str, list[str]] | None = None  # the hub's answer, when a test gives it

    def _kinds(self) -> dict[str, list[str]]:
        if self.groups is not None:
            return {user: list(kinds) for user, kinds in self.groups.items() if kinds}
        root = self._service.state.workspace.root
        return {p.id: list(p.kinds) for p in Workspace.open(root).settings.people if p.kinds}

    async def caller(self, user_name: str) -> Caller:
        """``user_name`` with the kinds the workspace gives them (none if not listed)."""
        return Caller(user_name, tuple(self._kinds().get(user_name, ())))  # type: ignore[arg-type]

    async def people(self) -> dict[str, list[str]]:
        """Everyone with a kind -> their kinds."""
        return self._kinds()


class CandleService:
    """The real service application on 127.0.0.1 (``url``), over a workspace set by :meth:`use`.

    ``port`` and ``hub_auth`` let a test restart a stopped service where it was, with the
    tokens the hub had issued (as the hub restarts its managed service).
    """

    def __init__(self, workspace: Workspace, port: int = 0, hub_auth: StandInHubAuth | None = None
                 ) -> None:
        self.hub_auth = hub_auth or StandInHubAuth()
        self.directory = WorkspaceDirectory(self)
        self.state = ServiceState(workspace, self.hub_auth, self.directory,  # type: ignore[arg-type]
                                  AuditLog(workspace.root))
        self.use(workspace)
        self._sockets = bind_sockets(port, "127.0.0.1")
        self.port = int(self._sockets[0].getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}{PREFIX}"
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._thread = threading.Thread(target=asyncio.run, args=(self._serve(),),
                                        name="candle-service", daemon=True)

    async def _serve(self) -> None:
        self._loop, self._stopping = asyncio.get_running_loop(), asyncio.Event()
        server = HTTPServer(make_app(self.state, PREFIX))
        server.add_sockets(self._sockets)
        self._ready.set()
        await self._stopping.wait()
        server.stop()
        await server.close_all_connections()

    def start(self) -> CandleService:
        """Serve from a background thread; return once it accepts requests."""
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the in-process candle service did not start within 10 s")
        return self

    def stop(self) -> None:
        """Stop serving, close the port and join the thread."""
        if self._loop is not None and self._stopping is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(10)
        for sock in self._sockets:
            sock.close()
        self.state.writers.shutdown(wait=True)

    @property
    def running(self) -> bool:
        """Whether the service's thread is still serving."""
        return self._thread.is_alive()

    def use(self, workspace: Workspace | Path) -> Workspace:
        """Serve ``workspace`` from now on (fresh tables in memory, its own audit log), seen
        through a link of its own (see the module's docstring)."""
        root = workspace.root if isinstance(workspace, Workspace) else Path(workspace)
        link = root.with_name(f"{root.name}.as-the-service-sees-it")
        if not link.is_symlink():
            link.symlink_to(root, target_is_directory=True)
        opened = Workspace.open(link)
        self.state.workspace, self.state.audit = opened, AuditLog(link)
        self.state.frames = FrameCache()
        self.directory.groups = None  # the hub's groups are kit.yaml's people again
        return opened

    def set_hub_groups(self, kinds: dict[str, list[str]]) -> None:
        """From now on (until the next :meth:`use`), the hub's candle groups give each user
        in ``kinds`` those kinds, and nobody else any, whatever ``kit.yaml`` says."""
        self.directory.groups = {user: list(their) for user, their in kinds.items()}

    @property
    def workspace(self) -> Workspace:
        """The workspace being served."""
        return self.state.workspace

    def token_for(self, user: str) -> str:
        """``user``'s own hub token, as their server would have it."""
        return self.hub_auth.token_for(user)

    def backend(self, user: str, copy: Workspace | None = None) -> RemoteBackend:
        """The workspace interface as ``user``, through the service (``copy``: their kernel's copy)."""
        return RemoteBackend(self.url, self.token_for(user), copy=copy)
