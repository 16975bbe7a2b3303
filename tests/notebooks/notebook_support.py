"""Helpers shared by the notebook and browser tests: copies of the demo workspace and
the environment a kernel or JupyterLab server needs to work on one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kit.paths import DEMO_WORKSPACE, REPO_ROOT

COPIED = ("kit.yaml", "records", "private")
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
