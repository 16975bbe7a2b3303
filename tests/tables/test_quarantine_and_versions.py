"""Bad record files during a compile; table schema versions; schema unification."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tables_support import Filled

from kit.errors import TableError
from kit.tables import compiler as tables
from kit.tables import versions
from kit.tables.cache import conform
from kit.tables.compiler import compile_tables, read_table, table_path
from kit.tables.specs import TABLE_SCHEMA_VERSION, VERSION_COLUMN, table_spec


@pytest.mark.parametrize("damage", [
    pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
    pytest.param(lambda raw: b"", id="empty"),
    pytest.param(lambda raw: b"\xef\xbb\xbf" + raw, id="bom"),
    pytest.param(lambda raw: raw.replace(b'"schema_version":2', b'"schema_version":9'), id="newer-version"),
    pytest.param(lambda raw: raw.replace(b'"template":"rolfe"', b'"template":"nope"'), id="invalid"),
])
def test_a_bad_file_is_quarantined_and_the_rest_compiles(filled: Filled, damage) -> None:
    path = filled.ws.store.path_for(filled.odd)
    path.write_bytes(damage(path.read_bytes()))
    report = compile_tables(filled.ws)
    assert [p.name for p, _ in report.quarantined] == [path.name]
    assert not path.exists()
    reasons = dict(filled.ws.store.quarantined_files())
    assert any(p.name == path.name for p in reasons)
    current = read_table(filled.ws, "reflections")
    assert filled.odd.record_id not in set(current["record_id"])
    assert filled.r1_edit.record_id in set(current["record_id"])
    assert "quarantine" in report.summary()


def test_an_old_record_version_is_migrated_on_compile(filled: Filled) -> None:
    path = filled.ws.store.path_for(filled.odd)
    data = json.loads(path.read_bytes())
    data["schema_version"] = 1
    data["focus_area_id"] = data.pop("focus_area_ids")[0]
    path.write_text(json.dumps(data), encoding="utf-8")
    compile_tables(filled.ws)
    links = read_table(filled.ws, "reflection_focus_areas")
    assert links.loc[links["record_id"] == filled.odd.record_id, "focus_area_id"].tolist() == [
        filled.odd.focus_area_ids[0]]


def rewrite_version(filled: Filled, name: str, version: int, drop: str | None = None) -> None:
    path = table_path(filled.ws, name)
    table = pq.read_table(path)
    if drop:
        table = table.drop_columns([drop])
    table = table.replace_schema_metadata({**table.schema.metadata, b"table_schema_version":
                                           str(version).encode()})
    pq.write_table(table, path)


def test_a_table_from_a_newer_kit_is_refused_clearly(filled: Filled) -> None:
    compile_tables(filled.ws)
    rewrite_version(filled, "reflections", TABLE_SCHEMA_VERSION + 1)
    with pytest.raises(TableError, match=r"newer kit.*candle compact --rebuild"):
        read_table(filled.ws, "reflections", refresh=False)


def test_an_older_table_is_upgraded_by_its_upgrader(filled: Filled, monkeypatch) -> None:
    compile_tables(filled.ws)
    rewrite_version(filled, "reflections", TABLE_SCHEMA_VERSION - 1, drop="visibility")
    monkeypatch.setattr(versions, "TABLE_UPGRADERS", {
        ("reflections", TABLE_SCHEMA_VERSION - 1):
            lambda t: t.append_column("visibility", pa.array(["lead"] * t.num_rows)),
    })
    frame = read_table(filled.ws, "reflections", refresh=False)
    assert (frame["visibility"] == "lead").all()
    assert (frame[VERSION_COLUMN] == TABLE_SCHEMA_VERSION).all()


def test_an_older_table_without_upgrader_is_rebuilt_from_records(filled: Filled) -> None:
    compile_tables(filled.ws)
    rewrite_version(filled, "reflections", TABLE_SCHEMA_VERSION - 1, drop="visibility")
    frame = read_table(filled.ws, "reflections", refresh=False)
    assert set(frame["visibility"]) == {"lead"}
    columns = pq.read_schema(table_path(filled.ws, "reflections")).names
    assert columns == table_spec("reflections").column_names


def test_an_unreadable_table_is_quarantined_and_rebuilt(filled: Filled) -> None:
    compile_tables(filled.ws)
    table_path(filled.ws, "reflections").write_bytes(b"PAR1 broken")
    frame = read_table(filled.ws, "reflections", refresh=False)
    assert len(frame) == 2
    assert any(p.name == "reflections.parquet" for p, _ in filled.ws.store.quarantined_files())


def test_conform_adds_missing_columns_and_orders_them() -> None:
    schema = table_spec("reflections").arrow_schema(with_flags=False)
    old = pa.table({"record_id": ["reflection-1"], "template": ["rolfe"], "dropped": [1]})
    unified = conform(old, schema)
    assert unified.schema == schema
    assert unified.column("template").to_pylist() == ["rolfe"]
    assert unified.column("visibility").to_pylist() == [None]


def test_a_cache_part_without_a_later_column_still_compiles(filled: Filled) -> None:
    """The pd.read_parquet(folder) pitfall: an old part lacks a column the new one has."""
    compile_tables(filled.ws)
    cache = tables.Cache(filled.ws.folder("tables"))
    part = cache.parts_dir / cache.part_names()[0] / "reflections.arrow"
    old = pa.ipc.open_file(part).read_all().drop_columns(["self_confidence"])
    with pa.OSFile(str(part), "wb") as sink, pa.ipc.new_file(sink, old.schema) as writer:
        writer.write_table(old)
    table_path(filled.ws, "reflections").unlink()
    frame = read_table(filled.ws, "reflections", current_only=False)
    assert "self_confidence" in frame.columns and frame["self_confidence"].isna().all()
    assert len(frame) == 4
