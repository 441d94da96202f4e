"""What the core accepts from an adapter: ids that are valid text, and text made safe.

Adapters pass on whatever a platform (or an attacker posing as one) sent. Two things in it
could break the core further in: strings that are not valid text (lone surrogates, which
JSON's `\\ud800` escapes produce and no database can store) and control characters. Ids
are refused, since no real platform sends such an id; free text is repaired, since a
learner's message with a stray character still deserves an answer.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from bot.replies import Request

ID_MAX = 64  # the store's workspace, user and channel columns
NAME_MAX = 80
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0/C1 controls except \t and \n
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_id(value: object) -> bool:
    """True for an id the core can store: 1-64 printable characters of valid Unicode."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= ID_MAX
        and value.isprintable()
        and is_text(value)
    )


def is_text(value: str) -> bool:
    """True unless `value` holds lone surrogates (a str that is not valid Unicode text)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def safe_text(value: str) -> str:
    """Free text with lone surrogates replaced by U+FFFD and control characters removed
    (\\r\\n and \\r become \\n, tabs stay)."""
    if not is_text(value):
        value = _SURROGATE.sub("\ufffd", value)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)


def admit(request: Request) -> Request | None:
    """The request with its free text made safe; None when an id is not valid text."""
    if not (valid_id(request.workspace) and valid_id(request.user)):
        return None
    if request.channel is not None and not valid_id(request.channel):
        return None
    name = request.user_name
    if name is not None:
        name = unicodedata.normalize("NFC", safe_text(name)).strip()[:NAME_MAX] or None
    return dataclasses.replace(
        request,
        text=safe_text(request.text),
        action=None if request.action is None else safe_text(request.action),
        user_name=name,
        selection=tuple(safe_text(value) for value in request.selection),
        fields={safe_text(k): safe_text(v) for k, v in request.fields.items()},
    )
