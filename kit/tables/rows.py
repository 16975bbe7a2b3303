"""Whose rows: the one definition of "the rows that belong to these practitioners".

Every compiled table carries ``practitioner_id``; views, reviews and the hub
select a person's rows only through :func:`own_rows` (or its mask, :func:`owned_by`),
so nobody's rows reach another person's page, review or download by a second,
slightly different filter. Pandas only: no pyarrow import.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

OWNER = "practitioner_id"


def owned_by(frame: pd.DataFrame, practitioner_ids: str | Iterable[str]) -> pd.Series:
    """True for the rows of ``frame`` that belong to ``practitioner_ids`` (one id or several)."""
    wanted = [practitioner_ids] if isinstance(practitioner_ids, str) else sorted(set(practitioner_ids))
    return frame[OWNER].isin(wanted)


def own_rows(frame: pd.DataFrame, practitioner_ids: str | Iterable[str]) -> pd.DataFrame:
    """The rows of ``frame`` that belong to ``practitioner_ids`` and no one else (row labels kept)."""
    return frame[owned_by(frame, practitioner_ids)]


def values_by_owner(frame: pd.DataFrame, columns: Iterable[str]) -> dict[str, list[tuple[Any, ...]]]:
    """For every practitioner with rows in ``frame``, the ``columns`` of the rows
    :func:`own_rows` gives them, as tuples in row order, split in one pass (for looking up
    many people's rows of one table, where a frame a person costs more than the look-up)."""
    split: dict[str, list[tuple[Any, ...]]] = {}
    for owner, *values in zip(frame[OWNER], *(frame[column] for column in columns), strict=True):
        if isinstance(owner, str):
            split.setdefault(owner, []).append(tuple(values))
    return split
