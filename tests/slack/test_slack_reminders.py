"""Review reminders on Slack: conversations.open + chat.postMessage to the learner; its
buttons start the review and stop the reminders; an install lacking `im:write` answers
`missing_scope`, which is given up for the day, logged once and shown by `remind status`."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
from slack_fakes import APP_TOKEN, BOT_TOKEN, TEAM, FakeSlack
from slack_harness import Slack

from adapters.runtime import serve
from adapters.slack_app.outbox import SlackOutbox, reminder_platform
from adapters.slack_app.run import FRONT_END
from adapters.slack_app.settings import SlackSettings
from bot.clock import FixedClock
from bot.tutor import Tutor

LEARNER = "UPLAIN01"


def miss(tutor: Tutor, count: int, *, user: str = LEARNER) -> None:
    for qid in sorted(tutor.pack.questions)[:count]:
        tutor.features.progress.review_queue.record(
            workspace=TEAM, user=user, question_id=qid, correct=False
        )


def next_nine(clock: FixedClock) -> None:
    clock.set(clock.now().replace(hour=9, minute=0) + timedelta(days=1))


@pytest.mark.slow
async def test_a_reminder_is_a_direct_message_whose_buttons_work(
    slack: Slack, clock: FixedClock
) -> None:
    await slack.command("remind on 09:00", user=LEARNER)
    miss(slack.tutor, 4)
    next_nine(clock)
    scheduler = slack.tutor.reminder_scheduler(
        SlackOutbox(client=slack.bot.client), reminder_platform()
    )
    assert await scheduler.run_once() == 1
    assert await scheduler.run_once() == 0
    (opened,) = slack.fake.find("conversations.open")
    assert opened.args["users"] == LEARNER
    dm = "D" + LEARNER.lstrip("U")
    (message,) = slack.fake.find("chat.postMessage", channel=dm)
    assert "4 reviews are due (about 1 minute)" in message.blocks_text()
    assert message.button_values() == ["r", "x"]

    await slack.click("r", user=LEARNER, channel=dm)
    question = (await slack.fake.wait_for("chat.postMessage", 2, channel=dm))[-1]
    assert question.blocks_text().startswith("Review")
    await slack.click("x", user=LEARNER, channel=dm)
    (stopped,) = await slack.fake.wait_for("chat.postEphemeral", user=LEARNER, channel=dm)
    assert "Reminders are *off*" in stopped.blocks_text()
    clock.advance(timedelta(days=1))
    assert await scheduler.run_once() == 0


@pytest.mark.slow
async def test_an_install_without_im_write_is_told_once_and_shown_in_status(
    slack: Slack, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    for user in (LEARNER, "UOTHER02"):
        await slack.command("remind on 09:00", user=user)
        miss(slack.tutor, 2, user=user)
    refused = {"ok": False, "error": "missing_scope", "needed": "im:write"}
    slack.fake.fail["conversations.open"] = [refused, refused]
    next_nine(clock)
    scheduler = slack.tutor.reminder_scheduler(
        SlackOutbox(client=slack.bot.client), reminder_platform()
    )
    with caplog.at_level(logging.ERROR, logger="bot.reminders.scheduler"):
        for _ in range(24):  # every 5 minutes for two hours
            await scheduler.run_once()
            clock.advance(timedelta(minutes=5))
    assert len(slack.fake.find("conversations.open")) == 2  # once each, not retried
    told = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(told) == 1 and "reinstall" in told[0].getMessage()
    status = await slack.command("remind status", user=LEARNER)
    assert "im:write" in status.blocks_text() and "reinstall" in status.blocks_text()


@pytest.mark.parametrize(
    ("scopes", "told"),
    [("commands,chat:write,im:history", True), ("commands,chat:write,im:history,im:write", False)],
    ids=["without-im-write", "with-im-write"],
)
@pytest.mark.slow
async def test_an_install_without_im_write_is_found_at_start(
    fake: FakeSlack, tutor: Tutor, caplog: pytest.LogCaptureFixture, scopes: str, told: bool
) -> None:
    """Slack names a token's scopes in X-OAuth-Scopes: the bot checks them when it starts."""
    fake.scopes = scopes
    settings = SlackSettings(bot_token=BOT_TOKEN, app_token=APP_TOKEN, api_url=fake.api_url)
    stop = asyncio.Event()
    with caplog.at_level(logging.ERROR, logger="bot.reminders.scheduler"):
        task = asyncio.create_task(serve(FRONT_END, settings, tutor, stop=stop))
        await fake.wait_for("apps.connections.open")
        stop.set()
        await asyncio.wait_for(task, timeout=15)
    status = tutor.features.reminders.reminder_status(TEAM, LEARNER)
    assert (status.problem == "missing_scope") is told
    assert any("reinstall" in r.getMessage() for r in caplog.records) is told
