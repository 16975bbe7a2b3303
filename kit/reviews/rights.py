"""Who may run, read and share reviews: one rule for the lead's page, My learning and the
hub's service alike.

- Only a lead practitioner runs reviews, and only for the practitioners who name them in the
  period (:func:`kit.reviews.run.plan_reviews` with ``lead_id``) and their own cohort overview.
- A lead reads the reviews of the practitioners they support (now or in that period) and
  their own cohort overview.
- A practitioner reads their own review of a period once their lead has shared it
  (:func:`kit.views.shared_reviews.practitioner_may_read`); nobody else reads it.
- Sharing is a :class:`~kit.model.records.ReviewShare` record, so the writing rules of
  :mod:`kit.capture.permissions` decide who may share (the practitioner's own lead).
"""

from __future__ import annotations

from collections.abc import Sequence

from kit.capture import permissions
from kit.errors import PermissionDenied
from kit.model.periods import Period, parse_period
from kit.reviews.data import all_profile_versions, supported_in_period
from kit.store.workspace import Workspace
from kit.views.made_reviews import COHORT_PREFIX
from kit.views.shared_reviews import not_for_you, practitioner_may_read


def cohort_subject(lead_id: str) -> str:
    """The subject name of a lead's cohort overview (its file is ``<subject>.html``)."""
    return f"{COHORT_PREFIX}{lead_id}"


def check_may_run(person_id: str, kinds: Sequence[str]) -> None:
    """Refuse anyone but a lead practitioner."""
    if "lead" not in kinds:
        raise PermissionDenied(
            f"Only a lead practitioner runs reviews, and {person_id} is not one.",
            "A practitioner's review is run by their lead, who can then share it with them.")


def period_members(workspace: Workspace, lead_id: str, period: Period) -> list[str]:
    """The practitioners whose review ``lead_id`` makes for ``period`` (who named them in it)."""
    return supported_in_period(all_profile_versions(workspace), lead_id, period)


def lead_may_read(workspace: Workspace, lead_id: str, period: Period, subject: str) -> bool:
    """Whether ``lead_id`` may read the review of ``subject``: their cohort overview, or a
    practitioner they support now or did in ``period``."""
    if subject == cohort_subject(lead_id):
        return True
    return (subject in permissions.supported_by(workspace, lead_id)
            or subject in period_members(workspace, lead_id, period))


def check_may_read(workspace: Workspace, person_id: str, kinds: Sequence[str], period: str,
                   subject: str) -> Period:
    """The period (checked) when ``person_id`` may read its review of ``subject``; otherwise a
    :class:`PermissionDenied` saying whose reviews they may read."""
    the_period = parse_period(period)
    if "lead" in kinds and lead_may_read(workspace, person_id, the_period, subject):
        return the_period
    if "practitioner" in kinds and practitioner_may_read(workspace, person_id, the_period.name, subject):
        return the_period
    raise not_for_you(person_id, the_period.name, subject)
