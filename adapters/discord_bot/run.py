"""`docker-quiz discord`: run the bot; `docker-quiz discord invite-url`: print its invite link."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

import discord

from adapters.discord_bot.bot import make_bot
from adapters.discord_bot.settings import DiscordSettings, application_id_from_env
from adapters.runtime import Background, FrontEnd
from bot.tutor import Tutor

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


async def serve(settings: DiscordSettings, tutor: Tutor, background: Background) -> None:
    """Log in and connect; when `background.stop` is set, disconnect."""
    bot = make_bot(settings=settings, tutor=tutor, background=background)
    async with bot:
        connection = asyncio.create_task(bot.start(settings.token), name="discord-connection")
        stopping = asyncio.create_task(background.stop.wait(), name="discord-stop")
        await asyncio.wait({connection, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not connection.done():
            await bot.close()
        stopping.cancel()
        await connection  # raises discord.LoginFailure and other connection errors


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=["invite-url"], help="print the invite link")


def _before_settings(args: argparse.Namespace) -> int | None:
    if args.action != "invite-url":
        return None
    print(invite_url(application_id_from_env()))
    return 0


def _summary(settings: Any) -> str:
    return "unsharded" if settings.shards is None else f"shards: {settings.shards}"


FRONT_END = FrontEnd(
    name="discord",
    description=DESCRIPTION,
    logger="adapters.discord_bot",
    read_settings=DiscordSettings.from_env,
    summary=_summary,
    serve=serve,
    add_arguments=_arguments,
    before_settings=_before_settings,
    fatal={discord.LoginFailure: "Discord rejected DISCORD_TOKEN; reset it"},
)
