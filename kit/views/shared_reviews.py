"""The reviews a lead shared with a practitioner, and links to their HTML from a page.

A lead shares a period's review by saving a :class:`~kit.model.records.ReviewShare`
(see :mod:`kit.reviews.sharing`); the practitioner's "My learning" lists the
periods whose latest share is on and whose review HTML exists, newest first.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from kit.model.records import ReviewShare
from kit.store.workspace import Workspace


def review_html(workspace: Workspace, period: str, subject: str) -> Path:
    """Where a period's review of ``subject`` is written (``reviews/<period>/<subject>.html``)."""
    return workspace.folder("reviews") / period / f"{subject}.html"


def latest_share(workspace: Workspace, practitioner_id: str, period: str) -> ReviewShare | None:
    """The latest share decision for the practitioner's review of ``period`` (None if never)."""
    for share in workspace.store.latest(ReviewShare.TABLE, practitioner_id):
        if isinstance(share, ReviewShare) and share.period == period:
            return share
    return None


def shared_reviews(workspace: Workspace, practitioner_id: str) -> list[tuple[str, Path]]:
    """(period, HTML path) of every review shared with the practitioner, newest period first."""
    found = []
    for share in workspace.store.latest(ReviewShare.TABLE, practitioner_id):
        if isinstance(share, ReviewShare) and share.shared:
            path = review_html(workspace, share.period, practitioner_id)
            if path.is_file():
                found.append((share.period, path))
    return sorted(found, reverse=True)


def file_link(path: Path, text: str, start: Path | None = None) -> str:
    """An ``<a>`` to ``path`` relative to the page's folder (JupyterLab opens it in a tab)."""
    href = os.path.relpath(path, start or Path.cwd()).replace(os.sep, "/")
    return (f'<a class="candle-review-link" href="{html.escape(href)}" target="_blank" '
            f'rel="noopener">{html.escape(text)}</a>')


def shared_reviews_html(workspace: Workspace, practitioner_id: str) -> str:
    """The practitioner's shared reviews as a list of links (or a sentence when there are none)."""
    reviews = shared_reviews(workspace, practitioner_id)
    if not reviews:
        return ("<p class='candle-shared-reviews-empty'>Your lead has not shared a review with "
                "you yet. When they do, it appears here.</p>")
    items = "".join(f"<li>{file_link(path, f'My review for {period}')}</li>"
                    for period, path in reviews)
    return f"<ul class='candle-shared-reviews'>{items}</ul>"
