"""The release queue: held reflections, append-only decisions, two leads at once, no empty package."""

from __future__ import annotations

import json
import multiprocessing
import re
from pathlib import Path

import pandas as pd
import pytest
from research_support import PRACTITIONERS, add_practitioner, add_reflection, research_settings

from kit.capture.submit import withdraw
from kit.errors import ExportError
from kit.research import release_queue, release_scope
from kit.research.export import NothingToRelease
from kit.store.workspace import Person, Workspace


@pytest.fixture
def two_leads(tmp_path: Path) -> Workspace:
    """The research workspace with a second lead and three held reflections of p01."""
    settings = research_settings()
    settings.people.append(Person(id="lead2", name="Lead Two", kinds=["lead"]))
    ws = Workspace.create(tmp_path / "ws", settings)
    for pid in PRACTITIONERS:
        add_practitioner(ws, pid)
    area = ws.store.latest("focus_areas", "p01")[0]
    for text in ("Ollie's nan came; Structure helped.", "Met Priya at the gate.",
                 "We walked past Kingsmead and talked, Nurture first."):
        add_reflection(ws, "p01", area, text)
    return ws


def _files(ws: Workspace) -> dict[str, bytes]:
    folder = release_queue.release_folder(ws)
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _answers(out: Path) -> list[str]:
    return pd.read_csv(out / "reflection_answers.csv")["answer"].tolist()


def test_a_reflection_with_only_a_risky_token_is_held(two_leads, run_export) -> None:
    report, _ = run_export(two_leads)
    assert report.flagged == 3 and report.held_back == 3
    walk = next(s for s in release_queue.pending(two_leads) if "Kingsmead" in s.text["what"])
    assert walk.item.findings == []  # the scrubber found nothing, the risky word holds it


def test_decisions_only_ever_add_files(two_leads, run_export) -> None:
    run_export(two_leads)
    before = _files(two_leads)
    ref = release_queue.pending(two_leads)[0].item.ref
    release_queue.mask(two_leads, ref, "lead1", "came", "OTHER")
    release_queue.confirm(two_leads, ref, "lead2")
    run_export(two_leads)  # exporting again holds nothing twice
    after = _files(two_leads)
    assert {k: v for k, v in after.items() if k in before} == before
    added = sorted(set(after) - set(before))
    assert len(added) == 2 and all(k.startswith("decisions/") for k in added)
    assert {json.loads(after[k])["action"] for k in added} == {"mask", "confirm"}


def test_mask_then_confirm_releases_exactly_that_text(two_leads, run_export) -> None:
    run_export(two_leads)
    state = next(s for s in release_queue.pending(two_leads) if "Kingsmead" in s.text["what"])
    masked = release_queue.mask(two_leads, state.item.ref, "lead1", "kingsmead", "PLACE")
    assert masked.text["what"] == "We walked past [PLACE] and talked, Nurture first." and masked.pending
    release_queue.confirm(two_leads, state.item.ref, "lead1", seen=masked.text)
    report, out = run_export(two_leads)
    assert report.released_after_review == 1 and report.held_back == 2
    assert "We walked past [PLACE] and talked, Nurture first." in _answers(out)
    assert not any("Kingsmead" in a or "Priya" in a for a in _answers(out))


def test_a_mask_after_a_confirm_asks_for_a_fresh_look(two_leads, run_export) -> None:
    run_export(two_leads)
    ref = release_queue.pending(two_leads)[0].item.ref
    seen = release_queue.confirm(two_leads, ref, "lead1").text
    assert release_queue.find(two_leads, ref).released == seen
    # a word of the reflection shown: which one comes first varies from run to run
    word = re.findall(r"(?<!\[)\b[A-Za-z]{5,}\b", " ".join(seen.values()))[0]
    release_queue.mask(two_leads, ref, "lead2", word, "OTHER")
    assert release_queue.find(two_leads, ref).pending
    with pytest.raises(ExportError, match="changed by another lead"):
        release_queue.confirm(two_leads, ref, "lead1", seen=seen)


def _confirm_at_once(args: tuple[str, str, str, object]) -> str:
    root, ref, lead, barrier = args
    barrier.wait(timeout=60)
    return release_queue.confirm(Workspace.open(root), ref, lead).item.record_id


def test_two_leads_confirming_at_once_both_count(two_leads, run_export) -> None:
    run_export(two_leads)
    ref = release_queue.pending(two_leads)[0].item.ref
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager:
        barrier = manager.Barrier(2)
        with context.Pool(2) as pool:
            done = pool.map(_confirm_at_once, [(str(two_leads.root), ref, lead, barrier)
                                               for lead in ("lead1", "lead2")])
    assert len(set(done)) == 1
    state = release_queue.find(two_leads, ref)
    assert sorted(d.lead for d in state.decisions) == ["lead1", "lead2"] and not state.pending
    assert not [p for p in release_queue.release_folder(two_leads).rglob("*.tmp")]
    report, out = run_export(two_leads)
    assert report.released_after_review == 1 and len(_answers(out)) == 13


def test_only_a_lead_decides_and_bad_references_are_named(two_leads, run_export) -> None:
    run_export(two_leads)
    ref = release_queue.pending(two_leads)[0].item.ref
    with pytest.raises(ExportError, match="p01 is not a lead"):
        release_queue.confirm(two_leads, ref, "p01")
    with pytest.raises(ExportError, match="'zzzzzz' is not held"):
        release_queue.confirm(two_leads, "zzzzzz", "lead1")
    with pytest.raises(ExportError, match="does not appear"):
        release_queue.mask(two_leads, ref, "lead1", "Brackley")
    assert _files(two_leads) and all(s.pending for s in release_queue.states(two_leads))


def test_the_old_single_file_queue_is_moved_not_lost(two_leads) -> None:
    legacy = two_leads.folder("private") / "research_review" / "queue.json"
    legacy.parent.mkdir(parents=True)
    entry = {"record_id": "reflection-01AAAAAAAAAAAAAAAAAAAAAAAAAA", "practitioner_id": "p01",
             "original": {"what": "Jo x"}, "scrubbed": {"what": "[NAME] x"}, "findings": [],
             "status": "confirmed", "final": {"what": "[NAME] x"}, "reviewer": "lead1",
             "reviewed_at": "2025-05-01T10:00:00+00:00"}
    legacy.write_text(json.dumps({entry["record_id"]: entry}), encoding="utf-8")
    assert release_queue.released_answers(two_leads) == {entry["record_id"]: {"what": "[NAME] x"}}
    assert not legacy.exists() and legacy.with_name("queue.json.migrated").exists()


def test_an_export_with_nothing_to_release_writes_nothing(tmp_path: Path, run_export) -> None:
    ws = Workspace.create(tmp_path / "held", research_settings())
    for pid in PRACTITIONERS:
        add_practitioner(ws, pid, text="Talked with Zainab about Structure.")
    out = tmp_path / "refused"
    with pytest.raises(NothingToRelease, match="12 reflections wait for a lead") as refused:
        from kit.research.export import export_research
        export_research(ws, out, as_lead="lead1")
    assert refused.value.report.held_back == 12 and not out.exists()
    report, folder = run_export(ws, allow_empty=True)
    assert report.exported_reflections == 0 and (folder / "datapackage.json").is_file()


def test_a_withdrawn_reflection_leaves_the_page_not_the_queue(two_leads, run_export) -> None:
    run_export(two_leads)
    first = release_scope.waiting(two_leads, "lead1")[0]
    record = next(r for r in two_leads.store.latest("reflections", "p01")
                  if r.record_id == first.item.record_id)
    withdraw(two_leads, "reflections", record.entity_id, practitioner_id="p01", author_id="p01",
             reason="not for research")
    assert first.item.record_id not in {s.item.record_id for s in release_scope.waiting(two_leads, "lead1")}
    assert len(release_scope.waiting(two_leads, "lead1")) == 2 and len(release_queue.pending(two_leads)) == 3


def test_a_reflection_kept_back_never_leaves_until_confirmed(two_leads, run_export) -> None:
    run_export(two_leads)
    ref = release_queue.pending(two_leads)[0].item.ref
    kept = release_queue.withhold(two_leads, ref, "lead1")
    assert kept.withheld and not kept.pending and kept.released is None
    report, _ = run_export(two_leads)
    assert report.held_back == 3 and len(release_queue.pending(two_leads)) == 2
    release_queue.confirm(two_leads, ref, "lead2")  # a lead may change their mind: latest counts
    assert release_queue.find(two_leads, ref).released is not None


def test_a_workspace_with_no_reflections_yet_exports_an_empty_package(workspace, run_export) -> None:
    """A new team's lead tries the export before anyone has written: an empty package, not a fault."""
    from kit.tables.compiler import compile_tables

    compile_tables(workspace)
    report, folder = run_export(workspace, allow_empty=True)
    assert report.exported_reflections == 0 and (folder / "datapackage.json").is_file()
