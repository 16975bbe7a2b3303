"""Data for "My learning" and for a lead's roster, read through :mod:`kit.tables.compiler`.

Two layers:

- pure functions (``reflection_counts``, ``tags_used``, ...) take the tidy
  tables as DataFrames and return small, already aggregated DataFrames;
- ``my_*`` / ``roster`` loaders open the tables of a workspace for one user
  and call them.

Nothing here scores, grades or ranks anyone. Self-ratings are the
practitioner's own and are shown only to them; a lead sees dates, never content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from kit.errors import ReviewError
from kit.model import licence, vocab
from kit.model.dates import latest_today
from kit.model.periods import Period, parse_period
from kit.model.support import SupportRole, supported_by
from kit.store.workspace import Workspace
from kit.tables.reading import in_use_mask, shared_rows
from kit.tables.rows import own_rows
from kit.views import site

NO_FOCUS_AREA = "(focus area no longer in use)"
SEVERAL_FOCUS_AREAS = "(several focus areas)"
RATING_LABELS = {"self_understanding": "My understanding", "self_confidence": "My confidence"}
LICENCE_EVENT_LABELS = licence.EVENT_LABELS  # the licence's words are defined once, there
NO_LICENCE = licence.NO_LICENCE


def as_dates(values: pd.Series) -> pd.Series:
    """A column of dates (date objects, strings or timestamps) as datetime64, day precision."""
    return pd.to_datetime(values, errors="coerce").dt.normalize()


def focus_area_labels(focus_areas: pd.DataFrame) -> dict[str, str]:
    """Focus-area entity id -> the label the practitioner chose."""
    return dict(zip(focus_areas["entity_id"], focus_areas["label"], strict=True))


def reflection_counts(reflections: pd.DataFrame, links: pd.DataFrame,
                      focus_areas: pd.DataFrame) -> pd.DataFrame:
    """Reflections a month by focus area: columns ``month``, ``focus_area``, ``reflections``.

    ``links`` is the ``reflection_focus_areas`` table. Each reflection is counted once:
    one about several focus areas is counted under :data:`SEVERAL_FOCUS_AREAS`, so the
    counts add up to the number of reflections (as on Start here).
    """
    columns = ["month", "focus_area", "reflections"]
    if reflections.empty:
        return pd.DataFrame(columns=columns)
    dated = reflections[["record_id", "reflection_date"]].drop_duplicates("record_id").assign(
        month=lambda df: as_dates(df["reflection_date"]).dt.to_period("M").dt.to_timestamp()
    )
    labels = focus_area_labels(focus_areas)
    mine = links.loc[links["record_id"].isin(dated["record_id"]), ["record_id", "focus_area_id"]]
    named = mine.drop_duplicates().assign(
        label=lambda df: df["focus_area_id"].map(labels).fillna(NO_FOCUS_AREA))
    per_reflection = named.groupby("record_id")["label"].agg(
        lambda found: found.iloc[0] if len(found) == 1 else SEVERAL_FOCUS_AREAS)
    dated["focus_area"] = dated["record_id"].map(per_reflection).fillna(NO_FOCUS_AREA)
    counts = dated.groupby(["month", "focus_area"]).size().reset_index(name="reflections")
    return counts.sort_values(["month", "focus_area"], ignore_index=True)[columns]


def tags_used(tags: pd.DataFrame) -> pd.DataFrame:
    """How many of my reflections carry each tag: ``tag``, ``label``, ``group``, ``reflections``."""
    columns = ["tag", "label", "group", "reflections"]
    if tags.empty:
        return pd.DataFrame(columns=columns)
    concept_tags = vocab.load("concept_tags")
    groups = {choice.id: choice.group for choice in concept_tags.choices}
    counts = tags.groupby("tag")["record_id"].nunique().reset_index(name="reflections")
    counts["label"] = counts["tag"].map(concept_tags.label_of)
    counts["group"] = counts["tag"].map(groups).fillna("")
    return counts.sort_values(["reflections", "label"], ascending=[False, True],
                              ignore_index=True)[columns]


def self_ratings(reflections: pd.DataFrame) -> pd.DataFrame:
    """My own 1-5 ratings over time, long: ``date``, ``measure``, ``rating``.

    Only ratings the practitioner chose to give; an empty frame when none.
    """
    columns = ["date", "measure", "rating"]
    present = [name for name in RATING_LABELS if name in reflections.columns]
    if reflections.empty or not present:
        return pd.DataFrame(columns=columns)
    long = reflections[["reflection_date", *present]].melt(
        id_vars="reflection_date", var_name="measure", value_name="rating"
    ).dropna(subset=["rating"])
    long["date"] = as_dates(long["reflection_date"])
    long["measure"] = long["measure"].map(RATING_LABELS)
    long["rating"] = long["rating"].astype(int)
    return long.sort_values(["date", "measure"], ignore_index=True)[columns]


def licence_timeline(events: pd.DataFrame) -> pd.DataFrame:
    """My licence events in date order: ``date``, ``event``, ``label``, ``reason``."""
    columns = ["date", "event", "label", "reason"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    timeline = events[["event_date", "event", "reason"]].copy()
    timeline["date"] = as_dates(timeline["event_date"])
    timeline["label"] = timeline["event"].map(LICENCE_EVENT_LABELS).fillna(timeline["event"])
    timeline["reason"] = timeline["reason"].fillna("")
    return timeline.sort_values("date", kind="stable", ignore_index=True)[columns]


def notes_in_period(notes: pd.DataFrame, period: Period | str) -> pd.DataFrame:
    """The review notes of ``notes`` about ``period``: those whose own period shares a day
    with it (a note whose period cannot be read is about none). Row labels kept."""
    about = parse_period(period)
    return notes[[note_is_about(text, about) for text in notes["period"]]] if len(notes) else notes


def note_is_about(note_period: object, period: Period) -> bool:
    """Whether a review note whose own period is ``note_period`` (as written) is about
    ``period``: they share a day (a note whose period cannot be read is about none)."""
    try:
        return parse_period(str(note_period)).overlaps(period)
    except ReviewError:
        return False


def shared_notes(notes: pd.DataFrame, names: dict[str, str], period: Period | str | None = None
                 ) -> pd.DataFrame:
    """Review notes shared with the practitioner: ``period``, ``written_on``, ``from``, ``note``,
    the newest period first; with ``period``, only the notes about it (:func:`notes_in_period`).

    ``notes`` are compiled review-note rows; those the lead kept to themselves stay out
    (:func:`kit.tables.reading.shared_rows`). My learning's list and the lead's notes in a
    review both come from here, so they cannot disagree.
    """
    columns = ["period", "written_on", "from", "note"]
    if notes.empty:
        return pd.DataFrame(columns=columns)
    shared = shared_rows(notes, "review_notes")
    if period is not None:
        shared = notes_in_period(shared, period)
    result = pd.DataFrame({
        "period": shared["period"],
        "written_on": as_dates(pd.to_datetime(shared["created_at"], utc=True).dt.tz_localize(None)),
        "from": shared["author_id"].map(lambda pid: names.get(pid, pid)),
        "note": shared["text"],
    }, columns=columns)
    return result.sort_values(["period", "written_on"], ascending=False, ignore_index=True)[columns]


def last_reflection_dates(reflections: pd.DataFrame, practitioner_ids: list[str]) -> pd.Series:
    """Date of each practitioner's latest reflection shared with their lead (NaT if none):
    ``reflections`` are compiled rows, of which only those the read rule gives their lead
    count (:func:`kit.tables.reading.shared_rows`)."""
    shared = shared_rows(reflections, "reflections")
    latest = as_dates(shared["reflection_date"]).groupby(shared["practitioner_id"]).max()
    return latest.reindex(practitioner_ids)


def supported_practitioners(profiles: pd.DataFrame, supporter_id: str,
                            role: SupportRole = "lead") -> list[str]:
    """Practitioners whose current profile names ``supporter_id`` as their ``role`` (lead or link)."""
    return supported_by(profiles.itertuples(index=False), supporter_id, role)


def roster_frame(profiles: pd.DataFrame, reflections: pd.DataFrame, names: dict[str, str],
                 lead_id: str) -> pd.DataFrame:
    """The lead's roster, in name order: ``practitioner``, ``practitioner_id``, ``last_reflection``.

    Ordered by name, never by activity: the roster is a list, not a ranking.
    """
    ids = supported_practitioners(profiles, lead_id)
    roster = pd.DataFrame({
        "practitioner": [names.get(pid, pid) for pid in ids],
        "practitioner_id": ids,
        "last_reflection": last_reflection_dates(reflections, ids).to_numpy(),
    })
    return roster.sort_values(["practitioner", "practitioner_id"], ignore_index=True)


def orientation_frame(profiles: pd.DataFrame, reflections: pd.DataFrame, names: dict[str, str],
                      link_id: str) -> pd.DataFrame:
    """The Link practitioner's light-touch list, in name order: ``practitioner``,
    ``practitioner_id`` and ``started`` ('Yes' once they have a reflection in use, shared or
    private (:func:`kit.tables.reading.in_use_mask`: nothing of it is shown), else 'Not yet').

    Nothing more than whether each has started: no dates, no counts, never a ranking.
    """
    ids = supported_practitioners(profiles, link_id, role="link")
    begun = set(reflections.loc[in_use_mask(reflections), "practitioner_id"]) if len(reflections) else set()
    started = [pid in begun for pid in ids]
    frame = pd.DataFrame({
        "practitioner": [names.get(pid, pid) for pid in ids],
        "practitioner_id": ids,
        "started": ["Yes" if has_started else "Not yet" for has_started in started],
    })
    return frame.sort_values(["practitioner", "practitioner_id"], ignore_index=True)


# --- loaders: one workspace, one user ---------------------------------------------------------


def people_names(workspace: Workspace) -> dict[str, str]:
    """Person id -> display name, from the workspace settings."""
    return {person.id: person.name for person in workspace.settings.people}


def read(workspace: Workspace, table: str) -> pd.DataFrame:
    """The current rows of tidy ``table`` (through :func:`kit.tables.compiler.read_table`)."""
    from kit.tables import compiler as tables  # the tables module imports pyarrow; only loaders need it

    return tables.read_table(workspace, table)


def _mine(workspace: Workspace, table: str, user_id: str) -> pd.DataFrame:
    return own_rows(read(workspace, table), user_id)


def my_reflection_counts(workspace: Workspace, user_id: str) -> pd.DataFrame:
    """:func:`reflection_counts` for ``user_id``'s current reflections."""
    return reflection_counts(_mine(workspace, "reflections", user_id),
                             _mine(workspace, "reflection_focus_areas", user_id),
                             _mine(workspace, "focus_areas", user_id))


def my_tags(workspace: Workspace, user_id: str) -> pd.DataFrame:
    """:func:`tags_used` for ``user_id``'s current reflections."""
    return tags_used(_mine(workspace, "reflection_tags", user_id))


def my_self_ratings(workspace: Workspace, user_id: str) -> pd.DataFrame:
    """:func:`self_ratings` for ``user_id``'s current reflections."""
    return self_ratings(_mine(workspace, "reflections", user_id))


def my_licence_timeline(workspace: Workspace, user_id: str) -> pd.DataFrame:
    """:func:`licence_timeline` for ``user_id``."""
    return licence_timeline(_mine(workspace, "licence_events", user_id))


def licence_steps(timeline: pd.DataFrame) -> list[licence.Event]:
    """The steps of a :func:`licence_timeline`, as the licence's state machine sees them."""
    return [licence.Event(str(event), day.date())
            for event, day in zip(timeline["event"], timeline["date"], strict=True)]


def licence_marks(timeline: pd.DataFrame, renewal_months: int) -> tuple[date, date | None]:
    """Today, and when the current term of a :func:`licence_timeline` is due to renew (None
    before it is granted; a renewal planned after today does not move it)."""
    today = latest_today()
    return today, licence.renewal_date(licence.as_of(licence_steps(timeline), today), renewal_months)


def _my_steps(workspace: Workspace, user_id: str) -> list[licence.Event]:
    return licence_steps(my_licence_timeline(workspace, user_id))


def my_licence(workspace: Workspace, user_id: str) -> tuple[pd.DataFrame, date, date | None]:
    """``user_id``'s :func:`licence_timeline` with its :func:`licence_marks` (today and the
    renewal date), from one read of the licence events."""
    timeline = my_licence_timeline(workspace, user_id)
    return timeline, *licence_marks(timeline, workspace.settings.renewal_months)


def my_review_notes(workspace: Workspace, user_id: str) -> pd.DataFrame:
    """Review notes ``user_id``'s lead shared with them (:func:`shared_notes`)."""
    return shared_notes(_mine(workspace, "review_notes", user_id), people_names(workspace))


def roster(workspace: Workspace, lead_id: str) -> pd.DataFrame:
    """The practitioners ``lead_id`` supports, with the date of each one's last reflection."""
    return roster_frame(read(workspace, "profiles"),
                        read(workspace, "reflections"),
                        people_names(workspace), lead_id)


def oriented(workspace: Workspace, link_id: str) -> pd.DataFrame:
    """The practitioners ``link_id`` orients, and whether each has started."""
    return orientation_frame(read(workspace, "profiles"), read(workspace, "reflections"),
                             people_names(workspace), link_id)


@dataclass(frozen=True)
class Summary:
    """Where a user stands in a workspace, for the "Start here" notebook."""

    name: str
    user_id: str
    kinds: list[str]
    workspace_name: str
    workspace_root: str
    licence_status: str  # as of today, with any planned decision: 'active (paused from ...)'
    active_focus_areas: list[str]
    reflections: int
    practitioners_supported: int
    next_steps: list[str]
    kept_by: str | None = None  # on a hub, the candle service's URL: it keeps the records


def _on(notebook: str) -> str:
    """A link to the page ``notebook``, from Start here (Markdown)."""
    return site.link_markdown(site.page(notebook))


def next_steps(licence_status: str, active_focus_areas: int, reflections: int,
               kinds: list[str], has_profile: bool = True) -> list[str]:
    """Plain-language suggestions of what to do next (Markdown), each with a link to the page
    that does it, from Start here; ``has_profile``: whether the practitioner saved My profile."""
    steps: list[str] = []
    if "practitioner" in kinds:
        steps += _practitioner_steps(licence_status, active_focus_areas, reflections, has_profile)
    if "lead" in kinds:
        steps += [f"See the practitioners you support, and run their reviews, on "
                  f"{_on('06_lead_my_practitioners')}.",
                  f"Read the reflections held back from a research export on "
                  f"{_on('release_queue')}, and release the safe ones."]
    if "link" in kinds:
        steps.append(f"See who you orient, and whether each has started, on "
                     f"{_on('07_link_who_i_orient')}.")
    if "researcher" in kinds:
        steps.append(f"Open a research export and its charts on {_on('explore_export')}.")
    if "admin" in kinds:
        steps.append(f"Answer a person's request for their records, or to be erased, on "
                     f"{_on('08_admin_data_requests')}.")
    return steps


def _practitioner_steps(licence_status: str, active_focus_areas: int, reflections: int,
                        has_profile: bool) -> list[str]:
    steps = []
    if not has_profile:
        steps.append("Fill in My profile, below on this page: your role, Learning Journey level, "
                      "Lead and Link.")
    if licence_status == NO_LICENCE:
        steps.append(f"Apply for the licence with your micro-project idea on {_on('01_licence')}.")
    if active_focus_areas == 0:
        steps.append(f"Add one to three focus areas on {_on('02_focus_areas')}.")
    steps.append(f"Write your first reflection on {_on('03_reflect')}." if reflections == 0 else
                 f"Keep reflecting on {_on('03_reflect')}; see your learning on "
                 f"{_on('05_my_learning')}.")
    steps.append(f"Log Learning Journey steps and support contacts on "
                 f"{_on('04_journey_and_support')}.")
    if has_profile:
        steps.append("Keep My profile up to date when your role, level, Lead or Link change "
                     "(it is below on this page once your first steps are done).")
    return steps


def summary(workspace: Workspace, user_id: str, kept_by: str | None = None) -> Summary:
    """Who ``user_id`` is in ``workspace`` and what they might do next; ``kept_by``: on a hub,
    the candle service that keeps the records (``workspace`` is then the user's copy)."""
    person = workspace.person(user_id)
    steps, today = _my_steps(workspace, user_id), latest_today()
    status = licence.status_words(licence.as_of(steps, today))
    focus = _mine(workspace, "focus_areas", user_id)
    active = sorted(focus.loc[focus["status"] == "active", "label"].tolist())
    count = len(_mine(workspace, "reflections", user_id))
    has_profile = not _mine(workspace, "profiles", user_id).empty
    supported = len(supported_practitioners(read(workspace, "profiles"), user_id))
    return Summary(
        name=person.name, user_id=person.id, kinds=list(person.kinds),
        workspace_name=workspace.settings.name, workspace_root=str(workspace.root),
        licence_status=licence.status_on(steps, today), active_focus_areas=active, reflections=count,
        practitioners_supported=supported,
        next_steps=next_steps(status, len(active), count, list(person.kinds), has_profile),
        kept_by=kept_by,
    )
