"""Reviews through the candle service (in this process, tests/hub/inprocess_service.py): a run
started twice at once is one run, a lead runs one period at a time and only periods a run may
cover (issue 16: the quota), refusals are sentences with their status, and the lead's
page from a hub kernel (``kit.notebook.reviews.show_lead_reviews`` with the hub's environment
set) runs the reviews through the service, moves its bar and shares one, and the
practitioner's My learning opens it, also through the service."""

from __future__ import annotations

import shutil
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from hub_process import http
from inprocess_service import CandleService

from kit.errors import ReviewError, StoreError
from kit.hub.audit import AuditLog
from kit.hub.review_handlers import ReviewRuns
from kit.hub.roles import Caller
from kit.model.records import ReviewShare
from kit.reviews.jobs import ReviewResult
from kit.store.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "reviews"))
from review_workspace_builder import PERIOD, build_review_workspace


class SlowLead:
    """A lead whose run reports one review, then waits to be let go."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace, self.caller = workspace, Caller("lead1", ("lead",))
        self.release, self.calls = threading.Event(), 0

    def run_reviews(self, period: str, on_result, jobs: int, limits: object) -> list[ReviewResult]:
        self.calls += 1
        on_result(ReviewResult("practitioner", "p01", "/somewhere/p01.ipynb", "made"))
        self.release.wait(10)
        return []


def wait_until(check, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_second_start_while_running_joins_the_run_and_the_end_is_audited(workspace: Workspace) -> None:
    state = SimpleNamespace(workspace=workspace, audit=AuditLog(workspace.root))
    runs, lead = ReviewRuns(state), SlowLead(workspace)  # type: ignore[arg-type]
    first, new = runs.start(lead, PERIOD)  # type: ignore[arg-type]
    wait_until(lambda: first.results)
    again, new_again = runs.start(lead, PERIOD)  # type: ignore[arg-type]
    assert new and not new_again and again is first and lead.calls == 1
    assert first.answer() == {"period": PERIOD, "state": "running", "results": [
        {"kind": "practitioner", "subject": "p01", "output": "p01.ipynb", "status": "made",
         "message": "", "seconds": 0.0, "limit": ""}]}  # the service's own folders are not sent
    lead.release.set()
    wait_until(lambda: first.state == "done")
    [ended] = [e for e in AuditLog(workspace.root).events() if e["what"] == "review run"]
    assert (ended["who"], ended["outcome"], ended["period"], ended["made"]) == ("lead1", "done", PERIOD, 1)
    after, new_after = runs.start(lead, PERIOD)  # type: ignore[arg-type]
    assert new_after and after is not first  # a run that ended is started again
    wait_until(lambda: after.state == "done" and lead.calls == 2)


def test_a_lead_runs_one_period_at_a_time(workspace: Workspace) -> None:
    state = SimpleNamespace(workspace=workspace, audit=AuditLog(workspace.root))
    runs, lead = ReviewRuns(state), SlowLead(workspace)  # type: ignore[arg-type]
    first, _ = runs.start(lead, PERIOD)  # type: ignore[arg-type]
    with pytest.raises(ReviewError) as refused:
        runs.start(lead, "2026-Q2")  # type: ignore[arg-type]
    assert str(refused.value) == ("Your 2026-Q3 reviews are still running, and a lead runs one period "
                                  "at a time. Wait until they have finished (shown under 'Run this "
                                  "period's reviews' on the Lead: my practitioners page), then run "
                                  "2026-Q2.")
    assert runs.start(lead, PERIOD) == (first, False)  # the same period still joins it
    other = SlowLead(workspace)
    other.caller = Caller("lead2", ("lead",))
    theirs, new = runs.start(other, "2026-Q2")  # type: ignore[arg-type]
    assert new and lead.calls == 1  # another lead's quota is their own
    lead.release.set()
    other.release.set()
    wait_until(lambda: first.state == "done" and theirs.state == "done")
    after, new = runs.start(lead, "2026-Q2")  # type: ignore[arg-type]
    assert new
    wait_until(lambda: after.state == "done")


@pytest.mark.parametrize(("period", "said"), [
    ("1900-01-01..2100-12-31", "covers 73414 days; a review run covers at most a year (366 days)"),
    ("2099-Q1", "reviews cover days that have passed"),
], ids=["two-centuries", "far-ahead"])
def test_a_period_no_run_may_cover_is_refused_before_it_is_queued(
        workspace: Workspace, service: CandleService, period: str, said: str) -> None:
    state = SimpleNamespace(workspace=workspace, audit=AuditLog(workspace.root))
    runs, lead = ReviewRuns(state), SlowLead(workspace)  # type: ignore[arg-type]
    with pytest.raises(ReviewError) as refused:
        runs.start(lead, period)  # type: ignore[arg-type]
    assert said in str(refused.value)
    assert lead.calls == 0 and runs.runs == {}
    status, body = http("POST", f"{service.url}api/reviews/runs", service.token_for("lead1"),
                        {"period": period})
    assert status == 400 and said in body["error"]


def test_a_period_must_be_short_text_on_the_service(service: CandleService) -> None:
    runs = f"{service.url}api/reviews/runs"
    status, body = http("POST", runs, service.token_for("lead1"), {"period": ["2026-Q3"]})
    assert status == 400 and "must be written as text" in body["error"]
    status, body = http("POST", runs, service.token_for("lead1"), {"period": "2026-" + "Q" * 5000})
    assert status == 400 and "at most 40 characters" in body["error"] and "QQQ" not in body["error"]


def test_a_period_before_the_workspace_began_ends_the_run_refused(service: CandleService) -> None:
    with pytest.raises(ReviewError) as refused:  # the conftest workspace began this quarter
        service.backend("lead1").run_reviews("2024-Q1")
    assert "The period 2024-Q1 ends before this workspace began" in str(refused.value)
    [ended] = [e for e in AuditLog(service.workspace.root).events() if e["what"] == "review run"]
    assert (ended["outcome"], ended["status"]) == ("refused", 400)


def test_review_refusals_are_sentences_with_their_status(service: CandleService) -> None:
    api = f"{service.url}api/reviews/"
    status, body = http("POST", f"{api}runs", service.token_for("p01"), {"period": PERIOD})
    assert status == 403 and body["error"].startswith("Only a lead practitioner runs reviews")
    status, body = http("POST", f"{api}runs", service.token_for("lead1"), {"period": "summer"})
    assert status == 400 and "'summer' is not a review period" in body["error"]
    status, body = http("GET", f"{api}runs/{PERIOD}", service.token_for("lead1"))
    assert status == 404 and f"No {PERIOD} review run has been started" in body["error"]
    status, body = http("GET", f"{api}html/{PERIOD}/p01", service.token_for("p01"))
    assert status == 403 and "not shared with you yet" in body["error"]
    status, body = http("GET", f"{api}html/{PERIOD}/p01", service.token_for("lead1"))
    assert status == 404 and "has not been made yet" in body["error"]
    with pytest.raises(ReviewError, match="'summer' is not a review period"):
        service.backend("lead1").review_status("summer")
    refused = [e for e in AuditLog(service.workspace.root).events() if e["outcome"] == "refused"]
    assert {e["status"] for e in refused} >= {400, 403, 404}


@pytest.mark.parametrize(("error", "outcome", "status"), [
    (StoreError, "failed", 500),  # a fault of the service
    (ReviewError, "refused", 400),  # something asked that cannot be made: not a fault
], ids=["fault", "refusal"])
def test_a_run_that_fails_raises_its_sentence_in_the_kernel(
        service: CandleService, monkeypatch: pytest.MonkeyPatch, error: type, outcome: str,
        status: int) -> None:
    from kit.hub.local_reviews import LocalReviews

    def refuse(*args: object, **kwargs: object) -> None:
        raise error("The 2026-Q3 reviews cannot be made.", "Ask whoever runs the hub.")

    monkeypatch.setattr(LocalReviews, "run_reviews", refuse)
    with pytest.raises(error) as raised:
        service.backend("lead1").run_reviews(PERIOD)
    assert str(raised.value) == "The 2026-Q3 reviews cannot be made. Ask whoever runs the hub."
    [ended] = [e for e in AuditLog(service.workspace.root).events() if e["what"] == "review run"]
    assert (ended["outcome"], ended["status"]) == (outcome, status)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_review_workspace(tmp_path_factory.mktemp("review-service") / "workspace").root


def shown(monkeypatch: pytest.MonkeyPatch, show, *modules: object) -> object:
    """What ``show()`` displayed (one widget), by IPython's display or the ``modules``' own."""
    import IPython.display

    displayed: list[object] = []
    for module in (IPython.display, *modules):
        monkeypatch.setattr(module, "display", lambda *things: displayed.extend(things))
    show()
    [widget] = displayed
    return widget


def as_hub_kernel(monkeypatch: pytest.MonkeyPatch, service: CandleService, user: str, home: Path) -> None:
    monkeypatch.setenv("CANDLE_SERVICE_URL", service.url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", service.token_for(user))
    monkeypatch.setenv("CANDLE_WORKSPACE", str(home / user / "copy"))


def test_the_leads_page_in_a_hub_kernel_runs_and_shares_through_the_service(
        _candle_service: CandleService, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kit.notebook.context import page_context
    from kit.notebook.reviews import show_lead_reviews
    from kit.reviews.lead_page import LeadReviewsPage
    from kit.views import pages

    shared = _candle_service.use(shutil.copytree(built, tmp_path / "shared"))
    as_hub_kernel(monkeypatch, _candle_service, "lead1", tmp_path)
    page = shown(monkeypatch, show_lead_reviews)
    assert isinstance(page, LeadReviewsPage)
    assert list(page.rows) == ["p01", "p02", "p03"] and page.progress.max == 4
    page.period_box.value = PERIOD  # the page starts at the period under way
    moves: list[int] = []
    page.progress.observe(lambda change: moves.append(change["new"]), names="value")
    page.run_button.click()
    assert "reviews are ready" in page.message.value, page.message.value
    assert moves == [1, 2, 3, 4] and "4 of 4 reviews" in page.progress_text.value
    assert (shared.root / "reviews" / PERIOD / "p01.html").is_file()  # made by the service
    assert not list((tmp_path / "lead1" / "copy" / "reviews").iterdir())  # nothing in the kernel's copy
    p01 = page.rows["p01"]
    [opener] = p01.link.children
    assert opener.tooltip == "kept by your team's candle service on the hub"
    opener.click()
    assert "Review: Practitioner p01" in page.reader.frame.value
    p01.share.value = True
    assert "can now open their 2026-Q3 review in My learning" in page.message.value
    [decision] = shared.store.latest(ReviewShare.TABLE, "p01")
    assert (decision.period, decision.shared, decision.author_id) == (PERIOD, True, "lead1")

    as_hub_kernel(monkeypatch, _candle_service, "p01", tmp_path)
    context = page_context()  # as My learning's cells find their workspace and interface
    reader = shown(monkeypatch, lambda: pages.show_shared_reviews(
        context.workspace, context.person.id, context.backend), pages)
    [open_mine] = reader.children[0].children  # type: ignore[attr-defined]
    open_mine.click()
    assert "PLANT-p01-1" in reader.children[1].value  # type: ignore[attr-defined]


def test_a_service_told_of_a_dask_cluster_runs_its_reviews_there(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kit.hub.local import LocalBackend
    from kit.hub.review_handlers import routes
    from kit.reviews import run as review

    ws = build_review_workspace(tmp_path / "workspace")
    sent: list[str] = []
    monkeypatch.setattr(review, "execute_all", lambda jobs, executor, *rest: sent.append(
        f"{executor.address}: {len(jobs)} reviews") or [])
    monkeypatch.setenv("CANDLE_DASK_SCHEDULER", "tls://scheduler.example:8786")
    state = SimpleNamespace(workspace=ws, audit=AuditLog(ws.root))
    runs = routes("/services/candle/", state)[0][2]["runs"]  # type: ignore[arg-type]
    run, _ = runs.start(LocalBackend(ws, Caller("lead1", ("lead",))), PERIOD)
    wait_until(lambda: run.state != "running")
    assert run.state == "done" and sent == ["tls://scheduler.example:8786: 4 reviews"]
