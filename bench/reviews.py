"""Benchmark review generation against a naive papermill CLI loop, on this machine, in one run.

    .venv/bin/python bench/reviews.py [--practitioners 50] [--jobs 2] [--keep DIR]
    .venv/bin/python bench/reviews.py --cluster local [--practitioners 50] [--empty 40]
    .venv/bin/python bench/reviews.py --organisation [--sample 150] [--practitioners 1000] [--full]

1. builds a synthetic workspace of N practitioners with the demo generator
   (fixed seed: the same workspace every run) and compiles its tables;
2. ``candle review WS --period 2026-Q3 --jobs 2 --no-html`` (every practitioner's
   review plus a cohort overview per lead);
3. the naive baseline: ``papermill`` CLI once per practitioner, one after another,
   over the same template with the same parameters;
4. ``candle review`` again with unchanged inputs (everything skipped).

CPU is user+system of the command and every process it started (kernels too).
"CPU per review beyond the kernel start" subtracts, per kernel started, the CPU
of starting a kernel and running an empty notebook in it (measured here).
Targets: speed-up >= 3x; unchanged re-run < 5 s; CPU per review beyond the kernel < 1.5 s.

With ``--cluster local`` (instead of the naive loop):

(a) ``candle review --jobs 2`` with HTML, the local pool;
(b) the same reviews again (``--force``) with ``--cluster local``: a ``LocalCluster`` of the
    same number of worker processes, started by the command (its start is in the figure);
(c) the unchanged re-run;
(d) the Dask scheduler's overhead per review: ``--empty`` tasks of an empty review (a template
    with only its parameters cell, handed a real review's inputs, no HTML) on a warm
    single-worker ``LocalCluster``, against the same tasks in a warm kernel in this process.
The load average is printed before and after: on a shared machine, read the CPU figures.

With ``--organisation``, an organisation's reviews (issue 20), with HTML, local pool, ``--jobs 2``:

(a) ``candle review --jobs 2`` over a workspace of ``--sample`` practitioners (the same
    generator): wall, CPU and CPU per review, and the load average before and after; then
    again for one lead's half (``--force``), which splits the CPU into what each review adds
    and what a run pays once; from them, the 1,000 practitioners' run *extrapolated* (once +
    each review's x 1,002 + the plan and checks of a 1,000-practitioner workspace, measured
    in (c); wall = that CPU over two cores, as on a quiet machine). ``--full`` runs the 1,000
    for real instead.
(c) the unchanged re-run of the 1,000, measured for real: the 1,000 made reviews are put in
    place first (without ``--full``: each a copy of a review the sample made, the same size,
    carrying the metadata its run would record: fingerprint, shown versions, page hash), then
    ``candle review`` checks them all and skips them all.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
BIN = Path(sys.executable).parent
PERIOD = "2026-Q3"
TEMPLATE = REPO / "templates" / "reviews" / "practitioner_review.ipynb"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], check: bool = True) -> tuple[float, float]:
    """Wall seconds and CPU seconds (with all descendants) of ``command``."""
    cpu, wall = children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, cwd=REPO, text=True)
    if done.returncode and check:
        raise SystemExit(f"{' '.join(command[:3])} ... failed:\n{done.stdout[-3000:]}")
    if done.returncode:
        print(f"  failed ({done.returncode}): {' '.join(command[-8:])}: {done.stderr[-300:]}")
    return time.perf_counter() - wall, children_cpu() - cpu


def build_workspace(root: Path, count: int) -> list[str]:
    """The demo generator's year of practice, for ``count`` practitioners (fixed seed)."""
    from kit.demo import generate, people
    from kit.store.workspace import Person, Settings
    from kit.tables.compiler import compile_tables

    base = people.PRACTITIONERS
    cast = tuple(replace(base[i % len(base)], id=f"p{i + 1:02d}",
                         name=f"{base[i % len(base)].name} {i + 1}",
                         lead_id="lead1" if i % 2 == 0 else "lead2") for i in range(count))
    generate.PRACTITIONERS = cast
    generate.FOCUS_AREA_COUNTS = tuple(generate.FOCUS_AREA_COUNTS[i % 12] for i in range(count))
    generate.demo_settings = lambda: Settings(
        name="Benchmark (synthetic)", review_period="quarterly", renewal_months=12,
        current_user="p01",
        people=[*(Person(id=p.id, name=p.name, kinds=["practitioner"]) for p in cast),
                *people.OTHER_PEOPLE])
    workspace = generate.generate_demo(root)
    compile_tables(workspace)
    return [p.id for p in cast]


def kernel_start_cpu(folder: Path) -> float:
    """CPU of starting a kernel and running an empty notebook with papermill in-process."""
    code = ("import nbformat, papermill, resource; "
            "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('pass')]); "
            "nb.metadata.kernelspec = {'name': 'python3', 'language': 'python', 'display_name': 'P'}; "
            f"papermill.execute_notebook(nb, {str(folder / 'empty.ipynb')!r}, progress_bar=False)")
    python = str(BIN / "python")
    _, with_kernel = timed([python, "-c", code])
    _, imports_only = timed([python, "-c", "import nbformat, papermill"])
    return with_kernel - imports_only


def load() -> str:
    """The load averages (1, 5, 15 minutes)."""
    return "load average " + ", ".join(f"{value:.1f}" for value in os.getloadavg())


def tree_cpu() -> float:
    """CPU seconds of this process and every process under it (those still running and those
    already reaped): the kernels, the cluster's nannies and workers."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:4])  # user, system, and reaped children's
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += sum(child.cpu_times()[:2])
    return total


def empty_review_overhead(root: Path, scratch: Path, count: int) -> tuple[tuple[float, float], ...]:
    """(wall, CPU) seconds per empty review: in a warm kernel here, and on a warm 1-worker
    LocalCluster (its scheduler in this process, its worker and kernel below it)."""
    import nbformat

    from kit.reviews import run as review
    from kit.reviews.cluster import DaskExecutor, local_cluster
    from kit.reviews.execute import KernelWorker
    from kit.reviews.limits import NO_LIMITS
    from kit.reviews.task import task_of

    template = scratch / "empty_review.ipynb"
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "language": "python", "display_name": "Python 3"}})
    cell = nbformat.v4.new_code_cell('workspace = ""\nperiod = ""\npractitioner_id = ""')
    cell.metadata["tags"] = ["parameters"]
    notebook.cells = [cell]
    nbformat.write(notebook, template)
    (job,) = review.plan_reviews(review.Workspace.open(root), review.review_period(PERIOD, "quarterly"),
                                 practitioner_id="p01", html=False)
    tasks = [task_of(replace(job, template=template))] * count
    worker = KernelWorker()
    try:
        worker.run(tasks[0])  # warm
        started, cpu = time.perf_counter(), tree_cpu()
        for task in tasks:
            assert worker.run(task).status == "made"
        here = ((time.perf_counter() - started) / count, (tree_cpu() - cpu) / count)
    finally:
        worker.close()
    with local_cluster(1) as cluster:
        executor = DaskExecutor(cluster.scheduler_address)
        list(executor.execute(tasks[:1], NO_LIMITS))  # warm: the plugin starts its kernel
        started, cpu = time.perf_counter(), tree_cpu()
        results = list(executor.execute(tasks, NO_LIMITS))
        on_dask = ((time.perf_counter() - started) / count, (tree_cpu() - cpu) / count)
    assert all(executed.status == "made" for _, executed in results)
    return here, on_dask


CLUSTER_START = """
import sys
from kit.reviews.cluster import connected, keep_kernels_warm
with connected("local", int(sys.argv[1])) as client:
    keep_kernels_warm(client)
    client.run(lambda dask_worker: dask_worker.plugins["candle-review-kernel"].lock.acquire() and
               dask_worker.plugins["candle-review-kernel"].lock.release())
"""


def cluster_start_cpu(workers: int) -> float:
    """CPU of starting and closing a LocalCluster of ``workers`` with their warm kernels."""
    return timed([str(BIN / "python"), "-c", CLUSTER_START, str(workers)])[1]


def cluster_mode(args: argparse.Namespace) -> None:
    """(a)-(d) of the module docstring."""
    with tempfile.TemporaryDirectory() as scratch:
        root = (args.keep or Path(scratch)) / "bench-workspace"
        ids = build_workspace(root, args.practitioners)
        reviews = len(ids) + 2
        print(f"workspace: {len(ids)} practitioners, 2 leads; {load()}")
        candle = [str(BIN / "candle"), "review", str(root), "--period", PERIOD, "--jobs", str(args.jobs)]
        pool_wall, pool_cpu = timed(candle)
        print(f"(a) local pool, --jobs {args.jobs}, HTML: {pool_wall:.1f} s wall, {pool_cpu:.1f} s CPU "
              f"for {reviews} reviews: {pool_cpu / reviews:.2f} s CPU a review; {load()}")
        dask_wall, dask_cpu = timed([*candle, "--force", "--cluster", "local"])
        print(f"(b) LocalCluster of {args.jobs} workers, HTML: {dask_wall:.1f} s wall, {dask_cpu:.1f} s "
              f"CPU: {dask_cpu / reviews:.2f} s CPU a review; wall {dask_wall / pool_wall:.2f}x the "
              f"pool's (target within 1.15x); {load()}")
        again_wall, again_cpu = timed(candle)
        print(f"(c) unchanged re-run: {again_wall:.2f} s wall, {again_cpu:.2f} s CPU; {load()}")
        here, on_dask = empty_review_overhead(root, Path(scratch), args.empty)
        kernel_cpu = kernel_start_cpu(Path(scratch))
        fixed = cluster_start_cpu(args.jobs)
    print(f"(b) LocalCluster of {args.jobs} with warm kernels, started and closed: {fixed:.1f} s CPU "
          f"(the pool's {args.jobs} kernels: {args.jobs * kernel_cpu:.1f} s); CPU a review beyond "
          f"the start: {(dask_cpu - fixed) / reviews:.2f} s on the cluster, "
          f"{(pool_cpu - args.jobs * kernel_cpu) / reviews:.2f} s in the pool")
    print(f"(d) an empty review, wall / CPU: {here[0] * 1000:.0f} / {here[1] * 1000:.0f} ms in a warm "
          f"kernel here, {on_dask[0] * 1000:.0f} / {on_dask[1] * 1000:.0f} ms as a Dask task on a warm "
          f"worker: the scheduler's overhead {1000 * (on_dask[0] - here[0]):.0f} ms wall, "
          f"{1000 * (on_dask[1] - here[1]):.0f} ms CPU a review; {load()}")
    beyond = (pool_cpu - min(args.jobs, reviews) * kernel_cpu) / reviews
    print(f"kernel start + empty notebook: {kernel_cpu:.2f} s CPU; CPU per review beyond the "
          f"kernel start (pool): {beyond:.2f} s")


def seed_made_reviews(root: Path, sample: Path) -> int:
    """Put a made review in place for every review of ``root``'s period, as its run would
    write it: a copy of one made in ``sample`` (a review notebook and its page) carrying this
    review's fingerprint, shown versions and page hash. Returns how many."""
    from kit.model.periods import review_period
    from kit.reviews.run import plan_reviews
    from kit.reviews.shown import shown_versions
    from kit.store.workspace import Workspace
    from kit.views.made_reviews import METADATA_KEY, PAGE_HASH_KEY, SHOWN_KEY, page_sha256

    workspace = Workspace.open(root)
    jobs = plan_reviews(workspace, review_period(PERIOD, workspace.settings.review_period))
    bodies = {kind: json.loads((sample / name).read_text(encoding="utf-8"))
              for kind, name in (("practitioner", "p01.ipynb"), ("cohort", "cohort-lead1.ipynb"))}
    pages = {kind: (sample / name).read_bytes()
             for kind, name in (("practitioner", "p01.html"), ("cohort", "cohort-lead1.html"))}
    jobs[0].output.parent.mkdir(parents=True, exist_ok=True)
    for job in jobs:
        assert job.inputs is not None
        notebook = bodies[job.kind]
        notebook["metadata"][METADATA_KEY] = {
            **job.metadata(), SHOWN_KEY: shown_versions(job.inputs.frames),
            PAGE_HASH_KEY: page_sha256(pages[job.kind])}
        job.output.write_text(json.dumps(notebook), encoding="utf-8")
        job.html_path.write_bytes(pages[job.kind])
    return len(jobs)


def organisation(args: argparse.Namespace, scratch: Path) -> None:
    """(a) and (c): see the module docstring."""
    count = args.practitioners
    big = (args.keep or scratch) / "organisation"
    started = time.perf_counter()
    if (big / "kit.yaml").is_file():  # kept from an earlier run (--keep): the same workspace
        shutil.rmtree(big / "reviews", ignore_errors=True)
        print(f"workspace: {big}, kept from an earlier run")
    else:
        build_workspace(big, count)
        print(f"workspace: {count} practitioners, 2 leads, built in "
              f"{time.perf_counter() - started:.0f} s")
    if args.full:
        print(f"load before (a): {load()}")
        wall, cpu = timed([str(BIN / "candle"), "review", str(big), "--period", PERIOD,
                           "--jobs", str(args.jobs)])
        print(f"(a) candle review --jobs {args.jobs}, {count + 2} reviews with HTML: {wall:.1f} s "
              f"wall, {cpu:.1f} s CPU, {cpu / (count + 2):.3f} s CPU a review; load after: {load()}")
    else:
        small = scratch / "sample"
        build_workspace(small, args.sample)
        reviews = args.sample + 2
        print(f"load before (a): {load()}")
        wall, cpu = timed([str(BIN / "candle"), "review", str(small), "--period", PERIOD,
                           "--jobs", str(args.jobs)])
        per_review = cpu / reviews
        print(f"(a) candle review --jobs {args.jobs}, {args.sample} practitioners + 2 cohort "
              f"overviews with HTML: {wall:.1f} s wall, {cpu:.1f} s CPU, {per_review:.3f} s CPU "
              f"a review, {wall / reviews:.3f} s wall a review; load after: {load()}")
        half = (args.sample + 1) // 2 + 1  # lead1's practitioners and their cohort
        _, half_cpu = timed([str(BIN / "candle"), "review", str(small), "--period", PERIOD,
                             "--jobs", str(args.jobs), "--lead", "lead1", "--force"])
        marginal = (cpu - half_cpu) / (reviews - half)
        fixed = cpu - marginal * reviews
        print(f"(a) again for lead1 only ({half} reviews): {half_cpu:.1f} s CPU, so each review "
              f"adds {marginal:.3f} s of CPU to {fixed:.1f} s paid once a run (the command, the "
              f"plan, {args.jobs} kernels and their imports); load after: {load()}")
        seeded = seed_made_reviews(big, small / "reviews" / PERIOD)
    again = [str(BIN / "candle"), "review", str(big), "--period", PERIOD, "--jobs", str(args.jobs)]
    print(f"load before (c): {load()}")
    again_wall, again_cpu = timed(again)
    print(f"(c) unchanged re-run, {count + 2} reviews (all skipped): {again_wall:.2f} s wall, "
          f"{again_cpu:.2f} s CPU (target < 10 s); load after: {load()}")
    if not args.full:
        total = fixed + marginal * seeded + again_cpu
        print(f"(a) EXTRAPOLATED to {seeded} reviews: {total:.0f} s CPU ({fixed:.1f} s + "
              f"{marginal:.3f} s x {seeded} + {again_cpu:.1f} s of the plan and checks of (c)), "
              f"{total / seeded:.3f} s a review, so {total / 2 / 60:.1f} minutes wall on two quiet "
              "cores (target < 5 minutes; CPU a review < 0.55 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practitioners", type=int, default=None,
                        help="default 50; 1000 with --organisation")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the workspace here (--organisation: reuse it if it is there)")
    parser.add_argument("--organisation", action="store_true",
                        help="(a) and (c) of issue 20: reviews with HTML for an organisation")
    parser.add_argument("--sample", type=int, default=150,
                        help="--organisation: practitioners reviewed for real (a)")
    parser.add_argument("--full", action="store_true",
                        help="--organisation: review all of them for real (no extrapolation)")
    parser.add_argument("--cluster", choices=["local"], default=None,
                        help="compare the local pool with a LocalCluster (see the docstring)")
    parser.add_argument("--empty", type=int, default=40, help="empty reviews timed for (d)")
    args = parser.parse_args()
    if args.cluster:
        args.practitioners = args.practitioners or 50
        cluster_mode(args)
        return
    if args.organisation:
        args.practitioners = args.practitioners or 1000
        with tempfile.TemporaryDirectory() as scratch:
            organisation(args, Path(scratch))
        return
    args.practitioners = args.practitioners or 50
    with tempfile.TemporaryDirectory() as scratch:
        root = (args.keep or Path(scratch)) / "bench-workspace"
        started = time.perf_counter()
        ids = build_workspace(root, args.practitioners)
        print(f"workspace: {len(ids)} practitioners, 2 leads, built in "
              f"{time.perf_counter() - started:.1f} s at {root}")
        candle = [str(BIN / "candle"), "review", str(root), "--period", PERIOD, "--no-html"]
        first_wall, first_cpu = timed([*candle, "--jobs", str(args.jobs)])
        reviews = len(ids) + 2
        naive_dir = Path(scratch) / "naive"
        naive_dir.mkdir()
        naive_wall = naive_cpu = 0.0
        for pid in ids:
            wall, cpu = timed([str(BIN / "papermill"), str(TEMPLATE), str(naive_dir / f"{pid}.ipynb"),
                               "-p", "workspace", str(root), "-p", "period", PERIOD,
                               "-p", "practitioner_id", pid, "--no-progress-bar", "--cwd", str(REPO)],
                              check=False)
            naive_wall, naive_cpu = naive_wall + wall, naive_cpu + cpu
        again_wall, again_cpu = timed([*candle, "--jobs", str(args.jobs)])
        kernel_cpu = kernel_start_cpu(Path(scratch))
    kernels = min(args.jobs, reviews)
    beyond = (first_cpu - kernels * kernel_cpu) / reviews
    naive_beyond = (naive_cpu - len(ids) * kernel_cpu) / len(ids)
    print(f"candle review --jobs {args.jobs}: {first_wall:.1f} s wall, {first_cpu:.1f} s CPU for "
          f"{reviews} reviews ({len(ids)} practitioners + 2 cohort overviews)")
    print(f"naive papermill CLI loop: {naive_wall:.1f} s wall, {naive_cpu:.1f} s CPU for {len(ids)} reviews")
    per_candle, per_naive = first_wall / reviews, naive_wall / len(ids)
    print(f"speed-up per review: {per_naive / per_candle:.1f}x (target >= 3x); "
          f"{per_candle:.2f} s vs {per_naive:.2f} s a review")
    print(f"unchanged re-run: {again_wall:.2f} s wall, {again_cpu:.2f} s CPU for {reviews} reviews "
          "(target < 5 s)")
    print(f"kernel start + empty notebook: {kernel_cpu:.2f} s CPU")
    print(f"CPU per review beyond the kernel start: {beyond:.2f} s (target < 1.5 s); "
          f"naive loop: {naive_beyond:.2f} s")


if __name__ == "__main__":
    main()
