"""Track the deliveries started after an ack, so shutdown can let them finish."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any


class InFlight:
    """Runs coroutines as tracked background tasks; `drain` waits for those still running."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self.started = 0  # deliveries started since start, for logs and tests

    def __len__(self) -> int:
        return len(self._tasks)

    def start(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` in the background, visible to `drain` until it ends."""
        task = asyncio.ensure_future(work)
        self.started += 1
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, grace_seconds: float) -> int:
        """Wait up to `grace_seconds` for running work; returns how many were cut off."""
        if not self._tasks:
            return 0
        _, pending = await asyncio.wait(set(self._tasks), timeout=grace_seconds)
        for task in pending:
            task.cancel()
        return len(pending)
