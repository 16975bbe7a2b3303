"""What a review notebook shows: each method is one cell's output (HTML or a chart).

Review templates call only these functions. Everything a practitioner wrote is
HTML-escaped, so no text can add markup or a link to the exported page. A review's heading
also reports the record versions its rows came from (:mod:`kit.reviews.shown`), so the page is
shown only while they may be.
Charts render as static SVG through vl-convert (no CDN, no widget).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import altair as alt
import pandas as pd
from IPython.display import HTML

from kit import __version__
from kit.charts import builders as charts
from kit.charts.svg import StaticChart
from kit.model import vocab
from kit.model.licence import EVENT_LABELS
from kit.model.periods import Period, parse_period
from kit.reviews import given
from kit.reviews.data import (
    JOINED,
    RATING_FIELDS,
    ReviewInputs,
    TableSource,
    all_profile_versions,
    cohort_inputs,
    day_values,
    licence_status,
    practitioner_inputs,
    rows_between,
    supported_in_period,
)
from kit.reviews.shown import shown_output, shown_versions
from kit.store.workspace import Workspace
from kit.tables.rows import own_rows
from kit.views.html_table import cell_text, html_table
from kit.views.learning import shared_notes

LATEST_PER_FOCUS_AREA = 3
DATE_FORMAT = "%d/%m/%Y"
CHART_FORMAT = "svg"
PAGE_STYLE = """<style>
.candle-review th, .candle-review td { text-align: left !important; }
.candle-review { font-family: 'Segoe UI', 'Helvetica Neue', Arial, sans-serif; max-width: 52rem; }
.candle-review table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
.candle-review th, .candle-review td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem;
  text-align: left; vertical-align: top; }
.candle-review blockquote { border-left: 3px solid #0072B2; margin: 0.4rem 0; padding: 0.2rem 0.8rem; }
.candle-review .muted { color: #555; }
</style>"""


def static_charts() -> None:
    """Render charts as SVG via vl-convert (no CDN, works in HTML exports and papermill)."""
    alt.renderers.enable(CHART_FORMAT)
    charts.use_house_theme()


def _day(value: object) -> str:
    day = pd.to_datetime(value, errors="coerce")
    return "" if pd.isna(day) else f"{day:{DATE_FORMAT}}"


def _block(inner: str) -> HTML:
    return HTML(_page_part(inner))


def _page_part(inner: str) -> str:
    return f'{PAGE_STYLE}<div class="candle-review">{inner}</div>'


def _table(headers: list[str], rows: list[list[object]], empty: str) -> str:
    return html_table(headers, rows) if rows else f'<p class="muted">{cell_text(empty)}</p>'


def _open(workspace: str | Path | Workspace) -> Workspace:
    return workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)


@dataclass
class _Review:
    """A review for one period, built only from its ``inputs`` (rows and settings)."""

    inputs: ReviewInputs
    _made: dict[str, pd.DataFrame] = field(default_factory=dict, init=False, repr=False)

    @property
    def period(self) -> Period:
        """The period reviewed."""
        return self.inputs.period

    @property
    def subject(self) -> str:
        """Whose review: the practitioner's id, or the lead's for a cohort."""
        return self.inputs.subject

    def _heading(self, inner: str) -> HTML:
        """The heading's output, reporting the versions the review's rows came from."""
        return shown_output(_page_part(inner), shown_versions(self.inputs.frames))


class PractitionerReview(_Review):
    """One practitioner's review for one period, built from their rows only."""

    @property
    def practitioner_id(self) -> str:
        """The practitioner reviewed."""
        return self.subject

    def _focus_labels(self) -> dict[str, str]:
        areas = self.inputs["focus_areas"]
        return dict(zip(areas["entity_id"].astype(str), areas["label"].astype(str), strict=True))

    def _links(self) -> pd.DataFrame:
        """One row per (reflection, focus area) with the label and the period's name (made
        once a review: three of its parts use it; none changes it)."""
        if "_links" not in self._made:
            self._made["_links"] = self._make_links()
        return self._made["_links"]

    def _make_links(self) -> pd.DataFrame:
        links = self.inputs["reflection_focus_areas"].merge(
            self.inputs["reflections"][["record_id", "reflection_date"]], on="record_id")
        labels = self._focus_labels()
        days = day_values(links["reflection_date"])
        in_period = days.map(lambda d: d in self.period)
        return pd.DataFrame({
            "record_id": links["record_id"],
            "focus_area": links["focus_area_id"].map(lambda i: labels.get(str(i), "(closed or removed)")),
            "period": in_period.map({True: self.period.name, False: self.period.previous().name}),
            "reflection_date": days,
        })

    def heading(self) -> HTML:
        """Who and which period; what the review is (and is not)."""
        profiles = self.inputs["profiles"]
        name = profiles["display_name"].iloc[-1] if len(profiles) else self.practitioner_id
        return self._heading(
            f"<h1>Review: {cell_text(name)} ({cell_text(self.practitioner_id)})</h1>"
            f"<p>Period {cell_text(self.period.label)}; "
            f"compared with {cell_text(self.period.previous().name)}. {self._joined_words()}"
            f"Made by the Mini Candle kit {cell_text(__version__)} from this practitioner's own records "
            "only. It shows learning and activity; it does not score, grade or rank.</p>")

    def joined_on(self) -> date | None:
        """The day the practitioner started (:func:`kit.reviews.data.joined_dates`), if known."""
        days = self.inputs[JOINED]["joined_on"].dropna() if JOINED in self.inputs.frames else []
        return days.iloc[0] if len(days) else None

    def _joined_words(self) -> str:
        joined = self.joined_on()
        if joined is None or joined not in self.period:
            return ""
        return (f"<strong>Joined on {joined:{DATE_FORMAT}}</strong>, within this period: nothing "
                "of theirs comes before that day. ")

    def licence(self) -> HTML:
        """The licence's status at the end of the period and its renewal date."""
        events = self.inputs["licence_events"]
        status, renewal = licence_status(events, self.period, self.inputs.renewal_months)
        rows = [[_day(row.event_date), EVENT_LABELS.get(row.event, row.event), row.reason]
                for row in events.sort_values("event_date").itertuples()]
        due = f" Renewal date: {renewal:{DATE_FORMAT}}." if renewal else ""
        return _block(f"<p><strong>Status at {self.period.end:{DATE_FORMAT}}: {cell_text(status)}.</strong>"
                      f"{cell_text(due)}</p>"
                      + _table(["Date", "Event", "Reason"], rows, "No licence events are recorded."))

    def licence_chart(self) -> StaticChart:
        """The licence's events on a time line."""
        events = self.inputs["licence_events"]
        _, renewal = licence_status(events, self.period, self.inputs.renewal_months)
        frame = pd.DataFrame({"date": events["event_date"], "event": events["event"]})
        return StaticChart(charts.licence_timeline(frame, today=self.period.end,
                                                          renewal=renewal,
                                                          today_label="End of period"))

    def plan(self) -> HTML:
        """The micro-project and the focus areas."""
        projects = self.inputs["micro_projects"]
        project_rows = [[row.title, row.project_type, row.idea] for row in projects.itertuples()]
        # by the day opened, then by label (areas opened on one day in the same order every time)
        areas = self.inputs["focus_areas"].sort_values(["opened_on", "label"], kind="stable")
        area_rows = [[row.label, row.focus_kind, row.status, _day(row.opened_on), row.aim]
                     for row in areas.itertuples()]
        return _block(
            "<h3>Micro-project</h3>"
            + _table(["Title", "Type", "Idea"], project_rows, "No micro-project is recorded.")
            + "<h3>Focus areas</h3>"
            + _table(["Focus area", "Kind", "Status", "Opened", "Aim"], area_rows,
                     "No focus areas are recorded."))

    def reflections_chart(self) -> StaticChart:
        """Reflections per focus area, this period against the previous."""
        return StaticChart(charts.reflections_per_focus_area(self._links()[["focus_area", "period"]]))

    def tags_chart(self) -> StaticChart:
        """Concept tags used per focus area this period."""
        links = self._links()
        links = links[links["period"] == self.period.name]
        tags = self.inputs["reflection_tags"][["record_id", "tag"]].merge(links, on="record_id")
        tags["tag"] = tags["tag"].map(vocab.load("concept_tags").label_of)
        return StaticChart(charts.tags_per_focus_area(tags[["focus_area", "tag"]]))

    def activity_chart(self) -> StaticChart:
        """Learning Journey steps and support contacts per month."""
        steps = self.inputs["journey_steps"]
        contacts = self.inputs["support_contacts"]
        events = pd.concat([
            pd.DataFrame({"date": steps["step_date"], "activity": "Learning Journey step"}),
            pd.DataFrame({"date": contacts["contact_date"], "activity": "Support contact"}),
        ], ignore_index=True)
        return StaticChart(charts.activity_over_time(events))

    def activity_summary(self) -> HTML:
        """How many steps and contacts in the period, and the steps taken."""
        steps = self.inputs["journey_steps"]
        steps = rows_between(steps, "step_date", self.period.start, self.period.end)
        contacts = self.inputs["support_contacts"]
        contacts = rows_between(contacts, "contact_date", self.period.start, self.period.end)
        levels, names = vocab.load("journey_levels"), vocab.load("journey_steps")
        rows = [[_day(row.step_date), levels.label_of(row.level), names.label_of(row.step)]
                for row in steps.sort_values("step_date").itertuples()]
        minutes = int(contacts["minutes"].sum()) if len(contacts) else 0
        return _block(f"<p>In this period: {len(steps)} Learning Journey step(s); {len(contacts)} "
                      f"support contact(s), {minutes} minutes in all.</p>"
                      + _table(["Date", "Level", "Step"], rows, "No steps in this period."))

    def ratings_chart(self) -> StaticChart:
        """The practitioner's own ratings, as given (the kit computes none)."""
        reflections = self.inputs["reflections"]
        parts = [pd.DataFrame({"date": reflections["reflection_date"], "measure": label,
                               "rating": reflections[column]})
                 for column, label in RATING_FIELDS.items() if column in reflections]
        ratings = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            columns=["date", "measure", "rating"])
        return StaticChart(charts.self_ratings_over_time(ratings.dropna(subset=["rating"])))

    def own_words(self, latest: int = LATEST_PER_FOCUS_AREA) -> HTML:
        """The latest few reflections per focus area this period, in the practitioner's words.

        Only reflections the practitioner let their lead see are here at all.
        """
        links = self._links()
        links = links[links["period"] == self.period.name]
        if links.empty:
            return _block('<p class="muted">No reflections shared with the lead in this period.</p>')
        answers = dict(iter(self.inputs["reflection_answers"].groupby("record_id", sort=False)))
        reflections = self.inputs["reflections"].set_index("record_id")
        parts = []
        for area, group in sorted(links.groupby("focus_area"), key=lambda item: str(item[0])):
            newest = group.sort_values(["reflection_date", "record_id"], ascending=False).head(latest)
            parts.append(f"<h3>{cell_text(area)}</h3>")
            for row in newest.itertuples():
                template = str(reflections.loc[row.record_id, "template"])
                prompts = {p.id: p.label for p in vocab.reflection_prompts(template)}
                mine = answers.get(row.record_id)
                quoted = "" if mine is None else "".join(
                    f"<p><em>{cell_text(prompts.get(a.prompt_id, a.prompt_id))}</em>"
                    f"<br>{cell_text(a.answer)}</p>"
                    for a in mine.sort_values("prompt_order").itertuples()
                    if str(a.answer or "").strip())
                parts.append(f"<p><strong>{_day(row.reflection_date)}</strong></p>"
                             f"<blockquote>{quoted}</blockquote>")
        return _block("".join(parts))

    def lead_notes(self) -> HTML:
        """The lead's notes for this period that the lead shared with the practitioner.

        Notes marked as not shared are not in the review's rows at all (:mod:`kit.reviews.data`):
        the review may be handed to the practitioner.
        """
        notes = shared_notes(self.inputs["review_notes"], self.inputs.names, self.period)
        rows = [[row.period, _day(row.written_on), row.author, row.note]
                for row in notes.rename(columns={"from": "author"}).itertuples()]
        return _block(_table(["Period", "Written", "From", "Note"], rows,
                             "No shared notes from the lead for this period yet.")
                      + '<p class="muted">Notes the lead kept to themselves are not shown.</p>')


class CohortReview(_Review):
    """A lead's overview of the practitioners they support in one period."""

    def _ids(self) -> list[str]:
        return sorted(self.inputs["cohort"]["practitioner_id"].astype(str))

    def _status(self) -> pd.DataFrame:
        events = self.inputs["licence_events"]
        rows = []
        for pid in self._ids():
            status, renewal = licence_status(own_rows(events, pid), self.period,
                                             self.inputs.renewal_months)
            rows.append({"practitioner_id": pid, "status": status, "renewal": renewal})
        return pd.DataFrame(rows, columns=["practitioner_id", "status", "renewal"])

    def heading(self) -> HTML:
        """Whose cohort and which period; what the overview is (and is not)."""
        lead = self.subject
        return self._heading(
            f"<h1>Cohort overview: {cell_text(lead)}</h1>"
            f"<p>Period {cell_text(self.period.label)}. {len(self._ids())} practitioner(s) supported in "
            "this period, listed alphabetically by id. It shows activity; it never ranks anyone.</p>")

    def status(self) -> HTML:
        """Who is active, paused or due to renew."""
        names = self.inputs.names
        rows = [[row.practitioner_id, names.get(row.practitioner_id, ""), row.status,
                 f"{row.renewal:{DATE_FORMAT}}" if isinstance(row.renewal, date) else ""]
                for row in self._status().itertuples()]
        return _block(_table(["Practitioner", "Name", "Status", "Renewal date"], rows,
                             "Nobody is supported in this period."))

    def status_chart(self) -> StaticChart:
        """Licence status per practitioner."""
        return StaticChart(charts.cohort_status(self._status()[["practitioner_id", "status"]]))

    def _activity(self) -> pd.DataFrame:
        parts = [
            pd.DataFrame({"practitioner_id": self.inputs["reflections"]["practitioner_id"],
                          "activity": "Reflections"}),
            pd.DataFrame({"practitioner_id": self.inputs["journey_steps"]["practitioner_id"],
                          "activity": "Learning Journey steps"}),
            pd.DataFrame({"practitioner_id": self.inputs["support_contacts"]["practitioner_id"],
                          "activity": "Support contacts"}),
        ]
        return pd.concat(parts, ignore_index=True)

    def activity_chart(self) -> StaticChart:
        """Activity per practitioner, alphabetically by id."""
        return StaticChart(charts.activity_per_practitioner(self._activity()))

    def activity_table(self) -> HTML:
        """The same counts as a table, alphabetically by id (nobody is ranked)."""
        counts = self._activity().groupby(["practitioner_id", "activity"]).size().unstack(fill_value=0)
        kinds = ["Reflections", "Learning Journey steps", "Support contacts"]
        rows = [[pid, *[int(counts.loc[pid, k]) if pid in counts.index and k in counts else 0
                        for k in kinds]] for pid in self._ids()]
        return _block(_table(["Practitioner", *kinds], rows, "Nobody is supported in this period."))

    def focus_kind_chart(self) -> StaticChart:
        """Reflections per kind of focus area."""
        areas = self.inputs["focus_areas"][["entity_id", "focus_kind"]]
        links = self.inputs["reflection_focus_areas"].merge(
            areas, left_on="focus_area_id", right_on="entity_id", how="left")
        links = links[["record_id", "focus_kind"]].fillna({"focus_kind": "(removed)"})
        return StaticChart(charts.activity_per_focus_kind(links))

    def tags_chart(self) -> StaticChart:
        """Concept tags across the cohort, alphabetically."""
        tags = self.inputs["reflection_tags"]["tag"].map(vocab.load("concept_tags").label_of)
        return StaticChart(charts.cohort_tags(pd.DataFrame({"tag": tags})))


def practitioner_review(workspace: str | Path | Workspace, period: str | Period,
                        practitioner_id: str) -> PractitionerReview:
    """Load one practitioner's review (their rows only) and switch charts to static SVG.

    Drawn from the inputs handed to this kernel when a review run executes it
    (:mod:`kit.reviews.given`), else read from ``workspace``."""
    static_charts()
    the_period = parse_period(period)
    inputs = given.take("practitioner", practitioner_id, the_period.name)
    if inputs is None:
        inputs = practitioner_inputs(TableSource(_open(workspace)), practitioner_id, the_period)
    return PractitionerReview(inputs)


def cohort_members(workspace: Workspace, lead_id: str, period: Period) -> list[str]:
    """Practitioners ``lead_id`` supports at any time in ``period``."""
    return supported_in_period(all_profile_versions(workspace), lead_id, period)


def cohort_review(workspace: str | Path | Workspace, period: str | Period, lead_id: str
                  ) -> CohortReview:
    """Load a lead's cohort overview (their practitioners' rows only) with static charts;
    drawn from the inputs handed over, as :func:`practitioner_review` is."""
    static_charts()
    the_period = parse_period(period)
    inputs = given.take("cohort", lead_id, the_period.name)
    if inputs is None:
        ws = _open(workspace)
        inputs = cohort_inputs(TableSource(ws), cohort_members(ws, lead_id, the_period), lead_id,
                               the_period)
    return CohortReview(inputs)
