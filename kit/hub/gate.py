"""Who may use a route at all, asked of the caller's roles alone, before anything is read:
each route of the service names one of these, and a caller in none of the kit's roles is
refused everywhere but ``whoami`` (:func:`any_role`). What they may then read or write is
the kit's own rules' business (:mod:`kit.hub.access`, :mod:`kit.capture.permissions`,
:mod:`kit.reviews.rights`, :mod:`kit.rights`)."""

from __future__ import annotations

from collections.abc import Callable

from kit.capture import permissions
from kit.errors import PermissionDenied
from kit.hub import access
from kit.hub.roles import Caller
from kit.model.records import ReviewShare
from kit.reviews import rights
from kit.rights.interface import require_admin
from kit.store.workspace import Person

Gate = Callable[[Caller], None]


def anyone(caller: Caller) -> None:
    """Every signed-in hub user (``whoami``: who they are, and that they have no role)."""


def any_role(caller: Caller) -> None:
    """Anyone in at least one of the kit's groups."""
    if not caller.kinds:
        raise access.no_role(caller)


def practitioner_or_lead(caller: Caller) -> None:
    """The people who read and write records: practitioners (their own) and leads."""
    any_role(caller)
    if not (caller.has("practitioner") or caller.has("lead")):
        raise access.LINK_ONLY if caller.has("link") else access.RESEARCHER_ONLY


def lead(what: str) -> Gate:
    """Lead practitioners only; ``what`` names what is asked for."""
    def check(caller: Caller) -> None:
        any_role(caller)
        access.require(caller, "lead", what)
    return check


def link(what: str) -> Gate:
    """Link practitioners only; ``what`` names what is asked for."""
    def check(caller: Caller) -> None:
        any_role(caller)
        access.require(caller, "link", what)
    return check


def runs_reviews(caller: Caller) -> None:
    """Lead practitioners, who run reviews (:func:`kit.reviews.rights.check_may_run`)."""
    any_role(caller)
    rights.check_may_run(caller.id, caller.kinds)


def shares_reviews(caller: Caller) -> None:
    """Lead practitioners, who share their practitioners' reviews (the writing rule's own
    refusal, :func:`kit.capture.permissions.refusal`)."""
    any_role(caller)
    if not caller.has("lead"):
        raise permissions.refusal(Person(id=caller.id, name=caller.id, kinds=list(caller.kinds)),
                                  ReviewShare.TABLE)


def sees_packages(caller: Caller) -> None:
    """Researchers and lead practitioners, who see research export packages."""
    any_role(caller)
    if not (caller.has("researcher") or caller.has("lead")):
        raise PermissionDenied("Only researchers and lead practitioners can see research export "
                               "packages.", "Ask a lead practitioner if you need one.")


def admin(what: str) -> Gate:
    """Administrators only (the hub group ``candle-admins``); ``what`` names what they may do."""
    def check(caller: Caller) -> None:
        any_role(caller)
        require_admin(caller.id, caller.kinds, what)
    return check
