"""Who may read what: the reading half of the kit's permissions (writing is
:mod:`kit.capture.permissions`, used unchanged by every backend).

- A practitioner reads their own records, and a lead the records of the practitioners whose
  profile names them, by the one read rule (:mod:`kit.model.reading`): whoever owns a record
  reads all of it; anyone else only its latest version, while it is neither withdrawn nor
  kept private (a reflection made private, a review note not shared), and no withdrawals.
- A Link practitioner reads no rows: only whether each practitioner they orient has started.
- A researcher reads no rows: only finished research export packages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

import pandas as pd

from kit.errors import NoRole, PermissionDenied
from kit.hub.roles import Caller
from kit.model.reading import Owner
from kit.model.records import Reflection
from kit.model.support import supported_by
from kit.tables.reading import readable_mask, withhold_notes
from kit.tables.specs import LONG_TABLES, TABLE_NAMES

ReadTable = Callable[[str], pd.DataFrame]

LINK_ONLY = PermissionDenied(
    "A Link practitioner sees only whether each practitioner they orient has started, "
    "not their records.",
    "Open Link: who I orient (Start here links it) to see that list.",
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


def check_reader(caller: Caller) -> None:
    """Refuse, with a sentence, a caller who may read no records (a Link, a researcher, a
    person in none of the kit's roles)."""
    if not (caller.has("practitioner") or caller.has("lead")):
        raise LINK_ONLY if caller.has("link") else RESEARCHER_ONLY if caller.has(
            "researcher") else no_role(caller)


def reader_is(caller: Caller, practitioner_id: str, led: set[str]) -> set[Owner]:
    """Who ``caller`` is to ``practitioner_id`` for the read rule: the practitioner themself,
    their lead (``led``: the practitioners whose profile names the caller), or both."""
    found: set[Owner] = set()
    if practitioner_id == caller.id:
        found.add("practitioner")
    if practitioner_id in led:
        found.add("lead")
    return found


def readable_rows(caller: Caller, table: str, read: ReadTable) -> pd.DataFrame:
    """The current rows of ``table`` that ``caller`` may read (``read`` gives a whole table):
    the read rule of :mod:`kit.model.reading`, on compiled rows
    (:func:`kit.tables.reading.readable_mask`).

    Raises :class:`PermissionDenied` with a sentence when ``caller`` may read none.
    """
    check_table(table)
    check_reader(caller)
    frame = read(table)
    led = supported_ids(read("profiles"), caller.id) if caller.has("lead") else set()
    parent = read(Reflection.TABLE) if table in LONG_TABLES else None
    keep = readable_mask(frame, table, caller.id, led, parent)
    return withhold_notes(frame.loc[keep], table, caller.id, led).reset_index(drop=True)


def require(caller: Caller, kind: str, what: str) -> None:
    """Refuse unless ``caller`` has ``kind``; ``what`` names the thing asked for."""
    if not caller.has(kind):  # type: ignore[arg-type]
        raise PermissionDenied(f"Only a {kind} can see {what}, and {caller.id} is not one.",
                               "Ask whoever runs the hub to add you to the right group.")


def admin_page(environ: Mapping[str, str] | None = None) -> str:
    """The hub's admin page, where its administrator gives people their part (under the hub's
    ``JUPYTERHUB_BASE_URL``)."""
    env = os.environ if environ is None else environ
    return (env.get("JUPYTERHUB_BASE_URL") or "/").rstrip("/") + "/hub/admin"


def no_role(caller: Caller) -> NoRole:
    """The refusal for a hub user in none of the kit's roles: one sentence naming the hub's
    admin page (no word of the groups behind the roles: those are the administrator's). The
    sentence holds no address (the service would fold it away as a path): a page links the
    words to :func:`admin_page`."""
    return NoRole(f"You are signed in as {caller.id} but have no part in this team's Mini Candle "
                  f"work yet: ask the hub's administrator to add you on {NoRole.ADMIN_PAGE_WORDS}, "
                  "then reload this page.", admin_page=admin_page())
