"""The licence's own rule: applying with a micro-project idea is applying for the licence.

A practitioner applies for the Mini Candle licence with a micro-project idea
(DOMAIN.md), so the first micro-project saved through a form also starts the
licence timeline with an 'applied' event, dated today. Batch paths (import,
the demo generator) write their licence events explicitly and do not use this.
"""

from __future__ import annotations

from pathlib import Path

from kit.capture.submit import submit
from kit.model.dates import latest_today
from kit.model.records import LicenceEvent, MicroProject
from kit.store.workspace import Workspace

APPLIED_REASON = "Applied for the licence with a micro-project idea."


def save_application(workspace: Workspace, project: MicroProject,
                     acting_user: str | None = None) -> Path:
    """Store ``project``; if the practitioner's licence has no event yet, record 'applied' too.

    Saving the same application twice adds nothing: the project's file is
    idempotent and the second time the licence already has its event.
    """
    path = submit(workspace, project, acting_user)
    if not workspace.store.latest(LicenceEvent.TABLE, project.practitioner_id):
        applied = LicenceEvent.new(practitioner_id=project.practitioner_id,
                                   author_id=project.author_id, event="applied",
                                   event_date=latest_today(), reason=APPLIED_REASON)
        submit(workspace, applied, acting_user)
    return path
