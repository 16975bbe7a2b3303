"""papermill's nbclient engine, given a kernel client kept open across reviews.

papermill's own engine makes a new kernel client for every notebook it executes, even in a
kernel it is handed, and a new client waits until the kernel's IOPub channel has been quiet for
0.2 s (often twice, as a fresh subscription misses the first messages). Over a run of a thousand
reviews, each worker's kernel sat idle for that wait before every review. A
:class:`~kit.reviews.execute.KernelWorker` keeps one client per kernel (:func:`ready_client`) and
executes every review through it with this engine; replies and outputs are matched to their
requests by message id, so nothing of one review reaches the next.
"""

from __future__ import annotations

from typing import Any

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger

ENGINE_NAME = "candle-warm-client"
START_TIMEOUT = 120


class _WarmClient(PapermillNotebookClient):
    """papermill's notebook client, with the kernel client it is given rather than a new one."""

    def __init__(self, nb_man: Any, km: Any, kc: Any, **kwargs: Any) -> None:
        super().__init__(nb_man, km=km, **kwargs)
        self.kc = kc  # nbclient starts a client only when it has none


class WarmClientEngine(NBClientEngine):
    """Executes a notebook in the kernel ``km`` through its open client ``kc``."""

    @classmethod
    def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                 stdout_file: Any = None, stderr_file: Any = None,
                                 start_timeout: int = START_TIMEOUT, execution_timeout: Any = None,
                                 **kwargs: Any) -> Any:
        """See :meth:`papermill.engines.NBClientEngine.execute_managed_notebook`; ``kwargs``
        carries ``km`` and ``kc`` (time limits are the kit's own: :mod:`kit.reviews.limits`)."""
        kwargs.pop("input_path", None)
        km, kc = kwargs.pop("km"), kwargs.pop("kc")
        return _WarmClient(nb_man, km, kc, timeout=execution_timeout, startup_timeout=start_timeout,
                           kernel_name=kernel_name, log=logger, log_output=log_output,
                           stdout_file=stdout_file, stderr_file=stderr_file, **kwargs).execute()


papermill_engines.register(ENGINE_NAME, WarmClientEngine)


def ready_client(km: Any) -> Any:
    """A new client of kernel ``km``, its channels open and the kernel answering."""
    from jupyter_core.utils import run_sync

    kc = km.client()
    kc.start_channels()
    try:
        run_sync(kc.wait_for_ready)(timeout=START_TIMEOUT)
    except Exception:
        kc.stop_channels()
        raise
    kc.allow_stdin = False
    return kc
