"""Changing the daily question's time or zone: nothing extra is posted, and the next post
comes exactly when the `daily on` reply said it would, whatever the zones and the dates
(summer-time changes included)."""

from __future__ import annotations

import asyncio
import random
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from daily_fakes import MemoryOutbox
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack, load_pack
from bot.lookup.index import LookupIndex
from bot.replies import PREFIX, Request
from bot.settings import Settings, default_knowledge_path
from bot.tutor import Tutor

ZONES = [
    "UTC",
    "Pacific/Kiritimati",  # UTC+14
    "Pacific/Honolulu",  # UTC-10
    "America/New_York",
    "America/St_Johns",  # -03:30 / -02:30
    "Europe/Berlin",
    "Asia/Kolkata",  # +05:30
    "Australia/Adelaide",  # +09:30 / +10:30, southern summer
    "Pacific/Chatham",  # +12:45 / +13:45
]
TIMES = [time(h, m) for h in (0, 1, 2, 3, 9, 12, 17, 23) for m in (0, 30, 59)]
# Days around spring-forward and fall-back in both hemispheres, and a quiet one.
DAYS = [date(2026, 3, 8), date(2026, 3, 29), date(2026, 4, 5), date(2026, 6, 10)]
DAYS += [date(2026, 10, 4), date(2026, 10, 25), date(2026, 11, 1)]
CHANNEL = "C0DAILY01"
_PACK: KnowledgePack | None = None
_INDEX: LookupIndex | None = None


def shared() -> tuple[KnowledgePack, LookupIndex]:
    global _PACK, _INDEX
    if _PACK is None or _INDEX is None:
        _PACK = load_pack(default_knowledge_path())
        _INDEX = LookupIndex.for_pack(_PACK)
    return _PACK, _INDEX


def say(tutor: Tutor, text: str) -> str:
    reply = tutor.handle(
        Request(workspace="T1", user="UADMIN1", channel=CHANNEL, is_admin=True, text=text)
    )
    assert reply.kind == "info", reply.text
    return reply.text


def announced(text: str, zone: str, now: datetime) -> datetime:
    """The moment after 'Next one:' in a reply ('Tue 03 Mar 09:00 Europe/Berlin')."""
    found = re.search(r"Next one: \w{3} (\d{2}) (\w{3}) (\d{2}):(\d{2}) ", text)
    assert found is not None, text
    day, month, hour, minute = found.groups()
    local = now.astimezone(ZoneInfo(zone))
    for year in (local.year, local.year + 1):
        moment = datetime.strptime(f"{year} {day} {month} {hour}:{minute}", "%Y %d %b %H:%M")
        if abs(moment - local.replace(tzinfo=None)) < timedelta(days=4):
            return _aware(moment, zone)
    raise AssertionError(text)


def _aware(local: datetime, zone: str) -> datetime:
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _questions(outbox: MemoryOutbox) -> int:
    return sum(1 for _, _, thread, _ in outbox.posts if thread is None)


def checkpoints(start: datetime, zone: str, at: time, days: int = 4) -> list[datetime]:
    """Every moment at which the rule's answer can change: each slot, each local midnight,
    one second either side, for `days` days from `start`."""
    points: set[datetime] = set()
    local = start.astimezone(ZoneInfo(zone)).date()
    for n in range(-1, days):
        day = local + timedelta(days=n)
        for moment in (datetime.combine(day, at), datetime.combine(day, time(0, 0))):
            aware = _aware(moment, zone)
            points |= {aware - timedelta(seconds=1), aware, aware + timedelta(seconds=1)}
    return sorted(p for p in points if p >= start)


@given(
    first_zone=st.sampled_from(ZONES),
    first_time=st.sampled_from(TIMES),
    second_zone=st.sampled_from(ZONES),
    second_time=st.sampled_from(TIMES),
    day=st.sampled_from(DAYS),
    wait=st.integers(0, 20 * 60),  # minutes after the post when the admin changes it
)
@settings(max_examples=30, deadline=None)
def test_a_change_after_todays_post_posts_nothing_extra_and_keeps_its_word(
    first_zone: str, first_time: time, second_zone: str, second_time: time, day: date, wait: int
) -> None:
    pack, index = shared()
    turned_on = _aware(datetime.combine(day, time(0, 0)), first_zone) - timedelta(hours=1)
    clock = FixedClock(turned_on)
    tutor = build_tutor(
        Settings(knowledge_path=default_knowledge_path(), database_url="sqlite://"),
        pack=pack,
        index=index,
        clock=clock,
        rng=random.Random(0),
    )
    outbox = MemoryOutbox()
    scheduler = tutor.daily_scheduler(outbox)
    try:
        say(tutor, f"{PREFIX} daily on {first_time:%H:%M} {first_zone}")
        first = _aware(datetime.combine(day, first_time), first_zone)
        clock.set(first)
        assert asyncio.run(scheduler.run_once()) == 1, "the first post is made on time"

        changed = first + timedelta(minutes=wait)
        clock.set(changed)
        text = say(tutor, f"{PREFIX} daily on {second_time:%H:%M} {second_zone}")
        promised = announced(text, second_zone, changed)
        assert promised > changed

        posts: list[datetime] = []
        for moment in [*checkpoints(changed, second_zone, second_time), promised]:
            if moment < clock.now() or (posts and moment > posts[0]):
                continue
            clock.set(moment)
            before = _questions(outbox)
            asyncio.run(scheduler.run_once())  # reveals happen too; only questions count
            if _questions(outbox) > before:
                posts.append(moment)
        assert posts and posts[0] == promised, (posts, promised, text)
        # And that next post is on a later local day, in the new zone, than the first one.
        new_zone = ZoneInfo(second_zone)
        assert posts[0].astimezone(new_zone).date() > first.astimezone(new_zone).date()
    finally:
        tutor.close()


def test_moving_the_time_later_on_the_same_day_waits_for_tomorrow() -> None:
    pack, index = shared()
    clock = FixedClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    tutor = build_tutor(
        Settings(knowledge_path=default_knowledge_path(), database_url="sqlite://"),
        pack=pack,
        index=index,
        clock=clock,
    )
    outbox = MemoryOutbox()
    scheduler = tutor.daily_scheduler(outbox)
    try:
        say(tutor, f"{PREFIX} daily on 09:00 UTC")
        clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        assert asyncio.run(scheduler.run_once()) == 1
        clock.set(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
        text = say(tutor, f"{PREFIX} daily on 5pm UTC")
        assert "Next one: Tue 03 Mar 17:00 UTC" in text
        for hour in (17, 18, 23):
            clock.set(datetime(2026, 3, 2, hour, 0, tzinfo=UTC))
            asyncio.run(scheduler.run_once())  # at 17:00, the first post's reveal
            assert _questions(outbox) == 1
        clock.set(datetime(2026, 3, 3, 16, 59, tzinfo=UTC))
        asyncio.run(scheduler.run_once())
        assert _questions(outbox) == 1
        clock.set(datetime(2026, 3, 3, 17, 0, tzinfo=UTC))
        asyncio.run(scheduler.run_once())
        assert _questions(outbox) == 2
    finally:
        tutor.close()
