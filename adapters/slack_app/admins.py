"""Who may change workspace settings: Slack admins/owners (users.info) or the allowlist."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

ADMIN_FLAGS = ("is_admin", "is_owner", "is_primary_owner")


class AdminCheck:
    """Answers "is this user an admin?", caching users.info per user for `ttl` seconds."""

    def __init__(
        self,
        *,
        client: AsyncWebClient,
        allowlist: frozenset[str] = frozenset(),
        ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.allowlist = allowlist
        self.ttl = ttl
        self.clock = clock
        self._cache: dict[str, tuple[float, bool]] = {}

    async def is_admin(self, user: str) -> bool:
        """True for allowlisted users and workspace admins/owners; False when Slack can't say."""
        if user in self.allowlist:
            return True
        now = self.clock()
        cached = self._cache.get(user)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            response = await self.client.users_info(user=user)
        except SlackApiError as exc:
            log.warning("users.info failed for %s: %s", user, exc.response.get("error"))
            return False
        info = response.get("user") or {}
        admin = any(bool(info.get(flag)) for flag in ADMIN_FLAGS)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[user] = (now + self.ttl, admin)
        return admin
