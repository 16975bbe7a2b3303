"""Fixtures for the form tests: a focus area for p01 and a helper to fill forms.

The workspace itself comes from the root tests/conftest.py (p01, p02, lead1,
link1; p01 and p02 name lead1 as their lead). A test that opens its forms with
``open_view`` or ``edit_view`` runs on both backends (see tests/conftest.py): remotely the
form works on its user's kernel copy, synced through the candle service as it opens (as
``kit.forms.open_form`` does on a hub), and saves through the service with their token; the
test's ``workspace`` is then the service's folder, where every save must arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kit.forms import EditorView, FormView, open_editor, open_form
from kit.hub.backend import WorkspaceBackend
from kit.model.records import FocusArea, LicenceEvent
from kit.store.workspace import Workspace

AREA = "@area"  # in test values: stands for the id of p01's focus area


def fill(view: FormView, values: dict[str, Any], area_id: str = "") -> None:
    """Set the inputs of ``view`` as a person would (AREA stands for the focus area id)."""
    for input_id, value in values.items():
        if value == AREA:
            value = area_id
        elif isinstance(value, tuple):
            value = tuple(area_id if v == AREA else v for v in value)
        view.inputs[input_id].value = value


def messages(view: FormView) -> dict[str, str]:
    """The problem text shown beside each field (only the fields that have one)."""
    return {name: widget.value for name, widget in view.field_messages.items() if widget.value}


@pytest.fixture(name="fill")
def fill_fixture() -> Callable[..., None]:
    """The :func:`fill` helper."""
    return fill


@pytest.fixture(name="messages")
def messages_fixture() -> Callable[[FormView], dict[str, str]]:
    """The :func:`messages` helper."""
    return messages


GRANTED_REASON = "(test set-up: p01's licence was granted)"


def grant_licence(workspace: Workspace) -> None:
    """p01's licence was applied for and granted in March 2025 (so decisions fit its order)."""
    for event, day in (("applied", "03/03/2025"), ("active", "17/03/2025")):
        workspace.store.write(LicenceEvent.new(practitioner_id="p01", event=event, event_date=day,
                                               reason=GRANTED_REASON))


@pytest.fixture
def granted(workspace: Workspace) -> None:
    """p01 holds a granted licence."""
    grant_licence(workspace)


@pytest.fixture(autouse=True)
def _licence_for_decisions(request: pytest.FixtureRequest, workspace: Workspace) -> None:
    """Every test of the licence decision form starts with p01's licence granted."""
    if "licence_decision" in request.node.name:
        grant_licence(workspace)


@pytest.fixture
def area(make_focus_area: Callable[..., FocusArea]) -> FocusArea:
    """p01's active focus area 'Family A'."""
    return make_focus_area("p01", "Family A")


@pytest.fixture
def open_view(seen_by: Callable[[str], Workspace], act_as: Callable[[str], WorkspaceBackend]
              ) -> Callable[..., FormView]:
    """Open a form as ``user_id`` on their workspace (``seen_by``: remotely their synced
    copy), with a long debounce (tests flush by hand)."""

    def opener(name: str, user_id: str = "p01", **kwargs: Any) -> FormView:
        act_as(user_id)
        return open_form(name, seen_by(user_id), user_id, debounce_seconds=60.0, **kwargs)

    return opener


@pytest.fixture
def edit_view(seen_by: Callable[[str], Workspace], act_as: Callable[[str], WorkspaceBackend]
              ) -> Callable[..., EditorView]:
    """Open a form as an editor of earlier records, as ``user_id`` (like ``open_view``)."""

    def opener(name: str, user_id: str = "p01", **kwargs: Any) -> EditorView:
        act_as(user_id)
        return open_editor(name, seen_by(user_id), user_id, debounce_seconds=60.0, **kwargs)

    return opener
