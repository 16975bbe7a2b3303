"""My profile: one profile per practitioner, changed in place of a second one.

The form opens with the practitioner's current profile (or, the first time, their name
from the workspace and the usual role); Save stores the first version, and later a new
version of the same profile with the reason "Changed in My profile", so the lead and Link
named in it are always the ones in their lists. A field emptied here (no lead any more)
is emptied in the new version too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit.capture.profiles import current_profile
from kit.forms import saving
from kit.forms.collect import model_default
from kit.forms.controller import FormView

CHANGE_REASON = "Changed in My profile"


class ProfileView(FormView):
    """The My profile form: shows the current profile; Save stores it or a new version of it."""

    def _restore_draft(self) -> None:
        self.editing = current_profile(self.workspace.store, self.user_id)
        if self.editing is not None:
            self._load_values(self.editing)
        else:
            self.set_values({"display_name": self.workspace.person(self.user_id).name})
        super()._restore_draft()

    def _store(self, content: dict[str, Any]) -> Path:
        if self.editing is None:
            path = super()._store(content)
            self.editing = current_profile(self.workspace.store, self.user_id)
            return path
        for spec in self.template.fields:  # an emptied field is emptied in the new version
            content.setdefault(spec.id, model_default(self.model, spec.id, self.editing))
        self.editing = saving.store_edit(self.backend, self.model, self.editing, content,
                                         CHANGE_REASON)
        return self.workspace.store.path_for(self.editing)
