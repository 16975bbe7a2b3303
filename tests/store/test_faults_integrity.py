"""Fault tests: links, misplaced and duplicate record files, and what ``candle check`` says.

Each plants what a careless user or someone on a shared server could leave in a
workspace, then checks that the store neither follows nor trusts it, that nothing
outside the workspace is touched, and that ``candle check`` exits 1 naming it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kit.capture.submit import submit, withdraw
from kit.cli import main
from kit.commands.check import check_store
from kit.errors import StoreError
from kit.model.records import Record, SupportContact
from kit.store.record_store import encode_record
from kit.store.workspace import Workspace

DAY = "03/04/2025"


def contact(practitioner_id: str = "p01", **fields: object) -> SupportContact:
    values = {"contact_date": DAY, "supporter_id": "link1", "supporter_role": "link",
              "mode": "video", "minutes": 30, **fields}
    return SupportContact.new(practitioner_id=practitioner_id, **values)


def check(capsys: pytest.CaptureFixture[str], workspace: Workspace) -> tuple[int, str]:
    code = main(["check", str(workspace.root)])
    out, err = capsys.readouterr()
    assert err == ""
    return code, out


def plant(workspace: Workspace, record: Record, owner: str) -> Path:
    """Write ``record``'s file into ``owner``'s folder of its table, as a person with a shell could."""
    path = workspace.store.table_dir(record.TABLE) / owner / f"{record.record_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    time.sleep(0.02)  # planted later than what it imitates, as in life
    path.write_bytes(encode_record(record))
    return path


def outside_folder(tmp_path: Path, count: int = 3) -> Path:
    """A folder outside the workspace holding valid record files of practitioner p99."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    for number in range(count):
        record = contact("p99", note=f"outside {number}")
        (folder / f"{record.record_id}.json").write_bytes(encode_record(record))
    return folder


# -- links ----------------------------------------------------------------------

def test_check_never_moves_files_out_of_a_folder_a_link_points_to(
        workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = outside_folder(tmp_path)
    before = sorted(path.name for path in outside.iterdir())
    link = workspace.store.table_dir("support_contacts") / "p99"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    code, out = check(capsys, workspace)
    assert code == 1
    assert sorted(path.name for path in outside.iterdir()) == before
    moved = workspace.root / "quarantine" / "records" / "support_contacts" / "p99"
    assert moved.is_symlink() and Path(os.readlink(moved)) == outside
    assert not os.path.lexists(link)
    assert "1 symbolic link moved to quarantine now." in out
    assert f"quarantine/records/support_contacts/p99: it is a symbolic link (to {outside})" in out
    assert "0 record files read" not in out and "2 record files read without problems" in out


def test_loading_never_reads_a_record_through_a_linked_file(
        workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    foreign = contact("p01")
    target = tmp_path / "forged.json"
    target.write_bytes(encode_record(foreign))
    link = workspace.store.table_dir("support_contacts") / "p01" / f"{foreign.record_id}.json"
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    assert foreign not in workspace.store.versions("support_contacts")
    assert target.read_bytes() == encode_record(foreign)  # the target stays where it was
    moved = workspace.root / "quarantine" / link.relative_to(workspace.root)
    assert moved.is_symlink()
    code, out = check(capsys, workspace)
    assert code == 1 and f"{foreign.record_id}.json: it is a symbolic link (to {target})" in out


def test_a_linked_table_folder_is_neither_read_nor_written_through(
        workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = outside_folder(tmp_path)
    table_dir = workspace.store.table_dir("support_contacts")
    table_dir.symlink_to(outside, target_is_directory=True)
    with pytest.raises(StoreError, match=r"symbolic link.*candle check"):
        submit(workspace, contact("p01"))
    assert not (outside / "p01").exists()
    loaded = workspace.store.load("support_contacts")
    assert loaded.records == [] and [why[:24] for _, why in loaded.quarantined] == [
        "it is a symbolic link (t"]
    table_dir.symlink_to(outside, target_is_directory=True)  # planted again for check
    code, out = check(capsys, workspace)
    assert code == 1 and "1 symbolic link moved to quarantine now." in out
    assert len(list(outside.iterdir())) == 3


def test_a_linked_practitioner_folder_is_never_written_into(
        workspace: Workspace, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (workspace.store.table_dir("support_contacts") / "p01").parent.mkdir(parents=True)
    (workspace.store.table_dir("support_contacts") / "p01").symlink_to(outside)
    with pytest.raises(StoreError, match=r"Nothing was saved.*symbolic link"):
        submit(workspace, contact("p01"))
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("folder", ["private", "drafts"])
def test_links_under_private_and_drafts_are_reported_and_set_aside_as_links(
        workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str], folder: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not the workspace's")
    link = workspace.root / folder / "p01" / "key.json"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    code, out = check(capsys, workspace)
    assert code == 1 and "1 symbolic link moved to quarantine now." in out
    assert f"quarantine/{folder}/p01/key.json: it is a symbolic link (to {secret})" in out
    assert secret.read_text() == "not the workspace's"
    assert not os.path.lexists(link)


# -- misplaced and duplicate records --------------------------------------------

def test_a_record_in_another_practitioners_folder_does_not_count(
        workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    forged = contact("p01")
    path = plant(workspace, forged, owner="p02")
    assert forged not in workspace.store.versions("support_contacts")
    assert workspace.store.latest("support_contacts", "p01") == []
    quarantined = dict(workspace.store.quarantined_files())
    assert quarantined[workspace.root / "quarantine" / path.relative_to(workspace.root)] == (
        "it names practitioner p01 but lies in p02's folder; "
        "a record counts only in the folder of the practitioner it names")
    code, out = check(capsys, workspace)
    assert code == 1 and "1 file in quarantine" in out


def test_check_reports_a_misplaced_record_it_finds(
        workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    plant(workspace, contact("p01"), owner="p02")
    code, out = check(capsys, workspace)
    assert code == 1
    assert "1 untrusted record file moved to quarantine now." in out
    assert "it names practitioner p01 but lies in p02's folder" in out
    assert "2 record files read without problems" in out


def test_a_record_in_another_tables_folder_does_not_count(
        workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    record = contact("p01")
    path = workspace.store.table_dir("journey_steps") / "p01" / f"{record.record_id}.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(encode_record(record))
    code, out = check(capsys, workspace)
    assert code == 1 and "it is a support_contact record in the journey_steps folder" in out


def test_a_reused_record_id_never_replaces_the_record_saved_first(
        workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    original = contact("p01", minutes=30)
    submit(workspace, original)
    forged = original.model_copy(update={"practitioner_id": "p02", "minutes": 90})
    plant(workspace, forged, owner="p02")
    latest = workspace.store.latest("support_contacts")
    assert latest == [original]
    code, out = check(capsys, workspace)
    assert code == 1
    assert (f"quarantine/records/support_contacts/p02/{original.record_id}.json: its record id "
            f"{original.record_id} is already used by p01's record saved earlier") in out


def test_a_version_planted_in_another_folder_never_supersedes_a_record(
        workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    original = contact("p01", minutes=30)
    submit(workspace, original)
    forged = original.revise(author_id="p02", edit_reason="forged", minutes=5)
    forged = forged.model_copy(update={"practitioner_id": "p02"})
    plant(workspace, forged, owner="p02")
    assert workspace.store.latest("support_contacts") == [original]
    code, out = check(capsys, workspace)
    assert code == 1 and f"it claims to be a version of p01's record {original.entity_id}" in out


def test_a_withdrawal_in_one_folder_never_withdraws_anothers_record(
        workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    mine = contact("p01")
    submit(workspace, mine)
    theirs = contact("p02")
    submit(workspace, theirs)
    withdrawal = withdraw(workspace, "support_contacts", theirs.entity_id, practitioner_id="p02",
                          author_id="p02", reason="mine to withdraw")
    # another id than the genuine withdrawal's (its last character changed, never to itself:
    # an id ending in Z once made the forgery replace the genuine file, 1 run in 32)
    last = "Y" if withdrawal.record_id.endswith("Z") else "Z"
    forged_id = withdrawal.record_id[:-1] + last
    forged = withdrawal.model_copy(update={"target_entity_id": mine.entity_id,
                                           "record_id": forged_id, "entity_id": forged_id})
    plant(workspace, forged, owner="p02")
    assert workspace.store.latest("support_contacts") == [mine]
    code, out = check(capsys, workspace)
    assert code == 1 and f"it withdraws p01's record {mine.entity_id}" in out
    assert workspace.store.latest("support_contacts") == [mine]


def test_an_honest_store_checks_clean(workspace: Workspace, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    first = contact("p01")
    submit(workspace, first)
    submit(workspace, first.revise(author_id="p01", edit_reason="typo", minutes=45))
    code, out = check(capsys, workspace)
    assert code == 0 and "4 record files read without problems" in out


def test_the_compiled_tables_hold_only_the_honest_records(
        workspace: Workspace, tmp_path: Path) -> None:
    from kit.tables.compiler import compile_tables, read_table

    original = contact("p01", minutes=30)
    submit(workspace, original)
    outside = outside_folder(tmp_path)
    (workspace.store.table_dir("support_contacts") / "p99").symlink_to(outside)
    linked = contact("p02", note="behind a link")
    target = tmp_path / "linked.json"
    target.write_bytes(encode_record(linked))
    (workspace.store.table_dir("support_contacts") / "p02").mkdir()
    (workspace.store.table_dir("support_contacts") / "p02" / f"{linked.record_id}.json").symlink_to(target)
    plant(workspace, contact("p01", note="misplaced"), owner="p02")
    plant(workspace, original.model_copy(update={"practitioner_id": "p02", "minutes": 90}), owner="p02")
    version = original.revise(author_id="p02", edit_reason="forged", minutes=5)
    plant(workspace, version.model_copy(update={"practitioner_id": "p02"}), owner="p02")
    table = read_table(workspace, "support_contacts")
    own = table[table["practitioner_id"] == "p01"]
    assert own["record_id"].tolist() == [original.record_id] and own["minutes"].tolist() == [30]
    assert linked.record_id not in set(table["record_id"])  # never read through a link
    assert "p99" not in set(table["practitioner_id"])
    assert len(list(outside.iterdir())) == 3 and target.exists()
    check_store(workspace.store)  # what the compiler left for check is set aside now
    assert read_table(workspace, "support_contacts")["record_id"].tolist() == [original.record_id]
    assert compile_tables(workspace, rebuild=True).quarantined == []  # a rebuild keeps them all
    assert read_table(workspace, "support_contacts")["record_id"].tolist() == [original.record_id]
    assert len(read_table(workspace, "profiles")) == 2


def test_a_linked_quarantine_folder_never_receives_files(
        workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    quarantine = workspace.root / "quarantine"
    quarantine.rmdir()
    quarantine.symlink_to(outside, target_is_directory=True)
    bad = plant(workspace, contact("p01"), owner="p02")
    code, out = check(capsys, workspace)
    assert code == 1 and "1 untrusted record file could not be moved to quarantine" in out
    assert bad.exists() and list(outside.iterdir()) == []
    assert workspace.store.versions("support_contacts") == []  # still never trusted
