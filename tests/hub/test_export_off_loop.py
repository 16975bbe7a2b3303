"""A research export made through the service runs on a writer thread: while it works
(minutes, for a large workspace), the service goes on answering everyone else."""

from __future__ import annotations

import threading

import pytest
from inprocess_service import CandleService

from kit.hub.local import LocalBackend
from kit.store.workspace import Workspace


def test_other_requests_are_answered_while_an_export_is_being_made(
        service: CandleService, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    started, finish = threading.Event(), threading.Event()
    make_export = LocalBackend.make_export

    def held_export(self: LocalBackend, *args: object, **kwargs: object) -> str:
        started.set()  # the export has begun on the service's side; it waits for the test
        assert finish.wait(60)
        return make_export(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(LocalBackend, "make_export", held_export)
    made: dict[str, str] = {}
    lead = service.backend("lead1")
    exporting = threading.Thread(target=lambda: made.update(name=lead.make_export(k=2, allow_empty=True)))
    exporting.start()
    try:
        assert started.wait(60)
        # the event loop is free: another person's request is answered before the export ends
        assert "p01" in {person.id for person in service.backend("p01").settings().people}
        assert not made
    finally:
        finish.set()
        exporting.join(120)
    assert made["name"].endswith("-lead1")
    assert made["name"] in lead.exports()
