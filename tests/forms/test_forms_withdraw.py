"""Withdrawing an entry from the form's editor: pick it, give a reason, confirm. It leaves the
list and every table, the store keeps it and the withdrawal (undo by a new version, never
loss), and only whoever may edit it can withdraw it: on the folder and through the service."""

from __future__ import annotations

import pytest

from kit.errors import PermissionDenied
from kit.forms import EditorView
from kit.forms.editor import WITHDRAWN
from kit.forms.template import load_template
from kit.model.records import Reflection, Withdrawal
from kit.tables.compiler import read_table
from kit.views import learning

REASON = "Saved by mistake: it was a test entry."


def withdrawn_with_the_editor(editor: EditorView, entity_id: str, reason: str = REASON) -> None:
    """Pick ``entity_id``, give ``reason``, click 'Withdraw this entry', then Confirm."""
    assert editor.withdrawing is not None
    editor.picker.value = entity_id
    editor.inputs["edit_reason"].value = reason
    editor.withdrawing.button.click()
    editor.withdrawing.confirm.click()


def test_a_withdrawn_reflection_leaves_every_list_and_table_but_stays_stored(
        edit_view, act_as, workspace, make_reflection) -> None:
    kept = make_reflection("p01", answers={"what": "A calm start."})
    mistake = make_reflection("p01", answers={"what": "Typed into the wrong form."})
    editor = edit_view("reflection_rolfe", "p01")
    beside = edit_view("reflection_rolfe", "p01")  # another form on the same page
    assert editor.withdrawing is not None
    assert editor.withdrawing.button.disabled  # nothing picked yet
    editor.picker.value = mistake.entity_id
    assert not editor.withdrawing.button.disabled
    editor.inputs["edit_reason"].value = REASON
    editor.withdrawing.button.click()
    question = editor.withdrawing.question.value
    assert "Withdraw '03/04/2025 Family A" in question
    assert "This can be undone by whoever runs the workspace." in question
    assert editor.withdrawing.confirm_row.layout.display is None  # shown
    assert workspace.store.versions(Withdrawal.TABLE, "p01") == []  # nothing until confirmed
    editor.withdrawing.confirm.click()

    assert WITHDRAWN in editor.status.value, editor.status.value
    assert editor.withdrawing.confirm_row.layout.display == "none"
    for form in (editor, beside):
        assert [value for _label, value in form.picker.options] == [kept.entity_id]
    assert editor.picker.value is None and editor.editing is None
    assert editor.withdrawing.button.disabled
    assert editor.inputs["edit_reason"].value == ""

    assert [r.entity_id for r in workspace.store.latest(Reflection.TABLE, "p01")] == [kept.entity_id]
    assert workspace.store.history(Reflection.TABLE, mistake.entity_id, "p01") == [mistake]
    [withdrawal] = workspace.store.versions(Withdrawal.TABLE, "p01")
    assert (withdrawal.target_entity_id, withdrawal.target_table) == (mistake.entity_id, "reflections")
    assert (withdrawal.author_id, withdrawal.reason) == ("p01", REASON)
    assert list(read_table(workspace, "reflections")["entity_id"]) == [kept.entity_id]
    assert list(act_as("p01").rows("reflections")["entity_id"]) == [kept.entity_id]
    # My learning (on a hub: from the kernel's copy) counts only the reflection still in use
    assert learning.my_reflection_counts(editor.workspace, "p01")["reflections"].sum() == 1


def test_withdrawing_needs_a_reason_beside_the_reason_field(edit_view, workspace, make_reflection,
                                                            messages) -> None:
    reflection = make_reflection("p01")
    editor = edit_view("reflection_rolfe", "p01")
    withdrawn_with_the_editor(editor, reflection.entity_id, reason="   ")
    assert "Say why you are withdrawing this entry" in messages(editor)["edit_reason"]
    assert "Reason for the change" in editor.status.value
    assert editor.withdrawing is not None and editor.withdrawing.question.value == ""
    assert editor.withdraw() is None  # Confirm itself checks again
    assert workspace.store.versions(Withdrawal.TABLE, "p01") == []
    assert editor.picker.value == reflection.entity_id
    editor.inputs["edit_reason"].value = "Now with a reason."
    assert messages(editor) == {}  # the message goes once the field is fixed


def test_cancel_keeps_the_entry(edit_view, workspace, make_reflection) -> None:
    reflection = make_reflection("p01")
    editor = edit_view("reflection_rolfe", "p01")
    assert editor.withdrawing is not None
    editor.picker.value = reflection.entity_id
    editor.inputs["edit_reason"].value = REASON
    editor.withdrawing.button.click()
    editor.withdrawing.cancel.click()
    assert "stays as it is" in editor.status.value
    assert editor.withdrawing.confirm_row.layout.display == "none"
    assert workspace.store.versions(Withdrawal.TABLE, "p01") == []
    assert editor.picker.value == reflection.entity_id


def test_another_practitioners_entry_cannot_be_withdrawn(act_as, workspace, make_reflection) -> None:
    theirs = make_reflection("p01")
    with pytest.raises(PermissionDenied, match="only save your own records, not p01's"):
        act_as("p02").withdraw(Reflection.TABLE, theirs.entity_id, "p01", "Not mine.")
    with pytest.raises(PermissionDenied, match="Link practitioner"):
        act_as("link1").withdraw(Reflection.TABLE, theirs.entity_id, "p01", "Not mine.")
    assert workspace.store.latest(Reflection.TABLE, "p01") == [theirs]
    assert workspace.store.versions(Withdrawal.TABLE) == []


def test_a_refusal_shows_in_the_editor_as_a_sentence(seen_by, act_as, workspace,
                                                     make_reflection) -> None:
    reflection = make_reflection("p01")
    # p01's entry in a form whose workspace interface acts as p02 (who may not withdraw it)
    editor = EditorView(load_template("reflection_rolfe"), seen_by("p01"), "p01",
                        debounce_seconds=60.0, backend=act_as("p02"))
    withdrawn_with_the_editor(editor, reflection.entity_id)
    assert "Not withdrawn. You can only save your own records, not p01's." in editor.status.value
    assert "Traceback" not in editor.status.value
    assert editor.picker.value == reflection.entity_id  # still there, still picked
    assert workspace.store.versions(Withdrawal.TABLE) == []


def test_withdrawing_the_withdrawal_brings_the_entry_back(act_as, workspace, make_reflection) -> None:
    reflection = make_reflection("p01")
    backend = act_as("p01")
    withdrawal = backend.withdraw(Reflection.TABLE, reflection.entity_id, "p01", REASON)
    assert backend.rows("reflections").empty
    backend.withdraw(Withdrawal.TABLE, withdrawal.entity_id, "p01", "It was right after all.")
    assert list(backend.rows("reflections")["entity_id"]) == [reflection.entity_id]
    assert len(workspace.store.versions(Withdrawal.TABLE, "p01")) == 2


def test_the_service_audits_withdrawals_and_their_refusals(service, workspace, make_reflection) -> None:
    reflection = make_reflection("p01")
    with pytest.raises(PermissionDenied):
        service.backend("p02").withdraw(Reflection.TABLE, reflection.entity_id, "p01", "Not mine.")
    withdrawal = service.backend("p01").withdraw(Reflection.TABLE, reflection.entity_id, "p01", REASON)
    refused, stored = service.state.audit.events()[-2:]
    assert (refused["who"], refused["status"], refused["outcome"]) == ("p02", 403, "refused")
    assert refused["what"].endswith("/api/withdrawals")
    assert (stored["who"], stored["status"], stored["outcome"]) == ("p01", 200, "stored")
    assert stored["what"].endswith("/api/withdrawals")
    assert (stored["kind"], stored["record_id"]) == ("withdrawal", withdrawal.record_id)
    assert (stored["target_table"], stored["target_entity_id"]) == ("reflections", reflection.entity_id)
    assert REASON not in str(stored)  # the reason is a private note: not in the audit log
