"""Signed slash commands per second through the Slack HTTP endpoint, on loopback.

The app (real Bolt AsyncApp + real tutor on a temp SQLite) runs in this process; the load
generator runs in a second process, signs each request like Slack, keeps `--concurrency`
requests open, and also serves the response_urls, so it measures both the ack (what Slack
times against its 3 s limit) and when the reply arrived. Every ack comes after the replay
check's store write and after the core's own commit (`quiz` writes a question instance);
`--without-replay-check` shows what the replay check costs.

    python benchmarks/bench_slack.py --requests 3000 --concurrency 16
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import json
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, TCPConnector, web

ROOT = Path(__file__).resolve().parent.parent
SECRET = "8f742231b10e8888abcd99a0a1b2c3d4"
TEXTS = {"help": "help", "quiz": "quiz", "ask": "ask which service scans images?"}


# -- the load generator (second process) --------------------------------------------------


async def generate(
    url: str, *, text: str, requests: int, concurrency: int, warmup: int
) -> dict[str, Any]:
    done: dict[str, float] = {}
    all_done = asyncio.Event()
    sent: dict[str, float] = {}
    acks: list[float] = []

    async def sink(request: web.Request) -> web.Response:
        done[request.match_info["n"]] = time.perf_counter()
        if len(done) >= warmup + requests:
            all_done.set()
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/r/{n}", sink)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    sink_base = f"http://127.0.0.1:{runner.addresses[0][1]}/r/"
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(warmup + requests):
        queue.put_nowait(n)
    failures = 0

    async with ClientSession(connector=TCPConnector(limit=concurrency)) as http:

        async def one(n: int) -> None:
            nonlocal failures
            body = urllib.parse.urlencode(
                {
                    "team_id": "T0BENCH",
                    "channel_id": "C0BENCH",
                    "user_id": f"U{n % 50:07d}",
                    "user_name": "bench",
                    "command": "/docker-quiz",
                    "text": text,
                    "api_app_id": "A0BENCH",
                    "response_url": f"{sink_base}{n}",
                    "trigger_id": "1",
                }
            )
            ts = str(int(time.time()))
            sig = hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
            headers = {
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": f"v0={sig}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            start = time.perf_counter()
            sent[str(n)] = start
            async with http.post(url, data=body, headers=headers) as resp:
                await resp.read()
                if resp.status != 200:
                    failures += 1
            if n >= warmup:
                acks.append(time.perf_counter() - start)

        async def worker() -> None:
            while not queue.empty():
                await one(queue.get_nowait())

        # warm-up (not counted), then the measured run
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        sending = time.perf_counter() - started
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(all_done.wait(), timeout=60)
        finished = max(done.values(), default=started) - started
    await runner.cleanup()
    replies = [done[k] - sent[k] for k in done if int(k) >= warmup]
    return {
        "requests": requests,
        "failures": failures,
        "acks": acks,
        "replies": replies,
        "ack_rps": (warmup + requests) / sending,
        "reply_rps": len(done) / finished,
        "missing": warmup + requests - len(done),
    }


# -- the app under test (this process) -----------------------------------------------------


async def fake_web_api() -> tuple[web.AppRunner, str]:
    """auth.test and users.info for the app; everything else answers ok."""

    async def api(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "auth.test":
            return web.json_response(
                {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T0BENCH"}
            )
        if method == "users.info":
            return web.json_response({"ok": True, "user": {"is_admin": False}})
        return web.json_response({"ok": True, "ts": "1.1", "channel": "C0BENCH"})

    app = web.Application()
    app.router.add_route("*", "/api/{method}", api)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/api/"


async def bench(args: argparse.Namespace) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT))
    from adapters.slack_app.app import SlackBot
    from adapters.slack_app.server import start_http
    from adapters.slack_app.settings import SlackSettings
    from adapters.slack_app.verify import Replays, Verdict

    class WithoutReplayCheck(Replays):
        """Remembers nothing: only to measure what the real replay check costs."""

        async def first_time(self, verdict: Verdict) -> bool | None:
            return True

    from bot.bootstrap import build_tutor
    from bot.settings import Settings, default_knowledge_path

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tutor = build_tutor(
            Settings(
                knowledge_path=default_knowledge_path(), database_url=f"sqlite:///{tmp}/bench.db"
            )
        )
        api_runner, api_url = await fake_web_api()
        settings = SlackSettings(bot_token="xoxb-bench", signing_secret=SECRET, api_url=api_url)
        bot = SlackBot(settings=settings, tutor=tutor)
        replays = Replays(tutor, bot.admission)
        if args.without_replay_check:
            replays = WithoutReplayCheck(tutor, bot.admission)
        runner, port = await start_http(
            bot.app, host="127.0.0.1", port=0, secret=SECRET, replays=replays
        )
        url = f"http://127.0.0.1:{port}/slack/events"
        try:
            for name in args.commands:
                proc = await asyncio.create_subprocess_exec(
                    sys.executable,
                    __file__,
                    "--generate",
                    url,
                    "--text",
                    TEXTS[name],
                    "--requests",
                    str(args.requests),
                    "--concurrency",
                    str(args.concurrency),
                    "--warmup",
                    str(args.warmup),
                    stdout=asyncio.subprocess.PIPE,
                )
                out, _ = await proc.communicate()
                results.append({"command": name, **json.loads(out)})
        finally:
            await runner.cleanup()
            await bot.close()
            await api_runner.cleanup()
            tutor.close()
    return results


def ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if q == 0.5:
        return statistics.median(values) * 1000
    return statistics.quantiles(values, n=100)[int(q * 100) - 1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=3000, help="measured requests per command")
    parser.add_argument("--concurrency", type=int, default=16, help="requests kept open at once")
    parser.add_argument("--warmup", type=int, default=100, help="requests sent first, not measured")
    parser.add_argument("--commands", nargs="+", default=list(TEXTS), choices=list(TEXTS))
    parser.add_argument(
        "--without-replay-check",
        action="store_true",
        help="skip the replay check (its store write), to measure what it costs",
    )
    parser.add_argument("--generate", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--text", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        result = asyncio.run(
            generate(
                args.generate,
                text=args.text,
                requests=args.requests,
                concurrency=args.concurrency,
                warmup=args.warmup,
            )
        )
        print(json.dumps(result))
        return 0
    results = asyncio.run(bench(args))
    print(
        f"Slack HTTP endpoint, loopback, {args.requests} signed /docker-quiz requests per row, "
        f"concurrency {args.concurrency}"
        + (", WITHOUT the replay check" if args.without_replay_check else "")
    )
    print(
        f"{'command':<8} {'acks/s':>8} {'ack p50':>9} {'ack p99':>9} {'ack max':>9} "
        f"{'replies/s':>10} {'reply p50':>10} {'reply p99':>10} {'failed':>7}"
    )
    for r in results:
        print(
            f"{r['command']:<8} {r['ack_rps']:>8.0f} {ms(r['acks'], 0.5):>7.1f}ms "
            f"{ms(r['acks'], 0.99):>7.1f}ms {max(r['acks']) * 1000:>7.1f}ms "
            f"{r['reply_rps']:>10.0f} {ms(r['replies'], 0.5):>8.1f}ms "
            f"{ms(r['replies'], 0.99):>8.1f}ms {r['failures'] + r['missing']:>7}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
