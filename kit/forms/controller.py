"""A form on screen: the widgets, wired to its three separate pieces.

:class:`FormView` turns a template into widgets and connects them to the pieces
that do the work, each testable on its own: drafts (:class:`kit.forms.drafts.DraftKeeper`
autosaves on every change, restores and discards), value collection
(:mod:`kit.forms.collect`: inputs -> record content and problems) and saving
(:mod:`kit.forms.saving`: one record, or a new version of one, through the workspace
interface the form opened for its user: the folder, or the hub's service). Every problem is shown at once
beside its field; any other error becomes one line in the status; no traceback
ever reaches the practitioner.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from kit import logs
from kit.errors import KitError, StaleEdit, ValidationProblems
from kit.forms import conflict, connection, drafts, frame, saving
from kit.forms.choices import FormChoices
from kit.forms.collect import EDIT_REASON, collect, edit_reason, record_values
from kit.forms.kept import KeptInBrowser
from kit.forms.live import LiveForm
from kit.forms.messages import field_message_html, problems_summary, status_html
from kit.forms.privacy_hints import PrivacyHints
from kit.forms.template import FormTemplate
from kit.forms.widgets import (
    FieldWidgets,
    build_field,
    default_value,
    json_value,
    set_input,
)
from kit.hub.backend import WorkspaceBackend, open_backend
from kit.model.ids import new_record_id
from kit.model.records import FocusArea, Record
from kit.store.workspace import Workspace
from kit.views import lean

log = logging.getLogger(__name__)


def _local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


def _local_stamp(moment: datetime) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


class FormView(LiveForm, FormChoices, KeptInBrowser):
    """One form on screen, bound to a workspace and a user.

    Public parts: ``widget`` (display it), ``inputs`` (input id -> widget),
    ``field_messages`` (field id -> message widget), ``save_button``,
    ``status``, ``draft_notice``, ``discard_draft_button``, ``save()`` and
    ``flush()`` (write the pending draft now). ``backend`` is where saves go (default: the
    workspace interface for ``user_id``, opened once, here). ``on_saved``, if set, is called
    after each successful save, once the form has been cleared (or kept) for the next one.
    """

    on_saved: Callable[[], None] | None = None

    def __init__(self, template: FormTemplate, workspace: Workspace, user_id: str,
                 edit_entity_id: str | None = None,
                 debounce_seconds: float = drafts.DEBOUNCE_SECONDS,
                 backend: WorkspaceBackend | None = None) -> None:
        self.template = template
        self.workspace = workspace
        self.user_id = user_id
        self.backend = backend or open_backend(workspace, user_id)
        self.model = template.model
        self.editing: Record | None = None
        self._loading = False
        self._record_id = new_record_id(self.model.KIND)
        self._last_path: Path | None = None
        self.tab = secrets.token_hex(6)
        """This open form's own name among the tabs showing the same form (its draft file)."""
        self.guard = connection.ConnectionGuard(form=f"{user_id}:{self._draft_name}",
                                                 layout=lean.layout())
        self.drafts = drafts.DraftKeeper(lambda: self.draft_file, self._draft_snapshot,
                                         self._draft_failed, debounce_seconds, workspace.root,
                                         lambda: drafts.form_drafts(self.draft_file.parent,
                                                                    self._draft_name),
                                         self.guard.draft_written)
        self._build_widgets()
        self._reset_values()
        if edit_entity_id:
            self.load_entity(edit_entity_id)
        self._restore_draft()
        self.start_listening()

    # -- building ---------------------------------------------------------
    @property
    def edit_mode(self) -> bool:
        """True when saving makes a new version of an earlier record."""
        return self.template.editor_only or self._editor

    _editor = False

    def _build_widgets(self) -> None:
        tpl = self.template
        self.fields: dict[str, FieldWidgets] = {
            spec.id: build_field(spec, tpl, self.workspace, self.user_id) for spec in tpl.fields
        }
        self.inputs: dict[str, widgets.Widget] = {}
        for built in self.fields.values():
            self.inputs.update(built.inputs)
        self.field_messages: dict[str, widgets.HTML] = {k: f.message for k, f in self.fields.items()}
        self.privacy_hints = PrivacyHints(self.model, self.fields.values(), self.workspace,
                                          self.user_id)
        self.reason_box = None
        if self.edit_mode:
            reason = frame.reason_box()
            self.reason_box = reason.box
            self.inputs[EDIT_REASON], self.field_messages[EDIT_REASON] = reason.area, reason.message
        self.title, self.intro = frame.heading(tpl, self.edit_mode)
        self._draft_bar = frame.draft_bar(self.discard_draft)
        self.draft_bar = self._draft_bar.bar
        self.draft_notice, self.discard_draft_button = self._draft_bar.notice, self._draft_bar.discard
        self.save_button = frame.save_button(tpl, self.edit_mode, self.save)
        self.status = frame.status_line()
        self.both_texts = lean.html("")
        self.both_texts.add_class("candle-both-texts-box")
        for widget in self.inputs.values():
            widget.observe(self._on_change, names="value")
        for spec in tpl.fields:
            if spec.depends_on:
                self.inputs[spec.depends_on].observe(
                    lambda change, spec=spec: self._filter_dependent(spec, change["new"]),
                    names="value")
                self._filter_dependent(spec, self.inputs[spec.depends_on].value)
        self.guard.watch(self._kept_inputs())
        self.guard.observe(lambda change: self.restore_kept(change["new"]), names="kept")
        self.widget = lean.vbox(self._children())
        self.widget.add_class("candle-form")
        self.widget.add_class(f"candle-form-{tpl.name.replace('_', '-')}")

    def _children(self) -> list[widgets.Widget]:
        children: list[widgets.Widget] = [self.title, self.intro, self.guard, self.draft_bar]
        children.extend(f.box for f in self.fields.values())
        if self.reason_box is not None:
            children.append(self.reason_box)
        children.extend([self.save_button, self.status, self.both_texts])
        return children

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # -- values -------------------------------------------------------------
    def _quietly(self, action) -> None:
        self._loading = True
        try:
            action()
        finally:
            self._loading = False

    def _reset_values(self) -> None:
        def reset() -> None:
            for spec in self.template.fields:
                start = default_value(spec, self.workspace, self.user_id)
                for widget in self.fields[spec.id].inputs.values():
                    set_input(spec, widget, start)
            if EDIT_REASON in self.inputs:
                self.inputs[EDIT_REASON].value = ""
        self._quietly(reset)

    def _spec_of(self, input_id: str):
        return self.template.field(input_id.split(".")[0])

    def set_values(self, values: dict[str, Any]) -> None:
        """Put ``values`` (input id -> value) into the form without autosaving them."""
        def put() -> None:
            for input_id, value in values.items():
                if input_id == EDIT_REASON and EDIT_REASON in self.inputs:
                    self.inputs[EDIT_REASON].value = str(value or "")
                elif input_id in self.inputs:
                    set_input(self._spec_of(input_id), self.inputs[input_id], value)
        self._quietly(put)

    def values(self) -> dict[str, Any]:
        """What the form holds now, as JSON-ready values by input id."""
        return {input_id: json_value(widget.value) for input_id, widget in self.inputs.items()}

    def _on_change(self, change: dict) -> None:
        if self._loading:
            return
        self.recheck_field(change)
        if self._unchanged_since_save:
            self._unchanged_since_save = False
            self._record_id = new_record_id(self.model.KIND)
        self.drafts.changed()

    # -- drafts (the work is done by self.drafts, a DraftKeeper) --------------
    @property
    def _draft_name(self) -> str:
        return drafts.draft_name(self.template.name, self.edit_mode)

    @property
    def draft_file(self) -> Path:
        """Where this form's draft is autosaved (its own: the same form in another tab has
        another)."""
        return drafts.draft_path(self.workspace, self.user_id, self._draft_name,
                                 private=self.model.PRIVATE, tab=self.tab)

    @property
    def _unchanged_since_save(self) -> bool:
        return self.drafts.saved

    @_unchanged_since_save.setter
    def _unchanged_since_save(self, value: bool) -> None:
        self.drafts.saved = value

    def _draft_snapshot(self) -> tuple[dict[str, Any], str | None]:
        return self.values(), (self.editing.entity_id if self.editing is not None else None)

    def _draft_failed(self, error: OSError) -> None:
        self._show_status(f"Your draft could not be autosaved ({error.strerror}); "
                          "save the form to keep what you typed.", "warning")

    def flush(self) -> None:
        """Write the pending draft now instead of after the debounce delay."""
        self.drafts.flush()

    def _restore_draft(self) -> None:
        draft = self.drafts.read()
        if draft is None:
            return
        other_entity = draft.edit_entity_id and (
            self.editing is None or self.editing.entity_id != draft.edit_entity_id)
        if self.edit_mode and other_entity and not self._select_entity(draft.edit_entity_id):
            return
        self.set_values(draft.values)
        self._draft_bar.show(f"<span role='status'>Draft restored from "
                             f"{_local_stamp(draft.saved_at)}.</span>")

    def _select_entity(self, entity_id: str) -> bool:
        try:
            self.load_entity(entity_id)
        except KitError:
            return False
        return True

    def discard_draft(self) -> None:
        """Throw away the draft and start the form again from its defaults."""
        self.drafts.discard()
        self._reset_values()
        if self.editing is not None:
            self._load_values(self.editing)
        self._draft_bar.hide()
        self._show_status("Draft discarded.", "info")

    # -- editing ------------------------------------------------------------
    def load_entity(self, entity_id: str) -> None:
        """Load the latest version of an earlier record into the form for editing."""
        record = self.workspace.store.get(self.model.TABLE, entity_id,
                                          None if self._has_practitioner_picker() else self.user_id)
        self.editing = record
        self._reset_values()
        self._load_values(record)
        if "practitioner_id" in self.inputs:
            self.inputs["practitioner_id"].disabled = True

    def _has_practitioner_picker(self) -> bool:
        return any(spec.type == "practitioner_picker" for spec in self.template.fields)

    def _load_values(self, record: Record) -> None:
        values = record_values(self.template, record)
        for spec in self.template.fields:
            if spec.type == "focus_area_picker" and spec.id in values:
                self._ensure_focus_options(spec, values[spec.id])
        self.set_values(values)

    # -- saving (collection in kit.forms.collect, storing in kit.forms.saving) --
    def _store(self, content: dict[str, Any]) -> Path:
        if not self.edit_mode:
            return saving.store_new(self.backend, self.workspace, self.model, content,
                                    self.user_id, self._record_id)
        self.editing = saving.store_edit(self.backend, self.model, self.editing, content,
                                         edit_reason(self.inputs))
        return self.workspace.store.path_for(self.editing)

    def save(self) -> Path | None:
        """Validate, store one record and show the result (what clicking Save does).

        Returns the stored file, or None when nothing was saved.
        """
        if self._unchanged_since_save and self._last_path is not None:
            return self._last_path  # a second click on the same entry stores nothing new
        self.save_button.disabled = True
        self._saving = True
        try:
            return self._save()
        except Exception as error:  # nothing may reach the user as a traceback: it goes to the log
            log.error("form %s of user %s: saving failed unexpectedly", self.template.name,
                      self.user_id, exc_info=True, extra=logs.for_workspace(self.workspace.root))
            self._show_status(f"Nothing was saved: something unexpected went wrong ({error}). "
                              "Your entry is still here and in your draft; try again. The "
                              "details are in the workspace's log for whoever looks after the kit.",
                              "error")
            return None
        finally:
            self._saving = False
            self.save_button.disabled = False

    def _save(self) -> Path | None:
        self._clear_messages()
        content, problems = collect(self.template, self.fields, self.editing, self.edit_mode)
        if self.edit_mode and not edit_reason(self.inputs):
            problems[EDIT_REASON] = ["say why you are changing this record"]
        if problems:
            if not self.edit_mode:  # the record's own problems too, so every one shows at once
                found = saving.record_problems(self.template, content, self.user_id,
                                               self._record_id, set(self.field_messages))
                for name, messages in found.items():
                    problems.setdefault(name, messages)
            self._show_problems(problems)
            return None
        try:
            path = self._store(content)
        except ValidationProblems as error:
            self._show_problems(saving.problems_of(self.template, error, set(self.field_messages)))
            return None
        except StaleEdit as error:
            self._changed_since(error, content)
            return None
        except KitError as error:
            if error.details:
                log.warning("form %s of user %s: not saved: %s", self.template.name, self.user_id,
                            error.details, extra=logs.for_workspace(self.workspace.root))
            self._show_status(f"Not saved. {error}", "error", error.details)
            return None
        self._saved(path)
        return path

    def _saved(self, path: Path) -> None:
        self.drafts.mark_saved()
        self._draft_bar.hide()
        what = self.model.TITLE.lower()
        verb = "new version of this " if self.edit_mode else ""
        self._show_status(f"Saved at {_local_time(datetime.now().astimezone())}: "
                          f"your {verb}{what} is stored.", "success")
        self._last_path = path
        if self.template.after_save == "clear" and not self.edit_mode:
            self._reset_values()
        if self.edit_mode:
            self._quietly(lambda: setattr(self.inputs[EDIT_REASON], "value", ""))
        self._record_id = new_record_id(self.model.KIND)
        self.after_save()
        if self.on_saved is not None:
            self.on_saved()

    def _changed_since(self, error: StaleEdit, content: dict[str, Any]) -> None:
        """Someone (or another tab) saved this record since it was opened: show their version
        beside what the form holds, which stays. Having seen both, the next Save stores the
        form's text as the newest version."""
        self._show_status(conflict.refusal_sentence(error.message), "error")
        current = error.current
        if isinstance(current, Record) and current.entity_id == getattr(self.editing, "entity_id", None):
            areas = {a.entity_id: a.label for a in self.workspace.store.latest(FocusArea.TABLE,
                                                                                 current.practitioner_id)}
            self.both_texts.value = conflict.both_texts_html(self.template, current, content, areas)
            self.editing = current

    def after_save(self) -> None:
        """Hook run after each successful save (the editor refreshes its list)."""
        self.refresh_options()

    # -- showing --------------------------------------------------------------
    def _clear_messages(self) -> None:
        for message in self.field_messages.values():
            message.value = ""
        self.status.value = ""
        self.both_texts.value = ""

    def _show_problems(self, problems: dict[str, list[str]]) -> None:
        general: list[str] = []
        for name, messages in problems.items():
            text = "; ".join(messages)
            if name in self.field_messages:
                self.field_messages[name].value = field_message_html(text)
            else:  # about something not on the form: the sentence alone, no field name
                general.append(text)
        self._show_status(problems_summary(problems, general), "error")

    def _show_status(self, text: str, kind: str, details: str = "") -> None:
        self.status.value = status_html(text, kind, details)
