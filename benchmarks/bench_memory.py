"""Resident memory of the real `docker-quiz slack` process as new users keep arriving.

Starts the process (HTTP mode, SQLite in a temporary folder) against a minimal fake Web API
in this process, then sends signed requests, each from a user never seen before, in a
rotating mix: `help`, `quiz`, an answer click, `stats`, `daily on` (an admin check:
users.info), and a DM. RSS (VmRSS) is read from /proc after a warm-up of 1,000 requests,
then after every `--step` requests. What holds per-user state shows as growth between the
first and the second half; the target is at most 2 MB for the second 10,000.

    python benchmarks/bench_memory.py --requests 20000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, TCPConnector, web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "slack"))

from slack_fakes import click_payload, command_body, event_payload  # noqa: E402
from slack_process import post, slack_process  # noqa: E402

TEAM = "T0TEAM01"
CHANNEL = "C0MEMORY1"


async def fake_web_api() -> tuple[web.AppRunner, str, str]:
    """Answers every Web API method and response_url with ok; remembers nothing."""

    async def api(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        await request.read()
        if method == "auth.test":
            return web.json_response(
                {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": TEAM}
            )
        if method == "users.info":
            return web.json_response({"ok": True, "user": {"is_admin": False}})
        return web.json_response({"ok": True, "ts": "1700000000.000001", "channel": CHANNEL})

    async def sink(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_route("*", "/api/{method}", api)
    app.router.add_post("/response/{name}", sink)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    return runner, base + "/api/", base + "/response/r"


def request_for(n: int, *, hook: str, answer: str) -> tuple[str, str]:
    """Request number `n`, from user number `n` (always new): (body, content type)."""
    user = f"UNEW{n:08d}"
    form = "application/x-www-form-urlencoded"
    kind = n % 6
    if kind in (0, 1, 3, 4):
        text = {0: "help", 1: "quiz", 3: "stats", 4: "daily on C0DAILY01 09:00 UTC"}[kind]
        return command_body(text, user=user, channel=CHANNEL, response_url=hook), form
    if kind == 2:
        click = click_payload(
            answer, user=user, channel=CHANNEL, message_ts="1700000000.000100", response_url=hook
        )
        return urllib.parse.urlencode({"payload": json.dumps(click)}), form
    event: dict[str, Any] = {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": "what is a registry?",
        "ts": f"1700000600.{n:06d}",
        "channel": f"D{n:08d}",
        "team": TEAM,
    }
    return json.dumps(event_payload(event, event_id=f"Ev{n:010d}")), "application/json"


async def run(args: argparse.Namespace) -> None:
    api_runner, api_url, hook = await fake_web_api()
    with tempfile.TemporaryDirectory() as tmp:
        async with slack_process(
            api_url=api_url, database_url=f"sqlite:///{tmp}/memory.db", folder=Path(tmp)
        ) as bot:
            connector = TCPConnector(limit=args.concurrency)
            async with ClientSession(connector=connector) as http:
                # one question whose answer buttons the clicking users press
                answer = await _question_button(http, bot.url, hook)
                counter = iter(range(10**9))
                failures = 0

                async def send(count: int) -> None:
                    nonlocal failures

                    async def worker() -> None:
                        nonlocal failures
                        for _ in range(count // args.concurrency):
                            body, kind = request_for(next(counter), hook=hook, answer=answer)
                            if await post(http, bot.url, body, content_type=kind) != 200:
                                failures += 1

                    await asyncio.gather(*(worker() for _ in range(args.concurrency)))

                await send(args.warmup)
                await asyncio.sleep(1)
                baseline = bot.rss_kib()
                print(f"after {args.warmup:,} warm-up requests: RSS {baseline / 1024:.1f} MB")
                readings = [baseline]
                started = time.perf_counter()
                for done in range(args.step, args.requests + 1, args.step):
                    await send(args.step)
                    await asyncio.sleep(0.5)
                    readings.append(bot.rss_kib())
                    print(
                        f"after {done:,} new-user requests: RSS {readings[-1] / 1024:.1f} MB "
                        f"(+{(readings[-1] - baseline) / 1024:.1f} MB)",
                        flush=True,
                    )
                seconds = time.perf_counter() - started
                half = len(readings) // 2
                print(
                    f"first half added {(readings[half] - readings[0]) / 1024:.1f} MB, "
                    f"second half {(readings[-1] - readings[half]) / 1024:.1f} MB "
                    f"(target <= 2 MB); {args.requests / seconds:.0f} requests/s, "
                    f"{failures} not answered 200"
                )
            await bot.stop()
    await api_runner.cleanup()


async def _question_button(http: ClientSession, url: str, hook: str) -> str:
    """Ask for a question through the process itself and return one answer button's value
    (asking again when a choose-two question, with a Submit button instead, comes)."""
    replies: asyncio.Queue[list[str]] = asyncio.Queue()

    async def catch(request: web.Request) -> web.Response:
        body = await request.json()
        values = [
            str(element.get("value", ""))
            for block in body.get("blocks", [])
            if block.get("type") == "actions"
            for element in block.get("elements", [])
        ]
        replies.put_nowait([v for v in values if v.startswith("a:")])
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/q", catch)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    catcher = f"http://127.0.0.1:{runner.addresses[0][1]}/q"
    try:
        for _ in range(30):
            body = command_body("quiz", user="UASKER01", channel=CHANNEL, response_url=catcher)
            assert await post(http, url, body) == 200
            answers = await asyncio.wait_for(replies.get(), timeout=30)
            if answers:
                return answers[0]
        raise RuntimeError("no one-answer question in 30 tries")
    finally:
        await runner.cleanup()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--step", type=int, default=2_000, help="requests between readings")
    parser.add_argument("--warmup", type=int, default=1_000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
