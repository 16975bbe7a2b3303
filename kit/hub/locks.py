"""One lock per key (a practitioner's id), kept only while someone holds or waits for it.

The service writes one practitioner's records one at a time; a map of locks that kept an
entry for every id ever asked about would grow with ids nobody owns. Here an entry lives
exactly as long as a request uses it, so the map never holds more keys than requests in
flight. Keys are ids already checked (:mod:`kit.hub.fields`). Used on the event loop only.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class KeyedLocks:
    """``async with locks.hold(key):`` one holder per key at a time."""

    _held: dict[str, tuple[asyncio.Lock, int]] = field(default_factory=dict)

    def __len__(self) -> int:
        """How many keys are held or waited for now."""
        return len(self._held)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Hold ``key``'s lock for the block (waiting for whoever holds it); the entry is
        dropped when nobody holds or waits for it any more."""
        lock, users = self._held.get(key, (None, 0))
        lock = lock or asyncio.Lock()
        self._held[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._held[key]
            if users <= 1:
                del self._held[key]
            else:
                self._held[key] = (lock, users - 1)
