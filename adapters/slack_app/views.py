"""Slack views (surfaces beside messages): the modal of a core `Form`. Pure, no I/O.

A form's modal has `callback_id` `FORM_CALLBACK` and carries the core's submit action in
`private_metadata`, so its submission needs nothing kept in memory (it works after a
restart): each field is an `input` block whose `block_id` and `action_id` are the field's
name; a choice is a `static_select`, free text a multiline `plain_text_input` capped at the
field's `max_length` (Slack enforces it while typing; the core cuts again). The reply to the
submission replaces the modal's content (`response_action: update`) as plain text.
Sources: https://api.slack.com/reference/surfaces/views, .../block-kit/blocks#input.
"""

from __future__ import annotations

from typing import Any

from adapters.slack_app.render import mrkdwn, section_blocks
from bot.replies import Form, Reply

View = dict[str, Any]
FORM_CALLBACK = "dq-form"
VIEW_TITLE = 24  # characters of a view's title, submit and close labels
OPTION_TEXT = 75
OPTION_VALUE = 150
INPUT_LABEL = 2000
TEXT_INPUT_MAX = 3000
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
