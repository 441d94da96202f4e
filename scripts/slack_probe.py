"""Play Slack for the container check: a fake Web API on 127.0.0.1, then one signed command.

    python scripts/slack_probe.py --url-file F --bot http://127.0.0.1:PORT/slack/events

Starts the fake from tests/slack/slack_fakes.py, writes its API URL to F (the bot's
SLACK_API_URL), waits until the bot answers, sends `/docker-quiz ask which service scans
images?` signed with $SLACK_SIGNING_SECRET, and exits 0 once the reply naming ECR reached the fake.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "slack"))
from slack_fakes import FakeSlack, command_body, sign

QUESTION = "ask which service scans images?"


async def probe(url_file: Path, bot_url: str, patience: float, secret: str) -> int:
    fake = await FakeSlack().start()
    try:
        await asyncio.to_thread(url_file.write_text, fake.api_url + "\n")
        body = command_body(
            QUESTION, user="U0PROBE1", channel="C0PROBE1", response_url=fake.response_url("probe")
        )
        deadline = time.monotonic() + patience
        async with aiohttp.ClientSession() as http:
            while True:
                headers = {
                    **sign(body, secret=secret),
                    "Content-Type": "application/x-www-form-urlencoded",
                }
                try:
                    async with http.post(bot_url, data=body, headers=headers) as resp:
                        if resp.status == 200:
                            break
                        print(f"probe: the bot answered HTTP {resp.status}", file=sys.stderr)
                        return 1
                except aiohttp.ClientConnectionError:
                    pass
                if time.monotonic() > deadline:
                    print("probe: the bot never accepted the command", file=sys.stderr)
                    return 1
                await asyncio.sleep(0.5)
        try:
            reply = (await fake.wait_for("response_url", _name="probe", seconds=15))[0]
        except TimeoutError:
            print(f"probe: no reply reached the fake; calls: {fake.methods()}", file=sys.stderr)
            return 1
        text = reply.blocks_text()
        print(f"probe: reply to '/docker-quiz {QUESTION}':\n{text.strip()}")
        if "ECR" not in text:
            print("probe: the reply does not name ECR", file=sys.stderr)
            return 1
        return 0
    finally:
        await fake.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url-file", type=Path, required=True)
    parser.add_argument("--bot", required=True, help="the bot's /slack/events URL (127.0.0.1)")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    if not args.bot.startswith("http://127.0.0.1:"):
        parser.error("--bot must be on 127.0.0.1")
    secret = os.environ.get("SLACK_SIGNING_SECRET", "")
    if not secret:
        parser.error("set SLACK_SIGNING_SECRET (the bot's) in the environment")
    return asyncio.run(probe(args.url_file, args.bot, args.timeout, secret))


if __name__ == "__main__":
    sys.exit(main())
