"""The kit as a team installs it: a wheel in a fresh venv, used outside the repository.

The wheel is built from a copy of the sources (so no stale build/ folder can leak in),
installed with ``pip --no-deps`` into a new venv made outside the repository, and given the
shared venv's third-party packages through a ``.pth`` line (so the stack is not installed
again; that folder's own ``.pth`` files, among them the editable install's, are not run), and
JUPYTER_PATH names the shared venv's Jupyter data (nbconvert's templates), which a full
install would have copied. The kit's own files can therefore only come from the wheel.
Every command then runs with its working folder outside the repository, without PYTHONPATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest
from checkout import REPO_ROOT

SOURCES = ("pyproject.toml", "setup.py", "README.md", "kit", "templates", "notebooks")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
TIMEOUT = 600

FORM_SAVE = textwrap.dedent("""\
    from datetime import date
    import kit.forms
    from kit.store.workspace import Workspace

    workspace = Workspace.open()
    before = len(workspace.store.latest("journey_steps", "p01"))
    view = kit.forms.open_form("journey_step", user_id="p01")
    view.inputs["level"].value = "level_2"
    view.inputs["step"].value = "l2_check_in"
    view.inputs["step_date"].value = date(2026, 9, 1)
    view.inputs["note"].value = "Saved from an installed wheel."
    view.save_button.click()
    notes = [step.note for step in workspace.store.latest("journey_steps", "p01")]
    print(len(notes) - before, notes.count("Saved from an installed wheel."))
""")


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=TIMEOUT, check=False)
    assert result.returncode == 0, f"{args}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh venv holding the kit from its wheel only; the environment to run it in."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:
        path = REPO_ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=IGNORED)
        else:
            shutil.copy2(path, source / name)
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "CANDLE_WORKSPACE", "CANDLE_USER",
                          "JUPYTERHUB_USER", "PYTEST_ADDOPTS")}
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(root / "dist"), str(source)],
         root, env)
    wheel = next((root / "dist").glob("mini_candle_kit-*.whl"))
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root, env)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
          "--no-deps", "--no-index", "--disable-pip-version-check", str(wheel)], root, env)
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     root, env).stdout.strip())
    (site / "shared_stack.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return venv, env


def _files(folder: Path) -> list[str]:
    """Every file under ``folder`` (relative), without caches and checkpoints."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*")
                  if path.is_file() and path.suffix != ".pyc"
                  and not {"__pycache__", ".ipynb_checkpoints"} & set(path.parts))


def test_the_wheel_carries_every_template_and_notebook(installed) -> None:
    venv, env = installed
    code = ("import kit, kit.resources as r; "
            "print(kit.__file__); print(r.TEMPLATES_DIR); print(r.NOTEBOOKS_DIR)")
    lines = _run([str(venv / "bin" / "python"), "-c", code], venv.parent, env).stdout.splitlines()
    for line in lines:
        assert Path(line).resolve().is_relative_to(venv.resolve()), line
    for folder, line in (("templates", lines[1]), ("notebooks", lines[2])):
        assert _files(Path(line)) == _files(REPO_ROOT / folder)
    installed_kit = Path(lines[0]).parent
    data_files = [name for name in _files(REPO_ROOT / "kit") if not name.endswith(".py")]
    assert data_files, "kit/ has data files of its own (the app's template and icon)"
    assert [name for name in data_files if not (installed_kit / name).is_file()] == []


def test_the_installed_kit_works_outside_the_repository(installed) -> None:
    venv, env = installed
    outside = venv.parent / "outside"
    outside.mkdir()
    _run(["candle", "init", "--demo", "demo"], outside, env)
    env = {**env, "CANDLE_WORKSPACE": str(outside / "demo")}
    _run(["candle", "compact", "demo"], outside, env)
    review = _run(["candle", "review", "demo", "--period", "2026-Q3", "--practitioner", "p01"],
                  outside, env)
    assert (outside / "demo" / "reviews" / "2026-Q3" / "p01.html").is_file(), review.stdout
    made = json.loads((outside / "demo" / "reviews" / "2026-Q3" / "p01.ipynb").read_text("utf-8"))
    assert made["metadata"]["papermill"]["input_path"].startswith(str(venv))
    _run(["candle", "export", "demo", "--out", "export", "--as", "lead1"], outside, env)
    assert (outside / "export" / "datapackage.json").is_file()
    copied = _run(["candle", "notebooks", "pages"], outside, env)
    assert sorted(p.name for p in (outside / "pages").glob("*.ipynb"))[:2] == [
        "00_start_here.ipynb", "01_licence.ipynb"], copied.stdout
    saved = _run([str(venv / "bin" / "python"), "-c", FORM_SAVE], outside, env)
    assert saved.stdout.split() == ["1", "1"], saved.stderr
