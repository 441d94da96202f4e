"""`docker-quiz slack`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode on HOST:PORT."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from pathlib import Path

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from adapters import heartbeat, metrics
from adapters.logs import setup_logging
from adapters.slack_app.app import SlackBot
from adapters.slack_app.outbox import SlackOutbox
from adapters.slack_app.server import start_http
from adapters.slack_app.settings import EVENTS_PATH, SlackSettings
from bot.errors import DockerQuizError
from bot.settings import Settings
from bot.tutor import Tutor

log = logging.getLogger(__name__)

DESCRIPTION = """Run the Slack bot. Settings come from the environment:
SLACK_BOT_TOKEN (xoxb-, always), SLACK_APP_TOKEN (xapp-: Socket Mode) or
SLACK_SIGNING_SECRET with PORT and HOST (HTTP mode, Slack posts to /slack/events),
SLACK_API_URL, SLACK_ADMIN_USERS, and the core's DATABASE_URL, KNOWLEDGE_PATH, LOG_LEVEL."""


def run(argv: list[str]) -> int:
    """Entry point of `docker-quiz slack`; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="docker-quiz slack", description=DESCRIPTION)
    parser.add_argument(
        "--check", action="store_true", help="validate the settings and exit without connecting"
    )
    args = parser.parse_args(argv)
    try:
        core = Settings.from_env()
        slack = SlackSettings.from_env()
    except DockerQuizError as exc:
        print(f"docker-quiz slack: {exc}", file=sys.stderr)
        return 2
    setup_logging(core)
    if args.check:
        print(f"docker-quiz slack: settings OK ({slack.mode} mode)")
        return 0
    from bot.bootstrap import build_tutor

    try:
        tutor = build_tutor(core)
    except DockerQuizError as exc:
        print(f"docker-quiz slack: {exc}", file=sys.stderr)
        return 2
    try:
        metrics.instrument(tutor, core, platform="slack", logger="adapters.slack_app")
        asyncio.run(serve(slack, tutor, heartbeat_file=heartbeat.heartbeat_path()))
    finally:
        tutor.close()
    return 0


async def serve(
    settings: SlackSettings,
    tutor: Tutor,
    *,
    stop: asyncio.Event | None = None,
    heartbeat_file: Path | None = None,
) -> None:
    """Run until SIGTERM/SIGINT (or `stop` is set), then shut down cleanly.

    With `heartbeat_file`, touch it while connected (see `docker-quiz health`).
    """
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    bot = SlackBot(settings=settings, tutor=tutor)
    outbox = metrics.CountedOutbox(SlackOutbox(client=bot.client), platform="slack")
    scheduler = tutor.daily_scheduler(outbox)
    daily = asyncio.create_task(scheduler.run_forever(stop), name="daily-scheduler")
    socket: AsyncSocketModeHandler | None = None
    runner = None
    beating: asyncio.Task[None] | None = None
    try:
        if settings.mode == "socket":
            socket = AsyncSocketModeHandler(bot.app, settings.app_token, web_client=bot.client)
            await socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("connected to Slack in Socket Mode")
        else:
            runner, port = await start_http(bot.app, host=settings.host, port=settings.port)
            log.info("serving Slack on http://%s:%d%s", settings.host, port, EVENTS_PATH)
        if heartbeat_file is not None:
            alive = socket.client.is_connected if socket is not None else None
            beating = asyncio.create_task(
                heartbeat.keep_alive(heartbeat_file, stop=stop, alive=alive), name="heartbeat"
            )
        await stop.wait()
        log.info("shutting down")
    finally:
        stop.set()
        if socket is not None:
            await socket.close_async()  # type: ignore[no-untyped-call]  # no new envelopes
        if runner is not None:
            await runner.cleanup()  # no new requests; open ones finish
        await bot.close()  # work acked but not done yet finishes
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(daily, timeout=10)
        if not daily.done():
            daily.cancel()
        if beating is not None:
            await beating  # returns once `stop` is set, removing the file
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)
