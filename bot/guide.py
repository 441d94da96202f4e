"""`help` and `topics`: what the tutor can do and what it teaches."""

from __future__ import annotations

from collections.abc import Sequence

from bot import wording
from bot.commands import CommandSpec, Invocation
from bot.content.pack import KnowledgePack
from bot.replies import Reply, Request


class Guide:
    """Handlers for `help` (from the command registry) and `topics` (from the pack)."""

    def __init__(self, *, pack: KnowledgePack, specs: Sequence[CommandSpec]) -> None:
        self.pack = pack
        self.specs = tuple(specs)

    def help(self, request: Request, invocation: Invocation) -> Reply:
        """Every command with one line each."""
        return wording.help_text(self.specs)

    def topics(self, request: Request, invocation: Invocation) -> Reply:
        """The topics with their question counts."""
        return wording.topics(self.pack)
