"""One reminder-scheduler replica: runs passes at a fixed time, logging messages to a file.

Run twice at once by test_reminders.py to prove two replicas send each reminder once.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

from reminder_fakes import TEAMS, DirectOutbox

from bot.clock import FixedClock
from bot.content.pack import load_pack
from bot.reminders.commands import ReminderCommands
from bot.settings import default_knowledge_path
from bot.store import Store


async def main(url: str, log: Path, when: str, passes: int) -> None:
    store = Store.from_url(url)
    clock = FixedClock(datetime.fromisoformat(when))
    reminders = ReminderCommands(pack=load_pack(default_knowledge_path()), store=store, clock=clock)
    replica = reminders.scheduler(DirectOutbox(log=log), TEAMS)
    sent = 0
    for _ in range(passes):
        sent += await replica.run_once()
    store.close()
    print(sent)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])))
