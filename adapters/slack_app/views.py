"""Slack views (surfaces beside messages): the modal of a core `Form`, and the Home tab of
a learner's `Dashboard`. Pure, no I/O.

A form's modal has `callback_id` `FORM_CALLBACK` and carries the core's submit action in
`private_metadata`, so its submission needs nothing kept in memory (it works after a
restart): each field is an `input` block whose `block_id` and `action_id` are the field's
name; a choice is a `static_select`, free text a multiline `plain_text_input` capped at the
field's `max_length` (Slack enforces it while typing; the core cuts again). The reply to the
submission replaces the modal's content (`response_action: update`) as plain text.

The Home tab shows the dashboard's panels in order: each a section (its heading in bold,
then its text, split into more sections when long), its buttons in an actions block, and a
divider; at most `HOME_BLOCKS` blocks (Slack's limit for a Home view), panels that would not
fit are left out whole and a last line says where to see everything. Its `private_metadata`
is the learner's DM channel with the app, when known: a click on a Home button carries no
channel, and the answer (a question) goes there.
Sources: https://api.slack.com/reference/surfaces/views, .../block-kit/blocks#input.
"""

from __future__ import annotations

from typing import Any

from adapters.slack_app.render import Block, button_elements, mrkdwn, section_blocks
from bot.replies import Dashboard, Form, Panel, Reply

View = dict[str, Any]
FORM_CALLBACK = "dq-form"
VIEW_TITLE = 24  # characters of a view's title, submit and close labels
OPTION_TEXT = 75
OPTION_VALUE = 150
INPUT_LABEL = 2000
TEXT_INPUT_MAX = 3000
HOME_BLOCKS = 100  # blocks in a Home tab view
HEADER_TEXT = 150
CLOSE = "Close"
CANCEL = "Cancel"


def modal(reply: Reply) -> View:
    """The modal showing `reply.form` (with `reply.text` above its inputs). ValueError when
    the reply has no form."""
    form = reply.form
    if form is None:
        raise ValueError("a modal needs a reply with a form")
    blocks = section_blocks(mrkdwn(reply.text)) if reply.text else []
    blocks += [_input(form, index) for index in range(len(form.fields))]
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": form.submit,
        "title": _plain(form.title, VIEW_TITLE),
        "submit": _plain(form.submit_label, VIEW_TITLE),
        "close": _plain(CANCEL, VIEW_TITLE),
        "blocks": blocks,
    }


def notice(reply: Reply, *, title: str) -> View:
    """A modal that only shows `reply` (the answer to a submitted form), with Close."""
    blocks = section_blocks(mrkdwn(reply.text)) or section_blocks(" ")
    return {
        "type": "modal",
        "title": _plain(title, VIEW_TITLE),
        "close": _plain(CLOSE, VIEW_TITLE),
        "blocks": blocks,
    }


def home(board: Dashboard, *, channel: str | None = None, limit: int = HOME_BLOCKS) -> View:
    """The Home tab view of `board`; `channel` (the learner's DM with the app) goes in
    private_metadata for the clicks on its buttons."""
    blocks: list[Block] = [
        {"type": "header", "text": _plain(board.title, HEADER_TEXT)},
    ]
    footer = board.footer or ""
    for index, panel in enumerate(board.panels):
        shown = _panel(panel, index)
        if len(blocks) + len(shown) > limit - 1:  # room for the last line
            footer = f"Some parts did not fit here. {footer}".strip()
            break
        blocks += shown
    if footer:
        blocks.append({"type": "context", "elements": [_mrkdwn(footer)]})
    view: View = {"type": "home", "blocks": blocks}
    if channel:
        view["private_metadata"] = channel
    return view


def _panel(panel: Panel, index: int) -> list[Block]:
    out = section_blocks(mrkdwn(f"**{panel.heading}**\n{panel.text}"))
    if panel.buttons:
        out.append(
            {
                "type": "actions",
                "block_id": f"dq-home-{index}",
                "elements": button_elements(list(panel.buttons), first=0),
            }
        )
    out.append({"type": "divider"})
    return out


def _mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": mrkdwn(text)[:3000]}


def _input(form: Form, index: int) -> dict[str, Any]:
    field = form.fields[index]
    element: dict[str, Any]
    if field.kind == "choice":
        element = {
            "type": "static_select",
            "action_id": field.name,
            "placeholder": _plain("Choose one", 150),
            "options": [
                {"text": _plain(label, OPTION_TEXT), "value": value[:OPTION_VALUE]}
                for value, label in field.options
            ],
        }
    else:
        element = {
            "type": "plain_text_input",
            "action_id": field.name,
            "multiline": True,
            "max_length": min(field.max_length, TEXT_INPUT_MAX),
        }
    return {
        "type": "input",
        "block_id": field.name,
        "label": _plain(field.label, INPUT_LABEL),
        "optional": not field.required,
        "element": element,
    }


def _plain(text: str, limit: int) -> dict[str, Any]:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return {"type": "plain_text", "text": shown, "emoji": True}
