"""``candle check`` and ``candle status``: what they report, and bad input."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kit.capture.submit import edit, submit, withdraw
from kit.cli import main
from kit.commands.status import count_from_store, count_from_tables
from kit.model.records import NamesToHide
from kit.store.workspace import Workspace


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- check -------------------------------------------------------------------

def test_check_of_a_healthy_workspace(workspace: Workspace, make_reflection, capsys) -> None:
    make_reflection()
    code, out, err = run(capsys, "check", str(workspace.root))
    assert code == 0 and err == ""
    assert "4 record files read without problems" in out  # 2 profiles, a focus area, a reflection
    assert "Nothing is in quarantine." in out


def test_check_quarantines_bad_files_lists_them_and_exits_1(workspace: Workspace, make_reflection,
                                                            capsys) -> None:
    reflection = make_reflection()
    bad = workspace.store.path_for(reflection).with_name("reflection-01JAAAAAAAAAAAAAAAAAAAAAAA.json")
    bad.write_bytes(b'{"kind": "reflection", "schema_ver')
    code, out, _ = run(capsys, "check", str(workspace.root))
    assert code == 1
    assert "1 unreadable file moved to quarantine now." in out
    assert ("quarantine/records/reflections/p01/reflection-01JAAAAAAAAAAAAAAAAAAAAAAA.json: "
            "the file is not complete JSON") in out
    assert not bad.exists()
    code, out, _ = run(capsys, "check", str(workspace.root))  # still listed until dealt with
    assert code == 1 and "moved to quarantine now" not in out
    assert "1 file in quarantine" in out


def test_check_sweeps_stale_temp_files_only(workspace: Workspace, capsys) -> None:
    folder = workspace.store.table_dir("profiles") / "p01"
    stale, fresh = folder / ".profile-a.1.1.tmp", folder / ".profile-b.1.2.tmp"
    stale.write_text("{")
    fresh.write_text("{")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    code, out, _ = run(capsys, "check", str(workspace.root))
    assert code == 0
    assert "1 stale temp file of interrupted saves removed." in out
    assert not stale.exists() and fresh.exists()
    run(capsys, "check", "--temp-age", "0", str(workspace.root))
    assert not fresh.exists()


# -- status ------------------------------------------------------------------

def test_status_counts_current_records_and_versions(workspace: Workspace, make_focus_area,
                                                    make_reflection, capsys) -> None:
    area = make_focus_area()
    make_reflection(focus_area_ids=[area.entity_id])
    gone = make_reflection(focus_area_ids=[area.entity_id])
    edit(workspace, "focus_areas", area.entity_id, practitioner_id="p01", author_id="p01",
         edit_reason="clearer aim", aim="Calmer mornings")
    withdraw(workspace, "reflections", gone.entity_id, practitioner_id="p01", author_id="p01",
             reason="written twice")
    submit(workspace, NamesToHide.new(practitioner_id="p01", focus_area_id=area.entity_id,
                                      names=["Alice"]))
    code, out, err = run(capsys, "status", str(workspace.root))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"Workspace Test workspace ({workspace.root})"
    rows = {line.split()[0]: line.split()[1:] for line in lines if line.strip()}
    assert rows["profiles"] == ["2", "2"]
    assert rows["focus_areas"] == ["1", "2"]
    assert rows["reflections"] == ["1", "2"]
    assert rows["withdrawals"] == ["1", "1"]
    header = rows["practitioner"]
    p01 = dict(zip(header, rows["p01"], strict=True))
    p02 = dict(zip(header, rows["p02"], strict=True))
    assert (p01["profile"], p01["focus"], p01["reflections"]) == ("1", "1", "1")
    assert (p02["profile"], p02["focus"], p02["reflections"]) == ("1", "0", "0")
    assert "names_to_hide" not in out and "Alice" not in out


def test_status_mentions_files_it_had_to_set_aside(workspace: Workspace, capsys) -> None:
    (workspace.store.table_dir("profiles") / "p01" / "profile-01JAAAAAAAAAAAAAAAAAAAAAAA.json"
     ).write_bytes(b"")
    code, out, _ = run(capsys, "status", str(workspace.root))
    assert code == 0
    assert "1 unreadable file moved to quarantine/; run `candle check`" in out


# -- bad input -------------------------------------------------------------------

def _bad_workspaces(tmp_path: Path) -> dict[str, Path]:
    cases = {
        "missing": tmp_path / "nowhere",
        "not_a_workspace": tmp_path / "empty",
        "a_file": tmp_path / "file.txt",
        "bad_yaml": tmp_path / "bad_yaml",
        "unknown_setting": tmp_path / "unknown_setting",
        "not_utf8": tmp_path / "not_utf8",
        "bad_person": tmp_path / "bad_person",
    }
    cases["not_a_workspace"].mkdir()
    cases["a_file"].write_text("hello")
    contents = {
        "bad_yaml": b"name: [unclosed\n  people: {\n",
        "unknown_setting": b"name: x\ncolour: blue\n",
        "not_utf8": b"name: \xff\xfe\n",
        "bad_person": b"name: x\npeople:\n  - {id: 'Not Valid', name: A, kinds: [practitioner]}\n",
    }
    for name, text in contents.items():
        cases[name].mkdir()
        (cases[name] / "kit.yaml").write_bytes(text)
    return cases


BAD_CASES = ["missing", "not_a_workspace", "a_file", "bad_yaml", "unknown_setting", "not_utf8",
             "bad_person"]
REASONS = {
    "missing": "is not a workspace", "not_a_workspace": "is not a workspace",
    "a_file": "is not a workspace", "bad_yaml": "cannot be read", "unknown_setting": "colour",
    "not_utf8": "cannot be read", "bad_person": "people.0.id",
}


@pytest.mark.parametrize("command", ["check", "status"])
@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_workspaces_exit_nonzero_with_one_line(tmp_path: Path, capsys, command: str, case: str
                                                   ) -> None:
    path = _bad_workspaces(tmp_path)[case]
    code, out, err = run(capsys, command, str(path))
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"candle {command}: ")
    assert REASONS[case] in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["check", "status"])
def test_bad_input_through_the_real_entry_point_has_no_traceback(tmp_path: Path, command: str
                                                                 ) -> None:
    path = _bad_workspaces(tmp_path)["bad_yaml"]
    result = subprocess.run([sys.executable, "-m", "kit", command, str(path)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "kit.yaml cannot be read" in result.stderr and "line 2" in result.stderr


@pytest.mark.parametrize("command", ["check", "status"])
def test_missing_argument_is_a_usage_error(capsys, command: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command])
    assert caught.value.code == 2
    assert "the following arguments are required: WORKSPACE" in capsys.readouterr().err


def _busy_workspace(workspace: Workspace, make_focus_area, make_reflection) -> None:
    area = make_focus_area()
    make_focus_area("p02", label="Topic B")
    first = make_reflection(focus_area_ids=[area.entity_id])
    make_reflection(focus_area_ids=[area.entity_id])
    edit(workspace, "reflections", first.entity_id, practitioner_id="p01", author_id="p01",
         edit_reason="typo", answers={"what": "A calmer start, mostly."})
    withdrawal = withdraw(workspace, "focus_areas", area.entity_id, practitioner_id="p01",
                          author_id="p01", reason="mistake")
    withdraw(workspace, "withdrawals", withdrawal.entity_id, practitioner_id="p01",
             author_id="p01", reason="undo")


def test_status_from_tables_agrees_with_the_store(workspace: Workspace, make_focus_area,
                                                  make_reflection) -> None:
    _busy_workspace(workspace, make_focus_area, make_reflection)
    practitioners = ["p01", "p02"]
    from_tables = count_from_tables(workspace, practitioners)
    from_store = count_from_store(workspace.store, practitioners)
    assert from_tables == from_store
    assert {c.table: (c.current, c.versions) for c in from_tables.tables}["reflections"] == (2, 3)


def test_status_falls_back_to_the_store_when_tables_cannot_be_written(
        workspace: Workspace, make_focus_area, make_reflection, monkeypatch, capsys) -> None:
    _busy_workspace(workspace, make_focus_area, make_reflection)

    def read_only(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("kit.tables.compiler.compile_tables", read_only)
    code, out, _ = run(capsys, "status", str(workspace.root))
    assert code == 0
    assert "reflections 2 3" in " ".join(out.split())
    assert not (workspace.root / "tables" / "reflections.parquet").exists()


def test_output_piped_into_a_closed_pipe_has_no_traceback(workspace: Workspace) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `candle status | head -0`: nobody reads, from the start
    try:
        child = subprocess.run([sys.executable, "-m", "kit", "status", str(workspace.root)],
                               stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60,
                               check=False)
    finally:
        os.close(write_end)
    assert child.returncode == 141, child.stderr
    assert "Traceback" not in child.stderr and "BrokenPipeError" not in child.stderr


def test_check_of_a_read_only_workspace_lists_unreadable_files_and_exits_1(
        workspace: Workspace, monkeypatch, capsys) -> None:
    bad = workspace.store.table_dir("profiles") / "p01" / "profile-01JAAAAAAAAAAAAAAAAAAAAAAA.json"
    bad.write_bytes(b"\x00")
    stale = bad.with_name(".profile-a.1.1.tmp")
    stale.write_text("{")
    os.utime(stale, (time.time() - 3600,) * 2)

    def read_only(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    for name in ("shutil.move", "pathlib.Path.unlink", "pathlib.Path.mkdir"):
        monkeypatch.setattr(name, read_only)
    code, out, err = run(capsys, "check", str(workspace.root))
    assert code == 1 and err == ""
    assert "1 unreadable file could not be moved to quarantine" in out
    assert "records/profiles/p01/profile-01JAAAAAAAAAAAAAAAAAAAAAAA.json: the file contains NUL bytes" in out
    assert bad.exists() and stale.exists()
