"""Template-driven widget forms: ``open_form``, ``open_editor``, ``open_entries`` and ``show``.

A notebook cell needs one line::

    kit.forms.show("reflection_rolfe")

Everything a form does (validation, rules, permissions, storage) happens in
the kit; the widgets only collect values and show the result.
"""

from __future__ import annotations

from kit.forms.api import (
    open_application,
    open_editor,
    open_entries,
    open_form,
    show,
    show_application,
    show_editor,
    show_entries,
    show_following,
    show_on_request,
)
from kit.forms.controller import FormView
from kit.forms.editor import EditorView
from kit.forms.entries import EntryEditor
from kit.forms.template import FormTemplate, form_names, load_template, parse_template

__all__ = [
    "EditorView",
    "EntryEditor",
    "FormTemplate",
    "FormView",
    "form_names",
    "load_template",
    "open_application",
    "open_editor",
    "open_entries",
    "open_form",
    "parse_template",
    "show",
    "show_application",
    "show_editor",
    "show_entries",
    "show_following",
    "show_on_request",
]
