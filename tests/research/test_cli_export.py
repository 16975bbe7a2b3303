"""`candle export`: a package and a summary, or one clear line and exit code 2."""

from __future__ import annotations

import pytest
from research_support import PRACTITIONERS, add_practitioner, add_reflection

from kit.capture.submit import withdraw
from kit.cli import main
from kit.errors import ExportError
from kit.hub.local import LocalBackend


def test_export_command_writes_a_package(research_ws, tmp_path, capsys) -> None:
    out = tmp_path / "package"
    assert main(["export", str(research_ws.root), "--out", str(out), "--as", "lead1",
                 "--date-grain", "quarter"]) == 0
    assert (out / "datapackage.json").is_file() and (out / "README.md").is_file()
    out_text = capsys.readouterr().out
    assert "consenting practitioners" in out_text
    assert out_text.startswith(f"Workspace Research test ({research_ws.root}); exporting lead Lead One")


def test_export_command_errors_are_one_line(research_ws, tmp_path, capsys) -> None:
    assert main(["export", str(research_ws.root), "--out", str(tmp_path / "x"), "--as", "p01"]) == 2
    assert main(["export", str(research_ws.root), "--out", str(research_ws.folder("private") / "x"),
                 "--as", "lead1"]) == 2
    assert main(["export", str(research_ws.root), "--out", str(tmp_path / "y"), "--k", "1"]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 3 and all(line.startswith("candle export: ") for line in errors)
    assert "not a lead" in errors[0] and "private" in errors[1] and "k=1" in errors[2]


@pytest.mark.parametrize(("k", "said"), [
    ("abc", "k must be a whole number from 2 to 100, not 'abc'"), (True, "not 'True'"),
    (2.5, "not '2.5'"), (10**9, "k=1000000000 is more than 100"), (1, "k=1 is too small"),
], ids=["text", "bool", "fraction", "huge", "one"])
def test_an_export_asks_for_a_whole_k_from_2_to_100(research_ws, tmp_path, k, said) -> None:
    """However it is asked for (the service hands on what the request's JSON held)."""
    backend = LocalBackend.for_user(research_ws, "lead1")
    with pytest.raises(ExportError) as refused:
        backend.make_export(k=k)
    assert said in str(refused.value)
    assert main(["export", str(research_ws.root), "--out", str(tmp_path / "x"), "--as", "lead1",
                 "--k", "101"]) == 2
    assert backend.exports() == [] and not (tmp_path / "x").exists()


def test_nothing_to_release_writes_no_package_and_exits_1(research_ws, tmp_path, capsys) -> None:
    for pid in PRACTITIONERS:
        for record in research_ws.store.latest("reflections", pid):
            withdraw(research_ws, "reflections", record.entity_id, practitioner_id=pid, author_id=pid,
                     reason="test")
    add_reflection(research_ws, "p01", research_ws.store.latest("focus_areas", "p01")[0],
                   "Talked with Zainab about Structure.")
    out = tmp_path / "refused"
    assert main(["export", str(research_ws.root), "--out", str(out), "--as", "lead1"]) == 1
    err = capsys.readouterr().err
    assert not out.exists()
    assert "Nothing can be released yet (1 reflection waits for a lead's review)" in err
    assert "--allow-empty" in err and "Traceback" not in err
    assert main(["export", str(research_ws.root), "--out", str(out), "--as", "lead1", "--allow-empty"]) == 0
    assert (out / "datapackage.json").is_file() and "Exported 0 reflections" in capsys.readouterr().out


def test_held_reflections_nobody_can_release_are_counted(research_ws, tmp_path, capsys) -> None:
    """A practitioner whose profile names no lead: their held reflection waits for a lead who
    cannot see it, so the export says so instead of leaving it unexplained."""
    area = add_practitioner(research_ws, "p07", lead_id=None, reflections=0)
    add_reflection(research_ws, "p07", area, "Talked with Zainab about Structure.")
    add_reflection(research_ws, "p01", research_ws.store.latest("focus_areas", "p01")[0],
                   "Talked with Yusuf about Structure.")
    assert main(["export", str(research_ws.root), "--out", str(tmp_path / "out"), "--as", "lead1"]) == 0
    out = capsys.readouterr().out
    assert "2 held back awaiting review" in out
    assert "1 of the held reflections are by practitioners whose profile names no lead" in out
