"""The Bolt app: Slack payloads in, one `Tutor.handle` call, Block Kit out.

What is acknowledged is stored. Slack never re-sends an interaction or a slash command that
got its acknowledgement, so every listener runs the core first (the answer, the exam step,
the daily setting is committed when `Tutor.handle` returns; a write takes milliseconds of
the 3 seconds) and only then acks; the reply is delivered afterwards in the background.
Events are acknowledged by Bolt when the listener returns (`process_before_response`),
that is also after the core ran. When the core is too busy to store a request in time
(adapters.admission), the listener answers 503 without acking: Slack shows the user an
error (or re-sends an event later) instead of a confirmation of something never stored.
The same listeners serve Socket Mode, where "ack" is the envelope acknowledgement.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.admission import Admission, Refused
from adapters.slack_app import payload, render, views
from adapters.slack_app.admins import AdminCheck, Rights
from adapters.slack_app.delivery import Delivery, Target
from adapters.slack_app.errors import describe
from adapters.slack_app.home import REFRESH_INTERVAL, HomeTab, Sleep
from adapters.slack_app.inflight import InFlight
from adapters.slack_app.settings import SlackSettings
from bot.intake import valid_id
from bot.replies import Reply, Request
from bot.tutor import Tutor

log = logging.getLogger(__name__)

COMMAND = "/docker-quiz"
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
Body = dict[str, Any]
Ack = Callable[..., Awaitable[Any]]
MALFORMED = 400
BUSY = 503
NOT_ADMIN = Rights(is_admin=False)


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


def _refuse(status: int) -> BoltResponse:
    return BoltResponse(status=status, body="")


class SlackBot:
    """The Bolt `AsyncApp` wired to a tutor. Build it with its dependencies; no I/O here.

    HTTP requests reach it only through `server.web_app`, which checks signatures on the
    raw bytes first, so Bolt's own check is off (it would parse the body first).
    """

    def __init__(
        self,
        *,
        settings: SlackSettings,
        tutor: Tutor,
        client: AsyncWebClient | None = None,
        admission: Admission | None = None,
        home_interval: float = REFRESH_INTERVAL,
        home_clock: Callable[[], float] = time.monotonic,
        home_sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.tutor = tutor
        self.client = client or web_client(settings)
        self.admins = AdminCheck(client=self.client, allowlist=settings.admin_users)
        self.delivery = Delivery(client=self.client)
        self.inflight = InFlight()
        self.admission = admission or Admission()
        self.home = HomeTab(
            client=self.client,
            tutor=tutor,
            admission=self.admission,
            interval=home_interval,
            clock=home_clock,
            sleep=home_sleep,
        )
        self.app = AsyncApp(
            client=self.client,
            signing_secret=settings.signing_secret or "",
            request_verification_enabled=False,
            process_before_response=True,
            logger=logging.getLogger("adapters.slack_app.bolt"),
            name="docker-quiz",
        )
        self.app.command(COMMAND)(self._on_command)
        self.app.action(render.ACTION_ID)(self._on_click)
        self.app.action(render.PICK_ACTION_ID)(self._on_pick)
        self.app.view(views.FORM_CALLBACK)(self._on_form)
        self.app.event("app_mention")(self._on_mention)
        self.app.event("message")(self._on_message)
        self.app.event("app_home_opened")(self._on_home_opened)

    async def close(self, *, grace_seconds: float = 10.0) -> None:
        """Let deliveries in flight finish (bounded), then release threads and sessions."""
        cut = await self.inflight.drain(grace_seconds)
        if cut:
            log.warning("shutdown cut off %d delivery(ies) still running", cut)
        await self.home.close()
        self.admission.close()
        await self.delivery.close()

    # -- listeners: store, ack, then deliver in the background -------------------------------

    async def _on_command(self, ack: Ack, body: Body) -> BoltResponse | None:
        command = payload.command(body)
        if command is None:
            log.warning("refused a malformed slash command payload")
            return _refuse(MALFORMED)
        text = f"{COMMAND} {typed(command.text)}".strip()
        rights = await self._rights(command.user, text)
        request = Request(
            workspace=command.team,
            user=command.user,
            text=text,
            channel=command.channel,
            is_admin=rights.is_admin,
            admin_check_failed=rights.check_failed,
            user_name=command.user_name,
            forms=True,
        )
        target = Target(
            user=command.user,
            channel=command.channel,
            response_url=command.response_url,
            response_url_first=True,
        )
        return await self._handle_then_ack(ack, request, target)

    async def _on_click(self, ack: Ack, body: Body, action: Body) -> BoltResponse | None:
        click = payload.click(body, action)
        if click is None:
            log.warning("refused a malformed button click payload")
            return _refuse(MALFORMED)
        form = self.tutor.form(click.value)  # no store access: fast enough to go first
        if form is not None:
            await ack()
            await self._open_form(form, click)
            return None
        channel = click.channel
        if click.home:  # no channel: answer in the learner's DM with the app
            channel = click.home_channel or await self._direct_channel(click.team, click.user)
            if channel is None:
                return _refuse(BUSY)  # Slack shows an error; nothing was stored
        request = Request(
            workspace=click.team,
            user=click.user,
            action=click.value,
            channel=channel,
            user_name=click.user_name,
            selection=click.selection,
            forms=True,
        )  # a click never needs admin rights: no users.info
        target = Target(
            user=click.user,
            channel=channel,
            thread_ts=click.thread_ts,
            response_url=click.response_url,
            message_ts=click.message_ts,
            message_is_ephemeral=click.ephemeral,
            direct=click.home,
        )
        return await self._handle_then_ack(ack, request, target, home=click.home)

    async def _direct_channel(self, team: str, user: str) -> str | None:
        """The learner's DM channel with the app: known from their Home tab, else opened."""
        known = self.home.channel(team, user)
        if known:
            return known
        try:
            opened = await self.client.conversations_open(users=user)
            channel = (opened.get("channel") or {}).get("id")
            return channel if isinstance(channel, str) and channel else None
        except Exception as exc:
            log.warning("could not open a DM for a Home tab click: %s", describe(exc))
            return None

    async def _on_home_opened(self, body: Body, event: Body) -> BoltResponse | None:
        """A learner opened the app's Home tab: publish their dashboard (in the background;
        nothing is stored, so Bolt may ack at once)."""
        if not isinstance(event, dict) or event.get("tab") != "home":
            return None  # the Messages tab
        team, user, channel = payload.team_of(body), event.get("user"), event.get("channel")
        if not valid_id(team) or not valid_id(user):
            log.warning("refused a malformed app_home_opened event")
            return _refuse(MALFORMED)
        dm = channel if valid_id(channel) else None
        self.inflight.start(self.home.opened_by(str(team), str(user), dm))
        return None

    async def _open_form(self, form: Reply, click: payload.Click) -> None:
        """Open the form's modal with the click's trigger_id (valid 3 seconds after the
        click, so nothing slow runs before it). When Slack refuses, the user is told."""
        try:
            if not click.trigger_id:
                raise ValueError("the click came without a trigger_id")
            await self.client.views_open(trigger_id=click.trigger_id, view=views.modal(form))
        except Exception as exc:
            log.warning("could not open a form: %s", describe(exc))
            target = Target(user=click.user, channel=click.channel, response_url=click.response_url)
            sorry = Reply(kind="error", text=SORRY, private=True)
            self.inflight.start(self._deliver(sorry, target, click.team))

    async def _on_form(self, ack: Ack, body: Body, view: Body) -> BoltResponse | None:
        """A submitted form: the core stores it, then the modal shows the core's answer."""
        sent = payload.submission(body, view)
        if sent is None:
            log.warning("refused a malformed view submission payload")
            return _refuse(MALFORMED)
        request = Request(
            workspace=sent.team,
            user=sent.user,
            action=sent.action,
            user_name=sent.user_name,
            fields=sent.fields,
            forms=True,
        )
        reply = await self.admission.run(lambda: self.tutor.handle(request))
        if isinstance(reply, Refused):
            log.warning("too busy to store a form in time: refused it (503)")
            return _refuse(BUSY)
        await ack(response_action="update", view=views.notice(reply, title=sent.title))
        return None

    async def _on_pick(self, ack: Ack) -> None:
        """A box ticked or unticked: Slack only needs the ack (nothing is stored); Submit
        sends the picks."""
        await ack()

    async def _on_mention(self, body: Body, event: Body) -> BoltResponse | None:
        message = payload.message(body, event)
        if message is None:
            log.warning("refused a malformed event payload")
            return _refuse(MALFORMED)
        return await self._conversation(message, thread=message.thread_ts or message.ts)

    async def _on_message(self, body: Body, event: Body) -> BoltResponse | None:
        if not isinstance(event, dict):
            return _refuse(MALFORMED)
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return None  # edits, joins, bot posts, and channel messages (mentions come apart)
        message = payload.message(body, event)
        if message is None:
            log.warning("refused a malformed event payload")
            return _refuse(MALFORMED)
        return await self._conversation(message, thread=message.thread_ts, direct=True)

    # -- the work ----------------------------------------------------------------------------

    async def _handle_then_ack(
        self, ack: Ack, request: Request, target: Target, *, home: bool = False
    ) -> BoltResponse | None:
        reply = await self.admission.run(lambda: self.tutor.handle(request))
        if isinstance(reply, Refused):
            log.warning("too busy to store a request in time: refused it (503)")
            return _refuse(BUSY)
        await ack()
        self._answered(request, reply, home=home)
        self.inflight.start(self._deliver(reply, target, request.workspace))
        return None

    async def _conversation(
        self, message: payload.Message, *, thread: str | None, direct: bool = False
    ) -> BoltResponse | None:
        """A mention or a DM: claim the event id (Slack re-sends events) and run the core in
        one go; Bolt acks when this returns."""
        text = typed(_MENTION.sub("", message.text)).strip()
        rights = await self._rights(message.user, text)
        request = Request(
            workspace=message.team,
            user=message.user,
            text=text,
            channel=message.channel,
            is_admin=rights.is_admin,
            admin_check_failed=rights.check_failed,
            forms=True,
        )
        target = Target(user=message.user, channel=message.channel, thread_ts=thread, direct=direct)

        def work() -> Reply | None:
            key = "slack-event:" + message.event_id
            if message.event_id and not self.tutor.claim_once(message.team, key):
                return None
            return self.tutor.handle(request)

        reply = await self.admission.run(work)
        if isinstance(reply, Refused):
            log.warning("too busy to store an event in time: refused it (503), Slack re-sends")
            return _refuse(BUSY)
        if reply is None:
            log.info("dropping re-sent event %s", message.event_id)
            return None
        self._answered(request, reply)
        self.inflight.start(self._deliver(reply, target, message.team))
        return None

    def _answered(self, request: Request, reply: Reply, *, home: bool = False) -> None:
        """After an answer (a reply with an outcome) or a click on the Home tab (it may have
        turned reminders off), refresh the learner's Home tab."""
        if reply.outcome is not None or home:
            self.home.changed(request.workspace, request.user)

    async def _rights(self, user: str, text: str) -> Rights:
        """Ask Slack about the user only when the typed command needs admin rights."""
        return await self.admins.rights(user) if self.tutor.needs_admin(text) else NOT_ADMIN

    async def _deliver(self, reply: Reply, target: Target, workspace: str) -> None:
        """Send the reply (and the update of the question answered). A posted question's ts
        is stored, so an answer typed later can update its tally. A failure is logged with
        its traceback and the user gets one friendly line if any route is still open."""
        try:
            ts = await self.delivery.send(reply, target)
            if ts is not None and reply.ref is not None:
                ref = reply.ref
                await self.admission.run(lambda: self.tutor.posted(workspace, ref, ts))
            if reply.updates is not None:
                await self.delivery.update(reply.updates, target, reply.updates_posted)
        except Exception:
            log.exception(
                "Slack delivery failed (user %s, channel %s)", target.user, target.channel
            )
            try:
                await self.delivery.send(Reply(kind="error", text=SORRY, private=True), target)
            except Exception as exc:
                log.warning("could not tell the user about the failure: %s", type(exc).__name__)


def typed(text: str) -> str:
    """What the user typed, from Slack's text: `&amp;`, `&lt;` and `&gt;` back to `&`, `<`
    and `>`. Links Slack made (`<#C123|quiz>`, `<@U1>`) stay as they are: the core reads them."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
