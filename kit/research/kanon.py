"""The k-anonymity gate for rows and small-cell suppression for aggregates.

Rows: any combination of quasi-identifiers shared by fewer than ``k`` distinct
practitioners (people, not rows) is generalised step by step, one
quasi-identifier at a time to ``suppressed``; rows still in a group of fewer
than ``k`` people when every quasi-identifier is suppressed are dropped.

Aggregates: a cell counting fewer than ``k`` reflections, or reflections of
fewer than ``k`` practitioners, is suppressed; then, so that no suppressed cell
can be recovered by subtracting from the row and column totals published with
it, every row and column (totals included) with exactly one suppressed entry
has a second one suppressed (the smallest other cell), until none is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.errors import ExportError

SUPPRESSED = "suppressed"
TOTAL = "all"
MIN_K, MAX_K = 2, 100
"""The ``k`` an export may ask for: 2 protects someone; past 100 every combination of a
team's size is suppressed, so a larger one only costs time."""


def check_k(k: object) -> int:
    """``k`` if it is a whole number from :data:`MIN_K` to :data:`MAX_K`; else an
    :class:`ExportError` naming the field and what to use."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise ExportError(f"k must be a whole number from {MIN_K} to {MAX_K}, not {str(k)[:20]!r}.",
                          "Use k=5 (the default) or more.")
    if k < MIN_K:
        raise ExportError(f"k={k} is too small to protect anyone.", "Use k=5 (the default) or more.")
    if k > MAX_K:
        raise ExportError(f"k={k} is more than {MAX_K}, the largest an export may ask for.",
                          f"Use k=5 (the default), or at most {MAX_K}.")
    return k


@dataclass(frozen=True)
class RowSuppression:
    """What the row gate did."""

    generalised_rows: int
    dropped_rows: int
    dropped_practitioners: int


def people_per_group(frame: pd.DataFrame, quasi: list[str], person: str) -> pd.Series:
    """For each row, how many distinct people share its quasi-identifier values."""
    if not len(frame):
        return pd.Series(dtype="int64")
    keys = frame[quasi].astype("string").fillna("<NA>")
    return frame.assign(**{c: keys[c] for c in quasi}).groupby(quasi, dropna=False)[person] \
        .transform("nunique")


def k_anonymise(frame: pd.DataFrame, quasi: list[str], person: str, k: int
                ) -> tuple[pd.DataFrame, RowSuppression]:
    """Suppress quasi-identifiers (in the order given, last first) until every
    combination is shared by at least ``k`` people; drop the rows that never are."""
    out = frame.copy()
    for column in quasi:
        out[column] = out[column].astype("string")
    touched = pd.Series(False, index=out.index)
    for column in reversed(quasi):
        small = people_per_group(out, quasi, person) < k
        if not small.any():
            break
        out.loc[small, column] = SUPPRESSED
        touched |= small
    small = people_per_group(out, quasi, person) < k if len(out) else pd.Series(dtype=bool)
    dropped = out[small]
    kept = out[~small]
    lost_people = set(dropped[person]) - set(kept[person])
    report = RowSuppression(int((touched & ~small).sum()), int(small.sum()), len(lost_people))
    return kept, report


def _complementary(values: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Suppress more cells until no row or column (totals included) has exactly one hidden."""
    hidden = hidden.copy()
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines = hidden if axis == 1 else hidden.T
            vals = values if axis == 1 else values.T
            for i in range(lines.shape[0]):
                if lines[i].sum() != 1:
                    continue
                candidates = [j for j in range(lines.shape[1]) if not lines[i, j]]
                if not candidates:
                    continue
                inner = [j for j in candidates if j != lines.shape[1] - 1 and vals[i, j] > 0] or candidates
                lines[i, min(inner, key=lambda j: vals[i, j])] = True
                changed = True
    return hidden


def safe_crosstab(frame: pd.DataFrame, row: str, column: str, person: str, k: int,
                  row_order: list[str] | None = None, column_order: list[str] | None = None
                  ) -> pd.DataFrame:
    """Counts of rows by ``row`` x ``column`` with totals, small cells suppressed.

    Returns a tidy table: ``row``, ``column``, ``reflections`` (missing where
    suppressed) and ``suppressed``. Totals appear as ``all``.
    """
    rows = row_order or sorted(frame[row].dropna().astype(str).unique())
    cols = column_order or sorted(frame[column].dropna().astype(str).unique())
    counts = pd.crosstab(frame[row], frame[column]).reindex(index=rows, columns=cols, fill_value=0)
    people = frame.groupby([row, column])[person].nunique().unstack(fill_value=0) \
        .reindex(index=rows, columns=cols, fill_value=0)
    row_people = frame.groupby(row)[person].nunique().reindex(rows, fill_value=0)
    col_people = frame.groupby(column)[person].nunique().reindex(cols, fill_value=0)
    values = np.zeros((len(rows) + 1, len(cols) + 1), dtype=np.int64)
    values[:-1, :-1] = counts.to_numpy()
    values[:-1, -1] = values[:-1, :-1].sum(axis=1)
    values[-1, :] = values[:-1, :].sum(axis=0)
    nobody = np.zeros_like(values)
    nobody[:-1, :-1] = people.to_numpy()
    nobody[:-1, -1] = row_people.to_numpy()
    nobody[-1, :-1] = col_people.to_numpy()
    nobody[-1, -1] = frame[person].nunique()
    hidden = (values > 0) & ((values < k) | (nobody < k))
    if values[-1, -1] < k or nobody[-1, -1] < k:
        hidden[:] = True
    hidden = _complementary(values, hidden)
    records = []
    for i, r in enumerate([*rows, TOTAL]):
        for j, c in enumerate([*cols, TOTAL]):
            records.append({row: r, column: c,
                            "reflections": None if hidden[i, j] else int(values[i, j]),
                            "suppressed": bool(hidden[i, j])})
    out = pd.DataFrame.from_records(records, columns=[row, column, "reflections", "suppressed"])
    out["reflections"] = out["reflections"].astype("Int64")
    return out
