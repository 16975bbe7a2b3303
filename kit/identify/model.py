"""What the scrubber finds and returns: findings, results and the placeholder kinds."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("NAME", "SCHOOL", "ORG", "PLACE", "PHONE", "EMAIL", "POSTCODE", "NHS_NUMBER", "DATE", "ADDRESS",
         "VEHICLE_REG", "REF_NUMBER", "HANDLE", "OTHER")
PRIORITY = {"EMAIL": 0, "HIDDEN": 1, "HANDLE": 2, "NHS_NUMBER": 3, "PHONE": 4, "POSTCODE": 5,
            "VEHICLE_REG": 6, "REF_NUMBER": 7, "DATE": 8, "ADDRESS": 9, "SCHOOL": 10, "ORG": 11,
            "NAME": 12, "PLACE": 13, "OTHER": 14, "GUESS": 15}


@dataclass(frozen=True)
class Finding:
    """One identifier found: its placeholder kind and where it was."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ScrubResult:
    """The scrubbed text and what was replaced."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def found_anything(self) -> bool:
        """Whether scrubbing replaced anything (such texts go to human review)."""
        return bool(self.findings)
