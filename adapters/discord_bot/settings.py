"""Discord settings, read from the environment once into a frozen object.

Errors name the setting and what is expected, never the value (the token is a secret).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from bot.errors import SettingsError

_SNOWFLAKE = re.compile(r"^[0-9]{15,21}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")
MAX_SHARDS = 1024

Shards = int | Literal["auto"] | None


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    """Everything the Discord front end needs besides the core's own settings."""

    token: str = field(repr=False)
    guild_id: int | None = None  # sync commands to this guild only (instant, for development)
    shards: Shards = None  # None: one connection; "auto": Discord's count; N: N shards
    application_id: int | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> DiscordSettings:
        """Read DISCORD_TOKEN, DISCORD_GUILD_ID, DISCORD_SHARDS and DISCORD_APPLICATION_ID."""
        env = os.environ if env is None else env
        token = _get(env, "DISCORD_TOKEN")
        if not token:
            raise SettingsError(
                "DISCORD_TOKEN is not set: copy the bot token from the Developer Portal "
                "(your application -> Bot -> Reset Token)"
            )
        if token.casefold().startswith("bot "):
            raise SettingsError("DISCORD_TOKEN must be the bare token, without the 'Bot ' prefix")
        if not _TOKEN.match(token):
            raise SettingsError(
                "DISCORD_TOKEN does not look like a bot token (three dot-separated parts); "
                "copy it again from the Developer Portal"
            )
        return cls(
            token=token,
            guild_id=_snowflake(env, "DISCORD_GUILD_ID"),
            shards=_shards(env),
            application_id=_snowflake(env, "DISCORD_APPLICATION_ID"),
        )


def application_id_from_env(env: Mapping[str, str] | None = None) -> int:
    """DISCORD_APPLICATION_ID, required (for the invite link; no token needed)."""
    env = os.environ if env is None else env
    found = _snowflake(env, "DISCORD_APPLICATION_ID")
    if found is None:
        raise SettingsError(
            "DISCORD_APPLICATION_ID is not set: copy the Application ID from the Developer "
            "Portal (your application -> General Information)"
        )
    return found


def _get(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _snowflake(env: Mapping[str, str], name: str) -> int | None:
    raw = _get(env, name)
    if not raw:
        return None
    if not _SNOWFLAKE.match(raw):
        raise SettingsError(f"{name} must be a Discord id: 15 to 21 digits")
    return int(raw)


def _shards(env: Mapping[str, str]) -> Shards:
    raw = _get(env, "DISCORD_SHARDS").casefold()
    if not raw:
        return None
    if raw == "auto":
        return "auto"
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_SHARDS:
        raise SettingsError(f"DISCORD_SHARDS must be 'auto' or a number from 1 to {MAX_SHARDS}")
    return int(raw)
