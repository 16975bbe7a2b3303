"""Lossless import: nothing silently dropped, nothing half-imported, nothing added twice.

One test per defect found by trying the importer as an attacker and a careless
user would: an unterminated CSV quote, a stale XLSX <dimension>, a workbook
that unpacks far beyond its size, a check that grew quadratically, and a full
disk that left part of an import behind.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kit.capture import sheets
from kit.capture.importer import check_file, format_report, import_file
from kit.cli import main
from kit.errors import ImportFileError
from kit.model.records import FocusArea, Reflection
from kit.store import batch
from kit.store.workspace import Workspace

HEADER = ["practitioner_id", "reflection_date", "focus_area_ids", "template", "answer_what",
          "answer_so_what"]


def reflection_rows(count: int, practitioner_id: str = "p01") -> list[list[object]]:
    """``count`` distinct reflection rows naming the focus area 'Family A'."""
    return [[practitioner_id, "03/04/2025", "Family A", "rolfe", f"Session {number}.",
             f"What I noticed, {number}."] for number in range(count)]


def stored_reflections(workspace: Workspace) -> list[Reflection]:
    return [r for r in workspace.store.versions(Reflection.TABLE) if isinstance(r, Reflection)]


def staging_folders(workspace: Workspace) -> list[Path]:
    return sorted(workspace.root.glob(".staging-*"))


# -- 3: an unterminated quote swallowed the rest of a CSV -------------------------

def test_an_unterminated_quote_is_an_error_naming_its_row_and_nothing_is_imported(
        workspace: Workspace, tmp_path: Path, make_focus_area: Callable,
        capsys: pytest.CaptureFixture[str]) -> None:
    make_focus_area()
    path = tmp_path / "reflections.csv"
    lines = [",".join(HEADER), "p01,03/04/2025,Family A,rolfe,First.,",
             'p01,03/04/2025,Family A,rolfe,"Second, never closed,',
             "p01,03/04/2025,Family A,rolfe,Third.,", "p01,03/04/2025,Family A,rolfe,Fourth.,"]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    code = main(["import", str(workspace.root), "reflections", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "row 3 has a quote" in err and "never closed" in err and "Traceback" not in err
    assert stored_reflections(workspace) == []


def test_a_stray_quote_closed_by_a_later_row_is_an_error_not_a_merged_cell(
        workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "reflections.csv"
    path.write_text(",".join(HEADER) + '\r\np01,03/04/2025,"Family A,rolfe,one,\r\n'
                    'p01,03/04/2025,"Family A",rolfe,two,\r\n', encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"row 2 is not well-formed CSV"):
        check_file(workspace, "reflections", path)


# -- 4: a stale <dimension> dropped rows and columns --------------------------------

def _with_stale_dimension(path: Path, dimension: str) -> None:
    """Rewrite the first sheet's stored <dimension> to ``dimension`` (as other tools leave it)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(),
                          parts[sheet])
    assert f'ref="{dimension}"'.encode() in parts[sheet]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_an_xlsx_with_a_stale_dimension_imports_every_row_and_column(
        workspace: Workspace, write_xlsx: Callable, make_focus_area: Callable) -> None:
    make_focus_area()
    path = write_xlsx([HEADER, *reflection_rows(6)])
    _with_stale_dimension(path, "A1:C2")
    report = import_file(workspace, "reflections", path)
    assert report.problems() == [] and report.imported == 6
    answers = sorted((r.answers["what"], r.answers["so_what"]) for r in stored_reflections(workspace))
    assert answers == sorted((f"Session {n}.", f"What I noticed, {n}.") for n in range(6))


# -- 6: no limit on how far an XLSX unpacks; and on rows --------------------------

def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_before_it_is_read(
        workspace: Workspace, write_xlsx: Callable, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx([HEADER, *reflection_rows(2)])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (4 * 2**20))  # 4 MiB that packs to ~4 KiB
    assert path.stat().st_size < 64 * 2**10
    monkeypatch.setattr(sheets, "MAX_UNPACKED_BYTES", 2 * 2**20)
    loaded = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: loaded.append(a))
    code = main(["import", str(workspace.root), "reflections", str(path)])
    _, err = capsys.readouterr()
    assert code == 2 and loaded == []
    assert "too large to import: it unpacks to 4 MiB, and the limit is 2 MiB" in err


def test_the_default_unpacked_limit_is_a_few_hundred_megabytes() -> None:
    assert 64 * 2**20 <= sheets.MAX_UNPACKED_BYTES <= 512 * 2**20


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_with_more_rows_than_the_limit_is_refused(
        workspace: Workspace, write_csv: Callable, write_xlsx: Callable,
        monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    path = (write_csv if kind == "csv" else write_xlsx)([HEADER, *reflection_rows(6)])
    with pytest.raises(ImportFileError, match="more than 5 rows"):
        check_file(workspace, "reflections", path)


# -- 5: checking an import took quadratic time --------------------------------------

def _traced_lines(action: Callable[[], object]) -> int:
    """How many lines of the kit's own code run during ``action`` (a measure of work, not time)."""
    kit_folder = str(Path(__file__).resolve().parents[2] / "kit")
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if not frame.f_code.co_filename.startswith(kit_folder):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        action()
    finally:
        sys.settrace(None)
    return count


def test_checking_an_import_does_the_same_work_per_row_however_long_the_file(
        workspace: Workspace, write_csv: Callable, make_focus_area: Callable) -> None:
    make_focus_area()
    small = write_csv([HEADER, *reflection_rows(100)], name="small.csv")
    large = write_csv([HEADER, *reflection_rows(400)], name="large.csv")
    per_row_small = _traced_lines(lambda: check_file(workspace, "reflections", small)) / 100
    per_row_large = _traced_lines(lambda: check_file(workspace, "reflections", large)) / 400
    assert per_row_large < per_row_small * 1.2  # quadratic checking made this about 4x


# -- 7: a full disk left a partial import; importing again added rows twice ----------

def _disk_full_after(patch_module_os: Callable[..., None], monkeypatch: pytest.MonkeyPatch,
                     name: str, calls: int) -> None:
    """Make the import's own ``os.<name>`` calls (kit.store.batch's: staging writes, commit
    links) fail with ENOSPC after ``calls`` successful ones. Only the import's: the same
    function patched in ``os`` itself was counted for pytest-xdist's I/O thread too."""
    real = getattr(os, name)
    done = 0

    def failing(*args, **kwargs):
        nonlocal done
        if done >= calls:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        done += 1
        return real(*args, **kwargs)

    patch_module_os(monkeypatch, batch, **{name: failing})


@pytest.mark.parametrize("failing", [("write", 10), ("link", 100)], ids=["staging", "committing"])
def test_a_full_disk_leaves_nothing_of_an_import_and_the_next_import_gives_exactly_2000(
        workspace: Workspace, write_csv: Callable, make_focus_area: Callable,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        patch_module_os: Callable[..., None], failing: tuple[str, int]) -> None:
    make_focus_area()
    path = write_csv([HEADER, *reflection_rows(2000)])
    with monkeypatch.context() as patched:
        _disk_full_after(patch_module_os, patched, *failing)
        code = main(["import", str(workspace.root), "reflections", str(path)])
    out, err = capsys.readouterr()
    first_failing_row = failing[1] + 2  # the header is row 1
    assert code == 2 and out == "" and "Traceback" not in err
    assert f"Nothing of {path} was imported: row {first_failing_row} could not be saved" in err
    assert "is full" in err and "import the file again" in err
    assert stored_reflections(workspace) == [] and staging_folders(workspace) == []
    assert main(["import", str(workspace.root), "reflections", str(path)]) == 0  # space freed
    assert "Imported 2000 rows" in capsys.readouterr().out
    assert len(stored_reflections(workspace)) == 2000
    assert len(list(workspace.store.record_files(Reflection.TABLE))) == 2000


# -- idempotent import ------------------------------------------------------------

def test_importing_the_same_file_twice_adds_nothing_the_second_time(
        workspace: Workspace, write_csv: Callable, make_focus_area: Callable) -> None:
    make_focus_area()
    rows = reflection_rows(3)
    path = write_csv([HEADER, *rows, rows[0]])  # an identical row is a second record
    assert import_file(workspace, "reflections", path).imported == 4
    again = import_file(workspace, "reflections", path)
    assert again.imported == 0 and len(again.good) == 4 and again.new == []
    assert "4 of the good rows were imported before" in format_report(again)
    assert len(stored_reflections(workspace)) == 4
    grown = write_csv([HEADER, *rows, rows[0], *reflection_rows(5)[3:]], name="grown.csv")
    assert import_file(workspace, "reflections", grown).imported == 2
    assert len(stored_reflections(workspace)) == 6


def test_a_focus_area_imported_twice_does_not_count_twice_towards_the_limit(
        workspace: Workspace, write_csv: Callable) -> None:
    header = ["practitioner_id", "label", "focus_kind", "opened_on"]
    path = write_csv([header, *[["p01", f"Family {n}", "family", "03/04/2025"] for n in "ABC"]])
    assert import_file(workspace, "focus_areas", path).imported == 3
    again = import_file(workspace, "focus_areas", path)
    assert again.problems() == [] and again.imported == 0
    assert len(workspace.store.latest(FocusArea.TABLE, "p01")) == 3


def test_check_removes_the_staging_folder_of_an_import_killed_midway(
        workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    dead, alive = int(finished.stdout), os.getpid()
    leftovers = [workspace.root / f".staging-{pid}-1" for pid in (dead, alive)]
    for folder in leftovers:
        folder.mkdir()
        (folder / "0.json").write_text("{}")
        os.utime(folder, (1, 1))
    assert main(["check", "--temp-age", "0", str(workspace.root)]) == 0
    assert "1 stale temp file of interrupted saves removed." in capsys.readouterr().out
    assert [folder.exists() for folder in leftovers] == [False, True]  # a live import is left alone
