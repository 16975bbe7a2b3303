"""Files that cannot be imported at all: one line, non-zero exit, no traceback, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kit.cli import main
from kit.store.workspace import Workspace

HEADER = "practitioner_id,label,focus_kind,opened_on\r\n"
GOOD_ROW = "p01,Family A,family,03/04/2025\r\n"


def _run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(["import", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


BAD_FILES = {
    "missing": (None, "does not exist"),
    "wrong_extension": (("notes.txt", (HEADER + GOOD_ROW).encode()), "not a .csv or .xlsx"),
    "binary_csv": (("data.csv", b"PK\x03\x04\x00\x00binary"), "NUL bytes"),
    "undecodable_csv": (("data.csv", HEADER.encode() + b"p01,Family \x81,family,03/04/2025\r\n"),
                        "cannot be read as text"),
    "bad_bom_csv": (("data.csv", b"\xef\xbb\xbf" + HEADER.encode() + b"p01,\xff,family,x\r\n"),
                    "cannot be read as text"),
    "not_a_workbook": (("data.xlsx", b"this is not a zip file"), "cannot be read as an Excel"),
    "empty": (("data.csv", b""), "no header row"),
    "header_only": (("data.csv", HEADER.encode()), "no rows to import"),
    "unknown_column": (("data.csv", (HEADER.strip() + ",colour\r\n" + GOOD_ROW.strip()
                                     + ",blue\r\n").encode()), "columns the focus_areas table"),
    "duplicate_column": (("data.csv", b"label,label,focus_kind\r\nA,B,family\r\n"),
                         "more than once"),
    "stray_cells": (("data.csv", (HEADER + GOOD_ROW.strip() + ",extra\r\n").encode()),
                    "more cells than the header"),
    "semicolons": (("data.csv", b"practitioner_id;label;focus_kind\r\np01;A;family\r\n"),
                   "separated by ';'"),
    "no_practitioner": (("data.csv", b"label,focus_kind,opened_on\r\nA,family,03/04/2025\r\n"),
                        "no practitioner_id column"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_one_line_and_nothing_is_written(
        workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture,
        snapshot: Callable, case: str) -> None:
    spec, expected = BAD_FILES[case]
    path = tmp_path / "missing.csv" if spec is None else _file(tmp_path, *spec)
    before = snapshot(workspace)
    code, out, err = _run(capsys, str(workspace.root), "focus_areas", str(path))
    assert code == 2
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert expected in err
    assert snapshot(workspace) == before


def test_unknown_table(workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = _file(tmp_path, "d.csv", (HEADER + GOOD_ROW).encode())
    code, _, err = _run(capsys, str(workspace.root), "reflectionz", str(path))
    assert code == 2 and "'reflectionz' is not a table" in err and err.count("\n") == 1


def test_withdrawals_cannot_be_imported(workspace: Workspace, tmp_path: Path,
                                        capsys: pytest.CaptureFixture) -> None:
    path = _file(tmp_path, "d.csv", b"practitioner_id,reason\r\np01,x\r\n")
    code, _, err = _run(capsys, str(workspace.root), "withdrawals", str(path))
    assert code == 2 and "'withdrawals' is not a table that can be imported" in err
    assert "withdrawals" not in err.split("Use one of:")[1]


def test_not_a_workspace(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = _file(tmp_path, "d.csv", (HEADER + GOOD_ROW).encode())
    code, _, err = _run(capsys, str(tmp_path / "nowhere"), "focus_areas", str(path))
    assert code == 2 and "not a workspace" in err


def test_unknown_as_user(workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = _file(tmp_path, "d.csv", (HEADER + GOOD_ROW).encode())
    code, _, err = _run(capsys, str(workspace.root), "focus_areas", str(path), "--as", "zed")
    assert code == 2 and "'zed' is not a person" in err


def test_cli_report_and_exit_codes(workspace: Workspace, tmp_path: Path,
                                   capsys: pytest.CaptureFixture) -> None:
    bad = "p01,Family B,family,31/02/2025\r\n"
    path = _file(tmp_path, "d.csv", (HEADER + GOOD_ROW + bad).encode())
    code, out, _ = _run(capsys, str(workspace.root), "focus_areas", str(path))
    assert code == 1
    assert "row 3, opened_on: '31/02/2025' is not a real date" in out
    assert "Nothing was imported" in out
    code, out, _ = _run(capsys, str(workspace.root), "focus_areas", str(path), "--skip-bad-rows")
    assert code == 0 and "Imported 1 rows" in out and "Skipped rows: 3." in out


def test_cli_good_import(workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = _file(tmp_path, "d.csv", (HEADER + GOOD_ROW).encode("utf-8-sig"))
    code, out, _ = _run(capsys, str(workspace.root), "focus_areas", str(path))
    assert code == 0 and "1 good, 0 with problems" in out and "Imported 1 rows" in out


def test_help_documents_the_format(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for phrase in ("answer_", "';'", "03/04/2025 is 3 April", "--skip-bad-rows", "cp1252",
                   "= + - @", "row 1"):
        assert phrase in text, phrase
