"""Who is calling, and in which roles: the kit's kinds of person, from hub groups.

On a hub, a person's kinds (practitioner, lead, link, researcher, admin) are the hub groups they
are in. The group names have defaults and can be set in the hub's configuration (the
environment of the managed service), so a learning system can reuse groups it already has.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kit.store.workspace import PersonKind, Settings

KINDS: tuple[PersonKind, ...] = ("practitioner", "lead", "link", "researcher", "admin")
DEFAULT_GROUPS: dict[PersonKind, str] = {
    "practitioner": "candle-practitioners",
    "lead": "candle-leads",
    "link": "candle-links",
    "researcher": "candle-researchers",
    "admin": "candle-admins",  # may download anyone's whole record (kit.rights)
}
GROUP_ENV = {kind: f"CANDLE_GROUP_{kind.upper()}S" for kind in KINDS}


@dataclass(frozen=True)
class GroupNames:
    """The hub group that carries each kind of person."""

    by_kind: dict[PersonKind, str] = field(default_factory=lambda: dict(DEFAULT_GROUPS))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> GroupNames:
        """Defaults, overridden by ``CANDLE_GROUP_PRACTITIONERS`` (``_LEADS``, ``_LINKS``,
        ``_RESEARCHERS``, ``_ADMINS``) where set."""
        env = os.environ if environ is None else environ
        return cls({kind: env.get(GROUP_ENV[kind]) or DEFAULT_GROUPS[kind] for kind in KINDS})

    def kinds_of(self, groups: Iterable[str]) -> list[PersonKind]:
        """The kinds a member of ``groups`` has, in the kit's order."""
        member_of = set(groups)
        return [kind for kind in KINDS if self.by_kind[kind] in member_of]


def people_ignored_on_hub(settings: Settings, groups: GroupNames | None = None) -> str:
    """The sentence saying that ``kit.yaml``'s people grant no rights on a hub ('' when it
    names nobody): ``candle check`` prints it, and the service can log it as it starts."""
    count = len(settings.people)
    if not count:
        return ""
    names = ", ".join((groups or GroupNames.from_env()).by_kind[kind] for kind in KINDS)
    people = "1 person" if count == 1 else f"{count} people"
    return (f"kit.yaml names {people}: on a hub they are ignored for rights, which come only from "
            f"the hub's groups ({names}); kit.yaml's people count only where the workspace is "
            "used on one machine.")


@dataclass(frozen=True)
class Caller:
    """A signed-in person: their hub user name (the kit's person id) and their kinds."""

    id: str
    kinds: tuple[PersonKind, ...]

    def has(self, kind: PersonKind) -> bool:
        """Whether the caller has ``kind``."""
        return kind in self.kinds
