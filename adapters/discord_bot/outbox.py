"""The daily question's and the review reminders' Outbox: post to a channel, reply to the
post, and send a direct message (a DM channel from `create_dm`) via the REST API; Discord's
errors are translated into the core's `Problem`s."""

from __future__ import annotations

import discord

from adapters.delivery_errors import http_error, network_error, translated
from adapters.discord_bot import render
from bot.daily.scheduler import DeliveryError, Problem
from bot.reminders.scheduler import ReminderPlatform
from bot.replies import Reply

# Discord's JSON error codes by what they mean for us.
PROBLEMS: dict[int, Problem] = {
    10003: Problem.CHANNEL_NOT_FOUND,  # Unknown Channel
    50001: Problem.NO_PERMISSION,  # Missing Access
    50013: Problem.NO_PERMISSION,  # Missing Permissions
    50083: Problem.ARCHIVED,  # Operation on an archived thread
    50007: Problem.DMS_CLOSED,  # Cannot send messages to this user (DMs closed, no server)
    10013: Problem.DMS_CLOSED,  # Unknown User
}


def reminder_platform(client: discord.Client) -> ReminderPlatform:
    """Reminders on Discord: servers (guild ids) and each user's own DM workspace ("dm:ID",
    bot.py's `workspace_of`). A direct message's clicks arrive in "dm:USER", so a server's
    button is `review(server)`; servers are named as the client's cache knows them."""

    def place_name(workspace: str) -> str:
        if workspace.startswith("dm:"):
            return "our direct messages"
        guild = client.get_guild(int(workspace)) if workspace.isdigit() else None
        return guild.name if guild is not None else f"server {workspace}"

    return ReminderPlatform(
        name="discord",
        serves=lambda workspace: workspace.isdigit() or workspace.startswith("dm:"),
        direct_workspace=lambda user, workspace: f"dm:{user}",
        place_name=place_name,
    )


class DiscordOutbox:
    """Posts the core's daily replies; the returned message ref is the Discord message id.

    Channels need not be cached: a partial messageable only needs the id. A refused call
    raises `DeliveryError` (see `delivery_error`); other errors propagate as they are.
    """

    def __init__(self, *, client: discord.Client) -> None:
        self.client = client

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        """Post a reply at the top level of a channel; returns its message id."""
        return await self._post(workspace=workspace, channel=channel, thread=None, reply=reply)

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        """Post a reply to message `thread` (shown as a reply to it); returns the new id."""
        return await self._post(workspace=workspace, channel=channel, thread=thread, reply=reply)

    async def notify(self, *, workspace: str, user: str, reply: Reply) -> None:
        """Send `reply` to `user` as a direct message."""
        dm = await translated(self.client.create_dm(discord.Object(int(user))), delivery_error)
        await translated(_send(dm, reply, reference=None), delivery_error)

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
        first = await translated(_send(target, reply, reference=reference), delivery_error)
        return str(first.id)


def delivery_error(exc: BaseException) -> DeliveryError | None:
    """The core's view of a failed REST call; None when it means nothing we know."""
    if isinstance(exc, discord.RateLimited):  # over the client's max_ratelimit_timeout
        return DeliveryError(Problem.RATE_LIMITED, retry_after=exc.retry_after, detail="429")
    if isinstance(exc, discord.HTTPException):
        headers = getattr(exc.response, "headers", None)
        detail = f"{exc.status} {exc.code} {exc.text}"
        return http_error(PROBLEMS.get(exc.code), exc.status, headers, detail)
    return network_error(exc)


async def _send(
    target: discord.abc.Messageable,
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
