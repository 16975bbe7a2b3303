"""An administrator's erasure of a person through the workspace interface, on both backends
(the local folder and the candle service in the test process): who the workspace holds, what
erasing one of them deletes (counts, nothing changed), then the erasure as the administrator,
one at a time per person. A practitioner, a lead, a Link and a user in no hub group are refused
with a sentence (403 on the service) and nothing changes; the service's audit line holds ids
and the reason code only."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from kit.errors import PermissionDenied, ValidationProblems
from kit.hub.backend import WorkspaceBackend
from kit.model.records import BY_TABLE
from kit.store.audit import AuditLog
from kit.store.erasures import read_erasures
from kit.store.workspace import SETTINGS_FILE, Person, Workspace, write_settings

SECRET = "Only p01 wrote this."


@pytest.fixture
def workspace(workspace_with_admin: Workspace) -> Workspace:
    """The test workspace with an administrator, and a reflection each for p01 and p02."""
    return workspace_with_admin


def held_files(ws: Workspace) -> dict[str, bytes]:
    """Every file under records/, the key folder and private/erasures, with its bytes."""
    found = {}
    for folder in (ws.root / "records", ws.key_folder, ws.root / "private" / "erasures"):
        if folder is not None and folder.is_dir():
            found.update({str(path.relative_to(ws.root)): path.read_bytes()
                          for path in folder.rglob("*") if path.is_file()})
    return found


def versions(ws: Workspace, person: str) -> list[str]:
    return sorted(r.record_id for table in BY_TABLE for r in ws.store.versions(table, person))


def test_an_administrator_sees_who_is_held_and_what_erasing_one_deletes(
        act_as: Callable[[str], WorkspaceBackend], workspace: Workspace):
    admin = act_as("admin1")
    people = {person.id: person for person in admin.people_held()}
    assert {"p01", "p02", "lead1", "link1", "admin1"} <= set(people)
    assert people["p01"].label() == "Practitioner One (p01, practitioner)"
    before = held_files(workspace)
    plan = admin.plan_erasure("p01")
    assert plan.records == {"focus_areas": 1, "profiles": 1, "reflections": 1}
    assert plan.key and plan.in_settings and not plan.done
    assert held_files(workspace) == before


def test_an_administrator_erases_a_practitioner(act_as: Callable[[str], WorkspaceBackend],
                                                workspace: Workspace, backend_kind: str,
                                                request: pytest.FixtureRequest):
    theirs = versions(workspace, "p02")
    went = act_as("admin1").erase_person("p01", "request")
    assert went.done and went.reason_code == "request" and sum(went.records.values()) == 3
    assert versions(workspace, "p01") == [] and versions(workspace, "p02") == theirs
    assert [(e.person_id, e.erased_by, e.reason_code) for e in read_erasures(workspace)] == [
        ("p01", "admin1", "request")]
    assert "p01" not in {person.id for person in act_as("admin1").people_held()}
    assert "p01" not in {person.id for person in Workspace.open(workspace.root).settings.people}
    if backend_kind == "remote":
        [line] = [e for e in AuditLog(workspace.root).events() if e["outcome"] == "erased"]
        assert set(line) == {"when", "who", "what", "status", "outcome", "practitioner_id", "reason_code"}
        assert (line["who"], line["practitioner_id"], line["reason_code"], line["status"]) == (
            "admin1", "p01", "request", 200)
        assert line["what"].endswith("api/person/erasures")
        assert "Practitioner One" not in json.dumps(line) and SECRET not in json.dumps(line)
        served = request.getfixturevalue("service").state.workspace  # kit.yaml read again: no restart
        assert "p01" not in {person.id for person in served.settings.people}


@pytest.mark.parametrize("asker", ["p02", "lead1", "link1"])
def test_anyone_else_is_refused_and_nothing_changes(act_as: Callable[[str], WorkspaceBackend],
                                                    workspace: Workspace, asker: str):
    before = held_files(workspace)
    backend = act_as(asker)
    for action in (backend.people_held, lambda: backend.plan_erasure("p01"),
                   lambda: backend.erase_person("p01", "request")):
        with pytest.raises(PermissionDenied, match=f"Only an administrator can .*, and {asker} is not one"):
            action()
    assert held_files(workspace) == before


def test_a_reason_that_is_not_a_code_is_refused_and_nothing_changes(
        act_as: Callable[[str], WorkspaceBackend], workspace: Workspace):
    before = held_files(workspace)
    with pytest.raises(ValidationProblems, match="reason"):
        act_as("admin1").erase_person("p01", "because they asked nicely")
    assert held_files(workspace) == before


def call(service, method: str, path: str, user: str, body: object = None) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(service.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {service.token_for(user)}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.parametrize("user", ["nobody1", "p02", "lead1", "link1"])
def test_the_service_refuses_all_but_an_administrator_with_403_before_reading(
        service, workspace: Workspace, user: str):
    """A user in no hub group too; each refusal is audited with its reason code, no content."""
    before = held_files(workspace)
    for method, path, body in (("GET", "api/person/people", None),
                               ("GET", "api/person/erasures/p01", None),
                               ("POST", "api/person/erasures", {"person_id": "p01", "reason": "request"})):
        status, answer = call(service, method, path, user, body)
        assert status == 403 and answer["error"], (path, answer)
    assert held_files(workspace) == before
    refused = [e for e in AuditLog(workspace.root).events() if e["outcome"] == "refused"]
    assert [(e["who"], e["status"], e["reason"]) for e in refused] == [(user, 403, "forbidden")] * 3


def test_the_service_erases_one_at_a_time_per_person(service, workspace: Workspace):
    """Two administrators' erasures of the same person at once: one erases, the other finds
    them erased; one erasure record."""
    admins = [workspace.person("admin1"), Person(id="admin2", name="Bo Admin", kinds=["admin"])]
    settings = Workspace.open(workspace.root).settings
    write_settings(workspace.root / SETTINGS_FILE, settings.model_copy(
        update={"people": [*settings.people, admins[1]]}))
    body = {"person_id": "p01", "reason": "request"}
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda who: call(service, "POST", "api/person/erasures", who.id, body),
                                admins))
    assert sorted(answer["erasure"]["done"] for _, answer in answers) == [False, True]
    assert [status for status, _ in answers] == [200, 200]
    assert len(read_erasures(workspace)) == 1
    outcomes = sorted(e["outcome"] for e in AuditLog(workspace.root).events())
    assert outcomes == ["already_erased", "erased"]
