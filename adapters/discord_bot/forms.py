"""A core `Form` as a Discord modal, and a submitted modal's values back as form fields.

The modal's custom_id is ``dqf:<submit action>``: the core's submit action travels with the
modal, so a submission is answered from the interaction alone (also after a restart, when
discord.py no longer holds the `Modal` object: the bot handles every submission whose
custom_id matches `TEMPLATE` in `on_interaction`). Each field is a label (type 18) around
its input, whose custom_id is the field's name: a choice is a string select (one pick), free
text a paragraph text input capped at the field's `max_length` (Discord enforces it while
typing; the core cuts again). Sources: https://discord.com/developers/docs/components/reference
(Label, String Select, Text Input), .../interactions/receiving-and-responding (modal).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import discord

from bot.replies import Form

PREFIX = "dqf:"
CUSTOM_ID_LIMIT = 100
TEMPLATE = re.compile(PREFIX + rf"(?P<action>[!-~]{{1,{CUSTOM_ID_LIMIT - len(PREFIX)}}})")
TITLE_LIMIT = 45  # a modal's title
LABEL_LIMIT = 45  # a label's text
OPTION_LIMIT = 100  # a select option's label and value
INPUT_MAX = 4000  # a text input's max_length
# Discord's interaction tokens last 15 minutes: no submission can come later than that
# through this Modal object (the bot answers later ones from the custom_id anyway).
MODAL_TIMEOUT = 15 * 60.0


def modal(form: Form) -> discord.ui.Modal:
    """The modal showing `form`. ValueError when its submit action cannot travel in a
    custom_id (the core's actions always can)."""
    custom_id = PREFIX + form.submit
    if not TEMPLATE.fullmatch(custom_id):
        raise ValueError("the form's submit action does not fit in a modal custom_id")
    shown = discord.ui.Modal(
        title=_cut(form.title, TITLE_LIMIT), custom_id=custom_id, timeout=MODAL_TIMEOUT
    )
    for field in form.fields:
        item: discord.ui.Item[Any]
        if field.kind == "choice":
            item = discord.ui.Select(
                custom_id=field.name,
                options=[
                    discord.SelectOption(label=_cut(label, OPTION_LIMIT), value=value)
                    for value, label in field.options
                ],
                min_values=1 if field.required else 0,
                max_values=1,
                required=field.required,
            )
        else:
            item = discord.ui.TextInput(
                custom_id=field.name,
                style=discord.TextStyle.paragraph,
                required=field.required,
                max_length=min(field.max_length, INPUT_MAX),
            )
        shown.add_item(discord.ui.Label(text=_cut(field.label, LABEL_LIMIT), component=item))
    return shown


def submitted(data: Mapping[str, Any] | None) -> tuple[str, dict[str, str]] | None:
    """(submit action, values by field name) of a modal-submit interaction's `data`, or None
    when it is not one of our modals or is malformed. A select gives its first picked value,
    a text input its value; an empty optional input gives ""."""
    if not isinstance(data, Mapping):
        return None
    found = TEMPLATE.fullmatch(str(data.get("custom_id") or ""))
    components = data.get("components")
    if found is None or not isinstance(components, Sequence):
        return None
    fields: dict[str, str] = {}
    try:
        _read(components, fields)
    except (TypeError, ValueError):
        return None
    return found["action"], fields


def _read(components: Sequence[Any], fields: dict[str, str]) -> None:
    for component in components:
        if not isinstance(component, Mapping):
            raise TypeError("a component is not an object")
        kind = component.get("type")
        if kind == 1:  # an action row (older modals)
            _read(component.get("components") or [], fields)
        elif kind == 18:  # a label around one input
            _read([component.get("component")], fields)
        else:
            name = component.get("custom_id")
            if not isinstance(name, str):
                raise TypeError("an input without a custom_id")
            picked = component.get("values")
            value = picked[0] if isinstance(picked, list) and picked else component.get("value")
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise TypeError("an input value is not text")
            fields[name] = value


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
