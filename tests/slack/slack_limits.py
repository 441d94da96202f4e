"""Slack's documented limits on what an app sends, checked on every payload the fake gets.

Slack refuses a message or view that breaks them (`invalid_blocks`); the fake does the
same and records the violation, and `FakeSlack.stop()` fails the test that caused it.
Sources: https://api.slack.com/reference/block-kit/blocks, .../block-elements,
.../composition-objects, https://api.slack.com/reference/surfaces/views,
https://api.slack.com/methods/chat.postMessage.
"""

from __future__ import annotations

import json
from typing import Any

MESSAGE_METHODS = frozenset(
    {"chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage"}
)
VIEW_METHODS = frozenset({"views.open", "views.update", "views.push", "views.publish"})

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_TEXT = 40_000
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ID_LENGTH = 255  # action_id, block_id, callback_id
OPTION_TEXT = 75
OPTION_VALUE = 150
OPTION_DESCRIPTION = 75
PLACEHOLDER = 150
SELECT_OPTIONS = 100
CHECKBOX_OPTIONS = 10
VIEW_TITLE = 24
PRIVATE_METADATA = 3000
INPUT_LABEL = 2000
TEXT_INPUT_MAX = 3000


def violations(method: str, args: dict[str, Any]) -> list[str]:
    """Every documented limit the call's payload breaks (empty when it is fine)."""
    found: list[str] = []
    if method in MESSAGE_METHODS or method == "response_url":
        _message(args, found)
    elif method in VIEW_METHODS:
        view = args.get("view")
        _view(json.loads(view) if isinstance(view, str) else view or {}, found)
    return found


def _message(args: dict[str, Any], found: list[str]) -> None:
    text = args.get("text")
    if isinstance(text, str) and len(text) > MESSAGE_TEXT:
        found.append(f"message text: {len(text)} > {MESSAGE_TEXT}")
    blocks = _blocks(args.get("blocks"))
    _over(found, "blocks in a message", len(blocks), MESSAGE_BLOCKS)
    for block in blocks:
        _block(block, found)


def _view(view: dict[str, Any], found: list[str]) -> None:
    blocks = _blocks(view.get("blocks"))
    _over(found, "blocks in a view", len(blocks), VIEW_BLOCKS)
    for key in ("title", "submit", "close"):
        if isinstance(view.get(key), dict):
            _over(found, f"view {key}", len(view[key].get("text", "")), VIEW_TITLE)
    _over(found, "view callback_id", len(view.get("callback_id") or ""), ID_LENGTH)
    _over(found, "private_metadata", len(view.get("private_metadata") or ""), PRIVATE_METADATA)
    for block in blocks:
        _block(block, found)


def _block(block: dict[str, Any], found: list[str]) -> None:
    kind = block.get("type")
    _over(found, f"{kind} block_id", len(block.get("block_id") or ""), ID_LENGTH)
    if kind == "section":
        _over(found, "section text", _text_len(block.get("text")), SECTION_TEXT)
        fields = block.get("fields") or []
        _over(found, "section fields", len(fields), SECTION_FIELDS)
        for field in fields:
            _over(found, "section field text", _text_len(field), FIELD_TEXT)
        if isinstance(block.get("accessory"), dict):
            _element(block["accessory"], found)
    elif kind == "header":
        _over(found, "header text", _text_len(block.get("text")), HEADER_TEXT)
    elif kind == "context":
        elements = block.get("elements") or []
        _over(found, "context elements", len(elements), CONTEXT_ELEMENTS)
        for element in elements:
            _over(found, "context text", _text_len(element), SECTION_TEXT)
    elif kind == "actions":
        elements = block.get("elements") or []
        _over(found, "actions elements", len(elements), ACTIONS_ELEMENTS)
        for element in elements:
            _element(element, found)
    elif kind == "input":
        _over(found, "input label", _text_len(block.get("label")), INPUT_LABEL)
        _over(found, "input hint", _text_len(block.get("hint")), INPUT_LABEL)
        if isinstance(block.get("element"), dict):
            _element(block["element"], found)


def _element(element: dict[str, Any], found: list[str]) -> None:
    kind = str(element.get("type"))
    _over(found, f"{kind} action_id", len(element.get("action_id") or ""), ID_LENGTH)
    _over(found, f"{kind} placeholder", _text_len(element.get("placeholder")), PLACEHOLDER)
    if kind == "button":
        _over(found, "button text", _text_len(element.get("text")), BUTTON_TEXT)
        _over(found, "button value", len(element.get("value") or ""), BUTTON_VALUE)
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    if kind in ("checkboxes", "radio_buttons"):
        _over(found, f"{kind} options", len(options), CHECKBOX_OPTIONS)
    elif options:
        _over(found, f"{kind} options", len(options), SELECT_OPTIONS)
    for option in options:
        _over(found, "option text", _text_len(option.get("text")), OPTION_TEXT)
        _over(found, "option value", len(option.get("value") or ""), OPTION_VALUE)
        _over(found, "option description", _text_len(option.get("description")), OPTION_DESCRIPTION)
    if kind == "plain_text_input":
        _over(
            found,
            "plain_text_input max_length",
            int(element.get("max_length") or 0),
            TEXT_INPUT_MAX,
        )


def _blocks(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        value = json.loads(value)
    return [b for b in value if isinstance(b, dict)] if isinstance(value, list) else []


def _text_len(value: Any) -> int:
    if isinstance(value, dict):
        return len(str(value.get("text") or ""))
    return len(value) if isinstance(value, str) else 0


def _over(found: list[str], what: str, size: int, limit: int) -> None:
    if size > limit:
        found.append(f"{what}: {size} > {limit}")
