"""The package end to end: canaries never leak, review gates release, frictionless validates it."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from research_support import add_practitioner, add_reflection

from kit.capture.submit import edit, submit, withdraw
from kit.model.records import NamesToHide, ResearchConsent, ReviewNote, SupportContact
from kit.research import release_queue
from kit.store.workspace import Workspace

CANARIES = {
    "display name": "Canarydisplay",
    "organisation": "Canaryorganisation",
    "supporter note": "Canarysupportnote",
    "review note": "Canaryreviewnote",
    "edit reason": "Canaryeditreason",
    "focus-area label": "Canarylabel",
    "journey note": "Canaryjourneynote",
    "withdrawn practitioner": "Canarywithdrawnperson",
    "withdrawn record": "Canarywithdrawnrecord",
    "private reflection": "Canaryprivate",
    "name to hide": "Quillondra",
}


def _exported_text(folder: Path) -> str:
    """Every exported file as text: CSV, JSON and Markdown as written, Parquet cell by cell."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".parquet":
            parts.append(pq.read_table(path).to_pandas().to_csv())
        elif path.is_file():
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


@pytest.fixture
def planted(research_ws: Workspace) -> Workspace:
    """The research workspace with a canary in every place that must never be exported."""
    ws = research_ws
    area = add_practitioner(ws, "p07", reflections=0)
    from kit.model.records import Profile
    profile = Profile.new(practitioner_id="p07", display_name=CANARIES["display name"],
                          role="mini_candle_practitioner", stage="trainee",
                          organisation=CANARIES["organisation"], lead_id="lead1")
    submit(ws, profile)
    submit(ws, SupportContact.new(practitioner_id="p07", supporter_id="lead1", supporter_role="lead",
                                  contact_date=date(2025, 3, 5), mode="video", minutes=30,
                                  note=CANARIES["supporter note"]))
    submit(ws, ReviewNote.new(practitioner_id="p07", author_id="lead1", period="2025-Q1",
                              text=CANARIES["review note"]))
    reflection = add_reflection(ws, "p07", area, "Structure held.")
    edit(ws, "reflections", reflection.entity_id, practitioner_id="p07", author_id="p07",
         edit_reason=CANARIES["edit reason"], answers={"what": "Structure held well."})
    labelled = add_practitioner(ws, "p08", reflections=1)
    edit(ws, "focus_areas", labelled.entity_id, practitioner_id="p08", author_id="p08",
         edit_reason="relabel", label=CANARIES["focus-area label"])
    from kit.model.records import JourneyStep
    submit(ws, JourneyStep.new(practitioner_id="p08", level="level_2", step="l2_session_2",
                               step_date=date(2025, 2, 1), note=CANARIES["journey note"]))
    add_practitioner(ws, "p09", text=f"{CANARIES['withdrawn practitioner']} and Nurture.")
    submit(ws, ResearchConsent.new(practitioner_id="p09", decision="withdrawn",
                                   decided_on=date(2025, 4, 2)))
    p01_area = ws.store.latest("focus_areas", "p01")[0]
    gone = add_reflection(ws, "p01", p01_area, f"{CANARIES['withdrawn record']} Structure.")
    withdraw(ws, "reflections", gone.entity_id, practitioner_id="p01", author_id="p01", reason="mine")
    add_reflection(ws, "p02", ws.store.latest("focus_areas", "p02")[0],
                   f"{CANARIES['private reflection']} Nurture.", visibility="private")
    submit(ws, NamesToHide.new(practitioner_id="p01", focus_area_id=p01_area.entity_id,
                               names=[CANARIES["name to hide"]]))
    add_reflection(ws, "p01", p01_area, "quillondra's Mum used Structure at bedtime.")
    add_reflection(ws, "p03", ws.store.latest("focus_areas", "p03")[0], "=1+2 Structure felt odd.")
    return ws


def test_canaries_never_leave_and_review_gates_release(planted: Workspace, run_export) -> None:
    report, out = run_export(planted)
    assert report.held_back == 1 and report.flagged == 1
    assert report.private_excluded == 1
    text = _exported_text(out)
    leaks = [where for where, canary in CANARIES.items() if canary.lower() in text.lower()]
    assert leaks == []
    assert not re.search(r"(?<![\w-])(p0\d|lead1|link1)(?![\w])", text)

    item = release_queue.pending(planted)[0].item
    assert "[NAME]" in item.scrubbed["what"]
    files = [p for p in release_queue.release_folder(planted).rglob("*") if p.is_file()]
    assert files and all(p.is_relative_to(planted.folder("private")) for p in files)
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}
    release_queue.confirm(planted, item.ref, "lead1")

    report, out = run_export(planted)
    assert report.held_back == 0 and report.released_after_review == 1
    answers = pd.read_csv(out / "reflection_answers.csv")["answer"].tolist()
    assert "[NAME]'s Mum used Structure at bedtime." in answers
    text = _exported_text(out)
    assert [w for w, c in CANARIES.items() if c.lower() in text.lower()] == []


def test_a_lead_can_correct_what_the_scrubber_missed(planted: Workspace, run_export) -> None:
    run_export(planted)
    item = release_queue.pending(planted)[0].item
    release_queue.correct(planted, item.ref, "lead1", {"what": "[NAME]'s Mum used Structure at [PLACE]."})
    release_queue.confirm(planted, item.ref, "lead1")
    _, out = run_export(planted)
    assert "[NAME]'s Mum used Structure at [PLACE]." in pd.read_csv(out / "reflection_answers.csv")[
        "answer"].tolist()


def test_only_a_lead_may_review(planted: Workspace, run_export) -> None:
    run_export(planted)
    item = release_queue.pending(planted)[0].item
    with pytest.raises(Exception, match="not a lead"):
        release_queue.confirm(planted, item.ref, "p01")


def test_formulas_are_neutralised_in_csv_and_kept_in_parquet(planted: Workspace, run_export) -> None:
    _, out = run_export(planted)
    csv_text = (out / "reflection_answers.csv").read_text(encoding="utf-8")
    assert "'=1+2 Structure felt odd." in csv_text
    parquet = pq.read_table(out / "reflection_answers.parquet").to_pandas()
    assert "=1+2 Structure felt odd." in parquet["answer"].tolist()


def test_frictionless_validate_passes(planted: Workspace, run_export) -> None:
    _, out = run_export(planted, grain="quarter")
    tool = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(tool), "validate", str(out / "datapackage.json")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "INVALID" not in result.stdout
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "held back awaiting review: 1" in readme and "withdrawn: 1" in readme


def test_peoples_own_names_are_hidden_from_every_text(research_ws: Workspace, run_export) -> None:
    from kit.research.export import _hidden_names

    hidden = _hidden_names(research_ws, pd.Series(["Zebedee Quartermaine"]))
    assert "name: Quartermaine" in hidden["p01"] and "name: Quartermaine" in hidden[""]
    assert "name: Lead" not in hidden["p01"] and "name: One" not in hidden["p01"]
    area = research_ws.store.latest("focus_areas", "p02")[0]
    add_reflection(research_ws, "p02", area, "lead one and Link One helped; Structure.")
    report, _ = run_export(research_ws)
    assert report.flagged == 1  # "Lead One" (a person in kit.yaml) is masked as a name
