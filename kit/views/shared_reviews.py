"""The reviews a lead shared with a practitioner, and a reader for review HTML on a page.

A lead shares a period's review by saving a :class:`~kit.model.records.ReviewShare`
(see :mod:`kit.reviews.sharing`); the practitioner's "My learning" lists the
periods whose latest share is on and whose review HTML exists, newest first.

A review opens inside the page (:class:`ReviewReader`: a sandboxed frame, no script
runs), so it works in JupyterLab and in Voilà. The reader asks a :class:`ReviewSource`
for the review's HTML: the workspace folder here (:class:`FolderSharedReviews`), or on a
hub the team's service (the workspace interface, :mod:`kit.hub.backend`), which says where
the review is kept. A made review is served only while what it shows still may be
(:mod:`kit.views.made_reviews`: checked against the read rule each time it is read).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import ipywidgets as widgets

from kit.errors import KitError, PermissionDenied, WorkspaceError
from kit.model.periods import parse_period
from kit.model.places import RUN_REVIEWS, SHARED_REVIEWS
from kit.model.records import ReviewShare
from kit.store.workspace import Workspace
from kit.views.made_reviews import outdated, review_metadata, shared_now, why_outdated

if TYPE_CHECKING:
    from kit.tables.reading import SharedVersions, TableReader


class ReviewSource(Protocol):
    """Where a page gets the reviews its person may read."""

    def shared_reviews(self) -> list[str]:
        """The periods whose review is shared with the signed-in practitioner, newest first."""
        ...

    def review_html(self, period: str, subject: str) -> bytes:
        """The HTML of a period's review of ``subject`` (a practitioner id, or
        ``cohort-<lead id>``); refused with a sentence if it is not the caller's to read."""
        ...

    def review_place(self, period: str, subject: str) -> str:
        """Where that review is kept, in words for the page."""
        ...


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
    return sorted(found, key=lambda item: _newest_first(item[0]))


def _newest_first(period: str) -> tuple[int, int]:
    """Sort key putting later periods first, whatever their kind ("2026-11" before "2026-Q3")."""
    found = parse_period(period)
    return (-found.end.toordinal(), -found.start.toordinal())


def practitioner_may_read(workspace: Workspace, practitioner_id: str, period: str, subject: str) -> bool:
    """The practitioner's half of who reads which review: their own, once their lead shared it."""
    share = latest_share(workspace, practitioner_id, period) if subject == practitioner_id else None
    return bool(share and share.shared)


def not_for_you(person_id: str, period: str, subject: str) -> PermissionDenied:
    """The refusal when ``person_id`` may not read the ``period`` review of ``subject``."""
    if subject == person_id:
        return PermissionDenied(f"Your {period} review is not shared with you yet.",
                                "Your lead shares it when it is ready; it then appears under "
                                f"{SHARED_REVIEWS}.")
    return PermissionDenied(
        f"{person_id} may not read the {period} review of {subject}: a review is read by its "
        "practitioner, once their lead shares it, and by that lead.",
        f"Open your own reviews under {SHARED_REVIEWS} (or, as a lead, under {RUN_REVIEWS}).")


def review_notebook(workspace: Workspace, period: str, subject: str) -> Path:
    """The notebook a period's review of ``subject`` was made in (its metadata says how)."""
    return review_html(workspace, period, subject).with_suffix(".ipynb")


def review_outdated(workspace: Workspace, period: str, subject: str, shared: SharedVersions) -> str:
    """Why the made review may not be shown now (:func:`kit.views.made_reviews.why_outdated`:
    'changed' or 'unknown'), or '' when it may; ``shared``: what the read rule lets through."""
    path = review_html(workspace, period, subject)
    try:
        page = path.read_bytes()
    except OSError:
        page = b""
    return why_outdated(review_metadata(review_notebook(workspace, period, subject)), page,
                        shared) or ""


def read_review(workspace: Workspace, period: str, subject: str, reader_id: str,
                shared: SharedVersions | None = None) -> bytes:
    """The bytes of a review ``reader_id`` was found allowed to read: an error if it is not
    made, or if what it shows may not be shown any more (:mod:`kit.views.made_reviews`; the
    page is never sent then). ``shared``: what the read rule lets through (default: from the
    workspace's tables)."""
    path = review_html(workspace, period, subject)
    if not path.is_file():
        raise WorkspaceError(f"The {period} review of {subject} has not been made yet.",
                             "Ask the lead practitioner to run that period's reviews.")
    page = path.read_bytes()
    metadata = review_metadata(review_notebook(workspace, period, subject))
    reason = why_outdated(metadata, page, shared or shared_now(workspace))
    if reason:
        raise outdated(reason, period, subject, reader_id)
    return page


class FolderSharedReviews:
    """A practitioner's shared reviews, read from the workspace folder (``read`` gives its
    tables for the check of what a review shows; default: read from the folder)."""

    def __init__(self, workspace: Workspace, practitioner_id: str,
                 read: TableReader | None = None) -> None:
        self.workspace, self.practitioner_id, self.read = workspace, practitioner_id, read

    def shared_reviews(self) -> list[str]:
        """The periods shared with the practitioner whose review exists, newest first."""
        return [period for period, _ in shared_reviews(self.workspace, self.practitioner_id)]

    def review_html(self, period: str, subject: str) -> bytes:
        """The practitioner's own review, once shared."""
        if not practitioner_may_read(self.workspace, self.practitioner_id, period, subject):
            raise not_for_you(self.practitioner_id, period, subject)
        return read_review(self.workspace, period, subject, self.practitioner_id, self._shared())

    def _shared(self) -> SharedVersions:
        """What the read rule lets through now (for one request), from ``read``'s tables."""
        from kit.tables.reading import SharedVersions

        return SharedVersions(self.read) if self.read else shared_now(self.workspace)

    def review_place(self, period: str, subject: str) -> str:
        """The review's file."""
        return str(review_html(self.workspace, period, subject))


class ReviewReader:
    """Buttons that open reviews, and the frame they open in (``widget`` to display it)."""

    def __init__(self, source: ReviewSource) -> None:
        self.source = source
        self.frame = widgets.HTML()
        self.frame.add_class("candle-review-frame")
        self.buttons = widgets.VBox()
        self.widget = widgets.VBox([self.buttons, self.frame])

    def button(self, label: str, period: str, subject: str) -> widgets.Button:
        """A button that opens the period's review of ``subject`` in the frame."""
        button = widgets.Button(description=label, icon="book-open",
                                tooltip=self.source.review_place(period, subject),
                                layout=widgets.Layout(width="auto", flex="0 0 auto"))
        button.add_class("candle-open-review")
        title = label.removeprefix("Open ")
        button.on_click(lambda _button: self.open(title[:1].upper() + title[1:], period, subject))
        return button

    def close(self) -> None:
        """Take the open review (if any) off the page."""
        self.frame.value = ""

    def open(self, label: str, period: str, subject: str) -> None:
        """Show the review in the frame (sandboxed: nothing in it can run), or why not."""
        try:
            page = self.source.review_html(period, subject).decode("utf-8")
        except (KitError, OSError, UnicodeDecodeError) as error:
            self.frame.value = (f"<p role='alert'>The review could not be opened: "
                                f"{html.escape(str(error))}</p>")
            return
        place = self.source.review_place(period, subject)
        self.frame.value = (
            f"<p><strong>{html.escape(label)}</strong> <small>({html.escape(place)})</small></p>"
            f'<iframe title="{html.escape(label)}" sandbox="" srcdoc="{html.escape(page)}" '
            'style="width:100%;height:75vh;border:1px solid #bbb;background:#fff"></iframe>')


def shared_reviews_reader(workspace: Workspace, practitioner_id: str,
                          reviews: ReviewSource | None = None) -> widgets.Widget:
    """The practitioner's shared reviews, each a button that opens it on the page; from
    ``reviews`` (on a hub, the workspace interface), else from the workspace folder."""
    source = reviews or FolderSharedReviews(workspace, practitioner_id)
    periods = source.shared_reviews()
    if not periods:
        return widgets.HTML("<p class='candle-shared-reviews-empty'>Your lead has not shared a "
                            "review with you yet. When they do, it appears here.</p>")
    reader = ReviewReader(source)
    reader.buttons.children = [reader.button(f"Open my review for {period}", period, practitioner_id)
                               for period in periods]
    return reader.widget
