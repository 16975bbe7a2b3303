"""The research release queue on the workspace interface, over HTTP: a lead's hub kernel
asks the candle service (:mod:`kit.hub.release_handlers`), which decides in the shared
workspace. :class:`kit.hub.client.RemoteBackend` takes these methods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kit.research.release_interface import PageOutcome, note_from_json, outcome_from_json
from kit.research.release_queue import HeldNote


class RemoteRelease:
    """The release-queue half of the workspace interface, for the service's client."""

    def _json(self, method: str, path: str, body: Any = None) -> Any:
        raise NotImplementedError  # RemoteBackend's

    def release_items(self) -> list[HeldNote]:
        """The held reflections waiting for this lead, as the service reads them."""
        return [note_from_json(item) for item in self._json("GET", "api/release")["items"]]

    def release_mask(self, ref: str, span: str, kind: str = "NAME") -> HeldNote:
        """Ask the service to mask words in one held reflection; its text after the mask."""
        body = {"ref": ref, "span": span, "kind": kind}
        return note_from_json(self._json("POST", "api/release/mask", body)["item"])

    def release_confirm(self, seen: Mapping[str, Mapping[str, str]],
                        keep_back: Sequence[str] = ()) -> PageOutcome:
        """Ask the service to decide a page (a changed text comes back as a refusal in it)."""
        body = {"seen": {ref: dict(text) for ref, text in seen.items()}, "keep_back": list(keep_back)}
        return outcome_from_json(self._json("POST", "api/release/confirm", body))
