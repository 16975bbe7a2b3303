"""The service's release-queue routes: a lead reads and decides the held reflections of the
practitioners who name them; anyone else gets a 403 sentence before anything is read.
Decisions are writes: they run one at a time on a writer thread (so two confirms never
interleave, and a confirm of a text another lead just changed is refused inside the queue)
and are audited by the held reflections' references, never their text."""

from __future__ import annotations

from functools import partial
from typing import Any

from kit.hub import gate
from kit.hub.service import ApiHandler, ServiceState
from kit.research.release_interface import to_json

QUEUE_LOCK = "research release queue"  # one lock: decisions on the queue never interleave
MAX_KIND_CHARS = 24


class ReleaseHandler(ApiHandler):
    """The release queue's routes: for lead practitioners only."""

    may_use = staticmethod(gate.lead("the research release queue"))


class ReleaseItemsHandler(ReleaseHandler):
    """``GET api/release``: the held reflections waiting for the calling lead."""

    def get(self) -> None:
        """``{"items": [held note, ...]}``."""
        items = self.backend().release_items()
        self.answer({"items": [to_json(item) for item in items]})


class ReleaseMaskHandler(ReleaseHandler):
    """``POST api/release/mask``: mask words in one held reflection (``ref``, ``span``, ``kind``)."""

    async def post(self) -> None:
        """``{"item": held note after the mask}``."""
        body = self.body()
        ref, span = body.ref("ref"), body.text("span")
        kind = body.text("kind", "NAME", max_chars=MAX_KIND_CHARS) or "NAME"
        body.check()
        mask = partial(self.backend().release_mask, ref, span, kind)
        note = await self.in_writer(QUEUE_LOCK, mask)
        await self.write_done({"item": to_json(note)}, release="mask", ref=ref,
                              practitioner_id=note.practitioner_id)


class ReleaseConfirmHandler(ReleaseHandler):
    """``POST api/release/confirm``: decide a page (``seen``: reference to the text shown;
    ``keep_back``: references never to release)."""

    async def post(self) -> None:
        """The page's outcome: ``confirmed``, ``kept`` and ``problems`` (reference, sentence)."""
        body = self.body()
        seen, keep_back = body.texts_by_ref("seen"), body.refs("keep_back")
        body.check()
        decide = partial(self.backend().release_confirm, seen, keep_back)
        outcome = await self.in_writer(QUEUE_LOCK, decide)
        await self.write_done(to_json(outcome), release="confirm", confirmed=outcome.confirmed,
                              kept=outcome.kept, refused=[ref for ref, _ in outcome.problems])


def routes(prefix: str, state: ServiceState) -> list[tuple[str, type, dict[str, Any]]]:
    """The release-queue routes under ``prefix``."""
    api, shared = f"{prefix}api/", {"state": state}
    return [
        (f"{api}release", ReleaseItemsHandler, shared),
        (f"{api}release/mask", ReleaseMaskHandler, shared),
        (f"{api}release/confirm", ReleaseConfirmHandler, shared),
    ]

