"""Core settings, read from the environment once into a frozen object."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.errors import SettingsError

DEFAULT_DATABASE_URL = "sqlite:///data/docker-quiz.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
DEFAULT_METRICS_HOST = "127.0.0.1"  # metrics stay on the machine unless asked otherwise
_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")


def default_knowledge_path() -> Path:
    """The shipped Docker pack: `knowledge/` beside the `bot` package (source tree or wheel)."""
    return Path(__file__).resolve().parent.parent / "knowledge"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the core needs to start. Adapters keep their own platform settings."""

    knowledge_path: Path
    database_url: str = DEFAULT_DATABASE_URL
    log_level: str = "INFO"
    log_format: str = "text"
    metrics_port: int | None = None
    metrics_host: str = DEFAULT_METRICS_HOST

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read KNOWLEDGE_PATH, DATABASE_URL, LOG_LEVEL, LOG_FORMAT, METRICS_PORT and
        METRICS_HOST."""
        env = os.environ if env is None else env
        knowledge = env.get("KNOWLEDGE_PATH", "").strip()
        level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if level not in LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        log_format = env.get("LOG_FORMAT", "text").strip().lower() or "text"
        if log_format not in LOG_FORMATS:
            raise SettingsError("LOG_FORMAT must be 'text' or 'json'")
        return cls(
            knowledge_path=Path(knowledge) if knowledge else default_knowledge_path(),
            database_url=env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
            log_level=level,
            log_format=log_format,
            metrics_port=_port(env, "METRICS_PORT"),
            metrics_host=_host(env, "METRICS_HOST"),
        )


def _host(env: Mapping[str, str], name: str) -> str:
    """An interface to bind: an IPv4/IPv6 address or a host name."""
    raw = env.get(name, "").strip()
    if not raw:
        return DEFAULT_METRICS_HOST
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        if _HOST.match(raw):
            return raw
    raise SettingsError(f"{name} must be an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0")


def _port(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) < 65536:
        raise SettingsError(f"{name} must be a port number between 1 and 65535")
    return int(raw)
