"""The command registry: every command a user can type, declared once.

From `REGISTRY` the core parses typed text, dispatches to the handler and renders `help`;
the Discord adapter builds its `/docker-quiz` group; `scripts/sync_commands.py` writes the
Slack manifest's usage hint and the README's command table (tests fail when they are stale);
adapters ask `needs_admin` before asking the platform about a user's rights.

The typing rule, the same in every front end:
- text starting with the prefix (`/docker-quiz ...`) is a command: a known name (or alias)
  whose arguments do not parse is a usage error; an unknown word starting three or more
  words or ending in "?" is a question for `ask`; any other unknown word gets `help`;
- bare text is a command only when its first word is a command's name or alias and the
  rest parses as that command's arguments; otherwise it is a question (or a typed answer),
  and when the notes have no answer and an argument was clearly meant for the command but
  wrong ("tz UTC-5", "exam 500"), the reply is that command's usage error.

Adding a command: a handler on a feature, an entry here, its wording, its test, a
CHANGELOG line (CONTRIBUTING.md has the checklist).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA

from bot.arguments import Arg, ArgError, ArgValue, ParseContext, parse_args
from bot.replies import PREFIX, Reply, Request

if TYPE_CHECKING:
    from bot.tutor import Features

MAX_COMMAND_CHARS = 2000
MIN_TYPO_LENGTH = 4  # shorter words have too many one-typo neighbours to guess from
EXAM_MAX = 50


@dataclass(frozen=True, slots=True)
class Invocation:
    """A parsed command: which one, and its typed argument values by name."""

    spec: CommandSpec
    values: Mapping[str, ArgValue] = field(default_factory=dict)
    typed: Mapping[str, str] = field(default_factory=dict)  # the text each value came from

    def text(self, name: str, default: str = "") -> str:
        """An argument's value as text, or `default` when it was not given."""
        value = self.values.get(name)
        return default if value is None else str(value)


Handler = Callable[[Request, Invocation], Reply]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One command: name, arguments, usage and help, its handler, who may run it."""

    name: str
    usage: str
    help: str
    handler: Callable[[Features], Handler]
    args: tuple[Arg, ...] = ()
    aliases: tuple[str, ...] = ()
    admin_only: bool = False
    # Admin-only when an argument has one of these values, e.g. daily's action on/off.
    admin_when: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # False: refused while the user's mock exam is open, because the reply would give its
    # answers or results away before the end (the notes, scores, mistakes, review).
    during_exam: bool = True

    def needs_admin(self, values: Mapping[str, ArgValue]) -> bool:
        """True when running it with these values needs workspace-admin rights."""
        return self.admin_only or any(
            str(values.get(name, "")) in allowed for name, allowed in self.admin_when.items()
        )


@dataclass(frozen=True, slots=True)
class Parsed:
    """What typed text is, when it is a command: an invocation, a usage error, or an
    unknown command name (for help)."""

    invocation: Invocation | None = None
    error: ArgError | None = None
    spec: CommandSpec | None = None  # with `error`: the command that failed to parse
    unknown: str | None = None
    suggestion: CommandSpec | None = None  # with `unknown`: the command it is closest to


_TOPIC = Arg("topic", "topic", "Topic")
REGISTRY: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="quiz",
        usage="quiz [topic]",
        help="a random question (or one from a topic)",
        handler=lambda f: f.quiz.quiz_command,
        args=(_TOPIC,),
        aliases=("next", "question"),
    ),
    CommandSpec(
        name="topic",
        usage="topic <topic>",
        help="drill one topic",
        handler=lambda f: f.quiz.topic_command,
        args=(Arg("topic", "topic", "Topic to drill", required=True),),
    ),
    CommandSpec(
        name="ask",
        usage="ask <question>",
        help="look something up in the notes",
        handler=lambda f: f.asker.ask,
        args=(Arg("question", "text", "Question", required=True),),
        during_exam=False,
    ),
    CommandSpec(
        name="topics",
        usage="topics",
        help="list the topics",
        handler=lambda f: f.guide.topics,
    ),
    CommandSpec(
        name="stats",
        usage="stats",
        help="your score, accuracy, streak and exam readiness per topic",
        handler=lambda f: f.progress.stats,
        aliases=("scores", "score"),
        during_exam=False,
    ),
    CommandSpec(
        name="leaderboard",
        usage="leaderboard [week|all]",
        help="the top 10 in this workspace",
        handler=lambda f: f.progress.leaderboard,
        args=(Arg("period", "choice", "Period", choices=("week", "all")),),
        aliases=("top",),
        during_exam=False,
    ),
    CommandSpec(
        name="review",
        usage="review",
        help="spaced review: questions due for you, then new ones",
        handler=lambda f: f.progress.review,
        during_exam=False,
    ),
    CommandSpec(
        name="mistakes",
        usage="mistakes",
        help="questions you got wrong and haven't got right since",
        handler=lambda f: f.progress.mistakes,
        during_exam=False,
    ),
    CommandSpec(
        name="exam",
        usage="exam [N] | exam stop",
        help="a mock exam of N questions (default 10)",
        handler=lambda f: f.exams.command,
        args=(
            Arg("questions", "count", "Number of questions", high=EXAM_MAX),
            Arg("stop", "word", "Stop your exam", words=("stop", "end", "quit", "finish")),
        ),
    ),
    CommandSpec(
        name="daily",
        usage="daily on [#channel] [9am|21:30] [Europe/Berlin|EST] [8h] | daily off | daily status",
        help="the daily question",
        handler=lambda f: f.daily.command,
        args=(
            Arg("action", "choice", "Action", choices=("status", "on", "off")),
            Arg("time", "time", "Local time of the post, e.g. 9am or 21:30 (default 09:00)"),
            Arg("timezone", "zone", "Time zone, e.g. Europe/Berlin or EST (default UTC)"),
            Arg("reveal_hours", "hours", "Reveal delay", low=1, high=23, keys=("reveal",)),
            Arg("channel", "channel", "Where to post (default: this channel)"),
        ),
        admin_when={"action": frozenset({"on", "off"})},
    ),
    CommandSpec(
        name="remind",
        usage="remind on [8am|18:30] | remind off | remind status",
        help="a direct message when your reviews are due, at most once a day",
        handler=lambda f: f.reminders.command,
        args=(
            Arg("action", "choice", "Action", choices=("status", "on", "off")),
            Arg("time", "time", "Your local time for it, e.g. 8am or 18:30 (default 09:00)"),
        ),
        aliases=("reminders", "reminder"),
    ),
    CommandSpec(
        name="tz",
        usage="tz <Area/City>",
        help="set your time zone for streaks, e.g. tz Europe/Berlin",
        handler=lambda f: f.progress.timezone,
        args=(Arg("zone", "zone", "Time zone"),),
    ),
    CommandSpec(
        name="reports",
        usage="reports [ID] | reports close ID [note]",
        help="open reports on questions by learners; close them when handled",
        handler=lambda f: f.reports.reports,
        args=(
            Arg("close", "word", "Close the open reports on a question", words=("close",)),
            Arg("question", "question", "Question id, e.g. q-registry-purpose"),
            Arg("note", "text", "What was done about it"),
        ),
        admin_only=True,
    ),
    CommandSpec(
        name="items",
        usage="items [page]",
        help="item analysis: questions whose first-attempt figures look wrong",
        handler=lambda f: f.items.items,
        args=(Arg("page", "count", "Page", high=99),),
        admin_only=True,
    ),
    CommandSpec(
        name="help",
        usage="help",
        help="this list",
        handler=lambda f: f.guide.help,
    ),
)

BY_NAME: dict[str, CommandSpec] = {
    name: spec for spec in REGISTRY for name in (spec.name, *spec.aliases)
}


def parse(text: str, context: ParseContext) -> Parsed | None:
    """What `text` is as a command by the typing rule; None when it is free text."""
    stripped = " ".join(text[:MAX_COMMAND_CHARS].split())
    lowered = stripped.casefold()
    if lowered == PREFIX or lowered.startswith(PREFIX + " "):
        return _prefixed(stripped[len(PREFIX) :].strip(), context)
    if lowered.startswith("/"):
        word = lowered.split(" ", 1)[0]
        return Parsed(unknown=word[:40], suggestion=closest(word.lstrip("/")))
    found = _bare(stripped, context)
    # bare text whose rest is not this command's arguments: a question
    return found if found is not None and found.invocation is not None else None


def meant_as_command(text: str, context: ParseContext) -> Parsed | None:
    """Bare text that starts with a command's name and gives it an argument clearly meant
    as one but wrong ("tz UTC-5", "exam 500"): the usage error, for when the notes have no
    answer to it as a question; None for anything else."""
    found = _bare(" ".join(text[:MAX_COMMAND_CHARS].split()), context)
    if found is None or found.error is None or not found.error.specific:
        return None
    return found


def _bare(stripped: str, context: ParseContext) -> Parsed | None:
    """Bare text read as the command its first word names: the invocation, or the error
    its arguments raised; None when the first word names no command."""
    head, _, rest = stripped.partition(" ")
    spec = BY_NAME.get(head.casefold())
    if spec is None:
        return None
    try:
        values, typed = parse_args(spec.args, rest, replace(context, strict=True))
    except ArgError as exc:
        return Parsed(error=exc, spec=spec)
    return Parsed(invocation=Invocation(spec, values, typed))


def _prefixed(rest: str, context: ParseContext) -> Parsed:
    if not rest:
        return Parsed(invocation=Invocation(BY_NAME["quiz"]))
    head, _, tail = rest.partition(" ")
    spec = BY_NAME.get(head.casefold())
    if spec is None:
        # `/docker-quiz which service scans images?` is a question, not a typo of a command.
        if len(rest.split()) >= 3 or rest.endswith("?"):
            question = {"question": rest}
            return Parsed(invocation=Invocation(BY_NAME["ask"], question, question))
        return Parsed(unknown=head[:40], suggestion=closest(head))
    try:
        values, typed = parse_args(spec.args, tail, context)
    except ArgError as exc:
        return Parsed(error=exc, spec=spec)
    return Parsed(invocation=Invocation(spec, values, typed))


def closest(word: str) -> CommandSpec | None:
    """The command whose name (or alias) is one typo away from `word` ("statz", "revew",
    "exma"), for "did you mean"; None when none is, or the word is too short to tell."""
    typed = word.casefold()
    if len(typed) < MIN_TYPO_LENGTH or typed in BY_NAME:
        return None
    near = [
        spec
        for name, spec in BY_NAME.items()
        if len(name) >= MIN_TYPO_LENGTH and OSA.distance(typed, name, score_cutoff=1) <= 1
    ]
    return near[0] if len({spec.name for spec in near}) == 1 else None


def needs_admin(text: str, context: ParseContext | None = None) -> bool:
    """True when `text` is a command that needs workspace-admin rights to run. Adapters ask
    the platform about a user's rights only then."""
    parsed = parse(text, context or ParseContext())
    if parsed is None or parsed.invocation is None:
        return False
    return parsed.invocation.spec.needs_admin(parsed.invocation.values)
