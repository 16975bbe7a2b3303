"""A lead shares a period's review with its practitioner (or takes it back).

The decision is a :class:`~kit.model.records.ReviewShare` record, one per
practitioner and period: sharing again or taking it back is a new version of it,
so the history of who shared what, and when, stays in the store.
"""

from __future__ import annotations

from kit.capture import permissions
from kit.capture.submit import edit, submit
from kit.errors import ReviewError
from kit.model.records import ReviewShare
from kit.store.workspace import Workspace
from kit.views.shared_reviews import latest_share, review_html


def share_review(workspace: Workspace, lead_id: str, practitioner_id: str, period: str,
                 shared: bool = True) -> ReviewShare:
    """Record that ``lead_id`` shares (or no longer shares) the review of ``period``.

    Refuses when ``lead_id`` is not the practitioner's lead (checked first, with the ids,
    before anything about the review is looked at: whether a file exists is nobody else's
    business), or when the review has not been made yet.
    """
    share = ReviewShare.new(practitioner_id=practitioner_id, author_id=lead_id,
                            period=period, shared=shared)
    permissions.check(workspace, lead_id, share)
    if shared and not review_html(workspace, period, practitioner_id).is_file():
        raise ReviewError(f"The {period} review of {practitioner_id} has not been made yet.",
                          "Run the period's reviews first, then share it.")
    current = latest_share(workspace, practitioner_id, period)
    if current is None:
        submit(workspace, share, acting_user=lead_id)
        return share
    if current.shared == shared:
        return current
    reason = "Shared the review." if shared else "Took the shared review back."
    return edit(workspace, ReviewShare.TABLE, current.entity_id, practitioner_id=practitioner_id,
                author_id=lead_id, edit_reason=reason, acting_user=lead_id,
                shared=shared)  # type: ignore[return-value]


def is_shared(workspace: Workspace, practitioner_id: str, period: str) -> bool:
    """Whether the review of ``period`` is shared with the practitioner now."""
    share = latest_share(workspace, practitioner_id, period)
    return bool(share and share.shared)
