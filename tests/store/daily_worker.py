"""One daily-scheduler replica: runs passes at a fixed time, logging posts to a file.

Run twice at once by test_store_daily.py to prove two replicas post once.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

from daily_fakes import MemoryOutbox, scheduler

from bot.clock import FixedClock
from bot.store import Store


async def main(url: str, log: Path, when: str, passes: int) -> None:
    store = Store.from_url(url)
    clock = FixedClock(datetime.fromisoformat(when))
    replica = scheduler(store, MemoryOutbox(log=log), clock)
    done = 0
    for _ in range(passes):
        done += await replica.run_once()
    store.close()
    print(done)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])))
