"""The daily question: once per channel and local day, retried on failure, late at most
once, DST-safe, and exactly once across two replicas."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from daily_fakes import MemoryOutbox, scheduler

from bot.clock import FixedClock
from bot.daily.scheduler import DailyConfig, due_slot, next_post_at, slot_key
from bot.store import Store

ROOT = Path(__file__).resolve().parents[2]
NINE = DailyConfig(workspace="T1", channel="C1", time="09:00", tz="UTC", reveal_hours=8)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def test_posts_once_at_the_time_then_reveals_once_in_its_thread(store: Store) -> None:
    clock, outbox = FixedClock(at(2, 8, 59)), MemoryOutbox()
    store.set_daily(NINE, now=at(1, 12))
    daily = scheduler(store, outbox, clock)
    assert await daily.run_once() == 0
    clock.set(at(2, 9))
    assert await daily.run_once() == 1
    assert await daily.run_once() == 0
    assert outbox.posts == [("T1", "C1", None, "daily q1 #1")]
    post = store.daily_post(workspace="T1", channel="C1", slot=slot_key(at(2, 9)))
    assert post is not None and (post.state, post.message_ref) == ("posted", "m1")
    instance = store.get_instance(workspace="T1", instance_id=1)
    assert instance is not None and (instance.kind, instance.message_ref) == ("daily", "m1")

    for n, user in enumerate(["U1", "U2", "U3"]):
        store.record_answer(
            workspace="T1",
            user=user,
            instance_id=1,
            question_id="q1",
            topic="t",
            chosen=0,
            correct=n > 0,
            now=clock.now(),
        )
    clock.set(at(2, 16, 59))
    assert await daily.run_once() == 0
    clock.set(at(2, 17))
    assert await daily.run_once() == 1
    assert outbox.posts[-1] == ("T1", "C1", "m1", "answer to q1: 3 answered, 2 right, first U2,U3")
    clock.advance(timedelta(hours=1))
    assert await daily.run_once() == 0
    assert len(outbox.posts) == 2


async def test_no_repeats_in_a_channel_until_the_pool_is_used(store: Store) -> None:
    clock, outbox = FixedClock(at(2, 10)), MemoryOutbox()
    store.set_daily(NINE, now=at(1, 0))
    daily = scheduler(store, outbox, clock, pool=("q1", "q2"))
    for _ in range(3):
        await daily.run_once()  # from the second day on, also the previous day's reveal
        clock.advance(timedelta(days=1))
    questions = [text.split()[1] for _, _, thread, text in outbox.posts if thread is None]
    assert questions == ["q1", "q2", "q1"]


async def test_a_failed_post_is_retried_with_the_same_question(store: Store) -> None:
    clock, outbox = FixedClock(at(2, 9)), MemoryOutbox(fail=1)
    store.set_daily(NINE, now=at(1, 0))
    daily = scheduler(store, outbox, clock)
    assert await daily.run_once() == 0
    failed = store.daily_post(workspace="T1", channel="C1", slot=slot_key(at(2, 9)))
    assert failed is not None and failed.state == "failed"
    assert failed.retry_at == at(2, 9) + timedelta(seconds=30)  # the first back-off
    assert await daily.run_once() == 0  # not before it
    clock.advance(timedelta(seconds=30))
    assert await daily.run_once() == 1
    assert await daily.run_once() == 0
    assert outbox.posts == [("T1", "C1", None, "daily q1 #1")]  # instance 1, not a new one


async def test_a_crashed_claim_is_retried_only_after_the_lease(store: Store) -> None:
    clock, outbox = FixedClock(at(2, 9)), MemoryOutbox()
    store.set_daily(NINE, now=at(1, 0))
    # Another replica claimed the slot and died before recording a post.
    assert store.claim_daily_post(
        workspace="T1",
        channel="C1",
        slot=slot_key(at(2, 9)),
        now=clock.now(),
        lease=timedelta(minutes=2),
    )
    daily = scheduler(store, outbox, clock)
    clock.advance(timedelta(minutes=1, seconds=59))
    assert await daily.run_once() == 0
    clock.advance(timedelta(seconds=2))
    assert await daily.run_once() == 1
    post = store.daily_post(workspace="T1", channel="C1", slot=slot_key(at(2, 9)))
    assert post is not None and post.attempts == 2 and len(outbox.posts) == 1


async def test_after_downtime_only_todays_missed_post_is_made_late(store: Store) -> None:
    clock, outbox = FixedClock(at(2, 8)), MemoryOutbox()
    store.set_daily(NINE, now=at(1, 0))
    daily = scheduler(store, outbox, clock)
    clock.set(at(5, 15))  # down from Mar 2 08:00 to Mar 5 15:00
    assert await daily.run_once() == 1
    assert await daily.run_once() == 0
    for day in (2, 3, 4):
        assert store.daily_post(workspace="T1", channel="C1", slot=slot_key(at(day, 9))) is None
    post = store.daily_post(workspace="T1", channel="C1", slot=slot_key(at(5, 9)))
    assert post is not None and post.reveal_at == at(5, 23)  # 8 h after the late post


async def test_turning_it_on_after_todays_time_starts_tomorrow(store: Store) -> None:
    clock, outbox = FixedClock(at(2, 10)), MemoryOutbox()
    store.set_daily(NINE, now=clock.now())
    daily = scheduler(store, outbox, clock)
    assert await daily.run_once() == 0
    (schedule,) = store.daily_schedules()
    assert schedule.owed_from == at(2, 10)
    assert next_post_at(NINE, clock.now(), owed_from=schedule.owed_from) == at(3, 9)
    clock.set(at(3, 9))
    assert await daily.run_once() == 1


async def test_turned_off_channels_get_nothing_but_pending_reveals_still_happen(
    store: Store,
) -> None:
    clock, outbox = FixedClock(at(2, 9)), MemoryOutbox()
    store.set_daily(NINE, now=at(1, 0))
    daily = scheduler(store, outbox, clock)
    assert await daily.run_once() == 1
    store.set_daily(
        DailyConfig(workspace="T1", channel="C1", time="09:00", tz="UTC", enabled=False)
    )
    assert store.daily_configs(workspace="T1")[0].enabled is False
    assert store.daily_configs(workspace="T2") == []
    clock.set(at(3, 9))
    assert await daily.run_once() == 1  # yesterday's reveal, and no new post
    assert [thread for _, _, thread, _ in outbox.posts] == [None, "m1"]


def test_dst_gap_and_repeated_hour_in_berlin() -> None:
    config = DailyConfig(workspace="T1", channel="C1", time="02:30", tz="Europe/Berlin")
    # 2026-03-29: clocks jump 02:00 -> 03:00; 02:30 does not exist, it posts at 03:30 CEST.
    assert next_post_at(config, at(29, 0, month=3)) == at(29, 1, 30, month=3)
    assert due_slot(config, at(29, 1, 29, month=3)) is None
    assert due_slot(config, at(29, 1, 30, month=3)) == at(29, 1, 30, month=3)
    # 2026-10-25: 02:30 happens twice; the first (CEST, 00:30 UTC) is the slot.
    assert next_post_at(config, at(24, 23, month=10)) == at(25, 0, 30, month=10)
    # Both 02:30s map to the same slot, so the claim admits one post.
    assert due_slot(config, at(25, 0, 30, month=10)) == at(25, 0, 30, month=10)
    assert due_slot(config, at(25, 1, 30, month=10)) == at(25, 0, 30, month=10)
    # A local time zone shifts the day: 09:00 Tokyo is 00:00 UTC.
    tokyo = DailyConfig(workspace="T1", channel="C1", time="09:00", tz="Asia/Tokyo")
    assert due_slot(tokyo, at(2, 23, 59)) is None  # 08:59 on Mar 3 in Tokyo
    assert due_slot(tokyo, at(3, 0)) == at(3, 0)


async def test_posting_in_the_dst_gap_happens_once(store: Store) -> None:
    config = DailyConfig(workspace="T1", channel="C1", time="02:30", tz="Europe/Berlin")
    clock, outbox = FixedClock(at(25, 0, 30, month=10)), MemoryOutbox()
    store.set_daily(config, now=at(1, 0, month=10))
    daily = scheduler(store, outbox, clock)
    assert await daily.run_once() == 1
    clock.set(at(25, 1, 30, month=10))  # the second 02:30 local
    assert await daily.run_once() == 0
    assert len(outbox.posts) == 1


@pytest.mark.slow
def test_two_replicas_in_two_processes_post_once(database_url: str, tmp_path: Path) -> None:
    store = Store.from_url(database_url)
    store.set_daily(NINE, now=at(1, 0))
    store.set_daily(
        DailyConfig(workspace="T2", channel="C7", time="08:00", tz="Europe/Berlin"), now=at(1, 0)
    )
    store.close()
    log = tmp_path / "posts.log"
    worker = Path(__file__).with_name("daily_worker.py")
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(ROOT), str(worker.parent)])}
    replicas = [
        subprocess.Popen(
            [sys.executable, str(worker), database_url, str(log), at(2, 9).isoformat(), "20"],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for _ in range(2)
    ]
    counts = [int(p.communicate(timeout=60)[0]) for p in replicas]
    assert all(p.returncode == 0 for p in replicas)
    lines = log.read_text().splitlines()
    assert sorted(line.split()[:2] for line in lines) == [["T1", "C1"], ["T2", "C7"]]
    assert sum(counts) == 2


async def test_the_daily_loop_forgets_event_keys_after_a_day(store: Store) -> None:
    clock = FixedClock(at(2, 9))
    assert store.claim_key(workspace="T1", key="slack-event:Ev1", now=clock.now())
    daily = scheduler(store, MemoryOutbox(), clock)
    await daily.run_once()
    assert not store.claim_key(workspace="T1", key="slack-event:Ev1", now=clock.now())
    clock.advance(timedelta(days=1, minutes=1))
    await daily.run_once()
    assert store.claim_key(workspace="T1", key="slack-event:Ev1", now=clock.now())
