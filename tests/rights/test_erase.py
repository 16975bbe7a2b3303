"""Erasing a person (issue 17, item 3): nothing of theirs is readable afterwards, in the
workspace, in a copy of ``records/`` made before, or in a lead's copy on a hub (through the
in-process candle service), and nobody else's records, tables, reviews or exports change."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kit.capture.submit import submit
from kit.cli import main
from kit.errors import ValidationProblems, WorkspaceError
from kit.hub.mirror import sync
from kit.model.records import (
    FocusArea,
    JourneyStep,
    LicenceEvent,
    MicroProject,
    NamesToHide,
    Reflection,
    ReviewNote,
    SupportContact,
    Withdrawal,
)
from kit.research import release_queue
from kit.research.export import export_research
from kit.research.pseudonyms import Pseudonymiser, load_or_create_key
from kit.rights import erase as erasing
from kit.rights.erase import erase_person, plan_erasure
from kit.store import keys
from kit.store.erasures import erased_people, read_erasures
from kit.store.record_store import Store
from kit.store.workspace import Workspace
from kit.tables.compiler import compile_tables, read_table

DAY = date(2025, 4, 3)
PERIOD = "2025-Q2"
# Each practitioner's own words and names, every one a word found nowhere else.
TEXTS = {
    "p01": {"answer": "Amberquill stayed calm at drop-off", "label": "Bramblewick family",
            "aim": "Cindertop mornings", "hide": "Dellowmere", "note": "Embervale lead note",
            "reason": "Fennimore withdrawal", "edit": "Gorsebright edit", "idea": "Hollowmint idea",
            "contact": "Ivyreach contact", "step": "Juniperlow step", "licence": "Kestrelmoor licence",
            "draft": "Larchwhistle draft", "lead_draft": "Mossbarrow lead draft",
            "review": "Nettlecombe review", "display": "Practitioner p01", "kit_yaml": "Practitioner One"},
    "p02": {"answer": "Orrisdale stayed calm", "label": "Pendlewick family", "aim": "Quillmore mornings",
            "hide": "Rookhaven", "note": "Sablethorn lead note", "reason": "Tamsinford withdrawal",
            "edit": "Umberlea edit", "idea": "Vetchmoor idea", "contact": "Wrenhollow contact",
            "step": "Yarrowdene step", "licence": "Zinnfield licence", "draft": "Ashcombe draft",
            "lead_draft": "Birchwold lead draft", "review": "Corriebeck review",
            "display": "Practitioner p02", "kit_yaml": "Practitioner Two"},
}


def _records_of(workspace: Workspace, pid: str) -> None:
    """Every kind of record ``pid`` has, each holding one of their texts."""
    words = TEXTS[pid]
    area = FocusArea.new(practitioner_id=pid, label=words["label"], aim=words["aim"],
                         focus_kind="family", opened_on=DAY)
    submit(workspace, area, acting_user=pid)
    reflection = Reflection.new(practitioner_id=pid, reflection_date=DAY, focus_area_ids=[area.entity_id],
                                template="rolfe", answers={"what": words["answer"]})
    submit(workspace, reflection, acting_user=pid)
    edited = reflection.revise(author_id=pid, edit_reason=words["edit"], answers={"what": "Calmer"})
    submit(workspace, edited, acting_user=pid)
    extra = Reflection.new(practitioner_id=pid, reflection_date=DAY, focus_area_ids=[area.entity_id],
                           template="rolfe", answers={"what": "Twice"})
    submit(workspace, extra, acting_user=pid)
    for record in (
        NamesToHide.new(practitioner_id=pid, focus_area_id=area.entity_id, names=[words["hide"]]),
        Withdrawal.new(practitioner_id=pid, target_entity_id=extra.entity_id, target_table="reflections",
                       reason=words["reason"]),
        MicroProject.new(practitioner_id=pid, title="Mornings", idea=words["idea"], project_type="T2"),
        LicenceEvent.new(practitioner_id=pid, event="applied", event_date=DAY, reason=words["licence"]),
        SupportContact.new(practitioner_id=pid, supporter_id="lead1", supporter_role="lead",
                           contact_date=DAY, mode="video", minutes=30, note=words["contact"]),
        JourneyStep.new(practitioner_id=pid, level="level_1", step="l1_foundations", step_date=DAY,
                        note=words["step"]),
    ):
        submit(workspace, record, acting_user=pid)
    note = ReviewNote.new(practitioner_id=pid, author_id="lead1", period=PERIOD, text=words["note"])
    submit(workspace, note, acting_user="lead1")
    release_queue.add_held(workspace, [release_queue.QueueItem(
        reflection.record_id, pid, {"what": words["answer"]}, {"what": "[NAME] stayed calm"})])


def _files_around(workspace: Workspace) -> None:
    """Drafts, reviews and an export package, as the pages and commands leave them."""
    root = workspace.root
    for pid in ("p01", "p02"):
        words = TEXTS[pid]
        own = root / "drafts" / pid / "reflection_rolfe.json"
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_text(json.dumps({"values": {"what": words["draft"]}}))
        about = root / "drafts" / "lead1" / f"review_note_{pid}.json"
        about.parent.mkdir(parents=True, exist_ok=True)
        about.write_text(json.dumps({"values": {"practitioner_id": pid, "text": words["lead_draft"]}}))
        for suffix in (".ipynb", ".html"):
            review = root / "reviews" / PERIOD / f"{pid}{suffix}"
            review.parent.mkdir(parents=True, exist_ok=True)
            review.write_text(f"<h1>Review: {words['display']}</h1><p>{words['review']}</p>")
    cohort = root / "reviews" / PERIOD / "cohort-lead1.html"
    cohort.write_text(f"<td>p01</td><td>{TEXTS['p01']['kit_yaml']}</td><td>p02</td>")
    (root / "reviews" / PERIOD / "cohort-lead1.ipynb").write_text("{}")
    package = root / "exports" / "package-2025-04-03"
    package.mkdir(parents=True)
    (package / "reflections.csv").write_text("practitioner_id,answer\nP-abc,[NAME] stayed calm\n")


@pytest.fixture
def team(workspace: Workspace) -> Workspace:
    """The test workspace with p01 and p02 each holding every kind of record, drafts, reviews."""
    for pid in ("p01", "p02"):
        _records_of(workspace, pid)
    _files_around(workspace)
    compile_tables(workspace)
    return workspace


def _every_file(folder: Path) -> Iterator[Path]:
    for current, _, names in os.walk(folder, followlinks=False):
        for name in names:
            yield Path(current) / name


def _readable_text(path: Path) -> str:
    """What anyone could read in ``path``: its bytes as text, and a Parquet file's cells."""
    raw = path.read_bytes()
    text = raw.decode("utf-8", "replace")
    if path.suffix == ".parquet":
        text += pq.read_table(path).to_pandas().astype(str).to_csv()
    return text


def _found(folder: Path, words: list[str]) -> list[tuple[str, str]]:
    """(file, word) for every word readable in any file under ``folder``."""
    return [(str(path.relative_to(folder)), word) for path in _every_file(folder)
            for text in [_readable_text(path)] for word in words if word in text]


def _snapshot(folder: Path, keep: str) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in _every_file(folder)
            if keep in str(path.relative_to(folder))}


def _tables_of(workspace: Workspace, pid: str) -> dict[str, list[dict]]:
    frames = {}
    for name in ("reflections", "reflection_answers", "focus_areas", "profiles", "review_notes",
                 "withdrawals", "support_contacts", "journey_steps", "micro_projects", "licence_events"):
        frame = read_table(workspace, name, current_only=False)
        frames[name] = frame[frame["practitioner_id"] == pid].astype(str).to_dict("records")
    return frames


def test_nothing_of_an_erased_practitioner_is_readable_anywhere_and_nothing_else_changes(
        team: Workspace, service, tmp_path: Path) -> None:
    root = team.root
    lead_copy = sync(service.backend("lead1"), tmp_path / "home" / "lead1" / "workspace")
    read_table(lead_copy, "reflections")  # the copy's compiled tables hold p01's words too
    gone = list(TEXTS["p01"].values())
    # (not the first answer: the reflection was edited since, so only its owner reads that version)
    assert {word for _, word in _found(lead_copy.root, gone)} >= {TEXTS["p01"]["label"],
                                                                  TEXTS["p01"]["note"]}
    backup = tmp_path / "backup"
    shutil.copytree(root / "records", backup / "records")
    shutil.copytree(root / "private" / "records", backup / "private" / "records")
    others_before = {"files": _snapshot(root, "p02"), "tables": _tables_of(team, "p02"),
                     "exports": _snapshot(root / "exports", ""), "key": keys.keyring(team).current("p02")}

    report = erase_person(team, "p01", erased_by="admin1", reason_code="request")
    lead_copy = sync(service.backend("lead1"), lead_copy.root)

    assert report.done and report.key and report.in_settings and report.tables_rebuilt
    for place in (root, backup, lead_copy.root):
        assert _found(place, gone) == [], place
    # the copy made before holds only ciphertext whose key is gone
    restored = Store(backup, key_folder=root / "private" / "keys").load()
    assert restored.records and {r.practitioner_id for r in restored.records} == {"p02"}
    assert len(restored.erased) == len(list((backup / "records").rglob("p01/*.json"))) + 1
    assert restored.quarantined == []
    assert not any(lead_copy.store.record_files(practitioner_id="p01"))
    assert [(e.person_id, e.erased_by, e.reason_code) for e in read_erasures(team)] == [
        ("p01", "admin1", "request")]
    assert set(json.loads(report.erasure_record.read_text())) == {
        "kind", "schema_version", "erasure_id", "person_id", "erased_on", "erased_by", "reason_code"}

    after = Workspace.open(root)
    assert _snapshot(root, "p02") == others_before["files"]
    assert _tables_of(after, "p02") == others_before["tables"]
    assert _snapshot(root / "exports", "") == others_before["exports"]
    assert keys.keyring(after).current("p02") == others_before["key"]
    assert [p.id for p in after.settings.people] == ["p02", "lead1", "link1"]
    assert after.settings.current_user is None
    assert any(lead_copy.store.record_files(practitioner_id="p02"))
    assert sorted(path.name for path in report.reviews) == [
        "cohort-lead1.html", "cohort-lead1.ipynb", "p01.html", "p01.ipynb"]


def test_a_plan_changes_nothing_and_says_what_would_go(team: Workspace) -> None:
    before = _snapshot(team.root, "")
    plan = plan_erasure(team, "p01")
    assert _snapshot(team.root, "") == before
    assert not plan.done and plan.key and plan.in_settings
    assert plan.record_counts() == {"focus_areas": 1, "journey_steps": 1, "licence_events": 1,
                                    "micro_projects": 1, "names_to_hide": 1, "profiles": 1,
                                    "reflections": 3, "review_notes": 1, "support_contacts": 1,
                                    "withdrawals": 1}
    assert [path.name for path in plan.drafts] == ["reflection_rolfe.json", "review_note_p01.json"]
    assert len(plan.held_for_release) == 1
    assert "Erasing p01 deletes:" in plan.summary(team.root)


def test_bad_arguments_change_nothing(team: Workspace) -> None:
    before = _snapshot(team.root, "")
    with pytest.raises(ValidationProblems, match="reason_code"):
        erase_person(team, "p01", erased_by="admin1", reason_code="because")
    with pytest.raises(WorkspaceError, match="holds nothing about 'p09'"):
        erase_person(team, "p09", erased_by="admin1", reason_code="request")
    with pytest.raises(WorkspaceError, match="not a person id"):
        plan_erasure(team, "../p01")
    assert _snapshot(team.root, "") == before


def test_an_erasure_stopped_part_way_is_finished_by_running_it_again(
        team: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    real_remove = erasing._remove

    def disk_fails(workspace: Workspace, paths: list[Path]) -> None:
        real_remove(workspace, paths[:2])
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(erasing, "_remove", disk_fails)
    with pytest.raises(WorkspaceError, match=r"stopped part way.*erase again"):
        erase_person(team, "p01", erased_by="admin1", reason_code="request")
    assert not keys.has_key(team, "p01")  # the key went first: nothing left is readable
    left = Workspace.open(team.root).store.load()
    assert {r.practitioner_id for r in left.records} == {"p02"} and left.erased
    monkeypatch.setattr(erasing, "_remove", real_remove)
    again = erase_person(team, "p01", erased_by="admin1", reason_code="request")
    assert again.done and not again.key and again.record_files
    assert not any(Workspace.open(team.root).store.record_files(practitioner_id="p01"))
    assert erase_person(team, "p01", erased_by="admin1", reason_code="request").already_erased


def test_records_restored_from_a_backup_stay_unreadable_and_are_erased_again(
        team: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    backup = tmp_path / "backup"
    shutil.copytree(team.root / "records", backup)
    erase_person(team, "p01", erased_by="admin1", reason_code="retention")
    shutil.copytree(backup, team.root / "records", dirs_exist_ok=True)  # the whole backup back
    assert main(["check", str(team.root)]) == 0
    assert "of p01 cannot be opened: their data key is gone" in capsys.readouterr().out
    assert set(read_table(team, "reflections")["practitioner_id"]) == {"p02"}
    report = erase_person(team, "p01", erased_by="admin1", reason_code="retention")
    assert report.record_files and not report.key
    assert erased_people(team) == {"p01"}


def test_candle_person_erase_asks_for_the_id_again(team: Workspace, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture) -> None:
    answers = iter(["p02\n", "p01\n"])
    monkeypatch.setattr("sys.stdin", type("Stdin", (), {"readline": lambda self: next(answers)})())
    args = ["person", "erase", str(team.root), "p01", "--reason", "request", "--by", "admin1"]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "Erasing p01 deletes:" in out and "Nothing was erased." in out
    assert keys.has_key(team, "p01")
    assert main(args) == 0
    assert "Erased p01:" in capsys.readouterr().out
    assert not keys.has_key(team, "p01") and erased_people(team) == {"p01"}
    assert main(["person", "erase", str(team.root), "p02", "--reason", "objection", "--yes",
                 "--by", "admin1"]) == 0
    assert erased_people(team) == {"p01", "p02"}
    assert main(["person", "erase", str(team.root), "p03", "--reason", "request", "--yes"]) == 2
    assert "holds nothing about 'p03'" in capsys.readouterr().err
    assert main(["person", "erase", str(team.root), "p02", "--reason", "request", "--by", "An Admin"]) == 2
    assert "Give one with --by ID" in capsys.readouterr().err


def test_research_packages_made_after_an_erasure_list_the_person_as_withdrawn(
        team: Workspace, tmp_path: Path) -> None:
    erase_person(team, "p01", erased_by="admin1", reason_code="request")
    export_research(team, tmp_path / "package", as_lead="lead1", allow_empty=True)
    withdrawn = pq.read_table(tmp_path / "package" / "withdrawn_practitioners.parquet")
    pseudonym = Pseudonymiser(load_or_create_key(team))("practitioner", "p01")
    assert withdrawn.column("practitioner_id").to_pylist() == [pseudonym]
