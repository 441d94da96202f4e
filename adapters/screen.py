"""Replies as text on a terminal: what `docker-quiz ask` and `chat` print.

Kept apart from the terminal front end so `ask` can print without importing the tutor.
"""

from __future__ import annotations

import os
import re
import shutil
from typing import TextIO

from bot.replies import Reply

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
_ITALIC_LINE = re.compile(r"(?m)^_(.+)_$")
_ITALIC = re.compile(r"(?<![\w*])_(?=\S)(.+?)(?<=\S)_(?!\w)")
_QUOTE = re.compile(r"(?m)^> ?")
_MENTION = re.compile(r"<([@#])([\w.-]+)(?:\|[^>]*)?>")  # <@user>, <#channel> -> @user, #channel
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_HANGING = re.compile(r"^(\s*(?:[-•] |\[!\d+\] |[A-Z]\) |\d+[.)] |\()?)")
FENCE = "```"


class Screen:
    """Writes replies as readable text: on a terminal with colours (unless NO_COLOR) and
    wrapped to its width; otherwise plain, with no markdown markers and no colour codes."""

    def __init__(self, out: TextIO, *, colour: bool | None = None, width: int | None = None):
        self.out = out
        tty = is_tty(out)
        self.colour = tty and "NO_COLOR" not in os.environ if colour is None else colour
        self.width = width if width is not None else (_columns() if tty else None)

    def show(self, reply: Reply, *, buttons: bool = True) -> tuple[str, ...]:
        """Print a reply; returns the actions of the buttons shown (`!1`, `!2`, ...), none
        when `buttons` is False (a caller that could not act on them)."""
        shown = reply.buttons if buttons else ()
        lines = [f"== {reply.title} ==" if reply.title else ""]
        lines.append(reply.text)
        lines += [f"  {choice.key}) {choice.text}" for choice in reply.choices]
        lines += [f"  [!{n}] {button.label}" for n, button in enumerate(shown, 1)]
        if reply.footer:
            lines.append(f"({reply.footer})")
        self.out.write(self.render("\n".join(line for line in lines if line)) + "\n\n")
        self.out.flush()
        return tuple(button.action for button in shown)

    def note(self, text: str) -> None:
        """A line of the terminal's own (a hint, an error in what was typed)."""
        self.out.write(self.render(text) + "\n\n")
        self.out.flush()

    def render(self, text: str) -> str:
        """Core markdown as terminal text: styled, or plain; wrapped when width is known.
        Fenced code blocks (diagrams) print as they are, without the fences, never wrapped."""
        out: list[str] = []
        fenced = False
        for line in _MENTION.sub(r"\1\2", text).split("\n"):
            if line.strip() == FENCE:
                fenced = not fenced
                continue
            if fenced:
                out.append(f"\x1b[36m{line}\x1b[0m" if self.colour else line)
                continue
            styled = self._style(line)
            out.extend(_wrap(styled, self.width) if self.width else [styled])
        return "\n".join(out)

    def _style(self, line: str) -> str:
        line = _QUOTE.sub("  ", line)
        line = _ITALIC_LINE.sub("\x1b[2m\\1\x1b[0m" if self.colour else "\\1", line)
        # Bold may hold a code span ("**A) `COPY app.py .`**"): read it on the whole line
        line = _BOLD.sub("\x1b[1m\\1\x1b[0m" if self.colour else "\\1", line)
        # Odd parts are code spans: their text as it is (a learner's comment, a command),
        # in colour on a terminal; markdown applies only outside them.
        parts = _CODE_SPAN.split(line)
        return "".join(self._code(p) if i % 2 else self._inline(p) for i, p in enumerate(parts))

    def _inline(self, text: str) -> str:
        return _ITALIC.sub("\x1b[3m\\1\x1b[0m" if self.colour else "\\1", text)

    def _code(self, span: str) -> str:
        return f"\x1b[36m{span[1:-1]}\x1b[0m" if self.colour else span[1:-1]


def _wrap(line: str, width: int) -> list[str]:
    """Wrap one line to `width` visible columns (colour codes take none), continuing
    bullets, choices and buttons under their text. A word longer than a line stays whole."""
    visible = _ANSI.sub("", line)
    if len(visible) <= width:
        return [line]
    hanging = _HANGING.match(visible)
    indent = " " * len(hanging.group(1) if hanging else "")
    words = line.lstrip(" ").split(" ")
    lines: list[str] = []
    current = line[: len(line) - len(line.lstrip(" "))] + words[0]
    length = len(_ANSI.sub("", current))
    for word in words[1:]:
        size = len(_ANSI.sub("", word))
        if length + 1 + size > width:
            lines.append(current)
            current, length = indent + word, len(indent) + size
        else:
            current, length = f"{current} {word}", length + 1 + size
    lines.append(current)
    return lines


def _columns() -> int:
    return max(20, shutil.get_terminal_size(fallback=(80, 24)).columns)


def is_tty(stream: TextIO) -> bool:
    """True for a terminal (False for pipes, files and closed streams)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
