"""The terminal front end: render replies as text, read lines, call the core.

On a terminal: colours, text wrapped to its width, and line editing with history (readline,
where Python has it), kept between sessions in the user's state folder. Piped: plain text,
no colour codes and no markdown markers, so the output reads (and greps) as written.
Ctrl-D ends a session on a fresh line; Ctrl-C ends it with exit code 130 (the CLI's job).

`!N` presses button N of the last reply shown, and only a button that was shown. A reply
that carries a form ("Report a problem") is filled in by prompts, a choice by its number.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from adapters.screen import Screen, is_tty
from bot.quiz.wording import quiz_summary
from bot.replies import Form, FormField, Outcome, Reply, Request
from bot.tutor import Tutor

WORKSPACE = "local"
CHANNEL = "terminal"
PROMPT = "you> "
ANSWER_PROMPT = "answer> "
HISTORY_LINES = 1000
_PRESS = re.compile(r"\s*!(\d{1,3})\s*")


def user_name() -> str:
    """Who is at the keyboard (falls back to 'you')."""
    try:
        return getpass.getuser() or "you"
    except (KeyError, OSError):
        return "you"


def lines(stream: TextIO, prompt: str, screen: Screen) -> Iterator[str]:
    """Input lines until end of input. On the process's own terminal they are read with
    line editing and history, and Ctrl-D ends on a fresh line. Ctrl-C propagates as
    KeyboardInterrupt (the CLI exits 130)."""
    interactive = stream is sys.stdin and is_tty(stream) and screen.out is sys.stdout
    if interactive:
        _line_editing()
    while True:
        try:
            if interactive:
                line = input(prompt) + "\n"
            else:
                if is_tty(stream):
                    screen.out.write(prompt)
                    screen.out.flush()
                line = stream.readline()
        except EOFError:
            line = ""
        if not line:
            if is_tty(stream):
                screen.out.write("\n")  # Ctrl-D: the shell's prompt starts on its own line
                screen.out.flush()
            return
        yield line.rstrip("\n")


def _line_editing() -> None:
    """Turn on readline (arrow keys, history) where Python has it, with a history file
    in the user's state folder; nothing happens where it is missing (Windows)."""
    try:
        import readline
    except ImportError:
        return
    import atexit

    from platformdirs import user_state_path

    history = Path(user_state_path("docker-quiz")) / "history"
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    readline.set_history_length(HISTORY_LINES)

    def save() -> None:
        with contextlib.suppress(OSError):
            history.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history)

    atexit.register(save)


class Conversation:
    """One user talking to the tutor; `!N` presses button N of the last reply shown (only
    buttons that were shown). With a `screen`, each reply is shown as it comes. With
    `forms`, the tutor may reply with a form: the caller fills it in (`fill`) and sends it
    with `submit`."""

    def __init__(
        self, tutor: Tutor, *, user: str, screen: Screen | None = None, forms: bool = False
    ) -> None:
        self.tutor = tutor
        self.user = user
        self.screen = screen
        self.forms = forms
        self.buttons: tuple[str, ...] = ()

    def say(self, text: str, *, buttons: bool = True) -> Reply:
        """Send one typed line and return the reply, shown with its buttons unless
        `buttons` is False; `!N` for a button that was not shown gets an error reply."""
        pressed = _PRESS.fullmatch(text)
        if pressed:
            number = int(pressed.group(1))
            if not 0 < number <= len(self.buttons):
                refused = Reply(kind="error", text=_no_such_button(number, len(self.buttons)))
                if self.screen is not None:
                    self.screen.show(refused)  # the buttons shown before still count
                return refused
            request = self._request(action=self.buttons[number - 1])
        else:
            request = self._request(text=text)
        return self._shown(self.tutor.handle(request), buttons=buttons)

    def reopen(self) -> Reply | None:
        """Show again the question this user left unanswered, if any (a restarted chat)."""
        reply = self.tutor.open_question(self._request())
        return None if reply is None else self._shown(reply)

    def submit(self, action: str, fields: dict[str, str]) -> Reply:
        """Send a filled-in form: its submit action and the values by field name."""
        return self._shown(self.tutor.handle(self._request(action=action, fields=fields)))

    def _request(
        self, *, text: str = "", action: str | None = None, fields: dict[str, str] | None = None
    ) -> Request:
        # The person at the keyboard owns the local workspace, so may set its daily question.
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

    def _shown(self, reply: Reply, *, buttons: bool = True) -> Reply:
        if self.screen is None:
            self.buttons = tuple(b.action for b in reply.buttons) if buttons else ()
        else:
            self.buttons = self.screen.show(reply, buttons=buttons)
        return reply


def _no_such_button(number: int, count: int) -> str:
    if count == 0:
        return f"There is no button !{number}: the last reply had none."
    listed = "!1" if count == 1 else f"!1 to !{count}"
    return f"There is no button !{number}: the last reply had {listed}."


def fill(form: Form, stdin: TextIO, screen: Screen) -> dict[str, str] | None:
    """Ask for each field of `form` in turn: a choice by its number, text as one line. None
    when the user gives up: `cancel` or a quit word, a blank line where a choice is
    required, or end of input."""
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
        screen.out.write("\n".join([field.label, *listing]) + "\n")
        screen.out.flush()
        blank = "blank or cancel: not sent" if field.required else "blank skips, cancel: not sent"
        for line in lines(stdin, f"1-{len(field.options)} ({blank})> ", screen):
            typed = line.strip()
            if typed.casefold() in CANCEL_WORDS:
                return None
            if not typed:
                return None if field.required else ""
            if typed.isdigit() and 1 <= int(typed) <= len(field.options):
                return field.options[int(typed) - 1][0]
            screen.out.write(f"Type a number from 1 to {len(field.options)}.\n")
        return None
    note = "required" if field.required else "blank for none"
    screen.out.write(
        f"{field.label}: one line, {note}, at most {field.max_length} characters "
        "(cancel: not sent)\n"
    )
    screen.out.flush()
    for line in lines(stdin, "> ", screen):
        if line.strip().casefold() in CANCEL_WORDS:
            return None
        if line.strip() or not field.required:
            return line.strip()
    return None


INTRO = Reply(
    text="Type a question, `/docker-quiz` for a quiz question, `/docker-quiz help` for every "
    "command, the letter of an answer, `!1` to press a button. Ctrl-D or `quit` ends the "
    "session.",
    title="docker-quiz",
)


QUIT_WORDS = frozenset({"quit", "exit", ":q"})  # end a chat or a quiz, as Ctrl-D does
CANCEL_WORDS = QUIT_WORDS | {"cancel"}  # leave a form unsent (the chat goes on)


def chat(tutor: Tutor, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """The interactive session: type what you would type in Slack or Discord. Reviews due
    are announced first; an exam in progress (from an earlier session) is picked up where
    it was, and a question left unanswered is shown again."""
    screen = Screen(stdout)
    conversation = Conversation(tutor, user=user_name(), screen=screen, forms=True)
    screen.show(INTRO)
    due = tutor.features.reminders.due_line(WORKSPACE, conversation.user)
    if due is not None:
        screen.note(due)
    if tutor.store.active_exam(workspace=WORKSPACE, user=conversation.user) is not None:
        conversation.say("/docker-quiz exam")
    else:
        conversation.reopen()
    for line in lines(stdin, PROMPT, screen):
        if line.strip().casefold() in QUIT_WORDS:
            break
        if not line.strip():
            continue
        reply = conversation.say(line)
        if reply.form is not None:
            values = fill(reply.form, stdin, screen)
            if values is None:
                screen.note("Nothing was sent.")
            else:
                conversation.submit(reply.form.submit, values)
    return 0


def quiz(
    tutor: Tutor,
    *,
    count: int,
    topic: str | None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> int:
    """A quiz of `count` questions with feedback after each and a score at the end. The
    quiz moves on by itself, so feedback shows no buttons (there is no "Next question")."""
    screen = Screen(stdout)
    conversation = Conversation(tutor, user=user_name(), screen=screen)
    outcomes: list[Outcome] = []
    command = f"/docker-quiz topic {topic}" if topic else "/docker-quiz quiz"
    answers = lines(stdin, ANSWER_PROMPT, screen)
    asked = 0
    while asked < count:
        question = conversation.say(command)
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
        if line.strip().casefold() in QUIT_WORDS:
            return None  # ends the quiz as Ctrl-D does: the score so far
        if line.strip():
            reply = conversation.say(line, buttons=False)
            if reply.outcome is not None:
                return reply.outcome
            if reply.kind == "error":
                continue  # the reply said what was wrong
        screen.note("Answer with a letter, e.g. B (two letters, e.g. A,C, when asked for two).")
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

    async def notify(self, *, workspace: str, user: str, reply: Reply) -> None:
        """Print a direct message to a user."""
        self.screen.out.write(f"[{workspace}, to @{user}]\n")
        self.screen.show(reply)


def daily_run_once(tutor: Tutor, stdout: TextIO = sys.stdout) -> int:
    """Post every daily question and reveal that is due now, once, then exit."""
    outbox = PrintOutbox(Screen(stdout))
    done = asyncio.run(tutor.daily_scheduler(outbox).run_once())
    stdout.write(f"{done} daily post(s) and reveal(s) made.\n")
    return 0
