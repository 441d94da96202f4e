"""`ask`: answer free text from the notes, or decline with suggestions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lookup import wording
from bot.lookup.index import LookupIndex
from bot.replies import Reply, Request
from bot.wording import error

if TYPE_CHECKING:
    from bot.commands import Invocation


class Asker:
    """Looks questions up in the pack's index; the `ask` command and typed questions."""

    def __init__(self, *, index: LookupIndex) -> None:
        self.index = index

    def ask(self, request: Request, invocation: Invocation) -> Reply:
        """`ask <question>`."""
        return self.lookup(invocation.text("question"))

    def lookup(self, text: str) -> Reply:
        """Answer free text from the notes, or decline with suggestions."""
        if not text.strip():
            return error(wording.ASK_SOMETHING)
        return wording.lookup(self.index.search(text), self.index)
