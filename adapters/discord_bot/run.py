"""`docker-quiz discord`: run the bot; `docker-quiz discord invite-url`: print its invite link."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

import discord

from adapters import metrics
from adapters.discord_bot.bot import QuizBot, make_bot
from adapters.discord_bot.settings import DiscordSettings, application_id_from_env
from adapters.logs import setup_logging
from bot.errors import DockerQuizError
from bot.settings import Settings

log = logging.getLogger(__name__)

DESCRIPTION = """Run the Discord bot. Settings come from the environment: DISCORD_TOKEN
(always), DISCORD_GUILD_ID (sync commands to one server at once, for development),
DISCORD_SHARDS ('auto' or a number, for large bots), and the core's DATABASE_URL,
KNOWLEDGE_PATH, LOG_LEVEL. `invite-url` needs only DISCORD_APPLICATION_ID."""
SCOPES = ("bot", "applications.commands")


def permissions() -> discord.Permissions:
    """Only what the bot uses: see channels, post embeds, reply to messages, post in threads."""
    return discord.Permissions(
        view_channel=True,  # receive mentions, see the daily channel
        send_messages=True,  # answers to mentions, the daily question
        send_messages_in_threads=True,  # the same inside threads
        embed_links=True,  # every reply is an embed
        read_message_history=True,  # needed to post a reply to a message
    )


def invite_url(application_id: int) -> str:
    """The OAuth2 link that adds the bot with its commands and minimal permissions."""
    return discord.utils.oauth_url(application_id, permissions=permissions(), scopes=SCOPES)


def run(argv: list[str]) -> int:
    """Entry point of `docker-quiz discord`; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="docker-quiz discord", description=DESCRIPTION)
    parser.add_argument("action", nargs="?", choices=["invite-url"], help="print the invite link")
    parser.add_argument(
        "--check", action="store_true", help="validate the settings and exit without connecting"
    )
    args = parser.parse_args(argv)
    try:
        if args.action == "invite-url":
            print(invite_url(application_id_from_env()))
            return 0
        core = Settings.from_env()
        settings = DiscordSettings.from_env()
    except DockerQuizError as exc:
        print(f"docker-quiz discord: {exc}", file=sys.stderr)
        return 2
    setup_logging(core)
    if args.check:
        shards = "unsharded" if settings.shards is None else f"shards: {settings.shards}"
        print(f"docker-quiz discord: settings OK ({shards})")
        return 0
    from bot.bootstrap import build_tutor

    try:
        tutor = build_tutor(core)
        metrics.instrument(tutor, core, platform="discord", logger="adapters.discord_bot")
    except DockerQuizError as exc:
        print(f"docker-quiz discord: {exc}", file=sys.stderr)
        return 2
    try:
        asyncio.run(serve(make_bot(settings=settings, tutor=tutor)))
    except discord.LoginFailure:
        print("docker-quiz discord: Discord rejected DISCORD_TOKEN; reset it", file=sys.stderr)
        return 2
    finally:
        tutor.close()
    return 0


async def serve(bot: QuizBot) -> None:
    """Run until SIGTERM/SIGINT or until the bot is closed."""
    loop = asyncio.get_running_loop()
    closing: set[asyncio.Task[None]] = set()

    def stop() -> None:
        log.info("shutting down")
        closing.add(loop.create_task(bot.close()))

    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop)
    try:
        async with bot:
            await bot.start(bot.settings.token)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)
        if closing:
            await asyncio.gather(*closing, return_exceptions=True)
