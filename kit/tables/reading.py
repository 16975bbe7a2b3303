"""The read rule (:mod:`kit.model.reading`) on compiled tables: which rows a reader receives.

A compiled row carries ``is_latest`` and ``is_withdrawn`` (:mod:`kit.tables.flags`, from the
same history rules as the store), so the rule needs no records: anyone but a row's owner
receives it only when it is the latest version of an entity that is neither withdrawn nor kept
to its owner (:data:`kit.model.reading.KEPT_TO_OWNER`), and never a withdrawal. A row of a
long table (a reflection's answers, tags, focus-area links) follows its reflection's row.

:func:`in_use_mask` says which entities are in use at all (whether someone has started, with
nothing of what they wrote); :func:`shared_rows` is what anyone but the owner receives (a
review, the roster, the release queue, a research export); :func:`readable_mask` adds what a
reader owns (the service's ``api/rows``); :class:`SharedVersions` asks it of versions picked
earlier (what a made review shows: :mod:`kit.views.made_reviews`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

import pandas as pd

from kit.model.reading import KEPT_TO_OWNER, WITHHELD_NOTE, owner_of_table
from kit.model.records import Reflection, Withdrawal
from kit.tables.rows import OWNER, values_by_owner
from kit.tables.specs import LONG_TABLES

TableReader = Callable[[str], pd.DataFrame]
"""A compiled table's rows by the table's name (the current rows, or every version: the rule
reads the flags either way), e.g. :func:`kit.tables.compiler.read_table` on a workspace or the
service's frame cache."""


def _parent_check(table: str, parent: pd.DataFrame | None) -> pd.DataFrame | None:
    if table in LONG_TABLES and parent is None:
        raise ValueError(f"the rows of {table} follow their reflection's: pass the reflections' rows")
    return parent if table in LONG_TABLES else None


def in_use_mask(frame: pd.DataFrame) -> pd.Series:
    """True for the rows of a compiled table that are the latest version of an entity still in
    use (not withdrawn), whoever may read them: that something exists, without what it says
    (a Link's "started" counts a private reflection too; no one but its owner reads it)."""
    return frame["is_latest"].astype(bool) & ~frame["is_withdrawn"].astype(bool)


def shared_mask(frame: pd.DataFrame, table: str, parent: pd.DataFrame | None = None) -> pd.Series:
    """True for the rows of compiled ``table`` that anyone but their owner receives.

    ``parent``: for a long table, the rows of ``reflections`` (those rows' record ids decide).
    """
    parent = _parent_check(table, parent)
    keep = in_use_mask(frame)
    if table == Withdrawal.TABLE:
        return keep & False
    if parent is not None:
        shared = parent.loc[shared_mask(parent, Reflection.TABLE), "record_id"]
        return keep & frame["record_id"].isin(set(shared))
    field, value = KEPT_TO_OWNER.get(table, ("", None))
    if field:
        values = frame[field]
        keep &= ~(values.isna() | (values == value)).astype(bool)  # a missing value keeps it too
    return keep


def shared_rows(frame: pd.DataFrame, table: str, parent: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of ``frame`` (compiled ``table``) anyone but their owner receives (row labels
    kept): :func:`shared_mask`."""
    return frame.loc[shared_mask(frame, table, parent)]


def owners(frame: pd.DataFrame, table: str) -> pd.Series:
    """Who owns each row (:func:`kit.model.reading.owner_of_table`; a withdrawal: by the table
    it withdraws from)."""
    if table == Withdrawal.TABLE:
        return frame["target_table"].map(owner_of_table)
    return pd.Series(owner_of_table(table), index=frame.index)


def readable_mask(frame: pd.DataFrame, table: str, reader_id: str, led: Collection[str],
                  parent: pd.DataFrame | None = None) -> pd.Series:
    """True for the rows of compiled ``table`` that ``reader_id`` receives: the rows they own
    (their own records; as lead of the practitioners ``led``, what the lead writes about them),
    and of the rest of their own and ``led``'s rows, the shared ones (:func:`shared_mask`)."""
    mine = frame[OWNER] == reader_id
    theirs = frame[OWNER].isin(sorted(set(led)))
    owner = owners(frame, table)
    owns = (mine & (owner == "practitioner")) | (theirs & (owner == "lead"))
    return owns | ((mine | theirs) & shared_mask(frame, table, parent))



def withhold_notes(frame: pd.DataFrame, table: str, reader_id: str, led: Collection[str]
                   ) -> pd.DataFrame:
    """``frame`` (rows ``reader_id`` receives) with the edit reason of every row they do not own
    replaced by :data:`kit.model.reading.WITHHELD_NOTE` (:func:`kit.model.reading.as_received`)."""
    if "edit_reason" not in frame or frame.empty:
        return frame
    owner = owners(frame, table)
    owns = ((frame[OWNER] == reader_id) & (owner == "practitioner")) | (
        frame[OWNER].isin(sorted(set(led))) & (owner == "lead"))
    others = ~owns & frame["edit_reason"].notna() & (frame["edit_reason"].astype(str) != "")
    if not others.any():
        return frame
    frame = frame.copy()
    frame.loc[others, "edit_reason"] = WITHHELD_NOTE
    return frame


class SharedVersions:
    """The record ids of the versions anyone but their owner receives now (:func:`shared_mask`),
    per table, each table read (through ``read``) and sifted once: for checking versions picked
    earlier, e.g. what made reviews show, many at a time."""

    def __init__(self, read: TableReader) -> None:
        self.read = read
        self._rows: dict[str, pd.DataFrame] = {}
        self._ids: dict[str, frozenset[str]] = {}
        self._values: dict[tuple[str, tuple[str, ...]], dict[str, list[tuple[Any, ...]]]] = {}

    def rows(self, table: str) -> pd.DataFrame:
        """``table``'s rows anyone but their owner receives (:func:`shared_rows`), read once."""
        if table not in self._rows:
            frame = self.read(table)
            parent = self.read(Reflection.TABLE) if table in LONG_TABLES else None
            self._rows[table] = frame.loc[shared_mask(frame, table, parent)]
        return self._rows[table]

    def owners_values(self, table: str, practitioner_id: str, *columns: str
                      ) -> list[tuple[Any, ...]]:
        """The ``columns`` of ``practitioner_id``'s rows of :meth:`rows`, as tuples
        (:func:`kit.tables.rows.values_by_owner`: the table is split once for everyone)."""
        key = (table, columns)
        if key not in self._values:
            self._values[key] = values_by_owner(self.rows(table), columns)
        return self._values[key].get(practitioner_id, [])

    def record_ids(self, table: str) -> frozenset[str]:
        """The record ids of ``table``'s rows anyone but their owner receives."""
        if table not in self._ids:
            self._ids[table] = frozenset(self.rows(table)["record_id"].astype(str))
        return self._ids[table]

    def unshared(self, versions: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
        """Of ``versions`` (table name -> record ids), the ones anyone but their owner no
        longer receives (a later version was saved, the record was withdrawn, or its latest
        version keeps it to its owner), by table; ``{}`` when every one still reaches them."""
        gone: dict[str, list[str]] = {}
        for table, record_ids in versions.items():
            missing = sorted({str(record_id) for record_id in record_ids} - self.record_ids(table))
            if missing:
                gone[table] = missing
        return gone
