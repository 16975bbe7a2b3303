"""Issue 16, defect 1: text a practitioner made private, or withdrew, reached their lead.

A reflection saved visible to the lead and then edited to private (or withdrawn) was still
returned to the lead by ``api/copy?table=reflections`` (and with ``table=withdrawals``, the
withdrawal's reason too), and ``candle mirror`` wrote it into the lead's copy: the record files
and the compiled ``reflection_answers.csv``. The copy route decided privacy one version at a
time. Now one rule (:mod:`kit.model.reading`) decides on the latest version of each record and
its withdrawal chain, for every route. On both backends (the local folder and the service).
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from kit.cli import main as candle
from kit.errors import PermissionDenied
from kit.hub.backend import SERVICE_URL_ENV, TOKEN_ENV
from kit.model.reading import WITHHELD_NOTE
from kit.model.records import Reflection, ReviewNote, Withdrawal
from kit.store.workspace import Workspace
from kit.tables.compiler import read_table

CANARY = "Quillfeather"  # a synthetic word that appears nowhere else
REASON = "Saved about Bramblewick by mistake."  # the withdrawal's reason: a private note


def every_byte(folder: Path) -> bytes:
    """Every file under ``folder`` (records, tables, the compile cache), concatenated."""
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def texts(records: list) -> str:
    return " ".join(record.model_dump_json() for record in records)


def test_a_reflection_edited_to_private_is_not_copied_to_the_lead(act_as, make_reflection) -> None:
    reflection = make_reflection("p01", answers={"what": f"We met {CANARY} at the gate."})
    lead = act_as("lead1")
    assert CANARY in texts(lead.copy_records(["reflections"])["reflections"])  # visible to the lead
    act_as("p01").edit(Reflection.TABLE, reflection.entity_id, "p01", "Keep this to myself.",
                       {"visibility": "private"})

    copies = act_as("lead1").copy_records(["reflections", "withdrawals"])
    assert CANARY not in texts(copies["reflections"]) + texts(copies["withdrawals"])
    assert reflection.entity_id not in {r.entity_id for r in act_as("lead1").records("reflections")}
    assert CANARY not in act_as("lead1").rows("reflection_answers")["answer"].str.cat()
    # the owner still has every version of their own
    mine = act_as("p01").records("reflections")
    assert [r.visibility for r in mine if r.entity_id == reflection.entity_id] == ["lead", "private"]


def test_a_withdrawal_and_its_reason_never_reach_the_lead(act_as, make_reflection) -> None:
    reflection = make_reflection("p01", answers={"what": f"We met {CANARY} at the gate."})
    act_as("p01").withdraw(Reflection.TABLE, reflection.entity_id, "p01", REASON)

    copies = act_as("lead1").copy_records(["reflections", "withdrawals"])
    assert copies["withdrawals"] == []
    assert "Bramblewick" not in texts(copies["reflections"])
    assert CANARY not in texts(copies["reflections"])
    # the practitioner keeps their withdrawal, reason and all
    [withdrawal] = act_as("p01").records(Withdrawal.TABLE)
    assert withdrawal.reason == REASON


def test_a_lead_receives_only_the_latest_version(act_as, make_reflection) -> None:
    reflection = make_reflection("p01", answers={"what": f"First draft about {CANARY}."})
    act_as("p01").edit(Reflection.TABLE, reflection.entity_id, "p01", "Took the name out.",
                       {"answers": {"what": "First draft, no names."}})
    [latest] = act_as("lead1").records("reflections")
    assert latest.entity_id == reflection.entity_id and latest.supersedes == reflection.record_id
    assert CANARY not in latest.model_dump_json()


def test_a_note_the_lead_stopped_sharing_is_not_copied_to_the_practitioner(act_as, workspace) -> None:
    note = ReviewNote.new(practitioner_id="p01", author_id="lead1", period="2025-Q2",
                          text=f"Talk about {CANARY} next time.")
    act_as("lead1").submit(note)
    assert CANARY in texts(act_as("p01").records(ReviewNote.TABLE))
    act_as("lead1").edit(ReviewNote.TABLE, note.entity_id, "p01", "Only for me.", {"shared": False})

    assert act_as("p01").records(ReviewNote.TABLE) == []
    assert act_as("p01").rows(ReviewNote.TABLE).empty
    assert len(act_as("lead1").records(ReviewNote.TABLE)) == 2  # the lead wrote it: every version


def test_the_records_route_follows_the_same_rule(service, make_reflection) -> None:
    """``api/records/TABLE`` is the copy route for one table."""
    reflection = make_reflection("p01", answers={"what": f"We met {CANARY} at the gate."})
    service.backend("p01").edit(Reflection.TABLE, reflection.entity_id, "p01", "Mine only.",
                                {"visibility": "private"})
    request = urllib.request.Request(service.url + "api/records/reflections",
                                     headers={"Authorization": f"token {service.token_for('lead1')}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    assert b'"records"' in body and CANARY.encode() not in body


def test_candle_mirror_removes_what_the_lead_may_no_longer_read(
        service, make_reflection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The lead's copy held the reflection (records and compiled tables); after the edit to
    private the next ``candle mirror`` leaves no byte of it (records, tables, cache)."""
    reflection = make_reflection("p01", answers={"what": f"We met {CANARY} at the gate."})
    withdrawn = make_reflection("p01", answers={"what": "Bramblewick was wrong."})
    folder = tmp_path / "home" / "lead1" / "workspace"
    monkeypatch.setenv(SERVICE_URL_ENV, service.url)
    monkeypatch.setenv(TOKEN_ENV, service.token_for("lead1"))
    assert candle(["mirror", str(folder)]) == 0
    assert CANARY in read_table(Workspace.open(folder), "reflection_answers")["answer"].str.cat()
    assert CANARY.encode() in (folder / "tables" / "reflection_answers.csv").read_bytes()
    assert b"Bramblewick" in every_byte(folder)

    practitioner = service.backend("p01")
    practitioner.edit(Reflection.TABLE, reflection.entity_id, "p01", "Keep this to myself.",
                      {"visibility": "private"})
    practitioner.withdraw(Reflection.TABLE, withdrawn.entity_id, "p01", REASON)
    assert candle(["mirror", str(folder)]) == 0
    capsys.readouterr()
    held = every_byte(folder)
    assert CANARY.encode() not in held
    assert b"Bramblewick" not in held


def test_the_reason_for_a_change_stays_with_its_author(act_as, make_reflection) -> None:
    """An edit reason is a private note: the lead receives the latest version without it."""
    reflection = make_reflection("p01", answers={"what": "First draft."})
    act_as("p01").edit(Reflection.TABLE, reflection.entity_id, "p01", f"Took {CANARY}'s name out.",
                       {"answers": {"what": "First draft, no names."}})
    lead = act_as("lead1")
    [latest] = lead.records("reflections")
    assert latest.edit_reason == WITHHELD_NOTE and CANARY not in latest.model_dump_json()
    rows = lead.rows("reflections")
    assert list(rows["edit_reason"]) == [WITHHELD_NOTE]
    mine = act_as("p01")
    assert CANARY in texts(mine.records("reflections"))
    assert CANARY in mine.rows("reflections")["edit_reason"].str.cat()


def test_only_the_lead_undoes_their_withdrawal_of_a_note_and_their_copy_sees_the_undo(
        act_as, workspace) -> None:
    """A withdrawal of a withdrawal is written, and owned, by whoever writes the record first
    withdrawn: the practitioner cannot bring back a note their lead withdrew, and the lead, who
    can, receives their undo (their copy shows the note again)."""
    note = ReviewNote.new(practitioner_id="p01", author_id="lead1", period="2025-Q2",
                          text=f"Talk about {CANARY} next time.", shared=True)
    lead = act_as("lead1")
    lead.submit(note)
    withdrawal = lead.withdraw(ReviewNote.TABLE, note.entity_id, "p01", "Wrong practitioner.")
    with pytest.raises(PermissionDenied, match="written by lead practitioners"):
        act_as("p01").withdraw(Withdrawal.TABLE, withdrawal.entity_id, "p01", "I want it back.")
    assert act_as("p01").records(ReviewNote.TABLE) == []
    act_as("lead1").withdraw(Withdrawal.TABLE, withdrawal.entity_id, "p01", "It was right after all.")
    copies = act_as("lead1").copy_records([ReviewNote.TABLE, Withdrawal.TABLE])
    assert {w.target_table for w in copies[Withdrawal.TABLE]} == {ReviewNote.TABLE, Withdrawal.TABLE}
    assert CANARY in texts(act_as("p01").records(ReviewNote.TABLE))  # shared again
