"""What the browser kept after a page lost its kernel, put back into the form and its draft
(:mod:`kit.forms.connection` keeps it; a mixin of :class:`kit.forms.controller.FormView`,
whose attributes it uses)."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from kit.forms import connection
from kit.forms.widgets import json_value


class KeptInBrowser:
    """Restoring browser-kept values into a form view (needs FormView's attributes)."""

    def _kept_inputs(self) -> dict[str, widgets.Widget]:
        """The inputs whose values the browser keeps once the page lost its kernel (an
        editor's list of earlier records too, under :data:`connection.RECORD`)."""
        picker = getattr(self, "picker", None)
        return {**self.inputs, connection.RECORD: picker} if picker is not None else self.inputs

    def restore_kept(self, kept: dict[str, Any]) -> None:
        """Put back what the browser kept after the page lost its kernel (see
        :mod:`kit.forms.connection`), write it into the draft at once and let the browser
        forget it. In an editor the record it was changing is chosen again first."""
        values = connection.kept_values(self._kept_inputs(), kept)
        record = values.pop(connection.RECORD, None)
        picker = getattr(self, "picker", None)
        if record is not None and picker is not None and picker.value != record:
            picker.value = record  # loads it, as choosing it does
        now = self.values()
        if all(json_value(value) == now.get(name) for name, value in values.items()):
            self.guard.taken += 1  # nothing typed beyond what the form holds: nothing to say
            return
        self.set_values(values)
        self._unchanged_since_save = False
        self.drafts.write_now()
        self._draft_bar.show("<span role='status'>Restored what you typed after the page lost "
                             "its connection; it is in your draft again.</span>")
        self.guard.taken += 1
