"""A gentle privacy hint beside each free-text box, while the practitioner types.

Every input that fills a record field marked ``privacy: free_text`` (a focus
area's label and aim, a micro-project's idea, every reflection prompt, ...) gets
a hint line right below it. On each change the text is checked by
:func:`kit.capture.privacy.warning` (the research scrubber and the practitioner's
own names to hide); the hint says what looks identifying and suggests a label.
It never blocks saving: the store's rules refuse only a focus-area label that
uses a name to hide.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import ipywidgets as widgets

from kit.capture import privacy
from kit.forms.widgets import FieldWidgets, css_id
from kit.model.records import Record, field_privacy
from kit.store.workspace import Workspace
from kit.views import lean

HINT_CLASS = "candle-privacy-hint"


def watched_inputs(model: type[Record], fields: Iterable[FieldWidgets]) -> dict[str, widgets.Widget]:
    """The text inputs whose record field is free text (input id -> widget)."""
    watched = {}
    for built in fields:
        name = built.spec.id
        if name in model.model_fields and field_privacy(model, name) == "free_text":
            watched.update({input_id: widget for input_id, widget in built.inputs.items()
                            if isinstance(widget, (widgets.Text, widgets.Textarea))})
    return watched


class PrivacyHints:
    """The hint lines of one form, kept up to date as its free-text inputs change."""

    def __init__(self, model: type[Record], fields: Iterable[FieldWidgets], workspace: Workspace,
                 practitioner_id: str) -> None:
        built = list(fields)
        self.names = privacy.hidden_names(workspace.store, practitioner_id)
        self.hints: dict[str, widgets.HTML] = {}
        for input_id, widget in watched_inputs(model, built).items():
            hint = lean.html("")
            hint.add_class(HINT_CLASS)
            hint.add_class(f"{HINT_CLASS}-{css_id(input_id)}")
            self.hints[input_id] = hint
            _place_after(built, widget, hint)
            widget.observe(lambda change, key=input_id: self.check(key, change["new"]), names="value")

    def check(self, input_id: str, text: object) -> str:
        """Check ``text`` typed into ``input_id`` and show (and return) the hint ('' if none)."""
        found = privacy.warning(str(text or ""), self.names)
        self.hints[input_id].value = (
            f"<span role='status' style='color:#7a4b00'>{html.escape(found)}</span>" if found else "")
        return found

    def refresh_names(self, workspace: Workspace, practitioner_id: str) -> None:
        """Read the names to hide again (after the practitioner added some)."""
        self.names = privacy.hidden_names(workspace.store, practitioner_id)


def _place_after(fields: list[FieldWidgets], widget: widgets.Widget, hint: widgets.HTML) -> None:
    for built in fields:
        children = list(built.box.children)
        if widget in children:
            children.insert(children.index(widget) + 1, hint)
            built.box.children = tuple(children)
            return
