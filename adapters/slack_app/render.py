"""Turn the core's `Reply` into Slack Block Kit. Pure functions, no I/O.

Every button carries the core's opaque action string as its `value`; its `action_id` is
`dq-<n>` (unique within a message, as Slack requires), so one listener handles them all.
A multi-select (`Reply.select`) is a checkboxes element (`action_id` `dq-pick`, one box per
choice, labelled with its key, valued with its action) beside a Submit button; Slack sends
the ticked boxes in the click's `state`, which the app passes on as `Request.selection`.
Fenced code blocks (diagrams) stay code blocks, never split open across sections.
"""

from __future__ import annotations

import re
from typing import Any

from bot.replies import Button, Choice, Reply

Block = dict[str, Any]
ACTION_ID = re.compile(r"^dq-\d+$")
PICK_ACTION_ID = "dq-pick"  # the checkboxes of a multi-select: ticking one needs only an ack
FENCE = "```"
MAX_CHECKBOXES = 10
SECTION_LIMIT = 3000  # characters of mrkdwn in one section
HEADER_LIMIT = 150
LABEL_LIMIT = 75
MAX_BLOCKS = 50
BUTTONS_PER_BLOCK = 25
SHORT_OPTION = 30  # options this short go on the button itself: "A) docker push"
FALLBACK_LIMIT = 3000

_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
# The core's mention tokens (bot/replies.py): Slack's own syntax, so never escaped.
_MENTION = re.compile(r"(<[@#][A-Za-z0-9]+>)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def escape(text: str) -> str:
    """Escape the three characters Slack treats as control sequences, except in the core's
    mention tokens (`<@U123>`, `<#C123>`), which must stay links."""
    parts = _MENTION.split(text)
    return "".join(
        part if i % 2 else part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        for i, part in enumerate(parts)
    )


def mrkdwn(text: str) -> str:
    """Core markdown -> Slack mrkdwn: **bold** -> *bold*, '- ' bullets -> '• ', '> ' quotes;
    lines inside a fenced code block are only escaped."""
    out: list[str] = []
    in_code = False
    for line in text.split("\n"):
        if line.strip() == FENCE:
            in_code = not in_code
            out.append(FENCE)
        else:
            out.append(escape(line) if in_code else _line(line))
    return "\n".join(out)


def _line(line: str) -> str:
    prefix = ""
    if line.startswith("> "):
        prefix, line = "> ", line[2:]
    elif line.startswith("- "):
        prefix, line = "• ", line[2:]
    parts = _CODE_SPAN.split(line)
    # odd indexes are code spans: escaped but not restyled
    styled = (escape(p) if i % 2 else _BOLD.sub(r"*\1*", escape(p)) for i, p in enumerate(parts))
    return prefix + "".join(styled)


def blocks(reply: Reply) -> list[Block]:
    """The Block Kit blocks of one reply (its follow-ups are separate messages)."""
    out: list[Block] = []
    if reply.title:
        out.append(_header(reply.title))
    out.extend(section_blocks(mrkdwn(reply.text)))
    # Option texts go in the body unless they fit on their buttons; a picker's labels are
    # only the keys, so with one they always go in the body.
    short = reply.select is None and all(len(c.text) <= SHORT_OPTION for c in reply.choices)
    if reply.choices and not short:
        listing = "\n".join(f"*{c.key})* {mrkdwn(c.text)}" for c in reply.choices)
        out.extend(section_blocks(listing))
    if reply.select is not None and reply.choices:
        buttons = [_button(Button(reply.select.label, reply.select.submit, "primary"))]
        out.extend(_actions(buttons, block_id="dq-choices", first=0))
        out[-1]["elements"].insert(0, _checkboxes(reply.choices))
    else:
        buttons = [_choice_button(c, short=short) for c in reply.choices]
        if buttons:
            out.extend(_actions(buttons, block_id="dq-choices", first=0))
    extra = [_button(b) for b in reply.buttons]
    if extra:
        out.extend(_actions(extra, block_id="dq-buttons", first=len(buttons)))
    if reply.footer:
        out.append({"type": "context", "elements": [_mrkdwn_text(mrkdwn(reply.footer))]})
    if len(out) > MAX_BLOCKS:
        out = [*out[: MAX_BLOCKS - 1], out[-1]]
    return out


def fallback_text(reply: Reply) -> str:
    """The notification / screen-reader text that goes beside the blocks."""
    head = f"*{escape(reply.title)}*\n" if reply.title else ""
    text = head + mrkdwn(reply.text)
    return text if len(text) <= FALLBACK_LIMIT else text[: FALLBACK_LIMIT - 1] + "…"


def message(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / chat.update / respond: text and blocks."""
    return {"text": fallback_text(reply), "blocks": blocks(reply)}


def _header(title: str) -> Block:
    text = title if len(title) <= HEADER_LIMIT else title[: HEADER_LIMIT - 1] + "…"
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def _mrkdwn_text(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def section_blocks(text: str) -> list[Block]:
    """Split long text into sections at line breaks (hard-cut a single overlong line). A
    code block cut by a split is closed at the end of one section and reopened in the next."""
    if not text.strip():
        return []
    limit = SECTION_LIMIT - len(FENCE) - 1  # room to close a code block
    chunks: list[str] = []
    current = ""
    in_code = False

    def flush() -> None:
        nonlocal current
        if current.strip():
            chunks.append(f"{current}\n{FENCE}" if in_code else current)
        current = FENCE if in_code else ""

    for line in text.split("\n"):
        while len(line) > limit - len(FENCE) - 1:
            flush()
            cut = limit - len(current) - 1
            current = f"{current}\n{line[:cut]}" if current else line[:cut]
            line = line[cut:]
        if len(current) + len(line) + 1 > limit:
            flush()
        current = f"{current}\n{line}" if current else line
        if line.strip() == FENCE:
            in_code = not in_code
    if current.strip() and current != FENCE:
        chunks.append(current)
    return [{"type": "section", "text": _mrkdwn_text(c)} for c in chunks if c.strip()]


def _label(text: str) -> str:
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1] + "…"


def _choice_button(choice: Choice, *, short: bool) -> Block:
    label = f"{choice.key}) {choice.text}" if short else choice.key
    return {"type": "button", "text": _plain(label), "value": choice.action}


def _checkboxes(choices: tuple[Choice, ...]) -> Block:
    """One box per choice, labelled with its key; the value is the choice's action."""
    return {
        "type": "checkboxes",
        "action_id": PICK_ACTION_ID,
        "options": [
            {"text": _plain(choice.key), "value": choice.action}
            for choice in choices[:MAX_CHECKBOXES]
        ],
    }


def button_elements(buttons: list[Button], *, first: int) -> list[Block]:
    """Button elements for `buttons` (at most BUTTONS_PER_BLOCK), action_ids from `first`."""
    elements = [_button(b) for b in buttons[:BUTTONS_PER_BLOCK]]
    for n, element in enumerate(elements, start=first):
        element["action_id"] = f"dq-{n}"
    return elements


def _button(button: Button) -> Block:
    element: Block = {"type": "button", "text": _plain(button.label), "value": button.action}
    if button.style != "default":
        element["style"] = button.style
    return element


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": _label(text), "emoji": True}


def _actions(elements: list[Block], *, block_id: str, first: int) -> list[Block]:
    for n, element in enumerate(elements, start=first):
        element["action_id"] = f"dq-{n}"
    return [
        {
            "type": "actions",
            "block_id": f"{block_id}-{i // BUTTONS_PER_BLOCK}",
            "elements": elements[i : i + BUTTONS_PER_BLOCK],
        }
        for i in range(0, len(elements), BUTTONS_PER_BLOCK)
    ]
