"""`docker-quiz slack`: settings errors, both modes via `serve`, SIGTERM in a real process."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from slack_fakes import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack, command_body, sign

from adapters.runtime import run, serve
from adapters.slack_app.run import FRONT_END
from adapters.slack_app.settings import SlackSettings
from bot.tutor import Tutor

ROOT = Path(__file__).resolve().parents[2]


def test_missing_settings_exit_2_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    assert run(FRONT_END, []) == 2
    assert "SLACK_BOT_TOKEN" in capsys.readouterr().err


def test_a_malformed_secret_is_named_not_echoed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxp-a-user-token-value")
    assert run(FRONT_END, ["--check"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN" in err and "xoxp-a-user-token-value" not in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
async def test_serve_http_mode_until_stopped(fake: FakeSlack, tutor: Tutor) -> None:
    port = _free_port()
    settings = SlackSettings(
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        api_url=fake.api_url,
        host="127.0.0.1",
        port=port,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve(FRONT_END, settings, tutor, stop=stop))
    body = command_body("help", user="U1", channel="C1", response_url=fake.response_url("h"))
    async with aiohttp.ClientSession() as http:
        url = f"http://127.0.0.1:{port}/slack/events"

        async def up() -> int:
            try:
                async with http.post(
                    url,
                    data=body,
                    headers={**sign(body), "Content-Type": "application/x-www-form-urlencoded"},
                ) as resp:
                    return resp.status
            except aiohttp.ClientConnectionError:
                return 0

        statuses: list[int] = []

        async def poll() -> None:
            while not statuses or statuses[-1] != 200:
                statuses.append(await up())
                await asyncio.sleep(0.02)

        await asyncio.wait_for(poll(), timeout=15)
    await fake.wait_for("response_url", _name="h")
    stop.set()
    await asyncio.wait_for(task, timeout=15)


@pytest.mark.slow
async def test_serve_socket_mode_until_stopped(fake: FakeSlack, tutor: Tutor) -> None:
    settings = SlackSettings(bot_token=BOT_TOKEN, app_token=APP_TOKEN, api_url=fake.api_url)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(FRONT_END, settings, tutor, stop=stop))
    await fake.wait_for("apps.connections.open")
    envelope = await fake.send_envelope(
        "slash_commands",
        {
            "team_id": "T0TEAM01",
            "channel_id": "C1",
            "user_id": "U1",
            "command": "/docker-quiz",
            "text": "help",
            "response_url": fake.response_url("s"),
            "api_app_id": "A1",
        },
    )
    await fake.wait_ack(envelope)
    await fake.wait_for("response_url", _name="s")
    stop.set()
    await asyncio.wait_for(task, timeout=15)


@pytest.mark.slow
async def test_the_process_stops_cleanly_on_sigterm(fake: FakeSlack, tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path}/quiz.db",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("SLACK_APP_TOKEN", None)
    code = "import sys; from adapters.cli import main; sys.exit(main(['slack']))"
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        code,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        body = command_body("topics", user="U1", channel="C1", response_url=fake.response_url("p"))
        headers = {**sign(body), "Content-Type": "application/x-www-form-urlencoded"}
        url = f"http://127.0.0.1:{port}/slack/events"
        async with aiohttp.ClientSession() as http:

            async def answered() -> None:
                while True:
                    try:
                        async with http.post(url, data=body, headers=headers) as resp:
                            if resp.status == 200:
                                return
                    except aiohttp.ClientConnectionError:
                        pass
                    await asyncio.sleep(0.05)

            await asyncio.wait_for(answered(), timeout=30)
        await fake.wait_for("response_url", _name="p", seconds=10)
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=20)
        assert proc.returncode == 0, err.decode()
        assert BOT_TOKEN not in err.decode() and SIGNING_SECRET not in err.decode()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
