"""A review page made before a practitioner changed what it shows is not served (issue 16: one
read rule, reviews included).

A review records the record versions it shows (kit.reviews.shown); before its page reaches
anyone they are checked against the read rule (kit.views.made_reviews). Before this, a page
made before a reflection was made private, withdrawn or edited kept the old text and was
served to the lead (and to the practitioner it was shared with) until the lead ran the
reviews again. Both backends: the folder, and the service's routes (from its frame cache).

Reviews are made from a stand-in template that shows what a review quotes, without charts
(tests/reviews/stand_in_templates.py), so a run takes a few seconds.
"""

from __future__ import annotations

import json
import shutil
import sys
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from kit.capture.submit import submit
from kit.errors import ReviewOutdated
from kit.hub.audit import AuditLog
from kit.model.records import Reflection
from kit.reviews import run as review
from kit.reviews.lead_page import LeadReviewsPage
from kit.store.workspace import Workspace
from kit.views.made_reviews import SHOWN_KEY, page_sha256, review_metadata
from kit.views.shared_reviews import ReviewReader, review_html, review_notebook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "reviews"))
from review_workspace_builder import PERIOD, build_review_workspace, plant
from stand_in_templates import words_template

P03_WORDS = "PLANT-p03-q3 a calmer drop-off"
NEW_WORDS = "NEWWORDS-p02 we tried a different start"
CHANGED = "shows records that have changed since it was made, so it is not shown."
LEAD_HINT = "Run this period's reviews again: the run makes it again from the records as they are now."
THEIR_HINT = "Your lead's next run of the period's reviews makes it again."
SUBJECTS = ("p01", "p02", "p03")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The review workspace (tests/reviews/review_workspace_builder.py), p03 with a reflection
    in the period too."""
    ws = build_review_workspace(tmp_path_factory.mktemp("outdated") / "workspace")
    [area, *_] = ws.store.latest("focus_areas", "p03")
    submit(ws, Reflection.new(practitioner_id="p03", focus_area_ids=[area.entity_id],
                              reflection_date=date(2026, 8, 3), template="rolfe",
                              answers={"what": P03_WORDS}))
    return ws.root


@pytest.fixture
def workspace(built: Path, tmp_path: Path) -> Workspace:
    """This module's workspace for the shared fixtures (``service``, ``act_as``)."""
    return Workspace.open(shutil.copytree(built, tmp_path / "workspace"))


@pytest.fixture
def words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every review of this test is made from the words-only stand-in template."""
    template = words_template(tmp_path / "words.ipynb")
    monkeypatch.setattr(review, "PRACTITIONER_TEMPLATE", template)
    monkeypatch.setattr(review, "COHORT_TEMPLATE", template)


def reflection_with(ws: Workspace, pid: str, words: str) -> Reflection:
    [found] = [r for r in ws.store.latest("reflections", pid)
               if isinstance(r, Reflection) and r.answers.get("what") == words]
    return found


def raw_page(url: str, token: str) -> tuple[int, bytes]:
    """The status and the bytes the service sends for a review page."""
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_page_made_before_a_shown_reflection_changed_is_refused_until_the_next_run(
        words: None, workspace: Workspace, act_as, backend_kind: str,
        request: pytest.FixtureRequest) -> None:
    lead = act_as("lead1")
    made = lead.run_reviews(PERIOD)
    assert sorted((r.subject, r.status) for r in made) == [
        ("lead1", "made"), ("p01", "made"), ("p02", "made"), ("p03", "made")], made
    before = {pid: lead.review_html(PERIOD, pid).decode() for pid in SUBJECTS}
    assert plant("p01", 1) in before["p01"] and plant("p02", 1) in before["p02"]
    assert P03_WORDS in before["p03"]
    for pid in SUBJECTS:
        lead.share_review(pid, PERIOD)
    practitioners = {pid: act_as(pid) for pid in SUBJECTS}
    assert practitioners["p01"].review_html(PERIOD, "p01").decode() == before["p01"]

    # p01 makes a shown reflection private, p02 rewrites one, p03 withdraws one
    ws = workspace
    first = reflection_with(ws, "p01", plant("p01", 1))
    practitioners["p01"].edit("reflections", first.entity_id, "p01", "Only for me now.",
                              {"visibility": "private"})
    theirs = reflection_with(ws, "p02", plant("p02", 1))
    practitioners["p02"].edit("reflections", theirs.entity_id, "p02", "Said it better.",
                              {"answers": {"what": NEW_WORDS, "now_what": "Next step."}})
    gone = reflection_with(ws, "p03", P03_WORDS)
    practitioners["p03"].withdraw("reflections", gone.entity_id, "p03", "Not for the review.")

    for pid in SUBJECTS:
        with pytest.raises(ReviewOutdated) as refused:
            lead.review_html(PERIOD, pid)
        assert str(refused.value) == f"The {PERIOD} review of {pid} {CHANGED} {LEAD_HINT}"
        with pytest.raises(ReviewOutdated) as refused:
            practitioners[pid].review_html(PERIOD, pid)
        assert str(refused.value) == f"Your {PERIOD} review {CHANGED} {THEIR_HINT}"
    with pytest.raises(ReviewOutdated, match=f"Your {PERIOD} cohort overview {CHANGED}"):
        lead.review_html(PERIOD, "cohort-lead1")  # its counts and tags came from them too
    if backend_kind == "remote":  # what the route sends: a sentence, nothing of the page
        service = request.getfixturevalue("service")
        for user, pid in (("lead1", "p01"), ("p01", "p01"), ("lead1", "p02"), ("lead1", "p03")):
            status, body = raw_page(f"{service.url}api/reviews/html/{PERIOD}/{pid}",
                                    service.token_for(user))
            assert status == 409 and json.loads(body)["kind"] == "ReviewOutdated"
            for text in (plant("p01", 1), plant("p01", 2), plant("p02", 1), P03_WORDS, "<html"):
                assert text.encode() not in body
        refusals = [e for e in AuditLog(service.workspace.root).events() if e["status"] == 409]
        assert refusals and {e["reason"] for e in refusals} == {"outdated"}

    states = {s.subject: (s.made, s.outdated) for s in lead.review_status(PERIOD)}
    assert states == {pid: (True, True) for pid in (*SUBJECTS, "cohort-lead1")}
    page = LeadReviewsPage(ws, "lead1", PERIOD, reviews=lead)  # offers no page to open
    for pid in SUBJECTS:
        assert "run this period&#x27;s reviews again" in page.rows[pid].status.value
        assert page.rows[pid].link.children == ()
    [note] = page.cohort_link.children
    assert "shows records that have changed since it was made" in note.value
    mine = ReviewReader(practitioners["p01"])  # My learning's button
    mine.button("Open my review", PERIOD, "p01").click()
    assert CHANGED in mine.frame.value and plant("p01", 2) not in mine.frame.value

    again = lead.run_reviews(PERIOD)  # the rows the rule hides changed the input hash
    assert sorted((r.subject, r.status) for r in again) == [
        ("lead1", "made"), ("p01", "made"), ("p02", "made"), ("p03", "made")], again
    after = {pid: lead.review_html(PERIOD, pid).decode() for pid in SUBJECTS}
    assert plant("p01", 1) not in after["p01"] and plant("p01", 2) in after["p01"]
    assert plant("p02", 1) not in after["p02"] and NEW_WORDS in after["p02"]
    assert P03_WORDS not in after["p03"] and "Not for the review" not in after["p03"]
    for pid in SUBJECTS:
        assert practitioners[pid].review_html(PERIOD, pid).decode() == after[pid]
    assert b"Cohort overview: lead1" in lead.review_html(PERIOD, "cohort-lead1")
    assert not any(s.outdated for s in lead.review_status(PERIOD))


def test_a_review_that_cannot_vouch_for_its_page_is_refused_and_made_again(
        words: None, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """A review from an earlier kit (no record of what it shows), one whose recorded versions
    the rule no longer shows though its rows hash the same, and a page left over from an
    earlier run: each refused, and each made again by the next run."""
    from kit.reviews.folder import FolderReviews

    ws = workspace
    [made] = review.run_reviews(ws, PERIOD, practitioner_id="p01", progress=False).results
    assert made.status == "made"
    notebook_path, html_path = review_notebook(ws, PERIOD, "p01"), review_html(ws, PERIOD, "p01")
    recorded = review_metadata(notebook_path)
    shown = recorded[SHOWN_KEY]
    first = reflection_with(ws, "p01", plant("p01", 1))
    private = reflection_with(ws, "p01", "PRIVATE-p01 only for me")
    assert [first.entity_id, first.record_id] in shown["reflections"]
    assert [private.entity_id, private.record_id] not in shown["reflections"]
    assert set(shown) >= {"profiles", "licence_events", "micro_projects", "focus_areas", "review_notes"}
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    outputs = [o for cell in notebook["cells"] for o in cell.get("outputs", [])]
    assert not any("candle" in meta for o in outputs for meta in o.get("metadata", {}).values())
    assert recorded["html_sha256"] == page_sha256(html_path.read_bytes())
    lead = FolderReviews(ws, "lead1", ("lead",))
    page = lead.review_html(PERIOD, "p01")

    started: list[list[str]] = []
    monkeypatch.setattr(review, "execute_all", lambda jobs, *args, **kwargs: started.append(
        [job.subject for job in jobs]) or [])

    def write(page_bytes: bytes, **candle: object) -> None:
        html_path.write_bytes(page_bytes)
        notebook["metadata"]["candle"] = candle
        notebook_path.write_text(json.dumps(notebook), encoding="utf-8")

    earlier_kit = {k: v for k, v in recorded.items() if k not in (SHOWN_KEY, "html_sha256")}
    hidden_now = {**shown, "reflections": [*shown["reflections"], [private.entity_id, private.record_id]]}
    cannot_vouch = ("was made before the kit kept track of the records a review shows, or its "
                    "page is left over")
    for tampered, page_bytes, candle, said in (
            ("an earlier kit's", page, earlier_kit, cannot_vouch),
            ("hidden by the rule now", page, {**recorded, SHOWN_KEY: hidden_now}, CHANGED),
            ("an earlier run's page", page.replace(plant("p01", 2).encode(), b"old"), recorded,
             cannot_vouch)):
        write(page_bytes, **candle)
        with pytest.raises(ReviewOutdated, match=said):
            lead.review_html(PERIOD, "p01")
        review.run_reviews(ws, PERIOD, practitioner_id="p01", progress=False)
        assert started.pop() == ["p01"], tampered  # made again, though its rows hash the same
    write(page, **recorded)
    [unchanged] = review.run_reviews(ws, PERIOD, practitioner_id="p01", progress=False).results
    assert unchanged.status == "unchanged" and started == []
    assert lead.review_html(PERIOD, "p01") == page


def test_a_shared_review_and_my_learning_list_the_same_notes_from_the_lead(
        words: None, workspace: Workspace) -> None:
    """Seen on My learning: inside the shared review "No shared notes from the lead for this
    period yet", and right below it the lead's note for that period (written after the review
    was made). Both now come from one choice of notes (kit.views.learning.shared_notes): a
    review that leaves out a note shared about its period since is not shown until made again.
    On the folder only: the service runs the same classes on its folder."""
    from kit.model.records import ReviewNote
    from kit.reviews.folder import FolderReviews
    from kit.views.learning import my_review_notes, people_names
    from kit.views.shared_reviews import FolderSharedReviews

    def listed() -> list[str]:  # what My learning lists for the period
        mine = my_review_notes(workspace, "p01")
        return list(mine.loc[mine["period"].isin([PERIOD, "2026-09"]), "note"])

    lead, p01 = FolderReviews(workspace, "lead1", ("lead",)), FolderSharedReviews(workspace, "p01")
    lead.run_reviews(PERIOD)
    lead.share_review("p01", PERIOD)
    assert listed() == ["LEADNOTE-p01 good steady quarter"]
    assert "LEADNOTE-p01" in p01.review_html(PERIOD, "p01").decode()

    submit(workspace, ReviewNote.new(practitioner_id="p01", author_id="lead1", period="2026-09",
                                     text="LATENOTE-p01 written after the review"))
    assert "LATENOTE-p01 written after the review" in listed()
    with pytest.raises(ReviewOutdated, match=f"Your {PERIOD} review {CHANGED}"):
        p01.review_html(PERIOD, "p01")
    states = {s.subject: s.outdated for s in lead.review_status(PERIOD)}
    assert states == {"p01": True, "p02": False, "p03": False, "cohort-lead1": False}

    again = {r.subject: r.status for r in lead.run_reviews(PERIOD)}
    assert again == {"p01": "made", "p02": "unchanged", "p03": "unchanged", "lead1": "unchanged"}
    page = p01.review_html(PERIOD, "p01").decode()
    notes = listed()
    assert len(notes) == 2 and all(note in page for note in notes)
    assert "SECRETNOTE" not in page and people_names(workspace)["lead1"] in page
