"""Scrubber recall per kind on the development corpus, through the export path.

The corpus is ``tests/research/devcorpus.py`` (written without the scrubber; its docstring
says how): notes in two halves that share neither shapes nor identifier pools. Each half goes
through the real path of ``bench/scrub_recall.py`` (imported from CSV, ``candle export``'s
``export_research``, every held note confirmed in the release queue, exported again) with no
names registered, and is scored on the package: an identifier is *masked* when none of its
identifying words is left (generic words such as "Flat", "Primary", "Network" or a weekday may
stay); *masked or marked* when every identifying word left is marked risky where the lead's queue
shows it (``kit.research.release_display``'s ``risky_tokens``); a domain word, label ("Child B")
or time ("3pm") is *kept* when it survives with its case; a clean note must come out unchanged.

    .venv/bin/python bench/scrub_devcorpus.py [--half held-out|development|both] [--misses 0]
    .venv/bin/python bench/scrub_devcorpus.py --corpus fresh   # the fresh held-out corpus

``--corpus fresh`` scores ``tests/research/freshcorpus.py``, written after the development
corpus's held-out half had been read, with new shapes and pools; it prints no note.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "research"))

import devcorpus  # noqa: E402
import freshcorpus  # noqa: E402
from scrub_recall import kept_count, round_trip  # noqa: E402

from kit.research.risky import risky_tokens  # noqa: E402


def covered(spans: list[tuple[int, int]], output: str) -> bool:
    """Whether every span is inside a token the queue marks risky."""
    marks = [(t.start, t.end) for t in risky_tokens(output)]
    return all(any(a <= s and e <= b for a, b in marks) for s, e in spans)


def score(notes: list[devcorpus.Note], label: str, misses: int) -> None:
    """Run one half through the export path and print its table."""
    trip = round_trip(notes, [SimpleNamespace(index=i) for i in range(devcorpus.CASTS)], registered=False)
    total, masked, marked = Counter(), Counter(), Counter()
    words = kept = clean_same = clean = 0
    missed = []
    for note in notes:
        output = trip.output[note.text]
        queued = trip.queued.get(note.text, output)
        if note.clean:
            clean += 1
            clean_same += output == note.text
        for surface, kind in note.identifiers:
            total[kind] += 1
            left = devcorpus.left_words(surface, note, output)
            masked[kind] += not left
            ok = not left or covered(devcorpus.left_words(surface, note, queued), queued)
            marked[kind] += ok
            if not ok:
                missed.append(f"{kind:<24} {surface!r:<30} {queued}")
        for word in set(note.keep):
            found, survived = kept_count(word, note.text, output)
            words, kept = words + found, kept + survived
    planted = sum(total.values())
    print(f"\n{label}: {len(notes)} notes ({clean} clean), {planted} identifiers, no names registered")
    print("| kind | identifiers | masked | masked or marked for the lead |")
    print("| --- | --- | --- | --- |")
    for kind in sorted(total):
        print(f"| {kind} | {total[kind]} | {masked[kind] / total[kind]:.1%} | "
              f"{marked[kind] / total[kind]:.1%} |")
    print(f"| **all** | {planted} | **{sum(masked.values()) / planted:.1%}** | "
          f"**{sum(marked.values()) / planted:.1%}** |")
    print(f"domain words, labels and times kept: {kept}/{words} = {kept / words:.1%}; "
          f"clean notes unchanged: {clean_same}/{clean}; first export {trip.rate:.0f} texts/s")
    for line in missed[:misses]:
        print("  neither masked nor marked:", line)


def main() -> None:
    """Print the table for the chosen half (the held-out half by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("held-out", "development", "both"), default="held-out")
    parser.add_argument("--misses", type=int, default=0, help="misses to print (development half only)")
    parser.add_argument("--corpus", choices=("development", "fresh"), default="development",
                        help="the development corpus (two halves) or the fresh held-out corpus")
    args = parser.parse_args()
    if args.corpus == "fresh":
        fresh = freshcorpus.make_corpus()
        print(f"Fresh held-out corpus {devcorpus.fingerprint(fresh)}: {len(fresh)} notes from "
              f"{len(freshcorpus.SHAPES)} shapes (+{freshcorpus.CLEAN_NOTES} clean), seed {freshcorpus.SEED}")
        score(fresh, "fresh held-out corpus", 0)
        return
    corpus = devcorpus.make_corpus()
    print(f"Development corpus {devcorpus.fingerprint(corpus)}: {len(corpus)} notes from "
          f"{len(devcorpus.SHAPES)} shapes (+{devcorpus.CLEAN_NOTES} clean), seed {devcorpus.SEED}")
    if args.half in ("development", "both"):
        score(devcorpus.development(corpus), "development half", args.misses)
    if args.half in ("held-out", "both"):
        score(devcorpus.held_out(corpus), "held-out half", 0)


if __name__ == "__main__":
    main()
