"""Fixtures of the review tests: the small review workspace, built once per module, and a
guard that no kernel starts."""

from __future__ import annotations

import pytest
from review_workspace_builder import build_review_workspace

from kit.reviews import execute as review_exec
from kit.reviews import run as review
from kit.store.workspace import Workspace


@pytest.fixture(scope="module")
def review_workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The module's review workspace (read-only for data tests)."""
    return build_review_workspace(tmp_path_factory.mktemp("reviews") / "workspace")


@pytest.fixture
def no_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything tries to execute a notebook."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(review, "execute_all", refuse)
    monkeypatch.setattr(review_exec, "execute_all", refuse)
