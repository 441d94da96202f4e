"""The daily question on Discord when the channel refuses it: Discord's errors reach the core
as its Problems; a lasting one costs three posts and one direct message to the admin."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import discord
import pytest
from discord_fakes import DAILY_CHANNEL_ID, GUILD_ID, visible_text
from discord_harness import ADMIN, BOB, Discord

from adapters.discord_bot.outbox import PROBLEMS, delivery_error
from bot.clock import FixedClock
from bot.daily.scheduler import DeliveryError, Problem
from bot.replies import PREFIX, Reply

STATUS = {10003: 404, 10013: 404, 50001: 403, 50007: 403, 50013: 403, 50083: 403}


@pytest.mark.slow
@pytest.mark.parametrize("code", sorted(PROBLEMS))
async def test_every_discord_error_reaches_the_core_as_its_problem(dc: Discord, code: int) -> None:
    dc.fake.fail.append((lambda call: call.method == "POST", STATUS[code], code))
    with pytest.raises(DeliveryError) as refused:
        await dc.bot.outbox.post(workspace=GUILD_ID, channel=DAILY_CHANNEL_ID, reply=Reply("q"))
    assert refused.value.problem is PROBLEMS[code]
    assert refused.value.problem.lasting


@dataclass
class Response:
    """What discord.py keeps of an HTTP response in its exceptions."""

    status: int
    reason: str = "Error"
    headers: dict[str, str] = field(default_factory=dict)


@pytest.mark.parametrize(
    ("error", "problem", "retry_after"),
    [
        (discord.HTTPException(Response(429, headers={"Retry-After": "4"}), "slow down"), "rl", 4),
        (discord.RateLimited(12.5), "rl", 12.5),
        (discord.DiscordServerError(Response(503), "down"), "down", None),
        (discord.DiscordServerError(Response(500), {"code": 0, "message": "x"}), "down", None),
    ],
)
def test_rate_limits_and_outages_are_passing_problems(
    error: Exception, problem: str, retry_after: float | None
) -> None:
    found = delivery_error(error)
    assert found is not None
    expected = Problem.RATE_LIMITED if problem == "rl" else Problem.UNAVAILABLE
    assert (found.problem, found.retry_after) == (expected, retry_after)
    assert not found.problem.lasting


def test_an_unknown_discord_error_is_left_to_the_generic_back_off() -> None:
    assert delivery_error(discord.HTTPException(Response(400), {"code": 50035})) is None


@pytest.mark.slow
async def test_missing_access_costs_three_posts_and_one_dm(dc: Discord, clock: FixedClock) -> None:
    await dc.command(
        "daily",
        action="on",
        who=ADMIN,
        admin=True,
        channel=discord.Object(int(DAILY_CHANNEL_ID)),
        time="9am",
        timezone="UTC",
    )
    posts_to_daily = rf"/channels/{DAILY_CHANNEL_ID}/messages"
    for _ in range(3):
        dc.fake.fail.append((lambda call: call.path == posts_to_daily, 403, 50001))
    scheduler = dc.bot.tutor.daily_scheduler(dc.bot.outbox)
    clock.advance(timedelta(hours=1))  # 09:00
    for n in range(20 + 24 * 4):  # every 30 s for 10 minutes, then every 15 for a day
        await scheduler.run_once()
        clock.advance(timedelta(seconds=30) if n < 20 else timedelta(minutes=15))
    assert len(dc.fake.rest("POST", posts_to_daily)) == 3
    assert dc.posted(DAILY_CHANNEL_ID) == []
    dm_channel = dc.fake.dms[ADMIN["id"]]
    (note,) = dc.posted(dm_channel)
    assert "not allowed to see or post" in visible_text(note)
    assert f"{PREFIX} daily on <#{DAILY_CHANNEL_ID}>" in visible_text(note)
    status = await dc.command("daily", action="status", who=BOB)
    assert "stopped" in visible_text(status.callbacks[0]["data"])
