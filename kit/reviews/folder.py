"""The reviews part of the workspace interface (:class:`kit.reviews.interface.ReviewService`)
on a workspace folder this process may write, with the rules of :mod:`kit.reviews.rights`.

The workspace interface (:mod:`kit.hub.backend`) offers the same methods: locally through
this class, on a hub through the team's service (which runs this class on the shared
workspace).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kit.model.periods import parse_period
from kit.model.records import ReviewShare
from kit.reviews import rights, sharing
from kit.reviews.interface import OnResult, ReviewState
from kit.reviews.jobs import ReviewResult
from kit.reviews.limits import TimeLimits
from kit.reviews.run import run_reviews
from kit.store.workspace import Workspace
from kit.views.shared_reviews import FolderSharedReviews, read_review, review_html, review_outdated

if TYPE_CHECKING:
    from kit.tables.reading import SharedVersions, TableReader


class FolderReviews(FolderSharedReviews):
    """``person_id`` (with ``kinds``) working with the reviews of ``workspace``; ``read`` gives
    its tables for the check of what a made review shows (default: read from the folder);
    runs go to ``jobs`` local kernels, or the Dask ``cluster`` (:mod:`kit.reviews.cluster`)."""

    def __init__(self, workspace: Workspace, person_id: str, kinds: Sequence[str], jobs: int = 1,
                 runner: Callable[..., object] = run_reviews, limits: TimeLimits | None = None,
                 read: TableReader | None = None, cluster: str | None = None) -> None:
        super().__init__(workspace, person_id, read)
        self.person_id, self.kinds, self.jobs, self.runner = person_id, tuple(kinds), jobs, runner
        self.limits, self.cluster = limits, cluster

    def run_reviews(self, period: str, on_result: OnResult | None = None) -> list[ReviewResult]:
        """:func:`kit.reviews.run.run_reviews` for this lead's practitioners and cohort."""
        rights.check_may_run(self.person_id, self.kinds)
        name = parse_period(period).name
        on_cluster = {"cluster": self.cluster} if self.cluster else {}
        report = self.runner(self.workspace, name, lead_id=self.person_id, jobs=self.jobs,
                             progress=False, on_result=on_result, limits=self.limits, **on_cluster)
        return list(report.results)  # type: ignore[attr-defined]

    def review_status(self, period: str) -> list[ReviewState]:
        """Each of the lead's practitioners in ``period`` (made? shared? outdated?), then the
        cohort; the tables are read once for all."""
        rights.check_may_run(self.person_id, self.kinds)
        the_period = parse_period(period)
        shared = self._shared()
        members = rights.period_members(self.workspace, self.person_id, the_period)
        states = [self._state(the_period.name, pid, "practitioner", shared,
                              sharing.is_shared(self.workspace, pid, the_period.name))
                  for pid in members]
        cohort = rights.cohort_subject(self.person_id)
        return [*states, self._state(the_period.name, cohort, "cohort", shared)]

    def _state(self, period: str, subject: str, kind: str, now: SharedVersions,
               shared: bool = False) -> ReviewState:
        made = review_html(self.workspace, period, subject).is_file()
        outdated = made and bool(review_outdated(self.workspace, period, subject, now))
        return ReviewState(subject, kind, made, shared, outdated)

    def review_html(self, period: str, subject: str) -> bytes:
        """The review's HTML, if :func:`kit.reviews.rights.check_may_read` allows it and what
        it shows still may be shown (:func:`kit.views.shared_reviews.read_review`)."""
        the_period = rights.check_may_read(self.workspace, self.person_id, self.kinds, period, subject)
        return read_review(self.workspace, the_period.name, subject, self.person_id, self._shared())

    def share_review(self, practitioner_id: str, period: str, shared: bool = True) -> ReviewShare:
        """:func:`kit.reviews.sharing.share_review` as this lead."""
        return sharing.share_review(self.workspace, self.person_id, practitioner_id,
                                    parse_period(period).name, shared)
