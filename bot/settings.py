"""Core settings, read from the environment once into a frozen object.

Where progress is kept, whatever the current folder: `DATABASE_URL` when it is set (an
empty value means "the default"); else `docker-quiz.db` in `DATA_DIR` when that is set (the
image sets /data); else, if the current folder has the `data/docker-quiz.db` older versions
made, that file, with a note saying so; else `docker-quiz.db` in the user's data folder
(platformdirs: ~/.local/share/docker-quiz on Linux), the same for every front end.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

from bot.errors import SettingsError

APP_NAME = "docker-quiz"
DATABASE_FILE = "docker-quiz.db"
LEGACY_DATABASE = Path("data") / DATABASE_FILE  # relative to the current folder
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
    database_url: str = "sqlite://"  # in memory: tests and tools pass their own
    log_level: str = "INFO"
    log_format: str = "text"
    metrics_port: int | None = None
    metrics_host: str = DEFAULT_METRICS_HOST
    database_note: str | None = None  # one line to show when the database is not the default

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, cwd: Path | None = None) -> Settings:
        """Read KNOWLEDGE_PATH, DATABASE_URL (or DATA_DIR), LOG_LEVEL, LOG_FORMAT, METRICS_PORT
        and METRICS_HOST; `cwd` is where an older version's ./data/docker-quiz.db is looked for."""
        env = os.environ if env is None else env
        knowledge = env.get("KNOWLEDGE_PATH", "").strip()
        level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if level not in LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        log_format = env.get("LOG_FORMAT", "text").strip().lower() or "text"
        if log_format not in LOG_FORMATS:
            raise SettingsError("LOG_FORMAT must be 'text' or 'json'")
        database_url = env.get("DATABASE_URL", "").strip()
        note = None
        if not database_url:
            database_url, note = default_database(env, Path.cwd() if cwd is None else cwd)
        return cls(
            knowledge_path=Path(knowledge) if knowledge else default_knowledge_path(),
            database_url=database_url,
            log_level=level,
            log_format=log_format,
            metrics_port=_port(env, "METRICS_PORT"),
            metrics_host=_host(env, "METRICS_HOST"),
            database_note=note,
        )


def default_database(env: Mapping[str, str], cwd: Path) -> tuple[str, str | None]:
    """The database URL when DATABASE_URL is not set, and a note when it is an older
    version's file in the current folder (see the module docstring for the order)."""
    data_dir = env.get("DATA_DIR", "").strip()
    if data_dir:
        return _sqlite(Path(data_dir) / DATABASE_FILE), None
    home = user_data_path(APP_NAME) / DATABASE_FILE
    legacy = cwd / LEGACY_DATABASE
    if legacy.is_file():
        note = (
            f"using the progress in ./{LEGACY_DATABASE} (this folder); move it to {home} "
            "to keep one progress wherever docker-quiz runs"
        )
        return _sqlite(legacy.resolve()), note
    return _sqlite(home), None


def _sqlite(path: Path) -> str:
    return f"sqlite:///{path}"


def _host(env: Mapping[str, str], name: str) -> str:
    """An interface to bind: an IPv4/IPv6 address or a host name."""
    raw = env.get(name, "").strip()
    if not raw:
        return DEFAULT_METRICS_HOST
    import ipaddress  # only when a host is configured: not on every fresh `ask`

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
