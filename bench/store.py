"""Benchmark of the record store and the tidy tables, with figures against baselines.

Run: ``.venv/bin/python bench/store.py`` (about two to four minutes). It
generates synthetic workspaces with a fixed seed in a temp folder, then prints:

1. submit latency (median, p99) with 1,000 and with 100,000 records already
   stored, and their ratio (target < 1.5: a submit never reads the store);
2. a cold compile of 100,000 records (target < 10 s) against the naive
   baseline, pandas ``read_json`` once per file, timed on a sample of the
   same files and extrapolated;
3. an incremental compile after 100 new records (target < 1 s), and the
   cost of the staleness check ``read_table`` makes when nothing changed.

Options: ``--records N`` (default 100000), ``--keep DIR`` to keep the workspaces.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit.capture.submit import submit
from kit.model import vocab
from kit.model.ids import _base32
from kit.model.records import (
    FocusArea,
    JourneyStep,
    LicenceEvent,
    MicroProject,
    Profile,
    Record,
    Reflection,
    ResearchConsent,
    ReviewNote,
    SupportContact,
    Withdrawal,
)
from kit.store.workspace import Settings, Workspace
from kit.tables import compiler as tables

SEED = 20251129
RECORDS_PER_PRACTITIONER = 100
START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
PHRASES = (
    "We met after school and the family talked about mornings.",
    "I noticed my own stress rising when the plan changed.",
    "The FOG came in when two adults disagreed about bedtime.",
    "Structure helped: we agreed one small routine for the week.",
    "Nurture was in play when the child asked to sit nearer.",
    "I tried emotion-focused communication and named the worry first.",
    "My role was to help the main caring adult feel steadier.",
    "Next small step: check in on Thursday by phone.",
    "Containment mattered; I matched the support to what the setting could hold.",
    "Readiness for change looked higher than last month.",
    "I held back from fixing it and the parent found their own words.",
    "The group used the three loops to make sense of a difficult week.",
)


class Generator:
    """Synthetic records with a fixed seed, written straight to record files."""

    def __init__(self, seed: int = SEED, offset: int = 0) -> None:
        self.rng = random.Random(seed)
        self.count = offset  # records are 3 minutes apart; offset moves the clock on
        self.tags = vocab.load("concept_tags").ids()
        self.templates = {t: [p.id for p in vocab.reflection_prompts(t)]
                          for t in vocab.load("reflection_templates").ids()}
        self.steps = [(c.group, c.id) for c in vocab.load("journey_steps").choices]

    def _envelope(self, model: type[Record], practitioner: str, author: str | None = None
                  ) -> dict:
        created = START + timedelta(minutes=self.count * 3)
        millis = int(created.timestamp() * 1000)
        record_id = f"{model.KIND}-{_base32(millis, 10)}{_base32(self.rng.getrandbits(80), 16)}"
        self.count += 1
        return {"kind": model.KIND, "schema_version": model.SCHEMA_VERSION, "record_id": record_id,
                "entity_id": record_id, "practitioner_id": practitioner,
                "author_id": author or practitioner, "created_at": created}

    def _day(self) -> date:
        return date(2025, 1, 6) + timedelta(days=self.rng.randint(0, 300))

    def _text(self, low: int = 1, high: int = 3) -> str:
        return " ".join(self.rng.sample(PHRASES, self.rng.randint(low, high)))

    def reflection(self, practitioner: str, areas: list[str]) -> Reflection:
        template = self.rng.choice(list(self.templates))
        answers = {prompt: self._text() for prompt in self.templates[template]}
        return Reflection.model_construct(
            **self._envelope(Reflection, practitioner), reflection_date=self._day(),
            focus_area_ids=[self.rng.choice(areas)], template=template, answers=answers,
            tags=self.rng.sample(self.tags, self.rng.randint(0, 4)),
            self_understanding=self.rng.choice([None, 2, 3, 4]), self_confidence=None,
            visibility="lead", referred_on=False)

    def practitioner(self, number: int, size: int) -> Iterator[Record]:
        """About ``size`` records of one practitioner: set-up, then a stream of practice."""
        pid, lead = f"p{number:05d}", f"lead{number % 20:02d}"
        yield Profile.model_construct(**self._envelope(Profile, pid), display_name=f"Practitioner {number}",
                                      role="mini_candle_practitioner", stage="trainee",
                                      organisation="Synthetic org", lead_id=lead, link_id=None)
        yield ResearchConsent.model_construct(**self._envelope(ResearchConsent, pid), decision="given",
                                              purpose="research", decided_on=date(2025, 1, 6))
        yield LicenceEvent.model_construct(**self._envelope(LicenceEvent, pid), event="applied",
                                           event_date=date(2025, 1, 6), reason="")
        yield MicroProject.model_construct(**self._envelope(MicroProject, pid), title="Calmer mornings",
                                           idea=self._text(), project_type="T2", link_id=None, lead_id=lead)
        areas = []
        for label in ("Family A", "Family B", "Y5 nurture group"):
            area = FocusArea.model_construct(**self._envelope(FocusArea, pid), label=label,
                                             focus_kind="family", aim=self._text(1, 1), status="active",
                                             opened_on=date(2025, 1, 6), closed_on=None)
            areas.append(area.entity_id)
            yield area
        written: list[Reflection] = []
        for _ in range(size - 7):
            roll = self.rng.random()
            if roll < 0.70 or not written:
                record = self.reflection(pid, areas)
                written.append(record)
                yield record
            elif roll < 0.82:
                level, step = self.rng.choice(self.steps)
                yield JourneyStep.model_construct(**self._envelope(JourneyStep, pid), level=level, step=step,
                                                  step_date=self._day(), note="")
            elif roll < 0.95:
                yield SupportContact.model_construct(
                    **self._envelope(SupportContact, pid), supporter_id=lead, supporter_role="lead",
                    contact_date=self._day(), mode="video", minutes=45, note=self._text(1, 1))
            elif roll < 0.97:
                yield ReviewNote.model_construct(**self._envelope(ReviewNote, pid, lead), period="2025-Q2",
                                                 text=self._text(), shared=True)
            elif roll < 0.99:
                old = self.rng.choice(written)
                envelope = self._envelope(Reflection, pid)
                yield old.model_copy(update={**envelope, "entity_id": old.entity_id,
                                             "supersedes": old.record_id, "edit_reason": "Added detail"})
            else:
                target = self.rng.choice(written)
                yield Withdrawal.model_construct(**self._envelope(Withdrawal, pid),
                                                 target_entity_id=target.entity_id,
                                                 target_table="reflections", reason="Wrote it twice")

    def records(self, total: int, first_practitioner: int = 0) -> Iterator[Record]:
        """``total`` records spread over practitioners of about 100 records each."""
        number = first_practitioner
        while total > 0:
            size = min(total, RECORDS_PER_PRACTITIONER)
            if size < 8:
                for _ in range(size):
                    yield self.reflection("p99999", ["focus_area-0000000000000000000000000Z"])
            else:
                yield from self.practitioner(number, size)
            total -= size
            number += 1


def write_records(ws: Workspace, records: Iterator[Record]) -> int:
    """Write record files directly, sealed as the store seals them (no fsync for the records: this
    is set-up, not what is measured)."""
    made: set[Path] = set()
    count = 0
    for record in records:
        path = ws.store.path_for(record)
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(ws.store.encode(record))  # sealed with the practitioner's key
        count += 1
    return count


def make_workspace(root: Path, total: int, seed: int = SEED) -> Workspace:
    """A workspace holding ``total`` synthetic records."""
    ws = Workspace.create(root, Settings(name=f"bench {total}"))
    write_records(ws, Generator(seed).records(total))
    return ws


# -- measurements ---------------------------------------------------------------

def submit_latency(ws: Workspace, submits: int = 300) -> tuple[float, float]:
    """Median and p99 (ms) of ``submit`` for reflections of a practitioner with 3 focus areas."""
    pid = "bench_submitter"
    areas = []
    for label in ("Family A", "Family B", "Topic C"):
        area = FocusArea.new(practitioner_id=pid, label=label, focus_kind="family",
                             opened_on="06/01/2025")
        submit(ws, area)
        areas.append(area.entity_id)
    timings = []
    for number in range(submits):
        record = Reflection.new(practitioner_id=pid, reflection_date="03/04/2025",
                                focus_area_ids=[areas[number % 3]], template="rolfe",
                                answers={"what": f"Reflection {number}", "so_what": "x", "now_what": "y"})
        started = time.perf_counter()
        submit(ws, record)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.99) - 1]


def naive_baseline(ws: Workspace, sample: int, seed: int = SEED) -> tuple[float, int, int]:
    """Seconds for the naive compile of ``sample`` files: pandas read_json once per file.

    Then one DataFrame per table, written as Parquet and CSV. Returns
    (seconds, files in the sample, files in the store).
    """
    files = sorted(ws.store.record_files(table=None))
    files = [f for f in files if "private" not in f.parts]
    chosen = random.Random(seed).sample(files, min(sample, len(files)))
    out = Path(tempfile.mkdtemp(prefix="naive-"))
    started = time.perf_counter()
    frames: dict[str, list[pd.DataFrame]] = {}
    for path in chosen:
        frames.setdefault(path.parent.parent.name, []).append(pd.read_json(path, lines=True))
    for table, parts in frames.items():
        frame = pd.concat(parts, ignore_index=True)
        frame.astype(str).to_parquet(out / f"{table}.parquet")
        frame.to_csv(out / f"{table}.csv", index=False)
    return time.perf_counter() - started, len(chosen), len(files)


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(function, *args, **kwargs):
    """(result, wall seconds, CPU seconds) of one call."""
    started, cpu = time.perf_counter(), cpu_seconds()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started, cpu_seconds() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1_000, help="files timed for the naive baseline")
    parser.add_argument("--keep", type=Path, help="keep the generated workspaces in this folder")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="candle-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    print(f"Store benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start, "
          f"seed {SEED}, workspaces in {base}")

    small, _, _ = timed(make_workspace, base / "small", 1_000)
    big, seconds, _ = timed(make_workspace, base / "big", args.records)
    print(f"generated 1,000 and {args.records:,} synthetic records in {seconds:.1f} s")

    report, cold, cold_cpu = timed(tables.compile_tables, big, rebuild=True)
    rows = sum(report.rows.values())
    print(f"\n## Cold compile of {report.files_read:,} records -> {rows:,} rows in "
          f"{len(report.tables_written)} tables (Parquet + CSV + datapackage.json)")
    print(f"kit.tables.compiler.compile_tables(rebuild=True): {cold:.2f} s wall, {cold_cpu:.1f} s CPU "
          f"over 2 processes  (target < 10 s)")
    naive, sampled, total = naive_baseline(big, args.sample)
    estimate = naive * total / sampled
    print(f"naive baseline (pandas read_json once per file): {naive:.2f} s for a sample of "
          f"{sampled:,} files, extrapolated to {total:,} files: ~{estimate:.0f} s "
          f"({estimate / cold:.0f}x slower)")

    later = Generator(SEED + 1, offset=args.records + 1_000)
    new = write_records(big, later.records(100, first_practitioner=50_000))
    report, incremental, incremental_cpu = timed(tables.compile_tables, big)
    print(f"\n## Incremental compile after {new} new records")
    print(f"compile_tables: {incremental:.2f} s wall, {incremental_cpu:.2f} s CPU, "
          f"{report.files_read} files read, {len(report.tables_written)} of 13 tables rewritten "
          "(target < 1 s)")
    time.sleep(2.1)  # let the folders' time stamps settle, as between real submits
    tables.compile_tables(big)
    _, check, _ = timed(tables.is_stale, big)
    _, unchanged, _ = timed(tables.read_table, big, "reflections")
    print(f"staleness check when nothing changed: {check * 1000:.1f} ms; "
          f"read_table('reflections') then: {unchanged:.2f} s")

    small_median, small_p99 = submit_latency(small)
    big_median, big_p99 = submit_latency(big)
    print("\n## Submit latency (300 reflections through kit.capture.submit.submit, fsync on)")
    print(f"with 1,000 records stored:   median {small_median:.2f} ms, p99 {small_p99:.2f} ms")
    print(f"with {args.records:,} records stored: median {big_median:.2f} ms, p99 {big_p99:.2f} ms")
    print(f"ratio (big/small): median {big_median / small_median:.2f}, p99 {big_p99 / small_p99:.2f}"
          "  (target < 1.5)")
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} "
          "(other work on the machine slows every figure)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
