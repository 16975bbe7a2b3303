"""Fixtures for the notebook and browser tests: a private copy of the demo workspace.

Tests never write into data/demo: every run gets a copy of its settings,
records and private folder in a temporary folder, and the demo's records are
checked unchanged afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from checkout import DEMO_WORKSPACE
from notebook_support import ARTIFACTS, copy_demo, snapshot


@pytest.fixture
def demo_copy(tmp_path: Path):
    """A fresh copy of the demo workspace; asserts data/demo itself was not touched."""
    before = snapshot(DEMO_WORKSPACE / "records")
    yield copy_demo(tmp_path / "workspace")
    assert snapshot(DEMO_WORKSPACE / "records") == before, "a test wrote into data/demo"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """test-artifacts/ (gitignored): screenshots and logs kept after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
