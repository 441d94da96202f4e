"""`/docker-quiz` as an application command group, built from the core's command registry.

Each registry entry becomes a subcommand whose options are its arguments (typed by their
kind, autocompleted where the kind has completions); a use is turned back into the text the
core parses (``/docker-quiz topic ecr``, ``/docker-quiz daily on timezone=EST
channel=<#123>``: each option labelled, so a zone can never take the channel's place).
Discord cannot set default permissions on a subcommand (only on a top-level command), so
who may change the daily question is checked on the server: the core refuses `daily
on|off` unless `Request.is_admin`, which the bot sets from the member's Manage Server
permission as Discord computed it for the interaction.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from typing import Any, Literal, Optional, Protocol

import discord
from discord import app_commands

from bot.actions import ID_MAX
from bot.arguments import Arg, complete, option_token
from bot.commands import REGISTRY, CommandSpec
from bot.content.pack import KnowledgePack
from bot.replies import PREFIX

NAME = PREFIX.lstrip("/")
DESCRIPTION_LIMIT = 100  # Discord's limit on command and option descriptions
TEXT_LIMIT = 500  # a question typed into `ask`
ZONE_LIMIT = 64
TIME_LIMIT = 8
QUESTION_LIMIT = ID_MAX["question"]
COMPLETED = frozenset({"topic", "question", "zone"})  # argument kinds with autocompletion
Autocomplete = Callable[
    [discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]


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
    """The `/docker-quiz` group with one subcommand per registry entry."""
    group = app_commands.Group(name=NAME, description="Docker on AWS exam tutor: quizzes, notes")
    for spec in REGISTRY:
        group.add_command(_subcommand(spec, target))
    return group


def option_type(arg: Arg) -> Any:
    """The Discord option type of an argument kind (the annotation discord.py reads)."""
    kinds: dict[str, Any] = {
        "text": app_commands.Range[str, 1, TEXT_LIMIT],
        "topic": str,
        "question": app_commands.Range[str, 1, QUESTION_LIMIT],
        "count": app_commands.Range[int, arg.low, arg.high],
        "hours": app_commands.Range[int, arg.low, arg.high],
        "choice": Literal[arg.choices] if arg.choices else str,
        "word": bool,
        "zone": app_commands.Range[str, 1, ZONE_LIMIT],
        "time": app_commands.Range[str, 1, TIME_LIMIT],
        "channel": app_commands.AppCommandChannel,
    }
    return kinds[arg.kind]


def option_text(arg: Arg, value: Any) -> str | None:
    """An option's value as the token the core parses, labelled with its argument's name
    (`timezone=EST`) so it can only fill that argument; None when it was left out."""
    if value is None or value is False:
        return None
    if arg.kind == "word":
        return arg.words[0]
    if arg.kind == "hours":
        return option_token(arg, f"{value}h")
    if arg.kind == "channel":
        return option_token(arg, f"<#{value.id}>")
    return option_token(arg, str(value))


def _subcommand(spec: CommandSpec, target: CommandTarget) -> app_commands.Command[Any, Any, None]:
    async def callback(interaction: discord.Interaction[Any], **options: Any) -> None:
        words = [option_text(arg, options.get(arg.name)) for arg in spec.args]
        await target.on_command(interaction, spec.name, *(w for w in words if w))

    ordered = sorted(spec.args, key=lambda arg: not arg.required)  # required options first
    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    parameters += [
        inspect.Parameter(
            arg.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            annotation=option_type(arg) if arg.required else Optional[option_type(arg)],  # noqa: UP045
            default=inspect.Parameter.empty if arg.required else None,
        )
        for arg in ordered
    ]
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    described = app_commands.describe(**{arg.name: arg.help[:DESCRIPTION_LIMIT] for arg in ordered})
    completed = app_commands.autocomplete(
        **{arg.name: _completer(arg, target) for arg in ordered if arg.kind in COMPLETED}
    )
    description = (spec.help[:1].upper() + spec.help[1:])[:DESCRIPTION_LIMIT]
    handler: Any = completed(described(callback))  # its real signature is __signature__
    return app_commands.Command(name=spec.name, description=description, callback=handler)


def _completer(arg: Arg, target: CommandTarget) -> Autocomplete:
    async def choices(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=label[:DESCRIPTION_LIMIT], value=value)
            for label, value in complete(arg.kind, current, target.pack)
        ]

    return choices
