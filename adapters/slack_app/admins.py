"""Who may change workspace settings: Slack admins/owners (users.info) or the allowlist.

The front end asks only for commands the registry marks admin-only (`Tutor.needs_admin`),
so a slow or failing users.info never holds up `help`, `quiz` or a click. Any failure
(an error, a non-JSON 5xx, a timeout) counts as "not an admin" with `check_failed` set, so
the reply can say the check failed rather than "only admins". Answers are cached per user in
a bounded cache (failures only briefly), and concurrent first look-ups for one user share
one call.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from cachetools import TLRUCache
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_app.errors import describe

log = logging.getLogger(__name__)

ADMIN_FLAGS = ("is_admin", "is_owner", "is_primary_owner")
TTL = 300.0  # seconds an answer is kept
FAILURE_TTL = 20.0  # seconds a failed check is kept before Slack is asked again
TIMEOUT = 1.5  # seconds users.info may take: the command is acknowledged only after the check
MAX_USERS = 1_000  # only users who ran an admin command are kept: admins, mostly


@dataclass(frozen=True, slots=True)
class Rights:
    """What the check found: admin or not, and whether Slack could be asked at all."""

    is_admin: bool
    check_failed: bool = False


class AdminCheck:
    """Answers "is this user an admin?" from users.info, cached and shared per user."""

    def __init__(
        self,
        *,
        client: AsyncWebClient,
        allowlist: frozenset[str] = frozenset(),
        ttl: float = TTL,
        failure_ttl: float = FAILURE_TTL,
        timeout: float = TIMEOUT,
        max_users: int = MAX_USERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.allowlist = allowlist
        self.ttl = ttl
        self.failure_ttl = failure_ttl
        self.timeout = timeout
        self._cache: TLRUCache[str, Rights] = TLRUCache(
            maxsize=max_users, ttu=self._expires, timer=clock
        )
        self._asking: dict[str, asyncio.Task[Rights]] = {}

    async def rights(self, user: str) -> Rights:
        """The user's rights: allowlisted, cached, or asked of Slack once for all callers."""
        if user in self.allowlist:
            return Rights(is_admin=True)
        cached = self._cache.get(user)
        if cached is not None:
            return cached
        task = self._asking.get(user)
        if task is None:
            task = asyncio.create_task(self._ask(user))
            self._asking[user] = task
            task.add_done_callback(lambda _: self._asking.pop(user, None))
        return await asyncio.shield(task)

    async def is_admin(self, user: str) -> bool:
        """True for allowlisted users and workspace admins/owners; False when Slack can't say."""
        return (await self.rights(user)).is_admin

    async def _ask(self, user: str) -> Rights:
        try:
            response = await asyncio.wait_for(self.client.users_info(user=user), self.timeout)
            info = response.get("user")
            if not isinstance(info, dict):
                raise ValueError("users.info answered without a user")
            rights = Rights(is_admin=any(info.get(flag) is True for flag in ADMIN_FLAGS))
        except Exception as exc:  # any failure of the check means "not an admin, check failed"
            log.warning("users.info failed for %s: %s", user, describe(exc))
            rights = Rights(is_admin=False, check_failed=True)
        self._cache[user] = rights
        return rights

    def _expires(self, user: str, rights: Rights, now: float) -> float:
        return now + (self.failure_ttl if rights.check_failed else self.ttl)
