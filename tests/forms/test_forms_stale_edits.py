"""Editing the same record in two tabs (issue 21): an edit made from a version someone else, or
another tab, has since replaced is refused with "This reflection changed since you opened it",
and the form shows both texts. Before, both tabs said "Saved" and the second silently replaced
the first's change.

The rule lives once (kit.capture.rules.check_supersedes); these tests run it on both backends:
the folder, and the candle service (a 409 answer the client turns back into the sentence).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from kit.errors import StaleEdit
from kit.model.records import Reflection

CHANGED = "This reflection changed since you opened it."
FIRST, SECOND = "We tried a calmer start, twice.", "We tried a calmer start; the FOG lifted."


def reflection(make_reflection, area) -> Reflection:
    """p01's Rolfe reflection, saved once."""
    return make_reflection("p01", [area.entity_id], template="rolfe",
                           answers={"what": "A calmer start."})


def test_an_edit_from_a_replaced_version_is_refused(workspace, area, make_reflection, act_as) -> None:
    opened = reflection(make_reflection, area)
    me = act_as("p01")
    newer = me.edit("reflections", opened.entity_id, "p01", "Added the second time.",
                    {"answers": {"what": FIRST}}, supersedes=opened.record_id)
    with pytest.raises(StaleEdit) as refused:
        me.edit("reflections", opened.entity_id, "p01", "Said it better.",
                {"answers": {"what": SECOND}}, supersedes=opened.record_id)
    assert refused.value.message == CHANGED
    assert isinstance(refused.value.current, Reflection)
    assert refused.value.current.record_id == newer.record_id
    assert refused.value.current.answers["what"] == FIRST
    history = workspace.store.history("reflections", opened.entity_id, "p01")
    assert [v.record_id for v in history] == [opened.record_id, newer.record_id]  # nothing stored

    # made from the latest version, the same change is stored
    latest = me.edit("reflections", opened.entity_id, "p01", "Said it better.",
                     {"answers": {"what": SECOND}}, supersedes=newer.record_id)
    assert latest.supersedes == newer.record_id


def test_the_service_answers_a_stale_edit_with_409_and_the_version_stored_now(
        workspace, area, make_reflection, service) -> None:
    opened = reflection(make_reflection, area)
    newer = service.backend("p01").edit("reflections", opened.entity_id, "p01", "Once.",
                                        {"answers": {"what": FIRST}}, supersedes=opened.record_id)
    body = {"table": "reflections", "entity_id": opened.entity_id, "practitioner_id": "p01",
            "edit_reason": "Twice.", "changes": {"answers": {"what": SECOND}},
            "supersedes": opened.record_id}
    request = urllib.request.Request(
        service.url.rstrip("/") + "/api/edits", data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"token {service.token_for('p01')}",
                 "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as answered:
        urllib.request.urlopen(request, timeout=30)
    assert answered.value.code == 409
    refusal = json.loads(answered.value.read())
    assert refusal["kind"] == "StaleEdit" and refusal["message"] == CHANGED
    assert refusal["current"]["record_id"] == newer.record_id
    assert len(workspace.store.history("reflections", opened.entity_id, "p01")) == 2


def test_two_editors_of_one_reflection_the_second_save_shows_both_texts(
        workspace, area, make_reflection, edit_view) -> None:
    opened = reflection(make_reflection, area)
    tabs = [edit_view("reflection_rolfe"), edit_view("reflection_rolfe")]
    for tab, text in zip(tabs, (FIRST, SECOND), strict=True):
        tab.picker.value = opened.entity_id
        tab.inputs["answers.what"].value = text
        tab.inputs["edit_reason"].value = "Said it better."
    first, second = tabs
    assert first.save() is not None
    assert second.save() is None
    assert CHANGED in second.status.value and "Both texts are shown below" in second.status.value
    assert "role='alert'" in second.status.value
    shown = second.both_texts.value
    assert FIRST in shown and SECOND in shown and "Saved since" in shown and "Yours" in shown
    assert second.inputs["answers.what"].value == SECOND  # what this tab typed stays
    stored = workspace.store.get("reflections", opened.entity_id, "p01")
    assert stored.answers["what"] == FIRST  # the first tab's change was not replaced

    # having seen both, saving again stores this tab's text as the newest version
    assert second.save() is not None
    history = workspace.store.history("reflections", opened.entity_id, "p01")
    assert [v.answers["what"] for v in history] == ["A calmer start.", FIRST, SECOND]
    assert history[-1].supersedes == history[-2].record_id
    assert second.both_texts.value == ""
