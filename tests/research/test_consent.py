"""The consent gate: deny by default; withdrawals count at once and are listed."""

from __future__ import annotations

from datetime import date

import pandas as pd
from research_support import EXPORT_DATE, add_practitioner

from kit.capture.submit import submit
from kit.model.records import ResearchConsent
from kit.research.consent import decide
from kit.research.pseudonyms import Pseudonymiser, load_or_create_key


def _consents(*rows: tuple[str, str, date]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"practitioner_id": p, "decision": d, "decided_on": pd.Timestamp(day), "purpose": "research",
          "created_at": pd.Timestamp("2025-01-01", tz="UTC") + pd.Timedelta(minutes=i), "record_id": f"c{i}"}
         for i, (p, d, day) in enumerate(rows)])


def test_no_consent_is_denied() -> None:
    gate = decide(_consents(("p01", "given", date(2025, 1, 1))), EXPORT_DATE, {"p01", "p02"})
    assert gate.allows("p01") and not gate.allows("p02")
    assert gate.no_consent == {"p02"}


def test_given_then_withdrawn_is_denied_and_listed() -> None:
    gate = decide(_consents(("p01", "given", date(2025, 1, 1)), ("p01", "withdrawn", date(2025, 2, 1))),
                  EXPORT_DATE, {"p01"})
    assert not gate.allows("p01")
    assert gate.withdrawn == {"p01"}


def test_withdrawal_dated_after_the_export_still_counts() -> None:
    gate = decide(_consents(("p01", "given", date(2025, 1, 1)), ("p01", "withdrawn", date(2025, 7, 1))),
                  EXPORT_DATE, {"p01"})
    assert not gate.allows("p01") and gate.withdrawn == {"p01"}


def test_given_on_or_after_the_export_date_is_denied() -> None:
    gate = decide(_consents(("p01", "given", EXPORT_DATE), ("p02", "given", date(2025, 8, 1))),
                  EXPORT_DATE, {"p01", "p02"})
    assert gate.included == frozenset()
    assert gate.given_after_export == {"p01", "p02"}


def test_withdrawn_then_given_again_before_the_export_is_allowed() -> None:
    gate = decide(_consents(("p01", "given", date(2025, 1, 1)), ("p01", "withdrawn", date(2025, 2, 1)),
                            ("p01", "given", date(2025, 3, 1))), EXPORT_DATE, {"p01"})
    assert gate.allows("p01") and not gate.withdrawn


def test_export_applies_the_gate(research_ws, run_export) -> None:
    add_practitioner(research_ws, "p07", consent=None)
    add_practitioner(research_ws, "p08", decided_on=date(2025, 7, 1))
    add_practitioner(research_ws, "p09")
    submit(research_ws, ResearchConsent.new(practitioner_id="p09", decision="withdrawn",
                                            decided_on=date(2025, 4, 1)))
    report, out = run_export(research_ws)
    counts = (report.consented, report.no_consent, report.consent_after_export, report.withdrawn)
    assert counts == (6, 1, 1, 1)
    pseudo = Pseudonymiser(load_or_create_key(research_ws))
    exported = set(pd.read_csv(out / "reflections.csv")["practitioner_id"])
    assert pseudo("practitioner", "p01") in exported
    for pid in ("p07", "p08", "p09"):
        assert pseudo("practitioner", pid) not in exported
    withdrawn = pd.read_csv(out / "withdrawn_practitioners.csv")["practitioner_id"].tolist()
    assert withdrawn == [pseudo("practitioner", "p09")]
