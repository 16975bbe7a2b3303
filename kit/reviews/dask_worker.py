"""What runs on a Dask worker: a plugin that keeps one warm kernel, and the task that executes
one review in it.

Imported only where Dask is used (:mod:`kit.reviews.cluster`, and the workers, which unpickle
the plugin and the task function from here): the kit is installed on the workers, the same
version as the client's (a task from another version is refused with a sentence). A worker
runs one review at a time in its kernel (start workers with ``--nthreads 1``; with more
threads, reviews on one worker wait for its kernel in turn).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from distributed import WorkerPlugin, get_worker

from kit import __version__
from kit.reviews.execute import KernelWorker
from kit.reviews.limits import Budget, TimeLimits
from kit.reviews.task import Executed, ReviewTask, failed

PLUGIN_NAME = "candle-review-kernel"
STOP_SECONDS = 30.0


class WarmKernel(WorkerPlugin):
    """One :class:`~kit.reviews.execute.KernelWorker` per Dask worker, started as the plugin is
    set up and kept for every review the worker runs (wiped between them, as in the local
    pool); shut down with the worker."""

    name = PLUGIN_NAME

    def __init__(self) -> None:
        self.kernels: KernelWorker | None = None
        self.lock: threading.Lock | None = None

    def __getstate__(self) -> dict[str, Any]:  # sent to the scheduler before any kernel exists
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]

    def setup(self, worker: Any) -> None:
        """Start the worker's kernel (in the background: the worker's event loop goes on)."""
        self.kernels, self.lock = KernelWorker(), threading.Lock()
        threading.Thread(target=self._warm, name="candle-warm-kernel", daemon=True).start()

    def _warm(self) -> None:
        assert self.lock is not None and self.kernels is not None
        with self.lock:
            try:
                self.kernels.kernel()
            except Exception:  # the first review starts one (and reports a failure to start)
                self.kernels.close_kernel()

    def teardown(self, worker: Any) -> None:
        """Shut the kernel down and remove its folder."""
        if self.kernels is not None:
            stopping = threading.Thread(target=self.kernels.close, daemon=True)
            stopping.start()
            stopping.join(STOP_SECONDS)


_fallback = WarmKernel()
_fallback_lock = threading.Lock()


def _warm_kernel() -> WarmKernel:
    """This worker's plugin (or, on a worker that has not set it up, one kept here)."""
    plugin = get_worker().plugins.get(PLUGIN_NAME)
    if isinstance(plugin, WarmKernel) and plugin.kernels is not None:
        return plugin
    with _fallback_lock:
        if _fallback.kernels is None:
            _fallback.kernels, _fallback.lock = KernelWorker(), threading.Lock()
    return _fallback


def execute_on_worker(task: ReviewTask, limits: TimeLimits, ends_at: float | None) -> Executed:
    """The Dask task: execute ``task`` in this worker's warm kernel within ``limits``, the run
    ending at ``ends_at`` (``time.time()``; None: no end). Never raises."""
    if task.kit_version != __version__:
        return failed(task, f"the Dask worker has version {__version__} of the kit and this run "
                            f"version {task.kit_version}; install the same version on the workers")
    warm = _warm_kernel()
    assert warm.kernels is not None and warm.lock is not None
    with warm.lock:
        ends = None if ends_at is None else time.monotonic() + (ends_at - time.time())
        return warm.kernels.run(task, budget=Budget(limits, ends))
