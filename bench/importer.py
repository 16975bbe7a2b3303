"""Benchmark of ``candle import``: checking and importing 1,000, 10,000 and 100,000 reflection rows.

Run: ``.venv/bin/python bench/importer.py`` (about ten minutes on 2 cores). For each
size it writes a synthetic CSV of reflections (fixed seed; 50 practitioners, 2 focus
areas each, named by label) and a fresh workspace in a temp folder, then, each in a
fresh process so peak memory is that run's own:

1. ``check``: :func:`kit.capture.importer.check_file` (reads and checks every row, writes nothing);
2. ``import``: :func:`kit.capture.importer.import_file` (check, then the all-or-nothing write);
3. ``import again``: the same file once more (idempotent: adds nothing).

It prints wall and CPU time, CPU time per row and peak RSS for each, and the per-row
ratio from 10,000 to 100,000 rows (target <= 1.5: linear growth), by wall and by CPU
time (on a shared machine, wall time moves with the other jobs; CPU time much less).
The baseline, in the same run, is the earlier checker, whose staged look-up
rescanned every staged row (1,000 and 10,000 rows only: it is quadratic).

Options: ``--sizes 1000,10000,100000``, ``--keep DIR`` to keep the files.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit.capture import importer
from kit.capture.submit import submit
from kit.model.records import FocusArea, Profile, Record, Reflection
from kit.store.workspace import Person, Settings, Workspace

SEED = 20251201
PRACTITIONERS = 50
AREAS = ("Family A", "Y5 nurture group")
HEADER = ["practitioner_id", "reflection_date", "focus_area_ids", "template", "answer_what",
          "answer_so_what", "answer_now_what", "tags", "visibility"]
WORDS = ("calm", "start", "session", "noticed", "stress", "plan", "changed", "family", "talked",
         "mornings", "nurture", "structure", "small", "step", "next", "time", "together", "listened")
TAGS = ("structure", "nurture", "engagement", "challenge", "fog")


def make_workspace(root: Path) -> Workspace:
    """A workspace with a lead and 50 practitioners, each with a profile and two focus areas."""
    ids = [f"p{n:03d}" for n in range(1, PRACTITIONERS + 1)]
    people = [Person(id="lead1", name="Lead One", kinds=["lead"])]
    people += [Person(id=pid, name=f"Practitioner {pid}", kinds=["practitioner"]) for pid in ids]
    ws = Workspace.create(root, Settings(name="Import bench", people=people))
    for pid in ids:
        submit(ws, Profile.new(practitioner_id=pid, display_name=pid, role="mini_candle_practitioner",
                               stage="trainee", lead_id="lead1"))
        for label in AREAS:
            submit(ws, FocusArea.new(practitioner_id=pid, label=label, focus_kind="family",
                                     opened_on="06/01/2025"))
    return ws


def write_csv(path: Path, rows: int) -> None:
    """``rows`` synthetic reflection rows, the same for the same seed."""
    rng = random.Random(SEED)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(rows):
            def text(count: int) -> str:
                return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize() + "."
            day = 1 + number % 28
            writer.writerow([f"p{1 + number % PRACTITIONERS:03d}", f"{day:02d}/0{1 + number % 9}/2025",
                             rng.choice(AREAS), "rolfe", text(25), text(20), text(12),
                             ";".join(rng.sample(TAGS, 2)), rng.choice(["lead", "private"])])


class QuadraticStagedStore(importer.StagedStore):
    """The earlier checker's look-up: every staged row scanned on every call (the baseline)."""

    def __init__(self, store) -> None:
        super().__init__(store)
        self.staged: list[Record] = []

    def stage(self, record: Record) -> None:
        self.staged.append(record)

    def latest(self, table: str, practitioner_id: str | None = None) -> list[Record]:
        key = (table, practitioner_id)
        if key not in self._stored:
            self._stored[key] = self.store.latest(table, practitioner_id)
        staged = [r for r in self.staged if table == r.TABLE
                  and (practitioner_id is None or r.practitioner_id == practitioner_id)]
        return [*self._stored[key], *staged]


def _run(task: str, root: str, path: str, queue: multiprocessing.Queue) -> None:
    if task == "baseline":
        importer.StagedStore = QuadraticStagedStore  # type: ignore[misc]
    ws = Workspace.open(root)
    start, cpu_start = time.perf_counter(), time.process_time()
    if task in ("check", "baseline"):
        report = importer.check_file(ws, Reflection.TABLE, path)
    else:
        report = importer.import_file(ws, Reflection.TABLE, path)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"seconds": seconds, "cpu": cpu, "peak_mib": peak, "rows": len(report.rows),
               "bad": len(report.bad), "imported": report.imported})


def measure(task: str, root: Path, path: Path) -> dict:
    """Run ``task`` in a fresh process; its time and peak resident memory."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_run, args=(task, str(root), str(path), queue))
    process.start()
    result = queue.get()
    process.join()
    if result["bad"]:
        raise SystemExit(f"{task}: {result['bad']} rows had problems; the bench data is wrong")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    base = args.keep or Path(tempfile.mkdtemp(prefix="candle-import-bench-"))
    results: dict[int, dict[str, dict]] = {}
    for size in sizes:
        folder = base / f"rows-{size}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "reflections.csv"
        write_csv(path, size)
        ws = make_workspace(folder / "workspace")
        runs = {"check": measure("check", ws.root, path)}
        if size <= 10_000:
            runs["baseline check (quadratic)"] = measure("baseline", ws.root, path)
        runs["import"] = measure("import", ws.root, path)
        runs["import again"] = measure("import", ws.root, path)
        stored = sum(1 for _ in ws.store.record_files(Reflection.TABLE))
        if stored != size or runs["import again"]["imported"] != 0:
            raise SystemExit(f"{size} rows: {stored} stored, "
                             f"{runs['import again']['imported']} added again")
        results[size] = runs
        for name, run in runs.items():
            print(f"{size:>7,} rows  {name:<28} {run['seconds']:8.2f} s wall {run['cpu']:8.2f} s CPU  "
                  f"{run['cpu'] / size * 1e6:8.1f} us CPU/row  peak RSS {run['peak_mib']:7.1f} MiB",
                  flush=True)
    if 10_000 in results and 100_000 in results:
        for name in ("check", "import"):
            small, large = results[10_000][name], results[100_000][name]
            for clock in ("seconds", "cpu"):
                ratio = (large[clock] / 100_000) / (small[clock] / 10_000)
                label = "wall" if clock == "seconds" else "CPU"
                print(f"per-row {label} time, 100,000 vs 10,000 rows, {name}: ratio {ratio:.2f} "
                      "(target <= 1.5)")
    print(json.dumps({size: {k: round(v["seconds"], 2) for k, v in runs.items()}
                      for size, runs in results.items()}))
    print(f"files in {base}" if args.keep else "")


if __name__ == "__main__":
    main()
