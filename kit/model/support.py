"""Who supports whom: the one definition of the rule.

A practitioner is supported by the Lead and the Link practitioner their profile
names (``lead_id``, ``link_id``). The store's records, the compiled profile table
and a review's profile versions all answer through :func:`supported_by`, so a
lead's permissions, their roster and their cohort review cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

SupportRole = Literal["lead", "link"]
SUPPORTER_FIELDS: dict[str, str] = {"lead": "lead_id", "link": "link_id"}
"""The profile field naming each kind of supporter."""


def supporter_of(profile: Any, role: SupportRole = "lead") -> str | None:
    """The ``role`` supporter ``profile`` names (a Profile record or a profile table row), or None."""
    value = getattr(profile, SUPPORTER_FIELDS[role], None)
    return value if isinstance(value, str) and value else None


def supports(profile: Any, supporter_id: str, role: SupportRole = "lead") -> bool:
    """Whether ``profile`` names ``supporter_id`` as the practitioner's ``role`` supporter."""
    return supporter_of(profile, role) == supporter_id


def supported_by(profiles: Iterable[Any], supporter_id: str, role: SupportRole = "lead") -> list[str]:
    """The practitioners (sorted, once each) whose given profile versions name ``supporter_id``.

    ``profiles`` are Profile records or rows with the same fields (``DataFrame.itertuples()``);
    which versions count (the latest, or those in effect in a period) is the caller's choice.
    """
    return sorted({str(profile.practitioner_id) for profile in profiles
                   if supports(profile, supporter_id, role)})
