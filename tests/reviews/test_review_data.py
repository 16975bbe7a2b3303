"""Which rows a review uses (no kernel): privacy filters, cohort membership, licence status,
input hashes, and every request error raised before any kernel starts."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from review_workspace_builder import PERIOD, build_review_workspace, plant

from kit.capture.submit import edit, submit
from kit.cli import main
from kit.errors import ReviewError
from kit.model.periods import parse_period
from kit.model.records import Profile, Reflection
from kit.reviews import data as review_data
from kit.reviews import given
from kit.reviews import pages as review_pages
from kit.reviews import run as review
from kit.reviews.execute import FORGET_CODE, RECEIVE_CODE
from kit.store.workspace import Workspace

Q3 = parse_period(PERIOD)


def _inputs(ws: Workspace, pid: str) -> review_data.ReviewInputs:
    return review_data.practitioner_inputs(review_data.TableSource(ws), pid, Q3)


def test_practitioner_inputs_hold_only_their_rows(review_workspace: Workspace) -> None:
    for pid in ("p01", "p02", "p03", "p04"):
        inputs = _inputs(review_workspace, pid)
        assert inputs.practitioner_ids() <= {pid}
        answers = " ".join(inputs["reflection_answers"]["answer"])
        assert "PLANT-" not in answers.replace(f"PLANT-{pid}-", "")


def test_private_reflections_never_reach_a_review(review_workspace: Workspace) -> None:
    inputs = _inputs(review_workspace, "p01")
    assert set(inputs["reflections"]["visibility"]) == {"lead"}
    assert not inputs["reflection_answers"]["answer"].str.contains("PRIVATE").any()
    assert "storms" not in set(inputs["reflection_tags"]["tag"])
    assert len(inputs["reflections"]) == 3  # two in Q3, one in Q2


def test_cohort_is_the_leads_practitioners_in_the_period(review_workspace: Workspace) -> None:
    profiles = review_data.all_profile_versions(review_workspace)
    assert review_data.supported_in_period(profiles, "lead1", Q3) == ["p01", "p02", "p03"]
    assert review_data.supported_in_period(profiles, "lead2", Q3) == ["p04"]
    members = review_data.supported_in_period(profiles, "lead1", Q3)
    inputs = review_data.cohort_inputs(review_data.TableSource(review_workspace), members, "lead1", Q3)
    assert inputs.practitioner_ids() == {"p01", "p02", "p03"}


def test_a_change_of_lead_counts_from_when_it_was_saved() -> None:
    saved = pd.to_datetime(["2026-01-01", "2026-10-15"], utc=True)
    profiles = pd.DataFrame({"practitioner_id": ["p09", "p09"], "created_at": saved,
                             "record_id": ["a", "b"], "lead_id": ["lead1", "lead2"]})
    assert review_data.supported_in_period(profiles, "lead1", Q3) == ["p09"]
    assert review_data.supported_in_period(profiles, "lead2", Q3) == []
    assert review_data.supported_in_period(profiles, "lead2", Q3.next()) == ["p09"]


@pytest.mark.parametrize(("pid", "status", "renewal"), [
    ("p01", "active", date(2027, 1, 19)),
    ("p02", "due to renew", date(2026, 10, 20)),
    ("p03", "paused", date(2027, 1, 19)),
], ids=["active", "due-to-renew", "paused"])
def test_licence_status_at_the_end_of_the_period(review_workspace: Workspace, pid: str, status: str,
                                                 renewal: date) -> None:
    events = _inputs(review_workspace, pid)["licence_events"]
    assert review_data.licence_status(events, Q3, 12) == (status, renewal)


def test_a_decision_planned_after_the_period_end_is_not_applied() -> None:
    days = [date(2026, 1, 5), date(2026, 1, 12), Q3.end + pd.Timedelta(days=1)]
    events = pd.DataFrame({"event": ["applied", "active", "paused"],
                           "event_date": [f"{day:%Y-%m-%d}" for day in days],
                           "created_at": pd.to_datetime(["2026-01-05"] * 3, utc=True)})
    assert review_data.licence_status(events, Q3, 12)[0] == "active"
    assert review_data.licence_status(events, Q3.next(), 12)[0] == "paused"


def test_no_licence_events_is_not_applied_for_yet() -> None:
    empty = pd.DataFrame(columns=["event", "event_date", "created_at"])
    assert review_data.licence_status(empty, Q3, 12) == ("not applied for yet", None)


def test_selecting_for_all_at_once_gives_each_their_own_rows(review_workspace: Workspace) -> None:
    source = review_data.TableSource(review_workspace)
    ids = ["p01", "p02", "p03", "p04", "p99"]
    batch = review_data.each_practitioners_inputs(source, ids, Q3)
    for pid in ids:
        single = _inputs(review_workspace, pid)
        assert batch[pid].digest(source) == single.digest() == batch[pid].digest()
        for name, frame in single.frames.items():
            pd.testing.assert_frame_equal(batch[pid][name], frame, check_index_type=False)


def test_hash_changes_with_a_row_and_only_for_its_owner(tmp_path) -> None:
    ws = build_review_workspace(tmp_path / "ws")
    before = _inputs(ws, "p02").digest()
    other_before = _inputs(ws, "p01").digest()
    area = _inputs(ws, "p02")["focus_areas"]["entity_id"].iloc[0]
    submit(ws, Reflection.new(practitioner_id="p02", focus_area_ids=[area],
                              reflection_date=date(2026, 9, 10), template="rolfe",
                              answers={"what": "another"}))
    assert _inputs(ws, "p02").digest() != before
    assert _inputs(ws, "p01").digest() == other_before
    late = Reflection.new(practitioner_id="p01", focus_area_ids=[area], reflection_date=date(2026, 11, 2),
                          template="rolfe", answers={"what": "after the period"})
    with pytest.raises(Exception, match="focus area"):
        submit(ws, late)  # p02's area: the rules refuse it, so p01's inputs stay the same
    assert _inputs(ws, "p01").digest() == other_before
    profile = ws.store.latest(Profile.TABLE, "p01")[0]
    edit(ws, "profiles", profile.entity_id, practitioner_id="p01", author_id="p01",
         edit_reason="new organisation", organisation="Elsewhere")
    assert _inputs(ws, "p01").digest() != other_before


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"period": "2026-Q7"}, "not a review period"),
    ({"period": PERIOD, "practitioner_id": "p99"}, "no practitioner 'p99'"),
    ({"period": PERIOD, "practitioner_id": "lead1"}, "not a practitioner"),
    ({"period": PERIOD, "lead_id": "nobody"}, "no lead 'nobody'"),
    ({"period": PERIOD, "lead_id": "p01"}, "not a lead"),
    ({"period": PERIOD, "jobs": 0}, "--jobs"),
], ids=["bad-period", "unknown-practitioner", "lead-as-practitioner", "unknown-lead",
        "practitioner-as-lead", "no-jobs"])
def test_bad_requests_fail_before_any_kernel(review_workspace: Workspace, no_kernels: None,
                                             kwargs: dict, message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        review.run_reviews(review_workspace, progress=False, **kwargs)


def test_cli_reports_a_bad_request_in_one_line(review_workspace: Workspace, no_kernels: None,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["review", str(review_workspace.root), "--period", PERIOD, "--practitioner", "p99"])
    assert code == 2
    error = capsys.readouterr().err
    assert "p99" in error and "Traceback" not in error
    assert main(["review", str(review_workspace.root), "--period", "last quarter"]) == 2
    assert "2026-Q3" in capsys.readouterr().err


def test_plan_names_outputs_and_parameters(review_workspace: Workspace, no_kernels: None) -> None:
    jobs = review.plan_reviews(review_workspace, Q3)
    names = sorted(job.output.name for job in jobs)
    assert names == ["cohort-lead1.ipynb", "cohort-lead2.ipynb", "p01.ipynb", "p02.ipynb",
                     "p03.ipynb", "p04.ipynb"]
    assert all(job.output.parent == review_workspace.root / "reviews" / PERIOD for job in jobs)
    p01 = next(job for job in jobs if job.subject == "p01")
    assert set(p01.parameters) == {"workspace", "period", "practitioner_id"}
    lead_jobs = review.plan_reviews(review_workspace, Q3, lead_id="lead2")
    assert sorted(job.subject for job in lead_jobs) == ["lead2", "p04"]
    assert plant("p01", 1) not in repr(lead_jobs)


PRACTITIONER_SECTIONS = ("heading", "licence", "licence_chart", "plan", "reflections_chart", "tags_chart",
                         "activity_summary", "activity_chart", "ratings_chart", "own_words", "lead_notes")
COHORT_SECTIONS = ("heading", "status", "status_chart", "activity_table", "activity_chart",
                   "focus_kind_chart", "tags_chart")


def _render(section: object) -> str:
    bundle = section._repr_mimebundle_() if hasattr(section, "_repr_mimebundle_") else {
        "text/html": section.data}
    return str(bundle.get("text/html") or bundle.get("image/svg+xml"))


@pytest.mark.parametrize(("pid", "period"), [("p01", PERIOD), ("p03", PERIOD), ("p01", "2020-Q1"),
                                             ("p02", "2026-07-01..2026-09-30")],
                         ids=["full", "paused-no-reflections", "no-data-at-all", "date-range"])
def test_every_practitioner_section_renders(review_workspace: Workspace, pid: str, period: str) -> None:
    page = review_pages.practitioner_review(review_workspace, period, pid)
    rendered = {name: _render(getattr(page, name)()) for name in PRACTITIONER_SECTIONS}
    assert all(rendered.values())
    assert rendered["licence_chart"].startswith("<svg")


@pytest.mark.parametrize("period", [PERIOD, "2020-Q1"], ids=["full", "no-data"])
def test_every_cohort_section_renders(review_workspace: Workspace, period: str) -> None:
    page = review_pages.cohort_review(review_workspace, period, "lead1")
    rendered = {name: _render(getattr(page, name)()) for name in COHORT_SECTIONS}
    assert all(rendered.values())
    assert "p04" not in " ".join(rendered.values())


def test_own_words_are_escaped(tmp_path) -> None:
    ws = build_review_workspace(tmp_path / "ws")
    area = _inputs(ws, "p02")["focus_areas"]["entity_id"].iloc[0]
    submit(ws, Reflection.new(practitioner_id="p02", focus_area_ids=[area],
                              reflection_date=date(2026, 9, 10), template="rolfe",
                              answers={"what": '<script src="https://example.org/x.js"></script>'}))
    html = _render(review_pages.practitioner_review(ws, PERIOD, "p02").own_words())
    assert "<script" not in html and "&lt;script" in html


def test_only_shared_lead_notes_are_shown(review_workspace: Workspace) -> None:
    html = _render(review_pages.practitioner_review(review_workspace, PERIOD, "p01").lead_notes())
    assert "LEADNOTE-p01" in html and "SECRETNOTE" not in html


def test_a_newcomer_is_reviewed_from_the_period_they_joined_and_said_so(tmp_path) -> None:
    """Seen in a walk: a practitioner who joined in December got a Q3 review saying "not
    applied for yet", showing their December micro-project."""
    from kit.model.dates import today
    from kit.model.periods import period_containing
    from kit.model.records import MicroProject

    ws = build_review_workspace(tmp_path / "ws")
    submit(ws, Profile.new(practitioner_id="p05", display_name="Practitioner p05",
                           role="mini_candle_practitioner", stage="trainee", lead_id="lead1"))
    submit(ws, MicroProject.new(practitioner_id="p05", title="NEWPROJECT-p05", idea="Calm.",
                                project_type="T1"))
    joined, now = today(), period_containing(today(), "quarterly")
    profiles = review_data.all_profile_versions(ws)
    assert "p05" not in review_data.supported_in_period(profiles, "lead1", now.previous())
    assert "p05" in review_data.supported_in_period(profiles, "lead1", now)
    earlier = review_data.practitioner_inputs(review_data.TableSource(ws), "p05", now.previous())
    assert earlier["micro_projects"].empty  # asked for anyway: nothing from after the period
    review = review_pages.practitioner_review(ws, now, "p05")
    assert f"Joined on {joined:%d/%m/%Y}</strong>, within this period" in review.heading().data
    assert "NEWPROJECT-p05" in review.plan().data
    # started long before their records were typed: the days the records are about count
    assert review_data.TableSource(ws).joined_on()["p02"] == date(2025, 10, 6)
    assert "Joined on" not in review_pages.practitioner_review(ws, Q3, "p02").heading().data


def test_focus_areas_opened_the_same_day_are_listed_by_label(review_workspace: Workspace) -> None:
    """Two areas opened on one day come in label order, whatever order the table holds them in
    (it follows the record ids, which differ from build to build)."""
    inputs = _inputs(review_workspace, "p01")
    for order in (slice(None), slice(None, None, -1)):
        frames = {**inputs.frames, "focus_areas": inputs["focus_areas"].iloc[order]}
        page = review_pages.PractitionerReview(
            review_data.ReviewInputs("p01", inputs.period, frames, inputs.renewal_months, inputs.names))
        html = _render(page.plan())
        assert html.index("Family A") < html.index("Y5 nurture group")


def test_a_kernel_handed_its_rows_reads_no_table(review_workspace: Workspace, tmp_path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows the plan gathered, handed over by the executor's first cell, are the ones drawn;
    no table is read; the first cell of a review handed nothing forgets them."""
    job = next(job for job in review.plan_reviews(review_workspace, parse_period(PERIOD))
               if job.subject == "p01")
    inputs_file = given.hand_over("practitioner", job.inputs, tmp_path / "inputs.pickle")
    exec(RECEIVE_CODE.format(path=str(inputs_file)))  # what the first cell runs in the kernel
    try:
        assert not inputs_file.exists()
        with monkeypatch.context() as patched:
            patched.setattr(review_data.TableSource, "table", _refuse_to_read)
            handed = review_pages.practitioner_review("/nowhere", PERIOD, "p01")
            assert handed.inputs.digest() == job.input_hash
            assert "LEADNOTE-p01" in _render(handed.lead_notes())
    finally:
        exec(FORGET_CODE)
    assert given.take("practitioner", "p01", PERIOD) is None


def _refuse_to_read(*args: object) -> None:
    raise AssertionError("a table was read")


def _joined(days: dict[str, date]) -> pd.DataFrame:
    ids = list(days)
    return pd.DataFrame({"practitioner_id": pd.Series(ids, index=ids, dtype="string"),
                         "joined_on": pd.Series(list(days.values()), index=ids)})


def test_a_frame_the_plan_keeps_hashes_its_rows_as_if_each_were_hashed_alone() -> None:
    """The plan keeps the day everyone joined as one frame, so each review's row of it takes
    its hash from the cache: the same hash as hashing the row alone, and never a hash left
    from a frame kept before it."""
    source = review_data.TableSource(None)  # type: ignore[arg-type]  # nothing is read here
    first = source.keep("joined", _joined({"p1": date(2026, 1, 5), "p2": date(2026, 2, 1)}))
    row = first.loc[["p2"]]
    assert review_data.input_hash({"joined": row}, source) == review_data.input_hash({"joined": row})
    again = source.keep("joined", _joined({"p2": date(2026, 3, 9), "p3": date(2026, 1, 1)}))
    moved = again.loc[["p2"]]
    assert review_data.input_hash({"joined": moved}, source) == review_data.input_hash({"joined": moved})
    assert review_data.input_hash({"joined": moved}, source) != review_data.input_hash({"joined": row})
