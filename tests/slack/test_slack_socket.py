"""Socket Mode end to end: the real AsyncSocketModeHandler against a fake Socket Mode server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_fakes import APP_ID, APP_TOKEN, BOT_TOKEN, TEAM, FakeSlack, click_payload, event_payload
from slack_harness import mention

from adapters.slack_app.app import SlackBot
from adapters.slack_app.settings import SlackSettings
from bot.tutor import Tutor

# Every test here talks to a local fake server through the real library.
pytestmark = pytest.mark.slow


@pytest.fixture
async def socket_bot(fake: FakeSlack, tutor: Tutor) -> AsyncIterator[SlackBot]:
    settings = SlackSettings(bot_token=BOT_TOKEN, app_token=APP_TOKEN, api_url=fake.api_url)
    assert settings.mode == "socket"
    bot = SlackBot(settings=settings, tutor=tutor)
    handler = AsyncSocketModeHandler(bot.app, APP_TOKEN, web_client=bot.client)
    # slack_bolt's socket-mode handler has no annotations.
    await handler.connect_async()  # type: ignore[no-untyped-call]
    yield bot
    await handler.close_async()  # type: ignore[no-untyped-call]
    await bot.close()


async def test_connects_with_the_app_token(fake: FakeSlack, socket_bot: SlackBot) -> None:
    opened = await fake.wait_for("apps.connections.open")
    assert opened[0].token == APP_TOKEN


async def test_slash_command_is_acked_then_answered(fake: FakeSlack, socket_bot: SlackBot) -> None:
    payload = {
        "team_id": TEAM,
        "channel_id": "C0GENERAL",
        "user_id": "UPLAIN01",
        "user_name": "plain",
        "command": "/docker-quiz",
        "text": "topics",
        "api_app_id": APP_ID,
        "response_url": fake.response_url("sock1"),
        "trigger_id": "1.2.3",
    }
    envelope = await fake.send_envelope("slash_commands", payload, accepts_response_payload=True)
    ack = await fake.wait_ack(envelope)
    assert ack == {"envelope_id": envelope}
    reply = (await fake.wait_for("response_url", _name="sock1"))[0]
    assert "Topics" in reply.blocks_text()


async def test_mention_event_is_answered_in_a_thread(fake: FakeSlack, socket_bot: SlackBot) -> None:
    event = mention("what is a registry?", ts="1700000700.000001")
    envelope = await fake.send_envelope("events_api", event_payload(event, event_id="Ev0SOCK001"))
    await fake.wait_ack(envelope)
    reply = (await fake.wait_for("chat.postMessage"))[0]
    assert reply.args["thread_ts"] == "1700000700.000001"


async def test_a_redelivered_event_gets_one_reply(fake: FakeSlack, socket_bot: SlackBot) -> None:
    body = event_payload(mention("what is a registry?"), event_id="Ev0SOCK002")
    first = await fake.send_envelope("events_api", body)
    again = await fake.send_envelope("events_api", body)
    await fake.wait_ack(first)
    await fake.wait_ack(again)
    await fake.wait_for("chat.postMessage")
    await _settle(socket_bot, 1)  # one delivery: the redelivery was dropped before the ack
    assert len(fake.find("chat.postMessage")) == 1


async def test_button_click_is_acked_and_answered(fake: FakeSlack, socket_bot: SlackBot) -> None:
    payload = click_payload(
        "q",
        user="UPLAIN01",
        channel="C0GENERAL",
        message_ts="1700000800.000001",
        response_url=fake.response_url("c"),
    )
    envelope = await fake.send_envelope("interactive", json.loads(json.dumps(payload)))
    await fake.wait_ack(envelope)
    question = (await fake.wait_for("chat.postMessage"))[0]
    assert question.button_values()


async def test_an_answer_click_is_stored_before_its_envelope_is_acked(
    fake: FakeSlack, socket_bot: SlackBot, tutor: Tutor
) -> None:
    """Slack never re-sends an acknowledged envelope: when the ack arrives, the answer is in."""
    ask = click_payload(
        "q", user="UPLAIN01", channel="C0GENERAL", message_ts="1.1", response_url="http://x/"
    )
    await fake.wait_ack(await fake.send_envelope("interactive", ask))
    question = (await fake.wait_for("chat.postMessage"))[0]
    value = question.button_values()[0]
    instance = tutor.store.find_instance(workspace=TEAM, ref=value.split(":")[1])
    assert instance is not None
    for n in range(5):
        answer = click_payload(
            value,
            user=f"UCLICK{n:02d}",
            channel="C0GENERAL",
            message_ts="1.2",
            response_url=fake.response_url(f"a{n}"),
        )
        await fake.wait_ack(await fake.send_envelope("interactive", answer))
        assert tutor.store.tally(workspace=TEAM, instance_id=instance.id).answered == n + 1


async def _settle(bot: SlackBot, started: int) -> None:
    from slack_harness import wait_until

    await wait_until(lambda: bot.inflight.started >= started and not len(bot.inflight))
