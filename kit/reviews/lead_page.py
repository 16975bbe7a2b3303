"""The lead's reviews page: run the period's reviews, follow them, open and share each one.

One period for everything the page shows, opens and shares: the Period box (it starts as the
period under way, "this quarter so far"; a button offers the last full one). Changing it
redraws the rows for that period at once, and each row, its Open button and its Share box
name the period they act on.

No terminal needed: the page asks a :class:`kit.reviews.interface.ReviewService` (the workspace
interface: the folder here, the team's service on a hub) to run the reviews of the lead's
own practitioners and cohort, moves a progress bar as each review is made (or found
unchanged), shows each practitioner's status with a button that opens their review's
HTML on the page, and has a "Share with them" box per practitioner. A review made earlier that
shows records changed since (:mod:`kit.views.made_reviews`) has no button: its status asks
the lead to run the period's reviews again.
Widget callbacks only collect values and call the kit, then show its result.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace

import ipywidgets as widgets

from kit.errors import KitError
from kit.model.periods import Period, current_period, parse_period, period_choices
from kit.reviews.folder import FolderReviews
from kit.reviews.interface import ReviewService, ReviewState
from kit.reviews.jobs import ReviewResult
from kit.reviews.run import run_reviews
from kit.store.workspace import Person, Workspace
from kit.views.shared_reviews import ReviewReader

STATUS_WORDS = {"made": "Review made", "unchanged": "Up to date (nothing changed)",
                "failed": "Could not be made", "waiting": "Waiting to run",
                "earlier": "Made earlier", "none": "Not made yet",
                "outdated": "Records it shows have changed since: run this period's reviews again"}


def earlier_status(state: ReviewState) -> str:
    """The status word of a review found made earlier (or not), before any run."""
    return "outdated" if state.outdated else "earlier" if state.made else "none"


def after(state: ReviewState, made: bool) -> ReviewState:
    """``state`` once a run has made the review (``made``: made, or found up to date) or not
    (then it is as it was)."""
    return replace(state, made=True, outdated=False) if made else state


class PractitionerRow:
    """One practitioner's line for one period: name, status, link to the review, share box."""

    def __init__(self, page: LeadReviewsPage, practitioner_id: str, name: str) -> None:
        self.page, self.practitioner_id, self.name = page, practitioner_id, name
        self.period: Period = page.period  # the row acts on the period it was drawn for
        self.status = widgets.HTML()
        self.link = widgets.Box()
        self.share = widgets.Checkbox(description=f"Share the {self.period.name} review with {name}",
                                      indent=False,
                                      layout=widgets.Layout(width="auto"))  # the whole name shows
        self.share.add_class("candle-share")
        self.share.add_class(f"candle-share-{practitioner_id}")
        self.share.observe(self._share_changed, names="value")
        self._quiet = False
        self.state = ReviewState(practitioner_id, "practitioner", made=False)
        label = widgets.HTML(f"<strong>{html.escape(name)}</strong> ({html.escape(practitioner_id)})")
        for part, width in ((label, "14em"), (self.status, "16em"), (self.link, "auto")):
            part.layout.margin, part.layout.width, part.layout.flex = "0 1.5em 0 0", width, "0 0 auto"
        self.box = widgets.HBox([label, self.status, self.link, self.share],
                                layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
        self.box.add_class("candle-review-row")
        self.box.add_class(f"candle-review-row-{practitioner_id}")

    def show(self, status: str, message: str = "", state: ReviewState | None = None) -> None:
        """Show ``status`` (a key of STATUS_WORDS), the link when the review is made (``state``,
        default the last one shown), and the share box."""
        self.state = state or self.state
        words = STATUS_WORDS[status] + (f": {message}" if message else "")
        self.status.value = f"<span role='status'>{html.escape(words)}</span>"
        made, period = self.state.made, self.period.name
        self.link.children = [self.page.reader.button(f"Open {self.name}'s {period} review", period,
                                                      self.practitioner_id)
                              ] if made and not self.state.outdated else []
        self._quiet = True
        try:
            self.share.disabled = not made
            self.share.value = made and self.state.shared
        finally:
            self._quiet = False

    def _share_changed(self, change: dict) -> None:
        if not self._quiet:
            self.page.share(self, bool(change["new"]))


class LeadReviewsPage:
    """The widgets of the lead's reviews page (``widget`` to display it)."""

    def __init__(self, workspace: Workspace, lead_id: str, period: str | None = None,
                 jobs: int = 1, runner: Callable[..., object] = run_reviews,
                 reviews: ReviewService | None = None) -> None:
        """The page for ``lead_id``; ``workspace`` gives names and the review cadence, and
        ``reviews`` does the work (default: the workspace folder, with ``jobs`` and ``runner``).
        ``period`` defaults to the one under way."""
        self.workspace, self.lead_id = workspace, lead_id
        self.reviews: ReviewService = reviews or FolderReviews(
            workspace, lead_id, ("lead",), jobs=jobs, runner=runner)
        cadence = workspace.settings.review_period
        self.period: Period = parse_period(period) if period else current_period(cadence)
        self.period_box = widgets.Text(value=self.period.name, description="Period",
                                       placeholder="e.g. 2026-Q3 or 2026-09",
                                       continuous_update=False)  # read when Enter or Tab is pressed
        self.period_box.add_class("candle-review-period")
        self.period_box.observe(self._period_typed, names="value")
        self.choices = widgets.HBox([self._choice(words, choice)
                                     for words, choice in period_choices(cadence)])
        self.run_button = widgets.Button(description=self._run_words(),
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
        self.waiting: set[str] = set()  # rows with no result yet in the run under way
        self.cohort_link = widgets.Box()
        self.cohort = ReviewState(f"cohort-{lead_id}", "cohort", made=False)
        self.reader = ReviewReader(self.reviews)
        self.widget = widgets.VBox([widgets.HBox([self.period_box, self.run_button]), self.choices,
                                    widgets.HBox([self.progress, self.progress_text]),
                                    self.message, self.rows_box, self.cohort_link,
                                    self.reader.widget])
        self.widget.add_class("candle-lead-reviews")
        self._load_rows()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    def _choice(self, words: str, period: Period) -> widgets.Button:
        button = widgets.Button(description=f"{words}: {period.name}",
                                tooltip=f"Show the reviews of {period.label}",
                                layout=widgets.Layout(width="auto"))
        button.add_class("candle-period-choice")

        def choose(_button: widgets.Button) -> None:
            self.period_box.value = period.name  # the box's observer redraws the rows

        button.on_click(choose)
        return button

    def _run_words(self) -> str:
        return f"Run the {self.period.name} reviews"

    def _period_typed(self, change: dict) -> None:
        """Redraw the page for the period typed (or say why it is not one)."""
        try:
            period = parse_period(change["new"])
        except KitError as error:
            self._show_period(None)
            self._say(str(error), "error")
            return
        self._say("", "info")
        if period != self.period or not self.rows_box.children:
            self.period = period
            self._show_period(period)

    def _show_period(self, period: Period | None) -> None:
        """Draw the rows of ``period`` (None: no period, so no rows and nothing to run), and close
        any review of another period left open."""
        self.reader.close()
        self.run_button.disabled = period is None
        if period is None:
            self.rows, self.rows_box.children, self.cohort_link.children = {}, [], []
            return
        self.run_button.description = self._run_words()
        self._load_rows()

    def _load_rows(self) -> None:
        names = {person.id: person.name for person in self.workspace.settings.people}
        states = self._states()
        members = [state for state in states if state.kind == "practitioner"]
        self.rows = {s.subject: PractitionerRow(self, s.subject, names.get(s.subject, s.subject))
                     for s in members}
        self.rows_box.children = [row.box for row in self.rows.values()]
        self._show_states(states, earlier_status)
        self.progress.max, self.progress.value = len(members) + 1, 0
        self.progress_text.value = f"0 of {len(members) + 1} reviews (one each, and your cohort overview)"
        if states and not members:
            self._say(f"Nobody names you as their lead in {self.period.name}, so there is no "
                      "review to run.", "info")

    def _states(self) -> list[ReviewState]:
        try:
            return self.reviews.review_status(self.period.name)
        except KitError as error:
            self._say(str(error), "error")
            return []

    def _show_states(self, states: list[ReviewState], status: Callable[[ReviewState], str]) -> None:
        for state in states:
            if state.kind == "cohort":
                self._show_cohort_link(state)
            elif state.subject in self.rows:
                self.rows[state.subject].show(status(state), state=state)

    def _show_cohort_link(self, state: ReviewState) -> None:
        label = f"Open your cohort overview for {self.period.name}"
        self.cohort = state
        if state.made and not state.outdated:
            self.cohort_link.children = [self.reader.button(label, self.period.name, state.subject)]
        elif state.made:
            self.cohort_link.children = [widgets.HTML(
                f"<p role='status'>Your cohort overview for {html.escape(self.period.name)} shows "
                "records that have changed since it was made: run this period's reviews again.</p>")]
        else:
            self.cohort_link.children = []

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
        if period != self.period or not self.rows_box.children:
            self.period = period
            self._show_period(period)
        for row in self.rows.values():
            row.show("waiting")
        self.waiting = set(self.rows)
        self.run_button.disabled = True
        self._say(f"Running the {self.period.name} reviews; this takes a few seconds each.", "info")
        try:
            results = self.reviews.run_reviews(self.period.name, on_result=self._on_result)
        except KitError as error:
            self._show_states([state for state in self._states() if state.subject in self.waiting],
                              earlier_status)
            self._say(str(error), "error")  # after: reading the states may say something too
            return
        finally:
            self.run_button.disabled = False
        failed = [result for result in results if result.status == "failed"]
        self._say(f"{len(failed)} review(s) could not be made; see the message beside each."
                  if failed else f"The {self.period.name} reviews are ready.",
                  "error" if failed else "ok")

    def _on_result(self, result: ReviewResult) -> None:
        self.progress.value = min(self.progress.value + 1, self.progress.max)
        self.progress_text.value = f"{self.progress.value} of {self.progress.max} reviews"
        made = result.status in ("made", "unchanged")
        if result.kind == "cohort":
            self._show_cohort_link(after(self.cohort, made))
        elif result.subject in self.rows:
            self.waiting.discard(result.subject)
            row = self.rows[result.subject]
            row.show(result.status, result.message, after(row.state, made))

    def share(self, row: PractitionerRow, shared: bool) -> None:
        """Share (or take back) ``row``'s review (of the row's period) and say what happened."""
        period = row.period.name
        try:
            share = self.reviews.share_review(row.practitioner_id, period, shared)
        except KitError as error:
            self._say(str(error), "error")
            row.show(earlier_status(row.state))
            return
        row.state = replace(row.state, made=True, shared=share.shared)
        self._say(f"{row.name} can now open their {period} review in My learning."
                  if shared else f"{row.name} no longer sees their {period} review.", "ok")


def open_lead_reviews(workspace: Workspace, lead_id: str, period: str | None = None,
                      reviews: ReviewService | None = None) -> LeadReviewsPage:
    """The lead's reviews page for ``period`` (default: the period under way)."""
    return LeadReviewsPage(workspace, lead_id, period, reviews=reviews)


def lead_reviews(workspace: Workspace, person: Person,
                 reviews: ReviewService | None = None) -> LeadReviewsPage | widgets.HTML:
    """The reviews page for ``person`` (through ``reviews``, default the workspace folder),
    or a note saying the page is for lead practitioners (either one displays itself)."""
    if "lead" not in person.kinds:
        return widgets.HTML("<p>This page is for lead practitioners: it runs the reviews of the "
                            f"practitioners they support. You are signed in as {html.escape(person.name)}, "
                            "who supports nobody as a lead, so there is nothing to run here.</p>")
    return open_lead_reviews(workspace, person.id, reviews=reviews)
