"""The release queue as one lead works it on a workspace folder: :class:`FolderDesk` is the
:class:`kit.research.release_interface.ReleaseDesk` over :mod:`kit.research.release_queue`,
scoped to the lead's own practitioners (:mod:`kit.research.release_scope`). The workspace
interface's local backend uses it, and the hub's service runs that backend for each caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kit.errors import KitError
from kit.research import release_queue, release_scope
from kit.research.release_interface import PageOutcome
from kit.research.release_queue import HeldNote
from kit.store.workspace import Workspace


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
