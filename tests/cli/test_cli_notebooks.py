"""``candle notebooks DEST`` copies the kit's notebooks and never overwrites a changed one."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.cli import main
from kit.resources import NOTEBOOKS_DIR

SHIPPED = sorted(str(p.relative_to(NOTEBOOKS_DIR)) for p in NOTEBOOKS_DIR.rglob("*.ipynb"))


def copied(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.ipynb"))


def test_copies_every_notebook_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notebooks", str(tmp_path / "mine")]) == 0
    assert copied(tmp_path / "mine") == SHIPPED
    assert "research/explore_export.ipynb" in SHIPPED
    for name in SHIPPED:
        assert (tmp_path / "mine" / name).read_bytes() == (NOTEBOOKS_DIR / name).read_bytes()
    out = capsys.readouterr().out
    assert f"Copied {len(SHIPPED)} notebooks to {(tmp_path / 'mine').resolve()}" in out
    assert "CANDLE_WORKSPACE=" in out


def test_a_second_run_leaves_unchanged_copies_alone(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    main(["notebooks", str(tmp_path)])
    (tmp_path / "01_licence.ipynb").unlink()
    capsys.readouterr()
    assert main(["notebooks", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Copied 1 notebook to" in out and "01_licence.ipynb" in out
    assert f"{len(SHIPPED) - 1} notebooks already there and unchanged." in out


def test_a_changed_notebook_is_never_overwritten(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    main(["notebooks", str(tmp_path)])
    mine = tmp_path / "03_reflect.ipynb"
    mine.write_text('{"my": "changes"}', encoding="utf-8")
    (tmp_path / "00_start_here.ipynb").unlink()
    capsys.readouterr()
    assert main(["notebooks", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("candle notebooks: Nothing was copied:")
    assert str(mine) in error and "Move them aside" in error
    assert mine.read_text(encoding="utf-8") == '{"my": "changes"}'
    assert not (tmp_path / "00_start_here.ipynb").exists()


def test_a_file_as_destination_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    assert main(["notebooks", str(target)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"
