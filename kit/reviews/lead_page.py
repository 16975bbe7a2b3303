"""The lead's reviews page: run the period's reviews, follow them, open and share each one.

No terminal needed: the page runs :func:`kit.reviews.run.run_reviews` for the lead's
own practitioners and cohort, moves a progress bar as each review is made (or found
unchanged), shows each practitioner's status with a button that opens their review's
HTML on the page (with the file's place), and has a "Share with them" box per
practitioner (:mod:`kit.reviews.sharing`).
Widget callbacks only collect values and call the kit, then show its result.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from kit.errors import KitError
from kit.model.periods import Period, parse_period, review_period
from kit.reviews.jobs import ReviewResult
from kit.reviews.pages import cohort_members
from kit.reviews.run import run_reviews
from kit.reviews.sharing import is_shared, share_review
from kit.store.workspace import Workspace
from kit.views.shared_reviews import ReviewReader, review_html

STATUS_WORDS = {"made": "Review made", "unchanged": "Up to date (nothing changed)",
                "failed": "Could not be made", "waiting": "Waiting to run",
                "earlier": "Made earlier", "none": "Not made yet"}


class PractitionerRow:
    """One practitioner's line: name, status, link to the review, and the share box."""

    def __init__(self, page: LeadReviewsPage, practitioner_id: str, name: str) -> None:
        self.page, self.practitioner_id, self.name = page, practitioner_id, name
        self.status = widgets.HTML()
        self.link = widgets.Box()
        self.share = widgets.Checkbox(description=f"Share with {name}", indent=False,
                                      layout=widgets.Layout(width="auto"))  # the whole name shows
        self.share.add_class("candle-share")
        self.share.add_class(f"candle-share-{practitioner_id}")
        self.share.observe(self._share_changed, names="value")
        self._quiet = False
        label = widgets.HTML(f"<strong>{html.escape(name)}</strong> ({html.escape(practitioner_id)})")
        for part, width in ((label, "14em"), (self.status, "16em"), (self.link, "auto")):
            part.layout.margin, part.layout.width, part.layout.flex = "0 1.5em 0 0", width, "0 0 auto"
        self.box = widgets.HBox([label, self.status, self.link, self.share],
                                layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
        self.box.add_class("candle-review-row")
        self.box.add_class(f"candle-review-row-{practitioner_id}")

    def show(self, status: str, message: str = "") -> None:
        """Show ``status`` (a key of STATUS_WORDS), the link when the HTML exists, the share box."""
        words = STATUS_WORDS[status] + (f": {message}" if message else "")
        self.status.value = f"<span role='status'>{html.escape(words)}</span>"
        path = review_html(self.page.workspace, self.page.period.name, self.practitioner_id)
        made = path.is_file()
        self.link.children = [self.page.reader.button(f"Open {self.name}'s review", path)] if made else []
        self._quiet = True
        try:
            self.share.disabled = not made
            self.share.value = made and is_shared(self.page.workspace, self.practitioner_id,
                                                  self.page.period.name)
        finally:
            self._quiet = False

    def _share_changed(self, change: dict) -> None:
        if not self._quiet:
            self.page.share(self, bool(change["new"]))


class LeadReviewsPage:
    """The widgets of the lead's reviews page (``widget`` to display it)."""

    def __init__(self, workspace: Workspace, lead_id: str, period: str | None = None,
                 jobs: int = 1, runner: Callable[..., object] = run_reviews) -> None:
        self.workspace, self.lead_id, self.jobs, self.runner = workspace, lead_id, jobs, runner
        self.period: Period = review_period(period, workspace.settings.review_period)
        self.period_box = widgets.Text(value=self.period.name, description="Period",
                                       placeholder="e.g. 2026-Q3 or 2026-09")
        self.period_box.add_class("candle-review-period")
        self.run_button = widgets.Button(description="Run this period's reviews",
                                         button_style="primary", icon="play",
                                         layout=widgets.Layout(width="auto"))
        self.run_button.add_class("candle-run-reviews")
        self.run_button.on_click(lambda _button: self.run())
        self.progress = widgets.IntProgress(min=0, max=1, value=0, description="Progress")
        self.progress.add_class("candle-review-progress")
        self.progress_text = widgets.HTML()
        self.message = widgets.HTML()
        self.rows_box = widgets.VBox()
        self.rows: dict[str, PractitionerRow] = {}
        self.cohort_link = widgets.Box()
        self.reader = ReviewReader()
        self.widget = widgets.VBox([widgets.HBox([self.period_box, self.run_button]),
                                    widgets.HBox([self.progress, self.progress_text]),
                                    self.message, self.rows_box, self.cohort_link,
                                    self.reader.widget])
        self.widget.add_class("candle-lead-reviews")
        self._load_rows()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    def _load_rows(self) -> None:
        names = {person.id: person.name for person in self.workspace.settings.people}
        members = cohort_members(self.workspace, self.lead_id, self.period)
        self.rows = {pid: PractitionerRow(self, pid, names.get(pid, pid)) for pid in members}
        self.rows_box.children = [row.box for row in self.rows.values()]
        for pid, row in self.rows.items():
            made = review_html(self.workspace, self.period.name, pid).is_file()
            row.show("earlier" if made else "none")
        self.progress.max, self.progress.value = len(members) + 1, 0
        self.progress_text.value = f"0 of {len(members) + 1} reviews (one each, and your cohort overview)"
        self._show_cohort_link()
        if not members:
            self._say(f"Nobody names you as their lead in {self.period.name}, so there is no "
                      "review to run.", "info")

    def _show_cohort_link(self) -> None:
        path = review_html(self.workspace, self.period.name, f"cohort-{self.lead_id}")
        label = f"Open your cohort overview for {self.period.name}"
        self.cohort_link.children = [self.reader.button(label, path)] if path.is_file() else []

    def _say(self, text: str, tone: str) -> None:
        colour = {"error": "#b00020", "ok": "#1b5e20"}.get(tone, "#333333")
        role = "alert" if tone == "error" else "status"
        self.message.value = f"<span role='{role}' style='color:{colour}'>{html.escape(text)}</span>"

    def run(self) -> None:
        """Run the period's reviews for the lead's practitioners and cohort."""
        try:
            period = parse_period(self.period_box.value)
        except KitError as error:
            self._say(str(error), "error")
            return
        if period != self.period:
            self.period = period
            self._load_rows()
        for row in self.rows.values():
            row.show("waiting")
        self.run_button.disabled = True
        self._say(f"Running the {self.period.name} reviews; this takes a few seconds each.", "info")
        try:
            report = self.runner(self.workspace, self.period.name, lead_id=self.lead_id,
                                 jobs=self.jobs, progress=False, on_result=self._on_result)
        except KitError as error:
            self._say(str(error), "error")
            return
        finally:
            self.run_button.disabled = False
        failed = report.with_status("failed")  # type: ignore[attr-defined]
        self._say(f"{len(failed)} review(s) could not be made; see the message beside each."
                  if failed else f"The {self.period.name} reviews are ready.",
                  "error" if failed else "ok")

    def _on_result(self, result: ReviewResult) -> None:
        self.progress.value = min(self.progress.value + 1, self.progress.max)
        self.progress_text.value = f"{self.progress.value} of {self.progress.max} reviews"
        if result.kind == "cohort":
            self._show_cohort_link()
        elif result.subject in self.rows:
            self.rows[result.subject].show(result.status, result.message)

    def share(self, row: PractitionerRow, shared: bool) -> None:
        """Share (or take back) ``row``'s review and say what happened."""
        try:
            share_review(self.workspace, self.lead_id, row.practitioner_id, self.period.name, shared)
        except KitError as error:
            self._say(str(error), "error")
            row.show("earlier")
            return
        self._say(f"{row.name} can now open their {self.period.name} review in My learning."
                  if shared else f"{row.name} no longer sees their {self.period.name} review.", "ok")


def open_lead_reviews(workspace: Workspace, lead_id: str, period: str | None = None
                      ) -> LeadReviewsPage:
    """The lead's reviews page for ``period`` (default: the last complete review period)."""
    return LeadReviewsPage(workspace, lead_id, period)


def show(workspace: Workspace | str | Path | None = None, user_id: str | None = None) -> None:
    """Display the reviews page for the current user (or say why it is only for leads)."""
    from IPython.display import HTML, display

    from kit.views.header import context, problem_html

    try:
        ws, person = context(workspace if not isinstance(workspace, Path) else str(workspace), user_id)
    except KitError as error:  # no workspace or an unknown user: say so, never a traceback
        display(HTML(problem_html(error)))
        return
    if "lead" not in person.kinds:
        display(HTML("<p>This page is for lead practitioners: it runs the reviews of the "
                     f"practitioners they support. You are signed in as {html.escape(person.name)}, "
                     "who supports nobody as a lead, so there is nothing to run here.</p>"))
        return
    display(open_lead_reviews(ws, person.id).widget)
