"""k-anonymity counts people, not rows; aggregates hide small cells and their complements."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.research.kanon import SUPPRESSED, TOTAL, k_anonymise, safe_crosstab

QUASI = ["period", "role_group"]


def _rows(groups: dict[tuple[str, str], list[str]]) -> pd.DataFrame:
    rows = [{"period": p, "role_group": r, "practitioner_id": person}
            for (p, r), people in groups.items() for person in people]
    return pd.DataFrame(rows)


def test_a_group_dominated_by_one_practitioner_is_suppressed() -> None:
    dominated = ["a"] * 10 + ["b", "c", "d"]  # 13 rows but only 4 people
    frame = _rows({("2025-03", "practice"): dominated,
                   ("2025-04", "practice"): ["e", "f", "g", "h", "i"],
                   ("2025-05", "practice"): ["j", "k", "l", "m"]})
    kept, report = k_anonymise(frame, QUASI, "practitioner_id", k=5)
    march = kept[kept.index < 13]
    assert (march["period"] == SUPPRESSED).all()
    april = kept[(kept.index >= 13) & (kept.index < 18)]
    assert (april["period"] == "2025-04").all()
    assert report.generalised_rows == 17  # March and May rows pooled: 8 people share 'suppressed'
    assert report.dropped_rows == 0


def test_rows_that_cannot_be_protected_are_dropped() -> None:
    frame = _rows({("2025-03", "practice"): ["a"] * 20, ("2025-04", "lead"): ["b", "c"]})
    kept, report = k_anonymise(frame, QUASI, "practitioner_id", k=5)
    assert kept.empty
    assert report.dropped_rows == 22 and report.dropped_practitioners == 3


def test_small_cells_and_their_complements_are_suppressed() -> None:
    frame = pd.DataFrame({
        "period": ["m1"] * 12 + ["m2"] * 9,
        "kind": ["people"] * 10 + ["topic"] * 2 + ["people"] * 6 + ["topic"] * 3,
        "person": [f"p{i}" for i in range(21)],
    })
    table = safe_crosstab(frame, "period", "kind", "person", k=5)
    grid = table.pivot(index="period", columns="kind", values="suppressed")
    assert grid.loc["m1", "topic"] and grid.loc["m2", "topic"]
    hidden = grid.to_numpy()
    for line in (*hidden, *hidden.T):
        assert line.sum() != 1, "a lone suppressed cell could be recovered from its total"
    shown = table[~table["suppressed"]]
    inner = shown[(shown["period"] != TOTAL) & (shown["kind"] != TOTAL)]
    assert ((inner["reflections"] == 0) | (inner["reflections"] >= 5)).all()
    assert table.loc[(table["period"] == TOTAL) & (table["kind"] == TOTAL), "reflections"].item() == 21


def test_counts_of_few_people_are_suppressed_even_when_rows_are_many() -> None:
    frame = pd.DataFrame({"period": ["m1"] * 30, "kind": ["people"] * 30,
                          "person": ["a", "b"] * 15})
    table = safe_crosstab(frame, "period", "kind", "person", k=5)
    assert table["suppressed"].all()
    assert np.all(table["reflections"].isna())
