"""Helpers shared by the notebook and browser tests: copies of the demo workspace and
the environment a kernel or JupyterLab server needs to work on one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from checkout import DEMO_WORKSPACE, REPO_ROOT
from nbclient import NotebookClient

COPIED = ("kit.yaml", "records", "private")
CELL_TIMEOUT = 120
ARTIFACTS = REPO_ROOT / "test-artifacts"


def copy_demo(target: Path) -> Path:
    """Copy the demo workspace's source files (not its derived folders) to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = DEMO_WORKSPACE / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time."""
    return {str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in folder.rglob("*") if path.is_file()}


def notebook_env(workspace: Path, **extra: str) -> dict[str, str]:
    """The environment for a kernel or server working on ``workspace`` as its settings' user."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("JUPYTERHUB_USER", "CANDLE_USER", "PYTEST_ADDOPTS")}
    env.update(CANDLE_WORKSPACE=str(workspace), PYTHONUNBUFFERED="1", **extra)
    return env


def run_nbval(args: list[str], workspace: Path, **env: str) -> subprocess.CompletedProcess:
    """Run pytest's nbval plugin in a subprocess (its kernels see ``workspace``)."""
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
               f"--nbval-cell-timeout={CELL_TIMEOUT}", *args]
    return subprocess.run(command, cwd=REPO_ROOT, env=notebook_env(workspace, **env),
                          capture_output=True, text=True, timeout=600, check=False)


def execute(path: Path, cwd: Path) -> nbformat.NotebookNode:
    """Execute the notebook at ``path`` (kernel working directory ``cwd``) and return it."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=CELL_TIMEOUT,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return notebook


def outputs_of(notebook: nbformat.NotebookNode, output_type: str | None = None) -> list[dict]:
    """Every output of every code cell (of one ``output_type`` if given)."""
    return [output for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.outputs if output_type in (None, output.output_type)]


def code_cells(path: Path) -> list:
    """The code cells of the notebook at ``path``."""
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
