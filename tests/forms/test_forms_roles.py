"""Role-aware pages: a form is offered only to the kinds of person who may write its records,
the page says why otherwise, and the store refuses the rest with the same rule."""

from __future__ import annotations

import IPython.display
import pytest

from kit.capture.submit import submit
from kit.errors import PermissionDenied
from kit.forms import api
from kit.model.records import FocusArea, ReviewNote


@pytest.mark.parametrize(("form", "user", "words"), [
    ("focus_area", "lead1", "This form is for practitioners"),
    ("reflection_rolfe", "link1", "a Link practitioner"),
    ("review_note", "link1", "This form is for lead practitioners"),
    ("review_note", "p01", "You are signed in as Practitioner One, a practitioner"),
])
def test_a_form_not_for_the_user_says_why(workspace, form, user, words):
    reason = api.not_for_you(form, workspace, user)
    assert reason is not None and words in reason
    assert "nothing for you to fill in here" in reason


@pytest.mark.parametrize(("form", "user"), [("focus_area", "p01"), ("review_note", "lead1")])
def test_a_form_for_the_user_is_offered(workspace, form, user):
    assert api.not_for_you(form, workspace, user) is None


def test_show_displays_the_reason_instead_of_the_form(workspace, monkeypatch):
    shown: list = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    api.show("focus_area", workspace=workspace, user_id="lead1")
    api.show_editor("review_note", workspace=workspace, user_id="link1")
    assert len(shown) == 2
    assert all("candle-not-for-you" in item._dom_classes for item in shown)
    assert "Nothing to fill in here." in shown[0].value
    api.show("focus_area", workspace=workspace, user_id="p01")
    assert "candle-form" in shown[-1]._dom_classes


def test_the_store_refuses_a_leads_own_focus_area(workspace):
    area = FocusArea.new(practitioner_id="lead1", label="My own", focus_kind="family",
                         opened_on="03/04/2025")
    with pytest.raises(PermissionDenied, match="focus area records are written by practitioners"):
        submit(workspace, area, acting_user="lead1")
    assert workspace.store.latest(FocusArea.TABLE, "lead1") == []


def test_the_store_refuses_a_links_review_note(workspace):
    note = ReviewNote.new(practitioner_id="p01", author_id="link1", period="2025-Q1", text="Hi")
    with pytest.raises(PermissionDenied, match="You are signed in as Link One, a Link practitioner"):
        submit(workspace, note, acting_user="link1")
    assert workspace.store.latest(ReviewNote.TABLE, "p01") == []
