"""Spare kernels for the kit's pages (:mod:`kit.app.kernel_pool`), with real kernels: a page
gets a spare that has imported the kit and run nothing else, in the page's folder, with the
variables Voilà gives a page, and starting to draw for that page (My learning's charts); the
next page gets another; anything else starts its own."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from pathlib import Path

from kit.app.kernel_pool import PagesKernelManager, env_changes
from kit.app.warmup import PAGE_MODULES

PAGE_ENV = {"VOILA_REQUEST_URL": "http://127.0.0.1/voila/render/notebooks/research/x.ipynb",
            "SCRIPT_NAME": "/voila/render/notebooks/research/x.ipynb"}
# What the test asks a kernel: where it runs, the page's variables, what it has imported, and
# which names a page's cells would find already defined.
PROBE = ("import json as _j, os as _o, sys as _s\n"
         "print(_j.dumps({'cwd': _o.getcwd(), 'url': _o.environ.get('VOILA_REQUEST_URL'),\n"
         "  'script': _o.environ.get('SCRIPT_NAME'),\n"
         "  'kit': sorted(m for m in _s.modules if m.startswith('kit.')),\n"
         "  'names': sorted(n for n in get_ipython().user_ns if not n.startswith('_')\n"
         "                  and n not in get_ipython().user_ns_hidden)}))\n")


async def probe(manager: PagesKernelManager, kernel_id: str, code: str = PROBE) -> dict:
    """What ``code`` (default ``PROBE``) prints in the kernel, as JSON."""
    client = manager.get_kernel(kernel_id).client()
    client.start_channels()
    printed: list[str] = []

    def collect(message: dict) -> None:
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])

    try:
        await client.wait_for_ready(timeout=60)
        await client.execute_interactive(code, store_history=False, timeout=60, output_hook=collect)
    finally:
        client.stop_channels()
    return json.loads("".join(printed))


async def two_pages(root: Path) -> dict:
    """Two page opens on one manager with one spare; then everything shut down."""
    manager = PagesKernelManager(root_dir=str(root), spares=1, pages_folder="notebooks",
                                 quiet_seconds=30)  # no third spare: the test ends first
    seen: dict = {}
    try:
        (spare,) = await manager.ready_spares()  # the spare the server starts with
        seen["listed_while_spare"] = spare in {k["id"] for k in manager.list_kernels()}
        first = await manager.start_kernel(kernel_name="python3", path="notebooks/research",
                                           env={**PAGE_ENV})
        seen["first_is_the_spare"] = first == spare
        seen["listed_once_a_page_has_it"] = first in {k["id"] for k in manager.list_kernels()}
        seen["first"] = await probe(manager, first)
        second = await manager.start_kernel(kernel_name="python3", path="notebooks", env={**PAGE_ENV})
        seen["second_is_new"] = second != first
        seen["second"] = await probe(manager, second)
    finally:
        await manager.shutdown_all(now=True)
    seen["left_running"] = manager.list_kernel_ids()
    return seen


def test_pages_open_on_fresh_spares_that_ran_nothing_of_any_page(tmp_path: Path):
    (tmp_path / "notebooks" / "research").mkdir(parents=True)
    seen = asyncio.run(two_pages(tmp_path))

    assert not seen["listed_while_spare"], "a spare is nobody's kernel: JupyterLab does not list it"
    assert seen["first_is_the_spare"] and seen["listed_once_a_page_has_it"]
    first = seen["first"]
    assert first["cwd"] == str(tmp_path / "notebooks" / "research")  # the page's own folder
    assert (first["url"], first["script"]) == (PAGE_ENV["VOILA_REQUEST_URL"], PAGE_ENV["SCRIPT_NAME"])
    assert set(PAGE_MODULES) <= set(first["kit"])  # the kit is imported already
    assert first["names"] == [], "a spare ran nothing a page could see: no names are defined"
    assert seen["second_is_new"], "each page open gets its own kernel, never one a page used"
    second = seen["second"]
    assert set(PAGE_MODULES) <= set(second["kit"]), "the next page gets the next spare"
    assert second["names"] == [] and second["cwd"] == str(tmp_path / "notebooks")
    assert seen["left_running"] == [], "shutting the server down stops the spares too"


async def page_after_the_spare_died(root: Path) -> dict:
    """The spare's process killed, then a page opened: what the page's kernel says."""
    manager = PagesKernelManager(root_dir=str(root), spares=1, pages_folder="notebooks",
                                 quiet_seconds=30)
    try:
        (spare,) = await manager.ready_spares()
        os.kill(manager.get_kernel(spare).provisioner.process.pid, signal.SIGKILL)
        page = await manager.start_kernel(kernel_name="python3", path="notebooks", env={**PAGE_ENV})
        return await probe(manager, page)
    finally:
        await manager.shutdown_all(now=True)


def test_a_page_whose_spare_died_still_opens_on_a_working_kernel(tmp_path: Path):
    (tmp_path / "notebooks").mkdir()
    seen = asyncio.run(page_after_the_spare_died(tmp_path))
    # the server may have restarted the spare meanwhile (same id) or not (a new kernel): either
    # way the page's kernel runs, in the page's folder, with the page's variables
    assert seen["cwd"] == str(tmp_path / "notebooks") and seen["url"] == PAGE_ENV["VOILA_REQUEST_URL"]
    assert seen["names"] == []


def test_only_a_voila_page_in_the_pages_folder_takes_a_spare():
    manager = PagesKernelManager(spares=0, pages_folder="candle")
    assert manager.is_page("candle", "python3", PAGE_ENV)
    assert manager.is_page("candle/research", None, PAGE_ENV)
    assert not manager.is_page("candle", "python3", None)  # JupyterLab's notebook or console
    assert not manager.is_page("candle", "python3", {"JPY_SESSION_NAME": "x"})
    assert not manager.is_page("candles", "python3", PAGE_ENV)  # a Voilà app elsewhere
    assert not manager.is_page("", "python3", PAGE_ENV)
    assert not manager.is_page("candle", "ir", PAGE_ENV)  # another language's kernel


def test_env_changes_are_the_variables_a_page_adds_or_changes():
    assert env_changes({"A": "1", "B": "2"}, {"A": "1", "B": "3", "C": "4"}) == {"B": "3", "C": "4"}


def test_kernels_still_starting_are_left_out_of_the_list_not_an_error():
    # Asked for the list while a spare was starting (in the manager, not yet stamped with its
    # last activity), the server answered 500 (a TraitError) instead of the list.
    manager = PagesKernelManager(spares=0)
    manager._kernels["starting"] = manager.kernel_manager_factory(parent=manager)
    assert manager.list_kernels() == []


TAKE_AHEAD = ("import json as _j, threading as _t\n"
              "from kit.notebook import ahead as _a\n"
              "from kit.store.workspace import Workspace as _W\n"
              "[_th.join(60) for _th in _t.enumerate() if _th.name.startswith('candle-ahead')]\n"
              "_ws = _W.open()\n"
              "print(_j.dumps({'tags': _a.take('tags', _ws, 'p01', wait=0),\n"
              "  'again': _a.take('tags', _ws, 'p01', wait=0)}))\n")


async def my_learning_handed_over(root: Path, workspace: Path) -> dict:
    """The spare handed to p01's My learning page: what it drew ahead for the page."""
    manager = PagesKernelManager(root_dir=str(root), spares=1, pages_folder="notebooks",
                                 quiet_seconds=30)
    url = "http://127.0.0.1/voila/render/notebooks/05_my_learning.ipynb"
    env = {"VOILA_REQUEST_URL": url, "CANDLE_WORKSPACE": str(workspace), "CANDLE_USER": "p01"}
    try:
        await manager.ready_spares()
        page = await manager.start_kernel(kernel_name="python3", path="notebooks", env=env)
        return await probe(manager, page, TAKE_AHEAD)
    finally:
        await manager.shutdown_all(now=True)


def test_a_spare_handed_to_my_learning_draws_its_charts_ahead_for_the_page(tmp_path: Path, workspace) -> None:
    (tmp_path / "notebooks").mkdir()
    seen = asyncio.run(my_learning_handed_over(tmp_path, workspace.root))
    assert seen["tags"].startswith('<div class="candle-chart"><svg ') and "No tags yet." in seen["tags"]
    assert seen["again"] is None  # a drawing is shown once; a cell run again draws afresh
