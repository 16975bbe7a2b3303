"""Time limits on review runs (kit.reviews.limits): a review that hangs is stopped at its
limit, its kernel replaced, and the others are still made; once the run's limit has passed,
the review running is stopped and the rest are not started. Stand-in templates keep it quick."""

from __future__ import annotations

from pathlib import Path

import pytest
from stand_in_templates import stand_in_template

from kit.errors import WorkspaceError
from kit.reviews.execute import execute_all
from kit.reviews.jobs import ReviewJob
from kit.reviews.limits import TimeLimits

# Long enough for a quick review in a fresh kernel on a loaded 2-core machine (2 s was not,
# in CI), short enough to keep the tests quick: a review that hangs is stopped at it.
LIMIT = 8


def job(folder: Path, template: Path, subject: str) -> ReviewJob:
    parameters = {"workspace": str(folder), "period": "2026-Q3", "practitioner_id": subject}
    return ReviewJob("practitioner", subject, template, folder / f"{subject}.ipynb", parameters,
                     "inputs", html=False)


def run(tmp_path: Path, limits: TimeLimits, subjects: tuple[str, ...], workers: int = 1
        ) -> dict:
    flag = tmp_path / "hang"
    flag.touch()  # never removed: p02's review waits for ever
    template = stand_in_template(tmp_path / "template.ipynb", "p02", flag)
    results = execute_all([job(tmp_path / "out", template, s) for s in subjects], workers,
                          budget=limits.start())
    return {result.subject: result for result in results}


def test_a_review_past_its_limit_is_stopped_and_the_next_is_made_in_a_fresh_kernel(
        tmp_path: Path) -> None:
    results = run(tmp_path, TimeLimits(review=LIMIT), ("p01", "p02", "p03"))
    stopped = results["p02"]
    assert (stopped.status, stopped.limit) == ("failed", "review")
    assert stopped.message == (f"the review took longer than {LIMIT} s, so it was stopped; try again, "
                               "and tell whoever runs the hub if it keeps happening")
    assert stopped.seconds >= LIMIT  # never stopped early (how late depends on the machine's load)
    assert results["p01"].status == results["p03"].status == "made"  # p03 after the kill
    assert (tmp_path / "out" / "p03.ipynb").is_file() and not (tmp_path / "out" / "p02.ipynb").exists()
    assert not list((tmp_path / "out").glob(".*.tmp.ipynb"))


def test_in_worker_processes_too(tmp_path: Path) -> None:
    results = run(tmp_path, TimeLimits(review=LIMIT), ("p01", "p02", "p03", "p04"), workers=2)
    assert {s: r.status for s, r in results.items()} == {
        "p01": "made", "p02": "failed", "p03": "made", "p04": "made"}
    assert results["p02"].limit == "review"


def test_past_the_runs_limit_the_review_running_is_stopped_and_the_rest_not_started(
        tmp_path: Path) -> None:
    # p02 hangs from the start, so whatever the machine's load the run's 3 s end while it runs
    # (a quick review before it could itself outlast 3 s on a loaded machine); the review's own
    # limit is far longer, so "run" is what stopped it
    results = run(tmp_path, TimeLimits(review=600, run=3), ("p02", "p03"))
    assert (results["p02"].status, results["p02"].limit) == ("failed", "run")
    assert results["p02"].message.startswith(
        "the run took longer than 3 s, so this review was stopped; try again")
    assert (results["p03"].status, results["p03"].limit) == ("failed", "run")
    assert "so this review was not started" in results["p03"].message


def test_the_service_reads_its_limits_from_the_environment() -> None:
    assert TimeLimits.from_environment({}) == TimeLimits(300, 1800)
    assert TimeLimits.from_environment({"CANDLE_REVIEW_TIMEOUT": "45",
                                        "CANDLE_REVIEW_RUN_TIMEOUT": "600"}) == TimeLimits(45, 600)
    with pytest.raises(WorkspaceError, match="CANDLE_REVIEW_TIMEOUT is 'soon', not a number of seconds"):
        TimeLimits.from_environment({"CANDLE_REVIEW_TIMEOUT": "soon"})
    with pytest.raises(WorkspaceError, match="CANDLE_REVIEW_RUN_TIMEOUT is '0'"):
        TimeLimits.from_environment({"CANDLE_REVIEW_RUN_TIMEOUT": "0"})
