"""A form in a hub kernel, where only the remote backend can go wrong: the service is down,
refuses, or fails; and the kernel's own copy of the workspace. Remote only by nature; the
same forms on both backends are the other modules here (tests/conftest.py).

The service is the real one, in this process (tests/hub/inprocess_service.py); a test that
stops a service starts its own on the test's workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from inprocess_service import CandleService

from kit.errors import StoreError
from kit.forms import FormView, open_form
from kit.hub.backend import SERVICE_URL_ENV, TOKEN_ENV
from kit.hub.local import LocalBackend
from kit.hub.mirror import sync
from kit.model.records import FocusArea
from kit.store.record_store import Store
from kit.store.workspace import Workspace


def kernel(monkeypatch: pytest.MonkeyPatch, service: CandleService, user: str) -> None:
    """This process as ``user``'s kernel on a hub that offers ``service``."""
    monkeypatch.setenv(SERVICE_URL_ENV, service.url)
    monkeypatch.setenv(TOKEN_ENV, service.token_for(user))


def focus_area_form(workspace: Workspace, user: str = "p01") -> FormView:
    """A focus-area form, filled in and typed into (so its draft is autosaved)."""
    view = open_form("focus_area", workspace, user, debounce_seconds=60.0)
    view.set_values({"focus_kind": "topic"})
    view.inputs["label"].value = "Y6 transition group"
    return view


@pytest.fixture
def own_service(workspace: Workspace) -> Iterator[CandleService]:
    """A service of this test's own (it may be stopped)."""
    running = CandleService(workspace).start()
    yield running
    running.stop()


def test_a_form_keeps_the_draft_when_the_service_stops_and_saves_once_it_is_back(
        workspace: Workspace, own_service: CandleService, monkeypatch: pytest.MonkeyPatch) -> None:
    kernel(monkeypatch, own_service, "p01")
    view = focus_area_form(workspace)
    own_service.stop()
    assert view.save() is None
    said, details = view.status.value.split("<details", 1)
    assert "Not saved. The team's service could not be reached, so nothing was saved." in said
    assert "Your draft is kept: try again in a minute" in said
    assert "Errno" not in said and "127.0.0.1" not in said and "Traceback" not in said
    assert "Details for whoever runs the hub" in details  # the system's words, folded away
    assert f"{own_service.url}" in details and "Connection refused" in details
    view.flush()
    assert "Y6 transition group" in view.draft_file.read_text(encoding="utf-8")
    assert view.inputs["label"].value == "Y6 transition group"
    assert workspace.store.latest(FocusArea.TABLE, "p01") == []
    back = CandleService(workspace, own_service.port, own_service.hub_auth).start()
    try:
        assert view.save() is not None, view.status.value
    finally:
        back.stop()
    assert [area.label for area in workspace.store.latest(FocusArea.TABLE, "p01")] == ["Y6 transition group"]
    assert not view.draft_file.exists()


def test_the_token_decides_who_saves_not_the_forms_user(workspace: Workspace, service: CandleService,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    kernel(monkeypatch, service, "p01")
    view = focus_area_form(workspace, "p02")  # the folder says p02; the hub token is p01's
    assert view.save() is None
    assert "Not saved. You are signed in as p01 but this record names p02" in view.status.value
    assert workspace.store.latest(FocusArea.TABLE) == []


def test_a_store_error_in_the_service_is_one_plain_line(workspace: Workspace, service: CandleService,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_self, _record):
        raise StoreError("The disk holding the workspace is full, so this record was not saved.",
                         "Free some space and save again.")

    monkeypatch.setattr(Store, "write", full)  # the service's store, in its thread
    kernel(monkeypatch, service, "p01")
    view = focus_area_form(workspace)
    assert view.save() is None
    assert "Not saved. The disk holding the workspace is full" in view.status.value
    assert view.inputs["label"].value == "Y6 transition group"


def test_an_unexpected_failure_in_the_service_is_a_sentence_not_a_traceback(
        workspace: Workspace, service: CandleService, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_self, _record):
        raise RuntimeError("boom")

    monkeypatch.setattr(LocalBackend, "submit", broken)  # the service's backend, in its thread
    kernel(monkeypatch, service, "p01")
    view = focus_area_form(workspace)
    assert view.save() is None
    assert "Not saved. The candle service could not do this (500" in view.status.value
    assert "Nothing already saved was lost" in view.status.value
    assert "Traceback" not in view.status.value and "boom" not in view.status.value
    view.flush()
    assert "Y6 transition group" in view.draft_file.read_text(encoding="utf-8")


def test_my_profile_in_a_kernel_copy_offers_the_leads_and_links(
        service: CandleService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kernel(monkeypatch, service, "p01")
    copy = sync(service.backend("p01"), tmp_path / "home" / "workspace")
    view = open_form("my_profile", copy, debounce_seconds=60.0)
    assert list(view.inputs["lead_id"].options)[1:] == [("Lead One", "lead1")]
    assert list(view.inputs["link_id"].options)[1:] == [("Link One", "link1")]
    assert "p02" not in {person.id for person in copy.settings.people}
    view.inputs["stage"].value = "certified"
    assert view.save() is not None, view.status.value
    assert service.backend("p01").rows("profiles")["stage"].tolist() == ["certified"]
