"""The choices of a form's pickers: filtered by the field they depend on, reloaded after a save,
and an earlier record's closed focus area kept choosable (a mixin of
:class:`kit.forms.controller.FormView`, whose attributes it uses)."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from kit.forms.widgets import choose, filtered_options, options_for, set_input
from kit.model.records import FocusArea


class FormChoices:
    """Picker choices for a form view (needs FormView's attributes)."""

    def _filter_dependent(self, spec, parent_value: Any) -> None:
        widget = self.inputs[spec.id]
        options = filtered_options(self.fields[spec.id].option_sets[spec.id], spec, parent_value,
                                   self.template.field(spec.depends_on).label)
        keep = widget.value
        loading, self._loading = self._loading, True
        try:
            widget.options = options
            choose(widget, keep)
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
