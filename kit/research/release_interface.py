"""What the release page (:mod:`kit.research.release_widgets`) asks of the workspace: the
held reflections waiting for this lead, masking words in one, and deciding a page.

:class:`kit.research.release_desk.FolderDesk` does it on a folder; the workspace interface
(:class:`kit.hub.backend.WorkspaceBackend`) includes it, locally through a ``FolderDesk`` and
on a hub through its service, so the page never asks which it has. This module stays light
(no pandas): every form page imports the interface.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from kit.research.release_queue import HeldNote


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
