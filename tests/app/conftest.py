"""Fixtures for the app-page tests: test-artifacts/ for screenshots and logs."""

from __future__ import annotations

from pathlib import Path

import pytest
from notebook_support import ARTIFACTS


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """test-artifacts/app (gitignored): screenshots and server logs kept after a run."""
    folder = ARTIFACTS / "app"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
