"""The team scenario on the local backend (a workspace folder); the hub test runs the same
checks through the service. Plus the local-only parts: the export package list and files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hub_contract import CHECKS, PEOPLE, Team, Written, build_team

from kit.errors import PermissionDenied, WorkspaceError
from kit.hub.local import LocalBackend
from kit.store.workspace import Person, Settings, Workspace


@pytest.fixture(scope="module")
def team_and_written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Team, Written, Workspace]:
    """A workspace with the scenario's five people, and the scenario's records in it."""
    people = [Person(id=pid, name=f"Person {pid}", kinds=list(kinds)) for pid, kinds in PEOPLE.items()]
    ws = Workspace.create(tmp_path_factory.mktemp("local") / "ws", Settings(name="Team", people=people))
    team = {pid: LocalBackend.for_user(ws, pid) for pid in PEOPLE}
    return team, build_team(team), ws


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__.removeprefix("check_"))
def test_team_rule(team_and_written, check) -> None:
    team, written, _ = team_and_written
    check(team, written)


def test_whoami_is_the_person_and_their_kinds(team_and_written) -> None:
    team, _, _ = team_and_written
    assert team["lead1"].whoami().kinds == ("lead",)


def test_exports_listed_only_when_finished_and_only_inside_the_package(tmp_path: Path) -> None:
    people = [Person(id=pid, name=pid, kinds=list(kinds)) for pid, kinds in PEOPLE.items()]
    ws = Workspace.create(tmp_path / "ws", Settings(name="Team", people=people))
    team = {pid: LocalBackend.for_user(ws, pid) for pid in PEOPLE}
    exports = ws.folder("exports")
    (exports / ".half.partial").mkdir()
    (exports / ".half.partial" / "datapackage.json").write_text("{}")
    (exports / "unfinished").mkdir()
    (exports / "done").mkdir()
    (exports / "done" / "datapackage.json").write_text('{"name": "x"}')
    assert team["res1"].exports() == ["done"]
    assert team["res1"].export_file("done", "datapackage.json") == b'{"name": "x"}'
    for package, name in [("done", "../../kit.yaml"), ("unfinished", "a.csv"), ("done", "nope.csv")]:
        with pytest.raises(WorkspaceError):
            team["res1"].export_file(package, name)
    for who in ("p01", "link1"):
        with pytest.raises(PermissionDenied, match="Only researchers and lead practitioners"):
            team[who].exports()


def test_a_person_in_no_role_can_do_nothing(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "ws", Settings(name="Team"))
    from kit.hub.roles import Caller

    nobody = LocalBackend(ws, Caller("visitor", ()))
    with pytest.raises(PermissionDenied, match="You are signed in as visitor but have no part"):
        nobody.rows("reflections")


def test_without_a_hub_the_local_folder_is_used(team_and_written, monkeypatch: pytest.MonkeyPatch) -> None:
    from kit.hub.backend import open_backend

    _, _, ws = team_and_written
    monkeypatch.delenv("CANDLE_SERVICE_URL", raising=False)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "a-token-but-no-service")
    backend = open_backend(ws, "p02")
    assert isinstance(backend, LocalBackend)
    assert backend.whoami().id == "p02"


def test_an_export_with_nothing_to_release_leaves_nothing_behind(team_and_written) -> None:
    from kit.errors import ExportError

    team, written, ws = team_and_written
    with pytest.raises(ExportError):
        team["lead1"].make_export()  # one consenting practitioner: k-anonymity releases nothing
    assert sorted(p.name for p in ws.folder("exports").iterdir()) == [written.package]


def test_the_services_tables_in_memory_follow_every_new_record(tmp_path: Path) -> None:
    import os
    import time
    from datetime import date

    from kit.hub.frames import FrameCache
    from kit.hub.roles import Caller
    from kit.model.records import FocusArea

    ws = Workspace.create(tmp_path / "ws", Settings(name="Team"))
    backend = LocalBackend(ws, Caller("p01", ("practitioner",)), FrameCache())
    backend.submit(FocusArea.new(practitioner_id="p01", label="Family A", focus_kind="family",
                                 opened_on=date(2025, 4, 3)))
    hour_ago = time.time() - 3600  # folders touched this very second always count as changed
    for folder in [ws.store.records_dir, *ws.store.records_dir.rglob("*")]:
        if folder.is_dir():
            os.utime(folder, (hour_ago, hour_ago))
    backend.frames.read(ws, "focus_areas")
    first = backend.frames.read(ws, "focus_areas")
    assert backend.frames.read(ws, "focus_areas") is first  # unchanged: from memory
    backend.submit(FocusArea.new(practitioner_id="p01", label="Family B", focus_kind="family",
                                 opened_on=date(2025, 4, 3)))
    assert sorted(backend.rows("focus_areas")["label"]) == ["Family A", "Family B"]


def test_candle_mirror_outside_a_hub_says_so(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from kit.cli import main

    monkeypatch.delenv("CANDLE_SERVICE_URL", raising=False)
    assert main(["mirror"]) == 2
    assert "runs in a user's server on a hub" in capsys.readouterr().err
