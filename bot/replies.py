"""The platform-neutral contract between the core and every front end: `Request` and `Reply`.

An adapter turns what a user did into one `Request`, calls `Tutor.handle` once, and renders
the `Reply` it gets back. It adds no wording of its own beyond a generic apology.

Text (`Reply.text`, `title`, `footer`, choice texts) is simple markdown: ``**bold**``,
``_italic_``, `` `code` ``, lines starting with ``- `` for bullets and ``> `` for quotes, and
fenced code blocks (a line of three backticks, the lines shown verbatim, a closing line of
three backticks) for diagrams: a code block in Slack and Discord, the bare lines in a terminal.
Links are bare ``https://`` URLs.
Two tokens are not markdown and must reach the user as links, never escaped:

- ``<@USER>``: a mention of user id USER (as in `Request.user`);
- ``<#CHANNEL>``: a link to channel id CHANNEL (as in `Request.channel`).

Slack and Discord use this syntax natively; other front ends render ``@USER`` / ``#CHANNEL``.
Commands in the core's wording are written with the prefix `PREFIX` (``/docker-quiz stats``);
a front end where commands look different rewrites that prefix when it renders.

In a `Request`, `text` is what the user typed: a slash command with its prefix
(``"/docker-quiz topic ecr"``), a plain message (mention, DM, terminal line) as is, with
the mention of the bot itself removed. A channel given as an option arrives as ``<#ID>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Literal

from bot.actions import routed

PREFIX = "/docker-quiz"

ReplyKind = Literal[
    "question",  # a quiz question with answer choices
    "feedback",  # right/wrong after an answer
    "answer",  # a looked-up fact
    "decline",  # not in the notes; maybe suggestions
    "info",  # help, topics, stats, settings, confirmations
    "summary",  # end of a quiz or exam
    "form",  # a form to fill in (`Reply.form`): a modal where the platform has one
    "error",  # bad input the user can fix
]

ButtonStyle = Literal["default", "primary", "danger"]


@dataclass(frozen=True, slots=True)
class Button:
    """A clickable action. `action` (see bot.actions) comes back in `Request.action`."""

    label: str
    action: str
    style: ButtonStyle = "default"


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer option of a quiz question, rendered as a button labelled with its key."""

    key: str  # "A", "B", ...: the letter, also for true/false questions
    text: str
    action: str


@dataclass(frozen=True, slots=True)
class Selection:
    """The choices are picked together (checkboxes, a multi-select), then submitted.

    The values sent back in `Request.selection` are the picked choices' `action`s; the
    submit sends `submit` as `Request.action`. Labels of the pickers are the choice keys
    (the choice texts stay in the message body: they may exceed the platforms' label limits).
    `label` names the submit button; `hint` is the placeholder of a picker that shows one
    (Discord's select menu, which submits when it closes and needs no button).
    """

    submit: str
    min: int = 2
    max: int = 2
    label: str = "Submit"
    hint: str = "Choose the answers"


@dataclass(frozen=True, slots=True)
class FormField:
    """One field of a form: a choice among `options` (value, label) or free text."""

    name: str
    label: str
    kind: Literal["choice", "text"] = "text"
    options: tuple[tuple[str, str], ...] = ()
    required: bool = True
    max_length: int = 500


@dataclass(frozen=True, slots=True)
class Form:
    """A form the user fills in and submits: sent back as `Request.action` = `submit`, with
    the filled-in values in `Request.fields` (by field name)."""

    title: str
    submit: str
    fields: tuple[FormField, ...]
    submit_label: str = "Send"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The verdict carried by feedback, for summaries and metrics (not for display)."""

    question_id: str
    topic: str
    correct: bool
    first: bool = True  # False when this repeats an earlier answer that already counted


@dataclass(frozen=True, slots=True)
class Posted:
    """Where a question was posted: its channel and the platform's id of the message (a
    Slack ts, a Discord message id), as the front end stored it with `Tutor.posted`."""

    channel: str | None
    message: str


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
    # With `updates`, where that question was posted, when known: an answer typed elsewhere
    # (a DM, a mention) updates the question there. None: only a clicked message is updated.
    updates_posted: Posted | None = None
    # kind "question": the instance its buttons answer. A front end that learns the posted
    # message's id hands it to `Tutor.posted(workspace, ref, message)`.
    ref: str | None = None
    # Set on feedback to an answer.
    outcome: Outcome | None = None
    # The choices are picked together and submitted (multiple-answer questions).
    select: Selection | None = None
    # kind "form": the form to show (a modal on Slack and Discord, prompts in a terminal).
    form: Form | None = None

    def plain(self) -> str:
        """The whole reply as plain markdown, for text-only front ends and logs."""
        parts = [f"**{self.title}**"] if self.title else []
        parts.append(self.text)
        parts.extend(f"{choice.key}) {choice.text}" for choice in self.choices)
        if self.footer:
            parts.append(f"_{self.footer}_")
        return "\n".join(part for part in parts if part)


@dataclass(frozen=True, slots=True)
class Panel:
    """One part of a `Dashboard`: a heading, text (the simple markdown above), buttons."""

    heading: str
    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True, slots=True)
class Dashboard:
    """A learner's own overview, shown apart from the conversation (Slack's Home tab) and
    refreshed as they answer. Panels in the order shown; buttons carry ordinary actions."""

    title: str
    panels: tuple[Panel, ...]
    footer: str | None = None

    def plain(self) -> str:
        """The whole dashboard as plain markdown, for text-only front ends and logs."""
        parts = [f"**{self.title}**"]
        for panel in self.panels:
            parts += ["", f"**{panel.heading}**", panel.text]
        if self.footer:
            parts += ["", f"_{self.footer}_"]
        return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class Request:
    """One thing a user did: typed text, clicked a button, submitted a selection or a form.

    `action` is set instead of `text` when something was clicked or submitted; then
    `selection` holds a multi-select's picked values and `fields` a form's values.
    """

    workspace: str  # Slack team id, Discord guild id, "local" for the terminal
    user: str
    text: str = ""
    action: str | None = None
    channel: str | None = None
    is_admin: bool = False  # the platform says this user may change workspace settings
    # The platform could not be asked (is_admin is then False): say so rather than "only
    # admins may", so an admin knows to try again.
    admin_check_failed: bool = False
    user_name: str | None = None
    selection: tuple[str, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    # The front end can show a `Form` (a modal, or prompts in a terminal). Only then does the
    # core offer buttons that open one ("Report a problem" under answer feedback).
    forms: bool = False


def acting_in(reply: Reply, workspace: str) -> Reply:
    """`reply` with every action (buttons, choices, a selection's or form's submit, and
    those of the message it updates) routed to act in `workspace` wherever it is clicked
    (bot.actions `w:`): for a reply shown outside its workspace, such as a Discord DM about
    a server. Notes (`e:`) stay as they are. Raises ValueError when `workspace` cannot
    travel in an action (see `bot.actions.routed`)."""
    wrap = partial(routed, workspace)
    return replace(
        reply,
        buttons=tuple(replace(b, action=wrap(b.action)) for b in reply.buttons),
        choices=tuple(replace(c, action=wrap(c.action)) for c in reply.choices),
        select=None
        if reply.select is None
        else replace(reply.select, submit=wrap(reply.select.submit)),
        updates=None if reply.updates is None else acting_in(reply.updates, workspace),
        form=None if reply.form is None else replace(reply.form, submit=wrap(reply.form.submit)),
    )
