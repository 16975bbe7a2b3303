"""Executing review notebooks: papermill in-process, one kernel per worker, HTML export.

A worker process starts one kernel and runs its share of the reviews through
``papermill.execute_notebook`` in that kernel, one after another. Before each
review the kernel's namespace is wiped (as ``%reset -f`` does, the execution counter
back to 1) by a first cell that is removed again from the output, so a review
sees nothing of the one before it; the kit's modules stay imported, which
saves a kernel start and about two seconds of imports and chart-engine
start-up per review. The same cell hands the kernel the review's rows, gathered by the
plan (:mod:`kit.reviews.handover`), so no kernel reads a table; the page is written from
the executed notebook by :mod:`kit.reviews.html_page`. A review that kills its kernel gets a fresh one, and so
does one stopped at its time limit (:mod:`kit.reviews.limits`).

Every failure becomes a :class:`ReviewResult` naming the review and the
failing cell; nothing here raises to the caller.

A made review's notebook records, besides how it was made, the record versions its kernel
reported showing (:mod:`kit.reviews.shown`) and the hash of its HTML page; the notebook is
written before the page, so a page is never read beside a notebook that vouches for another.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import os
import queue
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kit.filemodes import make_folder
from kit.reviews.handover import NOTHING_CODE
from kit.reviews.html_page import html_page
from kit.reviews.jobs import ReviewJob, ReviewResult
from kit.reviews.limits import NO_LIMITS, Allowance, Budget, Watchdog, watching
from kit.reviews.shown import take_shown
from kit.store.atomic import replacing, write_bytes, write_text
from kit.views.made_reviews import METADATA_KEY, PAGE_HASH_KEY, SHOWN_KEY, page_sha256

log = logging.getLogger(__name__)

KERNEL_NAME = "python3"
RESET_CELL_ID = "candle-reset"
# What `%reset -f` does, without the two full garbage collections it adds (0.1-0.2 s of CPU a
# review in a kernel holding pandas and altair; the kernel's own collector still runs).
RESET_CODE = ("get_ipython().reset(new_session=False)\n"
              "get_ipython().execution_count = 1")
# No input history database for review kernels (nobody scrolls back through them), and no
# output cache (Out[n]): it held every review's outputs, and emptying it collected garbage.
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False", "--InteractiveShell.cache_size=0"]
START_TIMEOUT = 120
STOP_GRACE = 30.0
"""Seconds a worker process has, past the run's limit, to stop its own review."""
STOP = None


class KernelWorker:
    """One kernel, kept for many reviews, wiped between them."""

    def __init__(self) -> None:
        self.km: Any = None

    def kernel(self, cwd: Path | None = None) -> Any:
        """A live kernel manager (if there is none or it died, a new one working in ``cwd``,
        default this process's folder)."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if self.km is not None and run_sync(self.km.is_alive)():
            return self.km
        self.close()
        self.km = AsyncKernelManager(kernel_name=KERNEL_NAME)
        # The kernel's own stderr is only start-up chatter; errors reach the notebook.
        run_sync(self.km.start_kernel)(cwd=str(cwd or Path.cwd()), stderr=subprocess.DEVNULL,
                                      extra_arguments=KERNEL_ARGUMENTS)
        return self.km

    def close(self) -> None:
        """Shut the kernel down (if any)."""
        if self.km is None:
            return
        from jupyter_core.utils import run_sync

        with contextlib.suppress(Exception):  # already gone
            run_sync(self.km.shutdown_kernel)(now=True)
        self.km = None

    def run(self, job: ReviewJob, attempts: int = 2, budget: Budget = NO_LIMITS) -> ReviewResult:
        """Execute ``job`` in this worker's kernel, within ``budget``; never raises.

        A failure of the kernel itself (it could not start, e.g. two workers
        picked the same free port at once, or it died) is retried once with a
        fresh kernel; an error in a cell is the review's own and is not retried,
        nor is a review stopped at its time limit (its kernel is replaced).
        """
        started = time.perf_counter()
        if budget.over():
            return ReviewResult(job.kind, job.subject, str(job.output), "failed",
                                budget.run_message("not started"), limit="run")
        for attempt in range(1, attempts + 1):
            allowance = budget.next_review()
            watchdog = Watchdog(None, lambda: None)
            try:
                make_folder(job.output.parent)
                km = self.kernel(job.output.parent)
                with watching(allowance.seconds, km) as watchdog:
                    result = execute_review(job, km)
            except Exception as error:
                self.close()
                if watchdog.fired:
                    result = _stopped(job, allowance)
                    break
                log.warning("%s %s: the kernel failed (try %d of %d): %s: %s%s", job.kind,
                            job.subject, attempt, attempts, type(error).__name__, error,
                            "; trying again with a fresh kernel" if attempt < attempts else "")
                log.debug("the kernel's failure in full", exc_info=True)
                result = ReviewResult(job.kind, job.subject, str(job.output), "failed",
                                      f"the kernel failed ({attempt} tries): "
                                      f"{type(error).__name__}: {error}")
                continue
            if watchdog.fired and result.status == "failed":  # a cell saw its kernel die
                self.close()
                result = _stopped(job, allowance)
            break
        result.seconds = time.perf_counter() - started
        return result


def _stopped(job: ReviewJob, allowance: Allowance) -> ReviewResult:
    log.warning("%s %s: stopped at the %s's time limit (%.0f s)", job.kind, job.subject,
                allowance.limit, allowance.seconds or 0)
    return ReviewResult(job.kind, job.subject, str(job.output), "failed", allowance.message,
                        limit=allowance.limit)


@functools.lru_cache(maxsize=8)
def _template(path: Path, modified: float) -> Any:
    import nbformat

    return nbformat.read(str(path), as_version=4)


def _notebook_for(job: ReviewJob) -> Any:
    import copy

    import nbformat

    notebook = copy.deepcopy(_template(job.template, job.template.stat().st_mtime))
    handover = job.handover.code() if job.handover else NOTHING_CODE
    reset = nbformat.v4.new_code_cell(f"{RESET_CODE}\n{handover}", id=RESET_CELL_ID)
    reset.metadata["tags"] = ["candle-reset"]
    notebook.cells.insert(0, reset)
    return notebook


def _without_reset_cell(notebook: Any) -> Any:
    notebook.cells = [cell for cell in notebook.cells if cell.get("id") != RESET_CELL_ID]
    return notebook


def execute_review(job: ReviewJob, km: Any) -> ReviewResult:
    """Run one review notebook with papermill in this process, in kernel ``km``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    make_folder(job.output.parent)
    temp = job.output.with_name(f".{job.output.stem}.{os.getpid()}.tmp.ipynb")
    write_text(temp, "", durable=False)  # papermill writes into it, keeping its mode
    try:
        notebook = papermill.execute_notebook(
            _notebook_for(job), str(temp), parameters=job.parameters, kernel_name=KERNEL_NAME,
            progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            cwd=str(job.output.parent), km=km)
    except PapermillExecutionError as error:
        _keep_failed(temp, job)
        return ReviewResult(job.kind, job.subject, str(job.output), "failed", cell_message(error))
    except Exception:  # the kernel died or was stopped: what it had done is kept to look at
        _keep_failed(temp, job)
        raise
    notebook = _without_reset_cell(notebook)
    notebook.metadata[METADATA_KEY] = {**job.metadata(), SHOWN_KEY: take_shown(notebook)}
    notebook.metadata["papermill"]["input_path"] = str(job.template)
    notebook.metadata["papermill"]["output_path"] = str(job.output)
    notebook.metadata["title"] = job.title()
    page = html_page(notebook).encode("utf-8") if job.html else None
    if page is not None:
        notebook.metadata[METADATA_KEY][PAGE_HASH_KEY] = page_sha256(page)
    _write_notebook(notebook, job.output)
    temp.unlink(missing_ok=True)
    if page is not None:
        write_bytes(job.html_path, page, durable=False)
    job.failed_path.unlink(missing_ok=True)
    return ReviewResult(job.kind, job.subject, str(job.output), "made")


def cell_message(error: Exception) -> str:
    """'cell In [N] (`last line of its code`) raised Name: value'."""
    count = getattr(error, "exec_count", None)
    source = str(getattr(error, "source", "")).strip().splitlines()
    last_line = source[-1] if source else ""
    where = f"cell In [{count}]" if isinstance(count, int) else "a cell"
    return (f"{where} (`{last_line}`) raised {getattr(error, 'ename', 'an error')}: "
            f"{getattr(error, 'evalue', error)}")


def _keep_failed(temp: Path, job: ReviewJob) -> None:
    import nbformat

    if temp.exists() and temp.stat().st_size:  # empty: papermill wrote nothing into it
        notebook = _without_reset_cell(nbformat.read(str(temp), as_version=4))
        write_text(job.failed_path, nbformat.writes(notebook), durable=False)
    temp.unlink(missing_ok=True)


def _write_notebook(notebook: Any, target: Path) -> None:
    import nbformat

    with replacing(target, durable=False) as temp:  # reviews are remade from the tables
        nbformat.write(notebook, str(temp))


def _worker_loop(jobs: Any, results: Any, budget: Budget) -> None:
    """A worker process: one kernel, reviews from ``jobs`` until told to stop."""
    worker = KernelWorker()
    try:
        while (job := jobs.get()) is not STOP:
            results.put(worker.run(job, budget=budget))
    finally:
        worker.close()


def _drain(results: Any) -> Iterator[ReviewResult]:
    while True:
        try:
            yield results.get(timeout=0.2)
        except queue.Empty:
            return


def execute_all(jobs: list[ReviewJob], workers: int,
                on_result: Callable[[ReviewResult], None] | None = None,
                budget: Budget = NO_LIMITS) -> list[ReviewResult]:
    """Run ``jobs`` in ``workers`` processes (in this one when 1), within ``budget``;
    results in any order."""
    done: list[ReviewResult] = []
    for result in _results(jobs, workers, budget):
        done.append(result)
        if on_result:
            on_result(result)
    return done


def _results(jobs: list[ReviewJob], workers: int, budget: Budget) -> Iterator[ReviewResult]:
    if workers <= 1 or len(jobs) == 1:
        worker = KernelWorker()
        try:
            for job in jobs:
                yield worker.run(job, budget=budget)
        finally:
            worker.close()
        return
    context = multiprocessing.get_context("fork")
    job_queue, result_queue = context.Queue(), context.Queue()
    for job in jobs:
        job_queue.put(job)
    processes = [context.Process(target=_worker_loop, args=(job_queue, result_queue, budget),
                                 daemon=False) for _ in range(min(workers, len(jobs)))]
    for process in processes:
        job_queue.put(STOP)
        process.start()
    pending = {(job.kind, job.subject): job for job in jobs}
    while pending:
        try:
            result = result_queue.get(timeout=1.0)
        except queue.Empty:
            if _past_grace(budget):  # a worker did not stop at the limit: stop it here
                _kill(processes)
            if any(process.is_alive() for process in processes):
                continue
            break
        pending.pop((result.kind, result.subject), None)
        yield result
    for result in _drain(result_queue):  # reported just before the last worker ended
        if pending.pop((result.kind, result.subject), None):
            yield result
    for job in pending.values():  # a worker died (or was stopped) without reporting these
        yield (ReviewResult(job.kind, job.subject, str(job.output), "failed",
                            budget.run_message("stopped"), limit="run") if budget.over() else
               ReviewResult(job.kind, job.subject, str(job.output), "failed",
                            "the worker process stopped before this review ran"))
    for process in processes:
        process.join()


def _past_grace(budget: Budget) -> bool:
    return budget.ends is not None and time.monotonic() > budget.ends + STOP_GRACE


def _kill(processes: list[Any]) -> None:
    for process in processes:
        if process.is_alive():
            process.kill()
