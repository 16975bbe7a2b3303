"""The package end to end: canaries never leak, review gates release, frictionless validates it."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from research_support import CANARIES, add_reflection

from kit.research import release_queue
from kit.store.workspace import Workspace


def _exported_text(folder: Path) -> str:
    """Every exported file as text: CSV, JSON and Markdown as written, Parquet cell by cell."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".parquet":
            parts.append(pq.read_table(path).to_pandas().to_csv())
        elif path.suffix == ".qdpx":  # every member of the REFI-QDA project, decoded
            with zipfile.ZipFile(path) as archive:
                parts += [archive.read(name).decode("utf-8") for name in sorted(archive.namelist())]
        elif path.is_file():
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


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
