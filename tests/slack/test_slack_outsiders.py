"""What an outsider can send to the real `docker-quiz slack` process (HTTP mode, real HTTP,
the fake Web API): forged or malformed requests, replays, forged clicks, a failing users.info.
Each must get a clean status, at most one short log line, and no effect."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import urllib.parse
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from slack_fakes import TEAM, FakeSlack, click_payload, command_body, event_payload
from slack_process import FORM, post, signed_raw, slack_process

from bot import wording
from bot.store import Store

JSON = "application/json"
REF = re.compile(r"^a:([A-Za-z0-9_-]{16}):\d$")
pytestmark = pytest.mark.slow


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.stop()


def _click_body(value: str, *, user: str, channel: str, fake: FakeSlack, name: str) -> str:
    payload = click_payload(
        value,
        user=user,
        channel=channel,
        message_ts="1700000000.000100",
        response_url=fake.response_url(name),
    )
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


async def test_unsigned_and_malformed_requests_get_401_or_400_and_one_short_line(
    fake: FakeSlack, tmp_path: Path
) -> None:
    url_db = f"sqlite:///{tmp_path}/q.db"
    async with slack_process(api_url=fake.api_url, database_url=url_db, folder=tmp_path) as bot:
        good = command_body("quiz", user="UATTACK1", channel="C1", response_url="http://x/")
        signature = signed_raw(good.encode())["X-Slack-Signature"]
        malformed: list[tuple[bytes, str]] = [
            (b"{not json", JSON),
            (b"[1, 2]", JSON),
            (b"null", JSON),
            (b"payload=%7Bbad", FORM),
            (b"payload=%5B%5D", FORM),
            (b"\xff\xfe\x00 not utf-8", FORM),
            (b'{"type": "event_callback", "event": "x"}', JSON),
            (b'{"type": "block_actions", "actions": [5]}', JSON),
            # a user id that is not valid text (a lone surrogate, as JSON can escape one)
            (
                json.dumps(
                    event_payload(
                        {"type": "app_mention", "user": "U\ud800", "text": "hi", "channel": "C1"},
                        event_id="Ev0BADID1",
                    )
                ).encode(),
                JSON,
            ),
        ]
        async with aiohttp.ClientSession() as http:
            # timestamps that are not a number of seconds, with a well-formed signature
            for stamp in ["abc", "", "1e9", "12.5", "0x10", "²", " 1", "-5", "9" * 40]:
                headers = {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}
                assert await post(http, bot.url, good, headers=headers, signed=False) == 401
            assert await post(http, bot.url, good, signed=False) == 401  # no headers at all
            for raw, kind in malformed:
                assert await post(http, bot.url, raw, content_type=kind, signed=False) == 401
                forged = {**signed_raw(raw), "X-Slack-Signature": "v0=" + "0" * 64}
                assert (
                    await post(http, bot.url, raw, content_type=kind, headers=forged, signed=False)
                    == 401
                )
                # verified (signed with the secret) yet malformed: 400
                assert await post(http, bot.url, raw, content_type=kind) == 400
            size_before = len(bot.log())
            big = b"text=" + b"A" * 200_000
            assert await post(http, bot.url, big, signed=False) == 401
            grown = len(bot.log()) - size_before
            assert 0 < grown < 300, grown  # one short line, not the 200 KB body
            assert await post(http, bot.url, b"x" * 300_000, signed=False) == 413
            # still serving
            fine = command_body(
                "help", user="UFINE001", channel="C1", response_url=fake.response_url("ok")
            )
            assert await post(http, bot.url, fine) == 200
            await fake.wait_for("response_url", _name="ok")
        log = bot.log()
        assert await bot.stop() == 0
    assert "Traceback" not in log and "AAAAAAAAAA" not in log
    refusals = [line for line in log.splitlines() if "refused a" in line]
    assert len(refusals) == 9 + 1 + 3 * len(malformed) + 1
    assert all(len(line) < 200 for line in refusals)
    store = Store.from_url(url_db)
    try:
        assert store.get_instance(workspace=TEAM, instance_id=1) is None  # no quiz was served
    finally:
        store.close()


async def _serve_quiz(
    http: aiohttp.ClientSession, url: str, fake: FakeSlack, *, channel: str, name: str
) -> str:
    """`/docker-quiz quiz` until a one-answer question comes (a choose-two question has
    checkboxes and a Submit button instead); returns its first answer button's value."""
    for attempt in range(30):
        hook = f"{name}{attempt}"
        body = command_body(
            "quiz", user="UASKER01", channel=channel, response_url=fake.response_url(hook)
        )
        assert await post(http, url, body) == 200
        (reply,) = await fake.wait_for("response_url", _name=hook)
        answers = [v for v in reply.button_values() if REF.match(v)]
        if answers:
            return answers[0]
    raise AssertionError("no one-answer question in 30 tries")


async def test_a_replayed_signed_request_has_no_second_effect(
    fake: FakeSlack, tmp_path: Path, database_url: str
) -> None:
    await _replayed(fake, tmp_path, database_url, replicas=1)


@pytest.mark.postgres
async def test_replicas_share_what_they_have_seen(
    fake: FakeSlack, tmp_path: Path, postgres_url: str
) -> None:
    await _replayed(fake, tmp_path, postgres_url, replicas=2)


async def _replayed(fake: FakeSlack, tmp_path: Path, database_url: str, *, replicas: int) -> None:
    """The original and three copies, sent round-robin to the replicas: one question."""
    async with contextlib.AsyncExitStack() as stack:
        bots = [
            await stack.enter_async_context(
                slack_process(api_url=fake.api_url, database_url=database_url, folder=tmp_path)
            )
            for _ in range(replicas)
        ]
        urls = [bot.url for bot in bots]
        body = command_body(
            "quiz", user="UREPLAY1", channel="C1", response_url=fake.response_url("r")
        )
        headers = {"Content-Type": FORM, **signed_raw(body.encode())}
        async with aiohttp.ClientSession() as http:
            for n in range(4):  # the original, then three copies of it
                async with http.post(urls[n % len(urls)], data=body, headers=headers) as resp:
                    assert resp.status == 200
            await fake.wait_for("response_url", _name="r")
            await asyncio.sleep(0.3)
        assert len(fake.find("response_url", _name="r")) == 1
        assert "ignored a replayed" in "".join(bot.log() for bot in bots)
    store = Store.from_url(database_url)
    try:
        assert store.get_instance(workspace=TEAM, instance_id=1) is not None
        assert store.get_instance(workspace=TEAM, instance_id=2) is None  # one question only
    finally:
        store.close()


async def test_a_forged_click_cannot_answer_another_channels_question(
    fake: FakeSlack, tmp_path: Path
) -> None:
    url_db = f"sqlite:///{tmp_path}/q.db"
    async with slack_process(api_url=fake.api_url, database_url=url_db, folder=tmp_path) as bot:
        async with aiohttp.ClientSession() as http:
            value = await _serve_quiz(http, bot.url, fake, channel="GPRIVATE1", name="q")
            ref = REF.match(value).group(1)  # type: ignore[union-attr]
            forged = _click_body(value, user="UMALLORY", channel="CPUBLIC1", fake=fake, name="f")
            assert await post(http, bot.url, forged) == 200
            (refusal,) = await fake.wait_for("chat.postEphemeral", user="UMALLORY")
            assert wording.OTHER_CHANNEL in refusal.blocks_text()
            # guessing sequential ids gets nowhere either
            for guess in ("1", "2", "0"):
                body = _click_body(
                    f"a:{guess}:0", user="UMALLORY", channel="GPRIVATE1", fake=fake, name="g"
                )
                assert await post(http, bot.url, body) == 200
            gone = await fake.wait_for("chat.postEphemeral", 4, user="UMALLORY")
            assert all(wording.QUESTION_GONE in c.blocks_text() for c in gone[1:])
            assert fake.find("chat.update") == []  # nothing written into anyone's message
            # the question's own channel still works
            own = _click_body(value, user="UMEMBER1", channel="GPRIVATE1", fake=fake, name="m")
            assert await post(http, bot.url, own) == 200
            await fake.wait_for("chat.update")
        assert await bot.stop() == 0
    store = Store.from_url(url_db)
    try:
        instance = store.find_instance(workspace=TEAM, ref=ref)
        assert instance is not None
        assert store.tally(workspace=TEAM, instance_id=instance.id).answered == 1
    finally:
        store.close()


async def test_a_failing_users_info_only_affects_admin_commands(
    fake: FakeSlack, tmp_path: Path
) -> None:
    """users.info answers 5xx with an HTML page: help, quiz and clicks from new users work;
    `daily on` says the check failed; concurrent look-ups share one call, failures are
    cached briefly; one short warning, no traceback."""
    fake.fail["users.info"] = [web.Response(status=503, text="<html>upstream down</html>")] * 5
    url_db = f"sqlite:///{tmp_path}/q.db"
    async with slack_process(api_url=fake.api_url, database_url=url_db, folder=tmp_path) as bot:
        async with aiohttp.ClientSession() as http:
            help_body = command_body(
                "help", user="UNEW0001", channel="C1", response_url=fake.response_url("h")
            )
            assert await post(http, bot.url, help_body) == 200
            await fake.wait_for("response_url", _name="h")
            value = await _serve_quiz(http, bot.url, fake, channel="C1", name="q")
            click = _click_body(value, user="UNEW0002", channel="C1", fake=fake, name="c")
            assert await post(http, bot.url, click) == 200
            await fake.wait_for("chat.postEphemeral", user="UNEW0002")
            assert fake.find("users.info") == []
            # five concurrent `daily on` from one new user: one users.info call between them
            bodies = [
                command_body(
                    "daily on C0DAILY01 09:00 UTC",
                    user="UADMIN99",
                    channel="C1",
                    response_url=fake.response_url(f"d{n}"),
                )
                for n in range(5)
            ]
            statuses = await asyncio.gather(*(post(http, bot.url, b) for b in bodies))
            assert statuses == [200] * 5
            for n in range(5):
                (reply,) = await fake.wait_for("response_url", _name=f"d{n}")
                assert "couldn't check your admin rights" in reply.blocks_text()
            assert len(fake.find("users.info", user="UADMIN99")) == 1
            # the failure is remembered briefly: the next try does not ask Slack again
            again = command_body(
                "daily off", user="UADMIN99", channel="C1", response_url=fake.response_url("o")
            )
            assert await post(http, bot.url, again) == 200
            (reply,) = await fake.wait_for("response_url", _name="o")
            assert "couldn't check your admin rights" in reply.blocks_text()
            assert len(fake.find("users.info", user="UADMIN99")) == 1
        log = bot.log()
        assert await bot.stop() == 0
    assert "Traceback" not in log
    warnings = [line for line in log.splitlines() if "users.info failed" in line]
    assert len(warnings) == 1 and "HTTP 503" in warnings[0] and "html" not in warnings[0]
