"""Files no wider than they need to be (issue 16, item 7), whatever the umask.

Every workspace file is at most ``0640`` and every folder at most ``0750``, ``private/``
``0700``: from ``candle init`` and the other commands (which also narrow their umask), and
from the kit's own writers called as a JupyterLab kernel calls them (with the umask left wide
open). Each runs in a subprocess started with umask 0, so no other test's process is touched.
``candle check`` warns, without failing, about a workspace folder or ``private/`` that is open.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kit.cli import main
from kit.filemodes import DIR_MODE, FILE_MODE, PRIVATE_DIR_MODE
from kit.store.workspace import Settings, Workspace

TESTS = Path(__file__).resolve().parents[1]


def wider_than_allowed(root: Path) -> list[str]:
    """Every file or folder under ``root`` (itself included) wider than the kit allows."""
    found = []
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_symlink():
            continue
        allowed = (PRIVATE_DIR_MODE if path.name == "private" else DIR_MODE) if path.is_dir() else FILE_MODE
        if mode & ~allowed:
            found.append(f"{path.relative_to(root.parent)} {mode:04o}")
    return found


def run_open(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``command`` in a process whose umask is 0 (everything it creates could be 0666/0777)."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, umask=0, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(TESTS / "reviews")})
    assert done.returncode == 0, done.stderr
    return done


def candle(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_open([sys.executable, "-m", "kit", *argv], cwd)


def test_candle_commands_leave_nothing_wider_than_0640_and_0750(tmp_path: Path) -> None:
    ws = tmp_path / "team"
    candle("init", str(ws), cwd=tmp_path)
    assert stat.S_IMODE(ws.stat().st_mode) == DIR_MODE
    assert stat.S_IMODE((ws / "private").stat().st_mode) == PRIVATE_DIR_MODE
    assert stat.S_IMODE((ws / "kit.yaml").stat().st_mode) == FILE_MODE
    candle("people", "add", str(ws), "me", "--name", "Me Example", "--kind", "practitioner",
           cwd=tmp_path)
    candle("people", "add", str(ws), "lead1", "--name", "Lead One", "--kind", "lead", cwd=tmp_path)
    areas = tmp_path / "areas.csv"
    areas.write_text("practitioner_id,label,focus_kind,opened_on\nme,Family A,family,03/04/2025\n",
                     encoding="utf-8")
    candle("import", str(ws), "focus_areas", str(areas), cwd=tmp_path)
    candle("compact", str(ws), cwd=tmp_path)
    candle("export", str(ws), "--out", str(ws / "exports" / "first"), "--as", "lead1", "--allow-empty",
           cwd=tmp_path)
    checked = candle("check", str(ws), cwd=tmp_path)
    assert "Warning" not in checked.stdout
    candle("notebooks", str(tmp_path / "pages"), cwd=tmp_path)  # copied by shutil: the umask's mode
    assert (ws / "tables" / "focus_areas.parquet").is_file()
    assert wider_than_allowed(ws) == [] and wider_than_allowed(tmp_path / "pages") == []


KERNEL_WRITES = """
import logging, sys
from pathlib import Path
from review_workspace_builder import PERIOD, build_review_workspace
from kit.capture.importer import import_file
from kit.commands.check import check_store
from kit.forms.drafts import draft_path, write_draft
from kit.hub.local import LocalBackend
from kit.logs import for_workspace
from kit.research.pseudonyms import load_or_create_key
from kit.reviews.run import run_reviews

ws = build_review_workspace(Path(sys.argv[1]))
report = run_reviews(ws, PERIOD, practitioner_id="p01", progress=False)
assert report.ok and (report.folder / "p01.html").is_file(), report.summary()
LocalBackend.for_user(ws, "lead1").make_export(allow_empty=True)
load_or_create_key(ws)
for private in (False, True):
    write_draft(draft_path(ws, "p01", "reflection", private=private), {"what": "half a thought"})
logging.getLogger("kit.modes").warning("a form failed", extra=for_workspace(ws.root))
bad = ws.root / "records" / "reflections" / "p01" / "reflection-01JAAAAAAAAAAAAAAAAAAAAAAA.json"
bad.write_bytes(b"{")
bad.chmod(0o640)  # set aside as it is: someone else wrote it
assert check_store(ws.store).newly_quarantined
areas = Path(sys.argv[1]).parent / "areas.csv"
areas.write_text("practitioner_id,label,focus_kind,opened_on\\np02,Family C,family,03/04/2026\\n")
assert import_file(ws, "focus_areas", areas).imported == 1
"""


def test_the_kits_own_writers_give_their_modes_whatever_the_umask(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    run_open([sys.executable, "-c", KERNEL_WRITES, str(ws)], tmp_path)  # no candle: umask stays 0
    made = ["tables/reflections.parquet", "reviews/2026-Q3/p01.html", "reviews/2026-Q3/p01.ipynb",
            "drafts/p01/reflection.json", "private/drafts/p01/reflection.json", "logs/kit.log",
            "quarantine/records/reflections/p01/reflection-01JAAAAAAAAAAAAAAAAAAAAAAA.json",
            "private/research_export.key"]
    assert [name for name in made if not (ws / name).is_file()] == []
    assert [p.name for p in (ws / "exports").iterdir()]  # the lead's package
    assert wider_than_allowed(ws) == []


def test_the_umask_is_narrowed_to_027_and_a_stricter_one_kept() -> None:
    """What ``candle`` does first (:func:`kit.cli.entry`); the notebooks copied by shutil above
    show that it does."""
    show = "import os; from kit.filemodes import narrow_umask; narrow_umask(); print(oct(os.umask(0)))"
    for umask, expected in ((0, "0o27"), (0o022, "0o27"), (0o077, "0o77")):
        done = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True,
                              umask=umask, check=True)
        assert done.stdout.strip() == expected


def test_check_warns_about_an_open_workspace_and_private_folder(workspace: Workspace,
                                                                 capsys: pytest.CaptureFixture) -> None:
    workspace.root.chmod(0o755)
    (workspace.root / "private").chmod(0o750)
    assert main(["check", str(workspace.root)]) == 0  # a warning, not a failure of the store
    out = capsys.readouterr().out
    assert f"other users of this machine can open the workspace folder {workspace.root} (mode 0755)" in out
    assert f"{workspace.root / 'private'} can be read by others than its owner (mode 0750)" in out
    workspace.root.chmod(0o750)
    (workspace.root / "private").chmod(0o700)
    assert main(["check", str(workspace.root)]) == 0
    assert "Warning" not in capsys.readouterr().out


def test_check_says_kit_yaml_people_grant_no_rights_on_a_hub(workspace: Workspace, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture) -> None:
    assert main(["check", str(workspace.root)]) == 0
    out = capsys.readouterr().out
    assert ("kit.yaml names 4 people: on a hub they are ignored for rights, which come only from the "
            "hub's groups (candle-practitioners, candle-leads, candle-links, candle-researchers, "
            "candle-admins)") in out
    nobody = Workspace.create(tmp_path / "nobody", Settings(name="Nobody yet"))
    assert main(["check", str(nobody.root)]) == 0
    assert "kit.yaml names" not in capsys.readouterr().out
