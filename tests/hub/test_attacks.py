"""The candle service tried as an attacker would (issue 16), against the real tornado application
served in this process (tests/hub/inprocess_service.py), with raw HTTP requests and each
person's own token, by people the other tests do not use:

- ``lp1``, a lead who is also a practitioner;
- ``nobody1``, a hub user in no candle group (but listed in ``kit.yaml`` as a lead, as on a
  workspace that began on a laptop: on a hub that grants nothing);
- ``link2``, a Link practitioner, and ``res2``, a researcher.

Each attack is a test that failed before the service was hardened. The route table itself
(:func:`kit.hub.handlers.routes`) drives two of them: a user in no group is refused on every
route but ``whoami``, and malformed input thrown at every route ends in a 4xx sentence the
service chose, audited with a reason code, never a 500.
"""

from __future__ import annotations

import gc
import json
import re
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psutil
import pytest
from inprocess_service import PREFIX, CandleService
from tornado import web

from kit.capture.submit import submit
from kit.hub import handlers
from kit.hub.access import no_role
from kit.hub.audit import AuditLog
from kit.hub.local import PACKAGE_MARKER
from kit.hub.roles import Caller
from kit.model.ids import new_record_id
from kit.model.records import FocusArea, NamesToHide, Profile, Reflection, ReviewNote, ReviewShare
from kit.store.people import add_people
from kit.store.workspace import Settings, Workspace

PERIOD = "2025-Q2"
DAY = date(2025, 4, 3)
GROUPS = {"p01": ["practitioner"], "p02": ["practitioner"], "lead1": ["lead"], "link1": ["link"],
          "lp1": ["practitioner", "lead"], "link2": ["link"], "res2": ["researcher"]}
TYPED = "Met Jo Bloggs at Hillside"  # text a person typed: it must never reach the audit log
MiB = 1024 * 1024


def request(service: CandleService, method: str, path: str, user: str | None = None,
            body: Any = None, raw: bytes | None = None, headers: dict[str, str] | None = None
            ) -> tuple[int, Any, str]:
    """``(status, parsed JSON or None, content type)`` of one request to the service as ``user``."""
    data = raw if raw is not None else None if body is None else json.dumps(body).encode()
    sent = dict(headers or {})
    if user is not None:
        sent["Authorization"] = f"token {service.token_for(user)}"
    call = urllib.request.Request(f"{service.url}{path}", data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(call, timeout=60) as response:
            status, text, kind = response.status, response.read(), response.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        status, text, kind = error.code, error.read(), error.headers["Content-Type"]
    try:
        return status, json.loads(text) if text else None, kind or ""
    except ValueError:
        return status, None, kind or ""


def audit_text(service: CandleService) -> str:
    """The audit log as it is on disk ('' before its first line)."""
    path = AuditLog(service.workspace.root).path
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def stored(workspace: Workspace, table: str) -> list[str]:
    """Every record id stored in ``table`` (all versions)."""
    return sorted(record.record_id for record in workspace.store.versions(table))


@pytest.fixture
def hub(service: CandleService, workspace: Workspace) -> Iterator[CandleService]:
    """The service over the test workspace, the hub's groups being :data:`GROUPS`: p02's
    profile names nobody1 (kit.yaml's lead) as lead; lp1 has a reflection; the period's
    reviews of p01, p02 and lp1 are made, and lead1 has shared p01's."""
    add_people(workspace, [(None, {"id": "nobody1", "name": "Kit Yaml Lead", "kinds": "lead"})])
    [p02] = workspace.store.latest("profiles", "p02")
    submit(workspace, p02.revise(author_id="p02", edit_reason="New lead", lead_id="nobody1"))
    area = FocusArea.new(practitioner_id="lp1", label="Y5 nurture group", focus_kind="topic", opened_on=DAY)
    submit(workspace, area)
    submit(workspace, Reflection.new(practitioner_id="lp1", focus_area_ids=[area.entity_id],
                                     reflection_date=DAY, template="rolfe",
                                     answers={"what": "We tried a calmer start."}))
    folder = workspace.folder("reviews") / PERIOD
    folder.mkdir(parents=True)
    for subject in ("p01", "p02", "lp1"):
        (folder / f"{subject}.html").write_text("<p>A review</p>", encoding="utf-8")
    submit(workspace, ReviewShare.new(practitioner_id="p01", author_id="lead1", period=PERIOD, shared=True))
    service.use(workspace.root)
    service.set_hub_groups(GROUPS)
    yield service


def share(hub: CandleService, user: str, practitioner_id: str) -> tuple[int, Any, str]:
    """``user`` posts a share of ``practitioner_id``'s review of the period."""
    return request(hub, "POST", "api/reviews/shares", user,
                   {"practitioner_id": practitioner_id, "period": PERIOD, "shared": True})


# -- every route checks the caller's role first ------------------------------------------------

@pytest.mark.parametrize("user", ["nobody1", "link2", "res2", "p02", "lp1"])
def test_only_the_practitioners_own_lead_may_share_their_review(hub: CandleService, user: str) -> None:
    """D3: before, anyone could post a share of a review its lead had shared (200, with the
    share record, audited as stored)."""
    shares = stored(hub.workspace, "review_shares")
    status, body, _ = share(hub, user, "p01")
    assert status == 403, body
    assert "record" not in body and stored(hub.workspace, "review_shares") == shares
    [line] = [e for e in AuditLog(hub.workspace.root).events() if e["who"] == user]
    assert (line["outcome"], line["status"]) == ("refused", 403)


def test_the_shares_route_is_no_file_existence_oracle(hub: CandleService, tmp_path: Path) -> None:
    """D3: before, the route answered differently when reviews/<period>/<id>.html existed,
    for any *.html on the host through ``../``. Now ids are checked first: one refusal."""
    outside = tmp_path / "probe"
    outside.mkdir()
    (outside / "there.html").write_text("<p>exists</p>", encoding="utf-8")
    depth = "../" * 12
    answers = []
    for name in ("there", "nohow"):
        probe = f"{depth}{outside.relative_to('/')}/{name}"
        assert (hub.workspace.folder("reviews") / PERIOD / f"{probe}.html").exists() == (name == "there")
        status, body, _ = share(hub, "lp1", probe)
        answers.append((status, json.dumps(body).replace(name, "NAME")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 400


def test_the_kit_yaml_lead_in_no_hub_group_cannot_share_or_unshare(hub: CandleService) -> None:
    """D4: nobody1 is a lead in kit.yaml and p02's profile names them; on a hub that gives
    them nothing (before, they could share and unshare p02's review)."""
    for shared in (True, False):
        status, _, _ = request(hub, "POST", "api/reviews/shares", "nobody1",
                               {"practitioner_id": "p02", "period": PERIOD, "shared": shared})
        assert status == 403
    assert [share.practitioner_id for share in hub.workspace.store.versions("review_shares")] == ["p01"]


def route_calls() -> list[tuple[str, str, type]]:
    """``(method, path pattern, handler)`` of every route the service answers."""
    calls = []
    for pattern, handler, _ in handlers.routes(PREFIX, None):  # type: ignore[arg-type]
        for method in ("get", "post"):
            if getattr(handler, method) is not getattr(web.RequestHandler, method):
                calls.append((method.upper(), pattern.removeprefix(PREFIX), handler))
    return calls


ROUTE_CALLS = route_calls()
GROUP = re.compile(r"\((?:[^()]|\[[^\]]*\])*\)")


def filled(pattern: str, value: str) -> str | None:
    """``pattern`` with every group replaced by ``value`` (None if a group would not match it)."""
    groups = GROUP.findall(pattern)
    if not all(re.fullmatch(group[1:-1], value) for group in groups):
        return None
    return GROUP.sub(lambda _: value, pattern)


def call_id(call: tuple[str, str, type]) -> str:
    return f"{call[0]} {call[1]}"


@pytest.mark.parametrize("call", ROUTE_CALLS, ids=call_id)
def test_a_user_in_no_group_can_only_ask_who_they_are(hub: CandleService, call) -> None:
    """D9/build 3: nobody1 (in no hub group; kit.yaml's lead) is refused everywhere but whoami,
    with the same sentence, before anything is read: not the leads' and Links' names either."""
    method, pattern, _ = call
    path = filled(pattern, "p01") or filled(pattern, "reflections")
    assert path is not None
    status, body, _ = request(hub, method, path, "nobody1", {} if method == "POST" else None)
    if path == "api/whoami":
        assert (status, body) == (200, {"id": "nobody1", "kinds": []})
        return
    assert status == 403, (path, body)
    assert body["error"] == str(no_role(Caller("nobody1", ())))
    assert "lead1" not in json.dumps(body) and "Link One" not in json.dumps(body)


# -- ids are validated before any lookup, lock or file name -------------------------------------

def test_a_burst_of_huge_refused_ids_leaves_no_lock_and_little_memory(hub: CandleService) -> None:
    """D2: 100 refused requests with unique 200 KB ids (a user in no group, and a
    practitioner naming huge practitioner ids): no per-id lock is kept, RSS grows < 50 MiB
    (before, a lock was kept per id, for ever)."""
    process = psutil.Process()

    def burst(count: int) -> None:
        for number in range(count):
            huge = secrets.token_hex(100_000)  # 200 KB, a new id each time
            user = "nobody1" if number % 2 else "lp1"
            status, _, _ = request(hub, "POST", "api/edits", user, {
                "practitioner_id": huge, "table": "reflections", "entity_id": new_record_id("reflection"),
                "edit_reason": "x", "changes": {}})
            assert status in (400, 403)

    burst(4)  # warm-up: the first requests allocate what every request reuses
    gc.collect()
    before = process.memory_info().rss
    burst(100)
    gc.collect()
    assert process.memory_info().rss - before < 50 * MiB
    assert len(hub.state.locks) == 0


@pytest.mark.parametrize("record_id", ["reflection-sub/inner", "reflection-%2e%2e", "r" * 300,
                                       "reflection-01JQ8Z6A2B3C4D5E6F7G8H\x009J0K"])
def test_a_record_id_that_is_not_the_kits_is_refused_by_field(hub: CandleService, record_id: str) -> None:
    """D7: before, reflection-sub/inner was stored in a hidden nested folder (200) and
    reflection-%2e%2e was accepted; a 300-character or NUL id gave a 500."""
    [area] = hub.workspace.store.latest("focus_areas", "lp1")
    reflection = Reflection.new(practitioner_id="lp1", focus_area_ids=[area.entity_id], reflection_date=DAY,
                                template="rolfe", answers={"what": "A calm start."})
    before = stored(hub.workspace, "reflections")
    body = {**reflection.model_dump(mode="json"), "record_id": record_id, "entity_id": record_id}
    status, answer, _ = request(hub, "POST", "api/records", "lp1", body)
    assert status == 400
    assert {"record_id", "entity_id"} <= {problem["field"] for problem in answer["problems"]}
    assert stored(hub.workspace, "reflections") == before
    assert not list((hub.workspace.root / "records" / "reflections" / "lp1").rglob("*/*.json"))
    line = AuditLog(hub.workspace.root).events()[-1]
    assert (line["reason"], line["field"]) == ("invalid", "record_id")


@pytest.mark.parametrize("field", ["author_id", "practitioner_id", "entity_id", "record_id", "kind"])
def test_an_edit_cannot_name_the_envelope(hub: CandleService, field: str) -> None:
    """D6: before, an edit whose changes named author_id, practitioner_id or entity_id gave a
    500 with no audit line (and record_id or kind were quietly dropped)."""
    [reflection] = hub.workspace.store.latest("reflections", "lp1")
    status, body, _ = request(hub, "POST", "api/edits", "lp1", {
        "table": "reflections", "entity_id": reflection.entity_id, "practitioner_id": "lp1",
        "edit_reason": "Trying", "changes": {field: "p01"}})
    assert status == 400, body
    assert [(p["field"], p["code"]) for p in body["problems"]] == [(field, "not_editable")]
    line = AuditLog(hub.workspace.root).events()[-1]
    assert (line["status"], line["reason"], line["field"]) == (400, "invalid", field)
    assert len(hub.workspace.store.versions("reflections", "lp1")) == 1


@pytest.mark.parametrize("body", [{"k": "abc"}, {"k": 2.5}, {"k": True}, {"k": None},
                                  {"allow_empty": "yes"}], ids=json.dumps)
def test_an_export_with_a_k_that_is_not_a_number_is_refused(hub: CandleService, body: dict) -> None:
    """D6: before, k="abc" gave a 500 with no audit line."""
    status, answer, _ = request(hub, "POST", "api/exports", "lead1", body)
    assert status == 400, answer
    [field] = body
    assert [p["field"] for p in answer["problems"]] == [field]
    assert AuditLog(hub.workspace.root).events()[-1]["field"] == field


# -- malformed input at every route --------------------------------------------------------------

FIELDS = ("kind", "practitioner_id", "entity_id", "table", "edit_reason", "changes", "reason", "period",
          "shared", "k", "allow_empty", "ref", "span", "seen", "keep_back", "record_id")
MARKER = "MALFORMED-MARKER-7f3a"
DEEP_ARRAY = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 50_000 + b"1" + b"}" * 50_000
BODIES: list[tuple[str, bytes]] = [
    ("deep array", DEEP_ARRAY),
    ("deep object", DEEP_OBJECT),
    ("not JSON", b'{"practitioner_id": '),
    ("not UTF-8", b'{"reason": "\xff\xfe"}'),
    ("a string", json.dumps(MARKER).encode()),
    ("a list", b"[1, 2, 3]"),
    ("null", b"null"),
    *[(f"every field {name}", json.dumps({field: value for field in FIELDS}).encode())
      for name, value in [("a list", [MARKER]), ("an object", {MARKER: MARKER}), ("a number", 12),
                          ("true", True), ("null", None), ("300 characters", MARKER + "x" * 300),
                          ("with NUL", f"p01\x00{MARKER}"), ("a path", f"../../{MARKER}")]],
    ("forbidden changes", json.dumps({
        "table": "reflections", "entity_id": "reflection-01JQ8Z6A2B3C4D5E6F7G8H9J0K",
        "practitioner_id": "lp1", "edit_reason": "x", "changes": {"author_id": MARKER, MARKER: 1}}).encode()),
]
PATH_VALUES = ["a" * 300, "%00", "p01%00", "..", "%2e%2e", "..%2F..%2Fkit", "x" * 300, "%E2%80%AEp01"]


def malformed_requests(method: str, pattern: str) -> list[tuple[str, str, bytes | None]]:
    """``(what, path, body)`` of each malformed request for one route."""
    paths = [(f"path {value[:12]}", path) for value in PATH_VALUES
             if (path := filled(pattern, value)) is not None and path != pattern]
    if method == "GET":
        query = f"?table=%00&table={'a' * 300}&table={MARKER}"
        plain = filled(pattern, "p01") or filled(pattern, "reflections")
        return [(what, path, None) for what, path in paths] + [("query", f"{plain}{query}", None)]
    return [(what, pattern, body) for what, body in BODIES] + [(what, path, b"{}") for what, path in paths]


@pytest.mark.parametrize("call", ROUTE_CALLS, ids=call_id)
@pytest.mark.parametrize("user", ["lp1", "link2"])
def test_malformed_input_at_every_route_ends_in_a_refusal_the_service_chose(
        hub: CandleService, call, user: str) -> None:
    """D6/build 5: deep JSON, bad types, unknown and forbidden fields, 300-character, NUL and
    path ids: a 4xx JSON sentence, audited with a reason code (never what was sent), or an
    answer; never a 500."""
    method, pattern, _ = call
    for what, path, body in malformed_requests(method, pattern):
        lines = len(AuditLog(hub.workspace.root).events())
        status, answer, kind = request(hub, method, path, user, raw=body)
        assert status < 500, (what, path, answer)
        if status >= 400:
            assert kind.startswith("application/json") and isinstance(answer["error"], str), (what, answer)
            events = AuditLog(hub.workspace.root).events()
            assert len(events) == lines + 1, (what, path)
            assert (events[-1]["status"], events[-1]["outcome"]) == (status, "refused")
            assert re.fullmatch(r"[a-z_]+", events[-1]["reason"]), events[-1]
    assert MARKER not in audit_text(hub)


# -- the audit log and answers carry ids, never content ----------------------------------------

def test_the_audit_log_holds_reason_codes_and_field_names_never_what_was_typed(hub: CandleService) -> None:
    """D8: before, refusal reasons copied typed text (a date field, a name to hide)."""
    [area] = hub.workspace.store.latest("focus_areas", "lp1")
    reflection = Reflection.new(practitioner_id="lp1", focus_area_ids=[area.entity_id], reflection_date=DAY,
                                template="rolfe", answers={"what": "A calm start."})
    status, _, _ = request(hub, "POST", "api/records", "lp1",
                           {**reflection.model_dump(mode="json"), "reflection_date": TYPED})
    assert status == 400
    line = AuditLog(hub.workspace.root).events()[-1]
    assert {key: line[key] for key in ("who", "status", "outcome", "reason", "field")} == {
        "who": "lp1", "status": 400, "outcome": "refused", "reason": "invalid", "field": "reflection_date"}
    names = NamesToHide.new(practitioner_id="p01", author_id="lp1", focus_area_id=area.entity_id,
                            names=[TYPED])
    status, _, _ = request(hub, "POST", "api/records", "lp1", names.model_dump(mode="json"))
    assert status == 403
    assert AuditLog(hub.workspace.root).events()[-1]["reason"] == "forbidden"
    text = audit_text(hub)
    assert TYPED not in text and "Jo Bloggs" not in text
    assert str(hub.workspace.root) not in text and str(hub.workspace.root.resolve()) not in text


def test_a_fault_is_a_500_sentence_audited_without_the_body(hub: CandleService,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """D6: a genuine fault is answered and audited too (before: a 500 with no audit line)."""
    from kit.hub.local import LocalBackend

    def broken(self, table: str) -> None:
        raise RuntimeError(f"disk trouble near {TYPED}")

    monkeypatch.setattr(LocalBackend, "rows", broken)
    status, body, _ = request(hub, "GET", "api/rows/reflections", "lp1")
    assert status == 500 and "could not do this" in body["error"] and TYPED not in json.dumps(body)
    line = AuditLog(hub.workspace.root).events()[-1]
    assert (line["who"], line["status"], line["outcome"], line["reason"]) == ("lp1", 500, "failed", "fault")
    assert TYPED not in audit_text(hub)


def test_an_error_never_names_the_workspaces_folder(hub: CandleService) -> None:
    """D9: a store error (here: a file where p01's folder should be) used to send the
    workspace's absolute path."""
    (hub.workspace.root / "records" / "focus_areas").mkdir(parents=True, exist_ok=True)
    (hub.workspace.root / "records" / "focus_areas" / "p01").write_text("not a folder", encoding="utf-8")
    area = FocusArea.new(practitioner_id="p01", label="Family B", focus_kind="family", opened_on=DAY)
    status, body, _ = request(hub, "POST", "api/records", "p01", area.model_dump(mode="json"))
    assert status == 503, body
    assert "could not be saved to records/focus_areas/p01" in body["error"]
    text = json.dumps(body)
    for root in (hub.workspace.root, hub.workspace.root.resolve(), "/tmp"):
        assert str(root) not in text, text


def test_requests_without_a_known_token_write_nothing(hub: CandleService) -> None:
    """D9: before, each unauthenticated request cost an fsynced audit line."""
    before = audit_text(hub)
    for headers in ({}, {"Authorization": "token not-a-token"}, {"Authorization": "token " + "x" * 5000},
                    {"Authorization": "Basic abc"}):
        for path in ("api/whoami", "api/records", f"api/reviews/html/{PERIOD}/p01"):
            status, body, _ = request(hub, "GET", path, headers=headers)
            assert status == 401 and "does not recognise who is calling" in body["error"]
    assert audit_text(hub) == before
    assert hub.state.anonymous.refused >= 12


# -- what each role may reach -------------------------------------------------------------------

def make_package(workspace: Workspace, name: str) -> None:
    folder = workspace.folder("exports") / name
    folder.mkdir(parents=True)
    (folder / PACKAGE_MARKER).write_text('{"name": "x", "resources": []}', encoding="utf-8")


def test_a_lead_lists_and_downloads_only_their_own_packages(hub: CandleService) -> None:
    """D9: before, any lead downloaded any other lead's export package."""
    mine, theirs = "20250501T100000000000Z-lp1", "20250501T110000000000Z-lead1"
    for name in (mine, theirs):
        make_package(hub.workspace, name)
    assert request(hub, "GET", "api/exports", "lp1")[1] == {"packages": [mine]}
    assert request(hub, "GET", "api/exports", "lead1")[1] == {"packages": [theirs]}
    assert request(hub, "GET", "api/exports", "res2")[1] == {"packages": [mine, theirs]}
    status, _, _ = request(hub, "GET", f"api/exports/{theirs}/{PACKAGE_MARKER}", "lp1")
    assert status == 404
    assert request(hub, "GET", f"api/exports/{theirs}/{PACKAGE_MARKER}", "res2")[0] == 200


def test_a_practitioner_who_is_a_lead_cannot_write_their_own_review_notes(hub: CandleService) -> None:
    """D9: lp1's profile (saved before profiles were checked) names lp1 as their own lead:
    still no review note or share about themselves."""
    profile = Profile.new(practitioner_id="lp1", display_name="LP", role="mini_candle_practitioner",
                          stage="trainee", lead_id="lead1")
    hub.workspace.store.write(profile.model_copy(update={"lead_id": "lp1"}))
    note = ReviewNote.new(practitioner_id="lp1", author_id="lp1", period=PERIOD, text="Doing well.",
                          shared=True)
    status, body, _ = request(hub, "POST", "api/records", "lp1", note.model_dump(mode="json"))
    assert status == 403, body
    assert share(hub, "lp1", "lp1")[0] == 403
    assert stored(hub.workspace, "review_notes") == []
    assert [share.practitioner_id for share in hub.workspace.store.versions("review_shares")] == ["p01"]


def test_the_token_cache_lasts_a_few_seconds(tmp_path: Path) -> None:
    """D9: a revoked or expired token worked for up to 60 s."""
    from kit.hub.service import TOKEN_CACHE_SECONDS, open_state

    workspace = Workspace.create(tmp_path / "ws", Settings(name="Team"))
    state = open_state(workspace, {"JUPYTERHUB_API_TOKEN": "t", "JUPYTERHUB_API_URL": "http://127.0.0.1:9/"})
    assert state.hub_auth.cache_max_age == TOKEN_CACHE_SECONDS <= 5
