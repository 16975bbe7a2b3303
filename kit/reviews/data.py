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

from kit.errors import ReviewError
from kit.model import licence
from kit.model.periods import Period, parse_period
from kit.model.support import supported_by
from kit.store.workspace import Workspace
from kit.tables.reading import shared_rows
from kit.tables.rows import own_rows
from kit.tables.specs import table_spec

RATING_FIELDS = {"self_understanding": "understanding", "self_confidence": "confidence"}
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

    def has_read(self, name: str) -> bool:
        """Whether table ``name`` has been read (its rows' hashes can come from the cache)."""
        return name in self._tables

    def row_hashes(self, name: str) -> pd.Series:
        """One 64-bit hash per row of table ``name`` (computed once, indexed like the table)."""
        if name not in self._row_hashes:
            self._row_hashes[name] = row_hashes(self.table(name))
        return self._row_hashes[name]

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


def _for_reflections(frame: pd.DataFrame, reflections: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["record_id"].isin(set(reflections["record_id"]))]


@dataclass(frozen=True)
class ReviewInputs:
    """Exactly the rows one review uses, table by table."""

    subject: str
    period: Period
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

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


def input_hash(frames: dict[str, pd.DataFrame], source: TableSource | None = None) -> str:
    """SHA-256 of ``frames``: names, columns, types and every row, in any row order.

    With ``source``, rows of a table it has read take their hashes from its
    per-table cache (same values, computed once for the whole table).
    """
    digest = hashlib.sha256()
    for name in sorted(frames):
        frame = frames[name]
        types = {str(column): str(kind) for column, kind in frame.dtypes.items()}
        digest.update(json.dumps([name, sorted(types.items())]).encode())
        if not len(frame):
            continue
        if source is not None and source.has_read(name):
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
    journey steps and support contacts from any time up to the period's end;
    review notes from periods that overlap this one.
    """
    return ReviewInputs(practitioner_id, period, _practitioner_frames(source, [practitioner_id], period))


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
    return {pid: ReviewInputs(pid, period, split[pid]) for pid in practitioner_ids}


def _practitioner_frames(source: TableSource, ids: list[str], period: Period) -> dict[str, pd.DataFrame]:
    end = period.end
    notes = source.rows("review_notes", ids)
    notes = notes[[_note_overlaps(text, period) for text in notes["period"]]] if len(notes) else notes
    return {
        "profiles": source.rows("profiles", ids),
        "licence_events": rows_between(source.rows("licence_events", ids), "event_date", None, end),
        "micro_projects": source.rows("micro_projects", ids),
        "focus_areas": rows_between(source.rows("focus_areas", ids), "opened_on", None, end),
        "journey_steps": rows_between(source.rows("journey_steps", ids), "step_date", None, end),
        "support_contacts": rows_between(source.rows("support_contacts", ids), "contact_date",
                                         None, end),
        "review_notes": notes,
        **_reflection_frames(source, ids, period.previous().start, end),
    }


def _note_overlaps(text: object, period: Period) -> bool:
    try:
        return parse_period(str(text)).overlaps(period)
    except ReviewError:
        return False


def supported_in_period(profiles: pd.DataFrame, lead_id: str, period: Period) -> list[str]:
    """Practitioners whose profile named ``lead_id`` as lead at any time in ``period``.

    ``profiles`` holds every version (not only the latest). A version is in
    effect from when it was saved until the next one; the first version is
    taken to hold from the start, the latest until now.
    """
    if profiles.empty:
        return []
    ordered = profiles.assign(_saved=pd.to_datetime(profiles["created_at"], utc=True).dt.date)
    ordered = ordered.sort_values(["practitioner_id", "created_at", "record_id"])
    same_person = ordered["practitioner_id"].eq(ordered["practitioner_id"].shift())
    starts = ordered["_saved"].where(same_person, date.min)
    following = ordered["practitioner_id"].eq(ordered["practitioner_id"].shift(-1))
    untils = ordered["_saved"].shift(-1).where(following, date.max)
    in_effect = (starts <= period.end) & (untils >= period.start)
    return supported_by(ordered.loc[in_effect].itertuples(index=False), lead_id)


def all_profile_versions(workspace: Workspace) -> pd.DataFrame:
    """Every version of every profile (to see who supported whom when)."""
    from kit.tables.compiler import read_table

    frame = read_table(workspace, "profiles", current_only=False)
    return frame[~frame["is_withdrawn"].astype(bool)]


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
    return ReviewInputs(lead_id, period, frames)


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
