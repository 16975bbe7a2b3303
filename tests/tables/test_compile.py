"""What the compiled tables hold: shape, long tables, versions and flags, types."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest
from tables_support import Filled

from kit.capture.submit import submit
from kit.errors import TableError
from kit.model.records import Reflection
from kit.tables.compiler import compile_tables, is_stale, read_table, table_path
from kit.tables.specs import ENVELOPE, FLAG_COLUMNS, TABLE_NAMES, VERSION_COLUMN, table_spec


def test_every_table_is_written_as_parquet_and_csv_with_the_dictionary(filled: Filled) -> None:
    report = compile_tables(filled.ws)
    folder = filled.ws.folder("tables")
    for name in TABLE_NAMES:
        assert (folder / f"{name}.parquet").is_file()
        assert (folder / f"{name}.csv").is_file()
    assert (folder / "datapackage.json").is_file()
    assert report.tables_written == list(TABLE_NAMES)
    assert not list(folder.glob(".*.tmp"))


def test_every_row_carries_the_envelope_and_flags(filled: Filled) -> None:
    compile_tables(filled.ws)
    for name in TABLE_NAMES:
        columns = pq.read_schema(table_path(filled.ws, name)).names
        assert columns[: 1 + len(ENVELOPE)] == [VERSION_COLUMN, *ENVELOPE]
        assert columns[-2:] == list(FLAG_COLUMNS)
        assert columns == table_spec(name).column_names


def test_names_to_hide_are_never_compiled(filled: Filled) -> None:
    compile_tables(filled.ws)
    folder = filled.ws.folder("tables")
    assert not list(folder.glob("names_to_hide*"))
    for path in folder.glob("*.csv"):
        assert "Hilltop School" not in path.read_text(encoding="utf-8")
    with pytest.raises(TableError, match="names_to_hide"):
        read_table(filled.ws, "names_to_hide")


def test_reflections_keep_scalar_fields_only(filled: Filled) -> None:
    frame = read_table(filled.ws, "reflections")
    own = [c for c in frame.columns if c not in (VERSION_COLUMN, *ENVELOPE, *FLAG_COLUMNS)]
    assert own == ["reflection_date", "template", "self_understanding", "self_confidence",
                   "visibility", "referred_on"]


def test_answers_are_a_long_table_in_prompt_order_without_blank_answers(filled: Filled) -> None:
    answers = read_table(filled.ws, "reflection_answers")
    mine = answers[answers["record_id"] == filled.r1_edit.record_id]
    assert mine["prompt_id"].tolist() == ["what_happened", "my_role", "next_step"]
    assert mine["prompt_order"].tolist() == [1, 6, 7]
    assert mine["answer"].tolist() == ["We met after school.", "-steady adult", "Phone on Thursday."]
    assert (mine["entity_id"] == filled.r1.entity_id).all()


def test_tags_and_focus_areas_are_long_tables(filled: Filled) -> None:
    tags = read_table(filled.ws, "reflection_tags")
    assert sorted(tags.loc[tags["record_id"] == filled.r1_edit.record_id, "tag"]) == ["fog", "nurture"]
    links = read_table(filled.ws, "reflection_focus_areas")
    linked = links.loc[links["record_id"] == filled.r1_edit.record_id, "focus_area_id"]
    assert sorted(linked) == sorted(filled.area_ids)


def test_versions_are_kept_with_is_latest(filled: Filled) -> None:
    every = read_table(filled.ws, "reflections", current_only=False)
    versions = every[every["entity_id"] == filled.r1.entity_id].set_index("record_id")
    assert versions.loc[filled.r1.record_id, "is_latest"] == False  # noqa: E712
    assert versions.loc[filled.r1_edit.record_id, "is_latest"] == True  # noqa: E712
    assert versions.loc[filled.r1_edit.record_id, "supersedes"] == filled.r1.record_id
    assert versions.loc[filled.r1_edit.record_id, "edit_reason"] == "Added the role"
    answers = read_table(filled.ws, "reflection_answers", current_only=False)
    old = answers[answers["record_id"] == filled.r1.record_id]
    assert len(old) == 2 and not old["is_latest"].any()


def test_withdrawn_records_are_flagged_in_their_long_tables_too(filled: Filled) -> None:
    for name in ("reflections", "reflection_answers", "reflection_focus_areas"):
        every = read_table(filled.ws, name, current_only=False)
        rows = every[every["entity_id"] == filled.r2.entity_id]
        assert len(rows) and rows["is_withdrawn"].all()
        assert filled.r2.entity_id not in set(read_table(filled.ws, name)["entity_id"])
    withdrawals = read_table(filled.ws, "withdrawals")
    assert withdrawals["target_entity_id"].tolist() == [filled.r2.entity_id]


def test_current_only_keeps_latest_and_not_withdrawn(filled: Filled) -> None:
    current = read_table(filled.ws, "reflections")
    assert set(current["record_id"]) == {filled.r1_edit.record_id, filled.odd.record_id}
    assert current["is_latest"].all() and not current["is_withdrawn"].any()


def test_types_dates_times_and_whole_numbers(filled: Filled) -> None:
    frame = read_table(filled.ws, "reflections")
    assert pd.api.types.is_datetime64_any_dtype(frame["reflection_date"])
    assert str(frame["created_at"].dt.tz) == "UTC"
    assert str(frame["self_understanding"].dtype) == "Int64"
    assert frame["is_latest"].dtype == bool
    assert frame[VERSION_COLUMN].eq(1).all()
    contacts = read_table(filled.ws, "support_contacts")
    assert str(contacts["minutes"].dtype) == "Int64"


def test_read_table_compiles_when_records_are_newer(filled: Filled) -> None:
    compile_tables(filled.ws)
    before = len(read_table(filled.ws, "reflections"))
    submit(filled.ws, Reflection.new(practitioner_id="p01", reflection_date="04/04/2025",
                                     focus_area_ids=[filled.area_ids[0]], template="nuggets",
                                     answers={"nugget": "Small steps."}))
    assert is_stale(filled.ws)
    assert len(read_table(filled.ws, "reflections")) == before + 1


def test_an_unknown_table_is_a_clear_error(filled: Filled) -> None:
    with pytest.raises(TableError, match=r"no table called 'reflectionz'.*reflection_answers"):
        read_table(filled.ws, "reflectionz")


def test_an_empty_workspace_compiles_to_empty_tables(workspace) -> None:
    report = compile_tables(workspace)
    assert report.rows["reflections"] == 0
    assert read_table(workspace, "reflection_answers").empty
