"""What a review shows, recorded as it is drawn: the record versions its rows came from.

The kernel that draws a review gathers its rows (:mod:`kit.reviews.data`) and reports their
versions with its heading (:func:`shown_output`, which each review's ``heading()`` in
:mod:`kit.reviews.pages` returns): per table, the ``[entity id, record id]`` of each
row's version, for every table the review reads (a reflection's answers, tags and focus-area
links follow their reflection, so the reflections' ids cover them). The runner moves that
report into the notebook's ``candle`` metadata (:func:`take_shown`), from where
:mod:`kit.views.made_reviews` checks it against the read rule before the page is served.

Recorded from the rows the kernel draws (those the runner's plan gathered and handed it,
:mod:`kit.reviews.given`, or, run by hand, those it read itself), so a record saved while
the run was under way is recorded if, and only if, the page shows it. A cohort overview shows counts,
licence statuses and vocabulary labels, no free text; it is recorded and checked the same way
(its counts and tags come from the same reflections).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kit.views.made_reviews import METADATA_KEY, SHOWN_KEY

if TYPE_CHECKING:
    import pandas as pd
    from IPython.display import HTML

Shown = dict[str, list[list[str]]]
"""Table -> sorted ``[entity id, record id]`` pairs."""


def shown_versions(frames: Mapping[str, pd.DataFrame]) -> Shown:
    """The versions the rows of ``frames`` (a review's inputs, by table name) came from; a
    frame that is not a record table (e.g. a cohort's list of ids) or a long table is left
    out."""
    from kit.tables.specs import LONG_TABLES, TABLE_NAMES

    shown: Shown = {}
    for table, frame in frames.items():
        if table in TABLE_NAMES and table not in LONG_TABLES:
            pairs = set(zip(map(str, frame["entity_id"].tolist()), map(str, frame["record_id"].tolist()),
                            strict=True))
            shown[table] = [list(pair) for pair in sorted(pairs)]
    return shown


def shown_output(html: str, shown: Shown) -> HTML:
    """``html`` as a cell's output that also reports ``shown`` (in its metadata, which no page
    renders)."""
    from IPython.display import HTML

    return HTML(html, metadata={METADATA_KEY: {SHOWN_KEY: shown}})


def take_shown(notebook: Any) -> Shown | None:
    """The versions an executed review's outputs report (every report merged), each report
    removed from its output; None when no output reports any (a template that does not say
    what it shows: nothing vouches for its text)."""
    found: dict[str, set[tuple[str, str]]] | None = None
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for meta in output.get("metadata", {}).values():
                report = meta.pop(METADATA_KEY, None) if isinstance(meta, dict) else None
                if not isinstance(report, dict) or not isinstance(report.get(SHOWN_KEY), dict):
                    continue
                found = {} if found is None else found
                for table, pairs in report[SHOWN_KEY].items():
                    found.setdefault(table, set()).update((str(e), str(r)) for e, r in pairs)
    if found is None:
        return None
    return {table: sorted([entity, record] for entity, record in pairs)
            for table, pairs in sorted(found.items())}
