"""Review reminders: only for people who opted in, at most one direct message a day at their
own time, only when reviews are due; exactly once across a restart and two replicas; the stop
button; closed DMs given up for the day; a missing Slack scope told once. A fixed clock."""

from __future__ import annotations

import logging
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from reminder_fakes import SERVERS, TEAMS, DirectOutbox

from bot import actions
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.daily.scheduler import DeliveryError, Problem
from bot.lookup.index import LookupIndex
from bot.reminders.scheduler import ReminderPlatform, ReminderScheduler
from bot.replies import Reply, Request
from bot.settings import Settings, default_knowledge_path
from bot.store import tables
from bot.tutor import Tutor

ROOT = Path(__file__).resolve().parents[2]
EIGHT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(EIGHT)


def _tutor(url: str, clock: FixedClock, pack: KnowledgePack, index: LookupIndex) -> Tutor:
    settings = Settings(knowledge_path=default_knowledge_path(), database_url=url)
    return build_tutor(settings, pack=pack, index=index, clock=clock, rng=random.Random(3))


@pytest.fixture
def tutor(
    database_url: str, clock: FixedClock, pack: KnowledgePack, index: LookupIndex
) -> Iterator[Tutor]:
    """On SQLite and PostgreSQL: the claims are conditional writes on both."""
    built = _tutor(database_url, clock, pack, index)
    yield built
    built.close()


@pytest.fixture
def quick(clock: FixedClock, pack: KnowledgePack, index: LookupIndex) -> Iterator[Tutor]:
    """In memory, for tests that poll through days of simulated time."""
    built = _tutor("sqlite://", clock, pack, index)
    yield built
    built.close()


def say(tutor: Tutor, text: str, *, user: str = "U1", workspace: str = "T1") -> Reply:
    return tutor.handle(Request(workspace=workspace, user=user, text=text))


def click(tutor: Tutor, action: str, *, user: str = "U1", workspace: str = "T1") -> Reply:
    return tutor.handle(Request(workspace=workspace, user=user, action=action))


def miss(tutor: Tutor, count: int, *, user: str = "U1", workspace: str = "T1") -> list[str]:
    """The user answers `count` questions wrong now: each is due for review minutes later."""
    ids = sorted(tutor.pack.questions)[:count]
    for qid in ids:
        tutor.features.progress.review_queue.record(
            workspace=workspace, user=user, question_id=qid, correct=False
        )
    return ids


def scheduler(
    tutor: Tutor, outbox: DirectOutbox, platform: ReminderPlatform = TEAMS
) -> ReminderScheduler:
    return tutor.reminder_scheduler(outbox, platform)


async def run_day(sched: ReminderScheduler, clock: FixedClock, *, hours: int = 24) -> None:
    """Poll every 5 minutes for `hours` hours."""
    for _ in range(hours * 12):
        await sched.run_once()
        clock.advance(timedelta(minutes=5))


async def test_only_people_who_opted_in_get_one_message_at_their_time(
    tutor: Tutor, clock: FixedClock
) -> None:
    miss(tutor, 5, user="U1")
    miss(tutor, 3, user="U2")  # reviews due, but never asked for reminders
    say(tutor, "remind on 09:00", user="U1")
    outbox = DirectOutbox()
    sched = scheduler(tutor, outbox)
    assert await sched.run_once() == 0  # 08:00: not yet
    clock.set(EIGHT + timedelta(minutes=59))
    assert await sched.run_once() == 0
    clock.set(EIGHT + timedelta(hours=1))
    assert await sched.run_once() == 1
    assert await sched.run_once() == 0
    clock.advance(timedelta(hours=5))
    assert await sched.run_once() == 0
    assert [(w, u) for w, u, _ in outbox.sent] == [("T1", "U1")]
    (message,) = outbox.to("U1")
    assert message.text.startswith("5 reviews are due (about 2 minutes).")
    assert "About 19 s a review" in message.text  # where the figure comes from
    assert [b.label for b in message.buttons] == ["Start review", "Stop these reminders"]
    assert [b.action for b in message.buttons] == ["r", "x"]


async def test_the_learners_own_zone_and_the_next_day(quick: Tutor, clock: FixedClock) -> None:
    say(quick, "tz Europe/Berlin")
    reply = say(quick, "remind on 7:30")
    assert "07:30 Europe/Berlin" in reply.text and "Tue 03 Mar 07:30" in reply.text
    miss(quick, 2)
    outbox = DirectOutbox()
    sched = scheduler(quick, outbox)
    clock.set(datetime(2026, 3, 3, 6, 29, tzinfo=UTC))  # 07:29 in Berlin (UTC+1)
    assert await sched.run_once() == 0
    clock.set(datetime(2026, 3, 3, 6, 30, tzinfo=UTC))
    assert await sched.run_once() == 1
    await run_day(sched, clock, hours=23)
    assert len(outbox.sent) == 1
    clock.set(datetime(2026, 3, 4, 6, 30, tzinfo=UTC))  # the next day: due again
    assert await sched.run_once() == 1
    assert len(outbox.sent) == 2


async def test_no_message_when_nothing_is_due_even_if_reviews_fall_due_later(
    quick: Tutor, clock: FixedClock
) -> None:
    say(quick, "remind on 09:00")
    outbox = DirectOutbox()
    sched = scheduler(quick, outbox)
    clock.set(EIGHT + timedelta(hours=1))
    assert await sched.run_once() == 0  # nothing due: the day is done
    miss(quick, 4)
    await run_day(sched, clock, hours=12)
    assert outbox.sent == []
    clock.set(EIGHT + timedelta(days=1, hours=1))
    assert await sched.run_once() == 1


async def test_a_restart_does_not_send_twice(
    database_url: str, clock: FixedClock, pack: KnowledgePack, index: LookupIndex
) -> None:
    first = _tutor(database_url, clock, pack, index)
    miss(first, 2)
    say(first, "remind on 09:00")
    clock.set(EIGHT + timedelta(hours=1))
    outbox = DirectOutbox()
    assert await scheduler(first, outbox).run_once() == 1
    first.close()
    again = _tutor(database_url, clock, pack, index)  # the process restarted
    clock.advance(timedelta(minutes=1))
    assert await scheduler(again, outbox).run_once() == 0
    again.close()
    assert len(outbox.sent) == 1


async def test_a_replica_that_died_while_sending_is_taken_over_after_the_lease(
    tutor: Tutor, clock: FixedClock
) -> None:
    miss(tutor, 2)
    say(tutor, "remind on 09:00")
    clock.set(EIGHT + timedelta(hours=1))
    # A replica claimed the day and died before sending (its row stays "sending").
    assert tutor.store.claim_reminder(
        platform="slack",
        user="U1",
        slot="2026-03-02T09:00Z",
        now=clock.now(),
        lease=timedelta(minutes=2),
    )
    outbox = DirectOutbox()
    sched = scheduler(tutor, outbox)
    assert await sched.run_once() == 0  # the owner may still be sending
    clock.advance(timedelta(minutes=2, seconds=1))
    assert await sched.run_once() == 1
    assert await sched.run_once() == 0
    assert len(outbox.sent) == 1


@pytest.mark.slow
def test_two_replicas_in_two_processes_send_once(
    database_url: str, tmp_path: Path, pack: KnowledgePack, index: LookupIndex
) -> None:
    clock = FixedClock(EIGHT)
    tutor = _tutor(database_url, clock, pack, index)
    for user in ("U1", "U2", "U3"):
        miss(tutor, 2, user=user)
        say(tutor, "remind on 09:00", user=user)
    tutor.close()
    log = tmp_path / "sent.log"
    worker = Path(__file__).with_name("reminder_worker.py")
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(ROOT), str(worker.parent)])}
    when = (EIGHT + timedelta(hours=1)).isoformat()
    replicas = [
        subprocess.Popen(
            [sys.executable, str(worker), database_url, str(log), when, "20"],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for _ in range(2)
    ]
    counts = [int(p.communicate(timeout=120)[0]) for p in replicas]
    assert all(p.returncode == 0 for p in replicas)
    sent = sorted(line.split()[1] for line in log.read_text().splitlines())
    assert sent == ["U1", "U2", "U3"]
    assert sum(counts) == 3


async def test_the_stop_button_and_remind_off_both_stop_them(
    quick: Tutor, clock: FixedClock
) -> None:
    miss(quick, 3)
    say(quick, "remind on 09:00")
    outbox = DirectOutbox()
    sched = scheduler(quick, outbox)
    clock.set(EIGHT + timedelta(hours=1))
    assert await sched.run_once() == 1
    (message,) = outbox.to("U1")
    stop = next(b for b in message.buttons if b.label == "Stop these reminders")
    reply = click(quick, stop.action)  # clicked in the direct message
    assert "Reminders are **off**" in reply.text and reply.private
    assert "**off**" in say(quick, "remind status").text
    await run_day(sched, clock, hours=48)
    assert len(outbox.sent) == 1

    say(quick, "remind on")  # back on, same time: tomorrow 09:00
    clock.set(datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
    assert await sched.run_once() == 1
    say(quick, "remind off", workspace="T9")  # typed anywhere: the reminder is the person's
    clock.advance(timedelta(days=1))
    assert await sched.run_once() == 0
    assert len(outbox.sent) == 2


async def test_the_start_button_starts_a_review_of_a_due_question(
    quick: Tutor, clock: FixedClock
) -> None:
    due = miss(quick, 2)
    say(quick, "remind on 09:00")
    outbox = DirectOutbox()
    clock.set(EIGHT + timedelta(hours=1))
    assert await scheduler(quick, outbox).run_once() == 1
    start = outbox.to("U1")[0].buttons[0]
    question = click(quick, start.action)
    assert question.kind == "question"
    shown = quick.store.get_pending(workspace="T1", user="U1")
    assert shown is not None
    instance = quick.store.get_instance(workspace="T1", instance_id=shown)
    assert instance is not None and instance.question_id in due


async def test_closed_dms_are_tried_once_and_not_again_that_day(
    quick: Tutor, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    miss(quick, 2)
    say(quick, "remind on 09:00")
    outbox = DirectOutbox(errors=[DeliveryError(Problem.DMS_CLOSED, detail="50007")])
    sched = scheduler(quick, outbox)
    clock.set(EIGHT + timedelta(hours=1))
    with caplog.at_level(logging.WARNING):
        await run_day(sched, clock, hours=23)
    assert outbox.attempts == 1 and outbox.sent == []
    assert "giving up today" in caplog.text
    clock.set(EIGHT + timedelta(days=1, hours=1))  # tomorrow: tried again
    assert await sched.run_once() == 1


async def test_a_rate_limit_waits_out_retry_after_then_sends_once(
    quick: Tutor, clock: FixedClock
) -> None:
    miss(quick, 2)
    say(quick, "remind on 09:00")
    outbox = DirectOutbox(errors=[DeliveryError(Problem.RATE_LIMITED, retry_after=120)])
    sched = scheduler(quick, outbox)
    clock.set(EIGHT + timedelta(hours=1))
    assert await sched.run_once() == 0
    clock.advance(timedelta(seconds=119))
    assert await sched.run_once() == 0
    clock.advance(timedelta(seconds=1))
    assert await sched.run_once() == 1
    await run_day(sched, clock, hours=12)
    assert outbox.attempts == 2 and len(outbox.sent) == 1


async def test_a_missing_scope_is_told_once_and_shown_until_a_reminder_goes_through(
    quick: Tutor, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    for user in ("U1", "U2"):
        miss(quick, 2, user=user)
        say(quick, "remind on 09:00", user=user)
    scope = DeliveryError(Problem.MISSING_SCOPE, detail="missing_scope")
    outbox = DirectOutbox(errors=[scope, scope])
    sched = scheduler(quick, outbox)
    clock.set(EIGHT + timedelta(hours=1))
    with caplog.at_level(logging.ERROR, logger="bot.reminders.scheduler"):
        await run_day(sched, clock, hours=12)
    told = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(told) == 1 and "reinstall" in told[0].getMessage()
    assert outbox.attempts == 2  # one each, not retried that day
    status = say(quick, "remind status", user="U3").text
    assert "im:write" in status and "reinstall" in status
    clock.set(EIGHT + timedelta(days=1, hours=1))  # reinstalled overnight
    assert await sched.run_once() == 2
    assert "im:write" not in say(quick, "remind status", user="U3").text


async def test_one_message_lists_each_server_and_its_button_reviews_there(
    quick: Tutor, clock: FixedClock
) -> None:
    """Discord-like: reviews due in two servers, sent to the person's DM workspace; the
    server's button runs the review on that server's data, in the direct message."""
    miss(quick, 3, user="77", workspace="101")
    miss(quick, 1, user="77", workspace="202")
    miss(quick, 2, user="77", workspace="T1")  # another platform's: not counted here
    say(quick, "remind on 09:00", user="77", workspace="101")
    outbox = DirectOutbox()
    clock.set(EIGHT + timedelta(hours=1))
    assert await scheduler(quick, outbox, SERVERS).run_once() == 1
    (message,) = outbox.to("77")
    assert "4 reviews are due" in message.text
    assert "- Docker Club: 3 reviews are due" in message.text
    assert "- AWS Study: 1 review is due" in message.text
    labels = [b.label for b in message.buttons]
    assert labels == ["Review in Docker Club", "Review in AWS Study", "Stop these reminders"]
    question = click(quick, message.buttons[0].action, user="77", workspace="dm:77")
    assert question.kind == "question"
    assert quick.store.get_pending(workspace="101", user="77") is not None
    answer = question.choices[0].action
    assert actions.parse(answer) is not None and answer.startswith("w:101:")
    feedback = click(quick, answer, user="77", workspace="dm:77")
    assert feedback.kind == "feedback"
    assert all(b.action.startswith("w:101:") for b in feedback.buttons)
    stats = say(quick, "stats", user="77", workspace="101")
    assert "1" in stats.text
    # A stranger cannot use the button to open someone's server.
    refused = click(quick, message.buttons[1].action, user="99", workspace="dm:99")
    assert refused.kind == "error"


async def test_claims_older_than_three_days_are_forgotten_and_nothing_repeats(
    quick: Tutor, clock: FixedClock
) -> None:
    miss(quick, 2)
    say(quick, "remind on 09:00")
    outbox = DirectOutbox()
    sched = scheduler(quick, outbox)
    days = 6
    for day in range(days):
        clock.set(EIGHT + timedelta(days=day, hours=1))
        miss(quick, 2)  # due again each day
        clock.advance(timedelta(minutes=30))
        await run_day(sched, clock, hours=3)
    assert len(outbox.sent) == days
    with quick.store.db.read() as conn:
        kept = conn.execute(sa.select(sa.func.count()).select_from(tables.reminder_sends)).scalar()
    assert kept == 3  # today's and the two days before
