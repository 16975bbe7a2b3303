"""The service's review routes: a lead's review runs (on a worker, followed by polling), the
HTML of the reviews a caller may read, and the lead's share decisions.

``POST api/reviews/runs`` ``{"period"}`` starts the lead's run (or answers the one already
running for them and that period; a lead runs one period at a time, and a period no run may
cover is refused: :mod:`kit.reviews.bounds`); ``GET api/reviews/runs/PERIOD`` gives its results so far
and whether it is still running (and a failed run's error). Each review and the run have a
time limit (:mod:`kit.reviews.limits`, set by ``CANDLE_REVIEW_TIMEOUT`` and
``CANDLE_REVIEW_RUN_TIMEOUT``); a run that ended is forgotten after an hour (its reviews are
files). Runs, their ends, reviews stopped at a limit and share decisions go to the audit log.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any

from kit.errors import KitError, ReviewError, StoreError, WorkspaceError
from kit.hub import fields, gate, redact
from kit.hub.audit import refusal_reason
from kit.hub.local import LocalBackend
from kit.hub.service import ApiHandler, ServiceState
from kit.hub.wire import error_body, error_status
from kit.model.periods import parse_period
from kit.model.places import RUN_REVIEWS
from kit.reviews.bounds import check_period
from kit.reviews.cluster import cluster_from_environment
from kit.reviews.jobs import ReviewResult
from kit.reviews.limits import TimeLimits

log = logging.getLogger(__name__)

JOBS_ENV = "CANDLE_REVIEW_JOBS"
"""Kernels per review run on the service (default 1), unless the reviews run on a Dask cluster
(``CANDLE_DASK_SCHEDULER`` or dask-gateway's settings: :mod:`kit.reviews.cluster`)."""
RUN_THREADS = 2
KEEP_SECONDS = 3600.0
"""How long the service remembers a run that ended (the files stay: a page reads those)."""
KEEP_MOST = 200


@dataclass
class ReviewRun:
    """One lead's run of one period's reviews: its results so far, and how it ended."""

    lead_id: str
    period: str
    results: list[ReviewResult] = field(default_factory=list)
    state: str = "running"  # 'running', 'done' or 'failed'
    error: KitError | None = None
    ended: float | None = None  # time.monotonic() when it ended

    def answer(self) -> dict[str, Any]:
        """The run as the service sends it (each output by its file name only; a failed
        run's error as a refusal's body)."""
        results = [{**asdict(result), "output": os.path.basename(result.output)}
                   for result in list(self.results)]
        answer = {"period": self.period, "state": self.state, "results": results}
        if self.error is not None:
            answer["error"] = error_body(self.error)
        return answer


@dataclass
class ReviewRuns:
    """Every lead's latest run per period; at most :data:`RUN_THREADS` run at once, and one
    per lead (the quota: a lead's run writes a review per practitioner, ~1 MB, and holds a
    kernel).

    A run that ended is kept for ``keep_seconds`` (and only the ``keep_most`` latest such),
    then forgotten: asked for, it is answered as one never started.
    """

    state: ServiceState  # its audit log and workspace are read when used
    jobs: int = 1
    limits: TimeLimits = field(default_factory=TimeLimits)
    cluster: str | None = None  # the Dask cluster the reviews run on (None: the service's kernels)
    keep_seconds: float = KEEP_SECONDS
    keep_most: int = KEEP_MOST
    runs: dict[tuple[str, str, str], ReviewRun] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    pool: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(
        RUN_THREADS, thread_name_prefix="reviews"))

    def start(self, backend: LocalBackend, period: str) -> tuple[ReviewRun, bool]:
        """The lead's run of ``period``: the one running, else a new one; and whether it is new.

        Refused with a :class:`ReviewError`: a period no run may cover (what needs no table:
        :func:`kit.reviews.bounds.check_period`; the worker checks the rest), and another
        period while the lead's run of one is still going (the sentence names it).
        """
        check_period(parse_period(period), backend.workspace.settings.review_period)
        root, lead = str(backend.workspace.root), backend.caller.id
        key = (root, lead, period)
        with self.lock:
            self._forget_old()
            running = self.runs.get(key)
            if running is not None and running.state == "running":
                return running, False
            other = next((run for (where, who, _), run in self.runs.items()
                          if (where, who) == (root, lead) and run.state == "running"), None)
            if other is not None:
                raise ReviewError(f"Your {other.period} reviews are still running, and a lead runs "
                                  "one period at a time.",
                                  f"Wait until they have finished (shown under {RUN_REVIEWS}), "
                                  f"then run {period}.")
            run = self.runs[key] = ReviewRun(lead, period)
        self.pool.submit(self._work, run, backend)
        return run, True

    def get(self, lead_id: str, period: str) -> ReviewRun | None:
        """The lead's latest run of ``period`` (None if they started none, or it was forgotten)."""
        with self.lock:
            self._forget_old()
            return self.runs.get((str(self.state.workspace.root), lead_id, period))

    def _forget_old(self) -> None:
        ended = sorted((run.ended, key) for key, run in self.runs.items() if run.ended is not None)
        too_old = time.monotonic() - self.keep_seconds
        over = len(ended) - self.keep_most
        for number, (when, key) in enumerate(ended):
            if number < over or when < too_old:
                del self.runs[key]

    def _work(self, run: ReviewRun, backend: LocalBackend) -> None:
        error: KitError | None = None
        reason: dict[str, Any] = {}
        try:
            on_cluster = {"cluster": self.cluster} if self.cluster else {}
            backend.run_reviews(run.period, on_result=run.results.append, jobs=self.jobs,
                                limits=self.limits, **on_cluster)
        except KitError as refused:
            error, reason = refused, refusal_reason(refused)
        except Exception as fault:  # the service's log has where; the lead gets a sentence
            log.error("the %s review run of %s failed: %s", run.period, run.lead_id,
                      redact.fault_summary(fault))
            error, reason = StoreError(f"The service could not run the {run.period} reviews.",
                                       "Try again, and tell whoever runs the hub if it keeps "
                                       "happening."), {"reason": "fault"}
        self._audit_end(run, error, reason)
        run.error, run.state = error, "failed" if error else "done"
        run.ended = time.monotonic()  # last: a client polling sees the end after the audit

    def _audit_end(self, run: ReviewRun, error: KitError | None, reason: dict[str, Any]) -> None:
        """The reviews stopped at a time limit, one event each, then the run's end (a failed
        run's reason as a code, never its sentence)."""
        stopped = [result for result in run.results if result.limit]
        for result in stopped:
            self.state.audit.append(run.lead_id, "review timed out", 504, "failed", period=run.period,
                                    kind=result.kind, subject=result.subject, limit=result.limit,
                                    reason="time_limit")
        counts = {status: sum(r.status == status for r in run.results)
                  for status in ("made", "unchanged", "failed")}
        ran_out = any(result.limit == "run" for result in stopped)
        refused = error is not None and not isinstance(error, StoreError)  # e.g. the period
        outcome = "refused" if refused else "failed" if error else "timed out" if ran_out else "done"
        status = error_status(error) if refused else {"failed": 500, "timed out": 504}.get(outcome, 200)
        self.state.audit.append(run.lead_id, "review run", status, outcome, period=run.period,
                                timed_out=len(stopped), **counts, **reason)


class RunsHandler(ApiHandler):
    """A lead's review runs (for leads only)."""

    may_use = staticmethod(gate.runs_reviews)

    def initialize(self, state: ServiceState, runs: ReviewRuns) -> None:  # type: ignore[override]
        """Keep the shared state and the runs."""
        super().initialize(state)
        self.runs = runs

    def run_answer(self, run: ReviewRun) -> dict[str, Any]:
        """:meth:`ReviewRun.answer`, its sentences naming no folder of the server."""
        answer = run.answer()
        answer["results"] = [{**result, "message": self.without_paths(result["message"])}
                             for result in answer["results"]]
        if "error" in answer:
            answer["error"] = self.error_answer(answer["error"])
        return answer


class StartRunHandler(RunsHandler):
    """``POST api/reviews/runs``: start (or join) the lead's run of a period."""

    async def post(self) -> None:
        """Body ``{"period"}``; ``{"period", "state", "results"}`` of the run started or
        already running."""
        period = fields.period(self.body_json().get("period"))
        run, new = self.runs.start(self.backend(), period)
        if new:
            append = partial(self.state.audit.append, run.lead_id, self.what(), 202, "started", period=period)
            await asyncio.get_running_loop().run_in_executor(self.state.writers, append)
        self.answer(self.run_answer(run))


class RunHandler(RunsHandler):
    """``GET api/reviews/runs/PERIOD``: the lead's run's results so far."""

    def get(self, period: str) -> None:
        """The run's results so far (and its error, if it failed)."""
        name = fields.period(period)
        run = self.runs.get(self.caller.id, name)  # type: ignore[union-attr]
        if run is None:
            raise WorkspaceError(f"No {name} review run has been started.",
                                 f"Run them under {RUN_REVIEWS}.")
        self.answer(self.run_answer(run))


class ReviewStatusHandler(ApiHandler):
    """``GET api/reviews/status/PERIOD``: the lead's reviews of a period, made and shared."""

    may_use = staticmethod(gate.runs_reviews)

    def get(self, period: str) -> None:
        """``{"reviews": [{"subject", "kind", "made", "shared"}, ...]}``."""
        states = self.backend().review_status(fields.period(period))
        self.answer({"reviews": [asdict(state) for state in states]})


class ReviewHtmlHandler(ApiHandler):
    """``GET api/reviews/html/PERIOD/SUBJECT``: a review's HTML, for whoever may read it
    (:func:`kit.reviews.rights.check_may_read`, which refuses anyone but a lead or a
    practitioner before reading anything)."""

    may_use = staticmethod(gate.any_role)

    def get(self, period: str, subject: str) -> None:
        """The page's bytes."""
        page = self.backend().review_html(fields.period(period), fields.subject(subject))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Content-Security-Policy", "sandbox")  # shown, never run, if opened directly
        self.answer(page)


class ReviewSharesHandler(ApiHandler):
    """``POST api/reviews/shares``: a lead shares (or takes back) a practitioner's review."""

    may_use = staticmethod(gate.shares_reviews)

    async def post(self) -> None:
        """Body ``{"practitioner_id", "period", "shared"}``; ``{"record": the decision}``."""
        body = self.body()
        practitioner_id, shared = body.person_id("practitioner_id"), body.flag("shared", True)
        body.check()
        period = fields.period(body.data.get("period"))
        share = partial(self.backend().share_review, practitioner_id, period, shared)
        record = await self.in_writer(practitioner_id, share)
        await self.write_done({"record": record.model_dump(mode="json")}, kind=record.KIND,
                              record_id=record.record_id, practitioner_id=practitioner_id,
                              period=record.period, shared=record.shared)


class SharedReviewsHandler(ApiHandler):
    """``GET api/reviews/shared``: the periods whose review is shared with the calling
    practitioner."""

    def get(self) -> None:
        """``{"periods": [...]}``, newest first."""
        self.answer({"periods": self.backend().shared_reviews()})


def routes(prefix: str, state: ServiceState) -> list[tuple[str, type, dict[str, Any]]]:
    """The review routes under ``prefix`` (one run registry for the service)."""
    api = f"{prefix}api/reviews/"
    shared = {"state": state}
    runs = ReviewRuns(state, jobs=int(os.environ.get(JOBS_ENV) or 1),
                      limits=TimeLimits.from_environment(), cluster=cluster_from_environment())
    return [
        (f"{api}runs", StartRunHandler, {**shared, "runs": runs}),
        (rf"{api}runs/([^/]+)", RunHandler, {**shared, "runs": runs}),
        (rf"{api}status/([^/]+)", ReviewStatusHandler, shared),
        (rf"{api}html/([^/]+)/([^/]+)", ReviewHtmlHandler, shared),
        (f"{api}shares", ReviewSharesHandler, shared),
        (f"{api}shared", SharedReviewsHandler, shared),
    ]
