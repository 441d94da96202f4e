"""Review reminders on Discord: a direct message through a DM channel (discord.py's
`create_dm`), naming the server; its button runs the review on the server's data in the DM;
"Stop these reminders" works there; a user whose DMs are closed is tried once that day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from discord_fakes import GUILD_ID, buttons, visible_text
from discord_harness import ALICE, Discord

from adapters.discord_bot.outbox import reminder_platform
from bot.clock import FixedClock
from bot.tutor import Tutor


def miss(tutor: Tutor, count: int, *, user: str) -> None:
    for qid in sorted(tutor.pack.questions)[:count]:
        tutor.features.progress.review_queue.record(
            workspace=GUILD_ID, user=user, question_id=qid, correct=False
        )


@pytest.mark.slow
async def test_a_reminder_in_the_dm_starts_the_review_on_the_server(
    dc: Discord, clock: FixedClock
) -> None:
    tutor = dc.bot.tutor
    on = await dc.command("remind", action="on", time="09:00", who=ALICE)
    assert "Reminders are **on**" in visible_text(on.callbacks[0]["data"])
    miss(tutor, 3, user=ALICE["id"])
    clock.set(clock.now().replace(hour=9, minute=0) + timedelta(days=1))
    scheduler = tutor.reminder_scheduler(dc.bot.outbox, reminder_platform(dc.bot))
    assert await scheduler.run_once() == 1
    assert await scheduler.run_once() == 0
    dm_channel = dc.fake.dms[ALICE["id"]]
    (message,) = [m for m in dc.fake.messages.values() if m["channel_id"] == dm_channel]
    text = visible_text(message)
    assert "3 reviews are due in Test Server (about 1 minute)" in text
    start, stop = buttons(message)
    assert (start["label"], stop["label"]) == ("Start review", "Stop these reminders")

    clicked = await dc.click(message, start["custom_id"], direct=True)
    question = clicked.callbacks[0]["data"]
    assert "Review" in visible_text(question)
    answer = buttons(question)[0]["custom_id"]
    assert answer.startswith(f"dq:w:{GUILD_ID}:a:")  # routed back to the server
    shown = dc.fake.messages[clicked.original or ""] if clicked.original else message
    answered = await dc.click(shown, answer, direct=True)
    assert answered.callbacks and not answered.refused
    assert tutor.store.stats(workspace=GUILD_ID, user=ALICE["id"], now=clock.now()).answered

    stopped = await dc.click(message, stop["custom_id"], direct=True)
    assert "Reminders are **off**" in visible_text(stopped.callbacks[0]["data"])
    clock.advance(timedelta(days=1))
    assert await scheduler.run_once() == 0


@pytest.mark.slow
async def test_closed_dms_are_tried_once_that_day(dc: Discord, clock: FixedClock) -> None:
    tutor = dc.bot.tutor
    await dc.command("remind", action="on", time="09:00", who=ALICE)
    miss(tutor, 2, user=ALICE["id"])
    dc.fake.fail.append(
        (lambda call: call.method == "POST" and call.path.startswith("/channels/"), 403, 50007)
    )
    clock.set(clock.now().replace(hour=9, minute=0) + timedelta(days=1))
    scheduler = tutor.reminder_scheduler(dc.bot.outbox, reminder_platform(dc.bot))
    for _ in range(12 * 10):  # every 5 minutes for 10 hours
        await scheduler.run_once()
        clock.advance(timedelta(minutes=5))
    sends = dc.fake.rest("POST", rf"/channels/{dc.fake.dms[ALICE['id']]}/messages")
    assert len(sends) == 1 and sends[0].status == 403
    clock.advance(timedelta(hours=14))  # the next day at 09:00: tried again, and sent
    assert await scheduler.run_once() == 1
