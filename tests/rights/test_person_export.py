"""``candle person export`` on the demo workspace (issue 17's must-show): the download holds
every one of the person's records, in every version, as the store reads them (JSON) and as
tables (CSV, with the tables' own flags and the data dictionary); it holds nothing of anyone
else (canary texts planted in other people's records, drafts, reviews and audit lines); and
its portfolio page passes axe-core in Chromium with no serious or critical finding, offline."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_support import browsing_page, launch_chromium, shoot
from notebook_support import ARTIFACTS
from playwright.sync_api import expect

from kit.capture.submit import submit
from kit.cli import main
from kit.model.records import (
    BY_TABLE,
    PUBLIC_TABLES,
    JourneyStep,
    NamesToHide,
    Reflection,
    ReviewNote,
    model_for_kind,
)
from kit.research import release_queue
from kit.research.export import export_research
from kit.store.audit import AuditLog
from kit.store.workspace import Workspace
from kit.tables.compiler import read_table

PERSON = "p01"
CANARIES = ("CANARY-P02-REFLECTION", "CANARY-P03-JOURNEY", "CANARY-LEAD1-NOTE-P02",
            "CANARY-P02-DRAFT", "CANARY-P02-REVIEW", "CANARY-P02-AUDIT", "Canaryhidden")
OWN = ("OWN-P01-DRAFT", "OWN-P01-REVIEW", "OWN-P01-AUDIT")
SERIOUS = {"serious", "critical"}


def plant(ws: Workspace) -> None:
    """Canary texts in other people's records, drafts, reviews and audit lines; p01's own
    draft, review and audit line."""
    area = ws.store.latest("focus_areas", "p02")[0].entity_id
    submit(ws, Reflection.new(practitioner_id="p02", focus_area_ids=[area], reflection_date="01/11/2026",
                              template="rolfe", answers={"what": f"{CANARIES[0]} in the hall."}))
    submit(ws, JourneyStep.new(practitioner_id="p03", level="level_1", step="l1_foundations",
                               step_date="02/11/2026", note=CANARIES[1]))
    submit(ws, ReviewNote.new(practitioner_id="p02", author_id="lead1", period="2026-Q1",
                              text=CANARIES[2]), acting_user="lead1")
    submit(ws, NamesToHide.new(practitioner_id="p02", focus_area_id=area, names=[CANARIES[6]]))
    for person, text in (("p02", CANARIES[3]), (PERSON, OWN[0])):
        draft = ws.drafts_folder() / person / "reflection.json"
        draft.parent.mkdir(parents=True, exist_ok=True)
        draft.write_text(json.dumps({"values": {"what": text}}), encoding="utf-8")
    for person, text in (("p02", CANARIES[4]), (PERSON, OWN[1])):
        review = ws.folder("reviews") / "2026-Q3" / f"{person}.html"
        review.parent.mkdir(parents=True, exist_ok=True)
        review.write_text(f"<html><body><p>{text}</p></body></html>", encoding="utf-8")
    audit = AuditLog(ws.root)
    audit.append("p02", "POST /api/records", 200, "stored", reason=CANARIES[5])
    audit.append("lead1", "POST /api/records", 200, "stored", practitioner_id="p02", reason=CANARIES[5])
    audit.append(PERSON, "POST /api/records", 200, "stored", reason=OWN[2])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("person") / "demo"
    assert main(["init", "--demo", str(root)]) == 0
    ws = Workspace.open(root)
    plant(ws)
    export_research(ws, ws.folder("exports") / "2026-12-01-lead1", as_lead="lead1", allow_empty=True)
    return ws


@pytest.fixture(scope="module")
def package(demo: Workspace) -> Path:
    out = demo.root.parent / "p01-download"
    assert main(["person", "export", str(demo.root), PERSON, "--out", str(out)]) == 0
    return out


def files_text(folder: Path) -> str:
    return "\n".join(path.read_bytes().decode("utf-8", "replace") for path in sorted(folder.rglob("*"))
                     if path.is_file())


def test_the_download_holds_every_version_of_every_record_as_the_store_reads_it(demo: Workspace,
                                                                                package: Path):
    expected = {record.record_id: record for table in BY_TABLE
                for record in demo.store.versions(table, PERSON)}
    exported = {path.stem: json.loads(path.read_text(encoding="utf-8"))
                for path in (package / "records").rglob("*.json")}
    assert len(expected) > 50 and set(exported) == set(expected)
    for record_id, data in exported.items():
        assert model_for_kind(data["kind"]).model_validate(data) == expected[record_id]
    edited = [record for record in expected.values() if record.supersedes]
    assert edited and all(exported[r.record_id]["edit_reason"] == r.edit_reason for r in edited)
    withdrawals = [r for r in expected.values() if r.TABLE == "withdrawals"]
    assert all(exported[w.record_id]["reason"] for w in withdrawals)


def test_the_tables_hold_the_same_versions_with_the_workspaces_flags_and_a_dictionary(
        demo: Workspace, package: Path):
    dictionary = json.loads((package / "tables" / "datapackage.json").read_text(encoding="utf-8"))
    described = {resource["name"]: resource["path"] for resource in dictionary["resources"]}
    for table in PUBLIC_TABLES:
        compiled = read_table(demo, table, current_only=False)
        mine = compiled[compiled["practitioner_id"] == PERSON]
        flags = {row.record_id: (bool(row.is_latest), bool(row.is_withdrawn)) for row in mine.itertuples()}
        path = package / "tables" / f"{table}.csv"
        if not flags:
            assert not path.exists()
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert {row["record_id"]: (row["is_latest"] == "true", row["is_withdrawn"] == "true")
                for row in rows} == flags, table
        assert described[table] == f"{table}.csv"
    assert "reflection_answers" in described


def test_nothing_of_anyone_else_is_in_the_download(demo: Workspace, package: Path):
    text = files_text(package)
    assert [canary for canary in CANARIES if canary in text] == []
    others = [p for p in demo.settings.people if "practitioner" in p.kinds and p.id != PERSON]
    assert [p.name for p in others if p.name in text] == []
    assert all(word in text for word in OWN), "p01's own draft, review and audit line are in it"


def test_reviews_drafts_audit_lines_and_research_packages_about_them_are_listed(demo: Workspace,
                                                                               package: Path):
    assert (package / "reviews" / "2026-Q3.html").read_text(encoding="utf-8").count(OWN[1]) == 1
    assert OWN[0] in (package / "drafts" / "reflection.json").read_text(encoding="utf-8")
    audit = [json.loads(line) for line in (package / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["who"] for line in audit] == [PERSON]
    with (package / "research" / "packages.csv").open(encoding="utf-8", newline="") as handle:
        packages = list(csv.DictReader(handle))
    assert [row["package"] for row in packages] == ["2026-12-01-lead1"]
    made = json.loads((demo.folder("exports") / "2026-12-01-lead1" / "datapackage.json").read_text("utf-8"))
    assert packages[0]["made_on"] == made["created"][:10] and int(packages[0]["your_reflections"]) >= 1
    held = json.loads((package / "research" / "release-queue.json").read_text(encoding="utf-8"))
    queue = [s.item.record_id for s in release_queue.states(demo) if s.item.practitioner_id == PERSON]
    assert queue and [item["record_id"] for item in held] == queue
    contents = json.loads((package / "contents.json").read_text(encoding="utf-8"))
    assert contents["person_id"] == PERSON and contents["counts"]["reviews"] == 1


def test_a_leads_download_holds_the_records_they_wrote_about_others(demo: Workspace, tmp_path: Path):
    out = tmp_path / "lead1"
    assert main(["person", "export", str(demo.root), "lead1", "--out", str(out)]) == 0
    written = {record.record_id for table in PUBLIC_TABLES for record in demo.store.versions(table)
               if record.author_id == "lead1"}
    assert written and {path.stem for path in (out / "records").rglob("*.json")} == written
    with (out / "named-in.csv").open(encoding="utf-8", newline="") as handle:
        named = list(csv.DictReader(handle))
    assert {row["field"] for row in named} >= {"lead_id"}
    assert all(CANARIES[0] not in path.read_text("utf-8") for path in out.rglob("*.csv"))


def test_a_mistyped_id_or_a_folder_inside_the_workspace_is_refused(demo: Workspace, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]):
    assert main(["person", "export", str(demo.root), "p99", "--out", str(tmp_path / "x")]) == 2
    assert "holds nothing about 'p99'" in capsys.readouterr().err
    assert main(["person", "export", str(demo.root), PERSON, "--out", str(demo.root / "out")]) == 2
    assert "inside the workspace" in capsys.readouterr().err
    assert not (tmp_path / "x").exists() and not (demo.root / "out").exists()


@pytest.fixture(scope="module")
def chromium() -> Iterator:
    with launch_chromium() as browser:
        yield browser


def test_the_portfolio_passes_axe_offline_and_prints(package: Path, chromium):
    with browsing_page(chromium, "http://127.0.0.1:") as browsing:
        page = browsing.page
        page.set_content((package / "index.html").read_text(encoding="utf-8"))
        expect(page.locator("h1")).to_have_text("Everything the Mini Candle kit holds about Alex Marlowe")
        expect(page.locator("svg[role=img]")).to_have_count(2)
        shoot(page, ARTIFACTS / "rights", "portfolio")
        results = Axe().run(page)
        serious = [f"{v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]
                   if v["impact"] in SERIOUS]
        assert serious == []
        page.emulate_media(media="print")
        expect(page.locator("nav")).to_be_hidden()
        assert browsing.refused == [], "the portfolio asked for something online"
