"""No silent workspace: without CANDLE_WORKSPACE the kit says how to choose one, and the
first thing every page shows is the workspace and the user it is using."""

from __future__ import annotations

import pytest
from checkout import DEMO_WORKSPACE

import kit.forms
from kit.errors import WorkspaceError
from kit.notebook import header
from kit.notebook.context import page_context
from kit.store.workspace import Workspace
from kit.views.header import header_html


def test_no_workspace_variable_is_a_clear_error_not_the_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DEMO_WORKSPACE.parent.parent)  # the repository, where data/demo is
    with pytest.raises(WorkspaceError) as caught:
        Workspace.open()
    message = str(caught.value)
    assert "CANDLE_WORKSPACE" in message and "is not set" in message
    assert "make lab" in message and "candle init FOLDER" in message


def test_a_blank_workspace_variable_is_no_workspace_either(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANDLE_WORKSPACE", "  ")
    with pytest.raises(WorkspaceError, match="CANDLE_WORKSPACE"):
        Workspace.open()


def test_the_variable_chooses_the_workspace(monkeypatch: pytest.MonkeyPatch,
                                            workspace: Workspace) -> None:
    monkeypatch.setenv("CANDLE_WORKSPACE", str(workspace.root))
    assert Workspace.open().root == workspace.root


def test_a_form_without_a_workspace_explains_instead_of_opening_the_demo(monkeypatch) -> None:
    shown: list = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    kit.forms.show("journey_step")
    kit.forms.show_editor("reflection_i_matter")
    assert len(shown) == 2
    for widget in shown:
        assert "cannot be shown" in widget.value and "CANDLE_WORKSPACE" in widget.value


def test_the_header_names_the_workspace_folder_and_the_user(workspace: Workspace) -> None:
    context = page_context(workspace, "p02")
    text = header_html(context.workspace, context.person)
    assert str(workspace.root) in text and "Test workspace" in text
    assert "Practitioner Two" in text and "(p02, practitioner)" in text


def test_the_header_without_a_workspace_says_how_to_choose_one(monkeypatch) -> None:
    shown: list = []
    monkeypatch.setattr("kit.notebook.header.display", shown.append)
    header.show_header()
    assert len(shown) == 1
    assert "No workspace to show" in shown[0].data and "CANDLE_WORKSPACE" in shown[0].data
