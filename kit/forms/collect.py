"""Value collection: from a form's widgets to a record's content and its problems.

Pure reading, no saving and no display: :func:`collect` turns what the inputs
hold into the content of a record plus every problem by field, and
:func:`record_values` does the reverse (an earlier record into input values).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from kit.forms.template import FieldSpec, FormTemplate
from kit.forms.widgets import FieldWidgets, is_empty, limit_problem, read_input
from kit.model.records import Record

EDIT_REASON = "edit_reason"
"""The input id of an editor's 'reason for the change' box."""

Problems = dict[str, list[str]]


def model_default(model: type[Record], name: str, editing: Record | None) -> Any:
    """What an emptied field of an edited record becomes (its model default)."""
    if name == "practitioner_id":
        return editing.practitioner_id if editing else None
    return model.model_fields[name].get_default(call_default_factory=True)


def collect(template: FormTemplate, fields: dict[str, FieldWidgets],
            editing: Record | None = None, edit_mode: bool = False) -> tuple[dict[str, Any], Problems]:
    """The record content the inputs hold, and every problem found, by field id.

    In ``edit_mode`` an emptied optional field is set back to the model's
    default (so the new version really clears it).
    """
    content: dict[str, Any] = {}
    problems: Problems = {}
    for spec in template.fields:
        if spec.type == "prompts":
            content[spec.id] = collect_answers(template, spec, fields[spec.id], problems)
            continue
        value, problem = read_input(spec, fields[spec.id].inputs[spec.id])
        problem = problem or (limit_problem(spec, value) if not is_empty(value) else "")
        if problem:
            problems[spec.id] = [problem]
        elif spec.required and is_empty(value):
            problems[spec.id] = [required_message(spec.type, spec.id)]
        elif not is_empty(value):
            content[spec.id] = value
        elif edit_mode:
            content[spec.id] = model_default(template.model, spec.id, editing)
    content.update(template.fixed)
    return content, problems


def collect_answers(template: FormTemplate, spec: FieldSpec, field: FieldWidgets,
                    problems: Problems) -> dict[str, str]:
    """The prompt answers of a ``prompts`` field (prompt id -> text); problems added."""
    labels = {prompt.id: prompt.label for prompt in template.prompts()}
    answers = {}
    for input_id, widget in field.inputs.items():
        text, _ = read_input(spec, widget)
        prompt_id = input_id.split(".", 1)[1]
        problem = limit_problem(spec, text) if text else ""
        if problem:
            problems.setdefault(spec.id, []).append(
                f"your answer to '{labels[prompt_id]}': {problem}")
        if text:
            answers[prompt_id] = text
    return answers


def edit_reason(inputs: dict[str, widgets.Widget]) -> str:
    """The reason an editor gives for the change (empty when there is no reason box)."""
    box = inputs.get(EDIT_REASON)
    return str(box.value).strip() if box is not None else ""


def record_values(template: FormTemplate, record: Record) -> dict[str, Any]:
    """An earlier ``record`` as input values (input id -> value) for this form."""
    values: dict[str, Any] = {}
    for spec in template.fields:
        value = getattr(record, spec.id)
        if value is None and spec.default is not None:
            continue  # keep the form's default (e.g. today for a closing date)
        if spec.type == "prompts":
            values.update({f"answers.{key}": text for key, text in value.items()})
        else:
            values[spec.id] = value
    return values


def required_message(field_type: str, field_id: str) -> str:
    """What to say when a required field is empty, in the words of its kind of input."""
    if field_type in ("multi_choice", "focus_area_picker") and field_id.endswith("_ids"):
        return "choose at least one"
    if field_type in ("choice", "focus_area_picker", "person_picker", "practitioner_picker"):
        return "choose one"
    if field_type == "date":
        return "choose a date"
    return "this field is required"
