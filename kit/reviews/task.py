"""One review as it travels to whoever executes it, what comes back, and the executors' interface.

A :class:`ReviewTask` holds everything needed to execute one review and nothing of the
workspace's folder: the template's text, the parameters, what the notebook records about how it
was made, and the review's inputs (only the rows it may show: :mod:`kit.reviews.data`). It is
what a local worker process, or a Dask worker on another machine, receives; it answers with an
:class:`Executed` (the notebook's and the page's bytes, or the failure). The runner, which holds
the workspace, writes those bytes into it atomically (:func:`finish`), so both executors make
exactly the same files and report them the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from kit import __version__
from kit.filemodes import make_folder
from kit.reviews.jobs import ReviewJob, ReviewResult
from kit.store.atomic import write_bytes

if TYPE_CHECKING:
    from kit.reviews.data import ReviewInputs
    from kit.reviews.limits import Budget


@dataclass(frozen=True)
class ReviewTask:
    """One review to execute, self-contained (see the module docstring)."""

    kind: str  # 'practitioner' or 'cohort'
    subject: str
    template: str  # the template notebook's JSON
    template_path: str  # recorded in the notebook (papermill's input_path)
    output_path: str  # recorded in the notebook (papermill's output_path)
    parameters: dict[str, str]
    metadata: dict[str, Any]  # what the notebook records about how it was made
    title: str
    html: bool
    inputs: ReviewInputs | None  # None: the kernel reads the workspace named in parameters
    kit_version: str = __version__


@dataclass
class Executed:
    """What executing a :class:`ReviewTask` gave: a made review's notebook and page (``page``
    None when no HTML was asked for), or a failure with its sentence and what ran of the
    notebook (``notebook``, empty if nothing did) to keep beside the review."""

    status: str  # 'made' or 'failed'
    notebook: bytes = b""
    page: bytes | None = None
    message: str = ""
    limit: str = ""  # the time limit that stopped it: 'review' or 'run' ('' if none did)
    seconds: float = 0.0


def task_of(job: ReviewJob) -> ReviewTask:
    """``job`` as a task (reads its template)."""
    return ReviewTask(job.kind, job.subject, job.template.read_text(encoding="utf-8"),
                      str(job.template), str(job.output), dict(job.parameters), job.metadata(),
                      job.title(), job.html, job.inputs)


def failed(task: ReviewTask, message: str, limit: str = "", notebook: bytes = b"") -> Executed:
    """A failure of ``task`` with ``message`` (the sentence a lead reads)."""
    return Executed("failed", notebook, None, message, limit)


def finish(job: ReviewJob, executed: Executed) -> ReviewResult:
    """Write what executing ``job`` gave into the workspace, atomically: a made review's
    notebook, then its page (a page is never read beside a notebook that vouches for another),
    and no failed notebook any more; a failure's notebook as ``<name>.failed.ipynb``. The
    review's result."""
    make_folder(job.output.parent)
    if executed.status == "made":
        write_bytes(job.output, executed.notebook, durable=False)  # reviews are remade from tables
        if executed.page is not None:
            write_bytes(job.html_path, executed.page, durable=False)
        job.failed_path.unlink(missing_ok=True)
    elif executed.notebook:
        write_bytes(job.failed_path, executed.notebook, durable=False)
    return ReviewResult(job.kind, job.subject, str(job.output), executed.status, executed.message,
                        executed.seconds, executed.limit)


class ReviewExecutor(Protocol):
    """Executes review tasks: the local kernel pool (:class:`kit.reviews.execute.LocalPool`) or
    a Dask cluster (:class:`kit.reviews.cluster.DaskExecutor`)."""

    def execute(self, tasks: Sequence[ReviewTask], budget: Budget) -> Iterator[tuple[int, Executed]]:
        """Execute ``tasks`` within ``budget``, yielding ``(index in tasks, what came of it)``
        as each ends, in any order, every task once (one that could not run, failed)."""
        ...
