"""When a platform refuses the daily post: a lasting problem costs three attempts, pauses
the channel, shows in `daily status`, and tells whoever set it up once; a passing one
waits out Retry-After or a growing back-off and then posts. For every Problem there is."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from daily_fakes import MemoryOutbox

from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.daily.scheduler import (
    LASTING_BACKOFF,
    MAX_BACKOFF,
    DailyScheduler,
    DeliveryError,
    Problem,
)
from bot.lookup.index import LookupIndex
from bot.replies import PREFIX, Reply, Request
from bot.settings import Settings, default_knowledge_path
from bot.tutor import Tutor

NINE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADMIN = "UADMIN01"
LASTING = [p for p in Problem if p.lasting]
PASSING = [p for p in Problem if not p.lasting]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NINE - timedelta(hours=1))


@pytest.fixture
def tutor(
    database_url: str, clock: FixedClock, pack: KnowledgePack, index: LookupIndex
) -> Iterator[Tutor]:
    """On SQLite and PostgreSQL: pausing and the back-off are conditional updates."""
    settings = Settings(knowledge_path=default_knowledge_path(), database_url=database_url)
    built = build_tutor(settings, pack=pack, index=index, clock=clock, rng=random.Random(2))
    yield built
    built.close()


@pytest.fixture
def quick_tutor(clock: FixedClock, pack: KnowledgePack, index: LookupIndex) -> Iterator[Tutor]:
    """In memory, for tests that poll for hours of simulated time."""
    settings = Settings(knowledge_path=default_knowledge_path(), database_url="sqlite://")
    built = build_tutor(settings, pack=pack, index=index, clock=clock, rng=random.Random(2))
    yield built
    built.close()


def say(tutor: Tutor, text: str, user: str = ADMIN) -> Reply:
    return tutor.handle(
        Request(workspace="T1", user=user, channel="C0DAILY01", is_admin=True, text=text)
    )


def run_day(scheduler: DailyScheduler, clock: FixedClock, until: datetime) -> None:
    """Poll as the bots do (every 30 s) for the first 15 minutes (the back-off's span),
    then hourly: a channel still retried would show in either."""
    while clock.now() < until:
        asyncio.run(scheduler.run_once())
        step = 30 if clock.now() < NINE + timedelta(minutes=15) else 3600
        clock.advance(timedelta(seconds=step))


@pytest.mark.parametrize("problem", LASTING, ids=str)
def test_every_lasting_problem_stops_after_three_attempts_and_tells_the_admin_once(
    quick_tutor: Tutor, clock: FixedClock, problem: Problem
) -> None:
    lasting_problem_stops(quick_tutor, clock, problem)


def test_stopping_and_resuming_work_on_every_database(tutor: Tutor, clock: FixedClock) -> None:
    lasting_problem_stops(tutor, clock, Problem.NOT_IN_CHANNEL)


def lasting_problem_stops(tutor: Tutor, clock: FixedClock, problem: Problem) -> None:
    say(tutor, f"{PREFIX} daily on 9am UTC")
    outbox = MemoryOutbox(fail=10_000, error=DeliveryError(problem, detail="refused"))
    scheduler = tutor.daily_scheduler(outbox)
    clock.set(NINE)
    run_day(scheduler, clock, until=NINE + timedelta(days=1, hours=1))

    assert outbox.attempts == 1 + len(LASTING_BACKOFF)  # not one every 30 s all day
    ((workspace, user, note),) = outbox.notes
    assert (workspace, user) == ("T1", ADMIN)
    assert "<#C0DAILY01>" in note.text and f"{PREFIX} daily on <#C0DAILY01>" in note.text
    status = say(tutor, f"{PREFIX} daily status", user="USOMEONE").text
    assert "**stopped**" in status and "<#C0DAILY01>" in status
    assert note.text.split("stopped: ")[1].split(".")[0] in status  # the same reason

    # Once fixed, `daily on` again resumes it (tomorrow, as announced), and says so.
    outbox.fail = 0
    resumed = say(tutor, f"{PREFIX} daily on <#C0DAILY01> 9am UTC").text
    assert "**on**" in resumed and "Next one: Wed 04 Mar 09:00 UTC" in resumed
    assert "stopped" not in say(tutor, f"{PREFIX} daily status").text
    clock.set(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    assert asyncio.run(scheduler.run_once()) == 1
    assert len(outbox.notes) == 1


def test_two_replicas_tell_the_admin_only_once(tutor: Tutor, clock: FixedClock) -> None:
    say(tutor, f"{PREFIX} daily on 9am UTC")
    error = DeliveryError(Problem.NO_PERMISSION)
    outboxes = [MemoryOutbox(fail=100, error=error) for _ in range(2)]
    schedulers = [tutor.daily_scheduler(outbox) for outbox in outboxes]
    clock.set(NINE)
    for _ in range(24):
        for scheduler in schedulers:
            asyncio.run(scheduler.run_once())
        clock.advance(timedelta(seconds=30))
    assert sum(o.attempts for o in outboxes) == 1 + len(LASTING_BACKOFF)
    assert sum(len(o.notes) for o in outboxes) == 1


def test_a_lasting_problem_with_the_reveal_stops_the_channel_too(
    tutor: Tutor, clock: FixedClock
) -> None:
    say(tutor, f"{PREFIX} daily on 9am UTC")
    outbox = MemoryOutbox()
    scheduler = tutor.daily_scheduler(outbox)
    clock.set(NINE)
    assert asyncio.run(scheduler.run_once()) == 1
    outbox.fail, outbox.error = 100, DeliveryError(Problem.ARCHIVED)
    clock.set(NINE + timedelta(hours=8))
    for _ in range(30):
        asyncio.run(scheduler.run_once())
        clock.advance(timedelta(seconds=30))
    assert outbox.attempts == 1 + 1 + len(LASTING_BACKOFF)
    assert len(outbox.notes) == 1 and "archived" in outbox.notes[0][2].text
    assert "**stopped**" in say(tutor, f"{PREFIX} daily status").text


@pytest.mark.parametrize("problem", PASSING, ids=str)
def test_a_passing_problem_waits_out_retry_after_then_posts(
    tutor: Tutor, clock: FixedClock, problem: Problem
) -> None:
    say(tutor, f"{PREFIX} daily on 9am UTC")
    outbox = MemoryOutbox(fail=1, error=DeliveryError(problem, retry_after=95))
    scheduler = tutor.daily_scheduler(outbox)
    clock.set(NINE)
    posted_at = None
    while posted_at is None:
        if asyncio.run(scheduler.run_once()):
            posted_at = clock.now()
        clock.advance(timedelta(seconds=5))
    assert posted_at == NINE + timedelta(seconds=95)  # not before Retry-After, and then
    assert outbox.attempts == 2 and outbox.notes == []
    assert "stopped" not in say(tutor, f"{PREFIX} daily status").text


@pytest.mark.parametrize(
    "error",
    [DeliveryError(Problem.UNAVAILABLE), ConnectionError("reset"), TimeoutError()],
    ids=["unavailable", "connection-error", "timeout"],
)
def test_a_passing_problem_without_retry_after_backs_off_up_to_15_minutes(
    quick_tutor: Tutor, clock: FixedClock, error: Exception
) -> None:
    tutor = quick_tutor
    say(tutor, f"{PREFIX} daily on 9am UTC")
    outbox = MemoryOutbox(fail=10_000, error=error)
    scheduler = tutor.daily_scheduler(outbox)
    clock.set(NINE)
    attempts: list[datetime] = []
    while clock.now() < NINE + timedelta(hours=1, minutes=15):
        before = outbox.attempts
        asyncio.run(scheduler.run_once())
        if outbox.attempts > before:
            attempts.append(clock.now())
        clock.advance(timedelta(seconds=30))
    gaps = [later - earlier for earlier, later in itertools.pairwise(attempts)]
    assert gaps[0] == timedelta(seconds=30)
    assert gaps == sorted(gaps) and max(gaps) == MAX_BACKOFF  # growing, then capped
    assert len(attempts) < 12 and outbox.notes == []  # not 150 in 75 minutes
    assert "stopped" not in say(tutor, f"{PREFIX} daily status").text


def test_a_channel_set_up_before_anyone_was_recorded_still_stops_and_shows_it(
    tutor: Tutor, clock: FixedClock
) -> None:
    from bot.store import DailyConfig

    config = DailyConfig(workspace="T1", channel="C0DAILY01", time="09:00", tz="UTC")
    tutor.store.set_daily(config, now=clock.now())  # set_by unknown (before v3)
    outbox = MemoryOutbox(fail=100, error=DeliveryError(Problem.NOT_IN_CHANNEL))
    scheduler = tutor.daily_scheduler(outbox)
    clock.set(NINE)
    run_day(scheduler, clock, until=NINE + timedelta(hours=2))
    assert outbox.attempts == 3 and outbox.notes == []
    assert "not a member" in say(tutor, f"{PREFIX} daily status").text
