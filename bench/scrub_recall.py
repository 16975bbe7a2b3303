"""Benchmark: scrubber recall through the real import, release and export path.

The corpus (``bench/scrub_corpus.py``, its docstring says how it was made) is
written to a CSV and imported with ``kit.capture.importer.import_file`` into a
fresh workspace of 10 consenting practitioners (one focus area per family);
``candle export``'s function ``kit.research.export.export_research`` runs once
(every note with a finding or a risky token waits for review: we count the notes
with an identifier that did NOT wait), the lead confirms every held note through
``kit.research.release_queue``, and a second export writes the package. The
scrubbed answers are read back from the package's ``reflection_answers.parquet``
and scored: an identifier is masked when none of its words survives; a domain
word is kept when it survives with its case. Run twice: with each family's names
registered to hide (typed, as a practitioner would enter them), and without.

    .venv/bin/python bench/scrub_recall.py [--texts 180] [--seed 11] [--misses 20]
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scrub_corpus import Cast, Text, casts_of, make_corpus

from kit.capture.importer import import_file
from kit.identify import scrub
from kit.model.records import FocusArea, JourneyStep, NamesToHide, Profile, ResearchConsent
from kit.research import release_queue
from kit.research.export import export_research
from kit.research.pseudonyms import Pseudonymiser, load_or_create_key
from kit.store.workspace import Person, Settings, Workspace
from kit.tables.compiler import compile_tables, read_table

PRACTITIONERS = 10
DAY = date(2026, 3, 10)
_WORD = re.compile(r"[^\W_]+")
_PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")


def names_record(pid: str, area_id: str, cast: Cast) -> NamesToHide:
    """The typed names-to-hide record a practitioner would save for ``cast``."""
    registered = cast.registered()
    return NamesToHide.new(practitioner_id=pid, focus_area_id=area_id, names=registered["person"],
                           places=registered["place"], organisations=registered["organisation"],
                           other=registered["other"])


def build_workspace(root: Path, corpus: list[Text], casts: list[Cast], registered: bool) -> Workspace:
    """A workspace whose reflections are the corpus, imported from a CSV file."""
    pids = [f"p{i:02d}" for i in range(PRACTITIONERS)]
    people = [Person(id=p, name=f"Practitioner {p}", kinds=["practitioner"]) for p in pids]
    people.append(Person(id="lead1", name="Lead", kinds=["lead"]))
    ws = Workspace.create(root, Settings(name="recall-bench", current_user="lead1", people=people))
    area_of: dict[int, tuple[str, str]] = {}
    for pid in pids:
        ws.store.write(Profile.new(practitioner_id=pid, display_name=f"P {pid}",
                                   role="mini_candle_practitioner", stage="trainee", lead_id="lead1"))
        ws.store.write(JourneyStep.new(practitioner_id=pid, level="level_2", step="l2_session_1",
                                       step_date=date(2026, 1, 5)))
        ws.store.write(ResearchConsent.new(practitioner_id=pid, decision="given",
                                           decided_on=date(2026, 1, 5)))
    for cast in casts:
        pid = pids[cast.index % PRACTITIONERS]
        label = f"Family {cast.index // PRACTITIONERS + 1}"
        area = FocusArea.new(practitioner_id=pid, label=label, focus_kind="family",
                             opened_on=date(2026, 1, 6))
        ws.store.write(area)
        area_of[cast.index] = (pid, label)
        if registered:
            ws.store.write(names_record(pid, area.entity_id, cast))
    for pid in pids:
        sheet = root / f"reflections-{pid}.csv"
        with sheet.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["reflection_date", "focus_area_ids", "template", "answer_nugget"])
            for text in corpus:
                owner, label = area_of[text.cast]
                if owner == pid:
                    writer.writerow([DAY.strftime("%d/%m/%Y"), label, "nuggets", text.text])
        report = import_file(ws, "reflections", sheet, as_user=pid)
        if report.bad:
            raise SystemExit(f"import failed: {[str(p) for p in report.problems()][:5]}")
    return ws


def _count(word: str, text: str) -> int:
    flags = 0 if len(word) == 1 else re.IGNORECASE
    return len(re.findall(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", text, flags))


def is_masked(identifier: str, source: str, output: str, others: list[str]) -> bool:
    """No word of ``identifier`` is in ``output`` more often than in ``source`` without identifiers."""
    rest = source
    for planted in sorted(others, key=len, reverse=True):
        rest = re.sub(rf"(?<![^\W_]){re.escape(planted)}(?![^\W_])", " ", rest)
    bare = _PLACEHOLDER.sub(" ", output)
    words = _WORD.findall(identifier)
    checked = [w for w in words if len(w) >= 2] or words
    return all(_count(w, bare) <= _count(w, rest) for w in checked)


def kept_count(word: str, source: str, output: str) -> tuple[int, int]:
    """(occurrences in the source, occurrences that survive with their case)."""
    pattern = rf"(?<![^\W_]){re.escape(word)}(?![^\W_])"
    found = len(re.findall(pattern, source))
    return found, min(found, len(re.findall(pattern, output)))


@dataclass
class RoundTrip:
    """What the real path made of each source text: the lead's queue, then the package."""

    output: dict[str, str]  # source text -> the answer in the package
    queued: dict[str, str]  # source text -> the answer as the release queue shows it (held texts only)
    rate: float  # texts/s of the first export


def round_trip(corpus: list[Text], casts: list[Cast], registered: bool) -> RoundTrip:
    """Import, export, confirm every held note, export again; read the package back."""
    folder = Path(tempfile.mkdtemp(prefix="candle-recall-"))
    try:
        ws = build_workspace(folder / "ws", corpus, casts, registered)
        compile_tables(ws)
        started = time.perf_counter()
        first = export_research(ws, folder / "first", as_lead="lead1", k=2, export_date=date(2026, 6, 1),
                                allow_empty=True)
        elapsed = time.perf_counter() - started
        held = release_queue.pending(ws)
        for record_id in sorted({state.item.record_id for state in held}):
            release_queue.confirm(ws, record_id, "lead1")
        export_research(ws, folder / "second", as_lead="lead1", k=2, export_date=date(2026, 6, 1))
        answers = pd.read_parquet(folder / "second" / "reflection_answers.parquet")
        reflections = read_table(ws, "reflections")
        pseudo = Pseudonymiser(load_or_create_key(ws))
        output_of = dict(zip(answers["reflection_id"], answers["answer"], strict=True))
        source_answers = read_table(ws, "reflection_answers")
        source_of = dict(zip(source_answers["record_id"], source_answers["answer"], strict=True))
        entity_of = dict(zip(reflections["record_id"], reflections["entity_id"], strict=True))
        output = {source: output_of.get(pseudo("reflection", entity_of[rid]), "")
                  for rid, source in source_of.items()}
        queued = {source_of[state.item.record_id]: " ".join(state.item.scrubbed.values()) for state in held}
        return RoundTrip(output, queued, first.texts_scrubbed / elapsed)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(corpus: list[Text], casts: list[Cast], registered: bool, misses: int) -> dict[str, float]:
    """Import, export, release, export; score the package; print the figures."""
    trip = round_trip(corpus, casts, registered)
    return _score(corpus, trip, registered, misses)


def _score(corpus: list[Text], trip: RoundTrip, registered: bool, misses: int) -> dict[str, float]:
    planted, masked, kinds_total, kinds_masked = 0, 0, Counter(), Counter()
    words, words_kept, unreviewed, missing = 0, 0, 0, []
    for item in corpus:
        output = trip.output.get(item.text)
        if not output:
            raise SystemExit(f"a reflection is missing from the package: {item.text[:60]}")
        unreviewed += bool(item.identifiers) and item.text not in trip.queued
        others = [surface for surface, _ in item.identifiers]
        for surface, kind in item.identifiers:
            ok = is_masked(surface, item.text, output, others)
            planted, masked = planted + 1, masked + ok
            kinds_total[kind] += 1
            kinds_masked[kind] += ok
            if not ok:
                missing.append(f"{kind:<11} {surface!r:<28} {output}")
        for word in set(item.keep):
            total, survived = kept_count(word, item.text, output)
            words, words_kept = words + total, words_kept + survived
    label = "with registered names" if registered else "without registered names"
    print(f"\n{label}: {len(corpus)} texts")
    print(f"  identifiers masked: {masked}/{planted} = {masked / planted:.1%}")
    print(f"  domain words kept:  {words_kept}/{words} = {words_kept / words:.1%}")
    print(f"  notes with an identifier that skipped review: {unreviewed}")
    print(f"  first export: {trip.rate:.0f} texts/s end to end (import, tables and release not timed)")
    for kind in sorted(kinds_total):
        print(f"    {kind:<12} {kinds_masked[kind]:>4}/{kinds_total[kind]:<4} = "
              f"{kinds_masked[kind] / kinds_total[kind]:.1%}")
    for line in missing[:misses]:
        print("    missed:", line)
    return {"masked": masked / planted, "kept": words_kept / words, "unreviewed": unreviewed}


def main() -> None:
    """Run the benchmark both ways and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=180)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--misses", type=int, default=20, help="missed identifiers to print per run")
    args = parser.parse_args()
    corpus = make_corpus(args.texts, args.seed)
    casts = casts_of(args.texts, args.seed)
    from scrub_corpus import SHAPES
    print(f"Recall corpus: {len(corpus)} texts from {len(SHAPES)} shapes, "
          f"{sum(len(t.identifiers) for t in corpus)} identifiers, seed {args.seed}")
    for registered in (True, False):
        run(corpus, casts, registered, args.misses)
    texts = [item.text for item in corpus] * 5
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        scrub(text)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"\nkit scrubber alone, one process: {len(texts)} texts in {elapsed:.2f} s = "
          f"{len(texts) / elapsed:.0f} texts/s ({len(texts) / cpu:.0f} texts per CPU-second)")


if __name__ == "__main__":
    main()
