"""`docker-quiz health`: exit 0 only when the tutor can serve; say why when it cannot."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from adapters import heartbeat
from bot.errors import DockerQuizError
from bot.settings import Settings


def check_health(
    settings: Settings,
    *,
    bot: bool = False,
    heartbeat_file: Path | None = None,
    max_age: float = heartbeat.MAX_AGE_SECONDS,
    out: TextIO | None = None,
) -> int:
    """0 when the pack loads, the database answers and the bot's heartbeat (if any) is fresh.

    The heartbeat is checked when its file exists, or always with `bot=True`.
    """
    out = out or sys.stdout
    problems = [p for p in (_pack(settings), _database(settings)) if p]
    path = heartbeat_file or heartbeat.heartbeat_path()
    seconds = heartbeat.age(path)
    if seconds is None and bot:
        problems.append(f"no heartbeat at {path}: the bot is not connected to its platform")
    elif seconds is not None and seconds > max_age:
        problems.append(
            f"heartbeat at {path} is {seconds:.0f} s old (limit {max_age:.0f} s): "
            "the bot lost its platform connection"
        )
    if problems:
        for problem in problems:
            print(f"unhealthy: {problem}", file=out)
        return 1
    beat = "no heartbeat file" if seconds is None else f"heartbeat {seconds:.0f} s old"
    print(f"healthy: knowledge pack loads, database answers, {beat}", file=out)
    return 0


def _pack(settings: Settings) -> str | None:
    from bot.content.pack import load_pack

    try:
        load_pack(settings.knowledge_path)
    except DockerQuizError as exc:
        return f"knowledge pack at {settings.knowledge_path}: {exc}"
    return None


def _database(settings: Settings) -> str | None:
    from bot.store import Store

    try:
        store = Store.from_url(settings.database_url)
    except DockerQuizError as exc:
        return f"database: {exc}"
    try:
        store.ping()
    except Exception as exc:  # the driver's own errors may name the URL: show the type only
        return f"database does not answer ({type(exc).__name__})"
    finally:
        store.close()
    return None
