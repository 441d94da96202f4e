"""Track the work started after an ack, so shutdown can let it finish."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any


class InFlight:
    """Runs coroutines as tracked tasks; `drain` waits for those still running."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self.started = 0  # requests taken on since start, for logs and tests

    def __len__(self) -> int:
        return len(self._tasks)

    async def run(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` to completion, visible to `drain` meanwhile."""
        task = asyncio.ensure_future(work)
        self.started += 1
        self._tasks.add(task)
        try:
            await asyncio.shield(task)
        finally:
            if task.done():
                self._tasks.discard(task)
            else:
                task.add_done_callback(self._tasks.discard)

    async def drain(self, grace_seconds: float) -> int:
        """Wait up to `grace_seconds` for running work; returns how many were cut off."""
        if not self._tasks:
            return 0
        _, pending = await asyncio.wait(set(self._tasks), timeout=grace_seconds)
        for task in pending:
            task.cancel()
        return len(pending)
