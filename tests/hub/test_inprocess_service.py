"""The in-process candle service the capture and My-learning tests use for the remote backend
(tests/hub/inprocess_service.py): the team scenario passes through it as through the real
hub, it knows only the tokens it issued, and it stops for good (thread joined, port closed)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from hub_contract import CHECKS, PEOPLE, Team, Written, build_team
from inprocess_service import CandleService

from kit.errors import PermissionDenied, StoreError
from kit.hub.client import RemoteBackend
from kit.store.workspace import Person, Settings, Workspace


@pytest.fixture(scope="module")
def team_and_written(_candle_service: CandleService, tmp_path_factory: pytest.TempPathFactory
                     ) -> tuple[Team, Written, Workspace]:
    """The scenario's five people in a workspace the service serves, and its records written
    through the service."""
    people = [Person(id=pid, name=f"Person {pid}", kinds=list(kinds)) for pid, kinds in PEOPLE.items()]
    ws = Workspace.create(tmp_path_factory.mktemp("inprocess") / "ws", Settings(name="Team", people=people))
    _candle_service.use(ws)
    team = {pid: _candle_service.backend(pid) for pid in PEOPLE}
    return team, build_team(team), ws


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__.removeprefix("check_"))
def test_team_rule_through_the_inprocess_service(_candle_service, team_and_written, check) -> None:
    team, written, ws = team_and_written
    _candle_service.use(ws)  # another test may have pointed the service elsewhere
    check(team, written)


def test_roles_are_the_workspace_people_as_hub_groups(service: CandleService) -> None:
    assert service.backend("lead1").whoami().kinds == ("lead",)
    assert service.backend("p02").whoami().id == "p02"


def test_a_token_it_did_not_issue_is_refused(service: CandleService) -> None:
    with pytest.raises(PermissionDenied, match="does not recognise who is calling"):
        RemoteBackend(service.url, "not-a-token-the-hub-issued").whoami()


def test_each_test_gets_its_own_workspace(service: CandleService, workspace: Workspace) -> None:
    assert service.workspace.root.resolve() == workspace.root.resolve()
    assert service.backend("p01").rows("reflections").empty


def test_stopping_joins_the_thread_and_closes_the_port(workspace: Workspace, tmp_path: Path) -> None:
    own = CandleService(workspace).start()
    assert own.backend("p01").whoami().id == "p01"
    own.stop()
    assert not own.running
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", own.port)) != 0
    with pytest.raises(StoreError, match="could not be reached"):
        own.backend("p01").whoami()
