"""The three pieces FormView is built from, each tested without a form on screen:
drafts (DraftKeeper), value collection (kit.forms.collect) and saving (kit.forms.saving).
Saving (the tests using ``act_as``) runs on both backends (tests/conftest.py)."""

from __future__ import annotations

import errno
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kit.errors import KitError
from kit.forms import drafts, saving
from kit.forms.collect import collect, record_values, required_message
from kit.forms.template import load_template
from kit.forms.widgets import build_field
from kit.model.ids import new_record_id
from kit.model.records import FocusArea, LicenceEvent
from kit.store.workspace import Workspace


class Snapshot:
    """Stands in for a form: what to write, and the disk errors it was told about."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {"reason": "first"}
        self.errors: list[OSError] = []

    def __call__(self) -> tuple[dict[str, Any], str | None]:
        return dict(self.values), None


def test_draft_keeper_writes_on_flush_and_ignores_a_late_timer_after_saving(tmp_path: Path) -> None:
    path = tmp_path / "drafts" / "p01" / "licence_decision.json"
    form = Snapshot()
    keeper = drafts.DraftKeeper(lambda: path, form, form.errors.append, delay=60.0)
    keeper.changed()
    assert not path.exists()  # the pause has not passed
    keeper.flush()
    assert drafts.read_draft(path).values == {"reason": "first"}
    keeper.mark_saved()
    assert not path.exists()
    form.values["reason"] = "typed while saving"
    keeper.debouncer.pending = True  # a timer that fires after the save
    keeper.flush()
    assert not path.exists() and form.errors == []


def test_draft_keeper_reports_a_disk_error_instead_of_raising(tmp_path: Path) -> None:
    blocker = tmp_path / "drafts"
    blocker.write_text("a file where the drafts folder should be")
    form = Snapshot()
    keeper = drafts.DraftKeeper(lambda: blocker / "p01" / "x.json", form, form.errors.append, 60.0)
    keeper.changed()
    keeper.flush()
    assert [e.errno for e in form.errors] in ([errno.EEXIST], [errno.ENOTDIR])


def test_draft_keeper_discard_forgets_the_pending_change(tmp_path: Path) -> None:
    path = tmp_path / "draft.json"
    form = Snapshot()
    keeper = drafts.DraftKeeper(lambda: path, form, form.errors.append, 60.0)
    keeper.changed()
    keeper.write_now()
    assert keeper.read() is not None
    keeper.discard()
    keeper.flush()
    assert keeper.read() is None and not path.exists()


def fields_of(name: str, workspace: Workspace, user: str = "p01"):
    template = load_template(name)
    return template, {spec.id: build_field(spec, template, workspace, user) for spec in template.fields}


def test_collect_reads_content_and_names_every_missing_field(workspace: Workspace) -> None:
    template, fields = fields_of("licence_decision", workspace)
    fields["event"].inputs["event"].value = None
    fields["event_date"].inputs["event_date"].value = date(2026, 2, 1)
    fields["reason"].inputs["reason"].value = "  "
    content, problems = collect(template, fields)
    assert problems == {"event": ["choose one"], "reason": ["this field is required"]}
    assert content["event_date"] == date(2026, 2, 1)
    fields["event"].inputs["event"].value = "paused"
    fields["reason"].inputs["reason"].value = "A busy term."
    content, problems = collect(template, fields)
    assert problems == {} and content["event"] == "paused" and content["reason"] == "A busy term."


def test_collect_in_edit_mode_clears_an_emptied_optional_field(workspace: Workspace) -> None:
    template, fields = fields_of("focus_area", workspace)
    fields["label"].inputs["label"].value = "Family B"
    fields["focus_kind"].inputs["focus_kind"].value = "family"
    fields["aim"].inputs["aim"].value = ""
    new, _ = collect(template, fields)
    edited, _ = collect(template, fields, edit_mode=True)
    assert "aim" not in new
    assert edited["aim"] == FocusArea.model_fields["aim"].get_default(call_default_factory=True)
    assert edited["status"] == "active"  # the template's fixed values


def test_record_values_round_trip_through_collect(workspace: Workspace) -> None:
    template, fields = fields_of("licence_decision", workspace)
    record = LicenceEvent.new(practitioner_id="p01", event="renewed", event_date=date(2026, 3, 4),
                              reason="Still relevant to my work.")
    for input_id, value in record_values(template, record).items():
        fields[input_id].inputs[input_id].value = value
    content, problems = collect(template, fields)
    assert problems == {}
    assert {k: content[k] for k in ("event", "event_date", "reason")} == {
        "event": "renewed", "event_date": date(2026, 3, 4), "reason": "Still relevant to my work."}


def test_required_messages_speak_the_inputs_language() -> None:
    assert required_message("focus_area_picker", "focus_area_ids") == "choose at least one"
    assert required_message("person_picker", "contact_id") == "choose one"
    assert required_message("date", "event_date") == "choose a date"
    assert required_message("long_text", "reason") == "this field is required"


def test_saving_stores_a_record_and_a_new_version_without_widgets(workspace: Workspace,
                                                                  granted: None, act_as) -> None:
    content = {"event": "paused", "event_date": date(2026, 2, 1), "reason": "A busy term."}
    record_id = new_record_id(LicenceEvent.KIND)
    backend = act_as("p01")
    path = saving.store_new(backend, workspace, LicenceEvent, content, "p01", record_id)
    assert path.name == f"{record_id}.json"
    stored = workspace.store.get(LicenceEvent.TABLE, record_id, "p01")
    revised = saving.store_edit(backend, LicenceEvent, stored, {**content, "event": "continued"},
                                "Changed my mind.")
    assert revised.supersedes == record_id and revised.event == "continued"
    assert workspace.store.get(LicenceEvent.TABLE, record_id, "p01").event == "continued"


def test_saving_an_edit_with_nothing_chosen_says_what_to_do(act_as) -> None:
    with pytest.raises(KitError, match="Choose the record"):
        saving.store_edit(act_as("p01"), LicenceEvent, None, {}, "why")


def test_record_problems_finds_cross_field_problems_before_saving(workspace: Workspace) -> None:
    template = load_template("focus_area_close")
    content = {"label": "Family A", "focus_kind": "family", "status": "closed"}
    found = saving.record_problems(template, content, "p01", new_record_id(FocusArea.KIND),
                                   {f.id for f in template.fields})
    assert found and all(messages for messages in found.values())
    assert list(workspace.store.record_files(FocusArea.TABLE)) == []
