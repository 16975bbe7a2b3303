"""Benchmark: the research export of 100,000 synthetic reflections.

Prints texts scrubbed per second and peak memory, for the kit's scrubber and
for a named baseline measured in the same run: ``naive-resub``, a loop of one
``re.sub`` per pattern (the same identifier patterns, names as one big
alternation of the name list), the obvious first implementation. Then runs the
whole ``export_research`` on a workspace of that many reflections and prints
its time, texts/s and peak memory (tracemalloc for Python allocations, ru_maxrss
for the process).

    .venv/bin/python bench/export.py [--reflections 100000] [--seed 7] [--baseline-sample 500]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import kit.identify as scrubber
from kit.identify import patterns, venues
from kit.identify.namelist import first_names
from kit.model.records import FocusArea, JourneyStep, NamesToHide, Profile, Reflection, ResearchConsent
from kit.research.export import export_research
from kit.store.record_store import encode_record
from kit.store.workspace import Person, Settings, Workspace
from kit.tables.compiler import compile_tables

CHILDREN = ["Jack", "Chloe", "Oliver", "Amelia", "Tyler-Jay", "Priya", "Mohammed", "Isla", "Kayden"]
TOWNS = ["Castleford", "Ossett", "Barnsley", "Wakefield"]
PLANTS = [
    "{child}'s mum rang on 07700 900{n:03d} about the mornings.",
    "We met at {n} Mill Lane, {town} WF1 {d}XY, before the Level 2 session.",
    "{child} started at Oakfield Primary School on 12/03/20{yy}.",
    "Dad emailed dad{n}@example.org; the FOG lifted a little.",
    "NHS number 943 476 5919 was on the letter {child} brought.",
    "mrs okonkwo said {child} was born 3rd March 2016.",
]
CLEAN = [
    "Structure and Nurture were both in play; Engagement dipped when Challenge rose.",
    "Mum was in the FOG again; we used the I Matter Model to name the signs of stress.",
    "The Deep Dive session and the Community Wheel helped me think about my role.",
    "Next small step: a calmer start to the Year 5 session, with Structure first.",
    "Easy fields this week, mountains last week, storms before that.",
]
PROMPTS = {"rolfe": ["what", "so_what", "now_what"], "nuggets": ["nugget"]}


def synthetic_text(rng: random.Random) -> str:
    """One answer: mostly domain text, a third with a planted identifier."""
    parts = [rng.choice(CLEAN) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.33:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(PLANTS).format(
            child=rng.choice(CHILDREN), town=rng.choice(TOWNS), n=rng.randint(1, 999),
            d=rng.randint(1, 9), yy=rng.randint(15, 20)))
    return " ".join(parts)


def naive_resub(text: str, hidden: tuple[str, ...]) -> str:
    """The baseline: one re.sub per pattern, in a loop."""
    for pattern, kind in _NAIVE:
        text = pattern.sub(f"[{kind}]", text)
    for name in hidden:
        text = re.sub(rf"\b{re.escape(name.split(':')[-1].strip())}\b", "[NAME]", text, flags=re.IGNORECASE)
    return text


_NAIVE: list[tuple[re.Pattern[str], str]] = []


def _build_naive() -> None:
    names = "|".join(sorted((re.escape(n) for n in first_names()), key=len, reverse=True))
    _NAIVE[:] = [(patterns.EMAIL, "EMAIL"), (patterns.NHS, "NHS_NUMBER"), (patterns.PHONE, "PHONE"),
                 (patterns.POSTCODE, "POSTCODE"), *[(p, "DATE") for p in patterns.DATES],
                 (patterns.ADDRESS_NUMBERED, "ADDRESS"), (venues.SCHOOL_WORD, "SCHOOL"),
                 (re.compile(rf"\b(?:{names})\b", re.IGNORECASE), "NAME")]


def rate(label: str, texts: list[str], function, memory_sample: int = 2000) -> float:
    """Texts per second of ``function`` over ``texts`` (timed without tracing), and its peak
    traced Python memory over the first ``memory_sample`` texts (tracemalloc slows it down)."""
    started = time.perf_counter()
    for text in texts:
        function(text, ("place: Castleford", "person: Kayleigh"))
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    for text in texts[:memory_sample]:
        function(text, ("place: Castleford", "person: Kayleigh"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_second = len(texts) / elapsed
    print(f"  {label:<12} {len(texts):>7} texts in {elapsed:7.2f} s = {per_second:7.0f} texts/s; "
          f"peak traced memory while scrubbing {peak / 2**20:5.2f} MiB")
    return per_second


def build_workspace(root: Path, reflections: int, rng: random.Random) -> Workspace:
    """A workspace of ``reflections`` synthetic reflections by 200 practitioners, written fast
    (record files encoded by the kit, without fsync: this is a benchmark fixture)."""
    practitioners = [f"p{i:03d}" for i in range(200)]
    people = [Person(id=p, name=f"Practitioner {p}", kinds=["practitioner"]) for p in practitioners]
    people.append(Person(id="lead1", name="Lead", kinds=["lead"]))
    ws = Workspace.create(root, Settings(name="bench", current_user="lead1", people=people))
    start = date(2024, 1, 1)
    for index, pid in enumerate(practitioners):
        kind = ("family", "individual", "topic")[index % 3]
        area = FocusArea.new(practitioner_id=pid, label="Family A", focus_kind=kind, opened_on=start)
        records = [
            Profile.new(practitioner_id=pid, display_name=f"P {pid}", role="mini_candle_practitioner",
                        stage="trainee", lead_id="lead1"),
            area,
            JourneyStep.new(practitioner_id=pid, level="level_2", step="l2_session_1", step_date=start),
            ResearchConsent.new(practitioner_id=pid, decision="given", decided_on=start),
            NamesToHide.new(practitioner_id=pid, focus_area_id=area.entity_id,
                            names=["Kayleigh"], places=["Castleford"]),
        ]
        for number in range(reflections // len(practitioners)):
            template = "rolfe" if number % 2 else "nuggets"
            answers = {prompt: synthetic_text(rng) for prompt in PROMPTS[template]}
            records.append(Reflection.new(
                practitioner_id=pid, focus_area_ids=[area.entity_id], template=template, answers=answers,
                reflection_date=start + timedelta(days=rng.randrange(600)),
                tags=rng.sample(["structure", "nurture", "fog", "think", "containment"], 2)))
        for record in records:
            path = ws.store.path_for(record)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(encode_record(record))
    return ws


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reflections", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-sample", type=int, default=500,
                        help="texts the (slow) baseline scrubs; its rate is per text all the same")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    first_names()
    _build_naive()
    texts = [synthetic_text(rng) for _ in range(args.reflections)]
    print(f"Scrubbing {args.reflections} synthetic answers (seed {args.seed}), one process:")
    kit_rate = rate("kit scrub", texts, lambda t, h: scrubber.scrub(t, h))
    naive_rate = rate("naive-resub", texts[:args.baseline_sample], naive_resub)
    print(f"  kit scrub is {kit_rate / naive_rate:.1f}x the naive-resub baseline")

    folder = Path(tempfile.mkdtemp(prefix="candle-bench-"))
    try:
        started = time.perf_counter()
        ws = build_workspace(folder / "ws", args.reflections, rng)
        took = time.perf_counter() - started
        print(f"\nWorkspace of {args.reflections} reflections written in {took:.1f} s")
        started = time.perf_counter()
        compile_tables(ws)
        took = time.perf_counter() - started
        print(f"Tables compiled in {took:.1f} s (kit.tables.compiler, not part of the export)")
        started = time.perf_counter()
        report = export_research(ws, folder / "out", as_lead="lead1", export_date=date(2026, 1, 1))
        elapsed = time.perf_counter() - started
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"export_research: {report.reflections_considered} reflections, {report.texts_scrubbed} texts "
              f"scrubbed, in {elapsed:.1f} s = {report.texts_scrubbed / elapsed:.0f} texts/s end to end; "
              f"peak RSS {peak_rss:.0f} MiB (largest worker {children:.0f} MiB)")
        print(report.summary())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
