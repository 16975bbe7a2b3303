"""Licence rules that depend on what is stored: at most 3 active focus areas, and
reflections / names to hide name an existing focus area of the same practitioner.

The tests that save through the workspace interface (``act_as``) run on both backends
(tests/conftest.py): through the service each refusal arrives with the same field, code and
sentence. The others test the capture layer itself, which both backends run.
"""

from __future__ import annotations

from datetime import date

import pytest

from kit.capture.rules import problems_with
from kit.capture.submit import edit, submit, withdraw
from kit.errors import ValidationProblems
from kit.model.records import FocusArea, NamesToHide, Profile, Reflection, SupportContact

DAY = date(2025, 4, 3)


def new_area(label: str, practitioner_id: str = "p01", **fields) -> FocusArea:
    return FocusArea.new(practitioner_id=practitioner_id, label=label, focus_kind="family",
                         opened_on=DAY, **fields)


def test_three_active_focus_areas_are_allowed(workspace, make_focus_area) -> None:
    for label in ("Family A", "Family B", "Topic C"):
        make_focus_area(label=label)
    assert len(workspace.store.latest("focus_areas", "p01")) == 3


def test_a_fourth_active_focus_area_is_refused_clearly(workspace, make_focus_area, act_as) -> None:
    for label in ("Family A", "Family B", "Topic C"):
        make_focus_area(label=label)
    with pytest.raises(ValidationProblems) as caught:
        act_as("p01").submit(new_area("Family D"))
    [problem] = caught.value.problems
    assert problem.code == "too_many_focus_areas"
    assert "at most 3 active focus areas" in problem.message
    assert "Family A, Family B, Topic C" in problem.message
    assert "close one" in problem.message
    assert problem.message.startswith("you already have 3 active focus areas")
    assert "p01" not in problem.message  # it speaks to the practitioner, never of their id
    assert len(workspace.store.latest("focus_areas", "p01")) == 3


def test_the_cap_is_per_practitioner(workspace, make_focus_area) -> None:
    for label in ("Family A", "Family B", "Topic C"):
        make_focus_area(label=label)
    make_focus_area("p02", label="Family A")
    assert len(workspace.store.latest("focus_areas", "p02")) == 1


def test_closed_focus_areas_do_not_count(workspace, make_focus_area, act_as) -> None:
    areas = [make_focus_area(label=label) for label in ("Family A", "Family B", "Topic C")]
    mine = act_as("p01")
    mine.submit(new_area("Closed one", status="closed", closed_on=DAY))
    mine.edit("focus_areas", areas[0].entity_id, "p01", "work ended", {"status": "closed", "closed_on": DAY})
    mine.submit(new_area("Family D"))
    assert len([a for a in workspace.store.latest("focus_areas", "p01") if a.status == "active"]) == 3


def test_withdrawn_focus_areas_do_not_count(workspace, make_focus_area) -> None:
    areas = [make_focus_area(label=label) for label in ("Family A", "Family B", "Topic C")]
    withdraw(workspace, "focus_areas", areas[1].entity_id, practitioner_id="p01",
             author_id="p01", reason="entered by mistake")
    submit(workspace, new_area("Family D"))
    labels = sorted(a.label for a in workspace.store.latest("focus_areas", "p01"))
    assert labels == ["Family A", "Family D", "Topic C"]


def test_editing_one_of_three_active_areas_is_allowed(workspace, make_focus_area) -> None:
    areas = [make_focus_area(label=label) for label in ("Family A", "Family B", "Topic C")]
    revised = edit(workspace, "focus_areas", areas[2].entity_id, practitioner_id="p01",
                   author_id="p01", edit_reason="clearer aim", aim="Calmer transitions")
    assert revised.aim == "Calmer transitions"


def test_reopening_a_fourth_area_is_refused(workspace, make_focus_area, act_as) -> None:
    closed = make_focus_area(label="Old", status="closed", closed_on=DAY)
    for label in ("Family A", "Family B", "Topic C"):
        make_focus_area(label=label)
    with pytest.raises(ValidationProblems, match="at most 3 active"):
        act_as("p01").edit("focus_areas", closed.entity_id, "p01", "reopen",
                           {"status": "active", "closed_on": None})


def test_a_reflection_must_name_an_existing_focus_area(workspace, make_focus_area, act_as) -> None:
    area = make_focus_area(label="Family A")
    reflection = Reflection.new(practitioner_id="p01", reflection_date=DAY, template="rolfe",
                                focus_area_ids=["focus_area-nope"], answers={"what": "x"})
    with pytest.raises(ValidationProblems) as caught:
        act_as("p01").submit(reflection)
    [problem] = caught.value.problems
    assert (problem.field, problem.code) == ("focus_area_ids", "unknown_focus_area")
    assert "focus_area-nope is not one of your focus areas; yours are:" in problem.message
    assert f"Family A ({area.entity_id})" in problem.message
    assert workspace.store.latest("reflections") == []


def test_a_reflection_cannot_name_another_practitioners_focus_area(workspace, make_focus_area
                                                                   ) -> None:
    theirs = make_focus_area("p02", label="Family A")
    reflection = Reflection.new(practitioner_id="p01", reflection_date=DAY, template="rolfe",
                                focus_area_ids=[theirs.entity_id], answers={"what": "x"})
    problems = problems_with(workspace.store, reflection)
    assert [p.code for p in problems] == ["unknown_focus_area"]
    assert "none yet" in problems[0].message


def test_a_reflection_cannot_name_a_withdrawn_focus_area(workspace, make_focus_area,
                                                         make_reflection) -> None:
    area = make_focus_area()
    withdraw(workspace, "focus_areas", area.entity_id, practitioner_id="p01", author_id="p01",
             reason="mistake")
    with pytest.raises(ValidationProblems, match="is not one of your focus areas"):
        make_reflection(focus_area_ids=[area.entity_id])


def test_a_reflection_may_name_several_and_closed_focus_areas(workspace, make_focus_area,
                                                              make_reflection) -> None:
    a = make_focus_area(label="Family A")
    b = make_focus_area(label="Old", status="closed", closed_on=DAY)
    reflection = make_reflection(focus_area_ids=[a.entity_id, b.entity_id])
    assert workspace.store.latest("reflections", "p01") == [reflection]


def test_names_to_hide_must_name_an_existing_focus_area(workspace, make_focus_area, act_as) -> None:
    area = make_focus_area()
    mine = act_as("p01")
    mine.submit(NamesToHide.new(practitioner_id="p01", focus_area_id=area.entity_id, names=["Alice"]))
    bad = NamesToHide.new(practitioner_id="p01", focus_area_id="focus_area-x", names=["Alice"])
    with pytest.raises(ValidationProblems) as caught:
        mine.submit(bad)
    assert caught.value.by_field().keys() == {"focus_area_id"}


def test_other_kinds_have_no_stored_rules(workspace) -> None:
    profile = workspace.store.latest("profiles", "p01")[0]
    assert problems_with(workspace.store, profile) == []


# -- issue 16: a practitioner is never their own lead or Link -----------------------

def test_a_practitioner_cannot_name_themselves_as_their_own_lead_or_link(workspace, act_as) -> None:
    mine = act_as("p01")
    profile = workspace.store.latest("profiles", "p01")[0]
    for field in ("lead_id", "link_id"):
        with pytest.raises(ValidationProblems) as caught:
            mine.edit("profiles", profile.entity_id, "p01", "I support myself", {field: "p01"})
        assert caught.value.by_field().keys() == {field}
        [problem] = caught.value.problems
        assert problem.code == "own_supporter" and "you cannot be your own" in problem.message
    fresh = Profile.new(practitioner_id="p02", author_id="p02", display_name="Two",
                        role="mini_candle_practitioner", stage="trainee", lead_id="p02", link_id="p02")
    with pytest.raises(ValidationProblems) as caught:
        act_as("p02").submit(fresh)
    assert caught.value.by_field().keys() == {"lead_id", "link_id"}
    assert workspace.store.latest("profiles", "p01")[0] == profile  # nothing was saved


def test_an_import_cannot_name_a_practitioner_as_their_own_lead(workspace, tmp_path) -> None:
    from kit.capture.importer import import_file

    path = tmp_path / "profiles.csv"
    path.write_text("practitioner_id,display_name,role,stage,lead_id,link_id\n"
                    "p02,Two,mini_candle_practitioner,trainee,p02,link1\n", encoding="utf-8")
    report = import_file(workspace, "profiles", path)
    assert [(p.row, p.field, p.code) for p in report.problems()] == [(2, "lead_id", "own_supporter")]
    assert report.imported == 0


def contact_with(supporter_id: str, role: str) -> SupportContact:
    return SupportContact.new(practitioner_id="p01", supporter_id=supporter_id, supporter_role=role,
                              contact_date=DAY, mode="video", minutes=30)


def test_a_lead_is_never_recorded_as_someones_link_in_a_support_contact(workspace, act_as) -> None:
    with pytest.raises(ValidationProblems) as caught:
        act_as("p01").submit(contact_with("lead1", "link"))
    [problem] = caught.value.problems
    assert (problem.field, problem.code) == ("supporter_role", "wrong_support_role")
    assert problem.message.startswith("the person you met is a Lead practitioner, not a Link "
                                      "practitioner: choose 'Lead practitioner (practice support)'")
    with pytest.raises(ValidationProblems, match="is a Link practitioner, not a Lead"):
        act_as("p01").submit(contact_with("link1", "lead"))
    act_as("p01").submit(contact_with("lead1", "lead"))
    act_as("p01").submit(contact_with("link1", "link"))
    assert len(workspace.store.latest("support_contacts", "p01")) == 2


def test_without_the_peoples_kinds_the_profile_says_who_is_the_lead(workspace) -> None:
    """On a hub the service's people are the hub's groups: the profile names the lead and Link."""
    refused = problems_with(workspace.store, contact_with("lead1", "link"))
    assert [p.code for p in refused] == ["wrong_support_role"]
    assert problems_with(workspace.store, contact_with("link1", "link")) == []
    assert problems_with(workspace.store, contact_with("someone_else", "link")) == []


def test_someone_who_is_both_lead_and_link_may_be_met_in_either_role(workspace) -> None:
    both = {"lead2": ["lead", "link"]}
    for role in ("lead", "link"):
        assert problems_with(workspace.store, contact_with("lead2", role), both) == []
