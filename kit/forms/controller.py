"""A form on screen: collect the values, call the kit, show the result.

:class:`FormView` turns a template into widgets, autosaves a draft on every
change, and on Save builds one record and hands it to :func:`kit.capture.submit.submit`
(or :func:`kit.capture.submit.edit` for a new version). Every problem is shown at
once beside its field; any other error becomes one line in the status; no
traceback ever reaches the practitioner.
"""

from __future__ import annotations

import html
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from kit.capture import licence
from kit.capture import submit as kit_submit
from kit.errors import KitError, ValidationProblems
from kit.forms import drafts
from kit.forms.messages import problems_by_field
from kit.forms.template import FormTemplate
from kit.forms.widgets import (
    FieldWidgets,
    build_field,
    default_value,
    filtered_options,
    is_empty,
    json_value,
    limit_problem,
    options_for,
    read_input,
    set_input,
)
from kit.model.ids import new_record_id
from kit.model.records import FocusArea, MicroProject, Record
from kit.store.workspace import Workspace

EDIT_REASON = "edit_reason"


def _local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


def _local_stamp(moment: datetime) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def _hidden(widget: widgets.Widget, hidden: bool) -> None:
    widget.layout.display = "none" if hidden else None


class FormView:
    """One form on screen, bound to a workspace and a user.

    Public parts: ``widget`` (display it), ``inputs`` (input id -> widget),
    ``field_messages`` (field id -> message widget), ``save_button``,
    ``status``, ``draft_notice``, ``discard_draft_button``, ``save()`` and
    ``flush()`` (write the pending draft now).
    """

    def __init__(self, template: FormTemplate, workspace: Workspace, user_id: str,
                 edit_entity_id: str | None = None,
                 debounce_seconds: float = drafts.DEBOUNCE_SECONDS) -> None:
        self.template = template
        self.workspace = workspace
        self.user_id = user_id
        self.model = template.model
        self.editing: Record | None = None
        self._loading = False
        self._record_id = new_record_id(self.model.KIND)
        self._last_path: Path | None = None
        self._unchanged_since_save = False
        self._draft_lock = threading.Lock()
        self._build_widgets()
        self._debouncer = drafts.Debouncer(self._write_draft, debounce_seconds)
        self._reset_values()
        if edit_entity_id:
            self.load_entity(edit_entity_id)
        self._restore_draft()

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
        self.reason_box = self._reason_box()
        title, intro = self._heading_texts()
        self.title = widgets.HTML(f"<h3>{html.escape(title, quote=False)}</h3>")
        intro = html.escape(intro, quote=False)
        self.intro = widgets.HTML(f"<div style='line-height:1.4'>{intro}</div>" if intro else "")
        self.draft_notice = widgets.HTML("")
        self.draft_notice.add_class("candle-draft-notice")
        self.discard_draft_button = widgets.Button(
            description="Discard draft", tooltip="Throw away the restored draft and start again",
            icon="trash")
        self.discard_draft_button.add_class("candle-discard-draft")
        self.discard_draft_button.on_click(lambda _button: self.discard_draft())
        self.draft_bar = widgets.HBox([self.draft_notice, self.discard_draft_button])
        self.draft_bar.add_class("candle-draft-bar")
        _hidden(self.draft_bar, True)
        self.save_button = widgets.Button(
            description="Save new version" if self.edit_mode else "Save",
            button_style="primary", tooltip=f"Save this {self.model.TITLE.lower()}", icon="check")
        self.save_button.layout.width = "14em"
        self.save_button.add_class("candle-save")
        self.save_button.on_click(lambda _button: self.save())
        self.status = widgets.HTML("")
        self.status.add_class("candle-status")
        for widget in self.inputs.values():
            widget.observe(self._on_change, names="value")
        for spec in tpl.fields:
            if spec.depends_on:
                self.inputs[spec.depends_on].observe(
                    lambda change, spec=spec: self._filter_dependent(spec, change["new"]),
                    names="value")
        self.widget = widgets.VBox(self._children())
        self.widget.add_class("candle-form")
        self.widget.add_class(f"candle-form-{tpl.name.replace('_', '-')}")

    def _heading_texts(self) -> tuple[str, str]:
        """The form's title and introduction (an editor says what it changes)."""
        tpl = self.template
        if not self.edit_mode or tpl.editor_only:
            return tpl.title, tpl.intro
        return (f"Change an earlier {self.model.TITLE.lower()}",
                "Choose it from the list, make your changes and say why. "
                "The earlier version stays in your history.")

    def _reason_box(self) -> widgets.VBox | None:
        if not self.edit_mode:
            return None
        area = widgets.Textarea(rows=2, layout=widgets.Layout(width="100%", max_width="48em"),
                                description="Reason for the change", description_allow_html=False,
                                tooltip="Say why you are changing this record; the earlier "
                                        "version stays in your history.")
        area.style.description_width = "0px"
        area.add_class("candle-input")
        area.add_class("candle-field-edit-reason")
        self.inputs[EDIT_REASON] = area
        message = widgets.HTML("")
        message.add_class("candle-message")
        message.add_class("candle-message-edit-reason")
        self.field_messages[EDIT_REASON] = message
        heading = widgets.HTML("<strong>Reason for the change (required)</strong><br><small>"
                               "The earlier version stays in your history.</small>")
        return widgets.VBox([heading, area, message])

    def _children(self) -> list[widgets.Widget]:
        children: list[widgets.Widget] = [self.title, self.intro, self.draft_bar]
        children.extend(f.box for f in self.fields.values())
        if self.reason_box is not None:
            children.append(self.reason_box)
        children.extend([self.save_button, self.status])
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
                start = default_value(spec, self.workspace)
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

    def _filter_dependent(self, spec, parent_value: Any) -> None:
        widget = self.inputs[spec.id]
        options = filtered_options(self.fields[spec.id].option_sets[spec.id], spec, parent_value)
        keep = widget.value
        loading, self._loading = self._loading, True
        try:
            widget.options = options if spec.required else [("Not set", None), *options]
            widget.value = keep if keep in {value for _label, value in options} else None
        finally:
            self._loading = loading

    def refresh_options(self) -> None:
        """Reload picker choices (e.g. focus areas added since the form opened)."""
        for spec in self.template.fields:
            if "picker" not in spec.type:
                continue
            widget = self.inputs[spec.id]
            options = options_for(spec, self.workspace, self.user_id)
            self.fields[spec.id].option_sets[spec.id] = options
            keep = widget.value
            if not isinstance(widget, widgets.SelectMultiple) and not spec.required:
                options = [(widget.options[0][0], None), *options]
            self._quietly(lambda w=widget, o=options, k=keep, s=spec: (
                setattr(w, "options", o), set_input(s, w, k)))

    def _on_change(self, _change: dict) -> None:
        if self._loading:
            return
        if self._unchanged_since_save:
            self._unchanged_since_save = False
            self._record_id = new_record_id(self.model.KIND)
        self._debouncer.poke()

    # -- drafts -------------------------------------------------------------
    @property
    def draft_file(self) -> Path:
        """Where this form's draft is autosaved."""
        name = f"{self.template.name}.edit" if self.edit_mode else self.template.name
        return drafts.draft_path(self.workspace, self.user_id, name, private=self.model.PRIVATE)

    def _write_draft(self) -> None:
        with self._draft_lock:
            if self._unchanged_since_save:
                return  # a timer that fired while saving: the entry is stored, not a draft
            self._write_draft_now()

    def _write_draft_now(self) -> None:
        entity = self.editing.entity_id if self.editing is not None else None
        try:
            drafts.write_draft(self.draft_file, self.values(), entity)
        except OSError as error:
            self._show_status(f"Your draft could not be autosaved ({error.strerror}); "
                              "save the form to keep what you typed.", "warning")

    def flush(self) -> None:
        """Write the pending draft now instead of after the debounce delay."""
        self._debouncer.flush()

    def _restore_draft(self) -> None:
        draft = drafts.read_draft(self.draft_file)
        if draft is None:
            return
        other_entity = draft.edit_entity_id and (
            self.editing is None or self.editing.entity_id != draft.edit_entity_id)
        if self.edit_mode and other_entity and not self._select_entity(draft.edit_entity_id):
            return
        self.set_values(draft.values)
        self.draft_notice.value = (f"<span role='status'>Draft restored from "
                                   f"{_local_stamp(draft.saved_at)}.</span>")
        _hidden(self.draft_bar, False)

    def _select_entity(self, entity_id: str) -> bool:
        try:
            self.load_entity(entity_id)
        except KitError:
            return False
        return True

    def discard_draft(self) -> None:
        """Throw away the draft and start the form again from its defaults."""
        self._debouncer.cancel()
        self._debouncer.pending = False
        drafts.clear_draft(self.draft_file)
        self._reset_values()
        if self.editing is not None:
            self.set_values(self._record_values(self.editing))
        self.draft_notice.value = ""
        _hidden(self.draft_bar, True)
        self._show_status("Draft discarded.", "info")

    # -- editing ------------------------------------------------------------
    def load_entity(self, entity_id: str) -> None:
        """Load the latest version of an earlier record into the form for editing."""
        record = self.workspace.store.get(self.model.TABLE, entity_id,
                                          None if self._has_practitioner_picker() else self.user_id)
        self.editing = record
        self._reset_values()
        self.set_values(self._record_values(record))
        if "practitioner_id" in self.inputs:
            self.inputs["practitioner_id"].disabled = True

    def _has_practitioner_picker(self) -> bool:
        return any(spec.type == "practitioner_picker" for spec in self.template.fields)

    def _record_values(self, record: Record) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for spec in self.template.fields:
            value = getattr(record, spec.id)
            if value is None and spec.default is not None:
                continue  # keep the form's default (e.g. today for a closing date)
            if spec.type == "prompts":
                values.update({f"answers.{key}": text for key, text in value.items()})
            elif spec.type == "focus_area_picker":
                values[spec.id] = value
                self._ensure_focus_options(spec, value)
            else:
                values[spec.id] = value
        return values

    def _ensure_focus_options(self, spec, value: Any) -> None:
        """An earlier record may name a focus area closed since: keep it choosable."""
        wanted = value if isinstance(value, list) else [value]
        widget = self.inputs[spec.id]
        present = {v for _label, v in widget.options}
        missing = [v for v in wanted if v and v not in present]
        if not missing:
            return
        labels = {a.entity_id: a.label for a in self.workspace.store.latest(FocusArea.TABLE,
                                                                             self.user_id)}
        extra = [(f"{labels.get(v, v)} (closed)", v) for v in missing]
        self._quietly(lambda: setattr(widget, "options", [*widget.options, *extra]))

    # -- saving -------------------------------------------------------------
    def _collect(self) -> tuple[dict[str, Any], dict[str, list[str]]]:
        content: dict[str, Any] = {}
        problems: dict[str, list[str]] = {}
        for spec in self.template.fields:
            if spec.type == "prompts":
                content[spec.id] = self._collect_answers(spec, problems)
                continue
            value, problem = read_input(spec, self.inputs[spec.id])
            problem = problem or (limit_problem(spec, value) if not is_empty(value) else "")
            if problem:
                problems[spec.id] = [problem]
            elif spec.required and is_empty(value):
                problems[spec.id] = [_required_message(spec.type, spec.id)]
            elif not is_empty(value):
                content[spec.id] = value
            elif self.edit_mode:
                content[spec.id] = self._model_default(spec.id)
        content.update(self.template.fixed)
        return content, problems

    def _collect_answers(self, spec, problems: dict[str, list[str]]) -> dict[str, str]:
        labels = {prompt.id: prompt.label for prompt in self.template.prompts()}
        answers = {}
        for input_id, widget in self.fields[spec.id].inputs.items():
            text, _ = read_input(spec, widget)
            prompt_id = input_id.split(".", 1)[1]
            problem = limit_problem(spec, text) if text else ""
            if problem:
                problems.setdefault(spec.id, []).append(
                    f"your answer to '{labels[prompt_id]}': {problem}")
            if text:
                answers[prompt_id] = text
        return answers

    def _model_default(self, name: str) -> Any:
        if name == "practitioner_id":
            return self.editing.practitioner_id if self.editing else None
        return self.model.model_fields[name].get_default(call_default_factory=True)

    def _build_record(self, content: dict[str, Any]) -> Record:
        practitioner = content.pop("practitioner_id", None) or self.user_id
        return self.model.new(practitioner_id=practitioner, author_id=self.user_id,
                              record_id=self._record_id, **content)

    def _store(self, content: dict[str, Any]) -> Path:
        if self.edit_mode:
            return self._store_edit(content)
        record = self._build_record(content)
        if isinstance(record, MicroProject):  # the application also starts the licence timeline
            return licence.save_application(self.workspace, record, acting_user=self.user_id)
        return kit_submit.submit(self.workspace, record, acting_user=self.user_id)

    def _store_edit(self, content: dict[str, Any]) -> Path:
        if self.editing is None:
            raise KitError("Choose the record you want to change first.",
                           "Pick it from the list at the top of the form.")
        content.pop("practitioner_id", None)
        reason = str(self.inputs[EDIT_REASON].value).strip()
        revised = kit_submit.edit(
            self.workspace, self.model.TABLE, self.editing.entity_id,
            practitioner_id=self.editing.practitioner_id, author_id=self.user_id,
            edit_reason=reason, acting_user=self.user_id, **content)
        self.editing = revised
        return self.workspace.store.path_for(revised)

    def save(self) -> Path | None:
        """Validate, store one record and show the result (what clicking Save does).

        Returns the stored file, or None when nothing was saved.
        """
        if self._unchanged_since_save and self._last_path is not None:
            return self._last_path  # a second click on the same entry stores nothing new
        self.save_button.disabled = True
        try:
            return self._save()
        except Exception as error:  # nothing may reach the user as a traceback
            self._show_status(f"Nothing was saved: something unexpected went wrong ({error}). "
                              "Your entry is still here and in your draft; try again.", "error")
            return None
        finally:
            self.save_button.disabled = False

    def _save(self) -> Path | None:
        self._clear_messages()
        content, problems = self._collect()
        if self.edit_mode and not str(self.inputs[EDIT_REASON].value).strip():
            problems[EDIT_REASON] = ["say why you are changing this record"]
        if problems:
            self._add_record_problems(content, problems)
            self._show_problems(problems)
            return None
        try:
            path = self._store(content)
        except ValidationProblems as error:
            self._show_problems(self._problems_of(error))
            return None
        except KitError as error:
            self._show_status(f"Not saved. {error}", "error")
            return None
        self._saved(path)
        return path

    def _problems_of(self, error: ValidationProblems) -> dict[str, list[str]]:
        labels = {f"answers.{prompt.id}": prompt.label for prompt in self.template.prompts()}
        return problems_by_field(error, set(self.field_messages), labels)

    def _add_record_problems(self, content: dict[str, Any], problems: dict[str, list[str]]) -> None:
        """Add the record's own problems on other fields, so every problem shows at once."""
        if self.edit_mode:
            return
        try:
            self._build_record(dict(content))
        except ValidationProblems as error:
            for name, messages in self._problems_of(error).items():
                problems.setdefault(name, messages)

    def _saved(self, path: Path) -> None:
        with self._draft_lock:
            self._debouncer.cancel()
            self._debouncer.pending = False
            self._unchanged_since_save = True
            drafts.clear_draft(self.draft_file)
        self.draft_notice.value = ""
        _hidden(self.draft_bar, True)
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

    def after_save(self) -> None:
        """Hook run after each successful save (the editor refreshes its list)."""
        self.refresh_options()

    # -- showing --------------------------------------------------------------
    def _clear_messages(self) -> None:
        for message in self.field_messages.values():
            message.value = ""
        self.status.value = ""

    def _show_problems(self, problems: dict[str, list[str]]) -> None:
        general: list[str] = []
        for name, messages in problems.items():
            text = "; ".join(messages)
            if name in self.field_messages:
                shown = html.escape(_sentence(text), quote=False)
                self.field_messages[name].value = (
                    f"<span role='alert' style='color:#b00020'>{shown}</span>")
            else:
                general.append(f"{self._label_of(name)}: {text}")
        count = sum(len(m) for m in problems.values())
        noun = "problem" if count == 1 else "problems"
        lead = f"Not saved: {count} {noun}"
        lead += ", shown beside the fields." if len(general) < len(problems) else "."
        if general:
            lead += " " + " ".join(_sentence(g) for g in general)
        self._show_status(lead, "error")

    def _label_of(self, name: str) -> str:
        if name in self.model.model_fields:
            return str(self.model.model_fields[name].title or name)
        return name

    def _show_status(self, text: str, kind: str) -> None:
        colour = {"success": "#1b5e20", "error": "#b00020", "warning": "#8a4b00"}.get(kind, "inherit")
        role = "alert" if kind == "error" else "status"
        self.status.value = (f"<span role='{role}' style='color:{colour}'>"
                             f"{html.escape(text, quote=False)}</span>")


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _required_message(field_type: str, field_id: str) -> str:
    if field_type in ("multi_choice", "focus_area_picker") and field_id.endswith("_ids"):
        return "choose at least one"
    if field_type in ("choice", "focus_area_picker", "person_picker", "practitioner_picker"):
        return "choose one"
    if field_type == "date":
        return "choose a date"
    return "this field is required"
