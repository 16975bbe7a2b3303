"""The team scenario both workspace backends must pass (issue 10): the same checks run against
:class:`kit.hub.local.LocalBackend` on a folder and :class:`kit.hub.client.RemoteBackend`
through a real JupyterHub.

People: p01 and p02 (practitioners naming lead1 and link1), lead1, link1, res1 (researcher).
:func:`build_team` makes the writes; each ``check_*`` asserts one rule, given the backends.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from kit.errors import PermissionDenied
from kit.hub.backend import WorkspaceBackend
from kit.hub.packages import fetch_export
from kit.model.records import FocusArea, Profile, Reflection, ResearchConsent, ReviewNote
from kit.research import explore
from kit.reviews.jobs import ReviewResult
from kit.views import learning

PEOPLE = {"p01": ("practitioner",), "p02": ("practitioner",), "lead1": ("lead",),
          "link1": ("link",), "res1": ("researcher",)}
DAY = date(2025, 4, 3)
PERIOD = "2025-Q2"  # the scenario's reflections (one small period, one kernel)
NOTE = "Good to see the calmer starts; try the same with the second group."
HELD = "We walked past Kingsmead and rang 07700 900123."  # a place and a number: held back
CHANGED = "This reflection was changed by another lead since you opened it. Look at it again, then confirm."
Team = Mapping[str, WorkspaceBackend]


@dataclass
class Written:
    """What the scenario stored."""

    reflection: Reflection
    private_reflection: Reflection
    held: Reflection
    note: ReviewNote
    package: str


def profile(pid: str) -> Profile:
    """A practitioner's profile naming lead1 and link1."""
    return Profile.new(practitioner_id=pid, display_name=f"Practitioner {pid[-1]}",
                       role="mini_candle_practitioner", stage="trainee",
                       lead_id="lead1", link_id="link1")


def reflection(pid: str, area_id: str, visibility: str = "lead", author: str | None = None,
               text: str = "We tried a calmer start to the session.") -> Reflection:
    """A short Rolfe reflection on one focus area."""
    return Reflection.new(practitioner_id=pid, author_id=author, focus_area_ids=[area_id],
                          reflection_date=DAY, template="rolfe", visibility=visibility,
                          answers={"what": text})


def build_team(team: Team) -> Written:
    """The writes: profiles; p01's focus area, consent and three reflections (one the export
    holds back for lead1's release queue); lead1's note and research export."""
    for pid in ("p01", "p02"):
        team[pid].submit(profile(pid))
    area = FocusArea.new(practitioner_id="p01", label="Family A", focus_kind="family", opened_on=DAY)
    team["p01"].submit(area)
    team["p01"].submit(ResearchConsent.new(practitioner_id="p01", decision="given", decided_on=DAY))
    shared, private = reflection("p01", area.entity_id), reflection("p01", area.entity_id, "private")
    team["p01"].submit(shared)
    team["p01"].submit(private)
    held = reflection("p01", area.entity_id, text=HELD)
    team["p01"].submit(held)
    note = ReviewNote.new(practitioner_id="p01", author_id="lead1", period="2025-Q2", text=NOTE)
    team["lead1"].submit(note)
    package = team["lead1"].make_export(allow_empty=True)  # too few people to release any rows
    return Written(shared, private, held, note, package)


def check_practitioner_reads_own(team: Team, written: Written) -> None:
    """p01 reads both their reflections, private one included."""
    mine = set(team["p01"].rows("reflections")["record_id"])
    assert {written.reflection.record_id, written.private_reflection.record_id} <= mine


def check_other_practitioner_cannot_read(team: Team, written: Written) -> None:
    """p02 sees none of p01's rows, in any table."""
    for table in ("reflections", "reflection_answers", "focus_areas", "profiles", "review_notes"):
        assert set(team["p02"].rows(table)["practitioner_id"]) <= {"p02"}, table


def check_other_practitioner_cannot_save_as_author(team: Team, written: Written) -> None:
    """p02 cannot save a record as p01, nor a record of p01's under their own name."""
    area_id = written.reflection.focus_area_ids[0]
    with pytest.raises(PermissionDenied, match="signed in as p02 but this record names p01"):
        team["p02"].submit(reflection("p01", area_id))
    with pytest.raises(PermissionDenied, match="only save your own records, not p01's"):
        team["p02"].submit(reflection("p01", area_id, author="p02"))


def check_lead_roster_and_rows(team: Team, written: Written) -> None:
    """lead1's roster lists both practitioners; lead1 reads p01's shared reflection, not the private one."""
    roster = team["lead1"].roster()
    assert list(roster["practitioner_id"]) == ["p01", "p02"]
    assert roster.loc[roster["practitioner_id"] == "p01", "last_reflection"].notna().all()
    seen = set(team["lead1"].rows("reflections")["record_id"])
    assert written.reflection.record_id in seen
    assert written.private_reflection.record_id not in seen
    answers = set(team["lead1"].rows("reflection_answers")["record_id"])
    assert written.private_reflection.record_id not in answers


def check_only_the_lead_writes_notes(team: Team, written: Written) -> None:
    """A practitioner cannot write a review note, even naming the lead as author."""
    note = ReviewNote.new(practitioner_id="p01", author_id="p02", period="2025-Q2", text="Hello")
    with pytest.raises(PermissionDenied, match="written by lead practitioners"):
        team["p02"].submit(note)


def check_practitioner_sees_note(team: Team, written: Written,
                                 names: Callable[[], dict[str, str]] = dict) -> None:
    """p01's My-learning data holds lead1's shared note; p02's does not."""
    notes = learning.shared_notes(team["p01"].rows("review_notes"), names())
    assert list(notes["note"]) == [NOTE]
    assert team["p02"].rows("review_notes").empty


def check_link_sees_started_only(team: Team, written: Written) -> None:
    """link1 sees who has started and nothing else; no rows at all."""
    oriented = team["link1"].oriented()
    assert list(oriented.columns) == ["practitioner", "practitioner_id", "started"]
    assert dict(zip(oriented["practitioner_id"], oriented["started"], strict=True)) == {
        "p01": "Yes", "p02": "Not yet"}
    with pytest.raises(PermissionDenied, match="only whether each practitioner they orient has started"):
        team["link1"].rows("reflections")
    with pytest.raises(PermissionDenied, match="Only a lead"):
        team["link1"].roster()


def check_researcher_reads_no_records(team: Team, written: Written) -> None:
    """res1 can read no table and write nothing."""
    for table in ("reflections", "profiles", "review_notes"):
        with pytest.raises(PermissionDenied, match="only finished research export packages"):
            team["res1"].rows(table)
    with pytest.raises(PermissionDenied, match="only finished research export packages"):
        team["res1"].submit(profile("res1"))
    with pytest.raises(PermissionDenied, match="Only a lead"):
        team["res1"].roster()


def check_researcher_downloads_the_leads_export(team: Team, written: Written) -> None:
    """res1 lists the lead's finished package and downloads its files; others cannot."""
    assert team["res1"].exports() == [written.package]
    descriptor = json.loads(team["res1"].export_file(written.package, "datapackage.json"))
    assert descriptor["resources"]
    assert b"p01" not in team["res1"].export_file(written.package, "README.md")
    for pid in ("p01", "link1"):
        with pytest.raises(PermissionDenied, match="Only researchers and lead practitioners"):
            team[pid].exports()
    with pytest.raises(PermissionDenied, match="Only a lead"):
        team["res1"].make_export()


def check_record_copies_follow_the_same_rules(team: Team, written: Written) -> None:
    """The records a kernel may copy are exactly the ones its person may read."""
    def ids(pid: str, table: str) -> set[str]:
        return {record.record_id for record in team[pid].records(table)}

    both = {written.reflection.record_id, written.private_reflection.record_id, written.held.record_id}
    assert ids("p01", "reflections") == both
    assert ids("p02", "reflections") == set()
    assert ids("lead1", "reflections") == {written.reflection.record_id, written.held.record_id}
    assert written.note.record_id in ids("p01", "review_notes")
    assert ids("p02", "review_notes") == set()
    for pid in ("link1", "res1"):
        with pytest.raises(PermissionDenied):
            team[pid].records("reflections")


def check_lead_releases_a_held_reflection(team: Team, written: Written) -> None:
    """lead1 reads the held reflection (scrubbed, never the original), masks a place, is told a
    confirm of the text from before the mask is stale, then releases the masked text."""
    lead = team["lead1"]
    [note] = lead.release_items()
    assert note.record_id == written.held.record_id and note.practitioner_id == "p01"
    assert "[PHONE]" in note.text["what"] and "07700" not in json.dumps(note.text)
    assert "Kingsmead" in note.text["what"]  # left for the lead to judge
    masked = lead.release_mask(note.ref, "Kingsmead", "PLACE")
    assert masked.text["what"] == "We walked past [PLACE] and rang [PHONE]."
    stale = lead.release_confirm({note.ref: note.text})
    assert stale.confirmed == [] and stale.problems == [(note.ref, CHANGED)]
    done = lead.release_confirm({masked.ref: masked.text})
    assert done.confirmed == [masked.ref] and done.problems == []
    assert lead.release_items() == []


def check_only_a_lead_sees_the_release_queue(team: Team, written: Written) -> None:
    """The practitioner whose reflection is held, a Link and a researcher are all refused."""
    ref = written.held.record_id
    for pid in ("p01", "link1", "res1"):
        with pytest.raises(PermissionDenied, match=f"Only a lead can see the research release queue, "
                                                   f"and {pid} is not one"):
            team[pid].release_items()
    with pytest.raises(PermissionDenied, match="Only a lead"):
        team["p01"].release_mask(ref, "Kingsmead", "PLACE")
    with pytest.raises(PermissionDenied, match="Only a lead"):
        team["p01"].release_confirm({ref: {"what": HELD}})


def check_researcher_explores_a_downloaded_package(team: Team, written: Written) -> None:
    """res1 downloads the lead's package (every file its datapackage.json lists) and the explore
    page opens it; a second fetch uses the copy; a practitioner cannot download one."""
    with tempfile.TemporaryDirectory() as home:
        exports = Path(home) / "exports"
        folder = fetch_export(team["res1"], written.package, exports)
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        assert {r["path"] for r in descriptor["resources"]} <= {p.name for p in folder.iterdir()}
        package = explore.open_export(folder)
        assert package.reflections() == 0 and "No reflections" in explore.summary_markdown(package)
        assert fetch_export(team["p01"], written.package, exports) == folder  # already there
        with pytest.raises(PermissionDenied, match="Only researchers and lead practitioners"):
            fetch_export(team["p01"], written.package, Path(home) / "theirs")
        assert sorted(p.name for p in exports.iterdir()) == [written.package]


def check_reviews_run_by_the_lead_and_read_once_shared(team: Team, written: Written) -> None:
    """lead1 runs the period's reviews (progress result by result), reads them and shares p01's;
    p01 reads it only once shared; p02, link1 and res1 read none and run none."""
    for pid in ("p01", "link1", "res1"):
        with pytest.raises(PermissionDenied, match="Only a lead practitioner runs reviews"):
            team[pid].run_reviews(PERIOD)
    with pytest.raises(PermissionDenied, match="not shared with you yet"):
        team["p01"].review_html(PERIOD, "p01")
    seen: list[ReviewResult] = []
    results = team["lead1"].run_reviews(PERIOD, on_result=seen.append)
    assert seen == results
    made = sorted((r.kind, r.subject, r.status) for r in results)
    # p02 has saved nothing but today's profile: they joined after the period, so no review of it
    assert made == [("cohort", "lead1", "made"), ("practitioner", "p01", "made")], results
    status = [(s.subject, s.made, s.shared) for s in team["lead1"].review_status(PERIOD)]
    assert status == [("p01", True, False), ("cohort-lead1", True, False)], status
    page = team["lead1"].review_html(PERIOD, "p01")
    assert b"Review: Practitioner 1" in page or b"Review: p01" in page
    assert b"<html" in team["lead1"].review_html(PERIOD, "cohort-lead1")
    assert team["p01"].shared_reviews() == []
    with pytest.raises(PermissionDenied, match="shared review records are written by lead practitioners"):
        team["p02"].share_review("p01", PERIOD)
    assert team["lead1"].share_review("p01", PERIOD).shared
    assert team["p01"].shared_reviews() == [PERIOD]
    assert team["p01"].review_html(PERIOD, "p01") == page
    for pid, subject in (("p02", "p01"), ("p02", "cohort-lead1"), ("p01", "p02"), ("link1", "p01"),
                         ("res1", "p01"), ("res1", "cohort-lead1")):
        with pytest.raises(PermissionDenied, match=f"may not read the {PERIOD} review of {subject}"):
            team[pid].review_html(PERIOD, subject)
    assert team["p02"].shared_reviews() == []


CHECKS = [check_practitioner_reads_own, check_other_practitioner_cannot_read,
          check_other_practitioner_cannot_save_as_author, check_lead_roster_and_rows,
          check_only_the_lead_writes_notes, check_practitioner_sees_note,
          check_link_sees_started_only, check_researcher_reads_no_records,
          check_researcher_downloads_the_leads_export, check_record_copies_follow_the_same_rules,
          check_reviews_run_by_the_lead_and_read_once_shared,
          check_lead_releases_a_held_reflection, check_only_a_lead_sees_the_release_queue,
          check_researcher_explores_a_downloaded_package]
