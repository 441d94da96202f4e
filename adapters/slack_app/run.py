"""`docker-quiz slack`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode on HOST:PORT."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from adapters.runtime import Background, FrontEnd
from adapters.slack_app.app import SlackBot
from adapters.slack_app.outbox import SlackOutbox, reminder_platform
from adapters.slack_app.server import start_http
from adapters.slack_app.settings import EVENTS_PATH, SlackSettings
from adapters.slack_app.verify import Replays
from bot.tutor import Tutor

log = logging.getLogger(__name__)

DESCRIPTION = """Run the Slack bot. Settings come from the environment:
SLACK_BOT_TOKEN (xoxb-, always), SLACK_APP_TOKEN (xapp-: Socket Mode) or
SLACK_SIGNING_SECRET with PORT and HOST (HTTP mode, Slack posts to /slack/events),
SLACK_API_URL, SLACK_ADMIN_USERS, and the core's DATABASE_URL, KNOWLEDGE_PATH, LOG_LEVEL."""


async def serve(settings: SlackSettings, tutor: Tutor, background: Background) -> None:
    """Connect (Socket Mode or HTTP), serve until `background.stop`, then close in order:
    no new envelopes or requests, work already acknowledged finishes, sessions close."""
    bot = SlackBot(settings=settings, tutor=tutor)
    outbox = SlackOutbox(client=bot.client)
    background.start_daily(outbox)
    background.start_reminders(outbox, reminder_platform())
    socket: AsyncSocketModeHandler | None = None
    runner = None
    pruning: asyncio.Task[None] | None = None
    try:
        if settings.mode == "socket":
            socket = AsyncSocketModeHandler(bot.app, settings.app_token, web_client=bot.client)
            await socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("connected to Slack in Socket Mode")
        else:
            replays = Replays(tutor, bot.admission)
            pruning = asyncio.create_task(replays.prune_forever(background.stop))
            runner, port = await start_http(
                bot.app,
                host=settings.host,
                port=settings.port,
                secret=settings.signing_secret or "",
                replays=replays,
            )
            log.info("serving Slack on http://%s:%d%s", settings.host, port, EVENTS_PATH)
        background.start_heartbeat(socket.client.is_connected if socket is not None else None)
        await background.stop.wait()
    finally:
        if socket is not None:
            await socket.close_async()  # type: ignore[no-untyped-call]  # no new envelopes
        if runner is not None:
            await runner.cleanup()  # no new requests; open ones finish
        await bot.close()  # replies to what was acknowledged (and stored) still go out
        if pruning is not None:
            pruning.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pruning


FRONT_END = FrontEnd(
    name="slack",
    description=DESCRIPTION,
    logger="adapters.slack_app",
    read_settings=SlackSettings.from_env,
    summary=lambda settings: f"{settings.mode} mode",
    serve=serve,
)
