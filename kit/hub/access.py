"""Who may read what: the reading half of the kit's permissions (writing is
:mod:`kit.capture.permissions`, used unchanged by every backend).

- A practitioner reads only their own rows, and of review notes only those shared with them.
- A lead reads the rows of the practitioners whose profile names them, except reflections
  the practitioner kept private (and those reflections' answers, tags and focus-area links).
- A Link practitioner reads no rows: only whether each practitioner they orient has started.
- A researcher reads no rows: only finished research export packages.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kit.errors import PermissionDenied
from kit.hub.roles import Caller
from kit.model.support import supported_by
from kit.tables.rows import owned_by
from kit.tables.specs import LONG_TABLES, TABLE_NAMES

ReadTable = Callable[[str], pd.DataFrame]

LINK_ONLY = PermissionDenied(
    "A Link practitioner sees only whether each practitioner they orient has started, "
    "not their records.",
    "Open 07_link_who_i_orient to see that list.",
)
RESEARCHER_ONLY = PermissionDenied(
    "A researcher receives only finished research export packages, never the records.",
    "Ask a lead practitioner for an export, then download it from the list of packages.",
)


def check_table(table: str) -> None:
    """Refuse a table name that is not one of the compiled tables, naming the known ones."""
    if table not in TABLE_NAMES:
        raise PermissionDenied(f"'{table}' is not a table you can read.",
                               f"Use one of: {', '.join(TABLE_NAMES)}.")


def supported_ids(profiles: pd.DataFrame, lead_id: str) -> set[str]:
    """Practitioners whose current profile names ``lead_id`` as their lead."""
    return set(supported_by(profiles.itertuples(index=False), lead_id))


def _private_reflection_ids(read: ReadTable, practitioners: set[str]) -> set[str]:
    reflections = read("reflections")
    theirs = owned_by(reflections, practitioners)
    return set(reflections.loc[theirs & (reflections["visibility"] == "private"), "record_id"])


def _leads_rows(caller: Caller, table: str, frame: pd.DataFrame, read: ReadTable) -> pd.Series:
    supported = supported_ids(read("profiles"), caller.id)
    theirs = owned_by(frame, supported)
    if table == "reflections" or table in LONG_TABLES:
        theirs &= ~frame["record_id"].isin(_private_reflection_ids(read, supported))
    return theirs


def readable_rows(caller: Caller, table: str, read: ReadTable) -> pd.DataFrame:
    """The current rows of ``table`` that ``caller`` may read (``read`` gives a whole table).

    Raises :class:`PermissionDenied` with a sentence when ``caller`` may read none.
    """
    check_table(table)
    if not (caller.has("practitioner") or caller.has("lead")):
        raise LINK_ONLY if caller.has("link") else RESEARCHER_ONLY if caller.has(
            "researcher") else no_role(caller)
    frame = read(table)
    keep = owned_by(frame, caller.id)
    if table == "review_notes":
        keep &= frame["shared"].fillna(False).astype(bool)
    if caller.has("lead"):
        keep |= _leads_rows(caller, table, frame, read)
    return frame.loc[keep].reset_index(drop=True)


def require(caller: Caller, kind: str, what: str) -> None:
    """Refuse unless ``caller`` has ``kind``; ``what`` names the thing asked for."""
    if not caller.has(kind):  # type: ignore[arg-type]
        raise PermissionDenied(f"Only a {kind} can see {what}, and {caller.id} is not one.",
                               "Ask whoever runs the hub to add you to the right group.")


def no_role(caller: Caller) -> PermissionDenied:
    """The refusal for a hub user in none of the kit's groups."""
    return PermissionDenied(
        f"{caller.id} is not a practitioner, lead, Link practitioner or researcher in this workspace.",
        "Ask whoever runs the hub to add you to one of the candle groups.",
    )
