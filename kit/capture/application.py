"""Applying for the licence: the micro-project idea, and the 'applied' step that starts it.

In the I Matter Learning System a practitioner applies for the Mini Candle licence
with a micro-project idea, so saving the idea when the licence is not applied for (or has
ended) also records an 'applied' licence event, dated today. Batch paths (import,
the demo generator) write their licence events explicitly and do not use this.
"""

from __future__ import annotations

from pathlib import Path

from kit.capture.licence import state_of
from kit.capture.submit import submit
from kit.model import licence
from kit.model.dates import latest_today
from kit.model.records import LicenceEvent, MicroProject
from kit.store.workspace import Workspace

APPLIED_REASON = "Applied for the licence with a micro-project idea."


def save_application(workspace: Workspace, project: MicroProject,
                     acting_user: str | None = None) -> Path:
    """Store ``project``; when the licence is not applied for (or has ended), record 'applied'.

    Saving the same application twice adds nothing: the project's file is
    idempotent and the second time the licence is already applied for.
    """
    state = state_of(workspace.store, project.practitioner_id)
    path = submit(workspace, project, acting_user)
    if state in (licence.NONE, licence.ENDED):
        applied = LicenceEvent.new(practitioner_id=project.practitioner_id,
                                   author_id=project.author_id, event="applied",
                                   event_date=latest_today(), reason=APPLIED_REASON)
        submit(workspace, applied, acting_user)
    return path
