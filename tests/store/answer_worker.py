"""Records answers in a loop, printing each instance id once its answer is acknowledged.

Run by test_store_concurrency.py, which kills this process with SIGKILL mid-stream.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from bot.store import Store


def main(url: str) -> None:
    store = Store.from_url(url)
    start = datetime(2026, 3, 2, tzinfo=UTC)
    for n in range(1_000_000):
        now = start + timedelta(seconds=n)
        instance = store.create_instance(workspace="T1", question_id="q", kind="quiz", now=now)
        store.record_answer(
            workspace="T1",
            user=f"U{n % 7}",
            instance_id=instance.id,
            question_id="q",
            topic="t",
            chosen=0,
            correct=True,
            now=now,
        )
        print(instance.id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
