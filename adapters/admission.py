"""Run the core's blocking work in worker threads, refusing early what could not be done in time.

A platform counts an acknowledgement as "received": Slack never re-sends an interaction that
got a 200, and a Discord response (a deferral too) ends the interaction. So the front ends
acknowledge only after `Tutor.handle` returned, that is after its commit. Under overload
that ordering must not turn into late acknowledgements of work done too late to be seen:
`Admission.run` refuses, before starting it, work that would wait longer than `budget`
seconds behind the work already queued (estimated from how long recent work took), and
drops work that still waited longer than `late` seconds before a thread took it. The caller
then refuses the request (Slack shows the user an error; Discord says "busy, not saved").
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Final, TypeVar

T = TypeVar("T")

WORKERS = 8  # storing is mostly waiting for disk syncs: threads overlap them
BUDGET = 2.0  # seconds of queued work beyond which new work is refused at once
LATE = 2.5  # seconds after which queued work is dropped unstarted (Slack's limit is 3 s)
SMOOTHING = 0.2  # weight of the newest duration in the moving average


class Refused:
    """The marker `Admission.run` returns instead of a result: the work was never started."""

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED: Final = Refused()


class Admission:
    """A bounded pool of worker threads for the core, with early refusal under overload.

    `queued` counts work accepted but not started; the expected wait of new work is
    `queued × (average duration) / workers`. Durations are measured in the worker thread,
    so they include contention (database locks, the GIL) and the estimate follows the
    machine's real throughput.
    """

    def __init__(
        self,
        *,
        workers: int = WORKERS,
        budget: float = BUDGET,
        late: float = LATE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.workers = workers
        self.budget = budget
        self.late = late
        self.clock = clock
        self.queued = 0
        self.average = 0.005  # seconds per piece of work, until measured
        self.refused = 0  # refused or dropped since start, for logs, metrics and tests
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="core")

    def expected_wait(self) -> float:
        """Seconds new work would wait before a thread takes it, by the current estimate."""
        with self._lock:
            return self.queued * self.average / self.workers

    def overloaded(self) -> bool:
        """True when new work would wait longer than `budget` (it would be refused); counts
        as a refusal when true."""
        if self.expected_wait() > self.budget:
            self._refuse()
            return True
        return False

    async def run(self, work: Callable[[], T]) -> T | Refused:
        """`work()` in a worker thread; REFUSED (and `work` never called) under overload."""
        if self.overloaded():
            return REFUSED
        accepted = self.clock()
        with self._lock:
            self.queued += 1

        def job() -> T | Refused:
            started = self.clock()
            with self._lock:
                self.queued -= 1
            if started - accepted > self.late:
                return self._refuse()
            try:
                return work()
            finally:
                took = self.clock() - started
                with self._lock:
                    self.average += SMOOTHING * (took - self.average)

        return await asyncio.get_running_loop().run_in_executor(self._executor, job)

    def close(self) -> None:
        """Stop taking work; work already running finishes in its thread."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _refuse(self) -> Refused:
        with self._lock:
            self.refused += 1
        return REFUSED
