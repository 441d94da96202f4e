"""The real Bolt app served on 127.0.0.1, a real tutor on a temp SQLite, and a fake Slack."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from slack_fakes import (
    BOT_TOKEN,
    SIGNING_SECRET,
    TEAM,
    Call,
    FakeSlack,
    click_payload,
    command_body,
    event_payload,
    home_click_payload,
    sign,
    view_submission_payload,
)

from adapters.slack_app.app import SlackBot
from adapters.slack_app.server import start_http
from adapters.slack_app.settings import SlackSettings
from adapters.slack_app.verify import Replays
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.settings import Settings, default_knowledge_path
from bot.tutor import Tutor

START = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)  # a Monday
ALLOWED_ADMIN = "UALLOWED1"


async def wait_until(check: Callable[[], bool], *, seconds: float = 15.0) -> None:
    """Bounded polling for state that has no event to wait on."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.01)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.stop()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def tutor(
    tmp_path: Path, clock: FixedClock, pack: KnowledgePack, index: LookupIndex
) -> Iterator[Tutor]:
    settings = Settings(
        knowledge_path=default_knowledge_path(), database_url=f"sqlite:///{tmp_path}/quiz.db"
    )
    built = build_tutor(settings, pack=pack, index=index, clock=clock, rng=random.Random(7))
    yield built
    built.close()


def slack_settings(fake: FakeSlack, **extra: Any) -> SlackSettings:
    return SlackSettings(
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        api_url=fake.api_url,
        admin_users=frozenset({ALLOWED_ADMIN}),
        **extra,
    )


@dataclass
class Slack:
    """Drives the served app the way Slack would: signed HTTP requests to /slack/events."""

    fake: FakeSlack
    bot: SlackBot
    tutor: Tutor
    url: str
    http: aiohttp.ClientSession
    _n: itertools.count[int]

    async def post(
        self,
        body: str,
        *,
        content_type: str,
        headers: dict[str, str] | None = None,
        signed: dict[str, str] | None = None,
    ) -> tuple[int, float]:
        """POST a raw body; returns (status, seconds until the response)."""
        all_headers = {"Content-Type": content_type, **(signed or sign(body)), **(headers or {})}
        started = time.monotonic()
        async with self.http.post(self.url, data=body.encode(), headers=all_headers) as resp:
            await resp.read()
            return resp.status, time.monotonic() - started

    async def command(
        self, text: str, *, user: str = "UPLAIN01", channel: str = "C0GENERAL", wait: bool = True
    ) -> Call:
        """Type `/docker-quiz <text>`; returns the first reply posted to its response_url."""
        name = f"cmd{next(self._n)}"
        url = self.fake.response_url(name)
        body = command_body(text, user=user, channel=channel, response_url=url)
        status, seconds = await self.post(body, content_type="application/x-www-form-urlencoded")
        assert status == 200 and seconds < 3
        if not wait:
            return Call(method="none", args={"_name": name})
        return (await self.fake.wait_for("response_url", _name=name))[0]

    async def click(
        self,
        value: str,
        *,
        user: str = "UPLAIN01",
        channel: str = "C0GENERAL",
        message_ts: str = "1700000000.000100",
        **extra: Any,
    ) -> str:
        """Click a button whose value is `value`; returns the response_url name of the click."""
        name = f"click{next(self._n)}"
        payload = click_payload(
            value,
            user=user,
            channel=channel,
            message_ts=message_ts,
            response_url=self.fake.response_url(name),
            **extra,
        )
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        status, seconds = await self.post(body, content_type="application/x-www-form-urlencoded")
        assert status == 200 and seconds < 3
        return name

    async def home_click(self, value: str, view: dict[str, Any], *, user: str = "UPLAIN01") -> int:
        """Click the button valued `value` on the published Home tab `view`; the status."""
        payload = home_click_payload(value, view, user=user)
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        status, seconds = await self.post(body, content_type="application/x-www-form-urlencoded")
        assert seconds < 3
        return status

    async def submit_view(
        self, view: dict[str, Any], values: dict[str, Any], *, user: str = "UPLAIN01"
    ) -> tuple[int, dict[str, Any]]:
        """Submit modal `view` with `values` (its state.values); returns the HTTP status and
        the JSON the app answered with (its response_action), {} for an empty body."""
        body = urllib.parse.urlencode(
            {"payload": json.dumps(view_submission_payload(view, values, user=user))}
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
        started = time.monotonic()
        async with self.http.post(self.url, data=body.encode(), headers=headers) as resp:
            raw = await resp.text()
            assert time.monotonic() - started < 3
            return resp.status, (json.loads(raw) if raw.strip() else {})

    async def event(self, event: dict[str, Any], *, event_id: str, retry: int | None = None) -> int:
        """Deliver an Events API callback; `retry` sets X-Slack-Retry-Num like Slack's re-sends."""
        body = json.dumps(event_payload(event, event_id=event_id))
        headers = (
            {}
            if retry is None
            else {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        )
        status, seconds = await self.post(body, content_type="application/json", headers=headers)
        assert seconds < 3
        return status

    async def settle(self, started: int) -> None:
        """Wait until `started` replies were sent off and none is still being delivered."""
        inflight = self.bot.inflight
        await wait_until(lambda: inflight.started >= started and not len(inflight))


@pytest.fixture
async def slack(fake: FakeSlack, tutor: Tutor) -> AsyncIterator[Slack]:
    async with served(fake, tutor) as driver:
        yield driver


@contextlib.asynccontextmanager
async def served(fake: FakeSlack, tutor: Tutor, **options: Any) -> AsyncIterator[Slack]:
    """The Bolt app (built with `options`) served on 127.0.0.1, driven like Slack would."""
    bot = SlackBot(settings=slack_settings(fake), tutor=tutor, **options)
    runner, port = await start_http(
        bot.app,
        host="127.0.0.1",
        port=0,
        secret=SIGNING_SECRET,
        replays=Replays(tutor, bot.admission),
    )
    async with aiohttp.ClientSession() as http:
        yield Slack(
            fake=fake,
            bot=bot,
            tutor=tutor,
            url=f"http://127.0.0.1:{port}/slack/events",
            http=http,
            _n=itertools.count(1),
        )
    await runner.cleanup()
    await bot.close()


def mention(
    text: str, *, user: str = "UPLAIN01", channel: str = "C0GENERAL", ts: str = "1700000500.000100"
) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": user,
        "text": f"<@UBOT0001> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM,
    }


def home_opened(
    *, user: str = "UPLAIN01", channel: str = "D0HOME001", tab: str = "home"
) -> dict[str, Any]:
    """The app_home_opened event Slack sends when `user` opens a tab of the app."""
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": channel,
        "tab": tab,
        "event_ts": "1700000700.000100",
    }


def direct_message(
    text: str, *, user: str = "UPLAIN01", channel: str = "D0DIRECT1", ts: str = "1700000600.000100"
) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM,
    }
