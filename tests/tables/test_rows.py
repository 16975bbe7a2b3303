"""own_rows: the one filter that hands a person their rows and nobody else's."""

from __future__ import annotations

import pandas as pd

from kit.tables.rows import own_rows, owned_by, values_by_owner

FRAME = pd.DataFrame({"practitioner_id": ["p01", "p02", None, "p01", "p010"], "x": [1, 2, 3, 4, 5]},
                     index=[10, 11, 12, 13, 14])


def test_one_id_gives_exactly_that_persons_rows_with_their_labels() -> None:
    mine = own_rows(FRAME, "p01")
    assert mine.index.tolist() == [10, 13] and mine["x"].tolist() == [1, 4]


def test_several_ids_and_no_ids() -> None:
    assert own_rows(FRAME, ["p02", "p01", "p02"])["x"].tolist() == [1, 2, 4]
    assert own_rows(FRAME, []).empty
    assert owned_by(FRAME, iter(["p010"])).tolist() == [False, False, False, False, True]


def test_values_split_by_owner_are_those_own_rows_gives_each_person() -> None:
    split = values_by_owner(FRAME, ["x"])
    assert sorted(split) == ["p01", "p010", "p02"]  # nobody for the row without an owner
    for owner, values in split.items():
        assert values == [(x,) for x in own_rows(FRAME, owner)["x"]]
    assert values_by_owner(FRAME.iloc[:0], ["x"]) == {}
