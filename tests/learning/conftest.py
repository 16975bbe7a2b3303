"""My learning on both backends: ``seen_by(user)`` is the workspace the My-learning functions
read for ``user`` (tests/conftest.py runs each test that uses it on both): locally the folder
itself; remotely ``user``'s kernel copy in their home, synced through the candle service
(:func:`kit.hub.mirror.sync`) as a notebook on a hub does when it opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kit.hub.mirror import sync
from kit.store.workspace import Workspace


@pytest.fixture
def seen_by(backend_kind: str, request: pytest.FixtureRequest, workspace: Workspace,
            tmp_path: Path) -> Callable[[str], Workspace]:
    """The workspace ``user``'s My learning reads (their synced copy, remotely)."""

    def seen(user: str) -> Workspace:
        if backend_kind == "local":
            return workspace
        service = request.getfixturevalue("service")
        return sync(service.backend(user), tmp_path / "home" / user / "workspace")

    return seen
