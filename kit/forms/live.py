"""Live forms: lists that follow saves made elsewhere on the page, and messages that clear.

:class:`LiveForm` is mixed into :class:`kit.forms.controller.FormView`:

- after any record is saved in the same workspace (:mod:`kit.capture.events`), a form whose
  pickers or list of earlier records depend on that table reloads them, so a focus area
  added at the top of a page is at once in the change, close and names-to-hide forms below;
- when the user changes a field that shows a problem, the field is checked again and the
  message goes as soon as the field is fixed (the status line too, once no field has one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit.capture import events
from kit.forms.collect import EDIT_REASON, collect
from kit.model.records import FocusArea, Profile, Withdrawal

PICKER_TABLES = {"focus_area_picker": FocusArea.TABLE, "practitioner_picker": Profile.TABLE}


class LiveForm:
    """Listening and re-checking for a form view (needs FormView's attributes)."""

    _saving = False

    def dependent_tables(self) -> set[str]:
        """The tables whose saves change what this form offers."""
        tables = {PICKER_TABLES[spec.type] for spec in self.template.fields  # type: ignore[attr-defined]
                  if spec.type in PICKER_TABLES}
        if self.edit_mode:  # type: ignore[attr-defined]
            tables |= {self.model.TABLE, Withdrawal.TABLE, FocusArea.TABLE}  # type: ignore[attr-defined]
        return tables

    def start_listening(self) -> None:
        """Follow saves in this form's workspace (called once the widgets exist)."""
        self.stop_listening = events.listen(self._saved_elsewhere)

    def _saved_elsewhere(self, root: Path, table: str) -> None:
        if self._saving or root != self.workspace.root:  # type: ignore[attr-defined]
            return
        if table in self.dependent_tables():
            self.refresh_lists()

    def refresh_lists(self) -> None:
        """Reload what other saves may have changed (pickers; an editor also its records)."""
        self.refresh_options()  # type: ignore[attr-defined]

    def recheck_field(self, change: dict[str, Any]) -> None:
        """Clear the message of the field just changed once it has no problem of its own."""
        field_id = self._field_of(change.get("owner"))
        messages = self.field_messages  # type: ignore[attr-defined]
        if field_id is None or not messages[field_id].value:
            return
        if field_id == EDIT_REASON:
            fixed = bool(str(self.inputs[EDIT_REASON].value).strip())  # type: ignore[attr-defined]
        else:
            _content, problems = collect(self.template, self.fields,  # type: ignore[attr-defined]
                                         self.editing, self.edit_mode)  # type: ignore[attr-defined]
            fixed = field_id not in problems
        if fixed:
            messages[field_id].value = ""
            if not any(message.value for message in messages.values()):
                self.status.value = ""  # type: ignore[attr-defined]

    def _field_of(self, widget: Any) -> str | None:
        for input_id, candidate in self.inputs.items():  # type: ignore[attr-defined]
            if candidate is widget:
                return input_id if input_id == EDIT_REASON else input_id.split(".")[0]
        return None
