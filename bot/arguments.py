"""Typed command arguments: what each kind accepts, its parser, and its autocompletion.

A command's arguments are matched by what each token can be, not by position: every token
goes to the first argument still unfilled whose parser accepts it (so `daily on 9am
Europe/Berlin` and `daily on Europe/Berlin 9am` mean the same). A greedy argument
("text", "topic") takes the rest of the line; a `name=value` token goes to that argument
only (front ends whose options arrive separated, like Discord's, send them so).

Each kind's parser accepts only what it can be, so no value is mistaken for another kind:
a channel is a link (`<#C0123>`) or a platform id, never a word such as a zone's
abbreviation; a time is `9am`, `9:30pm` or `21:30`; a zone is an IANA region name, UTC, or
a name from the table in bot/timezones.py. A parser raises `ArgError` with a message
that is safe to show; the command then is either a usage error (typed with the prefix) or
not a command at all (typed bare, so it is read as a question).
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from bot.actions import ID_MAX
from bot.errors import DockerQuizError
from bot.timezones import is_region, resolve

if TYPE_CHECKING:
    from bot.content.pack import KnowledgePack

ArgKind = Literal[
    "text", "topic", "question", "count", "choice", "word", "zone", "time", "hours", "channel"
]
ArgValue = str | int | bool
GREEDY: frozenset[ArgKind] = frozenset({"text", "topic"})
# How many tokens one value of a kind may span ("9 am", "New York", "united arab emirates").
SPANS: dict[ArgKind, int] = {"zone": 4, "time": 2}
MAX_COMPLETIONS = 25  # Discord shows at most 25 autocomplete choices
MAX_SHOWN = 40  # characters of a user's token echoed back in an error

# 21:30, 9:30, 9.30, 9h30, 9, 9am, 9:30pm, 9 pm, 9_pm (a Discord option's space), 12 a.m.
_TIME = re.compile(
    r"^(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2}))?[\s_]*(?:(?P<half>[ap])\.?m\.?)?$", re.I
)
_TIME_WORDS = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}
_HOURS = re.compile(r"^(\d{1,2})h$")
_CHANNEL_MENTION = re.compile(r"^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$")
# Platform channel ids: Slack's (C, G or D, then capitals and digits, at least one digit)
# and Discord's snowflakes. Nothing a time zone or a country is called looks like either.
_CHANNEL_ID = re.compile(r"^#?(?:[CDG](?=[A-Z0-9]*\d)[A-Z0-9]{6,20}|\d{15,21})$")
_KEYED = re.compile(r"^(?P<key>[a-z_]+)=(?P<value>.*)$", re.I)
# A question id as the pack writes them (bot.content.schema.ID_PATTERN).
_QUESTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ArgError(DockerQuizError):
    """A token did not parse as the argument it was offered to. `str(exc)` is for users.

    `specific` is True when the token clearly was meant as this kind of argument (a time
    out of range, an ambiguous zone name), so its message beats a list of what it is not.
    """

    def __init__(self, message: str, *, specific: bool = False) -> None:
        super().__init__(message)
        self.specific = specific


@dataclass(frozen=True, slots=True)
class Arg:
    """One argument of a command.

    `choices` are the accepted words of a "choice", `words` the spellings of a "word" flag
    (its value is True), `low`..`high` the range of a "count" or "hours". `keys` are the
    extra names that may label a value (`reveal=8h`) besides the argument's own name.
    """

    name: str
    kind: ArgKind
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    low: int = 1
    high: int = 50
    keys: tuple[str, ...] = ()

    @property
    def greedy(self) -> bool:
        """True when the argument takes the rest of the line."""
        return self.kind in GREEDY

    @property
    def what(self) -> str:
        """What a value of this argument looks like, for "it is not ..." messages."""
        return {
            "text": "a question",
            "topic": "a topic",
            "question": "a question id (like `q-registry-purpose`)",
            "count": f"a number from {self.low} to {self.high}",
            "hours": f"a {self.help.lower()} like `{min(self.high, 8)}h`",
            "choice": " or ".join(f"`{c}`" for c in self.choices),
            "word": f"`{self.words[0]}`" if self.words else "a word",
            "zone": "a time zone (`Europe/Berlin`, `EST`)",
            "time": "a time (`9am`, `21:30`)",
            "channel": "a channel (`#quiz`)",
        }[self.kind]


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
    if arg.kind == "question":
        return _question(text)
    if arg.kind in ("count", "hours"):
        match = _HOURS.match(text.casefold()) if arg.kind == "hours" else None
        digits = match.group(1) if match else text
        if arg.kind == "hours" and match is None:
            raise ArgError(f"`{shown}` is not {arg.what}")
        if not (digits.isascii() and digits.isdigit()):
            raise ArgError(f"`{shown}` is not {arg.what}")
        if not arg.low <= int(digits) <= arg.high:
            raise ArgError(_range_message(arg), specific=True)
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
        return _time(text)
    return _channel(text)


def option_token(arg: Arg, value: str) -> str:
    """One token that gives `value` to `arg` and to no other argument (`time=9am`); for
    front ends whose options arrive already separated (Discord)."""
    if arg.greedy:
        return value
    return f"{arg.name}={'_'.join(value.split())}"


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


def _question(text: str) -> str:
    """A question id: any id-shaped word, so ids no longer in the pack can still be named."""
    if len(text) > ID_MAX["question"] or not _QUESTION_ID.match(text):
        raise ArgError(f"`{text[:MAX_SHOWN]}` is not a question id (like `q-registry-purpose`).")
    return text


def _time(text: str) -> str:
    """'HH:MM' (24-hour) of '21:30', '9:30', '9', '9am', '9:30 pm', 'noon'; else ArgError."""
    shown = text[:MAX_SHOWN]
    word = _TIME_WORDS.get(text.strip().casefold())
    if word is not None:
        return word
    found = _TIME.match(text.strip())
    if found is None:
        raise ArgError(f"`{shown}` is not a time like `9am` or `21:30`")
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    half = (found["half"] or "").casefold()
    if half:
        valid = 1 <= hour <= 12
        hour = hour % 12 + (12 if half == "p" else 0)
    else:
        valid = hour <= 23
    if not valid or minute > 59:
        raise ArgError(
            f"`{shown}` is not a time of day: use `00:00` to `23:59`, or `9am`, `9:30pm`.",
            specific=True,
        )
    return f"{hour:02d}:{minute:02d}"


def _zone(text: str) -> str:
    """The IANA region zone (or "UTC") that `text` names; else ArgError with the choices."""
    shown = text[:MAX_SHOWN]
    found = resolve(text)
    if found.zone is not None:
        return found.zone
    if found.offset:
        # most places change their offset with summer time, so an offset is not a zone
        listed = " or ".join(f"`{zone}`" for zone in found.choices) or "`Pacific/Auckland`"
        raise ArgError(
            f"`{shown}` is a UTC offset, and most places change theirs with summer time: "
            f"give your time zone instead, such as {listed}.",
            specific=True,
        )
    if found.choices:
        listed = ", ".join(f"`{zone}`" for zone in found.choices)
        raise ArgError(
            f"`{shown}` could mean several time zones: {listed}. Give the one you mean.",
            specific=True,
        )
    raise ArgError(
        f"I don't know the time zone `{shown}`. Use a name such as `Europe/Berlin`, "
        "`America/New_York` or `UTC`, or an abbreviation such as `CET` or `EST`.",
        specific="/" in text,
    )


def _channel(text: str) -> str:
    found = _CHANNEL_MENTION.match(text)
    if found:
        return found.group(1)
    if _CHANNEL_ID.match(text):
        return text.lstrip("#")
    if text.startswith("#"):
        raise ArgError(
            f"`{text[:MAX_SHOWN]}` is a channel's name, not a link to it: type `#` and pick the "
            "channel from the list so it becomes a link, or give the channel's id.",
            specific=True,
        )
    raise ArgError(f"`{text[:MAX_SHOWN]}` is not {Arg('channel', 'channel', '').what}")


def parse_args(
    args: tuple[Arg, ...], rest: str, context: ParseContext
) -> tuple[dict[str, ArgValue], dict[str, str]]:
    """Values by argument name for the text after a command's name, and the text each was
    read from (to echo what a fuzzy match resolved); raises ArgError.

    A `name=value` token goes to that argument only. Any other token goes to the first
    unfilled argument that accepts it, a kind in `SPANS` trying its longest span first.
    """
    tokens = rest.split()
    values: dict[str, ArgValue] = {}
    raw: dict[str, str] = {}
    position = 0
    while position < len(tokens):
        keyed = _keyed(args, tokens[position])
        if keyed is not None:
            arg, given = keyed
            if arg.name in values:
                raise ArgError(f"The {arg.help.lower()} is given twice.", specific=True)
            values[arg.name] = parse_value(arg, given, context)
            raw[arg.name] = given
            position += 1
            continue
        position = _next_value(args, tokens, position, values, raw, context)
    missing = [arg for arg in args if arg.required and arg.name not in values]
    if missing:
        raise ArgError(f"Give the {missing[0].help.lower()}.")
    return values, raw


def _keyed(args: tuple[Arg, ...], token: str) -> tuple[Arg, str] | None:
    found = _KEYED.match(token)
    if found is None:
        return None
    key = found["key"].casefold()
    arg = next((a for a in args if not a.greedy and key in (a.name, *a.keys)), None)
    return None if arg is None else (arg, found["value"])


def _next_value(
    args: tuple[Arg, ...],
    tokens: list[str],
    position: int,
    values: dict[str, ArgValue],
    raw: dict[str, str],
    context: ParseContext,
) -> int:
    """Fill the first argument that accepts the token(s) at `position`; the next position."""
    rejected: list[tuple[Arg, ArgError]] = []
    for arg in args:
        if arg.name in values:
            continue
        left = len(tokens) - position
        spans = [left] if arg.greedy else range(min(SPANS.get(arg.kind, 1), left), 0, -1)
        for span in spans:
            candidate = " ".join(tokens[position : position + span])
            try:
                values[arg.name] = parse_value(arg, candidate, context)
            except ArgError as exc:
                if span == 1 or arg.greedy or exc.specific:
                    rejected.append((arg, exc))
                continue
            raw[arg.name] = candidate
            return position + span
    raise _not_understood(tokens[position], rejected)


def _not_understood(token: str, rejected: list[tuple[Arg, ArgError]]) -> ArgError:
    """The error for a token no argument took: the one that knows best what was meant."""
    specific = next((exc for _, exc in rejected if exc.specific), None)
    if specific is not None:
        return specific
    if len(rejected) == 1:
        return rejected[0][1]
    if not rejected:
        return ArgError(f"I didn't understand `{token[:MAX_SHOWN]}`.")
    kinds = [arg.what for arg, _ in rejected]
    listed = ", ".join(kinds[:-1]) + f" or {kinds[-1]}"
    return ArgError(f"I couldn't read `{token[:MAX_SHOWN]}`: it is not {listed}.")


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
    if kind == "question" and pack is not None:
        ids = [qid for qid in pack.questions if typed in qid]
        return [(qid, qid) for qid in ids[:MAX_COMPLETIONS]]
    if kind == "zone":
        named = resolve(current)
        label = f"{current.strip()[:MAX_SHOWN]} → {named.zone}"
        first = [(label, named.zone)] if named.zone else []
        ambiguous = [(zone, zone) for zone in named.choices]
        zones = [(zone, zone) for zone in _zones() if typed in zone.casefold()]
        return [*first, *ambiguous, *zones][:MAX_COMPLETIONS]
    return []


@cache
def _zones() -> tuple[str, ...]:
    return ("UTC", *sorted(z for z in zoneinfo.available_timezones() if is_region(z)))
