"""The research release queue on the workspace interface, on a folder: a lead works through
the held reflections of the practitioners who name them (:mod:`kit.research.release_desk`).
:class:`kit.hub.local.LocalBackend` takes these methods; the hub's service runs them for
each caller, so a kernel on a hub (which never writes the shared workspace) asks the service."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kit.hub import access
from kit.hub.roles import Caller
from kit.research.release_desk import FolderDesk
from kit.research.release_interface import PageOutcome
from kit.research.release_queue import HeldNote
from kit.store.workspace import Workspace


class LocalRelease:
    """The release-queue half of the workspace interface, for a backend on a folder."""

    workspace: Workspace
    caller: Caller

    def _desk(self) -> FolderDesk:
        access.require(self.caller, "lead", "the research release queue")
        return FolderDesk(self.workspace, self.caller.id)

    def release_items(self) -> list[HeldNote]:
        """The held reflections waiting for this lead (their own practitioners'), oldest first."""
        return self._desk().release_items()

    def release_mask(self, ref: str, span: str, kind: str = "NAME") -> HeldNote:
        """Mask words in one held reflection; its text after the mask."""
        return self._desk().release_mask(ref, span, kind)

    def release_confirm(self, seen: Mapping[str, Mapping[str, str]],
                        keep_back: Sequence[str] = ()) -> PageOutcome:
        """Release the reflections in ``seen`` as the lead saw them, keep back ``keep_back``."""
        return self._desk().release_confirm(seen, keep_back)
