"""Review runs on a Dask cluster (dask.distributed), the other executor beside the local pool.

``candle review WORKSPACE --cluster tcp://HOST:8786`` (or ``tls://``), ``--cluster gateway``
(dask-gateway, configured from the environment as a hub sets it: ``DASK_GATEWAY__ADDRESS``
and its auth), or ``--cluster local`` (a ``LocalCluster`` of ``--jobs`` worker processes on
this machine, to try it); the service does the same when ``CANDLE_DASK_SCHEDULER`` names a
cluster, or dask-gateway's address is set (:func:`cluster_from_environment`).

The plan, the skipping of unchanged reviews, the time limits, the failure reports, the
progress and the files written are the runner's, whichever executor runs the reviews: this
module only sends each :class:`~kit.reviews.task.ReviewTask` (template, parameters and the
rows the review may show; never the workspace folder, which workers need no access to) to a
worker, where a plugin keeps one warm kernel (:mod:`kit.reviews.dask_worker`), and yields
what comes back. A review whose worker is lost is run again on another by the scheduler, once
when the scheduler's ``distributed.scheduler.allowed-failures`` is 1 (the deployment files
and ``local`` set it), then reported failed; the run goes on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlparse

from kit.errors import ReviewError
from kit.reviews.execute import STOP_GRACE, not_reported
from kit.reviews.limits import Budget, Watchdog
from kit.reviews.task import Executed, ReviewTask, failed

log = logging.getLogger(__name__)

SCHEDULER_ENV = "CANDLE_DASK_SCHEDULER"
"""The Dask cluster the service runs reviews on: ``tls://HOST:PORT``, ``tcp://...`` or
``gateway`` (unset: the local pool, unless dask-gateway's address is set)."""
GATEWAY_ADDRESS_ENV = "DASK_GATEWAY__ADDRESS"
GATEWAY_WORKERS_ENV = "CANDLE_DASK_GATEWAY_WORKERS"
"""How many workers a gateway cluster may grow to (default :data:`GATEWAY_WORKERS`)."""
GATEWAY_WORKERS = 10
GATEWAY, LOCAL = "gateway", "local"
SCHEMES = ("tcp", "tls")
CONNECT_SECONDS = 30
ALLOWED_FAILURES = 1
"""How many times the scheduler may lose a worker running one review before it is reported
failed (the ``distributed.scheduler.allowed-failures`` the deployment files set)."""
AGAIN = "try again, and tell whoever runs the cluster if it keeps happening"
WORKER_SETTINGS = {"distributed.worker.profile.enabled": False}
"""No statistical profiler sampling the thread that runs a review (about 25 ms of CPU a review,
measured: bench/reviews.py); the deployment files set it too."""
LOST = f"the Dask worker running this review stopped, and so did the one it was tried on again; {AGAIN}"
HOW = ("Give tls://HOST:PORT (or tcp://HOST:PORT on a trusted network) of a Dask scheduler, "
       "'gateway' to use dask-gateway's settings, or 'local' for a cluster on this machine.")


def check_cluster(address: str) -> str:
    """``address`` if it names a cluster the runner can use (see the module docstring), else a
    :class:`ReviewError` saying what to give."""
    text = address.strip()
    if text in (GATEWAY, LOCAL):
        return text
    parsed = urlparse(text)
    try:
        port = parsed.port
    except ValueError:
        port = None
    if parsed.scheme not in SCHEMES or not parsed.hostname or port is None or parsed.path not in ("", "/"):
        raise ReviewError(f"'{address[:80]}' is not a Dask cluster the reviews can run on.", HOW)
    if parsed.scheme == "tcp" and parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        log.warning("the reviews' rows travel to %s unencrypted (tcp://); use tls:// with the "
                    "cluster's certificates outside a trusted network", parsed.hostname)
    return text


def cluster_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The cluster the service's settings name: :data:`SCHEDULER_ENV`, else ``gateway`` when
    dask-gateway's address is set; None: the local pool."""
    environ = os.environ if environ is None else environ
    named = environ.get(SCHEDULER_ENV, "").strip()
    if named:
        return check_cluster(named)
    return GATEWAY if environ.get(GATEWAY_ADDRESS_ENV, "").strip() else None


class DaskExecutor:
    """Executes review tasks on the Dask cluster at ``address`` (``workers``: the size of a
    ``local`` cluster); see :class:`kit.reviews.task.ReviewExecutor`."""

    def __init__(self, address: str, workers: int = 2) -> None:
        self.address = check_cluster(address)
        self.workers = workers

    def execute(self, tasks: Sequence[ReviewTask], budget: Budget) -> Iterator[tuple[int, Executed]]:
        """Send every task to the cluster at once; yield each result as it comes back."""
        from kit.reviews.dask_worker import execute_on_worker, pack

        with connected(self.address, self.workers) as client:
            keep_kernels_warm(client)
            ends_at = None if budget.ends is None else time.time() + (budget.ends - time.monotonic())
            run = uuid.uuid4().hex[:12]
            futures = {client.submit(execute_on_worker, pack(task), budget.limits, ends_at, pure=False,
                                     key=f"candle-review-{run}-{index}"): index
                       for index, task in enumerate(tasks)}
            yield from _as_they_end(client, futures, tasks, budget)


def _as_they_end(client: Any, futures: dict[Any, int], tasks: Sequence[ReviewTask], budget: Budget
                 ) -> Iterator[tuple[int, Executed]]:
    from distributed import as_completed

    # Past the run's limit (and the grace the workers have to stop their own review), what has
    # not come back is cancelled: it comes back cancelled, reported as stopped by the run's limit.
    cancel = Watchdog(None if budget.ends is None else
                      max(0.0, budget.ends + STOP_GRACE - time.monotonic()),
                      lambda: client.cancel(list(futures)))
    with cancel:
        for future in as_completed(list(futures), loop=client.loop):
            index = futures.pop(future)  # what is still out is what the limit cancels
            outcome = _outcome(future, tasks[index], budget)
            future.release()  # the worker may forget the review's notebook and page now
            yield index, outcome


def _outcome(future: Any, task: ReviewTask, budget: Budget) -> Executed:
    """What a finished future gave: its :class:`Executed`, or the sentence for its failure."""
    from distributed.scheduler import KilledWorker

    if future.status == "finished":
        return future.result()  # type: ignore[no-any-return]
    if future.status == "cancelled":
        return not_reported(task, budget, f"the Dask cluster cancelled this review; {AGAIN}")
    error = future.exception()
    if isinstance(error, KilledWorker):
        return failed(task, LOST)
    log.warning("%s %s: the Dask cluster could not run it: %s: %s", task.kind, task.subject,
                type(error).__name__, error)
    return failed(task, f"the Dask cluster could not run this review ({type(error).__name__}: "
                        f"{error}); {AGAIN}")


def keep_kernels_warm(client: Any) -> None:
    """Register the warm-kernel plugin with the cluster, unless it already has it (registering
    again would restart every worker's kernel)."""
    from kit.reviews.dask_worker import PLUGIN_NAME, WarmKernel

    def registered(dask_scheduler: Any) -> bool:
        return PLUGIN_NAME in dask_scheduler.worker_plugins

    if not client.run_on_scheduler(registered):
        client.register_plugin(WarmKernel(), name=PLUGIN_NAME)


@contextlib.contextmanager
def connected(address: str, workers: int = 2) -> Iterator[Any]:
    """A ``distributed.Client`` of the cluster ``address`` names (a ``local`` one is started
    here and closed after); a :class:`ReviewError` if it cannot be reached."""
    with contextlib.ExitStack() as stack:
        try:
            if address == GATEWAY:
                client = gateway_cluster().get_client(set_as_default=False)
            elif address == LOCAL:
                cluster = stack.enter_context(local_cluster(workers))
                client = _client(cluster.scheduler_address)
            else:
                client = _client(address)
        except ReviewError:
            raise
        except Exception as error:  # unreachable, refused, TLS settings, gateway settings
            raise ReviewError(f"The reviews could not reach the Dask cluster {address}: "
                              f"{type(error).__name__}: {error}",
                              "Check that its scheduler is running and reachable from here (and "
                              "its TLS or dask-gateway settings), or run the reviews without "
                              "--cluster.") from None
        stack.callback(client.close)
        yield client


def _client(address: str) -> Any:
    from distributed import Client

    return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)


@contextlib.contextmanager
def local_cluster(workers: int) -> Iterator[Any]:
    """A ``LocalCluster`` of ``workers`` single-threaded worker processes on this machine that
    retries a review whose worker is lost once (:data:`ALLOWED_FAILURES`), with the kit's
    worker settings (:data:`WORKER_SETTINGS`)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                          **WORKER_SETTINGS}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, host="127.0.0.1")
    try:
        yield cluster
    finally:
        cluster.close()


_gateway: list[Any] = []


def gateway_cluster() -> Any:
    """This process's dask-gateway cluster (made on first use, from dask-gateway's settings in
    the environment; it grows to :data:`GATEWAY_WORKERS_ENV` workers while reviews wait and
    shrinks to none when idle, and is shut down when this process ends)."""
    if not _gateway:
        from dask_gateway import Gateway

        text = os.environ.get(GATEWAY_WORKERS_ENV, "").strip() or str(GATEWAY_WORKERS)
        if not text.isdigit() or int(text) < 1:
            raise ReviewError(f"{GATEWAY_WORKERS_ENV} is '{text[:20]}', not a whole number of workers.",
                              f"Set it to e.g. {GATEWAY_WORKERS}, or leave it unset.")
        most = int(text)
        cluster = Gateway().new_cluster(shutdown_on_close=True)
        cluster.adapt(minimum=0, maximum=most)
        _gateway.append(cluster)
    return _gateway[0]
