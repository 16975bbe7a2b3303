"""``candle init``: a new workspace with a kit.yaml to edit, or the demo; never over one."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kit.cli import main
from kit.errors import WorkspaceError
from kit.store.workspace import Workspace


def test_init_makes_an_empty_workspace_with_settings_to_edit(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "team"
    assert main(["init", str(target), "--name", "North team"]) == 0
    workspace = Workspace.open(target)
    assert workspace.settings.name == "North team"
    assert list((target / "records").iterdir()) == []
    out = capsys.readouterr().out
    assert "kit.yaml" in out and "--current" in out


def test_init_leaves_no_placeholder_person_as_the_current_user(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture) -> None:
    """It left 'me / Your name' as the current user: a person's records would be saved as theirs."""
    target = tmp_path / "team"
    assert main(["init", str(target)]) == 0
    workspace = Workspace.open(target)
    assert (workspace.settings.people, workspace.settings.current_user) == ([], None)
    assert "Your name" not in (target / "kit.yaml").read_text()
    with pytest.raises(WorkspaceError, match="does not say who you are") as caught:
        workspace.current_user()
    assert f"candle people add {target} ID --current" in str(caught.value)
    capsys.readouterr()
    assert main(["people", "add", str(target), "ash", "--name", "Ash Example",
                 "--kind", "practitioner"]) == 0
    assert "ash is now the current user" in capsys.readouterr().out  # the first person added
    assert Workspace.open(target).current_user().name == "Ash Example"


def test_init_makes_a_workspace_that_encrypts_its_records(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "team")]) == 0
    workspace = Workspace.open(tmp_path / "team")
    assert workspace.settings.key_folder == "private/keys"
    assert "key_folder: private/keys" in (tmp_path / "team" / "kit.yaml").read_text()
    assert stat.S_IMODE((tmp_path / "team" / "private" / "keys").stat().st_mode) == 0o700
    assert workspace.store.keys is not None


def test_init_names_the_workspace_after_its_folder_by_default(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "south-team")]) == 0
    assert Workspace.open(tmp_path / "south-team").settings.name == "south-team"


def test_init_accepts_an_existing_empty_folder(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path)]) == 0
    assert (tmp_path / "kit.yaml").is_file()


@pytest.mark.parametrize("demo", [False, True], ids=["empty", "demo"])
def test_init_refuses_an_existing_workspace(tmp_path: Path, demo: bool,
                                             capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "ws"
    assert main(["init", str(target)]) == 0
    before = (target / "kit.yaml").read_bytes()
    capsys.readouterr()
    assert main(["init", str(target), *(["--demo"] if demo else [])]) == 2
    error = capsys.readouterr().err
    assert "already a workspace" in error and error.count("\n") == 1
    assert (target / "kit.yaml").read_bytes() == before


def test_init_refuses_a_folder_with_files(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path), "--demo"]) == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    assert main(["init", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err


def test_init_demo_writes_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.fsync", lambda descriptor: None)
    assert main(["init", str(tmp_path / "demo"), "--demo"]) == 0
    workspace = Workspace.open(tmp_path / "demo")
    assert len(workspace.people_of_kind("practitioner")) == 12
    assert len(list(workspace.store.record_files("reflections"))) > 150
