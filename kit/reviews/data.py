"""The rows a review uses: one practitioner's, or one lead's cohort's, and nobody else's.

Privacy by construction: a review is read by the lead and may be handed to the practitioner,
so every table holds only what the read rule gives anyone but a record's owner
(:func:`kit.tables.reading.shared_rows`: the latest version of each record, nothing withdrawn,
no reflection the practitioner made private, no review note the lead kept to themselves), and
is filtered to the subject's practitioner id(s) the moment it is read (:meth:`TableSource.rows`,
which applies :func:`kit.tables.rows.own_rows`), before anything else touches it. A review
notebook only ever holds the filtered frames.

The same functions run in the review runner (to hash the inputs before any
kernel starts) and in the notebook (to draw the review), so the hash recorded
in a review's metadata is the hash of exactly the rows it used.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from kit.model import licence
from kit.model.periods import Period
from kit.model.support import supported_by
from kit.store.workspace import Workspace
from kit.tables.reading import shared_rows
from kit.tables.rows import own_rows
from kit.tables.specs import table_spec
from kit.views.learning import notes_in_period

RATING_FIELDS = {"self_understanding": "understanding", "self_confidence": "confidence"}
DATE_TYPES = ("date", "datetime")
"""The column types of a record table that hold a day (see :func:`joined_dates`)."""
JOINED = "joined"
"""The frame of a practitioner's review that says when they started (:func:`joined_dates`)."""
NO_LICENCE = licence.NO_LICENCE  # the licence's words and order: kit.model.licence
DUE_TO_RENEW = licence.DUE_TO_RENEW


class TableSource:
    """The shared rows of a workspace's tidy tables, handed out per practitioner.

    Each table is read once (through :mod:`kit.tables.compiler`, compiling first if the
    records are newer); the runner builds every review of a run from one read.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._read: dict[str, pd.DataFrame] = {}
        self._tables: dict[str, pd.DataFrame] = {}
        self._row_hashes: dict[str, pd.Series] = {}
        self._headers: dict[str, bytes] = {}
        self._first_saved: dict[str, pd.Series] = {}
        self._joined: pd.Series | None = None

    def _current(self, name: str) -> pd.DataFrame:
        if name not in self._read:
            from kit.tables.compiler import read_table

            self._read[name] = read_table(self.workspace, name, current_only=True,
                                          refresh=not self._read)
        return self._read[name]

    def table(self, name: str) -> pd.DataFrame:
        """The rows of table ``name`` a review may hold, everyone's (only the runner and this
        module use it): :func:`kit.tables.reading.shared_rows`."""
        if name not in self._tables:
            parent = table_spec(name).parent
            self._tables[name] = shared_rows(self._current(name), name,
                                             self._current(parent) if parent else None)
        return self._tables[name]

    def keep(self, name: str, frame: pd.DataFrame) -> pd.DataFrame:
        """Keep ``frame``, derived by the plan for everyone at once, as table ``name``: the
        reviews' frames of it are some of its rows, so their hashes come from the cache too."""
        self._tables[name] = frame
        self._row_hashes.pop(name, None)
        self._headers.pop(name, None)
        return frame

    def has_read(self, name: str) -> bool:
        """Whether table ``name`` has been read (its rows' hashes can come from the cache)."""
        return name in self._tables

    def row_hashes(self, name: str) -> pd.Series:
        """One 64-bit hash per row of table ``name`` (computed once, indexed like the table)."""
        if name not in self._row_hashes:
            self._row_hashes[name] = row_hashes(self.table(name))
        return self._row_hashes[name]

    def type_header(self, name: str) -> bytes:
        """What :func:`input_hash` records of table ``name``'s columns and types (once)."""
        if name not in self._headers:
            self._headers[name] = type_header(name, self.table(name))
        return self._headers[name]

    def first_saved(self, name: str) -> pd.Series:
        """Entity id -> the day its first version was saved, for every record of table
        ``name`` that is not withdrawn (its latest version may be much later)."""
        if name not in self._first_saved:
            from kit.tables.compiler import read_table

            frame = read_table(self.workspace, name, current_only=False, refresh=not self._read)
            frame = frame[~frame["entity_id"].isin(
                set(frame.loc[frame["is_latest"] & frame["is_withdrawn"], "entity_id"]))]
            saved = pd.to_datetime(frame["created_at"], utc=True).dt.date
            self._first_saved[name] = saved.groupby(frame["entity_id"].astype(str)).min()
        return self._first_saved[name]

    def joined_on(self) -> pd.Series:
        """Practitioner id -> the day they started (:func:`joined_dates` of every record table)."""
        if self._joined is None:
            from kit.model.records import PUBLIC_TABLES

            tables = {name: self.table(name) for name in PUBLIC_TABLES}
            profiles = tables["profiles"]
            tables["profiles"] = profiles.assign(  # an edited profile started with its first version
                created_at=profiles["entity_id"].astype(str).map(self.first_saved("profiles")))
            self._joined = joined_dates(tables)
        return self._joined

    def rows(self, name: str, practitioner_ids: Iterable[str]) -> pd.DataFrame:
        """The rows of table ``name`` that belong to ``practitioner_ids``, and no one else's
        (with the table's own row labels, so their hashes can be looked up)."""
        return own_rows(self.table(name), practitioner_ids)


def day_values(column: pd.Series) -> pd.Series:
    """``column`` as Python dates (unreadable values become missing)."""
    return pd.to_datetime(column, errors="coerce").dt.date


def rows_between(frame: pd.DataFrame, column: str, start: date | None, end: date) -> pd.DataFrame:
    """The rows whose ``column`` is a date from ``start`` (None: any) to ``end``, inclusive."""
    days = day_values(frame[column])
    keep = days.notna() & (days <= end)
    if start is not None:
        keep &= days >= start
    return frame[keep.fillna(False).astype(bool)]


def joined_dates(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Practitioner id -> the day they started: the earliest date in any date column of their
    rows in ``tables`` (table name -> rows): a day a record is about (a reflection's, a licence
    step's, a focus area's opening) or the day it was saved. Records are often saved long after
    the day they are about (an import, a licence granted last year), so both count. The day a
    workspace began is the earliest of these (:func:`kit.reviews.bounds.workspace_began`)."""
    from kit.tables.specs import table_spec

    days = []
    for name, frame in tables.items():
        if not len(frame):
            continue
        for column in table_spec(name).columns:
            if column.type in DATE_TYPES and column.name in frame:
                days.append(pd.DataFrame({"practitioner_id": frame["practitioner_id"].astype(str),
                                          "day": day_values(frame[column.name])}))
    every = pd.concat(days, ignore_index=True).dropna(subset=["day"]) if days else None
    if every is None or every.empty:
        return pd.Series(dtype=object, name="joined_on")
    return every.groupby("practitioner_id")["day"].min().rename("joined_on")


def _for_reflections(frame: pd.DataFrame, reflections: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["record_id"].isin(set(reflections["record_id"]))]


@dataclass(frozen=True)
class ReviewInputs:
    """Exactly what one review uses: its rows, table by table, and the two settings a page
    reads (the workspace's renewal months; the names kit.yaml gives the people a review names:
    a cohort overview's practitioners, the authors of a practitioner's review notes; nobody
    else's). A review is drawn from these alone, so they are all
    that travels to whichever kernel draws it (:mod:`kit.reviews.given`)."""

    subject: str
    period: Period
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    renewal_months: int = 12
    names: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    def practitioner_ids(self) -> set[str]:
        """Every practitioner id any of the rows belongs to."""
        ids: set[str] = set()
        for frame in self.frames.values():
            if "practitioner_id" in frame:
                ids.update(frame["practitioner_id"].dropna().astype(str))
        return ids

    def digest(self, source: TableSource | None = None) -> str:
        """A SHA-256 of the rows (order-independent within a table); see :func:`input_hash`."""
        return input_hash(self.frames, source)


def row_hashes(frame: pd.DataFrame) -> pd.Series:
    """A 64-bit hash of each row's values (columns in name order; the row label is ignored)."""
    return pd.util.hash_pandas_object(frame[sorted(frame.columns)], index=False)


def type_header(name: str, frame: pd.DataFrame) -> bytes:
    """The name, columns and column types of ``frame`` as :func:`input_hash` records them."""
    types = {str(column): str(kind) for column, kind in frame.dtypes.items()}
    return json.dumps([name, sorted(types.items())]).encode()


def input_hash(frames: dict[str, pd.DataFrame], source: TableSource | None = None) -> str:
    """SHA-256 of ``frames``: names, columns, types and every row, in any row order.

    With ``source``, rows of a table it has read take their hashes, and the frame its column
    types, from its per-table cache (same values, computed once for the whole table: a review's
    frame of a table is some of its rows, unchanged).
    """
    digest = hashlib.sha256()
    for name in sorted(frames):
        frame = frames[name]
        from_source = source is not None and source.has_read(name)
        digest.update(source.type_header(name) if from_source else type_header(name, frame))
        if not len(frame):
            continue
        if from_source:
            table = source.row_hashes(name)  # looked up by position: .loc costs more than hashing
            hashes = table.to_numpy()[table.index.get_indexer(frame.index)]
        else:
            hashes = row_hashes(frame).to_numpy()
        digest.update(np.sort(hashes).tobytes())
    return digest.hexdigest()


def _reflection_frames(source: TableSource, ids: Iterable[str], start: date, end: date
                       ) -> dict[str, pd.DataFrame]:
    """Reflections dated ``start``..``end`` that the practitioners let their lead see (the
    source holds no others), with their answers, tags and focus-area links."""
    ids = list(ids)
    reflections = rows_between(source.rows("reflections", ids), "reflection_date", start, end)
    return {
        "reflections": reflections,
        "reflection_answers": _for_reflections(source.rows("reflection_answers", ids),
                                               reflections),
        "reflection_tags": _for_reflections(source.rows("reflection_tags", ids), reflections),
        "reflection_focus_areas": _for_reflections(
            source.rows("reflection_focus_areas", ids), reflections),
    }


def practitioner_inputs(source: TableSource, practitioner_id: str, period: Period) -> ReviewInputs:
    """The rows of one practitioner's review: theirs only, up to the end of ``period``.

    Reflections come from this period and the previous one; licence events,
    journey steps and support contacts from any time up to the period's end; a micro-project
    only if it was first saved by then; review notes from periods that overlap this one; and
    the day the practitioner started (:data:`JOINED`).
    """
    frames = _practitioner_frames(source, [practitioner_id], period)
    return ReviewInputs(practitioner_id, period, frames, _renewal_months(source),
                        _authors(source, frames))


def each_practitioners_inputs(source: TableSource, practitioner_ids: list[str], period: Period
                              ) -> dict[str, ReviewInputs]:
    """:func:`practitioner_inputs` for many practitioners at once (the runner's plan).

    Every condition in the selection is about one row, so selecting for all of
    them and splitting by practitioner gives each exactly their own selection
    (a test holds the two ways equal), in one pass over each table.
    """
    frames = _practitioner_frames(source, practitioner_ids, period)
    split: dict[str, dict[str, pd.DataFrame]] = {pid: {} for pid in practitioner_ids}
    for name, frame in frames.items():
        groups = dict(iter(frame.groupby("practitioner_id", sort=False)))
        for pid in practitioner_ids:
            split[pid][name] = groups.get(pid, frame.iloc[0:0])
    months = _renewal_months(source)
    return {pid: ReviewInputs(pid, period, split[pid], months, _authors(source, split[pid]))
            for pid in practitioner_ids}


def _renewal_months(source: TableSource) -> int:
    return source.workspace.settings.renewal_months


def _authors(source: TableSource, frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    """The names of the people who wrote the review notes among ``frames`` (a practitioner's
    lead: a review says whose notes it shows)."""
    notes = frames.get("review_notes")
    return {} if notes is None or notes.empty else _names(source, notes["author_id"].astype(str))


def _names(source: TableSource, ids: Iterable[str]) -> dict[str, str]:
    """The names kit.yaml gives ``ids`` (those it names)."""
    wanted = set(ids)
    return {person.id: person.name for person in source.workspace.settings.people
            if person.id in wanted}


def _practitioner_frames(source: TableSource, ids: list[str], period: Period) -> dict[str, pd.DataFrame]:
    end = period.end
    notes = notes_in_period(source.rows("review_notes", ids), period)
    projects = source.rows("micro_projects", ids)
    project_saved = projects["entity_id"].astype(str).map(source.first_saved("micro_projects"))
    joined = source.joined_on()
    return {
        JOINED: source.keep(JOINED, pd.DataFrame({
            "practitioner_id": pd.Series(ids, index=ids, dtype="string"),
            "joined_on": pd.Series([joined.get(pid) for pid in ids], index=ids)})),
        "profiles": source.rows("profiles", ids),
        "licence_events": rows_between(source.rows("licence_events", ids), "event_date", None, end),
        "micro_projects": projects[(project_saved <= end).fillna(False).astype(bool)],
        "focus_areas": rows_between(source.rows("focus_areas", ids), "opened_on", None, end),
        "journey_steps": rows_between(source.rows("journey_steps", ids), "step_date", None, end),
        "support_contacts": rows_between(source.rows("support_contacts", ids), "contact_date",
                                         None, end),
        "review_notes": notes,
        **_reflection_frames(source, ids, period.previous().start, end),
    }


def supported_in_period(profiles: pd.DataFrame, lead_id: str, period: Period) -> list[str]:
    """Practitioners whose profile named ``lead_id`` as lead at any time in ``period``.

    ``profiles`` holds every version (not only the latest). A version is in
    effect from when it was saved until the next one; the first version holds from the day
    the practitioner started (column ``joined_on``, :func:`all_profile_versions`; without it,
    from the start of time), the latest until now. So nobody is in a period that ended
    before they started.
    """
    if profiles.empty:
        return []
    ordered = profiles.assign(_saved=pd.to_datetime(profiles["created_at"], utc=True).dt.date)
    ordered = ordered.sort_values(["practitioner_id", "created_at", "record_id"])
    same_person = ordered["practitioner_id"].eq(ordered["practitioner_id"].shift())
    first = ordered["joined_on"].where(ordered["joined_on"].notna(), date.min) \
        if "joined_on" in ordered else date.min
    starts = ordered["_saved"].where(same_person, first)
    following = ordered["practitioner_id"].eq(ordered["practitioner_id"].shift(-1))
    untils = ordered["_saved"].shift(-1).where(following, date.max)
    in_effect = (starts <= period.end) & (untils >= period.start)
    return supported_by(ordered.loc[in_effect].itertuples(index=False), lead_id)


def all_profile_versions(workspace: Workspace, source: TableSource | None = None) -> pd.DataFrame:
    """Every version of every profile (to see who supported whom when), with the day each
    practitioner started (``joined_on``, from ``source``, default the workspace's tables)."""
    from kit.tables.compiler import read_table

    frame = read_table(workspace, "profiles", current_only=False)
    frame = frame[~frame["is_withdrawn"].astype(bool)]
    joined = (source or TableSource(workspace)).joined_on()
    return frame.assign(joined_on=frame["practitioner_id"].astype(str).map(joined))


def cohort_inputs(source: TableSource, practitioner_ids: list[str], lead_id: str,
                  period: Period) -> ReviewInputs:
    """The rows of a lead's cohort overview: the given practitioners only, this period."""
    ids = sorted(practitioner_ids)
    start, end = period.start, period.end
    reflections = _reflection_frames(source, ids, start, end)
    frames = {
        "cohort": pd.DataFrame({"practitioner_id": pd.Series(ids, dtype="string")}),
        "licence_events": rows_between(source.rows("licence_events", ids), "event_date", None, end),
        "focus_areas": source.rows("focus_areas", ids),
        "journey_steps": rows_between(source.rows("journey_steps", ids), "step_date", start, end),
        "support_contacts": rows_between(source.rows("support_contacts", ids), "contact_date",
                                     start, end),
        "reflections": reflections["reflections"],
        "reflection_tags": reflections["reflection_tags"],
        "reflection_focus_areas": reflections["reflection_focus_areas"],
    }
    return ReviewInputs(lead_id, period, frames, _renewal_months(source), _names(source, ids))


def licence_status(events: pd.DataFrame, period: Period, renewal_months: int) -> tuple[str, date | None]:
    """The licence's status at the end of ``period`` and its renewal date (if it has a term).

    'due to renew' when it is active and its term ends before the next period does.
    """
    if events.empty:
        return NO_LICENCE, None
    ordered = events.assign(_day=day_values(events["event_date"])).sort_values(["_day", "created_at"])
    ordered = ordered[ordered["_day"] <= period.end]
    steps = [licence.Event(str(event), day) for event, day in zip(ordered["event"], ordered["_day"],
                                                                     strict=True)]
    status = licence.status_words(steps)
    renewal = licence.renewal_date(steps, renewal_months)
    if status == licence.STATUS_WORDS[licence.ACTIVE] and renewal is not None \
            and renewal <= period.next().end:
        status = DUE_TO_RENEW
    return status, renewal
