"""The front ends `docker-quiz` can run as a bot, in one table: where each lives and which of
its settings and token shapes are secrets (so logs redact them, whichever bot is running).

Importing this module imports no platform library; `load(name)` imports the one asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.errors import SettingsError

if TYPE_CHECKING:
    from adapters.runtime import FrontEnd


class MissingExtra(SettingsError):
    """A front end's platform library is not installed; says which extra installs it."""


def install_hint(extra: str) -> str:
    """How to install an optional dependency group from a clone (not on PyPI)."""
    return f"pip install -e '.[{extra}]'"


@dataclass(frozen=True, slots=True)
class FrontEndInfo:
    """A bot front end: its module (which defines `FRONT_END`), help, extra, and secrets."""

    name: str
    title: str
    module: str
    help: str
    extra: str  # the optional dependency group that installs its platform library
    libraries: tuple[str, ...]  # the top-level modules that extra provides
    secret_settings: tuple[str, ...]
    token_shapes: tuple[str, ...]  # regular expressions of its tokens, for redaction


FRONT_ENDS: dict[str, FrontEndInfo] = {
    info.name: info
    for info in (
        FrontEndInfo(
            name="slack",
            title="Slack",
            module="adapters.slack_app.run",
            help="run the Slack bot (see `docker-quiz slack --help`)",
            extra="slack",
            libraries=("slack_bolt", "slack_sdk", "aiohttp"),
            secret_settings=("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"),
            token_shapes=(r"\bxox[abeoprs]-[A-Za-z0-9-]{6,}", r"\bxapp-[A-Za-z0-9-]{6,}"),
        ),
        FrontEndInfo(
            name="discord",
            title="Discord",
            module="adapters.discord_bot.run",
            help="run the Discord bot; `docker-quiz discord invite-url` prints the invite link",
            extra="discord",
            libraries=("discord", "aiohttp"),
            secret_settings=("DISCORD_TOKEN",),
            # base64 user id . timestamp . HMAC
            token_shapes=(r"\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}",),
        ),
    )
}


def secret_settings() -> tuple[str, ...]:
    """Every front end's secret setting names."""
    return tuple(name for info in FRONT_ENDS.values() for name in info.secret_settings)


def token_shapes() -> tuple[str, ...]:
    """Every front end's token patterns."""
    return tuple(shape for info in FRONT_ENDS.values() for shape in info.token_shapes)


def load(name: str) -> FrontEnd:
    """The front end called `name` (imports its platform library); raises MissingExtra,
    naming the install command, when that library is not installed."""
    info = FRONT_ENDS[name]
    try:
        module = importlib.import_module(info.module)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in info.libraries:
            raise
        raise MissingExtra(
            f"the {info.title} bot needs the {info.extra} extra: {install_hint(info.extra)} "
            "(in your clone of docker-quiz)"
        ) from exc
    front_end: FrontEnd = module.FRONT_END
    return front_end
