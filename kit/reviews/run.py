"""Generate review notebooks (and offline HTML) for a period, in parallel and incrementally.

``run_reviews`` works in two steps:

1. **Plan** (no kernel yet): check ``jobs``, the ids and the period (at most a year,
   within the workspace's life: :mod:`kit.reviews.bounds`), read the tidy tables
   once, gather each review's input rows exactly as the notebook will
   (:mod:`kit.reviews.data`), hash them, and skip every review whose output
   already records the same fingerprint (inputs, parameters, template, kit
   version) and may still be shown (every record version it shows is still what
   the read rule lets it show: :mod:`kit.views.made_reviews`; one made by an
   earlier kit, which did not record them, is made again). Unknown ids and bad
   periods fail here, before any kernel starts.
2. **Execute** the rest with papermill *in-process* in a pool of worker
   processes (one kernel per review); a failing review is reported with its
   subject and the failing cell, and the others carry on; so is one stopped at
   its time limit (:mod:`kit.reviews.limits`, given as ``limits``). Outputs go to
   ``reviews/<period>/``: ``<practitioner>.ipynb`` and ``cohort-<lead>.ipynb``
   (plus ``.html`` with code hidden, charts as SVG, and no network reference).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kit.errors import ReviewError, WorkspaceError
from kit.filemodes import make_folder
from kit.model.periods import Period, review_period
from kit.resources import REVIEW_TEMPLATES_DIR
from kit.reviews.bounds import check_jobs, check_period, check_run_period
from kit.reviews.data import (
    ReviewInputs,
    TableSource,
    all_profile_versions,
    cohort_inputs,
    each_practitioners_inputs,
    supported_in_period,
)
from kit.reviews.execute import execute_all
from kit.reviews.handover import Handover
from kit.reviews.jobs import ReviewJob, ReviewResult
from kit.reviews.limits import NO_LIMITS, Budget, TimeLimits
from kit.store.workspace import Workspace
from kit.tables.reading import SharedVersions

PRACTITIONER_TEMPLATE = REVIEW_TEMPLATES_DIR / "practitioner_review.ipynb"
COHORT_TEMPLATE = REVIEW_TEMPLATES_DIR / "cohort_review.ipynb"


@dataclass
class RunReport:
    """Every review of a run, and where they are."""

    folder: Path
    period: Period
    results: list[ReviewResult] = field(default_factory=list)

    def with_status(self, status: str) -> list[ReviewResult]:
        """The results with ``status`` ('made', 'unchanged', 'failed')."""
        return [result for result in self.results if result.status == status]

    @property
    def ok(self) -> bool:
        return not self.with_status("failed")

    def summary(self) -> str:
        """One line per failure, then the counts and the folder."""
        lines = [f"FAILED {r.kind} review of {r.subject}: {r.message}" for r in self.with_status("failed")]
        lines.append(f"{len(self.with_status('made'))} made, {len(self.with_status('unchanged'))} "
                     f"unchanged, {len(self.with_status('failed'))} failed; in {self.folder}")
        return "\n".join(lines)


def period_folder(workspace: Workspace, period: Period) -> Path:
    """``reviews/<period>/`` of the workspace."""
    return workspace.folder("reviews") / period.name


def _check_person(workspace: Workspace, person_id: str, kind: str) -> None:
    try:
        person = workspace.person(person_id)
    except WorkspaceError as error:  # its hint names the known ids
        raise ReviewError(f"There is no {kind} '{person_id}' in this workspace.",
                          getattr(error, "hint", "")) from None
    if kind not in person.kinds:
        known = ", ".join(p.id for p in workspace.people_of_kind(kind)) or "none"  # type: ignore[arg-type]
        raise ReviewError(f"'{person_id}' is not a {kind} in this workspace.",
                          f"Known {kind}s: {known}.")


def plan_reviews(workspace: Workspace, period: Period, *, lead_id: str | None = None,
                 practitioner_id: str | None = None, html: bool = True,
                 source: TableSource | None = None) -> list[ReviewJob]:
    """Every review the request asks for, with its input hash; checks ids first.

    No id: every practitioner, and a cohort overview for every lead who supports
    someone in the period. ``lead_id``: that lead's practitioners and cohort.
    ``practitioner_id``: that practitioner only. ``source``: the tables, if already read.
    """
    if lead_id and practitioner_id:
        raise ReviewError("Ask for one lead or one practitioner, not both.",
                          "Use --lead ID or --practitioner ID.")
    if practitioner_id:
        _check_person(workspace, practitioner_id, "practitioner")
    if lead_id:
        _check_person(workspace, lead_id, "lead")
    source = source or TableSource(workspace)
    profiles = all_profile_versions(workspace)
    folder = period_folder(workspace, period)
    base = {"workspace": str(Path(workspace.root).resolve()), "period": period.name}
    jobs: list[ReviewJob] = []

    def add(kind: str, subject: str, inputs: ReviewInputs) -> None:
        template = PRACTITIONER_TEMPLATE if kind == "practitioner" else COHORT_TEMPLATE
        id_name = "practitioner_id" if kind == "practitioner" else "lead_id"
        name = subject if kind == "practitioner" else f"cohort-{subject}"
        jobs.append(ReviewJob(kind, subject, template, folder / f"{name}.ipynb",
                              {**base, id_name: subject}, inputs.digest(source), html,
                              Handover(kind, inputs, workspace.settings)))

    if practitioner_id:
        practitioners, leads = [practitioner_id], []
    elif lead_id:
        practitioners, leads = supported_in_period(profiles, lead_id, period), [lead_id]
    else:
        practitioners = sorted(p.id for p in workspace.people_of_kind("practitioner"))
        leads = [p.id for p in workspace.people_of_kind("lead")
                 if supported_in_period(profiles, p.id, period)]
    for pid, inputs in each_practitioners_inputs(source, practitioners, period).items():
        add("practitioner", pid, inputs)
    for lid in sorted(leads):
        members = supported_in_period(profiles, lid, period)
        add("cohort", lid, cohort_inputs(source, members, lid, period))
    return jobs


def run_reviews(workspace: Workspace | str | Path, period: str | Period | None = None, *,
                lead_id: str | None = None, practitioner_id: str | None = None, jobs: int = 1,
                html: bool = True, force: bool = False, progress: bool = True,
                on_result: Callable[[ReviewResult], None] | None = None,
                limits: TimeLimits | None = None) -> RunReport:
    """Make the reviews asked for; see the module docstring. Returns every result.

    ``on_result`` is called with each result as it comes (unchanged ones first), e.g. to
    move a progress bar on a lead's page. ``limits``: how long each review and the whole
    run may take (:mod:`kit.reviews.limits`; default none).
    """
    budget = (limits or TimeLimits()).start()
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    the_period = review_period(period, ws.settings.review_period)
    check_period(the_period, ws.settings.review_period)  # what needs no table, first
    check_jobs(jobs)
    source = TableSource(ws)
    check_run_period(source, the_period)  # not before the workspace began: read from its tables
    planned = plan_reviews(ws, the_period, lead_id=lead_id, practitioner_id=practitioner_id,
                           html=html, source=source)
    report = RunReport(period_folder(ws, the_period), the_period)
    shared = SharedVersions(source.table)  # the tables the plan read, sifted once each
    to_run = []
    for job in planned:
        if not force and job.is_current(shared):
            report.results.append(ReviewResult(job.kind, job.subject, str(job.output), "unchanged"))
            if on_result:
                on_result(report.results[-1])
        else:
            to_run.append(job)
    if to_run:
        make_folder(report.folder)
        report.results.extend(_execute_all(to_run, jobs, progress, on_result, budget))
    return report


def _execute_all(jobs: list[ReviewJob], workers: int, progress: bool,
                 on_result: Callable[[ReviewResult], None] | None = None,
                 budget: Budget = NO_LIMITS) -> list[ReviewResult]:
    from tqdm import tqdm

    bar: list[Any] = []

    def advance(result: ReviewResult) -> None:
        if on_result:
            on_result(result)
        if not bar:  # made after the workers have forked
            bar.append(tqdm(total=len(jobs), desc="reviews", unit="review", disable=not progress))
        bar[0].update()
        if result.status == "failed":
            bar[0].write(f"FAILED {result.kind} review of {result.subject}: {result.message}")

    try:
        results = execute_all(jobs, workers, advance, budget)
    finally:
        if bar:
            bar[0].close()
    return sorted(results, key=lambda r: (r.kind != "practitioner", r.subject))


def results_as_dicts(results: Iterable[ReviewResult]) -> list[dict[str, Any]]:
    """Results as plain dicts (for JSON output and tests)."""
    return [asdict(result) for result in results]
