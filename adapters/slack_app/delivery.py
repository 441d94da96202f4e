"""Send a rendered reply to the right place in Slack.

| request came from | public reply                     | private reply                      |
|-------------------|----------------------------------|------------------------------------|
| slash command     | response_url, in_channel         | response_url, ephemeral            |
| button click      | chat.postMessage (in its thread) | chat.postEphemeral                 |
| mention           | chat.postMessage in a thread     | chat.postEphemeral in that thread  |
| DM                | chat.postMessage                 | chat.postMessage (a DM is private) |

A Web API failure falls back to the response_url when there is one (e.g. the bot is not in
the channel), so `/docker-quiz` works in any channel. A click's `updates` replace the clicked
message with chat.update (response_url `replace_original` for ephemeral messages). An answer
typed in a DM or a mention updates the question through the ts stored when it was posted
(`Reply.updates_posted`), and skips the update when none was stored: a tally that cannot be
updated is never an error for the learner.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack_app import render
from adapters.slack_app.errors import describe
from bot.replies import Posted, Reply

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """Slack refused a reply on every route we tried."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where a request came from, so its replies go back there."""

    user: str
    channel: str | None
    thread_ts: str | None = None
    response_url: str | None = None
    message_ts: str | None = None  # the clicked message
    message_is_ephemeral: bool = False
    response_url_first: bool = False  # slash commands: always allowed, bot need not be in channel
    direct: bool = False  # a DM with the bot: private replies are ordinary messages


class Delivery:
    """Posts replies through the Web API client and response_urls."""

    def __init__(self, *, client: AsyncWebClient) -> None:
        self.client = client
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        """Close the HTTP session used for response_urls."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(self, reply: Reply, target: Target) -> str | None:
        """Send a reply: privately when it is private (and not already in a DM). Returns
        the ts of the message when it was posted with chat.postMessage (else None: an
        ephemeral message or a response_url post has no ts to update later)."""
        if reply.private and not target.direct:
            await self._private(reply, target)
            return None
        return await self._public(reply, target)

    async def update(self, reply: Reply, target: Target, posted: Posted | None = None) -> None:
        """Replace the clicked message (e.g. a question with its new tally); with no clicked
        message (a typed answer), the message `posted` names, if any."""
        body = render.message(reply)
        if target.message_ts is None and not target.message_is_ephemeral:
            await self._update_posted(body, posted)
            return
        if target.message_ts and target.channel and not target.message_is_ephemeral:
            try:
                await self.client.chat_update(channel=target.channel, ts=target.message_ts, **body)
                return
            except SlackApiError as exc:
                if not target.response_url:
                    raise
                log.info("chat.update failed (%s); using response_url", _error(exc))
        await self._hook(target, {**body, "replace_original": True})

    async def _update_posted(self, body: dict[str, Any], posted: Posted | None) -> None:
        """chat.update of a question posted earlier, for an answer typed elsewhere; nothing
        when its ts was not stored. A refusal is logged, never shown to the learner."""
        if posted is None or not posted.channel:
            log.debug("typed answer: the question's message is unknown; tally not updated")
            return
        try:
            await self.client.chat_update(channel=posted.channel, ts=posted.message, **body)
        except SlackApiError as exc:
            log.info("chat.update of a posted question failed (%s); left as is", _error(exc))

    async def _public(self, reply: Reply, target: Target) -> str | None:
        body = render.message(reply)
        if target.response_url_first and target.response_url:
            await self._hook(target, _in_channel(body))
            return None
        try:
            response = await self.client.chat_postMessage(
                channel=_channel(target), thread_ts=target.thread_ts, **body
            )
        except SlackApiError as exc:
            if not target.response_url:
                raise
            log.info("chat.postMessage failed (%s); using response_url", _error(exc))
            await self._hook(target, _in_channel(body))
            return None
        ts = response.get("ts")
        return ts if isinstance(ts, str) else None

    async def _private(self, reply: Reply, target: Target) -> None:
        body = render.message(reply)
        hook = {**body, "response_type": "ephemeral", "replace_original": False}
        if target.response_url_first and target.response_url:
            await self._hook(target, hook)
            return
        try:
            await self.client.chat_postEphemeral(
                channel=_channel(target), user=target.user, thread_ts=target.thread_ts, **body
            )
        except SlackApiError as exc:
            if not target.response_url:
                raise
            log.info("chat.postEphemeral failed (%s); using response_url", _error(exc))
            await self._hook(target, hook)

    async def _hook(self, target: Target, body: dict[str, Any]) -> None:
        if not target.response_url:
            raise DeliveryError("no response_url to fall back to")
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        webhook = AsyncWebhookClient(url=target.response_url, session=self._session)
        response = await webhook.send_dict(body)
        if response.status_code != 200:
            raise DeliveryError(f"response_url answered HTTP {response.status_code}")


def _in_channel(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "response_type": "in_channel", "replace_original": False}


def _channel(target: Target) -> str:
    if not target.channel:
        raise DeliveryError("no channel to post to")
    return target.channel


def _error(exc: SlackApiError) -> str:
    return describe(exc)
