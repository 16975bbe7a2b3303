"""Coarsening: exact dates to months or quarters, fine categories to groups."""

from __future__ import annotations

from functools import cache
from typing import Literal

import pandas as pd

from kit.model import vocab

Grain = Literal["month", "quarter"]
GRAINS: tuple[str, ...] = ("month", "quarter")
FOCUS_KIND_GROUPS = {"family": "people", "individual": "people", "topic": "topic"}
LIFE_STAGES = ((3, "0-2 months"), (6, "3-5 months"), (12, "6-11 months"))
LATE_STAGE = "12+ months"
UNKNOWN = "unknown"


def periods(days: pd.Series, grain: Grain) -> pd.Series:
    """Dates as periods: ``2025-04`` (month) or ``2025-Q2`` (quarter)."""
    stamps = pd.to_datetime(days)
    if grain == "quarter":
        return stamps.dt.year.astype("string") + "-Q" + stamps.dt.quarter.astype("string")
    return stamps.dt.strftime("%Y-%m").astype("string")


@cache
def _role_groups() -> dict[str, str]:
    groups = {}
    for choice in vocab.load("role_groups").choices:
        for member in choice.extra.get("members", []):
            groups[str(member)] = choice.id
    return groups


def role_groups(roles: pd.Series) -> pd.Series:
    """Roles as role groups (``templates/vocab/role_groups.yaml``)."""
    return roles.map(_role_groups()).fillna(UNKNOWN).astype("string")


def focus_kind_groups(kinds: pd.Series) -> pd.Series:
    """Focus-area kinds as groups: families and individuals are 'people', topics 'topic'."""
    return kinds.map(FOCUS_KIND_GROUPS).fillna(UNKNOWN).astype("string")


def life_stages(opened: pd.Series, on: pd.Series) -> pd.Series:
    """How long a focus area had been open on each date, in coarse bands."""
    opened_at, day = pd.to_datetime(opened), pd.to_datetime(on)
    months = (day.dt.year - opened_at.dt.year) * 12 + (day.dt.month - opened_at.dt.month)
    stage = pd.Series(LATE_STAGE, index=opened.index, dtype="string")
    for limit, label in reversed(LIFE_STAGES):
        stage = stage.mask(months < limit, label)
    return stage.mask(opened_at.isna(), UNKNOWN)


def level_order() -> list[str]:
    """Learning Journey levels from first to last."""
    return vocab.load("journey_levels").ids()
