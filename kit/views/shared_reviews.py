"""The reviews a lead shared with a practitioner, and a reader for review HTML on a page.

A lead shares a period's review by saving a :class:`~kit.model.records.ReviewShare`
(see :mod:`kit.reviews.sharing`); the practitioner's "My learning" lists the
periods whose latest share is on and whose review HTML exists, newest first.

A review opens inside the page (:class:`ReviewReader`: a sandboxed frame, no script
runs), so it works in JupyterLab and in Voilà wherever the workspace lives; the
file's place is shown too.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

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


class ReviewReader:
    """Buttons that open reviews, and the frame they open in (``widget`` to display it)."""

    def __init__(self) -> None:
        self.frame = widgets.HTML()
        self.frame.add_class("candle-review-frame")
        self.buttons = widgets.VBox()
        self.widget = widgets.VBox([self.buttons, self.frame])

    def button(self, label: str, path: Path) -> widgets.Button:
        """A button that opens the review at ``path`` in the frame."""
        button = widgets.Button(description=label, icon="book-open", tooltip=str(path),
                                layout=widgets.Layout(width="auto", flex="0 0 auto"))
        button.add_class("candle-open-review")
        title = label.removeprefix("Open ")
        button.on_click(lambda _button: self.open(title[:1].upper() + title[1:], path))
        return button

    def open(self, label: str, path: Path) -> None:
        """Show the review at ``path`` in the frame (sandboxed: nothing in it can run)."""
        try:
            page = path.read_text(encoding="utf-8")
        except OSError as error:
            self.frame.value = (f"<p role='alert'>The review could not be opened "
                                f"({html.escape(error.strerror or str(error))}).</p>")
            return
        self.frame.value = (
            f"<p><strong>{html.escape(label)}</strong> <small>({html.escape(str(path))})</small></p>"
            f'<iframe title="{html.escape(label)}" sandbox="" srcdoc="{html.escape(page)}" '
            'style="width:100%;height:75vh;border:1px solid #bbb;background:#fff"></iframe>')


def shared_reviews_reader(workspace: Workspace, practitioner_id: str) -> widgets.Widget:
    """The practitioner's shared reviews, each a button that opens it on the page."""
    reviews = shared_reviews(workspace, practitioner_id)
    if not reviews:
        note = widgets.HTML("<p class='candle-shared-reviews-empty'>Your lead has not shared a "
                            "review with you yet. When they do, it appears here.</p>")
        return note
    reader = ReviewReader()
    reader.buttons.children = [reader.button(f"Open my review for {period}", path)
                               for period, path in reviews]
    return reader.widget
