"""A file a running bot touches while its platform connection is alive; health reads its age."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_FILE = "/tmp/docker-quiz.heartbeat"  # noqa: S108 - a tmpfs in the container
INTERVAL_SECONDS = 15.0
MAX_AGE_SECONDS = 90.0

Alive = Callable[[], bool | Awaitable[bool]]


def heartbeat_path(env: Mapping[str, str] | None = None) -> Path:
    """HEARTBEAT_FILE, or /tmp/docker-quiz.heartbeat."""
    env = os.environ if env is None else env
    return Path(env.get("HEARTBEAT_FILE", "").strip() or DEFAULT_FILE)


def beat(path: Path) -> None:
    """Record that the bot is alive now (the file's mtime is the heartbeat)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{time.time():.0f}\n")


def clear(path: Path) -> None:
    """Remove the heartbeat: a stopped bot must not look alive."""
    with contextlib.suppress(OSError):
        path.unlink()


def age(path: Path, *, now: float | None = None) -> float | None:
    """Seconds since the last beat, or None when there is no heartbeat file."""
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    return max(0.0, (time.time() if now is None else now) - mtime)


async def keep_alive(
    path: Path,
    *,
    stop: asyncio.Event | None = None,
    alive: Alive | None = None,
    interval: float = INTERVAL_SECONDS,
) -> None:
    """Beat every `interval` seconds while `alive()` says the connection is up.

    Runs until `stop` is set or the task is cancelled; the file is removed on the way out,
    so a stopped bot never looks alive.
    """
    stop = stop or asyncio.Event()
    try:
        while not stop.is_set():
            up = True if alive is None else alive()
            if inspect.isawaitable(up):
                up = await up
            if up:
                beat(path)
            else:
                log.warning("platform connection is down; heartbeat not refreshed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)
    finally:
        clear(path)
