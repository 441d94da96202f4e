"""Wording shared by every capability: errors, help, the topic list, bar charts.

Each capability keeps its own wording beside it (`bot/<capability>/wording.py`); what is
here is what several of them use, or what belongs to no one capability.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bot import actions
from bot.replies import PREFIX, Button, Reply

if TYPE_CHECKING:
    from bot.commands import CommandSpec
    from bot.content.pack import KnowledgePack

SLASH = PREFIX
MAX_TOPIC_BUTTONS = 25  # one per topic, up to what Slack (a block) and Discord (a message) show
LABEL_MAX = 75


def error(text: str) -> Reply:
    """A problem the user can fix, said kindly."""
    return Reply(kind="error", text=text, private=True)


def failed(reason: str) -> Reply:
    """The core's own refusal of a request (a DockerQuizError), said kindly."""
    return error(f"Sorry, that didn't work: {reason}")


def read_more(sources: Sequence[str]) -> str | None:
    """The "Read more" line of an entry or a question's official sources; None without any."""
    return "Read more: " + " · ".join(sources) if sources else None


def code_block(text: str) -> str:
    """Monospace lines (a diagram) as a fenced code block of the core's markdown."""
    return "```\n" + text.strip("\n") + "\n```"


def quoted(text: str, limit: int) -> str:
    """Text a user typed, shown as itself on every front end: one line in a code span (no
    markdown applies there), with the characters that could end the span or form a mention
    or link (`` ` ``, ``<``, ``>``) replaced by look-alikes; cut to `limit` characters."""
    line = " ".join(text.split())
    line = line.replace("`", "'").replace("<", "‹").replace(">", "›")
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    return f"`{line}`" if line else "_(empty)_"


def bar(share: float, width: int = 10) -> str:
    """A small text bar chart cell: ███████░░░ for 70%."""
    filled = round(max(0.0, min(1.0, share)) * width)
    return "█" * filled + "░" * (width - filled)


def help_text(specs: Iterable[CommandSpec], unknown: str | None = None) -> Reply:
    """Every command with one line each."""
    lines = [f"I don't know the command `{unknown}`.", ""] if unknown else []
    lines.append("Ask me anything about Docker fundamentals for AWS, or use a command:")
    lines += [
        f"- `{SLASH} {spec.usage}`: {spec.help}" + (" (admins)" if spec.admin_only else "")
        for spec in specs
    ]
    lines.append("Answer a question with its button or by typing its letter (A-E).")
    return Reply(kind="info", title="docker-quiz help", text="\n".join(lines))


def admins_only(spec: CommandSpec, *, check_failed: bool = False) -> Reply:
    """A command only workspace admins may run, asked by someone else (or by someone whose
    rights the platform could not be asked about just now)."""
    if check_failed:
        return error(
            "Sorry, I couldn't check your admin rights just now, so nothing was done. "
            "Please try again in a minute."
        )
    return error(f"Sorry, only workspace admins can use `{SLASH} {spec.name}`.")


def did_you_mean(spec: CommandSpec, typed: str) -> Reply:
    """A word one typo away from a command."""
    return error(
        f"I don't know the command `{typed[:40]}`. Did you mean `{SLASH} {spec.name}`? "
        f"(`{SLASH} help` lists every command.)"
    )


def nudge() -> Reply:
    """An empty message: a fresh prompt, not the whole help."""
    return Reply(
        kind="info",
        text=f"Ask me about Docker on AWS, type `{SLASH}` for a question, or `{SLASH} help`.",
        private=True,
    )


STILL_OPEN = "Still open from last time."


def in_exam(letters: str, command: str = "ask") -> Reply:
    """A question for the notes, or a command showing results (`command`), during a mock
    exam: either could give its answers away before the end."""
    held = (
        "Questions for the notes wait until then."
        if command == "ask"
        else f"`{SLASH} {command}` waits until then: it would show how the exam is going."
    )
    return error(
        f"You're in an exam: answer with {letters}, or end it with `{SLASH} exam stop`. {held}"
    )


def ended(text: str) -> str:
    """`text` as a sentence: a full stop added unless it already ends in one (or in ! or ?),
    markup aside: "**B) docker build -t app:v1 .**" needs none, or plain text shows two."""
    return text if text.rstrip("`*_ ").endswith((".", "!", "?")) else f"{text}."


def usage_error(spec: CommandSpec, problem: str) -> Reply:
    """A known command whose arguments did not parse: what was wrong and how to write it."""
    return error(f"{ended(problem)} Use `{SLASH} {spec.usage}`.")


def topics(pack: KnowledgePack) -> Reply:
    """The topics with their question counts."""
    lines = [
        f"- **{t.title}** (`{t.id}`): {len(pack.questions_in(t.id))} questions"
        for t in pack.topics.values()
    ]
    lines.append(f"Drill one with `{SLASH} topic <topic>`.")
    buttons = tuple(
        Button(label=t.title[:LABEL_MAX], action=actions.next_question(t.id))
        for t in pack.topics.values()
    )
    return Reply(
        kind="info", title="Topics", text="\n".join(lines), buttons=buttons[:MAX_TOPIC_BUTTONS]
    )


def unknown_topic(pack: KnowledgePack, problem: str) -> Reply:
    """A topic name that matched nothing: say so, then list the topics."""
    listing = topics(pack)
    return Reply(kind="error", text=f"{problem}\n{listing.text}", buttons=listing.buttons)


def topic_title(pack: KnowledgePack, topic: str) -> str:
    """A topic's title, or its id when the pack no longer has it."""
    found = pack.topics.get(topic)
    return found.title if found else topic


UNKNOWN_BUTTON = "I didn't recognise that button. Try the command again."
UNKNOWN_ANSWER_BUTTON = "I didn't recognise that answer button."
QUESTION_GONE = "That question is no longer available. Try a new one."
NOTHING_PICKED = "Pick the options first, then submit."
QUESTION_UPDATED = "That question was updated after it was posted; here it is as it is now."
TOPIC_GONE = f"That topic no longer exists. Try `{SLASH} topics`."
NOTE_GONE = "That note is no longer available."
# A button routed to another workspace (bot.actions `w:`), clicked by someone who has no
# reviews there and was asked no question there.
NOT_THERE = (
    "That button is for a workspace where you have no reviews or questions."
    f" Type `{SLASH} review` where you learn."
)
OTHER_CHANNEL = "That question was posted in another conversation: answer it there."
# A private reply to a message in a channel goes by direct message; when the user's settings
# refuse it, the channel gets one of these, never the private reply itself.
ANSWER_RECORDED = "Answer recorded; use the buttons for private feedback."
NO_DIRECT_MESSAGE = (
    f"I can't send you a direct message, and that reply is private: try `{SLASH}` instead."
)
UNREADABLE_REQUEST = "Sorry, I couldn't read that request."
INTERNAL_ERROR = "Sorry, something went wrong on my side. Please try again in a moment."
