"""The consent gate, deny by default.

A practitioner's reflections are exported only if their latest research
consent decided before the export date is "given" and no withdrawal follows
it (a withdrawal counts at once, whatever its date). Practitioners who gave
consent and then withdrew it are listed, so recipients of earlier exports can
delete their rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd


@dataclass(frozen=True)
class ConsentGate:
    """Who is in the export, and why everyone else is not."""

    included: frozenset[str] = field(default_factory=frozenset)
    withdrawn: frozenset[str] = field(default_factory=frozenset)
    no_consent: frozenset[str] = field(default_factory=frozenset)
    given_after_export: frozenset[str] = field(default_factory=frozenset)

    def allows(self, practitioner_id: str) -> bool:
        """Whether this practitioner's reflections may be exported."""
        return practitioner_id in self.included


def decide(consents: pd.DataFrame, export_date: date, practitioners: set[str] | None = None
           ) -> ConsentGate:
    """The gate for ``export_date`` from the current rows of the consents table.

    ``practitioners`` (everyone who wrote a reflection) are denied unless a
    consent says otherwise.
    """
    everyone = set(practitioners or set()) | set(consents.get("practitioner_id", pd.Series()).dropna())
    research = consents[consents["purpose"] == "research"] if len(consents) else consents
    if not len(research):
        return ConsentGate(no_consent=frozenset(everyone))
    rows = research.assign(day=pd.to_datetime(research["decided_on"]).dt.date)
    rows = rows.sort_values(["practitioner_id", "day", "created_at", "record_id"])
    before = rows["day"] < export_date
    latest_before = rows[before].groupby("practitioner_id")["decision"].last()
    people = rows.groupby("practitioner_id")
    ever_given = people["decision"].agg(lambda d: (d == "given").any())
    withdrawn_later = set(rows[~before & (rows["decision"] == "withdrawn")]["practitioner_id"])
    included, withdrawn, given_after = set(), set(), set()
    for pid in people.groups:
        latest = latest_before.get(pid)
        if latest == "given" and pid not in withdrawn_later:
            included.add(pid)
        elif ever_given[pid] and (latest == "withdrawn" or pid in withdrawn_later):
            withdrawn.add(pid)
        elif latest is None and ever_given[pid]:
            given_after.add(pid)
    no_consent = everyone - included - withdrawn - given_after
    return ConsentGate(frozenset(included), frozenset(withdrawn), frozenset(no_consent),
                       frozenset(given_after))
