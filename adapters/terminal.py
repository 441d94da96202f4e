"""The terminal front end: render replies as text, read lines, call the core."""

from __future__ import annotations

import asyncio
import getpass
import os
import re
import sys
from collections.abc import Iterator
from typing import TextIO

from bot.quiz.wording import quiz_summary
from bot.replies import Outcome, Reply, Request
from bot.tutor import Tutor

WORKSPACE = "local"
CHANNEL = "terminal"
PROMPT = "you> "
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


def user_name() -> str:
    """Who is at the keyboard (falls back to 'you')."""
    try:
        return getpass.getuser() or "you"
    except (KeyError, OSError):
        return "you"


def lines(stream: TextIO, prompt: str, screen: Screen) -> Iterator[str]:
    """Input lines until end of input or Ctrl-C."""
    while True:
        if stream.isatty():
            screen.out.write(prompt)
            screen.out.flush()
        try:
            line = stream.readline()
        except KeyboardInterrupt:
            return
        if not line:
            return
        yield line.rstrip("\n")


class Conversation:
    """One user talking to the tutor; `!N` presses button N of the last reply."""

    def __init__(self, tutor: Tutor, *, user: str) -> None:
        self.tutor = tutor
        self.user = user
        self.buttons: tuple[str, ...] = ()

    def say(self, text: str) -> Reply:
        """Send one typed line and return the reply."""
        pressed = re.fullmatch(r"\s*!(\d{1,2})\s*", text)
        # The person at the keyboard owns the local workspace, so may set its daily question.
        if pressed and 0 < int(pressed.group(1)) <= len(self.buttons):
            action = self.buttons[int(pressed.group(1)) - 1]
            request = Request(
                workspace=WORKSPACE, user=self.user, action=action, channel=CHANNEL, is_admin=True
            )
        else:
            request = Request(
                workspace=WORKSPACE, user=self.user, text=text, channel=CHANNEL, is_admin=True
            )
        reply = self.tutor.handle(request)
        self.buttons = tuple(b.action for b in reply.buttons)
        return reply


def chat(tutor: Tutor, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """The interactive session: type what you would type in Slack or Discord."""
    screen = Screen(stdout)
    conversation = Conversation(tutor, user=user_name())
    screen.show(
        Reply(
            text="Type a question, `/docker-quiz` for a quiz question, `/docker-quiz help` for "
            "every command, the letter of an answer, `!1` to press a button. "
            "Ctrl-D or `quit` ends the session.",
            title="docker-quiz",
        )
    )
    for line in lines(stdin, PROMPT, screen):
        if line.strip().casefold() in {"quit", "exit", ":q"}:
            break
        screen.show(conversation.say(line))
    return 0


def quiz(
    tutor: Tutor,
    *,
    count: int,
    topic: str | None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> int:
    """A quiz of `count` questions with feedback after each and a score at the end."""
    screen = Screen(stdout)
    conversation = Conversation(tutor, user=user_name())
    outcomes: list[Outcome] = []
    command = f"/docker-quiz topic {topic}" if topic else "/docker-quiz quiz"
    answers = lines(stdin, "answer> ", screen)
    asked = 0
    while asked < count:
        question = conversation.say(command)
        screen.show(question)
        if question.kind != "question":
            return 1
        asked += 1
        outcome = _answer_until_judged(conversation, answers, screen)
        if outcome is None:
            break
        outcomes.append(outcome)
    screen.show(quiz_summary(outcomes, tutor.pack))
    return 0


def _answer_until_judged(
    conversation: Conversation, answers: Iterator[str], screen: Screen
) -> Outcome | None:
    for line in answers:
        if line.strip():
            reply = conversation.say(line)
            screen.show(reply)
            if reply.outcome is not None:
                return reply.outcome
        screen.out.write(
            "Answer with a letter, e.g. B (two letters, e.g. A,C, when asked for two).\n"
        )
    return None


class PrintOutbox:
    """The daily question's outbox for the terminal and cron: print each post."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.posted = 0

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        """Print a post for a channel; its ref is a running number."""
        self.posted += 1
        self.screen.out.write(f"[{workspace} #{channel}]\n")
        self.screen.show(reply)
        return f"terminal-{self.posted}"

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        """Print a reply in a thread."""
        self.posted += 1
        self.screen.out.write(f"[{workspace} #{channel}, in reply to {thread}]\n")
        self.screen.show(reply)
        return f"terminal-{self.posted}"


def daily_run_once(tutor: Tutor, stdout: TextIO = sys.stdout) -> int:
    """Post every daily question and reveal that is due now, once, then exit."""
    outbox = PrintOutbox(Screen(stdout))
    done = asyncio.run(tutor.daily_scheduler(outbox).run_once())
    stdout.write(f"{done} daily post(s) and reveal(s) made.\n")
    return 0
