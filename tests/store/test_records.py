"""The record model: envelope, versions and the field rules of every kind."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from kit.errors import ValidationProblems
from kit.model.ids import is_record_id
from kit.model.records import (
    BY_KIND,
    BY_TABLE,
    PUBLIC_TABLES,
    RECORD_TYPES,
    FocusArea,
    JourneyStep,
    LicenceEvent,
    MicroProject,
    NamesToHide,
    Profile,
    Reflection,
    ResearchConsent,
    ReviewNote,
    ReviewShare,
    SupportContact,
    Withdrawal,
    field_privacy,
    field_vocab,
    model_for_kind,
    model_for_table,
)

DAY = date(2025, 4, 3)

# One valid set of content fields per kind.
VALID: dict[type, dict[str, Any]] = {
    Profile: {"display_name": "Sam", "role": "mini_candle_practitioner", "stage": "trainee"},
    ResearchConsent: {"decision": "given", "decided_on": DAY},
    JourneyStep: {"level": "level_2", "step": "l2_session_1", "step_date": DAY},
    LicenceEvent: {"event": "applied", "event_date": DAY},
    MicroProject: {"title": "Calm mornings", "idea": "Try a calm start.", "project_type": "T2"},
    FocusArea: {"label": "Family A", "focus_kind": "family", "opened_on": DAY},
    Reflection: {"reflection_date": DAY, "focus_area_ids": ["focus_area-1"], "template": "rolfe",
                 "answers": {"what": "A calm start."}},
    SupportContact: {"supporter_id": "lead1", "supporter_role": "lead", "contact_date": DAY,
                     "mode": "video", "minutes": 45},
    ReviewNote: {"period": "2025-Q2", "text": "Good steps this quarter."},
    ReviewShare: {"period": "2025-Q2"},
    NamesToHide: {"focus_area_id": "focus_area-1", "names": ["Alice", "Hillside School"]},
    Withdrawal: {"target_entity_id": "reflection-01JQ8Z6A2B3C4D5E6F7G8H9J0K", "target_table": "reflections",
                 "reason": "Entered twice."},
}


def make(model: type, **changes: Any):
    return model.new(practitioner_id="p01", **{**VALID[model], **changes})


def problems(model: type, **changes: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationProblems) as caught:
        make(model, **changes)
    return caught.value.by_field()


def test_every_kind_has_a_valid_example_and_is_registered() -> None:
    assert set(VALID) == set(RECORD_TYPES)
    assert set(BY_KIND) == {m.KIND for m in RECORD_TYPES}
    assert set(BY_TABLE) == {m.TABLE for m in RECORD_TYPES}
    assert "names_to_hide" not in PUBLIC_TABLES


@pytest.mark.parametrize("model", RECORD_TYPES, ids=lambda m: m.KIND)
def test_new_fills_the_envelope(model: type) -> None:
    record = make(model)
    assert record.kind == model.KIND
    assert record.schema_version == model.SCHEMA_VERSION
    assert is_record_id(record.record_id) and record.record_id.startswith(model.KIND + "-")
    assert record.entity_id == record.record_id
    assert record.author_id == record.practitioner_id == "p01"
    assert record.created_at.utcoffset() == timedelta(0)
    assert record.supersedes is None and record.edit_reason is None


@pytest.mark.parametrize("model", RECORD_TYPES, ids=lambda m: m.KIND)
def test_every_kind_round_trips_through_json(model: type) -> None:
    record = make(model)
    assert model.model_validate_json(record.model_dump_json()) == record


def test_records_are_immutable() -> None:
    record = make(Profile)
    with pytest.raises(ValidationError):
        record.display_name = "Someone else"  # type: ignore[misc]


def test_unknown_fields_are_refused() -> None:
    assert "colour" in problems(Profile, colour="blue")


def test_all_problems_are_reported_at_once() -> None:
    found = problems(SupportContact, minutes=0, mode="carrier pigeon", supporter_id="Not An Id")
    assert {"minutes", "mode", "supporter_id"} <= set(found)


def test_missing_required_fields_are_named() -> None:
    with pytest.raises(ValidationProblems) as caught:
        Profile.new(practitioner_id="p01")
    assert caught.value.by_field()["display_name"] == ["this field is required"]
    assert "nothing was saved" in str(caught.value)


@pytest.mark.parametrize("bad", ["P01", "p 01", "", "-p01", "x" * 65])
def test_person_ids_must_be_safe(bad: str) -> None:
    with pytest.raises(ValidationProblems) as caught:
        Profile.new(practitioner_id=bad, **VALID[Profile])
    assert "practitioner_id" in caught.value.by_field()


def test_created_at_must_carry_a_timezone() -> None:
    assert "created_at" in problems(Profile, created_at=datetime(2025, 4, 3, 12, 0))


def test_created_at_keeps_a_non_utc_offset_as_given() -> None:
    plus_one = timezone(timedelta(hours=1))
    record = make(Profile, created_at=datetime(2025, 4, 3, 12, 0, tzinfo=plus_one))
    assert record.created_at == datetime(2025, 4, 3, 11, 0, tzinfo=UTC)


def test_kind_and_schema_version_must_match_the_model() -> None:
    data = make(Profile).model_dump()
    with pytest.raises(ValidationError, match="kind must be 'profile'"):
        Profile.model_validate({**data, "kind": "reflection"})
    with pytest.raises(ValidationError, match="schema_version 7"):
        Profile.model_validate({**data, "schema_version": 7})


def test_supersedes_needs_a_reason() -> None:
    data = make(Profile).model_dump()
    with pytest.raises(ValidationError, match="edit_reason"):
        Profile.model_validate({**data, "supersedes": data["record_id"], "edit_reason": "  "})


@pytest.mark.parametrize("bad", ["reflection-sub/inner", "reflection-%2e%2e", "../../kit", "x" * 300,
                                 "reflection-01JQ8Z6A2B3C4D5E6F7G8H9J\x000K", "reflection-1"])
@pytest.mark.parametrize("field", ["record_id", "entity_id", "supersedes"])
def test_record_and_entity_ids_are_only_ids_the_kit_makes(field: str, bad: str) -> None:
    """An id names a file: a path, a percent-escape or a pasted text is refused by field."""
    with pytest.raises(ValidationProblems) as raised:
        make(Reflection, **{field: bad, "edit_reason": "A reason."})
    assert field in raised.value.by_field()
    assert bad not in str(raised.value) or len(bad) < 30  # a long value is not repeated back


def test_a_withdrawal_names_its_target_by_a_kit_id() -> None:
    with pytest.raises(ValidationProblems, match="target_entity_id"):
        make(Withdrawal, target_entity_id="reflection-sub/inner")


@pytest.mark.parametrize("field", ["author_id", "practitioner_id", "entity_id", "record_id", "kind",
                                   "created_at", "supersedes", "no_such_field"])
def test_an_edit_changes_only_the_content_fields(field: str) -> None:
    with pytest.raises(ValidationProblems) as raised:
        Profile.check_changes({field: "p02", "organisation": "Hillside"})
    assert [(p.field, p.code) for p in raised.value.problems] == [(field, "not_editable")]
    with pytest.raises(ValidationProblems, match="practitioner_id: an edit cannot change this field"):
        make(Profile).revise(author_id="p01", edit_reason="Trying", practitioner_id="p02")


def test_revise_makes_a_new_version_of_the_same_entity() -> None:
    first = make(Profile)
    second = first.revise(author_id="p01", edit_reason="New organisation", organisation="Hillside")
    assert second.entity_id == first.entity_id
    assert second.record_id != first.record_id
    assert second.supersedes == first.record_id
    assert second.edit_reason == "New organisation"
    assert second.organisation == "Hillside" and first.organisation == ""
    assert second.created_at >= first.created_at


def test_revise_without_a_reason_is_refused() -> None:
    with pytest.raises(ValidationProblems) as caught:
        make(Profile).revise(author_id="p01", edit_reason=" ", organisation="Hillside")
    assert "edit_reason" in caught.value.by_field()


def test_revise_validates_the_changes() -> None:
    with pytest.raises(ValidationProblems) as caught:
        make(Profile).revise(author_id="p01", edit_reason="typo", stage="expert")
    assert "stage" in caught.value.by_field()


def test_text_is_stripped() -> None:
    assert make(FocusArea, label="  Family A  ").label == "Family A"


# -- kind-specific rules ----------------------------------------------------

def test_profile_role_comes_from_the_vocabulary() -> None:
    assert "not one of" in problems(Profile, role="wizard")["role"][0]


def test_journey_step_must_belong_to_its_level() -> None:
    message = " ".join(problems(JourneyStep, level="level_1", step="l2_session_1")["record"])
    assert "not part of Level 1" in message
    assert make(JourneyStep, level="level_1", step="l1_foundations").step == "l1_foundations"


def test_licence_event_kinds() -> None:
    for event in ("applied", "active", "paused", "continued", "renewed", "ended"):
        assert make(LicenceEvent, event=event).event == event
    assert "event" in problems(LicenceEvent, event="suspended")


def test_micro_project_types_are_t1_to_t4() -> None:
    assert "project_type" in problems(MicroProject, project_type="T5")
    assert "idea" in problems(MicroProject, idea="")


def test_focus_area_label_length_and_kind() -> None:
    assert "label" in problems(FocusArea, label="x" * 61)
    assert "label" in problems(FocusArea, label="")
    assert "focus_kind" in problems(FocusArea, focus_kind="school")


def test_closed_focus_area_needs_a_consistent_closing_date() -> None:
    assert "closed_on" in " ".join(problems(FocusArea, status="closed")["record"])
    early = problems(FocusArea, status="closed", closed_on=date(2025, 4, 1))
    assert "before the opening date" in " ".join(early["record"])
    closed = make(FocusArea, status="closed", closed_on=date(2025, 5, 1))
    assert closed.status == "closed"


def test_reflection_needs_a_focus_area_and_an_answer() -> None:
    assert "focus_area_ids" in problems(Reflection, focus_area_ids=[])
    assert "write an answer" in problems(Reflection, answers={"what": "   "})["answers"][0]


def test_reflection_answers_must_match_the_template_prompts() -> None:
    found = problems(Reflection, answers={"what": "ok", "what_happened": "ok"})
    assert "what_happened not a prompt of the 'rolfe' template" in " ".join(found["record"])


def test_reflection_tags_come_from_the_vocabulary_once_each() -> None:
    assert "tags" in problems(Reflection, tags=["not_a_tag"])
    assert "only once" in problems(Reflection, tags=["think", "think"])["tags"][0]
    assert make(Reflection, tags=["think", "formulate"]).tags == ["think", "formulate"]


@pytest.mark.parametrize("field", ["self_understanding", "self_confidence"])
def test_self_ratings_are_optional_and_one_to_five(field: str) -> None:
    assert getattr(make(Reflection), field) is None
    assert getattr(make(Reflection, **{field: 5}), field) == 5
    assert field in problems(Reflection, **{field: 0})
    assert field in problems(Reflection, **{field: 6})


def test_reflection_visibility_and_referred_on() -> None:
    reflection = make(Reflection)
    assert (reflection.visibility, reflection.referred_on) == ("lead", False)
    assert "visibility" in problems(Reflection, visibility="everyone")


def test_support_contact_minutes_and_role() -> None:
    assert "minutes" in problems(SupportContact, minutes=601)
    assert "supporter_role" in problems(SupportContact, supporter_role="friend")


@pytest.mark.parametrize("period", ["2025-Q1", "2025-Q4", "2025-01", "2025-12"])
def test_review_note_periods(period: str) -> None:
    assert make(ReviewNote, period=period).period == period


@pytest.mark.parametrize("period", ["2025-Q5", "2025-13", "Q1-2025", "2025"])
def test_review_note_bad_periods(period: str) -> None:
    assert "period" in problems(ReviewNote, period=period)


def test_names_to_hide_is_private() -> None:
    assert NamesToHide.PRIVATE and not Reflection.PRIVATE
    assert "names.0" in problems(NamesToHide, names=["A"])


def test_withdrawal_needs_a_reason() -> None:
    assert "reason" in problems(Withdrawal, reason="")


def test_field_metadata_helpers() -> None:
    assert field_privacy(Reflection, "answers") == "free_text"
    assert field_privacy(Profile, "display_name") == "direct"
    assert field_privacy(Reflection, "referred_on") == ""
    assert field_vocab(Reflection, "tags") == "concept_tags"
    assert field_vocab(Reflection, "answers") == ""


def test_model_lookup_names_the_known_choices() -> None:
    assert model_for_kind("reflection") is Reflection
    assert model_for_table("reflections") is Reflection
    with pytest.raises(ValidationProblems, match="known: profile"):
        model_for_kind("diary")
    with pytest.raises(ValidationProblems, match="known: profiles"):
        model_for_table("diaries")


def test_content_fields_leave_out_the_envelope() -> None:
    assert "record_id" not in Profile.content_fields()
    assert Profile.content_fields()[0] == "display_name"
