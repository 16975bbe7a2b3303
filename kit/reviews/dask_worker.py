"""What runs on a Dask worker: a plugin that keeps one warm kernel, and the task that executes
one review in it.

Imported only where Dask is used (:mod:`kit.reviews.cluster`, and the workers, which unpickle
the plugin and the task function from here): the kit is installed on the workers, the same
version as the client's (a task from another version is refused with a sentence). A worker
runs one review at a time in its kernel (start workers with ``--nthreads 1``; with more
threads, reviews on one worker wait for its kernel in turn).
"""

from __future__ import annotations

import pickle
import threading
import time
from dataclasses import dataclass
from typing import Any

from distributed import WorkerPlugin, get_worker

from kit import __version__
from kit.reviews.execute import KernelWorker
from kit.reviews.limits import Budget, TimeLimits
from kit.reviews.task import Executed, ReviewTask

PLUGIN_NAME = "candle-review-kernel"
STOP_SECONDS = 30.0


@dataclass(frozen=True)
class PackedTask:
    """A :class:`~kit.reviews.task.ReviewTask` pickled once, by the client (:func:`pack`).

    The scheduler unpickles every task it is given and pickles it again to send it to a worker;
    for a task of rows (pandas frames) that was about 20 ms of the scheduler's CPU a review,
    the cluster's largest cost beside the pool's. As bytes, the rows pass through untouched and
    only the worker unpickles them. ``kit_version`` stays readable without unpickling."""

    kit_version: str
    task: bytes


def pack(task: ReviewTask) -> PackedTask:
    """``task`` pickled for a worker (:class:`PackedTask`)."""
    # protocol 4: a third faster than 5 for these frames (measured), and no out-of-band buffers
    return PackedTask(task.kit_version, pickle.dumps(task, protocol=4))


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


def execute_on_worker(packed: PackedTask, limits: TimeLimits, ends_at: float | None) -> Executed:
    """The Dask task: execute the ``packed`` task (:func:`pack`) in this worker's warm kernel
    within ``limits``, the run ending at ``ends_at`` (``time.time()``; None: no end). Never
    raises."""
    if packed.kit_version != __version__:
        return Executed("failed", message=f"the Dask worker has version {__version__} of the kit "
                                          f"and this run version {packed.kit_version}; install the "
                                          f"same version on the workers")
    task: ReviewTask = pickle.loads(packed.task)  # the run's own client packed it
    warm = _warm_kernel()
    assert warm.kernels is not None and warm.lock is not None
    with warm.lock:
        ends = None if ends_at is None else time.monotonic() + (ends_at - time.time())
        return warm.kernels.run(task, budget=Budget(limits, ends))
