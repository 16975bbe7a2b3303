"""Readable labels for the codes in a research package's aggregate tables.

The package keeps codes (``level_2``, ``structure``, ``2026-03``) so that it is
tidy and joinable; a researcher's chart shows what they mean ("Level 2
(Framework Fundamentals)", "Structure", "Mar 2026"), from the same vocabularies
the forms use. Order is kept: periods run in time, levels up the journey.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pandas as pd

from kit.model import vocab
from kit.research import coarsen

NOT_KNOWN = "Not known"
FOCUS_KINDS = {"people": "Families and individuals", "topic": "Topics"}
TAG_GROUPS = {"value": "Core values", "idea": "Core ideas", "cycle": "Practice cycle",
              "journey": "Journey metaphor"}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def period_label(code: str) -> str:
    """``2026-03`` as ``Mar 2026``, ``2026-Q3`` as ``Jul-Sep 2026``."""
    if month := _MONTH.match(code):
        return date(int(month[1]), int(month[2]), 1).strftime("%b %Y")
    if quarter := _QUARTER.match(code):
        first = (int(quarter[2]) - 1) * 3 + 1
        start, end = (date(2000, m, 1).strftime("%b") for m in (first, first + 2))
        return f"{start}-{end} {quarter[1]}"
    return NOT_KNOWN if code == coarsen.UNKNOWN else code


@cache
def _labels(column: str) -> dict[str, str]:
    if column == "journey_level":
        return {c.id: c.label for c in vocab.load("journey_levels").choices}
    if column == "tag":
        return {c.id: c.label for c in vocab.load("concept_tags").choices}
    return {"focus_kind": FOCUS_KINDS, "tag_group": TAG_GROUPS}.get(column, {})


def label(column: str, code: str) -> str:
    """What ``code`` in ``column`` means, in words."""
    if column == "period":
        return period_label(code)
    if code == coarsen.UNKNOWN:
        return NOT_KNOWN
    return _labels(column).get(code, code)


def order(column: str, codes: pd.Series) -> list[str]:
    """The labels of ``codes`` in their natural order (time, journey, vocabulary, else as given)."""
    present = list(dict.fromkeys(codes))
    if column == "period":
        present.sort()
    elif column in ("journey_level", "tag"):
        rank = {code: n for n, code in enumerate(_labels(column))}
        present.sort(key=lambda code: rank.get(code, len(rank)))
    return [label(column, code) for code in present]


def labelled(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame`` with the codes of ``columns`` replaced by their labels."""
    return frame.assign(**{c: frame[c].map(lambda code, c=c: label(c, str(code))) for c in columns})
