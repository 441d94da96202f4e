"""Typed command arguments: what each kind accepts, its parser, and its autocompletion.

A command's arguments are matched by what each token can be, not by position: every token
goes to the first argument still unfilled whose parser accepts it (so `daily on 09:00
Europe/Berlin` and `daily on Europe/Berlin 09:00` mean the same). A greedy argument
("text", "topic") takes the rest of the line. A parser raises `ArgError` with a message
that is safe to show; the command then is either a usage error (typed with the prefix) or
not a command at all (typed bare, so it is read as a question).
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from bot.errors import DockerQuizError

if TYPE_CHECKING:
    from bot.content.pack import KnowledgePack

ArgKind = Literal["text", "topic", "count", "choice", "word", "zone", "time", "hours", "channel"]
ArgValue = str | int | bool
GREEDY: frozenset[ArgKind] = frozenset({"text", "topic"})
MAX_COMPLETIONS = 25  # Discord shows at most 25 autocomplete choices
MAX_SHOWN = 40  # characters of a user's token echoed back in an error

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_HOURS = re.compile(r"^(?:reveal=)?(\d{1,2})h$")
_CHANNEL_MENTION = re.compile(r"^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL_ID = re.compile(r"^#?[A-Za-z0-9_-]{2,80}$")


class ArgError(DockerQuizError):
    """A token did not parse as the argument it was offered to. `str(exc)` is for users."""


@dataclass(frozen=True, slots=True)
class Arg:
    """One argument of a command.

    `choices` are the accepted words of a "choice", `words` the spellings of a "word" flag
    (its value is True), `low`..`high` the range of a "count" or "hours".
    """

    name: str
    kind: ArgKind
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    low: int = 1
    high: int = 50

    @property
    def greedy(self) -> bool:
        """True when the argument takes the rest of the line."""
        return self.kind in GREEDY


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What parsing needs to know: the pack (for topic names), and whether to be strict
    (bare text, which is a command only when its arguments are unmistakable)."""

    pack: KnowledgePack | None = None
    strict: bool = False


def parse_value(arg: Arg, text: str, context: ParseContext) -> ArgValue:
    """The typed value of `text` for `arg`; raises ArgError when it is not one."""
    shown = text[:MAX_SHOWN]
    if arg.kind == "text":
        return text
    if arg.kind == "topic":
        return _topic(text, context)
    if arg.kind in ("count", "hours"):
        match = _HOURS.match(text.casefold()) if arg.kind == "hours" else None
        digits = match.group(1) if match else text
        if not (digits.isascii() and digits.isdigit()) or not arg.low <= int(digits) <= arg.high:
            raise ArgError(_range_message(arg))
        return int(digits)
    if arg.kind == "choice":
        if text.casefold() not in arg.choices:
            raise ArgError(f"`{shown}` is not one of " + ", ".join(f"`{c}`" for c in arg.choices))
        return text.casefold()
    if arg.kind == "word":
        if text.casefold() not in arg.words:
            raise ArgError(f"`{shown}` is not `{arg.words[0]}`")
        return True
    if arg.kind == "zone":
        return _zone(text)
    if arg.kind == "time":
        found = _TIME.match(text)
        if not found:
            raise ArgError(f"`{shown}` is not a time like 09:00")
        return f"{int(found.group(1)):02d}:{found.group(2)}"
    return _channel(text)


def _range_message(arg: Arg) -> str:
    if arg.kind == "hours":
        return f"The {arg.help.lower()} is {arg.low} to {arg.high} hours, e.g. `8h`."
    return f"Give the {arg.help.lower()} from {arg.low} to {arg.high}."


def _topic(text: str, context: ParseContext) -> str:
    from bot.content.topics import match_topic

    pack = context.pack
    found = match_topic(pack, text, strict=context.strict) if pack is not None else None
    if found is None:
        raise ArgError(f"I don't have a topic called `{text[:MAX_SHOWN]}`.")
    return found


def _zone(text: str) -> str:
    if "/" in text or text.upper() == "UTC":
        try:
            zoneinfo.ZoneInfo(text)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
        else:
            return "UTC" if text.upper() == "UTC" else text
    raise ArgError(
        f"I don't know the time zone `{text[:MAX_SHOWN]}`. Use an IANA name such as "
        "`Europe/Berlin`, `America/New_York` or `UTC`."
    )


def _channel(text: str) -> str:
    found = _CHANNEL_MENTION.match(text)
    if found:
        return found.group(1)
    if _CHANNEL_ID.match(text):
        return text.lstrip("#")
    raise ArgError(f"`{text[:MAX_SHOWN]}` is not a channel")


def parse_args(
    args: tuple[Arg, ...], rest: str, context: ParseContext
) -> tuple[dict[str, ArgValue], dict[str, str]]:
    """Values by argument name for the text after a command's name, and the text each was
    read from (to echo what a fuzzy match resolved); raises ArgError."""
    tokens = rest.split()
    values: dict[str, ArgValue] = {}
    raw: dict[str, str] = {}
    position = 0
    while position < len(tokens):
        token = tokens[position]
        first_error: ArgError | None = None
        for arg in args:
            if arg.name in values:
                continue
            candidate = " ".join(tokens[position:]) if arg.greedy else token
            try:
                values[arg.name] = parse_value(arg, candidate, context)
                raw[arg.name] = candidate
            except ArgError as exc:
                first_error = first_error or exc
                continue
            position = len(tokens) if arg.greedy else position + 1
            break
        else:
            # The first argument it was offered to says best what was expected there.
            raise first_error or ArgError(f"I didn't understand `{token[:MAX_SHOWN]}`.")
    missing = [arg for arg in args if arg.required and arg.name not in values]
    if missing:
        raise ArgError(f"Give the {missing[0].help.lower()}.")
    return values, raw


def complete(kind: ArgKind, current: str, pack: KnowledgePack | None) -> list[tuple[str, str]]:
    """Autocompletion (label, value) for what has been typed so far, at most 25."""
    typed = current.casefold().strip()
    if kind == "topic" and pack is not None:
        found = [
            (topic.title, topic.id)
            for topic in pack.topics.values()
            if typed in topic.id.casefold() or typed in topic.title.casefold()
        ]
        return found[:MAX_COMPLETIONS]
    if kind == "zone":
        zones = [zone for zone in _zones() if typed in zone.casefold()]
        return [(zone, zone) for zone in zones[:MAX_COMPLETIONS]]
    return []


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))
