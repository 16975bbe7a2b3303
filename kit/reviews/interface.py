"""What the lead's reviews page and My learning ask of the workspace: run a period's reviews
(each result as it comes), what exists, a review's HTML, share one.

:class:`kit.reviews.folder.FolderReviews` does it on a folder; the workspace interface
(:class:`kit.hub.backend.WorkspaceBackend`) includes it, so the pages work the same on a
laptop and on a hub. This module stays light (no pandas): every form page imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kit.model.records import ReviewShare
from kit.reviews.jobs import ReviewResult
from kit.views.shared_reviews import ReviewSource

OnResult = Callable[[ReviewResult], None]


@dataclass(frozen=True)
class ReviewState:
    """One review of a period: whose, whether it has been made, whether it is shared, and
    whether it is made but may not be shown until it is made again (records it shows changed
    since: :mod:`kit.views.made_reviews`)."""

    subject: str  # a practitioner's id, or cohort-<lead id>
    kind: str  # 'practitioner' or 'cohort'
    made: bool
    shared: bool = False
    outdated: bool = False


class ReviewService(ReviewSource, Protocol):
    """What a lead's reviews page needs (a practitioner needs only :class:`ReviewSource`)."""

    def run_reviews(self, period: str, on_result: OnResult | None = None) -> list[ReviewResult]:
        """Make the lead's reviews of ``period`` (their practitioners' and cohort overview),
        calling ``on_result`` with each result as it comes; every result."""
        ...

    def review_status(self, period: str) -> list[ReviewState]:
        """The lead's reviews of ``period``: each practitioner's, then the cohort overview."""
        ...

    def share_review(self, practitioner_id: str, period: str, shared: bool = True) -> ReviewShare:
        """Share (or take back) the practitioner's review of ``period``; the decision stored."""
        ...
