"""Discord's documented limits on what a bot sends, checked on every payload the fake gets.

Discord refuses a request that breaks them (400, code 50035 "Invalid Form Body"); the fake
does the same and records the violation, and `FakeDiscord.stop()` fails the test that
caused it. Sources: https://discord.com/developers/docs/resources/message (embed limits),
.../interactions/message-components, .../interactions/application-commands,
.../interactions/receiving-and-responding (autocomplete, modal).
"""

from __future__ import annotations

from typing import Any

CONTENT = 2000
EMBEDS = 10
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_TOTAL = 6000  # every embed of a message together
ACTION_ROWS = 5
ROW_BUTTONS = 5
BUTTON_LABEL = 80
CUSTOM_ID = 100
SELECT_OPTIONS = 25
OPTION_LABEL = 100
OPTION_VALUE = 100
OPTION_DESCRIPTION = 100
PLACEHOLDER = 150
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
COMMAND_NAME = 32
COMMAND_DESCRIPTION = 100
COMMAND_OPTIONS = 25
COMMAND_TOTAL = 4000  # names, descriptions and choices of one command together
MODAL_TITLE = 45
INPUT_LABEL = 45
LABEL_TEXT = 45  # a label component (type 18) in a modal
LABEL_DESCRIPTION = 100
MODAL_COMPONENTS = 5
INPUT_VALUE = 4000


def violations(method: str, path: str, body: Any) -> list[str]:
    """Every documented limit the request's JSON body breaks (empty when it is fine)."""
    found: list[str] = []
    if not isinstance(body, (dict, list)):
        return found
    if method == "PUT" and path.endswith("/commands") and isinstance(body, list):
        for command in body:
            _command(command, found)
    elif path.endswith("/callback") and isinstance(body, dict):
        _callback(body, found)
    elif (
        method in ("POST", "PATCH")
        and isinstance(body, dict)
        and ("/messages" in path or path.startswith("/webhooks/"))
    ):
        _message(body, found)
    return found


def _callback(body: dict[str, Any], found: list[str]) -> None:
    data = body.get("data") or {}
    kind = body.get("type")
    if kind in (4, 7):
        _message(data, found)
    elif kind == 8:
        choices = data.get("choices") or []
        _over(found, "autocomplete choices", len(choices), CHOICES)
        for choice in choices:
            _over(found, "choice name", len(str(choice.get("name", ""))), CHOICE_NAME)
            _over(found, "choice value", len(str(choice.get("value", ""))), CHOICE_VALUE)
    elif kind == 9:
        _over(found, "modal title", len(data.get("title") or ""), MODAL_TITLE)
        _over(found, "modal custom_id", len(data.get("custom_id") or ""), CUSTOM_ID)
        top = data.get("components") or []
        _over(found, "modal components", len(top), MODAL_COMPONENTS)
        for label in (c for c in top if c.get("type") == 18):
            _over(found, "label text", len(label.get("label") or ""), LABEL_TEXT)
            _over(
                found, "label description", len(label.get("description") or ""), LABEL_DESCRIPTION
            )
            inner = label.get("component") or {}
            if inner.get("type") == 4 and inner.get("label"):
                found.append("a text input in a label has a label of its own")
            _item(inner, found)
        _components([c for c in top if c.get("type") != 18], found)


def _message(body: dict[str, Any], found: list[str]) -> None:
    _over(found, "content", len(body.get("content") or ""), CONTENT)
    embeds = body.get("embeds") or []
    _over(found, "embeds", len(embeds), EMBEDS)
    total = 0
    for embed in embeds:
        title = len(embed.get("title") or "")
        description = len(embed.get("description") or "")
        footer = len((embed.get("footer") or {}).get("text") or "")
        author = len((embed.get("author") or {}).get("name") or "")
        fields = embed.get("fields") or []
        _over(found, "embed title", title, EMBED_TITLE)
        _over(found, "embed description", description, EMBED_DESCRIPTION)
        _over(found, "embed footer", footer, EMBED_FOOTER)
        _over(found, "embed author", author, EMBED_AUTHOR)
        _over(found, "embed fields", len(fields), EMBED_FIELDS)
        total += title + description + footer + author
        for field in fields:
            name, value = len(field.get("name") or ""), len(field.get("value") or "")
            _over(found, "field name", name, FIELD_NAME)
            _over(found, "field value", value, FIELD_VALUE)
            total += name + value
    _over(found, "embed total", total, EMBED_TOTAL)
    _components(body.get("components") or [], found)


def _components(rows: list[dict[str, Any]], found: list[str]) -> None:
    _over(found, "action rows", len(rows), ACTION_ROWS)
    for row in rows:
        items = row.get("components") or []
        _over(found, "components in a row", len(items), ROW_BUTTONS)
        if any(item.get("type") != 2 for item in items):
            _over(found, "selects or inputs in a row", len(items), 1)
        for item in items:
            _item(item, found)


def _item(item: dict[str, Any], found: list[str]) -> None:
    kind = item.get("type")
    _over(found, "custom_id", len(item.get("custom_id") or ""), CUSTOM_ID)
    _over(found, "placeholder", len(item.get("placeholder") or ""), PLACEHOLDER)
    if kind == 2:
        _over(found, "button label", len(item.get("label") or ""), BUTTON_LABEL)
    elif kind == 3:
        options = item.get("options") or []
        _over(found, "select options", len(options), SELECT_OPTIONS)
        _over(found, "select max_values", int(item.get("max_values") or 1), SELECT_OPTIONS)
        for option in options:
            _over(found, "select option label", len(option.get("label") or ""), OPTION_LABEL)
            _over(found, "select option value", len(option.get("value") or ""), OPTION_VALUE)
            description = len(option.get("description") or "")
            _over(found, "select option description", description, OPTION_DESCRIPTION)
    elif kind == 4:
        _over(found, "text input label", len(item.get("label") or ""), INPUT_LABEL)
        _over(found, "text input value", len(item.get("value") or ""), INPUT_VALUE)
        _over(found, "text input max_length", int(item.get("max_length") or 0), INPUT_VALUE)


def _command(command: dict[str, Any], found: list[str]) -> None:
    total = _counted(command, found, "command")
    _over(found, f"command {command.get('name')!r} in all", total, COMMAND_TOTAL)


def _counted(item: dict[str, Any], found: list[str], what: str) -> int:
    """Check an item (command, subcommand or option) and return its characters in all."""
    total = _named(item, found, what)
    options = item.get("options") or []
    _over(found, f"options of {item.get('name')!r}", len(options), COMMAND_OPTIONS)
    for option in options:
        total += _counted(option, found, "option")
    choices = item.get("choices") or []
    _over(found, f"choices of {item.get('name')!r}", len(choices), CHOICES)
    for choice in choices:
        name, value = str(choice.get("name", "")), str(choice.get("value", ""))
        _over(found, "choice name", len(name), CHOICE_NAME)
        _over(found, "choice value", len(value), CHOICE_VALUE)
        total += len(name) + len(value)
    return total


def _named(item: dict[str, Any], found: list[str], what: str) -> int:
    name, description = str(item.get("name", "")), str(item.get("description", ""))
    if not 1 <= len(name) <= COMMAND_NAME:
        found.append(f"{what} name {name!r}: length {len(name)} not 1..{COMMAND_NAME}")
    if not 1 <= len(description) <= COMMAND_DESCRIPTION:
        found.append(f"{what} description of {name!r}: {len(description)} not 1..100")
    return len(name) + len(description)


def _over(found: list[str], what: str, size: int, limit: int) -> None:
    if size > limit:
        found.append(f"{what}: {size} > {limit}")
