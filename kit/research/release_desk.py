"""The release queue as one lead works it, whichever way the page reaches the workspace.

:class:`ReleaseDesk` is what the release page (:mod:`kit.research.release_widgets`) needs:
the held reflections waiting for this lead, masking words in one, and deciding a page.
:class:`FolderDesk` does it on a workspace folder with :mod:`kit.research.release_queue`;
the workspace interface (:mod:`kit.hub`) offers the same three methods, locally through a
``FolderDesk`` and on a hub through its service, so the page never asks which it has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from kit.errors import KitError
from kit.research import release_queue, release_scope
from kit.research.release_queue import HeldNote
from kit.store.workspace import Workspace


@dataclass(frozen=True)
class PageOutcome:
    """What became of a page of decisions: references confirmed, kept back, and refused
    (each with the sentence saying why, e.g. another lead changed its text meanwhile)."""

    confirmed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)


class ReleaseDesk(Protocol):
    """The release queue as seen by one lead."""

    def release_items(self) -> list[HeldNote]:
        """The held reflections waiting for this lead, oldest first."""
        ...

    def release_mask(self, ref: str, span: str, kind: str = "NAME") -> HeldNote:
        """Mask every mention of ``span`` in held reflection ``ref`` as ``[KIND]``; its new text."""
        ...

    def release_confirm(self, seen: Mapping[str, Mapping[str, str]],
                        keep_back: Sequence[str] = ()) -> PageOutcome:
        """Release each reflection in ``seen`` (reference to the text the lead was shown) and
        keep back those in ``keep_back``; a changed text is refused, not released."""
        ...


@dataclass(frozen=True)
class FolderDesk:
    """The release queue of the workspace folder ``ws``, worked by ``lead``."""

    ws: Workspace
    lead: str

    def __post_init__(self) -> None:
        release_queue.check_lead(self.ws, self.lead)

    def release_items(self) -> list[HeldNote]:
        """The held reflections of this lead's practitioners still waiting, oldest first."""
        return [state.note for state in release_scope.waiting(self.ws, self.lead)]

    def release_mask(self, ref: str, span: str, kind: str = "NAME") -> HeldNote:
        """Mask words in one of this lead's held reflections (it then waits for a confirm)."""
        release_scope.held_for(self.ws, self.lead, ref)
        return release_queue.mask(self.ws, ref, self.lead, span, kind).note

    def release_confirm(self, seen: Mapping[str, Mapping[str, str]],
                        keep_back: Sequence[str] = ()) -> PageOutcome:
        """Decide a page: each reference is confirmed (as seen) or kept back, or refused."""
        outcome = PageOutcome()
        for ref in [*keep_back, *(ref for ref in seen if ref not in keep_back)]:
            try:
                release_scope.held_for(self.ws, self.lead, ref)
                if ref in keep_back:
                    release_queue.withhold(self.ws, ref, self.lead)
                    outcome.kept.append(ref)
                else:
                    release_queue.confirm(self.ws, ref, self.lead, seen=dict(seen[ref]))
                    outcome.confirmed.append(ref)
            except KitError as error:
                outcome.problems.append((ref, str(error)))
        return outcome


def note_from_json(data: Mapping[str, Any]) -> HeldNote:
    """The held note :func:`to_json` wrote."""
    return HeldNote(str(data["record_id"]), str(data["practitioner_id"]), str(data["template"]),
                    str(data["reflection_date"]), {str(k): str(v) for k, v in data["text"].items()})


def outcome_from_json(data: Mapping[str, Any]) -> PageOutcome:
    """The page outcome :func:`to_json` wrote."""
    return PageOutcome(list(data["confirmed"]), list(data["kept"]),
                       [(str(ref), str(why)) for ref, why in data["problems"]])


def to_json(value: HeldNote | PageOutcome) -> dict[str, Any]:
    """A held note or a page outcome as plain JSON values."""
    return asdict(value)
