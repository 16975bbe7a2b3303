"""The reviews part of the workspace interface (:class:`kit.reviews.interface.ReviewService`)
on a workspace folder this process may write, with the rules of :mod:`kit.reviews.rights`.

The workspace interface (:mod:`kit.hub.backend`) offers the same methods: locally through
this class, on a hub through the team's service (which runs this class on the shared
workspace).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kit.model.periods import parse_period
from kit.model.records import ReviewShare
from kit.reviews import rights, sharing
from kit.reviews.interface import OnResult, ReviewState
from kit.reviews.jobs import ReviewResult
from kit.reviews.limits import TimeLimits
from kit.reviews.run import run_reviews
from kit.store.workspace import Workspace
from kit.views.shared_reviews import FolderSharedReviews, read_review, review_html


class FolderReviews(FolderSharedReviews):
    """``person_id`` (with ``kinds``) working with the reviews of ``workspace``."""

    def __init__(self, workspace: Workspace, person_id: str, kinds: Sequence[str], jobs: int = 1,
                 runner: Callable[..., object] = run_reviews, limits: TimeLimits | None = None
                 ) -> None:
        super().__init__(workspace, person_id)
        self.person_id, self.kinds, self.jobs, self.runner = person_id, tuple(kinds), jobs, runner
        self.limits = limits

    def run_reviews(self, period: str, on_result: OnResult | None = None) -> list[ReviewResult]:
        """:func:`kit.reviews.run.run_reviews` for this lead's practitioners and cohort."""
        rights.check_may_run(self.person_id, self.kinds)
        name = parse_period(period).name
        report = self.runner(self.workspace, name, lead_id=self.person_id, jobs=self.jobs,
                             progress=False, on_result=on_result, limits=self.limits)
        return list(report.results)  # type: ignore[attr-defined]

    def review_status(self, period: str) -> list[ReviewState]:
        """Each of the lead's practitioners in ``period`` (made? shared?), then the cohort."""
        rights.check_may_run(self.person_id, self.kinds)
        the_period = parse_period(period)
        states = [ReviewState(pid, "practitioner", self._made(the_period.name, pid),
                              sharing.is_shared(self.workspace, pid, the_period.name))
                  for pid in rights.period_members(self.workspace, self.person_id, the_period)]
        cohort = rights.cohort_subject(self.person_id)
        return [*states, ReviewState(cohort, "cohort", self._made(the_period.name, cohort))]

    def _made(self, period: str, subject: str) -> bool:
        return review_html(self.workspace, period, subject).is_file()

    def review_html(self, period: str, subject: str) -> bytes:
        """The review's HTML, if :func:`kit.reviews.rights.check_may_read` allows it."""
        the_period = rights.check_may_read(self.workspace, self.person_id, self.kinds, period, subject)
        return read_review(self.workspace, the_period.name, subject)

    def share_review(self, practitioner_id: str, period: str, shared: bool = True) -> ReviewShare:
        """:func:`kit.reviews.sharing.share_review` as this lead."""
        return sharing.share_review(self.workspace, self.person_id, practitioner_id,
                                    parse_period(period).name, shared)
