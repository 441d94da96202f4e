"""Clicks (also after a restart), mentions, DMs, the daily post, admin rights, failures."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from typing import Any

import discord
import pytest
from discord_fakes import (
    CHANNEL_ID,
    DAILY_CHANNEL_ID,
    DM_CHANNEL_ID,
    EPHEMERAL,
    GUILD_ID,
    FakeDiscord,
    buttons,
    visible_text,
)
from discord_harness import ADMIN, ALICE, BOB, Discord, make_tutor

from adapters.admission import Admission
from adapters.discord_bot.bot import workspace_of
from bot import actions
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.replies import Reply, Request
from bot.tutor import Tutor

# Every test here talks to a local fake server through the real library.
pytestmark = pytest.mark.slow


def answer_ids(message: dict[str, Any]) -> list[str]:
    return [b["custom_id"] for b in buttons(message) if b["custom_id"].startswith("dq:a:")]


def verdict(dc: Discord, custom_id: str, workspace: str = GUILD_ID) -> tuple[str, str]:
    """What the learner who picks this answer button must read, and must not: ("Right!",
    "Not quite") when it is the question's key, else the other way round."""
    action = actions.parse(custom_id.removeprefix("dq:"))
    assert action is not None and action.kind == "answer"
    instance = dc.bot.tutor.store.find_instance(workspace=workspace, ref=action.ref)
    assert instance is not None
    key = dc.bot.tutor.pack.questions[instance.question_id].answer_indexes
    return ("Right!", "Not quite") if action.options == key else ("Not quite", "Right!")


async def test_click_answers_privately_and_updates_the_public_tally(dc: Discord) -> None:
    question = (await dc.command("quiz")).callbacks[0]["data"]
    posted = dc.fake.messages[next(iter(dc.fake.exchanges.values())).original or ""]
    first, second = answer_ids(question)[:2]

    click = await dc.click(posted, first, who=ALICE)
    assert click.types == [7]  # the clicked message is updated in the same response
    assert "1 answered" in visible_text(click.callbacks[0]["data"])
    await dc.fake.until(lambda: click.followups)
    (feedback,) = click.followups
    assert feedback["flags"] & EPHEMERAL  # right/wrong only for the clicker
    shown, hidden = verdict(dc, first)
    assert shown in visible_text(feedback) and hidden not in visible_text(feedback)

    other = await dc.click(dc.fake.messages[posted["id"]], second, who=BOB)
    tally = visible_text(other.callbacks[0]["data"])
    assert "2 answered" in tally
    assert "alice" not in tally and "bob" not in tally  # never who chose what


async def test_buttons_work_after_a_restart(
    discord_: Discord,
    database_path: Any,
    clock: FixedClock,
    pack: KnowledgePack,
    index: LookupIndex,
) -> None:
    first_tutor = make_tutor(database_path, clock, pack, index)
    bot = await discord_.start(first_tutor)
    exchange = await discord_.command("quiz")
    posted = discord_.fake.messages[exchange.original or ""]
    await discord_.stop(bot)
    first_tutor.close()

    second_tutor = make_tutor(database_path, clock, pack, index)  # a new process: nothing in memory
    try:
        restarted = await discord_.start(second_tutor)
        assert restarted is not bot
        click = await discord_.click(posted, answer_ids(posted)[0])
        assert click.types == [7]
        assert "1 answered" in visible_text(click.callbacks[0]["data"])
        await discord_.fake.until(lambda: click.followups)
        assert "That question is no longer available" not in visible_text(click.followups[0])
    finally:
        await discord_.stop(restarted)
        second_tutor.close()


async def test_next_question_button_posts_a_new_public_question(dc: Discord) -> None:
    exchange = await dc.command("quiz")
    posted = dc.fake.messages[exchange.original or ""]
    click = await dc.click(posted, answer_ids(posted)[0])
    await dc.fake.until(lambda: click.followups)
    feedback = click.followups[0]
    (next_id,) = [b["custom_id"] for b in buttons(feedback) if b["custom_id"] == "dq:q"]
    again = await dc.click(feedback, next_id)
    assert again.types == [4]
    assert answer_ids(again.callbacks[0]["data"])
    assert not again.callbacks[0]["data"].get("flags", 0) & EPHEMERAL


async def test_a_mention_is_answered_as_a_reply(dc: Discord) -> None:
    asked = await dc.mention("which AWS service stores Docker images?")
    sent = await dc.fake.until(lambda: dc.posted(CHANNEL_ID))
    assert str(sent[0]["message_reference"]["message_id"]) == asked
    assert sent[0]["allowed_mentions"]["replied_user"] is False
    expected = dc.bot.tutor.handle(
        Request(
            workspace=GUILD_ID, user=ALICE["id"], text="which AWS service stores Docker images?"
        )
    )
    assert sent[0]["embeds"][0]["description"].startswith(expected.text[:200])


async def test_a_dm_question_is_answered_in_the_dm(dc: Discord) -> None:
    await dc.dm("quiz")
    sent = await dc.fake.until(lambda: dc.posted(DM_CHANNEL_ID))
    option_b = answer_ids({"components": sent[0]["components"]})[1]
    assert option_b.endswith(":1")  # the second button is B
    await dc.dm("B")  # typed answer to the pending question
    await dc.fake.until(lambda: len(dc.posted(DM_CHANNEL_ID)) >= 2)
    feedback = visible_text(dc.posted(DM_CHANNEL_ID)[1])
    shown, hidden = verdict(dc, option_b, workspace=workspace_of(None, int(ALICE["id"])))
    assert shown in feedback and hidden not in feedback


async def test_messages_without_a_mention_and_from_bots_are_ignored(dc: Discord) -> None:
    await dc.fake.dispatch(
        "MESSAGE_CREATE", {**_plain_message(dc.fake, "just chatting"), "guild_id": GUILD_ID}
    )
    await dc.mention("hello from a bot", who={**BOB, "bot": True})
    marker = await dc.mention("help")  # processed in order: once it is answered, so were those
    sent = await dc.fake.until(lambda: dc.posted(CHANNEL_ID))
    assert [str(m["message_reference"]["message_id"]) for m in sent] == [marker]


def _plain_message(fake: FakeDiscord, text: str) -> dict[str, Any]:
    from discord_fakes import message_payload

    return message_payload(
        message_id=fake.snowflake(), channel_id=CHANNEL_ID, author=ALICE, content=text
    )


async def test_only_manage_server_may_change_the_daily_schedule(dc: Discord) -> None:
    tutor = dc.bot.tutor
    refused = await dc.command("daily", action="on", who=BOB, admin=False)
    assert "only" in visible_text(refused.callbacks[0]["data"]).lower()
    assert tutor.store.daily_configs(workspace=GUILD_ID) == []

    allowed = await dc.command(
        "daily",
        action="on",
        who=ADMIN,
        admin=True,
        channel=discord.Object(int(DAILY_CHANNEL_ID)),
        time="09:00",
        timezone="Europe/Berlin",
    )
    assert "**on**" in visible_text(allowed.callbacks[0]["data"])
    (config,) = tutor.store.daily_configs(workspace=GUILD_ID)
    assert (config.channel, config.time, config.tz) == (DAILY_CHANNEL_ID, "09:00", "Europe/Berlin")
    off = await dc.command("daily", action="off", who=BOB, admin=False)
    assert "only" in visible_text(off.callbacks[0]["data"]).lower()
    assert tutor.store.daily_configs(workspace=GUILD_ID)[0].enabled


async def test_daily_question_is_posted_answered_and_revealed(
    dc: Discord, clock: FixedClock
) -> None:
    await dc.command(
        "daily",
        action="on",
        who=ADMIN,
        admin=True,
        channel=discord.Object(int(DAILY_CHANNEL_ID)),
        time="09:00",
        timezone="UTC",
        reveal_hours=2,
    )
    scheduler = dc.bot.tutor.daily_scheduler(dc.bot.outbox)
    clock.advance(timedelta(hours=1, minutes=1))  # 09:01 UTC
    assert await scheduler.run_once() == 1
    (post,) = dc.posted(DAILY_CHANNEL_ID)
    assert "Daily question" in visible_text(post)
    daily = next(m for m in dc.fake.messages.values() if m["channel_id"] == DAILY_CHANNEL_ID)
    click = await dc.click(daily, answer_ids(daily)[0], who=BOB)
    assert "1 answered" in visible_text(click.callbacks[0]["data"])

    clock.advance(timedelta(hours=2))
    assert await scheduler.run_once() == 1
    reveal = dc.posted(DAILY_CHANNEL_ID)[1]
    assert str(reveal["message_reference"]["message_id"]) == daily["id"]
    assert visible_text(reveal)
    assert await scheduler.run_once() == 0  # exactly once


async def test_daily_loop_runs_with_the_bot_and_stops_with_it(
    discord_: Discord, tutor: Tutor
) -> None:
    bot = await discord_.start(tutor, run_daily=True)
    assert bot.daily_task is not None and not bot.daily_task.done()
    await discord_.stop(bot)
    assert bot.daily_task.done()


async def test_a_rest_error_does_not_crash_the_bot(dc: Discord) -> None:
    fake = dc.fake
    # discord.py retries 5xx itself; a 4xx reaches our code
    fake.fail.append((lambda call: call.path.endswith("/callback"), 400, 50035))
    broken = await dc.send_command("topics")
    await fake.until(lambda: broken.callbacks)  # the apology got through afterwards
    assert "Sorry, something went wrong" in visible_text(broken.callbacks[0]["data"])

    fake.fail.append((lambda call: call.path == f"/channels/{CHANNEL_ID}/messages", 403, 50013))
    await dc.mention("help")
    await fake.until(lambda: len(fake.rest("POST", rf"/channels/{CHANNEL_ID}/messages")) >= 2)

    exchange = await dc.command("topics")  # still serving
    assert exchange.types == [4]
    assert "Topics" in visible_text(exchange.callbacks[0]["data"])


class BrokenTutor:
    """The real tutor, except that handle raises (a bug, not a DockerQuizError)."""

    def __init__(self, tutor: Tutor) -> None:
        self.pack = tutor.pack
        self.tutor = tutor

    def handle(self, request: Request) -> Reply:
        raise RuntimeError("boom")


async def test_a_core_failure_gets_one_friendly_line(discord_: Discord, tutor: Tutor) -> None:
    await discord_.start(BrokenTutor(tutor))
    exchange = await discord_.command("stats")
    data = exchange.callbacks[0]["data"]
    assert data["flags"] & EPHEMERAL
    assert "Sorry, something went wrong" in visible_text(data)
    assert "boom" not in visible_text(data)


class SlowTutor:
    """The real tutor, held up until the test lets it go (no fixed sleeps)."""

    def __init__(self, tutor: Tutor) -> None:
        self.pack = tutor.pack
        self.tutor = tutor
        self.go = threading.Event()
        self.entered = threading.Event()

    def handle(self, request: Request) -> Reply:
        self.entered.set()
        assert self.go.wait(10)
        return self.tutor.handle(request)

    def form(self, action: str) -> Reply | None:
        return self.tutor.form(action)  # touches no store: never held up


async def test_nothing_is_acknowledged_before_the_core_has_stored_it(
    discord_: Discord, tutor: Tutor
) -> None:
    """A response (a deferral too) means "received": none goes out while the core runs."""
    slow = SlowTutor(tutor)
    slow.go.set()
    await discord_.start(slow)
    question = await discord_.command("quiz")
    posted = discord_.fake.messages[question.original or ""]
    slow.go.clear()
    slow.entered.clear()
    click = await discord_.click(posted, answer_ids(posted)[0], wait=False)
    await discord_.fake.until(slow.entered.is_set)
    await asyncio.sleep(0.3)
    assert click.callbacks == []  # no defer, no "thinking...", while nothing is stored
    slow.go.set()
    await discord_.fake.until(lambda: click.callbacks)
    assert click.types == [7] and "1 answered" in visible_text(click.callbacks[0]["data"])
    assert click.callbacks[0]["at"] - click.sent_at < 3


async def test_the_report_modal_opens_while_the_core_is_held_up(
    discord_: Discord, tutor: Tutor
) -> None:
    """The modal is the immediate answer to the click: nothing slow runs before it."""
    slow = SlowTutor(tutor)
    slow.go.set()
    await discord_.start(slow)
    question = await discord_.command("quiz")
    posted = discord_.fake.messages[question.original or ""]
    click = await discord_.click(posted, answer_ids(posted)[0])
    await discord_.fake.until(lambda: click.followups)
    report = next(b for b in buttons(click.followups[0]) if b["custom_id"].startswith("dq:f:"))
    slow.go.clear()
    slow.entered.clear()
    opened = await discord_.click(click.followups[0], report["custom_id"])
    assert opened.types == [9] and opened.callbacks[0]["at"] - opened.sent_at < 3
    assert not slow.entered.is_set()
    slow.go.set()


async def test_when_too_busy_to_store_in_time_the_user_is_told_nothing_was_saved(
    discord_: Discord, tutor: Tutor
) -> None:
    slow = SlowTutor(tutor)
    slow.go.set()
    admission = Admission(workers=1, budget=0.5)
    await discord_.start(slow, admission=admission)
    question = await discord_.command("quiz")
    posted = discord_.fake.messages[question.original or ""]
    first, second = answer_ids(posted)[:2]
    slow.go.clear()
    slow.entered.clear()
    held = await discord_.click(posted, first, who=ALICE, wait=False)  # holds the only worker
    await discord_.fake.until(slow.entered.is_set)
    admission.average = 1.0  # the estimate: each request takes a second
    queued = await discord_.click(posted, second, who=BOB, wait=False)  # waits behind it
    await discord_.fake.until(lambda: admission.queued == 1)
    refused = await discord_.click(posted, second, who=ADMIN)  # would wait too long
    assert refused.types == [4] and refused.callbacks[0]["data"]["flags"] & EPHEMERAL
    assert "nothing was saved" in visible_text(refused.callbacks[0]["data"])
    slow.go.set()
    await discord_.fake.until(lambda: held.callbacks and queued.callbacks)
    assert held.types == [7] and queued.types == [7]
    assert "2 answered" in visible_text(queued.callbacks[0]["data"])  # not 3: ADMIN's is not in


async def test_the_fake_enforces_discords_rules(dc: Discord) -> None:
    late = await dc.send_command("stats")
    first = await dc.command("topics")
    assert first.types == [4]
    import aiohttp

    async with aiohttp.ClientSession() as http:
        url = f"{dc.fake.api_base}/interactions/{first.id}/{first.token}/callback"
        async with http.post(url, json={"type": 4, "data": {"content": "again"}}) as resp:
            assert (resp.status, (await resp.json())["code"]) == (400, 40060)
        await dc.fake.until(lambda: late.callbacks)
        late.callbacks.clear()
        late.sent_at -= 4  # as if it had arrived 4 s ago
        url = f"{dc.fake.api_base}/interactions/{late.id}/{late.token}/callback"
        async with http.post(url, json={"type": 4, "data": {"content": "late"}}) as resp:
            assert (resp.status, (await resp.json())["code"]) == (404, 10062)
