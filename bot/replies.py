"""The platform-neutral language between the core and its adapters.

An adapter turns what a user did into a `Request`, calls `Tutor.handle` once, and
renders the `Reply` it gets back. Text is simple markdown: ``**bold**``, ``_italic_``,
`` `code` ``, lines starting with ``- `` for bullets and ``> `` for quotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ReplyKind = Literal[
    "question",  # a quiz question with answer choices
    "feedback",  # right/wrong after an answer
    "answer",  # a looked-up fact
    "decline",  # not in the notes; maybe suggestions
    "info",  # help, topics, stats, settings, confirmations
    "summary",  # end of a quiz or exam
    "error",  # bad input the user can fix
]

ButtonStyle = Literal["default", "primary", "danger"]


@dataclass(frozen=True, slots=True)
class Button:
    """A clickable action. `action` is opaque to adapters and comes back in `Request.action`."""

    label: str
    action: str
    style: ButtonStyle = "default"


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer option of a quiz question, rendered as a button labelled with its key."""

    key: str  # "A", "B", ... (or "True"/"False" for true/false questions: key is still a letter)
    text: str
    action: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """The verdict carried by feedback, for summaries and metrics (not for display)."""

    question_id: str
    topic: str
    correct: bool
    first: bool = True  # False when this repeats an earlier answer that already counted


@dataclass(frozen=True, slots=True)
class Reply:
    """What the tutor says back. Adapters only render it."""

    text: str
    kind: ReplyKind = "info"
    title: str | None = None
    choices: tuple[Choice, ...] = ()
    buttons: tuple[Button, ...] = ()
    footer: str | None = None
    # Show only to the user who asked (Slack ephemeral, Discord ephemeral, DM-safe).
    private: bool = False
    # For a click on a posted question: the new content of the message that was clicked
    # (the same question with an updated tally). None when nothing should change.
    updates: Reply | None = None
    # Set on feedback to an answer.
    outcome: Outcome | None = None

    def plain(self) -> str:
        """The whole reply as plain markdown, for text-only front ends and logs."""
        parts = [f"**{self.title}**"] if self.title else []
        parts.append(self.text)
        parts.extend(f"{choice.key}) {choice.text}" for choice in self.choices)
        if self.footer:
            parts.append(f"_{self.footer}_")
        return "\n".join(part for part in parts if part)


@dataclass(frozen=True, slots=True)
class Request:
    """One thing a user did: typed text or clicked a button.

    `text` is exactly what the user typed. A slash command is passed with its command,
    e.g. ``"/docker-quiz topic ecr"``; a plain message (mention, DM, terminal line) as is.
    `action` is set instead when a button or choice was clicked.
    """

    workspace: str  # Slack team id, Discord guild id, "local" for the terminal
    user: str
    text: str = ""
    action: str | None = None
    channel: str | None = None
    is_admin: bool = False  # the platform says this user may change workspace settings
    user_name: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
