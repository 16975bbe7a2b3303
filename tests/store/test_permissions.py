"""Who may write what: own records only; review notes only by the practitioner's lead.

The tests that save through the workspace interface (``act_as``) run on both backends
(tests/conftest.py): through the service the same refusal, in the same words. The others
test the capture layer's rule itself (``submit`` with an acting user).
"""

from __future__ import annotations

from datetime import date

import pytest

from kit.capture.permissions import lead_of, supported_by
from kit.capture.submit import edit, submit
from kit.errors import PermissionDenied
from kit.model.records import FocusArea, ReviewNote
from kit.store.workspace import SETTINGS_FILE, Person, write_settings


def area(practitioner_id: str = "p01", author_id: str | None = None) -> FocusArea:
    return FocusArea.new(practitioner_id=practitioner_id, author_id=author_id, label="Family A",
                         focus_kind="family", opened_on=date(2025, 4, 3))


def note(practitioner_id: str = "p01", author_id: str = "lead1") -> ReviewNote:
    return ReviewNote.new(practitioner_id=practitioner_id, author_id=author_id, period="2025-Q2",
                          text="Steady steps.")


def test_a_practitioner_saves_their_own_records(workspace, act_as) -> None:
    act_as("p01").submit(area())
    assert len(workspace.store.latest("focus_areas", "p01")) == 1


def test_a_practitioner_cannot_save_anothers_records(workspace, act_as) -> None:
    with pytest.raises(PermissionDenied, match="only save your own records, not p02's"):
        act_as("p01").submit(area("p02", author_id="p01"))
    assert workspace.store.latest("focus_areas") == []


def test_the_author_must_be_the_acting_user(workspace, act_as) -> None:
    with pytest.raises(PermissionDenied, match="signed in as p02"):
        act_as("p02").submit(area("p01"))


def test_the_lead_writes_review_notes_for_their_practitioners(workspace, act_as) -> None:
    act_as("lead1").submit(note())
    assert len(workspace.store.latest("review_notes", "p01")) == 1


@pytest.mark.parametrize("who", ["link1", "p02", "p01"])
def test_others_cannot_write_review_notes(workspace, who: str) -> None:
    with pytest.raises(PermissionDenied, match="review note records are written by lead practitioners"):
        submit(workspace, note(author_id=who), acting_user=who)


def test_a_lead_who_is_not_theirs_cannot_write_review_notes(workspace, act_as) -> None:
    workspace.settings.people.append(Person(id="lead2", name="Lead Two", kinds=["lead"]))
    write_settings(workspace.root / SETTINGS_FILE, workspace.settings)  # on a hub: the leads' group
    with pytest.raises(PermissionDenied, match="not the lead practitioner of p01"):
        act_as("lead2").submit(note(author_id="lead2"))


def test_a_lead_cannot_write_other_records_for_a_practitioner(workspace, act_as) -> None:
    with pytest.raises(PermissionDenied, match="focus area records are written by practitioners"):
        act_as("lead1").submit(area("p01", author_id="lead1"))


def test_the_latest_profile_decides_the_lead(workspace) -> None:
    workspace.settings.people.append(Person(id="lead2", name="Lead Two", kinds=["lead"]))
    assert lead_of(workspace, "p01") == "lead1"
    profile = workspace.store.latest("profiles", "p01")[0]
    edit(workspace, "profiles", profile.entity_id, practitioner_id="p01", author_id="p01",
         edit_reason="new lead", acting_user="p01", lead_id="lead2")
    assert lead_of(workspace, "p01") == "lead2"
    with pytest.raises(PermissionDenied):
        submit(workspace, note(), acting_user="lead1")
    submit(workspace, note(author_id="lead2"), acting_user="lead2")


def test_lead_of_without_a_profile_is_none(workspace) -> None:
    assert lead_of(workspace, "nobody") is None


def test_supported_by_lists_the_leads_practitioners(workspace) -> None:
    assert supported_by(workspace, "lead1") == ["p01", "p02"]
    assert supported_by(workspace, "link1") == []


def test_trusted_batch_jobs_skip_the_permission_check(workspace) -> None:
    submit(workspace, area("p02", author_id="p01"))
    assert len(workspace.store.latest("focus_areas", "p02")) == 1
