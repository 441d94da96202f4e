"""`/docker-quiz` as an application command group. Each subcommand's docstring is its help.

The options become the text the core understands (``/docker-quiz topic ecr``); the core
parses it. Discord cannot set default permissions on a subcommand (only on a top-level
command), so who may change the daily question is checked on the server: the core refuses
`daily on|off` unless `Request.is_admin`, which the bot sets from the member's Manage Server
permission as Discord computed it for the interaction.
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any, Literal, Protocol

import discord
from discord import app_commands

from bot.commands import SLASH
from bot.content.pack import KnowledgePack
from bot.exam.flow import MAX_SIZE as MAX_EXAM_SIZE

NAME = SLASH.lstrip("/")
MAX_CHOICES = 25  # Discord shows at most 25 autocomplete choices


class CommandTarget(Protocol):
    """What a subcommand is handed to: the bot."""

    @property
    def pack(self) -> KnowledgePack:
        """The knowledge pack, for topic autocomplete."""
        ...

    async def on_command(self, interaction: discord.Interaction[Any], *words: str) -> None:
        """Answer `/docker-quiz <words>`."""
        ...


def command_group(target: CommandTarget) -> app_commands.Group:
    """The `/docker-quiz` group with every subcommand of the core."""
    group = app_commands.Group(name=NAME, description="Docker on AWS exam tutor: quizzes, notes")

    async def topics(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return topic_choices(target.pack, current)

    async def zones(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return zone_choices(current)

    @group.command(name="quiz")
    @app_commands.describe(topic="Only questions from this topic")
    @app_commands.autocomplete(topic=topics)
    async def quiz(interaction: discord.Interaction[Any], topic: str | None = None) -> None:
        """A quiz question: a random one, or one from a topic."""
        await target.on_command(interaction, "quiz", *_given(topic))

    @group.command(name="topic")
    @app_commands.describe(topic="The topic to drill")
    @app_commands.autocomplete(topic=topics)
    async def topic(interaction: discord.Interaction[Any], topic: str) -> None:
        """Drill one topic."""
        await target.on_command(interaction, "topic", topic)

    @group.command(name="ask")
    @app_commands.describe(question="What you want to know, e.g. which service scans images?")
    async def ask(
        interaction: discord.Interaction[Any], question: app_commands.Range[str, 1, 500]
    ) -> None:
        """Look something up in the notes."""
        await target.on_command(interaction, "ask", question)

    @group.command(name="topics")
    async def topics_(interaction: discord.Interaction[Any]) -> None:
        """List the topics."""
        await target.on_command(interaction, "topics")

    @group.command(name="stats")
    async def stats(interaction: discord.Interaction[Any]) -> None:
        """Your score, accuracy, streak and mastery per topic."""
        await target.on_command(interaction, "stats")

    @group.command(name="leaderboard")
    @app_commands.describe(period="This week (default) or all time")
    async def leaderboard(
        interaction: discord.Interaction[Any], period: Literal["week", "all"] | None = None
    ) -> None:
        """The top 10 in this server."""
        await target.on_command(interaction, "leaderboard", *_given(period))

    @group.command(name="review")
    async def review(interaction: discord.Interaction[Any]) -> None:
        """Spaced review: questions due for you, then new ones."""
        await target.on_command(interaction, "review")

    @group.command(name="mistakes")
    async def mistakes(interaction: discord.Interaction[Any]) -> None:
        """Questions you got wrong and haven't got right since."""
        await target.on_command(interaction, "mistakes")

    @group.command(name="exam")
    @app_commands.describe(questions="How many questions (default 10)", stop="Stop your exam")
    async def exam(
        interaction: discord.Interaction[Any],
        questions: app_commands.Range[int, 1, MAX_EXAM_SIZE] | None = None,
        stop: bool = False,
    ) -> None:
        """A mock exam of N questions, or stop the one you are taking."""
        words = ["stop"] if stop else _given(None if questions is None else str(questions))
        await target.on_command(interaction, "exam", *words)

    @group.command(name="daily")
    @app_commands.describe(
        action="status (anyone), on or off (Manage Server only)",
        channel="Where to post (default: this channel)",
        time="Local time of the post, HH:MM (default 09:00)",
        timezone="Time zone of that time, e.g. Europe/Berlin (default UTC)",
        reveal_hours="Hours until the answer is revealed (default 8)",
    )
    @app_commands.autocomplete(timezone=zones)
    async def daily(
        interaction: discord.Interaction[Any],
        action: Literal["status", "on", "off"] = "status",
        channel: app_commands.AppCommandChannel | None = None,
        time: app_commands.Range[str, 1, 5] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        reveal_hours: app_commands.Range[int, 1, 23] | None = None,
    ) -> None:
        """The daily question: see it, or (Manage Server) turn it on or off."""
        words = [action, *_given(f"<#{channel.id}>" if channel else None, time, timezone)]
        words += _given(None if reveal_hours is None else f"{reveal_hours}h")
        await target.on_command(interaction, "daily", *words)

    @group.command(name="tz")
    @app_commands.describe(zone="Your time zone, e.g. Europe/Berlin")
    @app_commands.autocomplete(zone=zones)
    async def tz(
        interaction: discord.Interaction[Any], zone: app_commands.Range[str, 1, 64]
    ) -> None:
        """Set your time zone for streaks."""
        await target.on_command(interaction, "tz", zone)

    @group.command(name="help")
    async def help_(interaction: discord.Interaction[Any]) -> None:
        """Every command with one line each."""
        await target.on_command(interaction, "help")

    return group


def topic_choices(pack: KnowledgePack, current: str) -> list[app_commands.Choice[str]]:
    """Topics whose id or title contains what was typed, as autocomplete choices."""
    typed = current.casefold().strip()
    return [
        app_commands.Choice(name=topic.title[:100], value=topic.id)
        for topic in pack.topics.values()
        if typed in topic.id.casefold() or typed in topic.title.casefold()
    ][:MAX_CHOICES]


def zone_choices(current: str) -> list[app_commands.Choice[str]]:
    """IANA time zones containing what was typed."""
    typed = current.casefold().strip()
    found = [zone for zone in _zones() if typed in zone.casefold()]
    return [app_commands.Choice(name=zone, value=zone) for zone in found[:MAX_CHOICES]]


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def _given(*words: str | None) -> list[str]:
    return [word for word in words if word]
