"""Whether a made review may still be shown: checked against the read rule whenever it is
served or opened.

When a review is made (:mod:`kit.reviews.execute`), its notebook's ``candle`` metadata records
what it shows: ``shown``, per table, the ``[entity id, record id]`` of every record version its
rows came from, as the kernel that drew it gathered them (:mod:`kit.reviews.shown`), and
``html_sha256``, the hash of the page made with it. The page reaches anyone (its lead, the
practitioner it is shared with) only while each of those versions is still what the read rule
gives anyone but its owner (:class:`kit.tables.reading.SharedVersions`): a reflection made
private, edited or withdrawn, a note no longer shared, takes the page away at once, until the
lead's next run makes it again; so does a note the lead shared about the review's period since
it was made (My learning lists it: the review would say there is none). A review that does not
say what it shows (made by an earlier kit), or whose page is not the one its notebook was made
with (e.g. a later run with ``--no-html`` left an older page), is not shown either: nothing
vouches for its text.

The check reads each table it needs once (on the service, from its frame cache), never the
record files. This module stays light (no pandas or pyarrow until a check runs).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.errors import KitError, ReviewOutdated

if TYPE_CHECKING:
    from kit.store.workspace import Workspace
    from kit.tables.reading import SharedVersions

METADATA_KEY = "candle"
"""Where a made review's notebook metadata keeps how it was made."""
SHOWN_KEY = "shown"
PAGE_HASH_KEY = "html_sha256"
CHANGED, UNKNOWN = "changed", "unknown"
"""Why a made review is not shown: records it shows changed; or it cannot be checked."""
COHORT_PREFIX = "cohort-"


def review_metadata(notebook: Path) -> dict[str, Any]:
    """The kit's metadata in a made review's notebook ({} if missing or unreadable).

    Plain JSON, no nbformat: the unchanged re-run and the check must stay fast.
    """
    try:
        data = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    recorded = data.get("metadata", {}).get(METADATA_KEY, {}) if isinstance(data, dict) else {}
    return dict(recorded) if isinstance(recorded, dict) else {}


def page_sha256(page: bytes) -> str:
    """The hash a made review's metadata keeps of its page."""
    return hashlib.sha256(page).hexdigest()


def shown_record_ids(metadata: Mapping[str, Any]) -> dict[str, list[str]] | None:
    """Table -> the record ids of the versions a made review shows; None when it does not say
    (or says it in a form this kit did not write)."""
    from kit.tables.specs import TABLE_NAMES

    shown = metadata.get(SHOWN_KEY)
    if not isinstance(shown, dict) or not set(shown) <= set(TABLE_NAMES):
        return None
    ids: dict[str, list[str]] = {}
    for table, pairs in shown.items():
        if not isinstance(pairs, list) or not all(
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(i, str) for i in pair)
                for pair in pairs):
            return None
        ids[table] = [record_id for _entity_id, record_id in pairs]
    return ids


def why_outdated(metadata: Mapping[str, Any], page: bytes | None, shared: SharedVersions
                 ) -> str | None:
    """Why a made review (its notebook's ``metadata``; its ``page``, or None when no page is
    asked for) may not be shown now, ``shared`` saying what the read rule lets through:
    :data:`UNKNOWN`, :data:`CHANGED`, or None (it may)."""
    ids = shown_record_ids(metadata)
    if ids is None or (page is not None and metadata.get(PAGE_HASH_KEY) != page_sha256(page)):
        return UNKNOWN
    return CHANGED if shared.unshared(ids) or notes_left_out(metadata, ids, shared) else None


def notes_left_out(metadata: Mapping[str, Any], ids: Mapping[str, list[str]],
                   shared: SharedVersions) -> bool:
    """Whether a practitioner's review (its notebook's ``metadata``, showing the record ids
    ``ids``) leaves out a note its lead has shared about its period since it was made: My
    learning lists that note (:func:`kit.views.learning.shared_notes`, the one choice of notes
    for both), so the review would contradict it until it is made again."""
    parameters = metadata.get("parameters")
    subject = metadata.get("subject")
    if metadata.get("kind") != "practitioner" or not isinstance(parameters, dict) \
            or not isinstance(subject, str) or "review_notes" not in ids:
        return False  # a page that read no notes has no notes section to contradict the list
    from kit.model.periods import parse_period
    from kit.views.learning import note_is_about

    try:
        period = parse_period(str(parameters.get("period")))
    except KitError:  # a period this kit cannot read: nothing vouches for the page
        return True
    notes = shared.owners_values("review_notes", subject, "period", "record_id")
    about = {str(record_id) for note_period, record_id in notes if note_is_about(note_period, period)}
    return not about <= set(ids.get("review_notes", []))


def shared_now(workspace: Workspace) -> SharedVersions:
    """What the read rule lets through now, from the workspace's compiled tables (compiled
    first if records are newer; each table read once)."""
    from kit.tables.compiler import read_table
    from kit.tables.reading import SharedVersions

    return SharedVersions(lambda table: read_table(workspace, table))


def outdated(reason: str, period: str, subject: str, reader_id: str) -> ReviewOutdated:
    """The refusal of a made review that may not be shown (``reason`` from
    :func:`why_outdated`), in the words of whoever asked: the lead who runs the reviews, or
    the practitioner the review is about."""
    theirs = reader_id == subject
    if theirs:
        what = f"Your {period} review"
    elif subject == f"{COHORT_PREFIX}{reader_id}":
        what = f"Your {period} cohort overview"
    else:
        what = f"The {period} review of {subject}"
    if reason == CHANGED:
        message = f"{what} shows records that have changed since it was made, so it is not shown."
    else:
        message = (f"{what} was made before the kit kept track of the records a review shows, or "
                   "its page is left over from an earlier run, so it is not shown.")
    hint = ("Your lead's next run of the period's reviews makes it again." if theirs else
            "Run this period's reviews again: the run makes it again from the records as they are now.")
    return ReviewOutdated(message, hint)
