"""My profile: a new practitioner names their lead and Link, who see them at once; saving
again changes the one profile (a new version), never adds a second. On both backends
(tests/conftest.py)."""

from __future__ import annotations

from kit.capture.permissions import lead_of, supported_by
from kit.forms.profile import CHANGE_REASON, ProfileView
from kit.model.records import Profile
from kit.store.workspace import SETTINGS_FILE, Person, write_settings
from kit.views import learning


def newcomer(workspace) -> str:
    """p03 joins (in kit.yaml: on a hub, the practitioners' group)."""
    workspace.settings.people.append(Person(id="p03", name="Noor Newcomer", kinds=["practitioner"]))
    write_settings(workspace.root / SETTINGS_FILE, workspace.settings)
    return "p03"


def test_a_new_practitioner_is_in_their_leads_roster_and_links_list_after_saving(workspace, open_view):
    user = newcomer(workspace)
    view = open_view("my_profile", user)
    assert isinstance(view, ProfileView)
    assert view.inputs["display_name"].value == "Noor Newcomer"
    assert view.inputs["role"].value == "mini_candle_practitioner"
    assert "p03" not in learning.roster(workspace, "lead1")["practitioner_id"].tolist()
    view.inputs["journey_level"].value = "level_2"
    view.inputs["lead_id"].value = "lead1"
    view.inputs["link_id"].value = "link1"
    assert view.save() is not None, view.status.value
    assert "p03" in learning.roster(workspace, "lead1")["practitioner_id"].tolist()
    assert "p03" in learning.oriented(workspace, "link1")["practitioner_id"].tolist()
    assert "p03" in supported_by(workspace, "lead1") and lead_of(workspace, "p03") == "lead1"
    saved = workspace.store.latest(Profile.TABLE, "p03")
    assert [(p.journey_level, p.display_name) for p in saved] == [("level_2", "Noor Newcomer")]


def test_saving_again_changes_the_one_profile_and_can_clear_the_lead(workspace, open_view):
    user = newcomer(workspace)
    first = open_view("my_profile", user)
    first.inputs["lead_id"].value = "lead1"
    assert first.save() is not None
    again = open_view("my_profile", user)
    assert again.inputs["lead_id"].value == "lead1", "the form opens with the current profile"
    again.inputs["lead_id"].value = None
    again.inputs["stage"].value = "certified"
    assert again.save() is not None, again.status.value
    versions = workspace.store.versions(Profile.TABLE, "p03")
    assert len({v.entity_id for v in versions}) == 1 and len(versions) == 2
    latest = workspace.store.latest(Profile.TABLE, "p03")
    assert [(p.lead_id, p.stage, p.edit_reason) for p in latest] == [(None, "certified", CHANGE_REASON)]
    assert "p03" not in learning.roster(workspace, "lead1")["practitioner_id"].tolist()


def test_a_lead_has_no_profile_form(workspace):
    from kit.forms.api import not_for_you

    assert "This form is for practitioners" in not_for_you("my_profile", workspace, "lead1")


def test_a_draft_of_the_profile_is_restored_over_the_saved_profile(workspace, open_view):
    user = newcomer(workspace)
    first = open_view("my_profile", user)
    first.inputs["lead_id"].value = "lead1"
    assert first.save() is not None
    typing = open_view("my_profile", user)
    typing.inputs["display_name"].value = "Noor N."
    typing.flush()
    again = open_view("my_profile", user)
    assert "Draft restored from" in again.draft_notice.value
    assert again.inputs["display_name"].value == "Noor N." and again.inputs["lead_id"].value == "lead1"
    again.discard_draft()
    assert again.inputs["display_name"].value == "Noor Newcomer", "back to the saved profile"
