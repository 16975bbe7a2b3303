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
    included, withdrawn, given_after = set(), set(), set()
    research = consents[consents["purpose"] == "research"] if len(consents) else consents
    for pid, rows in (research.groupby("practitioner_id") if len(research) else []):
        rows = rows.assign(day=pd.to_datetime(rows["decided_on"]).dt.date)
        rows = rows.sort_values(["day", "created_at", "record_id"])
        before = rows[rows["day"] < export_date]
        ever_given = (rows["decision"] == "given").any()
        latest_before = before.iloc[-1]["decision"] if len(before) else None
        later = rows.iloc[len(before):]
        withdrawn_later = (later["decision"] == "withdrawn").any()
        if latest_before == "given" and not withdrawn_later:
            included.add(pid)
        elif ever_given and (latest_before == "withdrawn" or withdrawn_later):
            withdrawn.add(pid)
        elif latest_before is None and (rows["decision"] == "given").any():
            given_after.add(pid)
    no_consent = everyone - included - withdrawn - given_after
    return ConsentGate(frozenset(included), frozenset(withdrawn), frozenset(no_consent),
                       frozenset(given_after))
