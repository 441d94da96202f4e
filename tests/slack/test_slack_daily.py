"""The daily question in Slack: posted to the configured channel, answered by button,
the reveal posted in the question's thread."""

from __future__ import annotations

from datetime import timedelta

from slack_harness import ALLOWED_ADMIN, Slack

from adapters.slack_app.outbox import SlackOutbox
from bot.clock import FixedClock


async def test_daily_post_click_and_reveal_in_thread(slack: Slack, clock: FixedClock) -> None:
    await slack.command("daily on C0DAILY01 09:00 UTC", user=ALLOWED_ADMIN)
    scheduler = slack.tutor.daily_scheduler(SlackOutbox(client=slack.bot.client))

    assert await scheduler.run_once() == 0  # 08:00: not yet
    clock.advance(timedelta(hours=1, minutes=1))
    assert await scheduler.run_once() == 1
    post = (await slack.fake.wait_for("chat.postMessage", channel="C0DAILY01"))[0]
    assert "thread_ts" not in post.args
    values = post.button_values()
    assert values
    assert await scheduler.run_once() == 0  # once a day

    ts = "1700000000.000001"  # what the fake answered for the post
    await slack.click(values[0], user="UPLAIN01", channel="C0DAILY01", message_ts=ts)
    await slack.fake.wait_for("chat.postEphemeral", user="UPLAIN01", channel="C0DAILY01")
    update = (await slack.fake.wait_for("chat.update", ts=ts))[0]
    assert "1 answered" in update.blocks_text()

    clock.advance(timedelta(hours=8))
    assert await scheduler.run_once() == 1
    reveal = (await slack.fake.wait_for("chat.postMessage", thread_ts=ts))[0]
    assert reveal.args["channel"] == "C0DAILY01"
    assert reveal.args["blocks"]


async def test_a_failed_daily_post_is_logged_and_retried(slack: Slack, clock: FixedClock) -> None:
    await slack.command("daily on C0DAILY01 09:00 UTC", user=ALLOWED_ADMIN)
    scheduler = slack.tutor.daily_scheduler(SlackOutbox(client=slack.bot.client))
    clock.advance(timedelta(hours=1, minutes=1))
    slack.fake.fail["chat.postMessage"] = [{"ok": False, "error": "not_in_channel"}]
    assert await scheduler.run_once() == 0
    assert await scheduler.run_once() == 0  # waits out the back-off
    clock.advance(timedelta(minutes=1))
    assert await scheduler.run_once() == 1
    assert len(slack.fake.find("chat.postMessage", channel="C0DAILY01")) == 2
