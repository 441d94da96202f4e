"""Many writers at once, and a writer killed mid-stream, lose no acknowledged answer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_fifty_users_answering_at_once_are_all_recorded(store: Store, clock: FixedClock) -> None:
    instance = store.create_instance(
        workspace="T1", question_id="q", kind="daily", now=clock.now(), channel="C1"
    )
    barrier = threading.Barrier(50)

    def click(n: int) -> bool:
        barrier.wait()
        results = [
            store.record_answer(
                workspace="T1",
                user=f"U{n}",
                instance_id=instance.id,
                question_id="q",
                topic="t",
                chosen=n % 2,
                correct=n % 2 == 0,
                now=clock.now(),
            ).first
            for _ in range(2)  # and each double-clicks
        ]
        return results == [True, False]

    with ThreadPoolExecutor(max_workers=50) as pool:
        assert all(pool.map(click, range(50)))
    tally = store.tally(workspace="T1", instance_id=instance.id)
    assert (tally.answered, tally.correct) == (50, 25)
    board = store.leaderboard(workspace="T1", since=None, limit=100)
    assert len(board) == 50 and sum(answered for _, _, answered in board) == 50


@pytest.mark.slow
def test_sigkill_mid_stream_loses_no_acknowledged_answer(database_url: str) -> None:
    Store.from_url(database_url).close()  # migrate first, so the worker starts writing at once
    with subprocess.Popen(  # the with closes the worker's stdout pipe
        [sys.executable, str(Path(__file__).with_name("answer_worker.py")), database_url],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    ) as worker:
        assert worker.stdout is not None
        acknowledged = [int(worker.stdout.readline()) for _ in range(200)]
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        acknowledged += [int(line) for line in worker.stdout.read().split()]
    assert worker.returncode == -signal.SIGKILL

    store = Store.from_url(database_url)
    try:
        for instance_id in acknowledged:
            assert store.tally(workspace="T1", instance_id=instance_id).answered == 1
        # The counters were committed with their answers: totals match the answer rows.
        counted = store.leaderboard(workspace="T1", since=None)
        from_rows = store.leaderboard(
            workspace="T1", since=datetime(2000, 1, 1, 0, 0, 1, tzinfo=UTC)
        )
        assert counted == from_rows
        assert sum(n for _, _, n in counted) >= len(acknowledged)
    finally:
        store.close()
