"""Offline free-text scrubbing: every identifier becomes a typed placeholder.

One detection for two uses: the research export scrubs with it, and the forms' privacy hints
(:mod:`kit.capture.privacy`) warn with it while a practitioner types, so it sits below both.

Detectors: identifiers with a shape (emails, @handles, NHS, pupil and case
reference numbers, phones, postcodes, vehicle registrations, dates, English and
Welsh street addresses: :mod:`.patterns`); the entries a practitioner registered
to hide, each with its kind (:mod:`.hidden`); schools, health and community
venues, estates and places (:mod:`.venues`); personal names from the name lists
and from their context (:mod:`.names`). Overlapping finds resolve to the longest
span; then every other mention of a word judged a name is masked too
(:mod:`.spread`). The domain's own words (:mod:`kit.identify.allowlist`) are
never taken for names. Nothing is downloaded: regular expressions and shipped lists.
"""

from __future__ import annotations

from collections.abc import Iterable

from kit.identify.allowlist import AllowList, domain_allow_list
from kit.identify.english import common_english
from kit.identify.hidden import classify_hidden, hidden_identifiers
from kit.identify.model import KINDS, PRIORITY, Finding, ScrubResult
from kit.identify.namelist import first_names, name_words, surnames
from kit.identify.names import name_identifiers
from kit.identify.patterns import nhs_checksum_ok, shaped_identifiers
from kit.identify.spread import neighbours, other_mentions
from kit.identify.venues import place_identifiers
from kit.identify.words import is_common_word

__all__ = ["KINDS", "Finding", "ScrubResult", "classify_hidden", "find_identifiers", "is_common_word",
           "nhs_checksum_ok", "preload", "scrub"]


def preload() -> None:
    """Load every list the scrubber uses (before forking workers, so they share them)."""
    first_names(), surnames(), name_words(), common_english(), domain_allow_list()


def _resolve(findings: Iterable[Finding]) -> list[Finding]:
    """Non-overlapping findings, longest first (then by the kind's priority), in text order."""
    def rank(f: Finding) -> tuple[int, int, int]:
        return (-(f.end - f.start), PRIORITY[f.kind.split(":")[0]], f.start)

    chosen: list[Finding] = []
    for finding in sorted(findings, key=rank):
        if finding.end > finding.start and all(finding.end <= c.start or finding.start >= c.end
                                               for c in chosen):
            chosen.append(finding)
    chosen.sort(key=lambda f: f.start)
    return chosen


def find_identifiers(text: str, hidden: Iterable[str] = (), allow: AllowList | None = None
                     ) -> list[Finding]:
    """Every identifier in ``text``, non-overlapping, in order."""
    allow = allow or domain_allow_list()
    found: list[Finding] = [*shaped_identifiers(text), *hidden_identifiers(text, tuple(hidden)),
                            *place_identifiers(text, allow), *name_identifiers(text, allow)]
    chosen = _resolve(found)
    spread = list(other_mentions(text, chosen))
    if spread:
        chosen = _resolve([*chosen, *spread])
    near = list(neighbours(text, chosen, allow))
    if near:
        chosen = _resolve([*chosen, *near, *other_mentions(text, near)])
    return [Finding(f.kind.split(":")[-1], f.start, f.end, f.text) for f in chosen]


def scrub(text: str, hidden: Iterable[str] = (), allow: AllowList | None = None) -> ScrubResult:
    """``text`` with every identifier replaced by ``[KIND]``, and what was found."""
    if not text:
        return ScrubResult(text or "", ())
    findings = find_identifiers(text, hidden, allow)
    pieces: list[str] = []
    cursor = 0
    for finding in findings:
        pieces.append(text[cursor:finding.start])
        pieces.append(f"[{finding.kind}]")
        cursor = finding.end
    pieces.append(text[cursor:])
    return ScrubResult("".join(pieces), tuple(findings))
