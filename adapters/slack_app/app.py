"""The Bolt app: Slack payloads in, one `Tutor.handle` call, Block Kit out.

Every listener acks first (Slack's 3-second limit), then does the work: translate the
payload into a `Request`, call the core once in a worker thread, deliver the `Reply`.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_app import render
from adapters.slack_app.admins import AdminCheck
from adapters.slack_app.delivery import Delivery, Target
from adapters.slack_app.inflight import InFlight
from adapters.slack_app.settings import SlackSettings
from bot.replies import Reply, Request
from bot.tutor import Tutor

log = logging.getLogger(__name__)

COMMAND = "/docker-quiz"
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
Body = dict[str, Any]
Ack = Callable[..., Awaitable[Any]]


def web_client(settings: SlackSettings) -> AsyncWebClient:
    """The Web API client: bot token, SLACK_API_URL, retries on rate limits and lost connections."""
    return AsyncWebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=1),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        ],
    )


class SlackBot:
    """The Bolt `AsyncApp` wired to a tutor. Build it with its dependencies; no I/O here."""

    def __init__(
        self, *, settings: SlackSettings, tutor: Tutor, client: AsyncWebClient | None = None
    ) -> None:
        self.tutor = tutor
        self.client = client or web_client(settings)
        self.admins = AdminCheck(client=self.client, allowlist=settings.admin_users)
        self.delivery = Delivery(client=self.client)
        self.inflight = InFlight()
        self.app = AsyncApp(
            client=self.client,
            signing_secret=settings.signing_secret or "",
            request_verification_enabled=settings.mode == "http",
            logger=logging.getLogger("adapters.slack_app.bolt"),
            name="docker-quiz",
        )
        self.app.command(COMMAND)(self._on_command)
        self.app.action(render.ACTION_ID)(self._on_click)
        self.app.action(render.PICK_ACTION_ID)(self._on_pick)
        self.app.event("app_mention")(self._on_mention)
        self.app.event("message")(self._on_message)

    async def close(self, *, grace_seconds: float = 10.0) -> None:
        """Let work in flight finish (bounded), then release HTTP sessions."""
        cut = await self.inflight.drain(grace_seconds)
        if cut:
            log.warning("shutdown cut off %d request(s) still running", cut)
        await self.delivery.close()

    # -- listeners: ack, then work ------------------------------------------------------------

    async def _on_command(self, ack: Ack, body: Body) -> None:
        await ack()
        user = str(body.get("user_id", ""))
        target = Target(
            user=user,
            channel=body.get("channel_id"),
            response_url=body.get("response_url"),
            response_url_first=True,
        )

        async def work() -> None:
            text = f"{COMMAND} {body.get('text') or ''}".strip()
            request = Request(
                workspace=str(body.get("team_id", "")),
                user=user,
                text=text,
                channel=target.channel,
                is_admin=await self.admins.is_admin(user),
                user_name=body.get("user_name"),
            )
            await self._answer(request, target)

        await self.inflight.run(self._guard(work(), target))

    async def _on_click(self, ack: Ack, body: Body, action: Body) -> None:
        await ack()
        user_info = body.get("user") or {}
        user = str(user_info.get("id", ""))
        container = body.get("container") or {}
        message = body.get("message") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
        target = Target(
            user=user,
            channel=channel,
            thread_ts=message.get("thread_ts"),
            response_url=body.get("response_url"),
            message_ts=container.get("message_ts") or message.get("ts"),
            message_is_ephemeral=bool(container.get("is_ephemeral")),
        )

        async def work() -> None:
            request = Request(
                workspace=_team(body),
                user=user,
                action=str(action.get("value") or ""),
                channel=channel,
                is_admin=await self.admins.is_admin(user),
                user_name=user_info.get("username") or user_info.get("name"),
                # The boxes ticked in the clicked message: a multi-select's picks.
                selection=render.selected(body.get("state")),
            )
            await self._answer(request, target)

        await self.inflight.run(self._guard(work(), target))

    async def _on_pick(self, ack: Ack) -> None:
        """A box ticked or unticked: Slack only needs the ack; Submit sends the picks."""
        await ack()

    async def _on_mention(self, body: Body, event: Body) -> None:
        thread = event.get("thread_ts") or event.get("ts")
        await self._conversation(body, event, thread=thread, direct=False)

    async def _on_message(self, body: Body, event: Body) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return  # edits, joins, bot posts, and channel messages (mentions arrive separately)
        await self._conversation(body, event, thread=event.get("thread_ts"), direct=True)

    # -- the work ----------------------------------------------------------------------------

    async def _conversation(
        self, body: Body, event: Body, *, thread: str | None, direct: bool
    ) -> None:
        """A mention or a DM: events are acked by Bolt already; drop Slack's re-sends."""
        user = str(event.get("user", ""))
        target = Target(user=user, channel=event.get("channel"), thread_ts=thread, direct=direct)

        async def work() -> None:
            workspace = _team(body) or str(event.get("team", ""))
            event_id = str(body.get("event_id", ""))
            if event_id and not await asyncio.to_thread(
                self.tutor.claim_once, workspace, "slack-event:" + event_id
            ):
                log.info("dropping re-sent event %s", event_id)
                return
            request = Request(
                workspace=workspace,
                user=user,
                text=_MENTION.sub("", str(event.get("text") or "")).strip(),
                channel=target.channel,
                is_admin=await self.admins.is_admin(user),
            )
            await self._answer(request, target)

        await self.inflight.run(self._guard(work(), target))

    async def _answer(self, request: Request, target: Target) -> None:
        reply = await asyncio.to_thread(self.tutor.handle, request)
        await self.delivery.send(reply, target)
        if reply.updates is not None:
            await self.delivery.update(reply.updates, target)

    async def _guard(self, work: Awaitable[None], target: Target) -> None:
        """Nothing escapes one request: log the traceback, tell the user one friendly line."""
        try:
            await work
        except Exception:
            log.exception("Slack request failed (user %s, channel %s)", target.user, target.channel)
            try:
                await self.delivery.send(Reply(kind="error", text=SORRY, private=True), target)
            except Exception as exc:
                log.warning("could not tell the user about the failure: %s", type(exc).__name__)


def _team(body: Body) -> str:
    """The workspace id from any payload shape (events, interactions, Enterprise Grid)."""
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    return str(team or (body.get("user") or {}).get("team_id") or "")
