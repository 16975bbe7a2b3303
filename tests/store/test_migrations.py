"""Old schema versions migrate on read; unknown ones are refused (and quarantined)."""

from __future__ import annotations

import json

import pytest

from kit.model.migrations import UnknownSchemaVersion, migrate
from kit.model.records import Reflection

V1_ID = "reflection-01JAAAAAAAAAAAAAAAAAAAAAAA"


def v1_reflection(focus_area_id: str = "focus_area-1", record_id: str = V1_ID) -> dict:
    return {
        "kind": "reflection", "schema_version": 1, "record_id": record_id, "entity_id": record_id,
        "practitioner_id": "p01", "author_id": "p01", "created_at": "2025-04-03T09:00:00Z",
        "reflection_date": "2025-04-03", "focus_area_id": focus_area_id, "template": "rolfe",
        "answers": {"what": "An old reflection."},
    }


def test_reflection_v1_becomes_v2_with_a_list_of_focus_areas() -> None:
    upgraded = migrate(v1_reflection())
    assert upgraded["schema_version"] == 2
    assert upgraded["focus_area_ids"] == ["focus_area-1"]
    assert "focus_area_id" not in upgraded
    assert Reflection.model_validate(upgraded).focus_area_ids == ["focus_area-1"]


def test_migrate_does_not_change_its_input() -> None:
    original = v1_reflection()
    migrate(original)
    assert original["schema_version"] == 1 and "focus_area_id" in original


def test_current_versions_pass_unchanged() -> None:
    current = migrate(v1_reflection())
    assert migrate(current) == current


@pytest.mark.parametrize(("change", "reason"), [
    ({"schema_version": 3}, "newer than this kit reads"),
    ({"schema_version": 0}, "not a positive whole number"),
    ({"schema_version": True}, "not a positive whole number"),
    ({"schema_version": "2"}, "not a positive whole number"),
    ({"kind": "diary"}, "unknown record kind"),
])
def test_unreadable_versions_are_refused_with_a_reason(change: dict, reason: str) -> None:
    with pytest.raises(UnknownSchemaVersion, match=reason):
        migrate({**v1_reflection(), **change})


def test_v1_reflection_file_migrates_when_the_store_reads_it(workspace, make_focus_area) -> None:
    area = make_focus_area()
    data = v1_reflection(area.entity_id)
    folder = workspace.store.table_dir("reflections") / "p01"
    folder.mkdir(parents=True)
    (folder / f"{data['record_id']}.json").write_text(json.dumps(data), encoding="utf-8")
    [reflection] = workspace.store.latest("reflections", "p01")
    assert isinstance(reflection, Reflection)
    assert reflection.schema_version == 2
    assert reflection.focus_area_ids == [area.entity_id]
    assert workspace.store.quarantined_files() == []
