"""Fixtures of the tables tests: ``filled``, a small workspace with every case."""

from __future__ import annotations

import pytest
from tables_support import Filled, fill

from kit.store.workspace import Workspace


@pytest.fixture
def filled(workspace: Workspace, make_focus_area, make_reflection) -> Filled:
    """The shared test workspace filled by :func:`tables_support.fill`."""
    return fill(workspace, make_focus_area, make_reflection)
