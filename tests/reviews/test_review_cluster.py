"""Reviews on a Dask cluster give what the local kernel pool gives (kit.reviews.cluster).

One ``LocalCluster`` of two single-threaded worker processes is started for the module (and
closed after it) with the kit's own settings, and named to the runner by its address, as
``candle review --cluster tcp://HOST:PORT`` names one. The same 12-practitioner workspace (the
demo's) is reviewed by the local pool and by the cluster: the same reviews, the same input
hashes, the same pages, byte for byte. Then a worker is killed while a run is under way: every
review is still made or reported.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from notebook_support import copy_demo
from review_workspace_builder import LEADS, plant

from kit.errors import ReviewError
from kit.reviews import run as review
from kit.reviews.cluster import LOST, check_cluster, cluster_from_environment, local_cluster
from kit.reviews.dask_worker import PackedTask, execute_on_worker, pack
from kit.reviews.jobs import ReviewResult
from kit.reviews.limits import NO_LIMITS
from kit.reviews.task import task_of
from kit.store.workspace import Workspace

PERIOD = "2026-Q3"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with local_cluster(2) as running:
        yield running


def _made(report: review.RunReport) -> dict[tuple[str, str], ReviewResult]:
    return {(r.kind, r.subject): r for r in report.results}


def _recorded(path: str) -> dict[str, Any]:
    return nbformat.read(path, as_version=4).metadata["candle"]


def test_the_cluster_makes_what_the_local_pool_makes(cluster: Any, tmp_path: Path) -> None:
    pool_ws = Workspace.open(copy_demo(tmp_path / "pool"))
    dask_ws = Workspace.open(copy_demo(tmp_path / "dask"))
    pool = review.run_reviews(pool_ws, PERIOD, jobs=2, progress=False)
    seen: list[str] = []
    on_dask = review.run_reviews(dask_ws, PERIOD, jobs=2, progress=False,
                                 cluster=cluster.scheduler_address,
                                 on_result=lambda result: seen.append(result.subject))
    assert pool.ok and on_dask.ok, on_dask.summary()
    made = _made(on_dask)
    assert set(made) == set(_made(pool)) and len(made) == 14  # 12 practitioners, 2 cohorts
    assert sorted(seen) == sorted(subject for _, subject in made)  # progress, result by result
    planned = {(job.kind, job.subject): job for job in
               review.plan_reviews(dask_ws, review.review_period(PERIOD, "quarterly"))}
    for key, result in made.items():
        twin = _made(pool)[key]
        assert result.status == twin.status == "made"
        recorded, twin_recorded = _recorded(result.output), _recorded(twin.output)
        assert recorded["input_hash"] == twin_recorded["input_hash"] == planned[key].input_hash
        assert recorded["shown"] == twin_recorded["shown"]
        page = Path(result.output).with_suffix(".html").read_bytes()
        assert page == Path(twin.output).with_suffix(".html").read_bytes()  # byte for byte
    again = review.run_reviews(dask_ws, PERIOD, jobs=2, progress=False,
                               cluster=cluster.scheduler_address)
    assert len(again.with_status("unchanged")) == 14  # skipped before anything is sent


def test_a_worker_killed_mid_run_leaves_every_review_made_or_reported(cluster: Any,
                                                                     tmp_path: Path) -> None:
    from distributed import Client

    ws = Workspace.open(copy_demo(tmp_path / "workspace"))
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        pids = sorted(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_one_worker(result: ReviewResult) -> None:
        if not killed:  # both workers are busy: more of lead1's reviews wait
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    report = review.run_reviews(ws, PERIOD, lead_id="lead1", jobs=2, html=False, progress=False,
                                cluster=cluster.scheduler_address, on_result=kill_one_worker)
    assert killed
    planned = review.plan_reviews(ws, review.review_period(PERIOD, "quarterly"), lead_id="lead1")
    assert sorted((r.kind, r.subject) for r in report.results) == sorted(
        (job.kind, job.subject) for job in planned)
    for result in report.results:
        assert result.status in ("made", "failed"), result
        if result.status == "made":
            assert _recorded(result.output)["input_hash"]
        else:
            assert result.message == LOST


def test_a_cluster_is_named_by_its_address_or_by_the_services_settings() -> None:
    assert check_cluster("tls://scheduler.example:8786") == "tls://scheduler.example:8786"
    assert check_cluster("gateway") == "gateway"
    for wrong in ("scheduler:8786", "http://scheduler:8786", "tcp://scheduler", "tcp://:8786"):
        with pytest.raises(ReviewError, match="is not a Dask cluster the reviews can run on"):
            check_cluster(wrong)
    assert cluster_from_environment({}) is None
    assert cluster_from_environment({"CANDLE_DASK_SCHEDULER": "tls://s:8786"}) == "tls://s:8786"
    assert cluster_from_environment({"DASK_GATEWAY__ADDRESS": "http://gw"}) == "gateway"


def test_only_what_a_review_may_show_travels_to_a_worker(review_workspace: Workspace) -> None:
    jobs = review.plan_reviews(review_workspace, review.review_period(PERIOD, "quarterly"))
    assert len(jobs) == 6
    for job in jobs:
        inputs = task_of(job).inputs
        assert inputs is not None and inputs.subject == job.subject
        text = " ".join(str(value) for frame in inputs.frames.values()
                        for value in frame.to_numpy().ravel())
        assert "PRIVATE-p01" not in text and "SECRETNOTE" not in text  # kept private: never sent
        owners = {str(pid) for frame in inputs.frames.values() if "practitioner_id" in frame
                  for pid in frame["practitioner_id"]}
        whose = ({job.subject} if job.kind == "practitioner" else
                 {pid for pid, lead in LEADS.items() if lead == job.subject})
        named = whose | ({LEADS[job.subject]} if job.kind == "practitioner" else set())
        assert owners <= whose and set(inputs.names) <= named, job.subject  # and their notes' author
        if job.kind == "practitioner":  # their own words do travel
            assert plant(job.subject, 1) in text


def test_a_cluster_that_cannot_be_reached_ends_the_run_with_a_sentence(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from kit.reviews import cluster as dask_cluster

    monkeypatch.setattr(dask_cluster, "CONNECT_SECONDS", 1)
    with pytest.raises(ReviewError, match=r"could not reach the Dask cluster tcp://127\.0\.0\.1:9: "
                                          r"OSError") as refused, dask_cluster.connected("tcp://127.0.0.1:9"):
        pass
    assert "or run the reviews without --cluster" in refused.value.hint


def test_a_review_that_came_back_is_forgotten_by_its_worker(cluster: Any, tmp_path: Path) -> None:
    """Each review's notebook and page leave the worker's memory once the runner has them (a
    quarter's 10,000 would be 5 GB held on the workers until the run ended)."""
    import time

    from distributed import Client

    from kit.reviews.cluster import DaskExecutor
    from kit.reviews.limits import NO_LIMITS

    ws = Workspace.open(copy_demo(tmp_path / "ws"))
    jobs = review.plan_reviews(ws, review.review_period(PERIOD, "quarterly"), lead_id="lead1",
                               html=False)[:3]
    results = DaskExecutor(cluster.scheduler_address).execute([task_of(job) for job in jobs],
                                                              NO_LIMITS)
    try:
        index, executed = next(results)
        assert executed.status == "made", executed.message

        def held(dask_worker: Any) -> list[str]:
            return [str(key) for key in list(dask_worker.data)
                    if str(key).startswith("candle-review-") and str(key).endswith(f"-{index}")]

        with Client(cluster.scheduler_address, set_as_default=False) as client:
            deadline = time.monotonic() + 60  # the scheduler tells the worker a moment later
            while any(client.run(held).values()) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not any(client.run(held).values()), "a worker still holds a review that came back"
    finally:
        results.close()


def test_a_task_travels_pickled_once_and_a_worker_of_another_version_refuses_it_unread(
        review_workspace: Workspace) -> None:
    (job, *_) = review.plan_reviews(review_workspace, review.review_period(PERIOD, "quarterly"))
    task = task_of(job)
    packed = pack(task)
    assert isinstance(packed.task, bytes) and packed.kit_version == task.kit_version
    unpacked = pickle.loads(packed.task)
    assert (unpacked.subject, unpacked.parameters) == (task.subject, task.parameters)
    assert task.inputs is not None and unpacked.inputs.frames.keys() == task.inputs.frames.keys()
    assert all(unpacked.inputs.frames[name].equals(frame) for name, frame in task.inputs.frames.items())
    other = PackedTask("0.0.1-elsewhere", b"not a task this version could read")
    refused = execute_on_worker(other, NO_LIMITS.limits, None)
    assert refused.status == "failed" and refused.page is None
    assert "version 0.0.1-elsewhere" in refused.message and "same version" in refused.message
