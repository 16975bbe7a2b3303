"""The hub as the list of people: who is in which candle group, asked with the service's own
token (its role needs ``list:groups`` and ``read:groups``) and kept for a few seconds."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

from tornado.httpclient import AsyncHTTPClient, HTTPClientError

from kit.errors import StoreError
from kit.hub.roles import KINDS, Caller, GroupNames

CACHE_SECONDS = 5.0


@dataclass
class HubDirectory:
    """Group membership from the hub API at ``api_url`` (e.g. http://127.0.0.1:8081/hub/api)."""

    api_url: str
    api_token: str
    groups: GroupNames = field(default_factory=GroupNames.from_env)
    cache_seconds: float = CACHE_SECONDS
    _members: dict[str, set[str]] = field(default_factory=dict)
    _fetched_at: float = float("-inf")
    _pending: asyncio.Future | None = None

    async def _fetch(self) -> dict[str, set[str]]:
        members: dict[str, set[str]] = {}
        client = AsyncHTTPClient()
        for kind in KINDS:
            name = self.groups.by_kind[kind]
            url = f"{self.api_url.rstrip('/')}/groups/{name}"
            try:
                response = await client.fetch(url, headers={"Authorization": f"token {self.api_token}"})
            except HTTPClientError as error:
                if error.code == 404:  # the hub has no such group yet: nobody in it
                    members[name] = set()
                    continue
                raise StoreError(f"The hub did not list the members of group {name} ({error.code}).",
                                 "Check the candle service's role in the hub configuration.") from None
            members[name] = set(json.loads(response.body).get("users", []))
        return members

    async def members(self) -> dict[str, set[str]]:
        """Group name -> user names, at most ``cache_seconds`` old. Requests arriving while the
        hub is being asked wait for that one answer (the hub is asked once, not once each)."""
        if time.monotonic() - self._fetched_at <= self.cache_seconds:
            return self._members
        if self._pending is None:
            self._pending = asyncio.ensure_future(self._fetch())
        pending = self._pending
        try:
            members = await pending
        finally:
            if self._pending is pending:
                self._pending = None
        if pending.done() and not pending.exception():
            self._members, self._fetched_at = members, time.monotonic()
        return members

    async def caller(self, user_name: str) -> Caller:
        """``user_name`` with the kinds their groups give them."""
        members = await self.members()
        return Caller(user_name, tuple(self.groups.kinds_of(
            group for group, users in members.items() if user_name in users)))

    async def people(self) -> dict[str, list[str]]:
        """Everyone in a candle group -> their kinds, in the kit's order."""
        members = await self.members()
        everyone = sorted(set().union(*members.values())) if members else []
        return {user: self.groups.kinds_of(g for g, users in members.items() if user in users)
                for user in everyone}
