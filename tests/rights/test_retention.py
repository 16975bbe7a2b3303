"""Retention by rule (issue 17, item 4): ``candle retention`` lists what the workspace's
``retention:`` settings say is due, and why, changing nothing; ``--apply`` erases exactly the
people listed (through kit.rights.erase.erase_person), deletes exactly the drafts listed and
drops exactly the audit lines listed, and rewrites nothing else.

The workspace: p01's licence ended on 01/03/2018 (more than 6 years ago: due), p02's on
01/06/2022 (less: not due); a draft of p01 last saved 400 days ago and a private draft of p02
1,000 days ago (due), a draft of p02 saved 10 days ago (not due); two audit lines written 7
years ago (due) among three recent ones."""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from kit.capture.submit import submit
from kit.cli import main
from kit.errors import WorkspaceError
from kit.model.records import BY_TABLE, LicenceEvent
from kit.rights import retention
from kit.store.audit import LOCK_NAME, AuditLog
from kit.store.workspace import SETTINGS_FILE, Workspace, read_settings

NOW = datetime.now(UTC)
STEPS = {"p01": [("applied", "10/01/2015"), ("active", "01/02/2015"), ("ended", "01/03/2018")],
         "p02": [("applied", "10/01/2020"), ("active", "01/02/2020"), ("ended", "01/06/2022")]}
DRAFTS = {"drafts/p01/reflection.json": 400, "private/drafts/p02/names_to_hide.json": 1000,
          "drafts/p02/focus_area.json": 10}
DUE_DRAFTS = ["drafts/p01/reflection.json", "private/drafts/p02/names_to_hide.json"]


def old_and_new_audit_lines(ws: Workspace) -> tuple[list[bytes], list[bytes]]:
    """Two lines 7 years old and three of today, written in that order (old, new, old, new, new)."""
    old = (NOW - timedelta(days=7 * 366)).isoformat(timespec="milliseconds")
    events = [{"when": old, "who": "p01", "what": "POST /api/records", "status": 200, "outcome": "stored"},
              {"when": NOW.isoformat(), "who": "p02", "what": "POST /api/records", "status": 200},
              {"when": old, "who": "lead1", "what": "GET /api/roster", "status": 403},
              {"when": NOW.isoformat(), "who": "lead1", "what": "GET /api/roster", "status": 200},
              {"when": NOW.isoformat(), "who": "p01", "what": "GET /api/rows", "status": 200}]
    lines = [(json.dumps(event) + "\n").encode() for event in events]
    path = AuditLog(ws.root).path
    path.write_bytes(b"".join(lines))
    return [lines[0], lines[2]], [lines[1], lines[3], lines[4]]


@pytest.fixture
def aged(workspace: Workspace) -> Workspace:
    for person, steps in STEPS.items():
        for event, day in steps:
            submit(workspace, LicenceEvent.new(practitioner_id=person, event=event, event_date=day,
                                               reason=f"{event} on {day}"), acting_user=person)
    for relative, days in DRAFTS.items():
        path = workspace.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('{"values": {}}', encoding="utf-8")
        stamp = (NOW - timedelta(days=days)).timestamp()
        os.utime(path, (stamp, stamp))
    old_and_new_audit_lines(workspace)
    return workspace


def files_of(ws: Workspace) -> dict[str, bytes]:
    """Every file of the workspace and its bytes (compiled tables left out: they are derived;
    and the audit log's empty lock file, which any append or trim may create)."""
    return {str(p.relative_to(ws.root)): p.read_bytes() for p in sorted(ws.root.rglob("*"))
            if p.is_file() and "tables" not in p.relative_to(ws.root).parts
            and p.name != LOCK_NAME}


def test_the_plan_lists_what_is_due_and_why(aged: Workspace):
    due = retention.plan(aged)
    assert [(p.person_id, p.ended_on) for p in due.people] == [("p01", date(2018, 3, 1))]
    assert "licence ended on 01 Mar 2018, more than 6 years ago" in due.people[0].reason
    assert [str(d.path.relative_to(aged.root)) for d in due.drafts] == DUE_DRAFTS
    assert due.audit_lines == 2


def test_candle_retention_lists_them_and_changes_nothing(aged: Workspace,
                                                         capsys: pytest.CaptureFixture[str]):
    before = files_of(aged)
    assert main(["retention", str(aged.root)]) == 0
    out = capsys.readouterr().out
    assert [line.strip() for line in out.splitlines() if "all their records" in line] == [
        "p01: all their records (licence ended on 01 Mar 2018, more than 6 years ago)"]
    for relative in DUE_DRAFTS:
        assert f"draft {relative}: last saved on" in out
    assert "drafts/p02/focus_area.json" not in out
    assert "audit log: 2 lines written before" in out
    assert "Nothing was changed. Run again with --apply" in out
    assert files_of(aged) == before


def test_apply_does_exactly_what_was_listed_and_nothing_else(aged: Workspace):
    erased: list[tuple[str, dict[str, Any]]] = []

    def erase(ws: Workspace, person_id: str, **how: Any) -> str:
        erased.append((person_id, how))
        return f"report for {person_id}"

    _old, new = old_and_new_audit_lines(aged)
    before = files_of(aged)
    done = retention.apply(aged, retention.plan(aged), erase=erase)
    assert erased == [("p01", {"erased_by": "retention", "reason_code": "retention"})]
    assert done.erased == ["p01"] and done.erasures == ["report for p01"]
    assert [str(p.relative_to(aged.root)) for p in done.drafts_deleted] == DUE_DRAFTS
    assert done.audit_lines_dropped == 2
    assert AuditLog(aged.root).path.read_bytes() == b"".join(new)
    after = files_of(aged)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert changed == {*DUE_DRAFTS, "private/audit/audit.jsonl"}


def test_a_draft_saved_again_since_the_listing_is_kept(aged: Workspace):
    due = retention.plan(aged)
    (aged.root / DUE_DRAFTS[0]).touch()  # autosaved again meanwhile
    done = retention.apply(aged, due, erase=lambda *args, **kwargs: None)
    assert [str(p.relative_to(aged.root)) for p in done.drafts_kept] == [DUE_DRAFTS[0]]
    assert (aged.root / DUE_DRAFTS[0]).is_file() and not (aged.root / DUE_DRAFTS[1]).exists()


def test_rules_can_be_set_or_switched_off_in_kit_yaml(aged: Workspace):
    path = aged.root / SETTINGS_FILE
    text = path.read_text(encoding="utf-8").split("retention:")[0]
    path.write_text(text + "retention:\n  licence_ended_years: 4\n  draft_days: null\n", encoding="utf-8")
    ws = Workspace.open(aged.root)
    assert ws.settings.retention.audit_years == 6  # left out: the default
    due = retention.plan(ws)
    assert [p.person_id for p in due.people] == ["p01", "p02"] and due.drafts == []
    path.write_text(text + "retention:\n  draft_days: 0\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"retention\.draft_days"):
        read_settings(path)


def test_a_trim_loses_no_line_appended_meanwhile(workspace: Workspace):
    log = AuditLog(workspace.root)
    old, _new = old_and_new_audit_lines(workspace)
    cutoff = NOW - timedelta(days=365)
    writers = [threading.Thread(target=lambda who=who: [log.append(who, "GET x", 200, "read", n=n)
                                                        for n in range(40)])
               for who in ("p01", "p02", "lead1")]
    for writer in writers:
        writer.start()
    dropped = [log.keep_since(cutoff) for _ in range(5)]
    for writer in writers:
        writer.join()
    assert sum(dropped) == 2
    events = log.events()
    assert sorted((e["who"], e["n"]) for e in events if "n" in e) == sorted(
        (who, n) for who in ("p01", "p02", "lead1") for n in range(40))
    assert all(line not in log.path.read_bytes() for line in old)


def test_apply_erases_exactly_the_people_listed(aged: Workspace, capsys: pytest.CaptureFixture[str]):
    """Needs kit.rights.erase.erase_person (issue 17, item 3): the real erasure."""
    keep = {table: [r.record_id for r in aged.store.versions(table, "p02")] for table in BY_TABLE}
    assert main(["retention", str(aged.root), "--apply"]) == 0
    assert "erased p01" in capsys.readouterr().out
    assert {table: aged.store.versions(table, "p01") for table in BY_TABLE} == {t: [] for t in BY_TABLE}
    assert {table: [r.record_id for r in aged.store.versions(table, "p02")] for table in BY_TABLE} == keep
    assert retention.plan(aged).people == []

