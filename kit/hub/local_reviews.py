"""The reviews part of the workspace interface on a folder: :class:`LocalBackend` offers
:class:`kit.reviews.folder.FolderReviews` as the signed-in person (the rules are
:mod:`kit.reviews.rights`). The hub's service runs the same methods on the shared workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kit.hub.roles import Caller
from kit.model.records import ReviewShare
from kit.reviews.folder import FolderReviews
from kit.reviews.interface import OnResult, ReviewState
from kit.reviews.jobs import ReviewResult
from kit.reviews.limits import TimeLimits
from kit.store.workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd


class LocalReviews:
    """Mixed into :class:`kit.hub.local.LocalBackend` (which gives ``workspace`` and ``caller``)."""

    workspace: Workspace
    caller: Caller

    if TYPE_CHECKING:  # LocalBackend's: the tables (on the service, from its frame cache)
        def _read(self, table: str) -> pd.DataFrame: ...

    def _reviews(self, jobs: int = 1, limits: TimeLimits | None = None,
                 cluster: str | None = None) -> FolderReviews:
        return FolderReviews(self.workspace, self.caller.id, self.caller.kinds, jobs=jobs,
                             limits=limits, read=self._read, cluster=cluster)

    def run_reviews(self, period: str, on_result: OnResult | None = None, jobs: int = 1,
                    limits: TimeLimits | None = None, cluster: str | None = None
                    ) -> list[ReviewResult]:
        """A lead makes the reviews of ``period`` for their practitioners and cohort (in
        ``jobs`` kernels, or on the Dask ``cluster``, within ``limits``: the service's
        settings)."""
        return self._reviews(jobs, limits, cluster).run_reviews(period, on_result)

    def review_status(self, period: str) -> list[ReviewState]:
        """A lead's reviews of ``period``: made? shared?"""
        return self._reviews().review_status(period)

    def review_html(self, period: str, subject: str) -> bytes:
        """A review's HTML, if the caller may read it."""
        return self._reviews().review_html(period, subject)

    def review_place(self, period: str, subject: str) -> str:
        """The review's file in the workspace folder."""
        return self._reviews().review_place(period, subject)

    def share_review(self, practitioner_id: str, period: str, shared: bool = True) -> ReviewShare:
        """A lead shares (or takes back) a practitioner's review of ``period``."""
        return self._reviews().share_review(practitioner_id, period, shared)

    def shared_reviews(self) -> list[str]:
        """The periods whose review is shared with the signed-in practitioner, newest first."""
        return self._reviews().shared_reviews()
