"""The service's release-queue routes: a lead reads and decides the held reflections of the
practitioners who name them; anyone else gets a 403 sentence. Decisions are writes: they run
one at a time on a writer thread (so two confirms never interleave, and a confirm of a text
another lead just changed is refused inside the queue) and are audited."""

from __future__ import annotations

from functools import partial
from typing import Any

from kit.errors import PermissionDenied
from kit.hub.service import ApiHandler, ServiceState
from kit.research.release_interface import to_json

QUEUE_LOCK = "research release queue"  # one lock: decisions on the queue never interleave


class ReleaseItemsHandler(ApiHandler):
    """``GET api/release``: the held reflections waiting for the calling lead."""

    def get(self) -> None:
        """``{"items": [held note, ...]}``."""
        items = self.backend().release_items()
        self.answer({"items": [to_json(item) for item in items]})


class ReleaseMaskHandler(ApiHandler):
    """``POST api/release/mask``: mask words in one held reflection (``ref``, ``span``, ``kind``)."""

    async def post(self) -> None:
        """``{"item": held note after the mask}``."""
        body = self.body_json()
        ref = text_field(body, "ref")
        mask = partial(self.backend().release_mask, ref, text_field(body, "span"),
                       text_field(body, "kind") or "NAME")
        note = await self.in_writer(QUEUE_LOCK, mask)
        await self.write_done({"item": to_json(note)}, release="mask", ref=ref,
                              practitioner_id=note.practitioner_id)


class ReleaseConfirmHandler(ApiHandler):
    """``POST api/release/confirm``: decide a page (``seen``: reference to the text shown;
    ``keep_back``: references never to release)."""

    async def post(self) -> None:
        """The page's outcome: ``confirmed``, ``kept`` and ``problems`` (reference, sentence)."""
        body = self.body_json()
        seen, keep_back = body.get("seen") or {}, body.get("keep_back") or []
        if not isinstance(seen, dict) or not isinstance(keep_back, list):
            raise PermissionDenied("The page's decisions are not in the expected form.",
                                   "Send 'seen' as {reference: text} and 'keep_back' as a list.")
        decide = partial(self.backend().release_confirm, seen, [str(ref) for ref in keep_back])
        outcome = await self.in_writer(QUEUE_LOCK, decide)
        await self.write_done(to_json(outcome), release="confirm", confirmed=outcome.confirmed,
                              kept=outcome.kept, refused=[ref for ref, _ in outcome.problems])


def text_field(body: dict[str, Any], name: str) -> str:
    """Field ``name`` of a request body as text ('' when missing)."""
    value = body.get(name, "")
    return value if isinstance(value, str) else str(value)


def routes(prefix: str, state: ServiceState) -> list[tuple[str, type, dict[str, Any]]]:
    """The release-queue routes under ``prefix``."""
    api, shared = f"{prefix}api/", {"state": state}
    return [
        (f"{api}release", ReleaseItemsHandler, shared),
        (f"{api}release/mask", ReleaseMaskHandler, shared),
        (f"{api}release/confirm", ReleaseConfirmHandler, shared),
    ]

