"""Slack settings, read from the environment once into a frozen object.

Errors name the setting and what is expected, never the value (most are secrets).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from bot.errors import SettingsError

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_PORT = 3000
EVENTS_PATH = "/slack/events"
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
# What the check accepts, said once for the check and once for its message.
_SIGNING_SECRET = re.compile(r"[0-9a-fA-F]{16,128}")
SIGNING_SECRET_RULE = "16 to 128 hexadecimal characters (0-9 and a-f, either case)"  # noqa: S105

Mode = Literal["socket", "http"]


@dataclass(frozen=True, slots=True)
class SlackSettings:
    """Everything the Slack front end needs besides the core's own settings."""

    bot_token: str = field(repr=False)
    app_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    host: str = "0.0.0.0"  # noqa: S104 - HTTP mode serves Slack from outside by design
    port: int = DEFAULT_PORT
    api_url: str = DEFAULT_API_URL
    admin_users: frozenset[str] = frozenset()

    @property
    def mode(self) -> Mode:
        """Socket Mode when an app-level token is set, otherwise HTTP mode."""
        return "socket" if self.app_token else "http"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SlackSettings:
        """Read SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, HOST, PORT,
        SLACK_API_URL and SLACK_ADMIN_USERS."""
        env = os.environ if env is None else env
        bot_token = _get(env, "SLACK_BOT_TOKEN")
        if not bot_token:
            raise SettingsError(
                "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...)"
            )
        if not bot_token.startswith("xoxb-"):
            raise SettingsError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
        app_token = _get(env, "SLACK_APP_TOKEN") or None
        if app_token is not None and not app_token.startswith("xapp-"):
            raise SettingsError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
        signing_secret = _get(env, "SLACK_SIGNING_SECRET") or None
        if app_token is None and signing_secret is None:
            raise SettingsError(
                "SLACK_SIGNING_SECRET is not set: HTTP mode needs it "
                "(or set SLACK_APP_TOKEN to use Socket Mode)"
            )
        if signing_secret is not None and not _SIGNING_SECRET.fullmatch(signing_secret):
            raise SettingsError(
                "SLACK_SIGNING_SECRET must be the app's Signing Secret (Basic Information → "
                f"App Credentials): {SIGNING_SECRET_RULE}"
            )
        return cls(
            bot_token=bot_token,
            app_token=app_token,
            signing_secret=signing_secret,
            host=_get(env, "HOST") or "0.0.0.0",  # noqa: S104 - see the field
            port=_port(env),
            api_url=_api_url(env),
            admin_users=_admins(env),
        )


def _get(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _port(env: Mapping[str, str]) -> int:
    raw = _get(env, "PORT")
    if not raw:
        return DEFAULT_PORT
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SettingsError("PORT must be a port number between 1 and 65535")
    return int(raw)


def _api_url(env: Mapping[str, str]) -> str:
    raw = _get(env, "SLACK_API_URL")
    if not raw:
        return DEFAULT_API_URL
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError("SLACK_API_URL must be an http(s) URL like https://slack.com/api/")
    return raw if raw.endswith("/") else raw + "/"


def _admins(env: Mapping[str, str]) -> frozenset[str]:
    users = frozenset(u.strip() for u in _get(env, "SLACK_ADMIN_USERS").split(",") if u.strip())
    if any(not _USER_ID.match(u) for u in users):
        raise SettingsError(
            "SLACK_ADMIN_USERS must be comma-separated Slack user ids like U0123ABC"
        )
    return users
