"""Turn what a user typed or clicked into a command for the tutor."""

from __future__ import annotations

import re
from dataclasses import dataclass

SLASH = "/docker-quiz"
MAX_COMMAND_CHARS = 2000

# name -> (usage, what it does); the order is the order of `help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "quiz": ("quiz [topic]", "a random question (or one from a topic)"),
    "topic": ("topic <topic>", "drill one topic"),
    "ask": ("ask <question>", "look something up in the notes"),
    "topics": ("topics", "list the topics"),
    "stats": ("stats", "your score, accuracy, streak and mastery per topic"),
    "leaderboard": ("leaderboard [week|all]", "the top 10 in this workspace"),
    "review": ("review", "spaced review: questions due for you, then new ones"),
    "mistakes": ("mistakes", "questions you got wrong and haven't got right since"),
    "exam": ("exam [N] | exam stop", "a mock exam of N questions (default 10)"),
    "daily": ("daily on [channel] [HH:MM] [TZ] | daily off | daily status", "the daily question"),
    "tz": ("tz <Area/City>", "set your time zone for streaks, e.g. tz Europe/Berlin"),
    "help": ("help", "this list"),
}
# Words that are commands even without the slash when typed alone in a conversation.
BARE_COMMANDS = frozenset({"help", "topics", "stats", "quiz", "review", "mistakes", "leaderboard"})
ALIASES = {
    "next": "quiz",
    "question": "quiz",
    "scores": "stats",
    "score": "stats",
    "top": "leaderboard",
}

_CHANNEL = re.compile(r"^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed command: its name and the rest of the text as arguments."""

    name: str
    args: tuple[str, ...] = ()
    rest: str = ""
    unknown: str | None = None  # the word that was not a command, for help


@dataclass(frozen=True, slots=True)
class Action:
    """A parsed button action: kind and its fields."""

    kind: str
    fields: tuple[str, ...]


def parse(text: str) -> Command | None:
    """A Command when the text is one, None when it is free text (a question or an answer)."""
    stripped = " ".join(text[:MAX_COMMAND_CHARS].split())
    lowered = stripped.casefold()
    if lowered == SLASH or lowered.startswith(SLASH + " "):
        return _parse_args(stripped[len(SLASH) :].strip(), slash=True)
    if lowered.startswith("/"):
        word = lowered.split(" ", 1)[0]
        return Command(name="help", unknown=word)
    if lowered in BARE_COMMANDS or lowered in ALIASES:
        return _parse_args(stripped, slash=False)
    return None


def _parse_args(rest: str, *, slash: bool) -> Command:
    if not rest:
        return Command(name="quiz")
    head, _, tail = rest.partition(" ")
    name = ALIASES.get(head.casefold(), head.casefold())
    if name in COMMANDS:
        return Command(name=name, args=tuple(tail.split()), rest=tail.strip())
    # `/docker-quiz which service scans images?` is a question, not a typo of a command.
    if slash and (len(rest.split()) >= 3 or rest.endswith("?")):
        return Command(name="ask", args=tuple(rest.split()), rest=rest)
    return Command(name="help", unknown=head[:40])


def parse_action(action: str) -> Action | None:
    """Split a button action like 'a:12:3' into its kind and fields; None when malformed."""
    if not action or len(action) > 100 or not action.isascii() or " " in action:
        return None
    kind, *fields = action.split(":")
    return Action(kind=kind, fields=tuple(fields))


def channel_id(token: str) -> str | None:
    """A channel id from a mention (`<#C123|general>`, `<#123>`) or a bare id like C123."""
    match = _CHANNEL.match(token)
    if match:
        return match.group(1)
    if re.fullmatch(r"#?[A-Za-z0-9_-]{2,80}", token):
        return token.lstrip("#")
    return None


def answer_action(instance_id: int, option: int) -> str:
    """The action of an answer button."""
    return f"a:{instance_id}:{option}"
