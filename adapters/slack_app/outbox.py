"""The daily question's Outbox: post to a channel and reply in a thread via the Web API."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_app import render
from bot.replies import Reply


class SlackOutbox:
    """Posts the core's daily replies; the returned message ref is the Slack message `ts`.

    One bot token serves one workspace, so `workspace` only names the log line. Errors
    propagate: the scheduler marks the post retryable.
    """

    def __init__(self, *, client: AsyncWebClient) -> None:
        self.client = client

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        """Post a reply at the top level of a channel; returns its ts."""
        return await self._post(channel=channel, thread=None, reply=reply)

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        """Post a reply in the thread of message `thread`; returns its ts."""
        return await self._post(channel=channel, thread=thread, reply=reply)

    async def _post(self, *, channel: str, thread: str | None, reply: Reply) -> str:
        first = await self.client.chat_postMessage(
            channel=channel, thread_ts=thread, **render.message(reply)
        )
        return str(first["ts"])
