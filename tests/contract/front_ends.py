"""What every front end must do with the core's replies and commands, stated once.

A front end joins the contract by adding a `FrontEndContract` to `FRONT_ENDS` below: how it
turns a registry command into the text the core receives, how it renders a reply, the
platform's documented limits on that rendering, and how a click on a rendered element comes
back as an action. tests/contract/test_front_ends.py runs every check on every entry.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.arguments import Arg, ArgValue
from bot.commands import CommandSpec
from bot.replies import PREFIX, Reply

# A value of each argument kind that its parser accepts, as a user would give it.
SAMPLES: dict[str, ArgValue] = {
    "text": "which service scans images?",
    "topic": "registries",
    "question": "q-registry-purpose",
    "count": 5,
    "hours": 6,
    "choice": "",  # the argument's first choice
    "word": True,
    "zone": "Europe/Berlin",
    "time": "21:30",
    "channel": "C0QUIZ1",
}


def sample(arg: Arg) -> ArgValue:
    """A valid value for `arg`."""
    return arg.choices[0] if arg.kind == "choice" else SAMPLES[arg.kind]


def typed(arg: Arg, value: ArgValue) -> str:
    """How a user types `value` for `arg` after the command name."""
    if arg.kind == "word":
        return arg.words[0]
    if arg.kind == "hours":
        return f"{value}h"
    if arg.kind == "channel":
        return f"<#{value}>"
    return str(value)


@dataclass(frozen=True)
class Limit:
    """One documented platform limit: what is measured, and its maximum."""

    what: str
    maximum: int


@dataclass(frozen=True)
class FrontEndContract:
    """One front end as the contract sees it.

    - `command_text(spec, values)`: the `Request.text` the core gets when a user runs `spec`
      with these values through this front end;
    - `render(reply)`: the platform payload;
    - `measure(payload)`: (limit name, measured size) pairs to compare with `limits`;
    - `clicks(payload)`: the action string each clickable element carries back to the core;
    - `text(payload)`: all the text the platform shows (to check mentions and links);
    - `user_link`, `channel_link`: how a mention of user U1 and a link to channel C1 look.
    """

    name: str
    command_text: Callable[[CommandSpec, dict[str, ArgValue]], str]
    render: Callable[[Reply], Any]
    limits: Sequence[Limit]
    measure: Callable[[Any], list[tuple[str, int]]]
    clicks: Callable[[Any], list[str]]
    text: Callable[[Any], str]
    user_link: str
    channel_link: str


# -- the terminal ---------------------------------------------------------------------------


def _terminal_text(spec: CommandSpec, values: dict[str, ArgValue]) -> str:
    words = [typed(arg, values[arg.name]) for arg in spec.args if arg.name in values]
    return " ".join([PREFIX, spec.name, *words])


def _terminal_render(reply: Reply) -> str:
    from adapters.screen import Screen

    out = io.StringIO()
    Screen(out, colour=False).show(reply)
    return out.getvalue()


def _terminal_measure(text: str) -> list[tuple[str, int]]:
    escapes = len(re.findall(r"\x1b\[", text))
    return [("ANSI escapes when not a terminal", escapes)]


def _terminal_clicks(text: str) -> list[str]:
    return []  # buttons are pressed as `!N`; the Conversation maps N back (tested in core)


TERMINAL = FrontEndContract(
    name="terminal",
    command_text=_terminal_text,
    render=_terminal_render,
    limits=(Limit("ANSI escapes when not a terminal", 0),),
    measure=_terminal_measure,
    clicks=_terminal_clicks,
    text=lambda text: text,
    user_link="@U1",
    channel_link="#C1",
)


# -- Slack ------------------------------------------------------------------------------------


def _slack_text(spec: CommandSpec, values: dict[str, ArgValue]) -> str:
    # The slash command's text arrives without the command; the adapter puts it back.
    words = [typed(arg, values[arg.name]) for arg in spec.args if arg.name in values]
    return f"{PREFIX} {' '.join([spec.name, *words])}".strip()


def _slack_render(reply: Reply) -> dict[str, Any]:
    from adapters.slack_app import render

    return render.message(reply)


def _slack_elements(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


def _slack_measure(message: dict[str, Any]) -> list[tuple[str, int]]:
    blocks = message["blocks"]
    sizes = [("blocks", len(blocks)), ("fallback text", len(message["text"]))]
    for block in blocks:
        if block["type"] == "section":
            sizes.append(("section text", len(block["text"]["text"])))
        if block["type"] == "header":
            sizes.append(("header text", len(block["text"]["text"])))
        if block["type"] == "actions":
            sizes.append(("elements per actions block", len(block["elements"])))
    for element in _slack_elements(message):
        sizes.append(("action_id", len(element["action_id"])))
        if element["type"] == "checkboxes":
            sizes.append(("checkbox options", len(element["options"])))
            for option in element["options"]:
                sizes.append(("checkbox option text", len(option["text"]["text"])))
                sizes.append(("checkbox option value", len(option["value"])))
            continue
        sizes.append(("button text", len(element["text"]["text"])))
        sizes.append(("button value", len(element.get("value", ""))))
    return sizes


def _slack_clicks(message: dict[str, Any]) -> list[str]:
    """What comes back: each button's value, and each ticked box's value (as the selection)."""
    found: list[str] = []
    for element in _slack_elements(message):
        if element["type"] == "checkboxes":
            found += [option["value"] for option in element["options"]]
        else:
            found.append(element["value"])
    return found


SLACK = FrontEndContract(
    name="slack",
    command_text=_slack_text,
    render=_slack_render,
    limits=(
        Limit("blocks", 50),
        Limit("fallback text", 40_000),
        Limit("section text", 3000),
        Limit("header text", 150),
        Limit("elements per actions block", 25),
        Limit("button text", 75),
        Limit("button value", 2000),
        Limit("action_id", 255),
        Limit("checkbox options", 10),
        Limit("checkbox option text", 75),
        Limit("checkbox option value", 150),
    ),
    measure=_slack_measure,
    clicks=_slack_clicks,
    text=lambda message: repr(message["blocks"]) + message["text"],
    user_link="<@U1>",
    channel_link="<#C1>",
)


# -- Discord ----------------------------------------------------------------------------------


def _discord_text(spec: CommandSpec, values: dict[str, ArgValue]) -> str:
    """Run the real subcommand of the group built from the registry, with these options."""
    import asyncio

    from adapters.discord_bot.commands import command_group

    heard: list[str] = []

    class Target:
        pack = None

        async def on_command(self, interaction: Any, *words: str) -> None:
            heard.append(" ".join((PREFIX, *words)))

    class Channel:
        def __init__(self, ident: str) -> None:
            self.id = ident

    group = command_group(Target())  # type: ignore[arg-type]
    sub = group.get_command(spec.name)
    assert sub is not None, f"no Discord subcommand {spec.name}"
    options: dict[str, Any] = {}
    for arg in spec.args:
        if arg.name in values:
            value = values[arg.name]
            options[arg.name] = Channel(str(value)) if arg.kind == "channel" else value
    asyncio.run(sub.callback(None, **options))  # type: ignore[arg-type, call-arg, union-attr]
    return heard[0]


def _discord_render(reply: Reply) -> Any:
    from adapters.discord_bot import render

    return render.message(reply)


def _discord_measure(message: Any) -> list[tuple[str, int]]:
    embed = message.embed
    title, description = embed.title or "", embed.description or ""
    footer = embed.footer.text or "" if embed.footer else ""
    sizes = [
        ("embed title", len(title)),
        ("embed description", len(description)),
        ("embed footer", len(footer)),
        ("embed total", len(title) + len(description) + len(footer)),
    ]
    items = list(message.view.children) if message.view is not None else []
    sizes.append(("components", len(items)))
    for item in items:
        sizes.append(("custom_id", len(item.item.custom_id or "")))
        options = getattr(item.item, "options", None)
        if options is None:
            sizes.append(("button label", len(item.item.label or "")))
            continue
        sizes.append(("select options", len(options)))
        sizes.append(("select placeholder", len(item.item.placeholder or "")))
        for option in options:
            sizes.append(("select option label", len(option.label)))
            sizes.append(("select option value", len(option.value)))
    return sizes


def _discord_clicks(message: Any) -> list[str]:
    """What comes back: each button's action; a menu's submit and its options' values."""
    from adapters.discord_bot.buttons import SELECT_TEMPLATE, TEMPLATE

    found: list[str] = []
    for item in list(message.view.children) if message.view is not None else []:
        custom_id = item.item.custom_id or ""
        button, menu = TEMPLATE.fullmatch(custom_id), SELECT_TEMPLATE.fullmatch(custom_id)
        if button:
            found.append(button["action"])
        if menu:
            found += [menu["action"], *(option.value for option in item.item.options)]
    return found


DISCORD = FrontEndContract(
    name="discord",
    command_text=_discord_text,
    render=_discord_render,
    limits=(
        Limit("embed title", 256),
        Limit("embed description", 4096),
        Limit("embed footer", 2048),
        Limit("embed total", 6000),
        Limit("components", 25),
        Limit("button label", 80),
        Limit("custom_id", 100),
        Limit("select options", 25),
        Limit("select placeholder", 150),
        Limit("select option label", 100),
        Limit("select option value", 100),
    ),
    measure=_discord_measure,
    clicks=_discord_clicks,
    text=lambda message: repr(message.embed.to_dict()),
    user_link="<@U1>",
    channel_link="<#C1>",
)

FRONT_ENDS = (TERMINAL, SLACK, DISCORD)
