"""Issue 10 end to end: a real JupyterHub, the candle service it manages, five people in hub
groups (and an administrator in candle-admins), each acting only with their own token. The
same team checks as the local backend (hub_contract), then what only the service does:
identity no variable can change, a JSON refusal with a sentence, the body limit, the audit
log, /health, a restart that loses nothing, and (issue 17) a person's download and an
administrator's erasure that the lead's copy follows. One hub for the module; it and
everything it started are stopped by pid."""

from __future__ import annotations

import os
import threading
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hub_contract import CHECKS, PEOPLE, PERIOD, Team, Written, build_team, reflection
from hub_process import Hub, http, running_hub, wait_for

from kit.errors import PermissionDenied, WorkspaceError
from kit.hub.audit import AUDIT_FILE, AuditLog
from kit.hub.backend import open_backend
from kit.hub.client import RemoteBackend
from kit.hub.roles import DEFAULT_GROUPS
from kit.model.ids import new_record_id
from kit.notebook.records import save_my_records
from kit.store.workspace import Settings, Workspace
from kit.tables.compiler import read_table

BODY_LIMIT = 64 * 1024
ADMIN = "admin1"  # in candle-admins: answers data-protection requests (issue 17)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory):
    """The hub and its service, on a workspace whose kit.yaml names p01 as the current user
    (which must make no difference to anyone)."""
    folder = tmp_path_factory.mktemp("hub")
    workspace = folder / "workspace"
    Workspace.create(workspace, Settings(name="Team on a hub", current_user="p01"))
    groups = {DEFAULT_GROUPS[kind]: [p for p, kinds in PEOPLE.items() if kind in kinds]  # type: ignore[index]
              for kind in DEFAULT_GROUPS}
    groups[DEFAULT_GROUPS["admin"]] = [ADMIN]
    with running_hub(folder, workspace, groups, {"CANDLE_MAX_BODY_BYTES": str(BODY_LIMIT)}) as running:
        yield running


@pytest.fixture(scope="module")
def tokens(hub: Hub) -> dict[str, str]:
    """Each person's own token (the admin only mints them)."""
    return {pid: hub.user_token(pid) for pid in PEOPLE}


@pytest.fixture(scope="module")
def team_and_written(hub: Hub, tokens: dict[str, str]) -> tuple[Team, Written]:
    """Every person's remote backend, and the scenario's records written through the service."""
    team = {pid: RemoteBackend(hub.service_url, token) for pid, token in tokens.items()}
    return team, build_team(team)


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__.removeprefix("check_"))
def test_team_rule_through_the_hub(team_and_written, check) -> None:
    team, written = team_and_written
    check(team, written)


def test_roles_come_from_hub_groups(team_and_written) -> None:
    team, _ = team_and_written
    assert {pid: backend.whoami().kinds for pid, backend in team.items()} == PEOPLE


def test_no_variable_or_setting_changes_who_you_are(hub: Hub, tokens, team_and_written,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _, written = team_and_written
    for name in ("CANDLE_USER", "JUPYTERHUB_USER"):
        monkeypatch.setenv(name, "p01")
    monkeypatch.setenv("CANDLE_SERVICE_URL", hub.service_url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", tokens["p02"])
    as_p02 = open_backend()  # a kernel's way in: the service from the hub's environment
    assert isinstance(as_p02, RemoteBackend)
    assert as_p02.whoami().id == "p02"
    assert written.reflection.record_id not in set(as_p02.rows("reflections")["record_id"])
    with pytest.raises(PermissionDenied, match="signed in as p02"):
        as_p02.submit(written.reflection.model_copy(update={"record_id": new_record_id("reflection")}))


def test_a_refusal_is_json_with_a_sentence(hub: Hub, tokens, team_and_written) -> None:
    status, body = http("GET", f"{hub.service_url}api/rows/reflections", tokens["res1"])
    assert status == 403
    assert body["error"].startswith("A researcher receives only finished research export packages")
    status, body = http("GET", f"{hub.service_url}api/whoami", "not-a-token")
    assert status == 401 and "does not recognise who is calling" in body["error"]
    status, body = http("POST", f"{hub.service_url}api/records", tokens["p01"], {"kind": "reflection"})
    assert status == 400
    assert {"focus_area_ids", "answers"} <= {p["field"] for p in body["problems"]}


def test_a_token_without_the_service_scope_is_refused(hub: Hub) -> None:
    narrow = hub.api("POST", "users/p01/tokens", {"scopes": ["read:users:name!user=p01"]})["token"]
    status, body = http("GET", f"{hub.service_url}api/whoami", narrow)
    assert status == 403 and "token may not use the candle service" in body["error"]


def test_a_body_over_the_limit_is_refused(hub: Hub, tokens) -> None:
    status, body = http("POST", f"{hub.service_url}api/records", tokens["p01"],
                        raw=b"x" * (BODY_LIMIT + 1))
    assert status == 413
    assert f"more than the {BODY_LIMIT:,} the service accepts" in body["error"]


def test_every_write_and_refusal_is_audited(hub: Hub, team_and_written) -> None:
    _, written = team_and_written
    events = AuditLog(hub.workspace).events()
    assert (hub.workspace / AUDIT_FILE).is_file()
    stored = {(e["who"], e.get("record_id")) for e in events if e["outcome"] == "stored"}
    assert ("p01", written.reflection.record_id) in stored
    assert ("lead1", written.note.record_id) in stored
    refused = [e for e in events if e["outcome"] == "refused"]
    assert any(e["who"] == "p02" and e["status"] == 403 and e["reason"] == "forbidden" for e in refused)
    assert any(e["who"] == "p01" and e["status"] == 400 and e["reason"] == "invalid"
               and "focus_area_ids" in e["fields"] for e in refused)  # a reason code and field names
    assert all({"when", "who", "what", "status", "outcome"} <= set(e) for e in events)


def test_a_practitioner_downloads_their_own_record_and_others_are_refused(
        hub: Hub, team_and_written, tmp_path: Path) -> None:
    """Issue 17: My learning's download through the hub (the function its button calls;
    test_hub_browser clicks the button and its link); another practitioner and a lead are
    refused with a sentence; the download is audited."""
    team, written = team_and_written
    saved = save_my_records(team["p01"], tmp_path / "candle" / "my-records")
    names = zipfile.ZipFile(saved).namelist()
    assert f"{saved.stem}/records/reflections/{written.reflection.record_id}.json" in names
    for asker in ("p02", "lead1"):
        with pytest.raises(PermissionDenied, match=f"{asker} may not download p01's records"):
            team[asker].person_export("p01")
    events = AuditLog(hub.workspace).events()
    assert ("p01", "p01") in {(e["who"], e.get("practitioner_id")) for e in events
                              if e["outcome"] == "exported"}


def test_review_runs_and_shares_are_audited(hub: Hub, team_and_written) -> None:
    """The team check ran lead1's reviews of the period and shared p01's through the service."""
    events = AuditLog(hub.workspace).events()
    runs = [(e["who"], e["outcome"], e.get("period"), e.get("made"))
            for e in events if e["what"] == "review run"]
    assert runs == [("lead1", "done", PERIOD, 2)]  # p01's and the overview (p02 joined after it)
    assert any(e["who"] == "lead1" and e["outcome"] == "started" and e.get("period") == PERIOD
               for e in events)
    assert any(e["who"] == "lead1" and e["outcome"] == "stored" and e.get("kind") == "review_share"
               and e.get("practitioner_id") == "p01" for e in events)
    assert (hub.workspace / "reviews" / PERIOD / "cohort-lead1.html").is_file()


def test_a_user_in_no_group_and_a_link_cannot_share_someone_elses_review(hub: Hub, tokens,
                                                                        team_and_written) -> None:
    """Issue 16 D3 through the real hub: a share posted by a hub user in no candle group, or by
    a Link, for p01's review (already made and shared by lead1) is refused and stores nothing
    (before: 200 with the share record, audited as stored)."""
    team, _ = team_and_written
    review = hub.workspace / "reviews" / PERIOD / "p01.html"
    if not review.is_file():  # the team check makes it; run alone, this test makes a stand-in
        review.parent.mkdir(parents=True, exist_ok=True)
        review.write_text("<p>A review</p>", encoding="utf-8")
    team["lead1"].share_review("p01", PERIOD)
    hub.api("POST", "users/nogroup1")  # a hub user in none of the candle groups
    outsiders = {"nogroup1": hub.user_token("nogroup1"), "link1": tokens["link1"]}
    before = Workspace.open(hub.workspace).store.versions("review_shares")
    for token in outsiders.values():
        for shared in (True, False):
            status, body = http("POST", f"{hub.service_url}api/reviews/shares", token,
                                {"practitioner_id": "p01", "period": PERIOD, "shared": shared})
            assert status == 403 and "record" not in body, body
    assert Workspace.open(hub.workspace).store.versions("review_shares") == before
    refused = [(e["who"], e["status"], e["reason"]) for e in AuditLog(hub.workspace).events()
               if e["who"] in outsiders and e["what"].endswith("api/reviews/shares")]
    assert sorted(refused) == [("link1", 403, "forbidden")] * 2 + [("nogroup1", 403, "forbidden")] * 2


def kernels_of(service_pid: int) -> list[int]:
    """The kernels the service process ``service_pid`` started that still run."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"JPY_PARENT_PID={service_pid}".encode() in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def start_review_run(hub: Hub, lead: RemoteBackend, period: str) -> tuple[threading.Thread, list]:
    """``lead``'s run of ``period``, followed on a thread (returned once the service started
    it), and what it raised."""
    ended: list[BaseException] = []

    def run() -> None:
        try:
            lead.run_reviews(period)
        except Exception as error:
            ended.append(error)

    following = threading.Thread(target=run)
    following.start()
    wait_for(lambda: any(e["what"] == "POST /services/candle/api/reviews/runs" and e.get("period") == period
                         for e in AuditLog(hub.workspace).events()), "the run starting")
    return following, ended


def test_the_service_is_the_only_writer_and_a_restart_loses_nothing(hub: Hub, tokens,
                                                                   team_and_written) -> None:
    """Nor does it lose a lead's review run under way: it ends with a sentence, and Run again
    makes the rest."""
    team, written = team_and_written
    before = hub.service_health()
    assert before and before["status"] == "ok"
    period = "2025-Q3"  # nothing made yet: the run takes a kernel's while
    following, ended = start_review_run(hub, team["lead1"], period)
    wait_for(lambda: kernels_of(before["pid"]), "the run's kernel starting")
    os.kill(before["pid"], 15)  # the hub notices and starts the service again
    after = wait_for(lambda: (h := hub.service_health()) and h["pid"] != before["pid"] and h,
                     "the hub restarting the service")
    assert after["status"] == "ok"
    assert written.reflection.record_id in set(team["p01"].rows("reflections")["record_id"])
    stored = read_table(Workspace.open(hub.workspace), "reflections", refresh=False)
    assert {written.reflection.record_id, written.private_reflection.record_id} <= set(stored["record_id"])

    following.join(30)
    assert [str(error) for error in ended] == [
        "The service restarted while your reviews were running; the ones already made are kept. "
        "Press Run again to finish the rest."]
    assert not kernels_of(before["pid"])  # they end with the service that started them
    results = team["lead1"].run_reviews(period)  # pressed again
    assert results and {result.status for result in results} <= {"made", "unchanged"}


def test_hub_files_stay_outside_the_workspace(hub: Hub) -> None:
    assert not list(Path(hub.workspace).glob("*.sqlite"))


def kernel_form(hub: Hub, token: str, folder: Path, monkeypatch: pytest.MonkeyPatch):
    """A focus-area form in a "kernel" whose own folder says it is p02, with ``token`` set."""
    from kit.forms import open_form

    local = Workspace.create(folder, Settings(name="Kernel copy", current_user="p02", people=[
        {"id": "p02", "name": "Two", "kinds": ["practitioner"]}]))
    monkeypatch.setenv("CANDLE_SERVICE_URL", hub.service_url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", token)
    view = open_form("focus_area", workspace=local, user_id="p02")
    view.set_values({"label": "Y5 nurture group", "focus_kind": "topic"})
    return view, local


def test_a_form_saves_through_the_service_in_a_hub_kernel(hub: Hub, tokens, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The forms' save path takes the workspace interface: with the hub's environment set, a
    form's record goes to the service (checked there), never into the kernel's folder."""
    view, local = kernel_form(hub, tokens["p02"], tmp_path / "kernel", monkeypatch)
    assert view.save() is not None, view.status.value
    assert "Saved at" in view.status.value
    labels = set(RemoteBackend(hub.service_url, tokens["p02"]).rows("focus_areas")["label"])
    assert "Y5 nurture group" in labels  # stored by the service
    assert [a.label for a in local.store.latest("focus_areas")] == ["Y5 nurture group"]  # and copied


def test_a_hub_kernel_works_on_its_own_copy_of_what_its_person_may_read(
        hub: Hub, tokens, team_and_written, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kernel_workspace(): in a hub kernel, a folder in the home with the caller's records (and
    the notes shared with them), never anyone else's; My learning reads it unchanged."""
    from kit.hub.mirror import kernel_workspace
    from kit.views import learning

    _, written = team_and_written
    monkeypatch.setenv("CANDLE_SERVICE_URL", hub.service_url)
    monkeypatch.setenv("CANDLE_WORKSPACE", str(tmp_path / "home-copy"))
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", tokens["p01"])
    monkeypatch.setenv("CANDLE_USER", "p02")  # cannot make this kernel p02's
    mine = kernel_workspace()
    assert mine.root == tmp_path / "home-copy" and mine.settings.current_user == "p01"
    assert [p.id for p in mine.settings.people] == ["p01", "lead1", "link1"]  # a lead and Link to pick
    with pytest.raises(WorkspaceError, match="'p02' is not a person"):
        mine.current_user()
    stored = {r.record_id for r in mine.store.versions("reflections")}
    assert stored == {written.reflection.record_id, written.private_reflection.record_id,
                      written.held.record_id}
    assert list(learning.my_review_notes(mine, "p01")["note"]) == [written.note.text]
    assert int(learning.my_reflection_counts(mine, "p01")["reflections"].sum()) == 3
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", tokens["p02"])
    theirs = kernel_workspace(tmp_path / "p02-copy")
    assert theirs.store.versions("reflections") == []
    assert {r.practitioner_id for r in theirs.store.versions("profiles")} == {"p02"}


def test_a_form_shows_the_services_refusal_as_a_sentence(hub: Hub, tokens, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A kernel whose folder claims p02 but whose hub token is p01's cannot save as p02."""
    view, _ = kernel_form(hub, tokens["p01"], tmp_path / "kernel", monkeypatch)
    assert view.save() is None
    assert "Not saved. You are signed in as p01 but this record names p02 as its author." in view.status.value
    assert "Traceback" not in view.status.value


def test_a_form_keeps_the_draft_when_the_service_is_down(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    from hub_process import free_port

    down = Hub(f"http://127.0.0.1:{free_port()}/", f"http://127.0.0.1:{free_port()}/services/candle/",
               "", tmp_path, None)  # type: ignore[arg-type]
    view, _ = kernel_form(down, "some-token", tmp_path / "kernel", monkeypatch)
    view.inputs["label"].value = "Y6 transition group"  # typed: the draft autosaves
    assert view.save() is None
    assert "could not be reached" in view.status.value and "Your draft is kept" in view.status.value
    view.flush()
    assert "Y6 transition group" in view.draft_file.read_text(encoding="utf-8")
    assert view.inputs["label"].value == "Y6 transition group"


def test_one_persons_writes_at_once_still_keep_the_rules(hub: Hub, team_and_written) -> None:
    """Four focus areas sent at once by p01 (who has one): the cap of three holds, the rest are
    refused by field, and nothing is half written."""
    from concurrent.futures import ThreadPoolExecutor

    from kit.errors import ValidationProblems
    from kit.model.records import FocusArea

    team, _ = team_and_written
    areas = [FocusArea.new(practitioner_id="p01", label=f"Group {n}", focus_kind="topic",
                           opened_on=date(2025, 4, 3)) for n in range(4)]

    def send(area: FocusArea) -> str:
        try:
            return team["p01"].submit(area)
        except ValidationProblems as error:
            return str(error.by_field())

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(send, areas))
    refused = [o for o in outcomes if "at most 3 active focus areas" in o]
    assert len(refused) == 2, outcomes
    active = team["p01"].rows("focus_areas")
    assert (active["status"] == "active").sum() == 3
    assert Workspace.open(hub.workspace).store.load("focus_areas").quarantined == []


def test_candle_mirror_refreshes_a_servers_copy_as_it_starts(hub: Hub, tokens, team_and_written,
                                                             tmp_path: Path) -> None:
    import subprocess
    import sys

    _, written = team_and_written
    env = {**os.environ, "CANDLE_SERVICE_URL": hub.service_url, "JUPYTERHUB_API_TOKEN": tokens["lead1"],
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-m", "kit", "mirror", str(tmp_path / "copy")], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "your copy" in done.stdout and "as lead1" in done.stdout
    copy = Workspace.open(tmp_path / "copy")
    assert {r.record_id for r in copy.store.versions("reflections")} == {written.reflection.record_id,
                                                                         written.held.record_id}
    from kit.views import learning

    roster = learning.roster(copy, "lead1")  # the lead's page, on the copy, with names
    assert list(roster["practitioner"]) == ["Practitioner 1", "Practitioner 2"]


@pytest.fixture
def kernel_of(hub: Hub, tokens, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``kernel_of(pid)``: a hub kernel's environment for ``pid`` (their own token, a copy in
    a fresh home); returns what its pages show, as text."""
    from IPython.core.interactiveshell import InteractiveShell

    from kit.hub import mirror
    from kit.notebook import header, learning
    from kit.views import pages

    InteractiveShell.instance()
    shown: list[str] = []
    for module in (header, learning, pages):
        monkeypatch.setattr(module, "display", lambda item: shown.append(
            getattr(item, "value", None) or getattr(item, "data", None) or repr(item)))
    monkeypatch.setattr(mirror, "_refreshed", {})  # a kernel that has not refreshed yet

    def kernel(pid: str) -> list[str]:
        monkeypatch.setenv("HOME", str(tmp_path / pid))
        monkeypatch.setenv("CANDLE_WORKSPACE", str(tmp_path / pid / ".candle" / "workspace"))
        monkeypatch.setenv("CANDLE_SERVICE_URL", hub.service_url)
        monkeypatch.setenv("JUPYTERHUB_API_TOKEN", tokens[pid])
        return shown

    return kernel


def test_a_links_page_in_a_hub_kernel_shows_who_they_orient(kernel_of, team_and_written) -> None:
    """The Link's copy holds no records: the list is the service's answer (07's entry)."""
    from kit.notebook import header, people

    shown = kernel_of("link1")
    header.show_header()
    assert "You are <strong>link1</strong> (your hub user name; link)." in shown[-1]
    people.show_oriented()
    table = shown[-1]
    assert "<caption>Practitioners link1 orients (by name)</caption>" in table
    assert table.index("Practitioner 1") < table.index("Yes") < table.index("Practitioner 2") \
        < table.index("Not yet")  # p01 shared a reflection, p02 has not


def test_my_learning_in_a_hub_kernel_shows_a_note_shared_after_the_copy_was_made(
        hub: Hub, kernel_of, team_and_written, monkeypatch: pytest.MonkeyPatch) -> None:
    from kit.hub import mirror
    from kit.model.records import ReviewNote
    from kit.notebook import learning

    team, written = team_and_written
    shown = kernel_of("p01")
    mirror.sync(team["p01"], mirror.copy_folder())  # `candle mirror`, as the server started
    later = ReviewNote.new(practitioner_id="p01", author_id="lead1", period="2025-Q3",
                           text="Shared after your server started.", shared=True)
    team["lead1"].submit(later)
    learning.show_my_learning("review_notes")
    assert later.text in shown[-1] and written.note.text in shown[-1]
    newer = ReviewNote.new(practitioner_id="p01", author_id="lead1", period="2025-Q4",
                           text="Shared while your page was open.", shared=True)
    team["lead1"].submit(newer)
    clock = mirror._now() + mirror.FRESH_SECONDS + 1
    monkeypatch.setattr(mirror, "_now", lambda: clock)  # the next page, a little later
    learning.show_my_learning("review_notes")
    assert newer.text in shown[-1]


def test_start_here_in_a_hub_kernel_names_the_service_the_copy_and_me(hub: Hub, kernel_of,
                                                                      team_and_written) -> None:
    from kit.hub.mirror import copy_folder
    from kit.notebook import learning

    team, _ = team_and_written
    saved = team["p01"].rows("reflections")["record_id"].nunique()
    shown = kernel_of("p01")
    learning.show_start_here()
    page = shown[-1]
    assert "Hello, Practitioner 1" in page and "(hub user p01, practitioner)" in page
    shown_open, details = page.split("<details", 1)  # addresses only under the Details
    assert "kept by the team's service" in shown_open
    assert "your copy of the records you may read" in shown_open
    assert hub.service_url not in shown_open and str(copy_folder()) not in shown_open
    assert f"<code>{hub.service_url}</code>" in details and f"<code>{copy_folder()}</code>" in details
    assert f"Reflections saved: {saved}" in page


def all_text(folder: Path) -> str:
    """Every file under ``folder`` (records, tables as CSV and Parquet, kit.yaml), as text."""
    return "".join(path.read_bytes().decode("utf-8", "replace") for path in sorted(folder.rglob("*"))
                   if path.is_file())


def test_an_administrator_erases_a_practitioner_and_the_leads_copy_forgets_them(
        hub: Hub, kernel_of, team_and_written) -> None:
    """Issue 17 on a real hub: an administrator (candle-admins) erases p02 through the service,
    and lead1's copy, at its next refresh (a page opening), holds no record of theirs and no
    text of theirs, in records or tables. The module's last test: p02 is gone afterwards."""
    from kit.hub.mirror import kernel_workspace
    from kit.model.records import BY_TABLE, FocusArea
    from kit.tables.specs import TABLE_NAMES

    team, _ = team_and_written
    label, words = "Y4 calm corner", "Only p02 wrote this: the Thursday calm-down corner helped."
    area = FocusArea.new(practitioner_id="p02", label=label, focus_kind="topic", opened_on=date(2025, 4, 3))
    team["p02"].submit(area)
    team["p02"].submit(reflection("p02", area.entity_id, text=words))
    kernel_of("lead1")
    copy = kernel_workspace()  # lead1's page opens: their copy holds p02's shared records
    text = all_text(copy.root)
    assert label in text and words in text and "Practitioner 2" in text

    admin = RemoteBackend(hub.service_url, hub.user_token(ADMIN))
    assert admin.plan_erasure("p02").records["reflections"] == 1
    went = admin.erase_person("p02", "request")
    assert went.done and went.key and went.reason_code == "request"

    copy = kernel_workspace(max_age=0)  # the lead's next page
    assert [path for table in BY_TABLE for path in copy.store.record_files(table, "p02")] == []
    text = all_text(copy.root)
    assert label not in text and words not in text and "Practitioner 2" not in text
    for table in TABLE_NAMES:
        rows = read_table(copy, table)
        if "practitioner_id" in rows.columns:
            assert "p02" not in set(rows["practitioner_id"]), table
    assert [p.id for p in copy.settings.people if p.id == "p02"] == []
    erased = [(e["who"], e["practitioner_id"], e["reason_code"]) for e in AuditLog(hub.workspace).events()
              if e["outcome"] == "erased"]
    assert erased == [(ADMIN, "p02", "request")]
