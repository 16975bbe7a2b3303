"""Fixtures of the review tests: the small review workspace, built once per module."""

from __future__ import annotations

import pytest
from review_workspace_builder import build_review_workspace

from kit.store.workspace import Workspace


@pytest.fixture(scope="module")
def review_workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The module's review workspace (read-only for data tests)."""
    return build_review_workspace(tmp_path_factory.mktemp("reviews") / "workspace")
