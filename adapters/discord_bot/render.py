"""Turn the core's `Reply` into a Discord embed and a row of buttons. No I/O.

The core's markdown (``**bold**``, ``_italic_``, `` `code` ``, ``- `` bullets, ``> `` quotes,
``<#channel>``) is Discord markdown already, so text passes through; only lengths are cut
to Discord's limits.
"""

from __future__ import annotations

from dataclasses import dataclass

import discord

from adapters.discord_bot.buttons import (
    OPTION_VALUE_LIMIT,
    ActionButton,
    ActionSelect,
    fits,
    select_fits,
)
from bot.replies import Button, ButtonStyle, Reply

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000  # title + description + footer (+ fields, which we do not use)
LABEL_LIMIT = 80
PER_ROW = 5
MAX_BUTTONS = 25  # five rows of five
PLACEHOLDER_LIMIT = 150
FENCE = "```"
SHORT_OPTION = 40  # options this short go on the button itself: "A) docker push"

COLOURS = {
    "question": discord.Colour.blurple(),
    "answer": discord.Colour.teal(),
    "decline": discord.Colour.light_grey(),
    "error": discord.Colour.red(),
    "summary": discord.Colour.gold(),
}
STYLES: dict[ButtonStyle, discord.ButtonStyle] = {
    "default": discord.ButtonStyle.secondary,
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
}


@dataclass(frozen=True, slots=True)
class Message:
    """One Discord message: an embed and, when the reply has buttons, a view."""

    embed: discord.Embed
    view: discord.ui.View | None


def message(reply: Reply) -> Message:
    """The embed and buttons of one reply (its follow-ups are separate messages)."""
    return Message(embed=embed(reply), view=view(reply))


def embed(reply: Reply) -> discord.Embed:
    """The reply's title, text (with long answer options listed) and footer."""
    text = reply.text
    if reply.choices and not _short(reply):
        listing = "\n".join(f"**{c.key})** {c.text}" for c in reply.choices)
        text = f"{text}\n\n{listing}" if text else listing
    title = _cut(reply.title, TITLE_LIMIT) if reply.title else ""
    footer = _cut(reply.footer, FOOTER_LIMIT) if reply.footer else ""
    # The description gives way first: Discord refuses an embed over 6,000 characters in all.
    room = min(DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT - len(title) - len(footer))
    out = discord.Embed(
        title=title or None, description=_cut_markdown(text, room) or None, colour=_colour(reply)
    )
    if footer:
        out.set_footer(text=footer)
    return out


def view(reply: Reply) -> discord.ui.View | None:
    """Answer buttons (or a multi-select menu) on the first rows, other actions below; None
    when there are none."""
    short = _short(reply)
    out = discord.ui.View(timeout=None)
    position = 0
    wanted: list[Button] = []
    if reply.select is not None and reply.choices:
        if select_fits(reply.select.submit):
            out.add_item(_menu(reply))
            position = PER_ROW  # a menu fills its row
    else:
        wanted = [
            Button(label=f"{c.key}) {c.text}" if short else c.key, action=c.action, style="primary")
            for c in reply.choices
        ]
    first_other = max(position, -(-len(wanted) // PER_ROW) * PER_ROW)  # others on a fresh row
    answers = len(wanted)
    wanted += reply.buttons
    if not wanted:
        return out if out.children else None
    seen: set[str] = set()
    for index, button in enumerate(wanted):
        if button.action in seen or not fits(button.action):
            continue  # a custom_id must be unique in a message and fit Discord's limit
        seen.add(button.action)
        if index >= answers:
            position = max(position, first_other)
        if position >= MAX_BUTTONS:
            break
        out.add_item(
            ActionButton(
                action=button.action,
                label=_cut(button.label, LABEL_LIMIT),
                style=STYLES[button.style],
                row=position // PER_ROW,
            )
        )
        position += 1
    return out if out.children else None


def _menu(reply: Reply) -> ActionSelect:
    """A multi-select: one option per choice, labelled with its key (texts are in the body)."""
    assert reply.select is not None
    options = [
        discord.SelectOption(label=c.key, value=c.action)
        for c in reply.choices
        if len(c.action) <= OPTION_VALUE_LIMIT
    ]
    return ActionSelect(
        action=reply.select.submit,
        options=options[:MAX_BUTTONS],
        min_picks=min(reply.select.min, len(options)),
        max_picks=min(reply.select.max, len(options)),
        placeholder=_cut(reply.select.hint, PLACEHOLDER_LIMIT),
        row=0,
    )


def _short(reply: Reply) -> bool:
    """Option texts fit on their buttons (never with a menu, whose labels are the keys)."""
    return reply.select is None and all(len(c.text) <= SHORT_OPTION for c in reply.choices)


def _colour(reply: Reply) -> discord.Colour | None:
    if reply.kind == "feedback" and reply.outcome is not None:
        return discord.Colour.green() if reply.outcome.correct else discord.Colour.red()
    return COLOURS.get(reply.kind)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cut_markdown(text: str, limit: int) -> str:
    """Cut to `limit`, closing a code block the cut left open."""
    cut = _cut(text, limit)
    if cut == text or not sum(line.strip() == FENCE for line in cut.split("\n")) % 2:
        return cut
    return _cut(text, limit - len(FENCE) - 1) + "\n" + FENCE
