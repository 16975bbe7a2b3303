"""The service's per-practitioner locks (kit.hub.locks): one holder per key at a time, and
an entry only while someone holds or waits for it."""

from __future__ import annotations

import asyncio

from kit.hub.locks import KeyedLocks


def test_one_holder_per_key_and_nothing_kept_afterwards() -> None:
    async def scenario() -> tuple[list[str], list[int]]:
        locks, order, sizes = KeyedLocks(), [], []
        first_in, let_go = asyncio.Event(), asyncio.Event()

        async def first() -> None:
            async with locks.hold("p01"):
                order.append("first in")
                first_in.set()
                await let_go.wait()
                order.append("first out")

        async def second() -> None:
            await first_in.wait()
            async with locks.hold("p01"):
                order.append("second in")

        async def other() -> None:
            await first_in.wait()
            async with locks.hold("p02"):  # another practitioner is not kept waiting
                order.append("other in")
                sizes.append(len(locks))
            let_go.set()

        await asyncio.gather(first(), second(), other())
        sizes.append(len(locks))
        return order, sizes

    order, sizes = asyncio.run(scenario())
    assert order == ["first in", "other in", "first out", "second in"]
    assert sizes == [2, 0]
