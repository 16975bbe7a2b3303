"""Personal content encrypted at rest, per person: what is sealed, what stays plain, and how
readers treat a record whose key is gone (erased: skipped, never quarantined)."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kit.capture.submit import submit
from kit.errors import StoreError
from kit.model.ids import new_record_id
from kit.model.records import (
    RECORD_TYPES,
    FocusArea,
    NamesToHide,
    Profile,
    Reflection,
    Withdrawal,
    personal_fields,
)
from kit.store import keys as data_keys
from kit.store.keyring import KEY_DIR_MODE, KEY_FILE_MODE, DataKey, KeyRing, demo_key
from kit.store.record_store import Store, decode_record, encode_record
from kit.store.workspace import Settings, Workspace
from kit.tables.compiler import compile_tables, read_table

DAY = date(2025, 4, 3)
SECRET = "Kestrel Avenue, where Marnie Fairweather lives"


def reflection(area: FocusArea, text: str = SECRET, practitioner_id: str = "p01") -> Reflection:
    return Reflection.new(practitioner_id=practitioner_id, reflection_date=DAY,
                          focus_area_ids=[area.entity_id], template="rolfe",
                          answers={"what": text, "so_what": "We slowed down.", "now_what": "Ask again"})


def test_every_field_that_can_identify_someone_is_personal() -> None:
    wanted = {"profiles": {"display_name", "organisation"}, "focus_areas": {"label", "aim"},
              "reflections": {"answers"}, "micro_projects": {"title", "idea"},
              "review_notes": {"text"}, "withdrawals": {"reason"}, "support_contacts": {"note"},
              "licence_events": {"reason"}, "journey_steps": {"note"},
              "names_to_hide": {"names", "places", "organisations", "other"}}
    for model in RECORD_TYPES:
        assert personal_fields(model) == wanted.get(model.TABLE, set()) | {"edit_reason"}, model.TABLE


def test_personal_content_is_sealed_and_ids_dates_codes_stay_plain(workspace: Workspace,
                                                                   make_focus_area) -> None:
    area = make_focus_area(label="Marnie's family", aim="Calmer mornings for Marnie")
    record = reflection(area)
    submit(workspace, record)
    edited = record.revise(author_id="p01", edit_reason="Took out Marnie's street",
                           answers={"what": "A street", "so_what": "x", "now_what": "y"})
    submit(workspace, edited)
    names = NamesToHide.new(practitioner_id="p01", focus_area_id=area.entity_id, names=["Marnie"],
                            places=["Kestrel Avenue"])
    submit(workspace, names)
    files = list(workspace.store.record_files())
    raw = b"".join(path.read_bytes() for path in files)
    for text in ("Marnie", "Kestrel", "Practitioner One", "Calmer mornings", "Took out", "slowed"):
        assert text.encode() not in raw, text
    plain = json.loads(workspace.store.path_for(edited).read_bytes())
    assert plain["record_id"] == edited.record_id and plain["supersedes"] == record.record_id
    assert plain["reflection_date"] == "2025-04-03" and plain["template"] == "rolfe"
    assert plain["focus_area_ids"] == [area.entity_id] and plain["visibility"] == "lead"
    assert "answers" not in plain and "edit_reason" not in plain
    assert plain["sealed"].startswith("v1.")
    assert workspace.store.versions(Reflection.TABLE, "p01") == [record, edited]
    assert workspace.store.versions(NamesToHide.TABLE, "p01") == [names]


def test_each_write_has_a_fresh_nonce(tmp_path: Path) -> None:
    keys = KeyRing(tmp_path / "keys")
    area = FocusArea.new(practitioner_id="p01", label="Family A", focus_kind="family", opened_on=DAY)
    first, second = encode_record(area, keys), encode_record(area, keys)
    assert first != second
    assert decode_record(first, keys) == decode_record(second, keys) == area


def test_keys_are_one_file_a_person_0600_in_a_0700_folder(workspace: Workspace, make_focus_area) -> None:
    make_focus_area("p01")
    make_focus_area("p02", label="Family B")
    folder = data_keys.key_folder(workspace)
    assert folder == workspace.root / "private" / "keys"
    assert stat.S_IMODE(folder.stat().st_mode) == KEY_DIR_MODE
    assert sorted(path.name for path in folder.iterdir()) == ["p01.key", "p02.key"]
    assert {stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()} == {KEY_FILE_MODE}
    assert data_keys.people_with_keys(workspace) == ["p01", "p02"]
    p01 = json.loads((folder / "p01.key").read_text())
    assert p01["algorithm"] == "AES-256-GCM" and p01["demo"] is False


def test_sealed_content_moved_to_another_record_does_not_open(workspace: Workspace,
                                                               make_focus_area) -> None:
    area = make_focus_area()
    first, second = reflection(area, "first"), reflection(area, "second")
    for record in (first, second):
        submit(workspace, record)
    one, two = (workspace.store.path_for(r) for r in (first, second))
    token = json.loads(one.read_bytes())["sealed"]
    moved = json.loads(two.read_bytes()) | {"sealed": token}
    two.write_text(json.dumps(moved, separators=(",", ":")) + "\n")
    loaded = workspace.store.load(Reflection.TABLE)
    assert [r.record_id for r in loaded.records] == [first.record_id]
    assert [reason for _, reason in loaded.quarantined] == [
        "its sealed content does not open with its practitioner's key (damaged, or copied from "
        "another record)"]
    assert loaded.erased == []


def test_a_record_whose_key_is_gone_is_skipped_never_quarantined(workspace: Workspace,
                                                                 make_focus_area) -> None:
    mine, theirs = make_focus_area("p01"), make_focus_area("p02", label="Family B")
    submit(workspace, reflection(mine))
    submit(workspace, reflection(theirs, "Theirs", practitioner_id="p02"))
    p01_files = list(workspace.store.record_files(practitioner_id="p01"))
    assert data_keys.destroy_key(workspace, "p01") is True
    assert data_keys.destroy_key(workspace, "p01") is False

    loaded = Workspace.open(workspace.root).store.load()
    assert {r.practitioner_id for r in loaded.records} == {"p02"}
    assert loaded.quarantined == [] and sorted(loaded.erased) == sorted(p01_files)
    assert all(path.exists() for path in p01_files)  # left where they are: nobody can read them
    compiled = compile_tables(workspace, rebuild=True)
    assert compiled.quarantined == []
    assert set(read_table(workspace, "reflections")["practitioner_id"]) == {"p02"}
    assert not workspace.store.quarantine_dir.exists() or not any(workspace.store.quarantine_dir.iterdir())


def test_a_long_running_store_notices_a_key_destroyed_elsewhere(workspace: Workspace,
                                                                make_focus_area) -> None:
    area = make_focus_area()
    assert [r.entity_id for r in workspace.store.latest(FocusArea.TABLE, "p01")] == [area.entity_id]
    other_process = Workspace.open(workspace.root)
    data_keys.destroy_key(other_process, "p01")
    assert workspace.store.latest(FocusArea.TABLE, "p01") == []
    again = FocusArea.new(practitioner_id="p01", label="Family C", focus_kind="family", opened_on=DAY)
    workspace.store.write(again)  # a new key, with a new id: the old records stay gone
    assert [r.entity_id for r in workspace.store.latest(FocusArea.TABLE, "p01")] == [again.entity_id]
    assert len(workspace.store.load(FocusArea.TABLE).erased) == 1


def test_plain_records_written_before_encryption_still_read(workspace: Workspace) -> None:
    area = FocusArea.new(practitioner_id="p01", label="Old plain", focus_kind="family", opened_on=DAY)
    path = workspace.store.path_for(area)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode_record(area))
    assert b"Old plain" in path.read_bytes()
    assert workspace.store.versions(FocusArea.TABLE, "p01") == [area]
    assert "Old plain" in set(read_table(workspace, "focus_areas")["label"])


def test_a_workspace_without_a_key_folder_keeps_records_plain(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "copy", Settings(name="copy", key_folder=None))
    assert ws.key_folder is None and not (tmp_path / "copy" / "private" / "keys").exists()
    area = FocusArea.new(practitioner_id="p01", label="Family A", focus_kind="family", opened_on=DAY)
    assert b"Family A" in ws.store.write(area).read_bytes()
    with pytest.raises(StoreError, match="keeps its records plain"):
        data_keys.destroy_key(ws, "p01")


def test_a_damaged_key_file_stops_reading_with_a_sentence(workspace: Workspace, make_focus_area) -> None:
    make_focus_area()
    (workspace.root / "private" / "keys" / "p01.key").write_text("{not json")
    with pytest.raises(StoreError, match=r"p01.key cannot be read .*Restore the key folder"):
        Workspace.open(workspace.root).store.load()


def test_demo_keys_are_reproducible_and_say_they_are_demo_keys(tmp_path: Path) -> None:
    key = demo_key("p01", 1)
    assert key == demo_key("p01", 1) and key.secret != demo_key("p02", 1).secret
    assert DataKey.from_bytes(key.to_bytes(), "p01") == key
    assert b"DEMO KEY" in key.to_bytes()
    keys = KeyRing(tmp_path / "keys")
    keys.add(key)
    profile = Profile.new(practitioner_id="p01", display_name="Sam", role="learner", stage="trainee")
    assert encode_record(profile, keys) == encode_record(profile, keys)
    assert b"Sam" not in encode_record(profile, keys)


def test_a_withdrawal_reason_is_sealed_with_the_practitioners_key(tmp_path: Path) -> None:
    store = Store(tmp_path)
    withdrawal = Withdrawal.new(practitioner_id="p02", target_entity_id=new_record_id("focus_area"),
                                target_table="focus_areas", reason="Named Marnie by mistake")
    raw = store.write(withdrawal).read_bytes()
    assert b"Marnie" not in raw and (tmp_path / "private" / "keys" / "p02.key").exists()
    assert store.read(store.path_for(withdrawal)) == withdrawal


def test_a_workspace_opened_by_a_relative_path_compiles_its_sealed_records(
        workspace: Workspace, make_reflection) -> None:
    make_reflection()
    candle = Path(sys.executable).with_name("candle")
    done = subprocess.run([str(candle), "compact", workspace.root.name], cwd=workspace.root.parent,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert len(read_table(Workspace.open(workspace.root), "reflections")) == 1


def test_a_key_missing_without_an_erasure_stops_the_compile_and_is_not_read_as_erased(
        workspace: Workspace, make_reflection) -> None:
    make_reflection()
    key = workspace.store.keys.path("p01")
    kept = key.read_bytes()
    key.unlink()
    with pytest.raises(StoreError, match="never erased"):
        compile_tables(workspace, rebuild=True)
    key.write_bytes(kept)
    assert len(read_table(workspace, "reflections")) == 1  # nothing was cached as erased
    data_keys.destroy_key(workspace, "p01")  # erase_person does this, then rebuilds the tables
    compile_tables(workspace, rebuild=True)
    assert len(read_table(workspace, "reflections")) == 0
