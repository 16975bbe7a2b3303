"""`candle export`: a package and a summary, or one clear line and exit code 2."""

from __future__ import annotations

from research_support import PRACTITIONERS, add_practitioner, add_reflection

from kit.capture.submit import withdraw
from kit.cli import main


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
