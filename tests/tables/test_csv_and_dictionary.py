"""CSV files (formula neutralising, odd text, ISO dates) and the data dictionary."""

from __future__ import annotations

import csv
import io
import json

import frictionless
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tables_support import FORMULA_NOTE, ODD_TEXT, Filled

from kit.cli import main
from kit.model import vocab
from kit.tables.compiler import compile_tables, csv_safe, read_table, table_path
from kit.tables.csv_format import write_csv
from kit.tables.dictionary import data_dictionary, table_schema
from kit.tables.specs import TABLE_NAMES, column_types, free_text_columns, table_spec


def csv_rows(filled: Filled, name: str) -> list[dict[str, str]]:
    text = table_path(filled.ws, name, "csv").read_bytes().decode("utf-8")  # strict UTF-8
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_formulas_are_neutralised_in_csv_but_kept_in_parquet(filled: Filled) -> None:
    compile_tables(filled.ws)
    notes = [row["note"] for row in csv_rows(filled, "support_contacts")]
    assert notes == ["'" + FORMULA_NOTE]
    answers = {row["answer"] for row in csv_rows(filled, "reflection_answers")}
    assert {"'-steady adult", "'+1 for the new routine", "'@mention"} <= answers
    parquet = pq.read_table(table_path(filled.ws, "support_contacts")).column("note").to_pylist()
    assert parquet == [FORMULA_NOTE]


def test_csv_safe_leaves_other_text_and_nulls_alone() -> None:
    table = pa.table({"a": ["=x", "x=", None, "", "@", "plain"]})
    assert csv_safe(table).column("a").to_pylist() == ["'=x", "x=", None, "", "'@", "plain"]


def test_odd_text_round_trips_through_csv_and_parquet(filled: Filled) -> None:
    compile_tables(filled.ws)
    raw = table_path(filled.ws, "reflection_answers", "csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    answers = [row["answer"] for row in csv_rows(filled, "reflection_answers")
               if row["record_id"] == filled.odd.record_id]
    assert answers == [ODD_TEXT]
    frame = read_table(filled.ws, "reflection_answers")
    assert ODD_TEXT in set(frame["answer"])


def test_csv_dates_and_times_are_iso(filled: Filled) -> None:
    compile_tables(filled.ws)
    row = next(r for r in csv_rows(filled, "reflections") if r["record_id"] == filled.odd.record_id)
    assert row["reflection_date"] == "2025-04-03"
    assert row["created_at"] == filled.odd.created_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert row["is_latest"] == "true" and row["is_withdrawn"] == "false"


def test_the_written_datapackage_validates_with_frictionless(filled: Filled) -> None:
    compile_tables(filled.ws)
    report = frictionless.validate(filled.ws.folder("tables") / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_frictionless_notices_a_value_outside_the_vocabulary(filled: Filled) -> None:
    compile_tables(filled.ws)
    path = table_path(filled.ws, "reflection_tags", "csv")
    path.write_text(path.read_text(encoding="utf-8").replace('"fog"', '"not_a_tag"'), encoding="utf-8")
    report = frictionless.validate(filled.ws.folder("tables") / "datapackage.json")
    assert not report.valid
    assert "constraint-error" in {error.type for task in report.tasks for error in task.errors}


def test_the_dictionary_describes_every_column_of_every_table(filled: Filled) -> None:
    compile_tables(filled.ws)
    package = json.loads((filled.ws.folder("tables") / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(TABLE_NAMES)
    for resource in package["resources"]:
        columns = pq.read_schema(table_path(filled.ws, resource["name"])).names
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == columns
        for field in fields:
            assert field["title"] and field["description"] and field["type"]
            assert "required" in field["constraints"]
    assert package == data_dictionary()


def test_the_dictionary_comes_from_the_record_models() -> None:
    fields = {f["name"]: f for f in table_schema("reflections")["fields"]}
    assert fields["template"]["constraints"]["enum"] == vocab.load("reflection_templates").ids()
    assert fields["self_understanding"]["constraints"] == {"required": False, "minimum": 1, "maximum": 5}
    assert fields["reflection_date"]["type"] == "date"
    assert fields["created_at"]["type"] == "datetime"
    assert fields["edit_reason"]["privacy"] == "private_note"
    tags = {f["name"]: f for f in table_schema("reflection_tags")["fields"]}
    assert tags["tag"]["constraints"]["enum"] == vocab.load("concept_tags").ids()
    assert table_schema("reflection_tags")["foreignKeys"][0]["reference"]["resource"] == "reflections"
    assert table_schema("profiles")["primaryKey"] == ["record_id"]


def test_column_types_match_the_parquet_types() -> None:
    arrow_names = {"string": "string", "integer": "int64", "boolean": "bool", "date": "date32[day]",
                   "datetime": "timestamp[us, tz=UTC]"}
    for name in TABLE_NAMES:
        schema = table_spec(name).arrow_schema()
        for column, kind in column_types(name).items():
            assert str(schema.field(column).type) == arrow_names[kind], (name, column)


def test_candle_compact_prints_a_summary(filled: Filled, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compact", str(filled.ws.root)]) == 0
    out = capsys.readouterr().out
    assert "reflection_answers" in out and "rebuilt from records" in out
    assert main(["compact", str(filled.ws.root)]) == 0
    assert "0 new record files read, incremental" in capsys.readouterr().out
    assert main(["compact", str(filled.ws.root), "--rebuild"]) == 0
    assert "(asked for)" in capsys.readouterr().out


def test_candle_compact_on_a_missing_workspace_is_one_line(tmp_path, capsys) -> None:
    assert main(["compact", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("name", ["reflections", "reflection_answers", "support_contacts"])
def test_one_csv_dialect_for_tables_and_exports(filled: Filled, tmp_path, name: str) -> None:
    """write_csv (the research export's writer) gives the compiled table's CSV byte for byte."""
    compile_tables(filled.ws)
    table = pq.read_table(table_path(filled.ws, name))
    again = write_csv(tmp_path / f"{name}.csv", table, set(free_text_columns(name)))
    assert again.read_bytes() == table_path(filled.ws, name, "csv").read_bytes()
