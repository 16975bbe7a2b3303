"""Benchmark of the hub service: many people saving at once, each with their own token.

Run: ``.venv/bin/python bench/hub.py`` (about a minute). It starts a real JupyterHub on
127.0.0.1 (configurable-http-proxy from ``make setup``, the dummy authenticator) with the
candle service managing a fresh workspace in a temp folder, puts 50 synthetic practitioners in
the practitioners' group, mints each their own token, and then:

1. every practitioner saves a profile and a focus area (set-up, not timed);
2. all 50 at once save 20 reflections each through the service (threads, one per person):
   submit latency p50 / p99 and wall time;
3. records lost: every record id a person was told was stored must be in the store, and no
   file may be unreadable (target: 0 lost, 0 unreadable);
4. all 50 at once read their "My learning" data (reflections, tags, focus-area links, focus
   areas, licence events, review notes) three times: read latency p99 per table read.

Requests go through the hub's proxy, as a user's kernel would. Options: ``--users N``,
``--records N``, ``--keep DIR``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "hub"))
sys.path.insert(0, str(ROOT / "tests" / "notebooks"))  # hub_process's free_port and stop

from hub_process import running_hub  # noqa: E402  (the tests' throwaway hub)

from kit.hub.client import RemoteBackend  # noqa: E402
from kit.model.records import FocusArea, Profile, Reflection  # noqa: E402
from kit.store.workspace import Settings, Workspace  # noqa: E402

MY_LEARNING_TABLES = ("reflections", "reflection_tags", "reflection_focus_areas", "focus_areas",
                      "licence_events", "review_notes")
TAGS = ["think", "formulate", "communicate", "educate"]


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0..1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def set_up(backend: RemoteBackend, pid: str) -> str:
    """A profile and a focus area for ``pid``; the focus area's id."""
    backend.submit(Profile.new(practitioner_id=pid, display_name=f"Bench {pid}",
                               role="mini_candle_practitioner", stage="trainee"))
    area = FocusArea.new(practitioner_id=pid, label="Family A", focus_kind="family",
                         opened_on=date(2026, 9, 1))
    backend.submit(area)
    return area.entity_id


def save_many(backend: RemoteBackend, pid: str, area_id: str, count: int) -> tuple[list[str], list[float]]:
    """``count`` reflections for ``pid``; the stored ids and each submit's seconds."""
    stored, seconds = [], []
    for number in range(count):
        reflection = Reflection.new(
            practitioner_id=pid, focus_area_ids=[area_id], reflection_date=date(2026, 9, 1 + number % 28),
            template="rolfe", tags=[TAGS[number % 4]],
            answers={"what": f"Session {number}: we tried a calmer start.", "so_what": "It helped."})
        start = time.perf_counter()
        stored.append(backend.submit(reflection))
        seconds.append(time.perf_counter() - start)
    return stored, seconds


def read_my_learning(backend: RemoteBackend, rounds: int = 3) -> list[float]:
    """Seconds of each table read My learning makes, ``rounds`` times."""
    seconds = []
    for _ in range(rounds):
        for table in MY_LEARNING_TABLES:
            start = time.perf_counter()
            backend.rows(table)
            seconds.append(time.perf_counter() - start)
    return seconds


def lost_records(workspace: Path, stored: dict[str, list[str]]) -> tuple[int, int]:
    """(record ids acknowledged but missing from the store, unreadable files)."""
    loaded = Workspace.open(workspace).store.load("reflections")
    found = {record.record_id for record in loaded.records}
    missing = sum(1 for ids in stored.values() for record_id in ids if record_id not in found)
    return missing, len(loaded.quarantined)


def run(users: int, records: int, folder: Path) -> None:
    """Start the hub, run the three phases, print the figures."""
    people = [f"u{number:02d}" for number in range(1, users + 1)]
    workspace = folder / "workspace"
    Workspace.create(workspace, Settings(name="Bench on a hub"))
    with running_hub(folder, workspace, {"candle-practitioners": people}) as hub:
        team = {pid: RemoteBackend(hub.service_url, hub.user_token(pid)) for pid in people}
        with ThreadPoolExecutor(max_workers=users) as pool:
            areas = dict(zip(people, pool.map(lambda pid: set_up(team[pid], pid), people), strict=True))
            start = time.perf_counter()
            results = dict(zip(people, pool.map(
                lambda pid: save_many(team[pid], pid, areas[pid], records), people), strict=True))
            wall = time.perf_counter() - start
            reads = [s for result in pool.map(lambda pid: read_my_learning(team[pid]), people)
                     for s in result]
        stored = {pid: ids for pid, (ids, _) in results.items()}
        latencies = [s for _, seconds in results.values() for s in seconds]
        missing, unreadable = lost_records(workspace, stored)
    total = users * records
    print(f"{users} users x {records} reflections at once through the hub's proxy and the service")
    print(f"  stored and acknowledged: {sum(map(len, stored.values()))} of {total}; "
          f"records lost: {missing} (target 0); unreadable files: {unreadable} (target 0)")
    print(f"  submit latency: p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
          f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms; wall {wall:.1f} s "
          f"({total / wall:.0f} records/s)")
    print(f"  My learning reads ({len(MY_LEARNING_TABLES)} tables x 3 per user, all users at once): "
          f"p50 {statistics.median(reads) * 1000:.0f} ms, p99 {percentile(reads, 0.99) * 1000:.0f} ms")
    if missing or unreadable:
        sys.exit(1)


def main() -> None:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--records", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="keep the hub's folder and workspace here")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args.users, args.records, args.keep)
        return
    with tempfile.TemporaryDirectory(prefix="candle-bench-hub-") as folder:
        run(args.users, args.records, Path(folder))


if __name__ == "__main__":
    main()
