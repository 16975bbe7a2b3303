"""Running reviews for real (kernels start here, so the tests are few and share one run).

One module-scoped run makes every review of the small workspace with two
workers and HTML; the tests read its outputs. Then: an unchanged re-run skips
everything, a new reflection redoes only the reviews that use it, --force redoes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import nbformat
import pytest
from page_golden import page_view
from review_workspace_builder import LEADS, PERIOD, build_review_workspace, plant

from kit import __version__
from kit.capture.submit import submit
from kit.model.records import Reflection
from kit.reviews import run as review
from kit.reviews.execute import KernelWorker, execute_all
from kit.reviews.task import task_of
from kit.store.workspace import Workspace

ALL_PLANTS = [plant(pid, n) for pid in LEADS for n in (1, 2, 3)]
# A web address anywhere in a page (attribute, CSS url(), import, script) other than an XML namespace.
WEB_ADDRESS = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
XML_NAMESPACE = re.compile(r'xmlns(?::\w+)?="http://www\.w3\.org/[^"]*"')
GOLDEN = Path(__file__).parent / "golden" / "review_pages.json"
UPDATE_GOLDEN = "CANDLE_UPDATE_GOLDEN"  # set to 1 to write the golden file from this run


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, review.RunReport]:
    ws = build_review_workspace(tmp_path_factory.mktemp("run") / "workspace")
    return ws, review.run_reviews(ws, PERIOD, jobs=2, html=True, progress=False)


def _outputs(ws: Workspace) -> dict[str, Path]:
    return {path.name: path for path in (ws.root / "reviews" / PERIOD).iterdir()}


def test_every_review_is_made_valid_and_records_how(made: tuple[Workspace, review.RunReport]) -> None:
    ws, report = made
    assert report.ok, report.summary()
    assert sorted(r.subject for r in report.with_status("made")) == ["lead1", "lead2", *LEADS]
    for job in review.plan_reviews(ws, review.review_period(PERIOD, "quarterly")):
        notebook = nbformat.read(job.output, as_version=4)
        nbformat.validate(notebook)
        recorded = notebook.metadata["candle"]
        assert recorded["parameters"] == job.parameters
        assert recorded["kit_version"] == __version__
        assert recorded["input_hash"] == job.input_hash and len(job.input_hash) == 64
        assert not any(cell.get("id") == "candle-reset" for cell in notebook.cells)
        assert not any(o.get("output_type") == "error" for c in notebook.cells for o in c.get("outputs", []))
        assert job.html_path.is_file()


def test_no_review_holds_another_practitioners_words(made: tuple[Workspace, review.RunReport]) -> None:
    ws, _ = made
    files = _outputs(ws)
    for name, path in files.items():
        text = path.read_text(encoding="utf-8")
        owner = name.split(".")[0]
        foreign = [s for s in ALL_PLANTS if not s.startswith(f"PLANT-{owner}-") and s in text]
        assert foreign == [], f"{name} holds {foreign}"
        assert "PRIVATE-p01" not in text and "NOTE-contact" not in text and "SECRETNOTE" not in text
    p01 = files["p01.html"].read_text(encoding="utf-8")
    assert plant("p01", 1) in p01 and plant("p01", 2) in p01 and "LEADNOTE-p01" in p01
    assert plant("p01", 3) not in p01  # the previous period is counted, not quoted
    assert "p04" not in files["cohort-lead1.html"].read_text(encoding="utf-8")


def test_html_is_offline_and_hides_code(made: tuple[Workspace, review.RunReport]) -> None:
    ws, _ = made
    pages = [p for p in _outputs(ws).values() if p.suffix == ".html"]
    assert len(pages) == 6
    for page in pages:
        text = page.read_text(encoding="utf-8")
        without_namespaces = XML_NAMESPACE.sub("", text)
        assert WEB_ADDRESS.findall(without_namespaces) == [], page.name
        assert "http" not in without_namespaces.lower(), page.name
        assert "<script src" not in text and "review_pages" not in text  # no code cells
        assert text.count("<svg") >= 4 and 'role="img"' in text and "<desc>" in text


def test_pages_read_and_draw_as_the_golden_ones(made: tuple[Workspace, review.RunReport]) -> None:
    """Every page's visible text and its charts' SVG elements and labels are as recorded in
    the golden file (made by the kit that exported pages with nbconvert, before the kit wrote
    them itself)."""
    ws, _ = made
    views = {name: page_view(path.read_text(encoding="utf-8"))
             for name, path in sorted(_outputs(ws).items()) if name.endswith(".html")}
    if os.environ.get(UPDATE_GOLDEN) == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(views, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(views) == sorted(golden)
    for name, view in views.items():
        assert view["text"] == golden[name]["text"], name
        assert len(view["charts"]) == len(golden[name]["charts"]), name
        for number, (chart, expected) in enumerate(zip(view["charts"], golden[name]["charts"],
                                                       strict=True)):
            assert chart["labels"] == expected["labels"], f"{name}, chart {number + 1}"
            assert chart["elements"] == expected["elements"], f"{name}, chart {number + 1}"


def test_edge_cases_show_a_plain_message(made: tuple[Workspace, review.RunReport]) -> None:
    ws, _ = made
    p03 = _outputs(ws)["p03.html"].read_text(encoding="utf-8")
    assert "Status at 30/09/2026: paused" in p03
    assert "No reflections shared with the lead in this period" in p03
    p02 = _outputs(ws)["p02.html"].read_text(encoding="utf-8")
    assert "due to renew" in p02


def test_unchanged_inputs_skip_and_changes_redo_only_whom_they_touch(
        made: tuple[Workspace, review.RunReport], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ws = Workspace.open(shutil.copytree(made[0].root, tmp_path / "copy"))  # moved: still unchanged
    started: list[list[str]] = []

    def record(jobs: list[review.ReviewJob], workers: int, on_result: object = None,
               budget: object = None) -> list:
        started.append(sorted(job.subject for job in jobs))
        return []

    monkeypatch.setattr(review, "execute_all", record)
    again = review.run_reviews(ws, PERIOD, jobs=2, progress=False)
    assert len(again.with_status("unchanged")) == 6 and started == []
    area = json.loads(sorted((ws.root / "records" / "focus_areas" / "p02").glob("*.json"))[0].read_text())
    submit(ws, Reflection.new(practitioner_id="p02", focus_area_ids=[area["entity_id"]],
                              reflection_date=date(2026, 9, 20), template="rolfe",
                              answers={"what": "one more"}))
    changed = review.run_reviews(ws, PERIOD, lead_id="lead1", progress=False)
    assert started.pop() == ["lead1", "p02"]
    assert sorted(r.subject for r in changed.with_status("unchanged")) == ["p01", "p03"]
    review.run_reviews(ws, PERIOD, lead_id="lead1", force=True, progress=False)
    assert started.pop() == ["lead1", "p01", "p02", "p03"]
    review.run_reviews(ws, PERIOD, practitioner_id="p01", progress=False)
    assert started == []
    (ws.root / "reviews" / PERIOD / "p01.html").unlink()  # HTML asked for and missing: redo
    review.run_reviews(ws, PERIOD, practitioner_id="p01", progress=False)
    assert started.pop() == ["p01"]


FAILING_CELL = "assert practitioner_id != 'p02', 'planted failure'"


def test_one_failure_does_not_stop_the_rest(made: tuple[Workspace, review.RunReport],
                                            tmp_path: Path) -> None:
    ws = Workspace.open(shutil.copytree(made[0].root, tmp_path / "copy"))
    template = nbformat.read(review.PRACTITIONER_TEMPLATE, as_version=4)
    template.cells.insert(2, nbformat.v4.new_code_cell(FAILING_CELL))
    failing = tmp_path / "failing_review.ipynb"
    nbformat.write(template, failing)
    empty_period = review.plan_reviews(ws, review.review_period("2020-Q1", "quarterly"),
                                       practitioner_id="p01")
    jobs = [replace(job, template=failing, html=False)
            for job in review.plan_reviews(ws, review.review_period(PERIOD, "quarterly"), lead_id="lead1")
            if job.subject in ("p02", "p03")]
    results = {(r.subject, r.output.split("/")[-2]): r for r in execute_all([*jobs, *empty_period], 1)}
    assert results[("p02", PERIOD)].status == "failed"
    assert "planted failure" in results[("p02", PERIOD)].message
    assert FAILING_CELL in results[("p02", PERIOD)].message
    assert results[("p03", PERIOD)].status == "made"
    assert results[("p01", "2020-Q1")].status == "made"  # a period with no data at all
    assert (ws.root / "reviews" / PERIOD / "p02.failed.ipynb").is_file()


def test_one_kernel_client_serves_every_review_of_a_worker(
        made: tuple[Workspace, review.RunReport]) -> None:
    """A new kernel client waits for its kernel to be quiet before the first cell: kept for
    every review, a kernel is never idle for that; replaced with its kernel, never shared."""
    ws, _ = made
    jobs = [job for job in review.plan_reviews(ws, review.review_period(PERIOD, "quarterly"),
                                               lead_id="lead1", html=False)
            if job.subject in ("p01", "p02")]
    worker = KernelWorker()
    try:
        first = worker.run(task_of(jobs[0]))
        client = worker.kc
        second = worker.run(task_of(jobs[1]))
        assert (first.status, second.status) == ("made", "made"), (first.message, second.message)
        assert worker.kc is client and client is not None
        assert plant("p02", 1).encode() in second.notebook
        assert plant("p01", 1).encode() not in second.notebook  # nothing of the review before
        from jupyter_core.utils import run_sync

        run_sync(worker.km.shutdown_kernel)(now=True)
        assert worker.run(task_of(jobs[0])).status == "made"
        assert worker.kc is not client
    finally:
        worker.close()
    assert worker.kc is None


def test_a_dead_kernel_is_replaced() -> None:
    worker = KernelWorker()
    try:
        first = worker.kernel()
        from jupyter_core.utils import run_sync

        run_sync(first.shutdown_kernel)(now=True)
        assert worker.kernel() is not first
    finally:
        worker.close()
