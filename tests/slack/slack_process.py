"""The real `docker-quiz slack` process in HTTP mode, against the fake Slack, for tests and
benchmarks that need a process to attack, overload, measure or SIGKILL.

Its log goes to a file (a pipe would fill up and stall the process under a long stream).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import signal
import socket
import sys
import time
import urllib.parse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from slack_fakes import BOT_TOKEN, SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[2]
FORM = "application/x-www-form-urlencoded"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SlackProcess:
    """One running process: its URL, its OS process, and its log file."""

    proc: asyncio.subprocess.Process
    url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def rss_kib(self) -> int:
        """Resident memory of the process, from /proc (Linux)."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
        return int(line.split()[1])

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or an OOM kill."""
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()

    async def stop(self) -> int:
        """SIGTERM and wait for a clean exit; returns the exit code."""
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.proc.wait(), timeout=30)
        return int(self.proc.returncode or 0)


async def post(
    http: aiohttp.ClientSession,
    url: str,
    body: str | bytes,
    *,
    content_type: str = FORM,
    headers: dict[str, str] | None = None,
    signed: bool = True,
) -> int:
    """POST a body (signed like Slack unless `signed` is False); returns the status."""
    raw = body.encode() if isinstance(body, str) else body
    all_headers = {"Content-Type": content_type}
    if signed:
        all_headers |= signed_raw(raw)
    all_headers |= headers or {}
    async with http.post(url, data=raw, headers=all_headers) as resp:
        await resp.read()
        return resp.status


def signed_raw(raw: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Slack's headers for a body that may not be UTF-8 (signed over the exact bytes)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(
        SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + raw, hashlib.sha256
    ).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def form(**fields: str) -> str:
    return urllib.parse.urlencode(fields)


@asynccontextmanager
async def slack_process(
    *, api_url: str, database_url: str, folder: Path, env: dict[str, str] | None = None
) -> AsyncIterator[SlackProcess]:
    """Start the process, wait until it serves, yield it, then kill it if still running."""
    port = free_port()
    log_path = folder / f"slack-{port}.log"
    full_env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": api_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    full_env.pop("SLACK_APP_TOKEN", None)
    code = "import sys; from adapters.cli import main; sys.exit(main(['slack']))"
    with log_path.open("wb") as log_file:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", code, env=full_env, cwd=ROOT, stdout=log_file, stderr=log_file
        )
    running = SlackProcess(
        proc=proc, url=f"http://127.0.0.1:{port}/slack/events", log_path=log_path
    )
    try:
        await _wait_ready(running)
        yield running
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def _wait_ready(running: SlackProcess) -> None:
    health = running.url.replace("/slack/events", "/healthz")
    deadline = time.monotonic() + 30
    async with aiohttp.ClientSession() as http:
        while True:
            if running.proc.returncode is not None:
                raise RuntimeError(f"the slack process exited:\n{running.log()}")
            try:
                async with http.get(health) as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"the slack process did not answer:\n{running.log()}")
            await asyncio.sleep(0.05)
