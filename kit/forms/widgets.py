"""Building ipywidgets for form fields, and reading values back from them.

No logic about records lives here: a field becomes a labelled input (or a
group of inputs for reflection prompts), with its help text, an accessible
description, a stable CSS class (``candle-field-<id>``) and a message line
beside it for problems.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import ipywidgets as widgets

from kit.capture.permissions import supported_by
from kit.capture.profiles import current_profile
from kit.forms.date_box import DayFirstDate, as_day_first, read_date
from kit.forms.rating import RatingGroup
from kit.forms.template import FieldSpec, FormTemplate, Option
from kit.model.dates import today
from kit.model.periods import current_period
from kit.model.records import FocusArea
from kit.store.workspace import Workspace
from kit.views import lean

NOT_SET = "Not set"
NO_ONE = "(nobody)"
FULL_WIDTH = {"width": "100%", "max_width": "48em"}  # settings of the shared Layout (kit.views.lean)


@dataclass
class FieldWidgets:
    """The widgets of one field: its container, inputs by id and its message line."""

    spec: FieldSpec
    box: widgets.Widget
    inputs: dict[str, widgets.Widget]
    message: widgets.HTML
    option_sets: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)


def css_id(input_id: str) -> str:
    """A CSS-safe form of an input id ('answers.what' -> 'answers-what')."""
    return input_id.replace(".", "-").replace("_", "-")


def review_period_name(workspace: Workspace, on: date | None = None) -> str:
    """The period a review note starts as: the one under way, as on the lead's reviews page."""
    return current_period(workspace.settings.review_period, on).name


def default_value(spec: FieldSpec, workspace: Workspace, user_id: str | None = None) -> Any:
    """The starting value of ``spec`` ('@today', '@review_period', '@profile': the same field
    of ``user_id``'s current profile, or a literal)."""
    if spec.default == "@today":
        return today()
    if spec.default == "@review_period":
        return review_period_name(workspace)
    if spec.default == "@profile":
        profile = current_profile(workspace.store, user_id) if user_id else None
        return getattr(profile, spec.id, None)
    if spec.default is not None:
        return spec.default
    if spec.type == "yes_no":
        return False
    if spec.type in ("multi_choice",) or (spec.type == "focus_area_picker"
                                           and spec.id == "focus_area_ids"):
        return ()
    if spec.type in ("short_text", "long_text", "lines", "number", "prompts"):
        return ""
    return None


def focus_area_options(workspace: Workspace, user_id: str) -> list[tuple[str, str]]:
    """The user's own active focus areas as (label, entity id), by label."""
    areas = [a for a in workspace.store.latest(FocusArea.TABLE, user_id)
             if isinstance(a, FocusArea) and a.status == "active"]
    return sorted(((a.label, a.entity_id) for a in areas), key=lambda pair: pair[0].lower())


def person_options(workspace: Workspace, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    """People with one of ``kinds`` as (name, id)."""
    return [(p.name, p.id) for p in workspace.settings.people
            if not kinds or set(kinds) & set(p.kinds)]


def practitioner_options(workspace: Workspace, lead_id: str) -> list[tuple[str, str]]:
    """The practitioners ``lead_id`` supports as (name, id)."""
    names = {p.id: p.name for p in workspace.settings.people}
    return [(names.get(pid, pid), pid) for pid in supported_by(workspace, lead_id)]


def options_for(spec: FieldSpec, workspace: Workspace, user_id: str) -> list[tuple[str, Any]]:
    """The (label, value) options of a choice or picker field."""
    if spec.type in ("choice", "multi_choice"):
        return [(o.label, o.id) for o in spec.options]
    if spec.type == "focus_area_picker":
        return focus_area_options(workspace, user_id)
    if spec.type == "person_picker":
        return person_options(workspace, spec.kinds)
    if spec.type == "practitioner_picker":
        return practitioner_options(workspace, user_id)
    return []


def _describe(widget: widgets.Widget, spec: FieldSpec, label: str, input_id: str) -> None:
    """Accessible name, tooltip and stable CSS classes on one input."""
    widget.description = label
    widget.description_allow_html = False
    widget.tooltip = spec.help or label
    widget.add_class("candle-input")
    widget.add_class(f"candle-field-{css_id(input_id)}")


def _look(kind: type[widgets.DOMWidget], label_width: str = "0px", **layout: str) -> dict[str, Any]:
    """The shared Layout and Style of an input: no visible description (the heading above is
    its label) unless ``label_width`` says otherwise."""
    return {"layout": lean.layout(**(layout or FULL_WIDTH)),
            "style": lean.style(kind, description_width=label_width)}


def _text_input(spec: FieldSpec, long: bool) -> widgets.Widget:
    if long:
        return widgets.Textarea(rows=spec.limits.get("rows", 4), **_look(widgets.Text))
    return widgets.Text(**_look(widgets.Text))


def make_input(spec: FieldSpec, options: list[tuple[str, Any]]) -> widgets.Widget:
    """One input widget for a (non-prompts) field."""
    kind = spec.type
    if kind in ("short_text", "number"):
        return _text_input(spec, long=False)
    if kind in ("long_text", "lines"):
        return _text_input(spec, long=True)
    if kind == "date":
        return DayFirstDate(**_look(widgets.Text, width="16em"))
    if kind == "yes_no":  # its own description is the visible label
        return widgets.Checkbox(value=False, indent=False,
                                **_look(widgets.Checkbox, label_width="initial"))
    if kind == "scale_1_5":  # a RatingGroup shows its name itself
        return RatingGroup([(NOT_SET, None)] + [(str(n), n) for n in range(1, 6)], help=spec.help,
                           layout=lean.layout())
    multiple = kind == "multi_choice" or (kind == "focus_area_picker" and spec.id == "focus_area_ids")
    if multiple:
        return widgets.SelectMultiple(options=options, rows=min(max(len(options), 2), 8),
                                      **_look(widgets.Dropdown))
    choices = options if spec.required else [(NO_ONE if "picker" in kind else NOT_SET, None),
                                              *options]
    dropdown = widgets.Dropdown(options=choices, value=None, **_look(widgets.Dropdown))
    choose(dropdown, None)
    return dropdown


def choose(widget: widgets.Widget, value: Any) -> None:
    """Select ``value`` in a one-choice input (None when it is not among the options).

    An ipywidgets Dropdown with value None selects nothing and shows a blank box even when
    it has a "(nobody)" or "Not set" option for None: that option is selected by its index.
    """
    values = [option[1] for option in _pairs(widget)]
    widget.value = value if value in values else None
    if widget.value is None and None in values and hasattr(widget, "index"):
        widget.index = values.index(None)


def _heading(text: str, help_text: str) -> widgets.HTML:
    heading = f"<strong>{html.escape(text, quote=False)}</strong>"
    if help_text:
        heading += f"<br><small>{html.escape(help_text, quote=False)}</small>"
    return lean.html(heading)


INLINE_LABEL_TYPES = ("yes_no", "scale_1_5")  # the input's own description is the visible label
MULTI_SELECT_HINT = "Hold Ctrl (Cmd on a Mac) to choose more than one."


def _text(markup_tag: str, text: str) -> widgets.HTML:
    return lean.html(f"<{markup_tag}>{html.escape(text, quote=False)}</{markup_tag}>")


def _prompt_inputs(spec: FieldSpec, template: FormTemplate
                   ) -> tuple[list[widgets.Widget], dict[str, widgets.Widget]]:
    """One labelled answer box per prompt of the reflection template."""
    children: list[widgets.Widget] = []
    inputs: dict[str, widgets.Widget] = {}
    for prompt in template.prompts():
        input_id = f"{spec.id}.{prompt.id}"
        area = widgets.Textarea(rows=spec.limits.get("rows", 4), **_look(widgets.Text))
        _describe(area, spec, prompt.label, input_id)
        inputs[input_id] = area
        children.extend([_text("em", prompt.label), area])
    return children, inputs


def build_field(spec: FieldSpec, template: FormTemplate, workspace: Workspace,
                user_id: str) -> FieldWidgets:
    """The widgets of one field, in a box with its label, help and message line."""
    message = lean.html("")
    message.add_class("candle-message")
    message.add_class(f"candle-message-{css_id(spec.id)}")
    label = spec.label + (" (required)" if spec.required else "")
    option_sets: dict[str, list[tuple[str, Any]]] = {}
    if spec.type == "prompts":
        children, inputs = _prompt_inputs(spec, template)
        children.insert(0, _heading(label, spec.help))
    else:
        options = options_for(spec, workspace, user_id)
        option_sets[spec.id] = options
        widget = make_input(spec, options)
        _describe(widget, spec, spec.label, spec.id)
        inputs = {spec.id: widget}
        if spec.type in INLINE_LABEL_TYPES:
            children = [widget, _text("small", spec.help)]
        else:
            help_text = spec.help
            if isinstance(widget, widgets.SelectMultiple):
                help_text = f"{help_text} {MULTI_SELECT_HINT}".strip()
            children = [_heading(label, help_text), widget]
            if spec.type in ("focus_area_picker", "practitioner_picker") and not options:
                children.append(_text("small", _empty_picker(spec)))
    children.append(message)
    box = lean.vbox(children, margin="0 0 0.8em 0")
    box.add_class("candle-field")
    box.add_class(f"candle-box-{css_id(spec.id)}")
    return FieldWidgets(spec, box, inputs, message, option_sets)


def _empty_picker(spec: FieldSpec) -> str:
    if spec.type == "focus_area_picker":
        return "You have no active focus areas yet: add one in the Focus areas notebook first."
    return "Nobody names you as their lead yet."


def read_input(spec: FieldSpec, widget: widgets.Widget) -> tuple[Any, str]:
    """The value of one input as the record wants it, and a problem ('' if none).

    Empty inputs give None (or an empty list), so the record's default applies.
    """
    value = widget.value
    kind = spec.type
    if kind == "date":
        return read_date(value)
    if kind in ("short_text", "long_text", "prompts"):
        return (value.strip() or None), ""
    if kind == "lines":
        return [line.strip() for line in value.splitlines() if line.strip()], ""
    if kind == "number":
        text = value.strip()
        if not text:
            return None, ""
        try:
            return int(text), ""
        except ValueError:
            return None, f"'{text}' is not a whole number; write digits only, e.g. 45"
    if kind in ("multi_choice",) or isinstance(value, tuple):
        return list(value), ""
    return value, ""


def limit_problem(spec: FieldSpec, value: Any) -> str:
    """What breaks the template's ``limits`` for ``value`` ('' when nothing does)."""
    limits = spec.limits
    if isinstance(value, str):
        if "max_length" in limits and len(value) > limits["max_length"]:
            return (f"this is too long: keep it to {limits['max_length']} characters or fewer "
                    f"(it has {len(value)})")
        if "min_length" in limits and len(value) < limits["min_length"]:
            return f"write at least {limits['min_length']} characters"
    if isinstance(value, int) and not isinstance(value, bool):
        if "min" in limits and value < limits["min"]:
            return f"use {limits['min']} or more"
        if "max" in limits and value > limits["max"]:
            return f"use {limits['max']} or less"
    if isinstance(value, list) and "max" in limits and len(value) > limits["max"]:
        return f"choose at most {limits['max']}"
    return ""


def is_empty(value: Any) -> bool:
    """True for an unanswered value (None, '', empty list)."""
    return value is None or value == "" or value == [] or value == ()


def set_input(spec: FieldSpec, widget: widgets.Widget, value: Any) -> None:
    """Put a stored or drafted ``value`` into an input; values that no longer fit are dropped."""
    kind = spec.type
    if kind == "date":
        widget.value = as_day_first(value)
    elif kind in ("short_text", "long_text", "prompts", "number"):
        widget.value = "" if value is None else str(value)
    elif kind == "lines":
        widget.value = "\n".join(value) if isinstance(value, list | tuple) else str(value or "")
    elif kind == "yes_no":
        widget.value = bool(value)
    elif isinstance(widget, widgets.SelectMultiple):
        allowed = {option[1] for option in _pairs(widget)}
        widget.value = tuple(v for v in (value or ()) if v in allowed)
    else:
        choose(widget, value)


def _pairs(widget: widgets.Widget) -> list[tuple[str, Any]]:
    return [opt if isinstance(opt, tuple) else (str(opt), opt) for opt in widget.options]


def filtered_options(options: list[tuple[str, Any]], spec: FieldSpec, group: Any,
                     parent_label: str = "") -> list[tuple[str, Any]]:
    """The choices of ``spec`` (``options``: all of them) once its parent field holds ``group``:
    those of that vocabulary group, after "Not set" when the field is optional. Before a group
    is chosen, the one choice "Choose the <parent> first" (the whole list would repeat a step
    that belongs to several levels, once per level)."""
    if group is None:
        return [(f"Choose the {parent_label.lower() or 'field above'} first", None)]
    groups = {option.id: option.group for option in spec.options}
    chosen = [pair for pair in options if groups.get(pair[1]) == group]
    return chosen if spec.required else [(NOT_SET, None), *chosen]


def json_value(value: Any) -> Any:
    """A widget value as JSON (dates as ISO text, tuples as lists)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


__all__ = ["FieldWidgets", "Option", "build_field", "choose", "default_value", "filtered_options",
           "is_empty", "json_value", "limit_problem", "read_input", "review_period_name",
           "set_input"]
