"""Running a scheduler's pass every few seconds until told to stop (the daily question and
the review reminders share this loop)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.errors import DockerQuizError


async def every(
    seconds: float,
    run_once: Callable[[], Awaitable[object]],
    stop: asyncio.Event,
    *,
    log: logging.Logger,
    what: str,
) -> None:
    """Await `run_once()` every `seconds` until `stop` is set. A pass failing with one of
    our own errors (a store or platform problem) is logged, naming `what`, and the loop goes
    on; any other exception is a bug and ends the loop."""
    while not stop.is_set():
        try:
            await run_once()
        except DockerQuizError:
            log.exception("%s pass failed; retrying in %.0f s", what, seconds)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=seconds)
