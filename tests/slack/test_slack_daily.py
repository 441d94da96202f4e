"""The daily question in Slack: posted to the configured channel, answered by button,
the reveal posted in the question's thread."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiohttp import web
from slack_fakes import BOT_TOKEN, TEAM, FakeSlack
from slack_harness import ALLOWED_ADMIN, Slack
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_app.outbox import PROBLEMS, SlackOutbox
from bot.clock import FixedClock
from bot.daily.scheduler import DeliveryError, Problem, retry_delay
from bot.replies import Reply

# Every test here talks to a local fake server through the real library.
pytestmark = pytest.mark.slow


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


# Every Slack error the Outbox knows, as Slack answers it, and what the core must hear.
SLACK_ERRORS = [
    *[
        (code, web.json_response({"ok": False, "error": code}), p, None)
        for code, p in PROBLEMS.items()
    ],
    (
        "HTTP 429",
        web.json_response(
            {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "7"}
        ),
        Problem.RATE_LIMITED,
        7.0,
    ),
    ("HTTP 503", web.Response(status=503, text="upstream down"), Problem.UNAVAILABLE, None),
]


@pytest.mark.parametrize(
    ("answer", "problem", "retry_after"),
    [case[1:] for case in SLACK_ERRORS],
    ids=[case[0] for case in SLACK_ERRORS],
)
async def test_every_slack_error_reaches_the_core_as_its_problem(
    fake: FakeSlack, answer: web.Response, problem: Problem, retry_after: float | None
) -> None:
    # A client without the rate-limit retry handler, so a 429 reaches the Outbox at once.
    outbox = SlackOutbox(client=AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url))
    fake.fail["chat.postMessage"] = [answer]
    with pytest.raises(DeliveryError) as refused:
        await outbox.post(workspace=TEAM, channel="C0DAILY01", reply=Reply(text="q"))
    assert refused.value.problem is problem
    assert refused.value.retry_after == retry_after


async def test_an_unknown_slack_error_is_not_mistaken_for_a_lasting_one(fake: FakeSlack) -> None:
    outbox = SlackOutbox(client=AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url))
    fake.fail["chat.postMessage"] = [{"ok": False, "error": "something_new"}]
    with pytest.raises(SlackApiError):
        await outbox.post(workspace=TEAM, channel="C0DAILY01", reply=Reply(text="q"))
    failure = SlackApiError("x", {"ok": False})  # type: ignore[no-untyped-call]  # slack_sdk is untyped
    assert retry_delay(failure, 1) == timedelta(seconds=30)


async def test_a_channel_the_bot_is_not_in_costs_three_posts_and_one_dm(
    slack: Slack, clock: FixedClock
) -> None:
    await slack.command("daily on <#C0DAILY01|quiz> 9am UTC", user=ALLOWED_ADMIN)
    scheduler = slack.tutor.daily_scheduler(SlackOutbox(client=slack.bot.client))
    slack.fake.fail["chat.postMessage"] = [{"ok": False, "error": "not_in_channel"}] * 3
    clock.advance(timedelta(hours=1))  # 09:00
    for n in range(20 + 24 * 4):  # every 30 s for 10 minutes, then every 15 for a day
        await scheduler.run_once()
        clock.advance(timedelta(seconds=30) if n < 20 else timedelta(minutes=15))
    posts = slack.fake.find("chat.postMessage", channel="C0DAILY01")
    assert len(posts) == 3
    (opened,) = slack.fake.find("conversations.open")
    assert opened.args["users"] == ALLOWED_ADMIN
    (dm,) = slack.fake.find("chat.postMessage", channel="D" + ALLOWED_ADMIN.lstrip("U"))
    assert "not a member" in dm.blocks_text() and "daily on" in dm.blocks_text()
    await slack.command("daily status", user="UPLAIN01")
    status = slack.fake.calls[-1]
    assert "stopped" in status.blocks_text() and "not a member" in status.blocks_text()


async def test_slack_escapes_are_undone_and_channel_links_kept(slack: Slack) -> None:
    heard: list[str] = []
    slack.tutor.observers.append(lambda request, reply, seconds: heard.append(request.text))
    # With should_escape, Slack sends the channel as a link and &, <, > as entities.
    reply = await slack.command(
        "daily on <#C0DAILY01|quiz> 9am Europe/Berlin &amp;", user=ALLOWED_ADMIN
    )
    assert heard[-1] == "/docker-quiz daily on <#C0DAILY01|quiz> 9am Europe/Berlin &"
    assert "`&`" in reply.blocks_text().replace("&amp;", "&")  # refused, and shown as typed
    await slack.command("daily on <#C0DAILY01|quiz> 9am Europe/Berlin", user=ALLOWED_ADMIN)
    (config,) = slack.tutor.store.daily_configs(workspace=TEAM)
    assert (config.channel, config.time, config.tz) == ("C0DAILY01", "09:00", "Europe/Berlin")
