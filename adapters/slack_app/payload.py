"""Read the fields we use out of Slack payloads, checking each one's type and shape.

Bolt hands listeners the parsed body as plain dicts. A signed body comes from Slack, yet a
wrong type anywhere (a string where an object belongs, an id that is not valid text) must
give a clean refusal (HTTP 400), never an exception in a listener. Typed text is passed on
as it is: the core repairs text that is not valid Unicode (bot.intake). Each reader returns a
frozen record, or None when the payload is malformed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.slack_app.render import PICK_ACTION_ID
from bot.intake import valid_id

Body = dict[str, Any]
TEXT_MAX = 40_000  # Slack's own cap on message text
URL_MAX = 2_000


@dataclass(frozen=True, slots=True)
class Command:
    """A slash command: who typed what, where, and where to answer."""

    team: str
    user: str
    channel: str | None
    text: str
    user_name: str | None
    response_url: str | None


@dataclass(frozen=True, slots=True)
class Click:
    """A click on one of our buttons, and the message it was on."""

    team: str
    user: str
    user_name: str | None
    channel: str | None
    value: str
    response_url: str | None
    message_ts: str | None
    thread_ts: str | None
    ephemeral: bool
    selection: tuple[str, ...] = ()  # the values of the boxes ticked in the clicked message
    trigger_id: str | None = None  # lets the app open a modal, within 3 seconds of the click
    home: bool = False  # the click came from the app's Home tab, not from a message
    home_channel: str | None = None  # then: the learner's DM with the app, if the view says


@dataclass(frozen=True, slots=True)
class Submission:
    """A submitted form modal: who sent it, the core's submit action, the values by field."""

    team: str
    user: str
    user_name: str | None
    action: str
    fields: dict[str, str]
    title: str  # the modal's title, for the view that answers it


@dataclass(frozen=True, slots=True)
class Message:
    """A mention of the bot or a DM to it (an Events API callback)."""

    team: str
    user: str
    channel: str | None
    text: str
    ts: str | None
    thread_ts: str | None
    event_id: str


class _Malformed(ValueError):
    """A field is missing or has the wrong type or shape."""


def command(body: Body) -> Command | None:
    """The slash command in `body`, or None when a field is missing or malformed."""
    try:
        return Command(
            team=_id(body.get("team_id")),
            user=_id(body.get("user_id")),
            channel=_optional_id(body.get("channel_id")),
            text=_text(body.get("text", "")),
            user_name=_short(body.get("user_name")),
            response_url=_url(body.get("response_url")),
        )
    except _Malformed:
        return None


def click(body: Body, action: Any) -> Click | None:
    """The button click in `body` (`action` is the clicked element), or None if malformed."""
    try:
        user_info, container = _obj(body.get("user")), _obj(body.get("container"))
        shown = _obj(body.get("message"), optional=True)
        channel_info = _obj(body.get("channel"), optional=True)
        value = _obj(action).get("value")
        if not isinstance(value, str):
            raise _Malformed("value")
        return Click(
            team=_id(team_of(body)),
            user=_id(user_info.get("id")),
            user_name=_short(user_info.get("username") or user_info.get("name")),
            channel=_optional_id(channel_info.get("id") or container.get("channel_id")),
            value=value,
            response_url=_url(body.get("response_url")),
            message_ts=_short(container.get("message_ts") or shown.get("ts")),
            thread_ts=_short(shown.get("thread_ts")),
            ephemeral=container.get("is_ephemeral") is True,
            selection=_selection(body.get("state")),
            trigger_id=_short(body.get("trigger_id")),
            home=container.get("type") == "view",
            home_channel=_home_channel(body),
        )
    except _Malformed:
        return None


def submission(body: Body, view: Any) -> Submission | None:
    """The form modal submitted in a view_submission `body` (`view` is the modal), or None
    when a field is missing or malformed. Field values are the inputs' `value`s and the
    selects' picked option values; an empty optional input gives ""."""
    try:
        user_info, view = _obj(body.get("user")), _obj(view)
        action = view.get("private_metadata")
        if not isinstance(action, str) or not action:
            raise _Malformed("private_metadata")
        fields: dict[str, str] = {}
        values = _obj(_obj(view.get("state"), optional=True).get("values"), optional=True)
        for block in values.values():
            for name, element in _obj(block).items():
                fields[str(name)] = _input_value(_obj(element))
        return Submission(
            team=_id(team_of(body) or _obj(view).get("team_id")),
            user=_id(user_info.get("id")),
            user_name=_short(user_info.get("username") or user_info.get("name")),
            action=action,
            fields=fields,
            title=_title(view.get("title")),
        )
    except _Malformed:
        return None


def _title(value: Any) -> str:
    text = _obj(value, optional=True).get("text")
    return text if isinstance(text, str) and text else "docker-quiz"


def _input_value(element: Body) -> str:
    """The value of one input element of a submitted view."""
    picked = element.get("selected_option")
    value = _obj(picked).get("value") if picked is not None else element.get("value")
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > TEXT_MAX:
        raise _Malformed("input value")
    return value


def _home_channel(body: Body) -> str | None:
    """The DM channel a Home tab view carries in private_metadata (adapters.slack_app.views)."""
    view = _obj(body.get("view"), optional=True)
    if view.get("type") != "home":
        return None
    channel = view.get("private_metadata")
    return channel if valid_id(channel) else None


def _selection(state: Any) -> tuple[str, ...]:
    """The values of the ticked boxes in a click's `state` (a multi-select's picks)."""
    picked: list[str] = []
    for block in _obj(_obj(state, optional=True).get("values"), optional=True).values():
        element = _obj(_obj(block).get(PICK_ACTION_ID), optional=True)
        options = element.get("selected_options") or []
        if not isinstance(options, list):
            raise _Malformed("selected_options")
        for option in options:
            value = _obj(option).get("value")
            if not isinstance(value, str):
                raise _Malformed("selected option value")
            picked.append(value)
    return tuple(picked)


def message(body: Body, event: Any) -> Message | None:
    """The mention or DM in an event callback, or None when malformed."""
    try:
        event = _obj(event)
        event_id = body.get("event_id") or ""
        return Message(
            team=_id(team_of(body) or event.get("team")),
            user=_id(event.get("user")),
            channel=_optional_id(event.get("channel")),
            text=_text(event.get("text") or ""),
            ts=_short(event.get("ts")),
            thread_ts=_short(event.get("thread_ts")),
            event_id=_id(event_id) if event_id else "",
        )
    except _Malformed:
        return None


def team_of(body: Body) -> str | None:
    """The workspace id from any payload shape (events, interactions, Enterprise Grid)."""
    team = body.get("team_id")
    if team is None:
        team = _obj(body.get("team"), optional=True).get("id")
    if team is None:
        team = _obj(body.get("user"), optional=True).get("team_id")
    return team if isinstance(team, str) else None


def _obj(value: Any, *, optional: bool = False) -> Body:
    if isinstance(value, dict):
        return value
    if optional and value is None:
        return {}
    raise _Malformed("object expected")


def _id(value: Any) -> str:
    if not valid_id(value):
        raise _Malformed("id")
    return str(value)


def _optional_id(value: Any) -> str | None:
    return None if value is None or value == "" else _id(value)


def _text(value: Any) -> str:
    """Typed text: any string (the core repairs what is not valid text), bounded."""
    if not isinstance(value, str) or len(value) > TEXT_MAX:
        raise _Malformed("text")
    return value


def _short(value: Any) -> str | None:
    """An optional short field (a ts, a user name): dropped when not a valid id."""
    return value if valid_id(value) else None


def _url(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > URL_MAX or not value.isascii():
        return None
    return value if value.startswith(("https://", "http://")) else None


# What Bolt reads before any listener runs (to route a request) must have the right type,
# or Bolt raises in its middleware: checked on every signed HTTP body first.
_STRINGS = ("type", "command", "team_id", "user_id", "channel_id", "api_app_id", "event_id")
_OBJECTS = ("team", "user", "channel", "container", "message", "enterprise", "view", "event")


def shape_problem(body: Body) -> str | None:
    """Why Bolt could not route this body (a field of the wrong type), or None when it can."""
    for name in _STRINGS:
        if name in body and not isinstance(body[name], str | None):
            return f"{name} is not a string"
    for name in _OBJECTS:
        if name in body and not isinstance(body[name], dict | None):
            return f"{name} is not an object"
    event = body.get("event") or {}
    if body.get("type") == "event_callback" and not isinstance(event.get("type"), str):
        return "event without a type"
    if "actions" in body:
        found = body["actions"]
        if not isinstance(found, list) or not all(
            isinstance(a, dict)
            and all(isinstance(a.get(k), str | None) for k in ("action_id", "block_id", "type"))
            for a in found
        ):
            return "actions is not a list of actions"
    authorizations = body.get("authorizations")
    if authorizations is not None and not (
        isinstance(authorizations, list) and all(isinstance(a, dict) for a in authorizations)
    ):
        return "authorizations is not a list of objects"
    return None
