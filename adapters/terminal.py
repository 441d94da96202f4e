"""The terminal front end: render replies as text, read lines, call the core."""

from __future__ import annotations

import asyncio
import getpass
import re
import sys
from collections.abc import Iterator
from typing import TextIO

from adapters.screen import Screen
from bot.quiz.wording import quiz_summary
from bot.replies import Outcome, Reply, Request
from bot.tutor import Tutor

WORKSPACE = "local"
CHANNEL = "terminal"
PROMPT = "you> "


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
