"""Executing reviews: papermill in-process in a kernel kept warm, the HTML export, and the local
pool of worker processes (the default executor; :mod:`kit.reviews.cluster` is the other).

:func:`execute_task` executes one review given everything it needs (a
:class:`~kit.reviews.task.ReviewTask`: template, parameters, the review's inputs) in a kernel,
and gives back the notebook's and the page's bytes (:class:`~kit.reviews.task.Executed`); it
touches no workspace. Both executors call it, through :class:`KernelWorker`: one kernel kept
for many reviews, its namespace wiped before each (as ``%reset -f`` does, the execution counter
back to 1) by a first cell that also loads the review's inputs (:mod:`kit.reviews.given`, so no
kernel reads a table) and is removed again from the output, so a review sees nothing of the one
before it; the kit's modules stay imported, which saves a kernel start and about two seconds of
imports and chart-engine start-up per review. The page is written from the executed notebook by
:mod:`kit.reviews.html_page`. A review that kills its kernel gets a fresh one, and so does one
stopped at its time limit (:mod:`kit.reviews.limits`).

:func:`execute_all` runs a plan's jobs on an executor (:class:`LocalPool` by default), writes
what comes back into the workspace (:func:`kit.reviews.task.finish`) and reports each result as
it comes. Every failure becomes a :class:`ReviewResult` naming the review and the failing cell;
nothing here raises to the caller.

A made review's notebook records, besides how it was made, the record versions its kernel
reported showing (:mod:`kit.reviews.shown`) and the hash of its HTML page.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kit.reviews.given import hand_over
from kit.reviews.html_page import html_page
from kit.reviews.jobs import ReviewJob, ReviewResult
from kit.reviews.limits import NO_LIMITS, Allowance, Budget, Watchdog, watching
from kit.reviews.shown import take_shown
from kit.reviews.task import Executed, ReviewExecutor, ReviewTask, failed, finish, task_of
from kit.views.made_reviews import METADATA_KEY, PAGE_HASH_KEY, SHOWN_KEY, page_sha256

log = logging.getLogger(__name__)

KERNEL_NAME = "python3"
RESET_CELL_ID = "candle-reset"
# What `%reset -f` does, without the two full garbage collections it adds (0.1-0.2 s of CPU a
# review in a kernel holding pandas and altair; the kernel's own collector still runs).
RESET_CODE = ("get_ipython().reset(new_session=False)\n"
              "get_ipython().execution_count = 1\n")
RECEIVE_CODE = '__import__("kit.reviews.given", fromlist=["given"]).receive({path!r})\n'
FORGET_CODE = ("if 'kit.reviews.given' in __import__('sys').modules:\n"
               "    __import__('sys').modules['kit.reviews.given'].forget()\n")
"""Drops what an earlier review was handed, importing nothing (a template that does not use
the kit starts no slower for it)."""
# No input history database for review kernels (nobody scrolls back through them), and no
# output cache (Out[n]): it held every review's outputs, and emptying it collected garbage.
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False", "--InteractiveShell.cache_size=0"]
STOP_GRACE = 30.0
"""Seconds a worker process has, past the run's limit, to stop its own review."""
STOP = None
WORKER_STOPPED = "the worker process stopped before this review ran"


class KernelWorker:
    """One kernel, kept for many reviews, wiped between them; it works in a private folder of
    its own (its current folder, and where a review's inputs wait for it a moment)."""

    def __init__(self) -> None:
        self.km: Any = None
        self.kc: Any = None
        self._kc_thread: int | None = None  # the thread kc belongs to (zmq sockets are not shared)
        self._folder: Path | None = None

    @property
    def folder(self) -> Path:
        """This worker's private folder (made when first needed, removed by :meth:`close`)."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="candle-review-"))  # 0700
        return self._folder

    def kernel(self, cwd: Path | None = None) -> Any:
        """A live kernel manager (if there is none or it died, a new one working in ``cwd``,
        default this worker's folder)."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if self.km is not None and run_sync(self.km.is_alive)():
            return self.km
        self.close_kernel()
        self.km = AsyncKernelManager(kernel_name=KERNEL_NAME)
        # The kernel's own stderr is only start-up chatter; errors reach the notebook.
        run_sync(self.km.start_kernel)(cwd=str(cwd or self.folder), stderr=subprocess.DEVNULL,
                                      extra_arguments=KERNEL_ARGUMENTS)
        return self.km

    def client(self) -> Any:
        """The open client of the live kernel (:meth:`kernel`), kept for every review this
        thread runs in it (:mod:`kit.reviews.engine`); a new kernel or thread gets a new one."""
        from kit.reviews.engine import ready_client  # papermill: imported where reviews run
        km = self.kernel()
        thread = threading.get_ident()
        if self.kc is None or self._kc_thread != thread:
            self._close_client()
            self.kc, self._kc_thread = ready_client(km), thread
        return self.kc

    def _close_client(self) -> None:
        if self.kc is not None:
            with contextlib.suppress(Exception):  # its sockets are already closed
                self.kc.stop_channels()
        self.kc, self._kc_thread = None, None

    def close_kernel(self) -> None:
        """Shut the kernel down (if any)."""
        self._close_client()
        if self.km is None:
            return
        from jupyter_core.utils import run_sync

        with contextlib.suppress(Exception):  # already gone
            run_sync(self.km.shutdown_kernel)(now=True)
        self.km = None

    def close(self) -> None:
        """Shut the kernel down and remove this worker's folder."""
        self.close_kernel()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def run(self, task: ReviewTask, attempts: int = 2, budget: Budget = NO_LIMITS) -> Executed:
        """Execute ``task`` in this worker's kernel, within ``budget``; never raises.

        A failure of the kernel itself (it could not start, e.g. two workers
        picked the same free port at once, or it died) is retried once with a
        fresh kernel; an error in a cell is the review's own and is not retried,
        nor is a review stopped at its time limit (its kernel is replaced).
        """
        started = time.perf_counter()
        if budget.over():
            return failed(task, budget.run_message("not started"), "run")
        for attempt in range(1, attempts + 1):
            allowance = budget.next_review()
            watchdog = Watchdog(None, lambda: None)
            try:
                kc = self.client()
                with watching(allowance.seconds, self.km) as watchdog:
                    result = execute_task(task, self.km, kc, self.folder)
            except Exception as error:
                self.close_kernel()
                if watchdog.fired:
                    result = _stopped(task, allowance, _ran_so_far(self.folder))
                    break
                log.warning("%s %s: the kernel failed (try %d of %d): %s: %s%s", task.kind,
                            task.subject, attempt, attempts, type(error).__name__, error,
                            "; trying again with a fresh kernel" if attempt < attempts else "")
                log.debug("the kernel's failure in full", exc_info=True)
                result = failed(task, f"the kernel failed ({attempt} tries): "
                                      f"{type(error).__name__}: {error}",
                                notebook=_ran_so_far(self.folder))
                continue
            if watchdog.fired and result.status == "failed":  # a cell saw its kernel die
                self.close_kernel()
                result = _stopped(task, allowance, result.notebook)
            break
        result.seconds = time.perf_counter() - started
        return result


def _stopped(task: ReviewTask, allowance: Allowance, notebook: bytes) -> Executed:
    log.warning("%s %s: stopped at the %s's time limit (%.0f s)", task.kind, task.subject,
                allowance.limit, allowance.seconds or 0)
    return failed(task, allowance.message, allowance.limit, notebook)


@functools.lru_cache(maxsize=8)
def _template(text: str) -> Any:
    import nbformat

    return nbformat.reads(text, as_version=4)


def _first_cell(inputs_file: Path | None) -> str:
    """The cell that wipes the kernel and loads the review's inputs (or forgets earlier ones)."""
    return RESET_CODE + (RECEIVE_CODE.format(path=str(inputs_file)) if inputs_file
                         else FORGET_CODE)


def _notebook_for(task: ReviewTask, inputs_file: Path | None) -> Any:
    import copy

    import nbformat

    notebook = copy.deepcopy(_template(task.template))
    reset = nbformat.v4.new_code_cell(_first_cell(inputs_file), id=RESET_CELL_ID)
    reset.metadata["tags"] = ["candle-reset"]
    notebook.cells.insert(0, reset)
    return notebook


def _without_reset_cell(notebook: Any) -> Any:
    notebook.cells = [cell for cell in notebook.cells if cell.get("id") != RESET_CELL_ID]
    return notebook


RAN_FILE = "review.ipynb"
INJECTED_TAG = "injected-parameters"
INPUTS_FILE = "inputs.pickle"


def execute_task(task: ReviewTask, km: Any, kc: Any, folder: Path) -> Executed:
    """Execute one review in kernel ``km`` with papermill in this process: the notebook's and
    (if asked) the page's bytes, or the failing cell's sentence with what ran of the notebook.
    ``folder``: a private folder for the kernel's inputs and papermill's file (nothing else is
    written); ``kc``: an open client of ``km`` (:func:`kit.reviews.engine.ready_client`). Raises
    if the kernel fails (the caller replaces it)."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from kit.reviews.engine import ENGINE_NAME

    ran = folder / RAN_FILE
    ran.unlink(missing_ok=True)
    inputs_file = hand_over(task.kind, task.inputs, folder / INPUTS_FILE) if task.inputs else None
    try:
        notebook = papermill.execute_notebook(
            _notebook_for(task, inputs_file), str(ran), parameters=task.parameters,
            kernel_name=KERNEL_NAME, progress_bar=False, log_output=False,
            request_save_on_cell_execute=False, engine_name=ENGINE_NAME, km=km,
            kc=kc)
    except PapermillExecutionError as error:
        return failed(task, cell_message(error), notebook=_ran_so_far(folder))
    finally:
        if inputs_file is not None:
            inputs_file.unlink(missing_ok=True)  # the kernel deletes it once read
    ran.unlink(missing_ok=True)
    notebook = _steady_ids(_without_reset_cell(notebook))
    notebook.metadata[METADATA_KEY] = {**task.metadata, SHOWN_KEY: take_shown(notebook)}
    notebook.metadata["papermill"]["input_path"] = task.template_path
    notebook.metadata["papermill"]["output_path"] = task.output_path
    notebook.metadata["title"] = task.title
    page = html_page(notebook).encode("utf-8") if task.html else None
    if page is not None:
        notebook.metadata[METADATA_KEY][PAGE_HASH_KEY] = page_sha256(page)
    # The bytes nbformat.writes gives, without its schema check (it only logs; tests validate).
    return Executed("made", nbformat.v4.writes(notebook).encode("utf-8"), page)


def _steady_ids(notebook: Any) -> Any:
    """``notebook`` with the parameters cell papermill injected given a fixed id (papermill
    draws a random one), so the same review made twice, by any executor, is the same page."""
    for cell in notebook.cells:
        if INJECTED_TAG in cell.get("metadata", {}).get("tags", []):
            cell["id"] = INJECTED_TAG
    return notebook


def _ran_so_far(folder: Path) -> bytes:
    """What papermill wrote of the notebook that failed (without the first cell), to keep
    beside the review; empty if it wrote nothing."""
    import nbformat

    ran = folder / RAN_FILE
    if not ran.is_file() or not ran.stat().st_size:
        return b""
    try:
        notebook = _without_reset_cell(nbformat.read(str(ran), as_version=4))
    finally:
        ran.unlink(missing_ok=True)
    return nbformat.writes(notebook).encode("utf-8")


def cell_message(error: Exception) -> str:
    """'cell In [N] (`last line of its code`) raised Name: value'."""
    count = getattr(error, "exec_count", None)
    source = str(getattr(error, "source", "")).strip().splitlines()
    last_line = source[-1] if source else ""
    where = f"cell In [{count}]" if isinstance(count, int) else "a cell"
    return (f"{where} (`{last_line}`) raised {getattr(error, 'ename', 'an error')}: "
            f"{getattr(error, 'evalue', error)}")


def _worker_loop(tasks: Any, results: Any, budget: Budget) -> None:
    """A worker process: one kernel, reviews from ``tasks`` until told to stop."""
    worker = KernelWorker()
    try:
        while (item := tasks.get()) is not STOP:
            index, task = item
            results.put((index, worker.run(task, budget=budget)))
    finally:
        worker.close()


def _drain(results: Any) -> Iterator[tuple[int, Executed]]:
    while True:
        try:
            yield results.get(timeout=0.2)
        except queue.Empty:
            return


class LocalPool:
    """The local kernel pool: ``workers`` processes on this machine (the run's own process when
    1), each with one kernel; the default executor."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers

    def execute(self, tasks: Sequence[ReviewTask], budget: Budget) -> Iterator[tuple[int, Executed]]:
        """See :class:`kit.reviews.task.ReviewExecutor`."""
        if self.workers <= 1 or len(tasks) == 1:
            worker = KernelWorker()
            try:
                for index, task in enumerate(tasks):
                    yield index, worker.run(task, budget=budget)
            finally:
                worker.close()
            return
        yield from self._in_processes(tasks, budget)

    def _in_processes(self, tasks: Sequence[ReviewTask], budget: Budget
                      ) -> Iterator[tuple[int, Executed]]:
        context = multiprocessing.get_context("fork")
        task_queue, result_queue = context.Queue(), context.Queue()
        for item in enumerate(tasks):
            task_queue.put(item)
        processes = [context.Process(target=_worker_loop, args=(task_queue, result_queue, budget),
                                     daemon=False) for _ in range(min(self.workers, len(tasks)))]
        for process in processes:
            task_queue.put(STOP)
            process.start()
        pending = set(range(len(tasks)))
        while pending:
            try:
                index, executed = result_queue.get(timeout=1.0)
            except queue.Empty:
                if _past_grace(budget):  # a worker did not stop at the limit: stop it here
                    _kill(processes)
                if any(process.is_alive() for process in processes):
                    continue
                break
            pending.discard(index)
            yield index, executed
        for index, executed in _drain(result_queue):  # reported just before the last worker ended
            if index in pending:
                pending.discard(index)
                yield index, executed
        for index in sorted(pending):  # a worker died (or was stopped) without reporting these
            yield index, not_reported(tasks[index], budget, WORKER_STOPPED)
        for process in processes:
            process.join()


def not_reported(task: ReviewTask, budget: Budget, message: str) -> Executed:
    """A task its executor lost: stopped by the run's limit, if it has passed, else ``message``."""
    if budget.over():
        return failed(task, budget.run_message("stopped"), "run")
    return failed(task, message)


def execute_all(jobs: list[ReviewJob], executor: ReviewExecutor | int = 1,
                on_result: Callable[[ReviewResult], None] | None = None,
                budget: Budget = NO_LIMITS) -> list[ReviewResult]:
    """Execute ``jobs`` on ``executor`` (a number: a :class:`LocalPool` of that many workers)
    within ``budget``, write what each gives into the workspace, and call ``on_result`` with
    each result as it comes; every result, in any order."""
    runner = LocalPool(executor) if isinstance(executor, int) else executor
    tasks = [task_of(job) for job in jobs]
    done: dict[int, ReviewResult] = {}
    for index, executed in runner.execute(tasks, budget):
        if index in done:
            continue
        done[index] = finish(jobs[index], executed)
        if on_result:
            on_result(done[index])
    for index in range(len(jobs)):  # an executor that lost one says so; this is the safety net
        if index not in done:
            done[index] = finish(jobs[index], not_reported(tasks[index], budget, WORKER_STOPPED))
            if on_result:
                on_result(done[index])
    return list(done.values())


def _past_grace(budget: Budget) -> bool:
    return budget.ends is not None and time.monotonic() > budget.ends + STOP_GRACE


def _kill(processes: list[Any]) -> None:
    for process in processes:
        if process.is_alive():
            process.kill()
