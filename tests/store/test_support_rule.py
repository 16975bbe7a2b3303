"""Who supports whom is one rule: the store, the profile table and review versions agree."""

from __future__ import annotations

import pandas as pd

from kit.capture.permissions import lead_of, supported_by
from kit.capture.submit import edit
from kit.model import support
from kit.model.dates import today
from kit.model.periods import period_containing
from kit.model.records import Profile
from kit.reviews.data import all_profile_versions, supported_in_period
from kit.store.workspace import Workspace
from kit.views.learning import read as read_table
from kit.views.learning import supported_practitioners


def test_the_rule_reads_records_and_table_rows_alike() -> None:
    record = Profile.new(practitioner_id="p07", display_name="P 7", role="mini_candle_practitioner",
                         stage="trainee", lead_id="lead1")
    rows = pd.DataFrame([{"practitioner_id": "p08", "lead_id": None, "link_id": "link1"},
                         {"practitioner_id": "p09", "lead_id": "lead1", "link_id": float("nan")}])
    assert support.supporter_of(record) == "lead1" and support.supporter_of(record, "link") is None
    both = [record, *rows.itertuples(index=False)]
    assert support.supported_by(both, "lead1") == ["p07", "p09"]
    assert support.supported_by(both, "link1", "link") == ["p08"]
    assert support.supported_by(both, "nobody") == []


def test_store_roster_and_review_agree_after_a_change_of_lead(workspace: Workspace) -> None:
    p02 = workspace.store.latest(Profile.TABLE, "p02")[-1]
    edit(workspace, Profile.TABLE, p02.entity_id, practitioner_id="p02", author_id="p02",
         edit_reason="New lead", lead_id=None)
    now = period_containing(today(), "quarterly")
    for lead, expected in (("lead1", ["p01"]), ("lead2", [])):
        assert supported_by(workspace, lead) == expected
        assert supported_practitioners(read_table(workspace, "profiles"), lead) == expected
    assert lead_of(workspace, "p02") is None and lead_of(workspace, "p01") == "lead1"
    # this period saw both versions of p02's profile: the review counts whoever was lead in it
    assert supported_in_period(all_profile_versions(workspace), "lead1", now) == ["p01", "p02"]
    assert supported_practitioners(read_table(workspace, "profiles"), "link1", role="link") == ["p01", "p02"]
