"""The daily question's Outbox: post to a channel and reply to the post via the REST API."""

from __future__ import annotations

import discord

from adapters.discord_bot import render
from bot.replies import Reply


class DiscordOutbox:
    """Posts the core's daily replies; the returned message ref is the Discord message id.

    Channels need not be cached: a partial messageable only needs the id. Errors propagate,
    so the scheduler marks the post retryable.
    """

    def __init__(self, *, client: discord.Client) -> None:
        self.client = client

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        """Post a reply at the top level of a channel; returns its message id."""
        return await self._post(workspace=workspace, channel=channel, thread=None, reply=reply)

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        """Post a reply to message `thread` (shown as a reply to it); returns the new id."""
        return await self._post(workspace=workspace, channel=channel, thread=thread, reply=reply)

    async def _post(self, *, workspace: str, channel: str, thread: str | None, reply: Reply) -> str:
        target = self.client.get_partial_messageable(
            int(channel), guild_id=int(workspace) if workspace.isdigit() else None
        )
        reference = (
            None
            if thread is None
            else discord.MessageReference(
                message_id=int(thread), channel_id=int(channel), fail_if_not_exists=False
            )
        )
        first = await _send(target, reply, reference=reference)
        return str(first.id)


async def _send(
    target: discord.PartialMessageable,
    reply: Reply,
    *,
    reference: discord.MessageReference | None,
) -> discord.Message:
    rendered = render.message(reply)
    if rendered.view is None:
        return await target.send(embed=rendered.embed, reference=reference)  # type: ignore[arg-type]
    return await target.send(
        embed=rendered.embed,
        view=rendered.view,
        reference=reference,  # type: ignore[arg-type]
    )
