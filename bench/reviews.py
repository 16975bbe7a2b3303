"""Benchmark review generation against a naive papermill CLI loop, on this machine, in one run.

    .venv/bin/python bench/reviews.py [--practitioners 50] [--jobs 2] [--keep DIR]
    .venv/bin/python bench/reviews.py --cluster local [--practitioners 50] [--empty 40]

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
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practitioners", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="build the workspace here")
    parser.add_argument("--cluster", choices=["local"], default=None,
                        help="compare the local pool with a LocalCluster (see the docstring)")
    parser.add_argument("--empty", type=int, default=40, help="empty reviews timed for (d)")
    args = parser.parse_args()
    if args.cluster:
        cluster_mode(args)
        return
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
