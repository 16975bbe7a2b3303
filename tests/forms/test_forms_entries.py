"""'Edit a saved entry': one list of a person's saved entries of every form of the kinds a page
is about (every reflection template, licence decisions planned ones included, the micro-project,
focus areas, journey steps, support contacts), each changed or withdrawn with the same rules as
any save, on both backends (tests/conftest.py); each line names the entry's kind and shows the
first words of its own text, never a private note's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from test_forms_edits import change_for
from test_forms_save import CASES, Case

from kit.forms import EntryEditor, form_names, load_template, open_entries, show_entries
from kit.forms.editor import WITHDRAWN
from kit.forms.entries import entry_templates
from kit.forms.entry_list import first_words
from kit.hub.backend import WorkspaceBackend
from kit.model.dates import latest_today
from kit.model.places import EDIT_LICENCE
from kit.model.records import LicenceEvent, Reflection, SupportContact, Withdrawal
from kit.store.workspace import Workspace

PAGE_FORMS = ("licence_application", "licence_decision", "focus_area", "reflection_i_matter",
              "reflection_gibbs", "reflection_rolfe", "reflection_nuggets", "journey_step",
              "support_contact")
EDITED = [case for case in CASES if case.form in PAGE_FORMS]
# Each record kind on both backends (reflections as Rolfe's); the other reflection templates
# are the same record kind through the same interface, so locally only.
BOTH = [case for case in EDITED if not case.form.startswith("reflection_") or "rolfe" in case.form]
MORE_TEMPLATES = [case for case in EDITED if case not in BOTH]
LOCAL_ONLY = ("test_every_other_reflection_template_is_changed_then_withdrawn",)
REASON = "Took out what should not be there."


@pytest.fixture
def entries_view(seen_by: Callable[[str], Workspace], act_as: Callable[[str], WorkspaceBackend]
                 ) -> Callable[..., EntryEditor]:
    """Open 'Edit a saved entry' for record ``kinds`` as ``user_id`` (like ``open_view``)."""

    def opener(*kinds: str, user_id: str = "p01") -> EntryEditor:
        act_as(user_id)
        return open_entries(*kinds, workspace=seen_by(user_id), user_id=user_id,
                            debounce_seconds=60.0)

    return opener


def lines(editor: EntryEditor) -> dict[tuple[str, str], str]:
    """The list's lines by (form name, entity id)."""
    return {value: label for label, value in editor.picker.options}


def test_every_form_of_a_kind_is_in_the_list_from_its_template() -> None:
    reflection_forms = {name for name in form_names() if load_template(name).record == "reflection"}
    assert {"reflection_i_matter", "reflection_rolfe", "reflection_gibbs",
            "reflection_nuggets"} <= reflection_forms
    assert {t.name for t in entry_templates(("reflection",))} == reflection_forms
    assert [t.name for t in entry_templates(("licence_event", "micro_project"))] == [
        "licence_decision", "licence_application"]
    assert [t.name for t in entry_templates(("focus_area",))] == ["focus_area"]  # not closing


@pytest.mark.parametrize("case", BOTH, ids=[case.form for case in BOTH])
def test_an_entry_is_changed_then_withdrawn_from_the_one_list(
        case: Case, workspace, area, open_view, entries_view, fill) -> None:
    changed_then_withdrawn(case, workspace, area, open_view, entries_view, fill)


@pytest.mark.parametrize("case", MORE_TEMPLATES, ids=[case.form for case in MORE_TEMPLATES])
def test_every_other_reflection_template_is_changed_then_withdrawn(
        case: Case, workspace, area, open_view, entries_view, fill) -> None:
    changed_then_withdrawn(case, workspace, area, open_view, entries_view, fill)


def changed_then_withdrawn(case: Case, workspace, area, open_view, entries_view, fill) -> None:
    """Save ``case``'s form, change the entry from the list, then withdraw it."""
    view = open_view(case.form)
    fill(view, case.good, area.entity_id)
    saved = workspace.store.read(view.save())
    editor = entries_view(case.model.KIND)
    template = load_template(case.form)
    chosen = (case.form, saved.entity_id)
    assert lines(editor)[chosen].startswith(f"{template.entry_kind} – ")
    assert first_words(template, saved) in lines(editor)[chosen]

    editor.picker.value = chosen
    form = editor.current
    assert form is not None and form.template.name == case.form
    assert form.editing is not None and form.editing.entity_id == saved.entity_id
    input_id, value, name, stored = change_for(case)
    form.inputs[input_id].value = value
    form.inputs["edit_reason"].value = REASON
    form.save_button.click()
    assert "Saved at" in form.status.value, form.status.value
    latest = workspace.store.get(case.model.TABLE, saved.entity_id, "p01")
    assert (getattr(latest, name), latest.supersedes, latest.edit_reason) == (
        stored, saved.record_id, REASON)
    assert editor.picker.value == chosen  # still chosen, its line follows the new version

    form.inputs["edit_reason"].value = "Saved by mistake."
    assert form.withdrawing is not None
    form.withdrawing.button.click()
    form.withdrawing.confirm.click()
    assert WITHDRAWN in editor.status.value, form.status.value
    assert editor.current is None and editor.holder.children == ()  # the emptied form goes
    assert chosen not in lines(editor)
    assert saved.entity_id not in {r.entity_id for r in workspace.store.latest(case.model.TABLE, "p01")}
    [withdrawal] = workspace.store.versions(Withdrawal.TABLE, "p01")
    assert (withdrawal.target_entity_id, withdrawal.reason) == (saved.entity_id, "Saved by mistake.")


def _plan(open_view, event: str, days_ahead: int):
    view = open_view("licence_decision")
    view.inputs["event"].value = event
    view.inputs["event_date"].value = latest_today() + timedelta(days=days_ahead)
    view.inputs["reason"].value = "The summer holidays."
    return view


def test_a_planned_pause_blocks_continue_until_withdrawn_where_the_refusal_says(
        workspace, granted, open_view, entries_view, messages) -> None:
    planned = workspace.store.read(_plan(open_view, "paused", 30).save())
    refused = _plan(open_view, "continued", 10)
    assert refused.save() is None
    assert f"change the planned one under {EDIT_LICENCE}" in messages(refused)["event_date"]

    editor = entries_view("licence_event", "micro_project")  # the Licence page's list
    chosen = ("licence_decision", planned.entity_id)
    due = planned.event_date
    assert lines(editor)[chosen].startswith(f"Licence decision – {due:%d/%m/%Y} Pause: "
                                            "“The summer holidays.”")
    editor.picker.value = chosen
    form = editor.current
    assert form is not None
    form.inputs["edit_reason"].value = "I will not pause after all."
    form.withdrawing.button.click()
    form.withdrawing.confirm.click()
    assert WITHDRAWN in editor.status.value, form.status.value
    assert refused.save() is not None, refused.status.value  # continuing fits now
    events = {r.event for r in workspace.store.latest(LicenceEvent.TABLE, "p01")}
    assert events == {"applied", "active", "continued"}


def test_same_day_entries_read_apart_by_their_first_words(workspace, make_reflection,
                                                          entries_view, edit_view) -> None:
    texts = ["Jo settled quickly after the calmer start today, which surprised everyone.",
             "A hard morning.", "We tried the loops idea."]
    for text in texts:
        make_reflection("p01", answers={"what": text})
    editor = entries_view("reflection")
    shown = list(lines(editor).values())
    assert len(set(shown)) == 3
    assert any("“Jo settled quickly after the calmer start today,…”" in line for line in shown)
    assert all(line.startswith("Rolfe reflection – 03/04/2025 Family A: “") for line in shown)
    one_form = [label for label, _value in edit_view("reflection_rolfe").picker.options]
    assert sorted(one_form) == sorted(line.removeprefix("Rolfe reflection – ") for line in shown)


def test_a_line_never_shows_a_private_notes_words(workspace, make_focus_area,
                                                  entries_view) -> None:
    contact = SupportContact.new(practitioner_id="p01", supporter_id="lead1", supporter_role="lead",
                                 contact_date=latest_today(), mode="video", minutes=30,
                                 note="Talked about Jamie Smith at home.")
    workspace.store.write(contact)
    [line] = lines(entries_view("journey_step", "support_contact")).values()
    assert line.startswith(f"Support contact – {latest_today():%d/%m/%Y} Lead One (saved ")
    assert "Jamie" not in line


def test_the_prompts_order_gives_the_first_words() -> None:
    template = load_template("reflection_gibbs")
    record: Any = Reflection.new(practitioner_id="p01", focus_area_ids=["x"], template="gibbs",
                                 reflection_date=latest_today(),
                                 answers={"action_plan": "Later words.", "feelings": "  ",
                                          "evaluation": "one two three four five six seven eight nine"})
    assert first_words(template, record) == "one two three four five six seven eight…"


def test_a_draft_of_a_change_comes_back_in_its_form(workspace, make_reflection,
                                                   entries_view) -> None:
    make_reflection("p01")
    gibbs = make_reflection("p01", template="gibbs", answers={"feelings": "Calm."})
    editor = entries_view("reflection")
    editor.picker.value = ("reflection_gibbs", gibbs.entity_id)
    assert editor.current is not None
    editor.current.inputs["answers.feelings"].value = "Calm, then tired."
    editor.current.flush()

    again = entries_view("reflection")
    assert again.picker.value == ("reflection_gibbs", gibbs.entity_id)
    assert again.current is not None
    assert again.current.inputs["answers.feelings"].value == "Calm, then tired."


def test_someone_whose_role_writes_none_of_them_is_told_why(workspace, monkeypatch) -> None:
    shown: list = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    show_entries("reflection", workspace=workspace, user_id="lead1")
    show_entries("reflection")  # no workspace chosen at all
    show_entries("reflection", workspace=workspace, user_id="p01")
    assert "candle-not-for-you" in shown[0]._dom_classes
    assert "Nothing to change here." in shown[0].value and "written by practitioners" in shown[0].value
    assert "This list cannot be shown." in shown[1].value and "CANDLE_WORKSPACE" in shown[1].value
    assert "candle-entry-editor" in shown[2]._dom_classes


def test_someone_in_no_group_on_a_hub_is_shown_no_list_and_no_sentence_here(
        service, workspace, monkeypatch) -> None:
    """The page's header says once that they have no part in the team's work yet (issue 21);
    the editor's cell adds nothing (it said "You are signed in as ..." a second time)."""
    from kit.hub.backend import SERVICE_URL_ENV, TOKEN_ENV

    service.set_hub_groups({"p01": ["practitioner"], "lead1": ["lead"]})
    monkeypatch.setenv(SERVICE_URL_ENV, service.url)
    monkeypatch.setenv(TOKEN_ENV, service.token_for("newbie1"))
    monkeypatch.setenv("JUPYTERHUB_USER", "newbie1")
    shown: list = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    show_entries("reflection")
    assert shown == []
