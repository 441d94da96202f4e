"""Replies as plain text on a terminal: what `docker-quiz ask` and `chat` print.

Kept apart from the terminal front end so `ask` can print without importing the tutor.
"""

from __future__ import annotations

import os
import re
from typing import TextIO

from bot.replies import Reply

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")
_ITALIC_LINE = re.compile(r"(?m)^_(.+)_$")
_MENTION = re.compile(r"<([@#])([\w.-]+)>")  # <@user> and <#channel> read as @user, #channel
FENCE = "```"


class Screen:
    """Writes replies as readable text; colours only when writing to a terminal."""

    def __init__(self, out: TextIO, *, colour: bool | None = None) -> None:
        self.out = out
        if colour is None:
            colour = out.isatty() and "NO_COLOR" not in os.environ
        self.colour = colour

    def _render(self, text: str) -> str:
        """Style the markdown, except in fenced code blocks (diagrams), whose lines are
        printed as they are, without the fences and never rewrapped."""
        parts: list[str] = []
        prose: list[str] = []
        in_code = False
        for line in text.split("\n"):
            if line.strip() == FENCE:
                if not in_code:
                    parts.append(self._style("\n".join(prose)))
                    prose = []
                in_code = not in_code
            elif in_code:
                parts.append(f"\x1b[36m{line}\x1b[0m" if self.colour else line)
            else:
                prose.append(line)
        parts.append(self._style("\n".join(prose)))
        return "\n".join(part for part in parts if part)

    def _style(self, text: str) -> str:
        text = _MENTION.sub(r"\1\2", text)
        text = _ITALIC_LINE.sub("\x1b[2m\\1\x1b[0m" if self.colour else "\\1", text)
        if self.colour:
            text = _BOLD.sub("\x1b[1m\\1\x1b[0m", text)
            return _CODE.sub("\x1b[36m\\1\x1b[0m", text)
        return _BOLD.sub("\\1", text)

    def show(self, reply: Reply) -> None:
        """Print a reply and everything that follows it."""
        lines = [f"== {reply.title} ==" if reply.title else ""]
        lines.append(reply.text)
        lines += [f"  {choice.key}) {choice.text}" for choice in reply.choices]
        lines += [f"  [!{n}] {button.label}" for n, button in enumerate(reply.buttons, 1)]
        if reply.footer:
            lines.append(f"({reply.footer})")
        self.out.write(self._render("\n".join(line for line in lines if line)) + "\n\n")
        self.out.flush()
