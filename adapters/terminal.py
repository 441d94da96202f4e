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
from bot.replies import Form, FormField, Outcome, Reply, Request
from bot.tutor import Tutor

WORKSPACE = "local"
CHANNEL = "terminal"
PROMPT = "you> "
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
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
        # Odd parts are code spans: shown as typed (in colour on a terminal), never made bold.
        parts = _CODE_SPAN.split(text)
        return "".join(self._code(p) if i % 2 else self._bold(p) for i, p in enumerate(parts))

    def _bold(self, text: str) -> str:
        return _BOLD.sub("\x1b[1m\\1\x1b[0m" if self.colour else "\\1", text)

    def _code(self, span: str) -> str:
        return f"\x1b[36m{span[1:-1]}\x1b[0m" if self.colour else span

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
    """One user talking to the tutor; `!N` presses button N of the last reply. With `forms`,
    the caller fills in the forms replies carry (see `fill`) and sends them with `submit`."""

    def __init__(self, tutor: Tutor, *, user: str, forms: bool = False) -> None:
        self.tutor = tutor
        self.user = user
        self.forms = forms
        self.buttons: tuple[str, ...] = ()

    def say(self, text: str) -> Reply:
        """Send one typed line and return the reply."""
        pressed = re.fullmatch(r"\s*!(\d{1,2})\s*", text)
        # The person at the keyboard owns the local workspace, so may set its daily question.
        if pressed and 0 < int(pressed.group(1)) <= len(self.buttons):
            action = self.buttons[int(pressed.group(1)) - 1]
            request = self._request(action=action)
        else:
            request = self._request(text=text)
        return self._send(request)

    def submit(self, action: str, fields: dict[str, str]) -> Reply:
        """Send a filled-in form: its submit action and the values by field name."""
        return self._send(self._request(action=action, fields=fields))

    def _request(
        self, *, text: str = "", action: str | None = None, fields: dict[str, str] | None = None
    ) -> Request:
        return Request(
            workspace=WORKSPACE,
            user=self.user,
            text=text,
            action=action,
            channel=CHANNEL,
            is_admin=True,
            fields=fields or {},
            forms=self.forms,
        )

    def _send(self, request: Request) -> Reply:
        reply = self.tutor.handle(request)
        self.buttons = tuple(b.action for b in reply.buttons)
        return reply


def fill(form: Form, stdin: TextIO, screen: Screen) -> dict[str, str] | None:
    """Ask for each field of `form` in turn: a choice by its number, text as one line. None
    when the user gives up: a blank line where a choice is required, or end of input."""
    values: dict[str, str] = {}
    for field in form.fields:
        value = _ask_field(field, stdin, screen)
        if value is None:
            return None
        if value:
            values[field.name] = value
    return values


def _ask_field(field: FormField, stdin: TextIO, screen: Screen) -> str | None:
    if field.kind == "choice":
        listing = [f"  {n}) {label}" for n, (_, label) in enumerate(field.options, 1)]
        blank = "blank cancels" if field.required else "blank skips"
        screen.out.write("\n".join([field.label, *listing]) + "\n")
        prompt = f"1-{len(field.options)} ({blank})> "
        for line in lines(stdin, prompt, screen):
            typed = line.strip()
            if not typed:
                return None if field.required else ""
            if typed.isdigit() and 1 <= int(typed) <= len(field.options):
                return field.options[int(typed) - 1][0]
            screen.out.write(f"Type a number from 1 to {len(field.options)}.\n")
        return None
    note = "blank for none" if not field.required else "required"
    screen.out.write(f"{field.label}: one line, {note}, at most {field.max_length} characters\n")
    for line in lines(stdin, "> ", screen):
        if line.strip() or not field.required:
            return line.strip()
    return None


def chat(tutor: Tutor, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """The interactive session: type what you would type in Slack or Discord."""
    screen = Screen(stdout)
    conversation = Conversation(tutor, user=user_name(), forms=True)
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
        reply = conversation.say(line)
        screen.show(reply)
        if reply.form is not None:
            values = fill(reply.form, stdin, screen)
            if values is None:
                screen.out.write("Nothing was sent.\n\n")
                continue
            screen.show(conversation.submit(reply.form.submit, values))
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
