"""SIGKILL during a click stream: every click that got its 200 is in the database.

The real `docker-quiz slack` process takes answer clicks from many users, faster than it
can store them (it refuses what it cannot store in time with a 503), and is killed with
SIGKILL mid-stream, three rounds per database. After each kill, every acknowledged click
must be stored. A click stored but never acknowledged (killed between the commit and the
response) is allowed: the user saw an error and a second click is "already answered".

    pytest -s tests/slack/test_slack_crash.py   # prints the counts of every round
"""

from __future__ import annotations

import asyncio
import itertools
import json
import urllib.parse
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
import sqlalchemy as sa
from slack_fakes import TEAM, FakeSlack, click_payload
from slack_process import post, slack_process

from bot.content.pack import KnowledgePack
from bot.store import Store, tables

pytestmark = pytest.mark.slow
ROUNDS = 3
CLICKERS = 48  # requests kept open at once
STREAM_SECONDS = 3.0
CHANNEL = "C0CRASH1"


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.stop()


def _stored(database_url: str) -> set[tuple[str, str]]:
    store = Store.from_url(database_url)
    try:
        a, i = tables.answers.c, tables.instances.c
        with store.db.read() as conn:
            rows = conn.execute(
                sa.select(a.user_id, i.ref).join(
                    tables.instances, sa.and_(a.workspace == i.workspace, a.instance_id == i.id)
                )
            )
            return {(row.user_id, row.ref) for row in rows}
    finally:
        store.close()


async def test_every_acknowledged_click_survives_sigkill(
    fake: FakeSlack, tmp_path: Path, database_url: str, pack: KnowledgePack
) -> None:
    store = Store.from_url(database_url)
    refs = [
        store.create_instance(
            workspace=TEAM, question_id=qid, kind="quiz", now=datetime.now(UTC), channel=CHANNEL
        ).ref
        for qid in [q.id for q in pack.questions.values() if len(q.answer_indexes) == 1][:5]
    ]
    store.close()
    acked: set[tuple[str, str]] = set()
    numbers = itertools.count()
    for round_ in range(ROUNDS):
        refused = 0
        before = len(acked), len(_stored(database_url))
        async with slack_process(
            api_url=fake.api_url, database_url=database_url, folder=tmp_path
        ) as bot:
            stop = asyncio.Event()

            async def clicker(http: aiohttp.ClientSession, url: str, stop: asyncio.Event) -> None:
                nonlocal refused
                while not stop.is_set():
                    n = next(numbers)
                    user, ref = f"U{n:08d}", refs[n % len(refs)]
                    payload = click_payload(
                        f"a:{ref}:0",
                        user=user,
                        channel=CHANNEL,
                        message_ts="1700000000.000100",
                        response_url=fake.response_url("crash"),
                    )
                    body = urllib.parse.urlencode({"payload": json.dumps(payload)})
                    try:
                        status = await post(http, url, body)
                    except (TimeoutError, aiohttp.ClientError):
                        continue  # killed before it answered: not acknowledged
                    if status == 200:
                        acked.add((user, ref))
                    elif status == 503:
                        refused += 1

            connector = aiohttp.TCPConnector(limit=CLICKERS)
            async with aiohttp.ClientSession(connector=connector) as http:
                clickers = [
                    asyncio.create_task(clicker(http, bot.url, stop)) for _ in range(CLICKERS)
                ]
                await asyncio.sleep(STREAM_SECONDS)
                await bot.kill()
                stop.set()
                await asyncio.gather(*clickers)
        stored = _stored(database_url)
        lost = acked - stored
        print(
            f"{database_url.split(':')[0]} round {round_ + 1}: "
            f"acknowledged {len(acked) - before[0]}, stored {len(stored) - before[1]}, "
            f"refused (503) {refused}, acknowledged but lost {len(lost)} "
            f"(all rounds: acknowledged {len(acked)}, stored {len(stored)})"
        )
        assert not lost, f"{len(lost)} acknowledged clicks were lost"
        assert len(stored - acked) <= CLICKERS  # at most what was in flight at the kill
    assert len(acked) >= ROUNDS * 20  # the stream really ran (slowly, on a loaded machine)
