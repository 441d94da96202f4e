"""The app's Home tab: each learner's dashboard, published when they open it and refreshed
after their answers, at most once per `REFRESH_INTERVAL` seconds.

Opening the tab (event `app_home_opened`) publishes the dashboard at once (`views.publish`).
An answer (a reply carrying an `Outcome`) refreshes the tab of a learner who opened it since
this process started: right away when the last publish is `interval` seconds old, else once
at the end of the interval, whatever the number of answers in between (so the last answer
always shows, and a quick run of answers costs one call). `REFRESH_INTERVAL` is 30 s: Slack
rate-limits views.publish per workspace (Tier 4, about 100 a minute), so 50 learners
answering without pause stay within it. Learners who never opened the tab get no calls; a
replica that did not see the tab open does not refresh it (the next open does).
A failed publish is logged and the tab keeps what it showed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.admission import Admission, Refused
from adapters.slack_app import views
from adapters.slack_app.errors import describe
from bot.tutor import Tutor

log = logging.getLogger(__name__)

REFRESH_INTERVAL = 30.0  # seconds between two publishes of one learner's Home tab
Key = tuple[str, str]  # (workspace, user)
Sleep = Callable[[float], Awaitable[None]]


class Debounce:
    """When each key may run next: at once when its last run is `interval` old, else at the
    end of the interval, and never twice pending. `clock()` is in seconds (monotonic)."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self.last: dict[Key, float] = {}
        self.pending: set[Key] = set()

    def delay(self, key: Key) -> float | None:
        """Seconds to wait before running for `key` (now pending), or None when a run is
        already pending (it will show this change too)."""
        if key in self.pending:
            return None
        self.pending.add(key)
        last = self.last.get(key)
        return 0.0 if last is None else max(0.0, last + self.interval - self.clock())

    def ran(self, key: Key) -> None:
        """`key` runs now: nothing pending, and the interval starts again."""
        self.pending.discard(key)
        now = self.clock()
        self.last[key] = now
        # Forget keys whose interval is over: they would run at once anyway.
        if len(self.last) > 1000:
            self.last = {k: t for k, t in self.last.items() if t + self.interval > now}


class HomeTab:
    """Publishes learners' Home tabs through the Web API; the core runs in `admission`."""

    def __init__(
        self,
        *,
        client: AsyncWebClient,
        tutor: Tutor,
        admission: Admission,
        interval: float = REFRESH_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.client = client
        self.tutor = tutor
        self.admission = admission
        self.debounce = Debounce(interval, clock)
        self.sleep = sleep
        self.opened: dict[Key, str | None] = {}  # who opened the tab: their DM channel
        self.published = 0  # views published since start, for logs and tests
        self._tasks: set[asyncio.Task[None]] = set()

    async def opened_by(self, workspace: str, user: str, channel: str | None) -> None:
        """The learner opened the Home tab: publish their dashboard now."""
        key = (workspace, user)
        self.opened[key] = channel or self.opened.get(key)
        self.debounce.pending.discard(key)  # a refresh still waiting would add nothing
        await self._publish(key)

    def changed(self, workspace: str, user: str) -> None:
        """Something on the learner's dashboard changed (an answer, a Home-tab click):
        refresh their tab (debounced) if they ever opened it."""
        key = (workspace, user)
        if key not in self.opened:
            return
        wait = self.debounce.delay(key)
        if wait is None:
            return
        task = asyncio.ensure_future(self._later(key, wait))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def channel(self, workspace: str, user: str) -> str | None:
        """The learner's DM channel with the app, when the tab's opening told us."""
        return self.opened.get((workspace, user))

    async def close(self) -> None:
        """Drop the refreshes still waiting (the next open publishes anyway)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _later(self, key: Key, wait: float) -> None:
        if wait > 0:
            await self.sleep(wait)
        if key in self.debounce.pending:  # not published by an opening meanwhile
            await self._publish(key)

    async def _publish(self, key: Key) -> None:
        workspace, user = key
        self.debounce.ran(key)
        try:
            board = await self.admission.run(
                lambda: self.tutor.dashboard(workspace=workspace, user=user)
            )
            if isinstance(board, Refused):
                log.warning("too busy to build a Home tab; it keeps what it showed")
                return
            view = views.home(board, channel=self.opened.get(key))
            await self.client.views_publish(user_id=user, view=view)
            self.published += 1
        except SlackApiError as exc:
            log.warning("could not publish a Home tab (user %s): %s", user, describe(exc))
        except Exception:
            log.exception("could not build or publish a Home tab (user %s)", user)
