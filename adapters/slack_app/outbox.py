"""The daily question's and the review reminders' Outbox: post to a channel, reply in a
thread, and send a direct message (conversations.open + chat.postMessage) via the Web API;
Slack's errors are translated into the core's `Problem`s."""

from __future__ import annotations

import logging
import re

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.delivery_errors import http_error, network_error, translated
from adapters.slack_app import render
from bot.daily.scheduler import DeliveryError, Problem
from bot.reminders.scheduler import ReminderPlatform
from bot.replies import Reply

log = logging.getLogger(__name__)

# Slack's `error` codes (chat.postMessage, conversations.open) by what they mean for us.
PROBLEMS: dict[str, Problem] = {
    "not_in_channel": Problem.NOT_IN_CHANNEL,
    "channel_not_found": Problem.CHANNEL_NOT_FOUND,
    "is_archived": Problem.ARCHIVED,
    # An install made before a scope was added (im:write, for reminders): reinstall.
    "missing_scope": Problem.MISSING_SCOPE,
    # conversations.open: this user cannot get a direct message from the bot.
    "cannot_dm_bot": Problem.DMS_CLOSED,
    "user_not_found": Problem.DMS_CLOSED,
    "user_disabled": Problem.DMS_CLOSED,
    "user_not_visible": Problem.DMS_CLOSED,
    "restricted_action": Problem.NO_PERMISSION,
    "restricted_action_read_only_channel": Problem.NO_PERMISSION,
    "restricted_action_thread_only_channel": Problem.NO_PERMISSION,
    "restricted_action_non_threadable_channel": Problem.NO_PERMISSION,
    "ekm_access_denied": Problem.NO_PERMISSION,
    "team_access_not_granted": Problem.NO_PERMISSION,
    "ratelimited": Problem.RATE_LIMITED,
    "internal_error": Problem.UNAVAILABLE,
    "fatal_error": Problem.UNAVAILABLE,
    "service_unavailable": Problem.UNAVAILABLE,
    "request_timeout": Problem.UNAVAILABLE,
}


TEAM_ID = re.compile(r"^[TE][A-Z0-9]{2,}$")  # a team id (T...) or an Enterprise Grid id (E...)


def reminder_platform() -> ReminderPlatform:
    """Reminders on Slack: the workspaces are team ids, and a direct message's clicks arrive
    in the team it was sent from, so every button starts the review where it is clicked."""
    return ReminderPlatform(
        name="slack",
        serves=lambda workspace: TEAM_ID.match(workspace) is not None,
        direct_workspace=lambda user, workspace: workspace,
    )


# Scopes the features of the current manifest need beyond those every install has had.
NEWER_SCOPES = frozenset({"im:write"})  # review reminders (direct messages)


async def missing_scopes(client: AsyncWebClient) -> tuple[str | None, frozenset[str]]:
    """(team id, the scopes of `NEWER_SCOPES` this install's token lacks), read from auth.test
    and the X-OAuth-Scopes header Slack puts on every Web API response. Nothing is missing
    when Slack does not say, or the call fails (the first reminder then finds out)."""
    try:
        response = await client.auth_test()
    except Exception:  # a start-up courtesy: never in the way of serving
        log.warning("could not ask Slack which scopes this install has", exc_info=True)
        return None, frozenset()
    team = response.get("team_id")
    headers = {str(k).lower(): v for k, v in (response.headers or {}).items()}
    raw = headers.get("x-oauth-scopes")
    if isinstance(raw, list):
        raw = ",".join(raw)
    if not raw:
        return (str(team) if team else None), frozenset()
    granted = {scope.strip() for scope in str(raw).split(",")}
    return (str(team) if team else None), NEWER_SCOPES - granted


class SlackOutbox:
    """Posts the core's daily replies; the returned message ref is the Slack message `ts`.

    One bot token serves one workspace, so `workspace` only names the log line. A refused
    call raises `DeliveryError` (see `delivery_error`); other errors propagate as they are.
    """

    def __init__(self, *, client: AsyncWebClient) -> None:
        self.client = client

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        """Post a reply at the top level of a channel; returns its ts."""
        return await self._post(channel=channel, thread=None, reply=reply)

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        """Post a reply in the thread of message `thread`; returns its ts."""
        return await self._post(channel=channel, thread=thread, reply=reply)

    async def notify(self, *, workspace: str, user: str, reply: Reply) -> None:
        """Send `reply` to `user` in their direct messages with the bot (needs im:write)."""
        opened = await translated(self.client.conversations_open(users=user), delivery_error)
        channel = str(opened["channel"]["id"])
        await self._post(channel=channel, thread=None, reply=reply)

    async def _post(self, *, channel: str, thread: str | None, reply: Reply) -> str:
        first = await translated(
            self.client.chat_postMessage(
                channel=channel, thread_ts=thread, **render.message(reply)
            ),
            delivery_error,
        )
        return str(first["ts"])


def delivery_error(exc: BaseException) -> DeliveryError | None:
    """The core's view of a failed Web API call; None when it means nothing we know."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        code = str(response.get("error") or "") if isinstance(response.data, dict) else ""
        status = int(response.status_code)
        detail = code or f"HTTP {status}"
        return http_error(PROBLEMS.get(code), status, response.headers, detail)
    return network_error(exc)
