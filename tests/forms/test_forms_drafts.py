"""Drafts: autosaved (debounced) on every change, restored after a restart,
discarded on request, cleared by saving, and never a reason for a crash.

On both backends (tests/conftest.py): drafts are kept in the form's own workspace, which on a
hub is the kernel's copy in the person's home (``seen_by``), never the service's folder.
"""

from __future__ import annotations

import json
import threading
import time

from kit.forms import drafts, open_form
from kit.forms.drafts import Debouncer, draft_path, read_draft, write_draft


def wait_for(condition, seconds: float = 10.0) -> bool:
    """Poll ``condition`` (no timing is asserted: this only bounds the wait)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_a_change_is_autosaved_after_the_debounce(workspace, area) -> None:
    view = open_form("reflection_rolfe", workspace, "p01", debounce_seconds=0.05)
    assert not view.draft_file.exists()
    view.inputs["answers.what"].value = "Half a thought"
    assert wait_for(view.draft_file.exists)
    draft = read_draft(view.draft_file)
    assert draft is not None
    assert draft.values["answers.what"] == "Half a thought"
    assert view.draft_file == workspace.root / "drafts" / "p01" / f"reflection_rolfe~{view.tab}.json"


def test_many_quick_changes_write_once() -> None:
    calls: list[int] = []
    debouncer = Debouncer(lambda: calls.append(1), delay=60.0)
    for _ in range(20):
        debouncer.poke()
    assert calls == []
    debouncer.flush()
    debouncer.flush()
    assert calls == [1]


def test_the_timer_fires_once_after_quiet() -> None:
    fired = threading.Event()
    calls: list[int] = []
    debouncer = Debouncer(lambda: (calls.append(1), fired.set()), delay=0.01)
    debouncer.poke()
    debouncer.poke()
    assert fired.wait(10)
    time.sleep(0.05)
    assert calls == [1]


def test_opening_a_form_writes_no_draft(workspace, area) -> None:
    view = open_form("focus_area", workspace, "p01", debounce_seconds=60.0)
    view.flush()
    assert not view.draft_file.exists()


def test_discarding_a_draft_starts_again(workspace, area, open_view) -> None:
    view = open_view("reflection_gibbs")
    view.inputs["answers.feelings"].value = "Worried"
    view.inputs["focus_area_ids"].value = (area.entity_id,)
    view.flush()
    again = open_view("reflection_gibbs")
    assert again.inputs["answers.feelings"].value == "Worried"
    again.discard_draft_button.click()
    assert again.inputs["answers.feelings"].value == ""
    assert again.inputs["focus_area_ids"].value == ()
    assert not again.draft_file.exists()
    assert again.draft_bar.layout.display == "none"
    assert "Draft restored" not in open_view("reflection_gibbs").draft_notice.value


def test_saving_clears_the_draft_and_the_form(workspace, area, open_view) -> None:
    view = open_view("reflection_rolfe")
    view.inputs["focus_area_ids"].value = (area.entity_id,)
    view.inputs["answers.what"].value = "A calm start."
    view.flush()
    assert view.draft_file.exists()
    assert view.save() is not None
    assert not view.draft_file.exists()
    assert view.inputs["answers.what"].value == ""  # the template says after_save: clear
    assert "Saved at" in view.status.value


def test_a_keep_form_keeps_its_values_after_saving(workspace, open_view) -> None:
    view = open_view("research_consent")
    view.inputs["decision"].value = "given"
    assert view.save() is not None
    assert view.inputs["decision"].value == "given"
    view.inputs["decision"].value = "withdrawn"
    assert view.save() is not None  # a change after saving is a new record
    decisions = sorted(r.decision for r in workspace.store.versions("consents", "p01"))
    assert decisions == ["given", "withdrawn"]


def test_a_broken_draft_is_ignored(seen_by, open_view) -> None:
    path = draft_path(seen_by("p01"), "p01", "licence_decision")
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    view = open_view("licence_decision")
    assert view.draft_notice.value == ""
    assert view.inputs["reason"].value == ""


def test_a_draft_value_that_no_longer_fits_is_dropped(seen_by, area, open_view) -> None:
    path = draft_path(seen_by("p01"), "p01", "reflection_rolfe")
    write_draft(path, {"focus_area_ids": ["focus_area-GONE"], "tags": ["fog", "no_such_tag"],
                       "answers.what": "Kept", "reflection_date": "2025-04-03"})
    view = open_view("reflection_rolfe")
    assert view.inputs["focus_area_ids"].value == ()
    assert view.inputs["tags"].value == ("fog",)
    assert view.inputs["answers.what"].value == "Kept"
    assert view.inputs["reflection_date"].value == "03/04/2025"  # day first


def test_names_to_hide_drafts_stay_private(workspace, area, open_view) -> None:
    view = open_view("names_to_hide")
    view.inputs["names"].value = "Jamie"
    view.flush()
    mine = view.workspace.root  # the form's own: on a hub, the copy in the person's home
    assert view.draft_file == mine / "private" / "drafts" / "p01" / f"names_to_hide~{view.tab}.json"
    assert not list((mine / "drafts").rglob("names_to_hide*"))
    view.inputs["focus_area_id"].value = area.entity_id
    view.inputs["names"].value = "Jamie\nOakfield"
    path = view.save()
    assert path is not None
    assert path.is_relative_to(mine / "private")
    for folder in (mine, workspace.root):  # the form's and the shared one (the same, locally)
        assert not list((folder / "records").rglob("names_to_hide*"))
        assert len(list((folder / "private" / "records").rglob("names_to_hide-*.json"))) == 1


def test_drafts_are_written_whole(workspace, open_view) -> None:
    view = open_view("licence_decision")
    view.inputs["reason"].value = "x" * 100_000
    view.flush()
    data = json.loads(view.draft_file.read_text(encoding="utf-8"))
    assert data["values"]["reason"] == "x" * 100_000
    assert [p.name for p in view.draft_file.parent.iterdir()] == [view.draft_file.name]


def test_a_draft_that_cannot_be_written_is_a_warning(open_view, monkeypatch) -> None:
    from kit.forms import drafts

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(drafts, "write_draft", refuse)
    view = open_view("licence_decision")
    view.inputs["reason"].value = "Typed"
    view.flush()
    assert "could not be autosaved" in view.status.value
    assert view.inputs["reason"].value == "Typed"


def test_the_same_form_in_two_tabs_saving_one_keeps_the_others_draft(area, open_view) -> None:
    """Issue 21: saved in one tab and reloaded in the other, the form came back empty and the
    second tab's draft was gone from disk (both tabs wrote, and saving removed, one file)."""
    first, second = open_view("reflection_rolfe"), open_view("reflection_rolfe")
    second.inputs["answers.what"].value = "The second tab's half thought"
    second.flush()
    first.inputs["focus_area_ids"].value = (area.entity_id,)
    first.inputs["answers.what"].value = "The first tab's reflection"  # typed last
    first.flush()
    assert first.save() is not None
    assert not first.draft_file.exists() and second.draft_file.exists()

    reloaded = open_view("reflection_rolfe")  # the second tab, reloaded
    assert reloaded.inputs["answers.what"].value == "The second tab's half thought"
    assert "Draft restored" in reloaded.draft_notice.value
    reloaded.inputs["answers.what"].value = "The second tab's half thought, finished"
    reloaded.flush()  # its own draft now holds it all: the one it restored goes
    folder = reloaded.draft_file.parent
    assert drafts.form_drafts(folder, "reflection_rolfe") == [reloaded.draft_file]
    assert drafts.newest_draft(reloaded.workspace, "p01", "reflection_rolfe") == reloaded.draft_file
    reloaded.inputs["focus_area_ids"].value = (area.entity_id,)
    assert reloaded.save() is not None
    assert drafts.form_drafts(folder, "reflection_rolfe") == []


def test_a_draft_written_before_drafts_were_kept_per_tab_is_restored_and_taken_over(
        seen_by, area, open_view) -> None:
    old = draft_path(seen_by("p01"), "p01", "licence_decision")
    write_draft(old, {"reason": "Written by an earlier version"})
    view = open_view("licence_decision")
    assert view.inputs["reason"].value == "Written by an earlier version"
    view.inputs["reason"].value = "Written by an earlier version, and now"
    view.flush()
    assert not old.exists() and view.draft_file.exists()


def test_what_the_browser_kept_after_the_kernel_was_lost_goes_into_the_form_and_its_draft(
        area, open_view) -> None:
    """Issue 21: typed after the page's kernel stopped, kept in the browser
    (kit.forms.connection), handed to the reloaded page's form."""
    view = open_view("reflection_rolfe")
    assert view.guard.inputs["answers.what"] == view.inputs["answers.what"].model_id
    view.guard.kept = {"answers.what": {"value": "Typed after the page lost its kernel"},
                       "focus_area_ids": {"labels": [view.inputs["focus_area_ids"].options[0][0]]},
                       "tags": {"labels": ["a choice no longer offered"]},
                       "no_such_input": {"value": "dropped"}}
    assert view.inputs["answers.what"].value == "Typed after the page lost its kernel"
    assert view.inputs["focus_area_ids"].value == (area.entity_id,)
    assert view.inputs["tags"].value == ()
    draft = read_draft(view.draft_file)
    assert draft is not None and draft.values["answers.what"] == "Typed after the page lost its kernel"
    assert view.guard.draft_saved_at == draft.saved_at.timestamp() * 1000
    assert view.guard.taken == 1  # the browser may forget it now
    assert "Restored what you typed after the page lost its connection" in view.draft_notice.value
    assert view.save() is not None
    assert view.guard.draft_saved_at == 0  # saved: no draft left to speak of

    untouched = open_view("reflection_gibbs")  # kept too, but nothing beyond its defaults
    untouched.guard.kept = {name: {"value": value} for name, value in untouched.values().items()
                            if isinstance(value, str)}
    assert untouched.guard.taken == 1
    assert untouched.draft_notice.value == "" and not untouched.draft_file.exists()


def test_an_editor_gets_back_the_record_it_was_changing_and_what_was_typed(
        area, make_reflection, edit_view) -> None:
    """Picked and typed into after the page lost its kernel, with no draft on the server yet."""
    earlier = make_reflection("p01", [area.entity_id], template="rolfe")
    editor = edit_view("reflection_rolfe")
    label = next(text for text, value in editor.picker.options if value == earlier.entity_id)
    editor.guard.kept = {"@record": {"labels": [label]},
                         "answers.what": {"value": "Changed after the loss"},
                         "edit_reason": {"value": "Said it better."}}
    assert editor.editing is not None and editor.editing.entity_id == earlier.entity_id
    assert editor.inputs["answers.what"].value == "Changed after the loss"
    draft = read_draft(editor.draft_file)
    assert draft is not None and draft.edit_entity_id == earlier.entity_id
    assert editor.save() is not None
    assert editor.workspace.store.get("reflections", earlier.entity_id, "p01").answers["what"] == \
        "Changed after the loss"
