"""Spare kernels for the kit's pages: a page opens on a kernel that has already started and
imported the kit, instead of waiting for both.

:class:`PagesKernelManager` is the Jupyter server's kernel manager with a few spare kernels
(``spares``, default 1) kept ready for the Voilà pages in the pages folder. A spare has only
started and run :func:`kit.app.warmup.warm`: it has run no cell of any page, read no workspace
and no user, so what a page shows is read when it opens, as before. When it is handed to a
page it begins reading (and, for My learning and the Licence page, drawing) for that page in a
thread (:mod:`kit.notebook.ahead`), while Voilà gets ready to run the page's cells. Each spare
serves one page open and is replaced after it; a page's kernel is shut down when the page
closes, as every page kernel is. Everything else (JupyterLab's notebooks and consoles, Voilà
apps outside the pages folder) starts its own kernel as usual.

Why not Voilà's own pre-heated kernels (``preheat_kernel``)? They run the whole notebook before
anyone asks for it and show that output on the next open: the kit's pages read the person's
records, drafts and settings as they open, so a pre-run page would show what was true when the
pool was filled (a reflection saved since would be missing). Voilà also offers them only in its
stand-alone app, not in JupyterLab's server, and not with a ``prelaunch_hook``, which the kit
needs for the ``_xsrf`` cookie (:func:`kit.app.server.issue_xsrf_cookie`). A spare kernel keeps
Voilà's usual way of opening a page, hook included, and saves the kernel's start and the kit's
imports, most of an open's time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Float, Int, TraitError, Unicode

# Voilà starts a page's kernel with this variable in its environment (the page's address).
VOILA_REQUEST = "VOILA_REQUEST_URL"
READY_SECONDS = 120  # a spare's start and imports, on a busy machine
HANDOVER_SECONDS = 20  # moving a ready spare to its page: a few milliseconds when well
POLL_SECONDS = 0.2
READY_LOG = "A spare kernel for the kit's pages is ready: %s"
TAKEN_LOG = "Page %s opened on spare kernel %s"


def warm_code() -> str:
    """The code a spare runs once started (:func:`kit.app.warmup.warm`), binding no name a
    page sees."""
    return ("from kit.app.warmup import warm as _candle_warm\n"
            "_candle_warm()\n"
            "del _candle_warm\n")


def handover_code(cwd: str, env: dict[str, str]) -> str:
    """The code that makes a spare what Voilà would have started for the page: its working
    folder ``cwd`` and the variables ``env`` Voilà gives the page's kernel (its address); then
    it starts, in a thread, what the page will read and draw (:func:`kit.notebook.ahead.start`),
    while Voilà gets ready to run the page's cells."""
    return ("import os as _candle_os\n"
            f"_candle_os.chdir({json.dumps(cwd)})\n"
            f"_candle_os.environ.update({json.dumps(env)})\n"
            "del _candle_os\n"
            "from kit.notebook.ahead import start as _candle_ahead\n"
            "_candle_ahead()\n"
            "del _candle_ahead\n")


def env_changes(started_with: dict[str, str], asked: dict[str, str]) -> dict[str, str]:
    """The variables of ``asked`` that a kernel started with ``started_with`` lacks or has
    with another value."""
    return {key: str(value) for key, value in asked.items() if started_with.get(key) != str(value)}


def quiet_for(kernel: Any) -> float:
    """Seconds since the server last saw ``kernel`` busy or sending anything."""
    last = getattr(kernel, "last_activity", None)
    return (datetime.now(UTC) - last).total_seconds() if last else 0.0


@dataclass(frozen=True)
class Spare:
    """A spare kernel starting or ready (``task`` gives its id), and the event that tells it
    to start at once (a page is waiting for it)."""

    task: asyncio.Task[str | None]
    hurry: asyncio.Event

    def kernel_id(self) -> str | None:
        """The spare's kernel id once it is ready, else None."""
        if self.task.done() and not self.task.cancelled() and self.task.exception() is None:
            return self.task.result()
        return None


class PagesKernelManager(AsyncMappingKernelManager):
    """The server's kernel manager, with ``spares`` kernels kept ready for the kit's pages."""

    spares = Int(1, config=True, help="Kernels kept started, with the kit imported, for the "
                                      "next page to open (0: none, every page starts its own).")
    pages_folder = Unicode("notebooks", config=True,
                           help="The folder (under the server's root) whose Voilà pages use spares.")
    quiet_seconds = Float(3.0, config=True,
                          help="A spare taken by a page is replaced once that page's kernel has "
                               "been quiet this long (its cells run, its widgets drawn), so that "
                               "starting the next does not slow the opening page down.")
    refill_within = Float(10.0, config=True,
                          help="Seconds after a spare is taken by which the next starts, quiet or not.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._spares: list[Spare] = []
        self._spare_ids: set[str] = set()
        self._spare_env: dict[str, dict[str, str]] = {}
        self._closing = False
        if self.spares > 0:
            # The server's loop is set up before its kernel manager; this runs once it starts.
            from tornado.ioloop import IOLoop

            IOLoop.current().add_callback(self.fill_spares)

    # -- the spares ---------------------------------------------------------------------------
    def fill_spares(self, after: str | None = None) -> None:
        """Start kernels until ``spares`` are ready or starting; after a page took one
        (``after``: that page's kernel), once that kernel is quiet."""
        while not self._closing and len(self._spares) < self.spares:
            hurry = asyncio.Event()
            self._spares.append(Spare(asyncio.ensure_future(self._start_spare(after, hurry)), hurry))

    async def ready_spares(self) -> list[str]:
        """The spares' kernel ids once each has started and imported the kit (starting them
        now if there are none yet)."""
        self.fill_spares()
        started = await asyncio.gather(*(spare.task for spare in self._spares))
        return [kernel_id for kernel_id in started if kernel_id is not None]

    async def _start_spare(self, after: str | None, hurry: asyncio.Event) -> str | None:
        """Start one spare kernel in the pages folder and import the pages' modules in it."""
        if after is not None:
            await self._until_quiet(after, hurry)
        if self._closing:
            return None
        env = dict(os.environ)
        kernel_id = await super().start_kernel(path=self.pages_folder, env=env)
        self._spare_ids.add(kernel_id)
        self._spare_env[kernel_id] = env
        try:
            await self._run(kernel_id, warm_code())
        except Exception:  # a spare that cannot run code is no use: never leave it hidden
            self.log.exception("Spare kernel %s did not start properly; it is shut down", kernel_id)
            self._spare_ids.discard(kernel_id)  # not replaced now: the next page open tries again
            self._spare_env.pop(kernel_id, None)
            await self.shutdown_kernel(kernel_id, now=True)
            return None
        self.log.info(READY_LOG, kernel_id)
        return kernel_id

    async def _until_quiet(self, kernel_id: str, hurry: asyncio.Event) -> None:
        """Return once ``kernel_id`` has had no activity for ``quiet_seconds`` (or is gone),
        ``refill_within`` seconds have passed, or ``hurry`` is set (a page is waiting)."""
        deadline = time.monotonic() + self.refill_within
        while time.monotonic() < deadline and not hurry.is_set() and not self._closing:
            kernel = self._kernels.get(kernel_id)
            if kernel is None or quiet_for(kernel) >= self.quiet_seconds:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(hurry.wait(), POLL_SECONDS)

    async def _run(self, kernel_id: str, code: str, seconds: float = READY_SECONDS) -> None:
        """Run ``code`` silently in the kernel (no history, no output) within ``seconds``; log
        if the code failed (the kernel is still a plain kernel then)."""
        client = self.get_kernel(kernel_id).client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=seconds)
            reply = await client.execute_interactive(code, silent=True, store_history=False,
                                                     timeout=seconds,
                                                     output_hook=lambda _message: None)
            if reply["content"]["status"] != "ok":
                self.log.warning("Kernel %s could not run the kit's set-up: %s %s", kernel_id,
                                 reply["content"].get("ename"), reply["content"].get("evalue"))
        finally:
            client.stop_channels()

    def is_page(self, path: str | None, kernel_name: str | None, env: dict[str, str] | None) -> bool:
        """Whether a kernel asked for is a Voilà page's in the pages folder (a spare fits)."""
        folder = self.pages_folder.strip("/")
        in_folder = path is not None and (path.strip("/") == folder or
                                          path.strip("/").startswith(folder + "/"))
        return (in_folder and bool(env) and VOILA_REQUEST in env
                and kernel_name in (None, self.default_kernel_name))

    async def _take_spare(self, path: str, env: dict[str, str]) -> str | None:
        """A ready spare (waiting for the one starting if none is), made the page's; None when
        there is none alive."""
        while self._spares:
            spare = self._spares.pop(0)
            spare.hurry.set()
            try:
                kernel_id = await spare.task
            except Exception:  # a spare that failed to start: start the page's own kernel
                self.log.exception("A spare kernel failed to start")
                kernel_id = None
            if kernel_id is None or kernel_id not in self:
                continue
            self._spare_ids.discard(kernel_id)
            started_with = self._spare_env.pop(kernel_id, {})
            try:
                if not await self.get_kernel(kernel_id).is_alive():
                    raise RuntimeError("the spare kernel's process has ended")
                await self._run(kernel_id, handover_code(self.cwd_for_path(path),
                                                         env_changes(started_with, env)),
                                HANDOVER_SECONDS)
            except Exception:  # start the page's own kernel instead
                self.log.exception("Spare kernel %s could not take page %s", kernel_id, path)
                await self.shutdown_kernel(kernel_id, now=True)
                continue
            self.get_kernel(kernel_id).last_activity = datetime.now(UTC)
            self.log.info(TAKEN_LOG, path, kernel_id)
            return kernel_id
        return None

    # -- the kernel manager's own methods -----------------------------------------------------
    async def start_kernel(self, *, kernel_id: str | None = None, path: str | None = None,
                           **kwargs: Any) -> str:
        """A spare for a page of the kit (then start the next spare), else a new kernel."""
        if kernel_id is None and self.spares > 0 and not self._closing and \
                self.is_page(path, kwargs.get("kernel_name"), kwargs.get("env")):
            spare = await self._take_spare(path or "", kwargs["env"])
            self.fill_spares(after=spare)
            if spare is not None:
                return spare
        return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)

    def list_kernels(self) -> list[dict[str, Any]]:
        """The kernels in use: a spare is nobody's yet, so JupyterLab does not list it, and a
        kernel still starting (a spare, before it is known as one) has no model yet."""
        kernels = []
        for kernel_id in self.list_kernel_ids():
            if kernel_id in self._spare_ids:
                continue
            try:
                kernels.append(self.kernel_model(kernel_id))
            except (web.HTTPError, KeyError, TraitError):  # gone, or not started yet
                continue
        return kernels

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Never cull a spare: it waits, idle, for the next page."""
        if kernel_id not in self._spare_ids:
            await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, now: bool = False, restart: bool = False) -> None:
        """Shut the kernel down; a spare shut down is replaced."""
        was_spare = kernel_id in self._spare_ids
        if was_spare:
            self._spare_ids.discard(kernel_id)
            self._spare_env.pop(kernel_id, None)
            self._spares = [spare for spare in self._spares if spare.kernel_id() != kernel_id]
        await super().shutdown_kernel(kernel_id, now=now, restart=restart)
        if was_spare:
            self.fill_spares()

    async def shutdown_all(self, now: bool = False) -> None:
        """Shut every kernel down, spares too (waiting for any still starting)."""
        self._closing = True
        for spare in self._spares:
            spare.hurry.set()
            with contextlib.suppress(Exception):  # a spare that failed has no kernel to stop
                await spare.task
        self._spares = []
        self._spare_ids.clear()
        await super().shutdown_all(now=now)

