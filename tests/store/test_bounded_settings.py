"""Bounded settings and a confined export: a huge kit.yaml is refused, an export never lands in records/."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.cli import main
from kit.errors import WorkspaceError
from kit.store.workspace import MAX_SETTINGS_BYTES, SETTINGS_FILE, Workspace


def test_a_kit_yaml_larger_than_the_limit_is_refused_with_a_clear_message(
        workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    settings = workspace.root / SETTINGS_FILE
    text = settings.read_text(encoding="utf-8")
    padding = "# padding\n" * (MAX_SETTINGS_BYTES // 10 + 1)
    settings.write_text(text + padding, encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"kit.yaml is larger than 1 MiB"):
        Workspace.open(workspace.root)
    assert main(["status", str(workspace.root)]) == 2
    err = capsys.readouterr().err
    assert "larger than 1 MiB" in err and "Traceback" not in err


def test_a_kit_yaml_just_under_the_limit_is_read(workspace: Workspace) -> None:
    settings = workspace.root / SETTINGS_FILE
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + "#" * (MAX_SETTINGS_BYTES - len(text.encode()) - 1) + "\n",
                        encoding="utf-8")
    assert Workspace.open(workspace.root).settings.name == workspace.settings.name


@pytest.mark.parametrize("where", ["records", "records/reflections/p01", "link into records"])
def test_an_export_never_lands_inside_records(
        workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    if where == "link into records":
        out = tmp_path / "exports-link"
        out.symlink_to(workspace.root / "records", target_is_directory=True)
    else:
        out = workspace.root / where
    before = sorted(p.relative_to(workspace.root) for p in (workspace.root / "records").rglob("*"))
    code = main(["export", str(workspace.root), "--out", str(out), "--as", "lead1"])
    err = capsys.readouterr().err
    assert code == 2 and "inside the workspace's records/ folder" in err
    assert sorted(p.relative_to(workspace.root) for p in (workspace.root / "records").rglob("*")) == before
