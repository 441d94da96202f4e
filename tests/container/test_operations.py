"""What an operator relies on: JSON logs without secrets, metrics, health, heartbeat."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from prometheus_client import generate_latest

from adapters import heartbeat
from adapters.health import check_health
from adapters.logs import REDACTED, setup_logging
from adapters.metrics import CountedOutbox, Metrics, command_name
from bot.errors import SettingsError
from bot.replies import Outcome, Reply, Request
from bot.settings import Settings, default_knowledge_path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "slack"))
from slack_fakes import FakeSlack, command_body, sign  # noqa: E402

# Real-looking secrets: the shapes Slack and Discord issue.
BOT_TOKEN = "xoxb-2424242424-4242424242424-AbCdEfGhIjKlMnOpQrStUvWx"
APP_TOKEN = "xapp-1-A0424242-4242424242-0123456789abcdef0123456789abcdef"
SIGNING_SECRET = "5f1d7a2b9c3e4d5f6a7b8c9d0e1f2a3b"
DISCORD_TOKEN = "MTA0MjQyNDI0MjQyNDI0MjQyNA.GaBcDe.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab"
DB_PASSWORD = "pg-Secret-Pass-42"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _settings(tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        knowledge_path=default_knowledge_path(),
        database_url=f"sqlite:///{tmp_path / 'data' / 'quiz.db'}",
        **extra,  # type: ignore[arg-type]
    )


# -- logs -----------------------------------------------------------------------------------


def test_json_logs_redact_configured_secrets_and_token_shapes(
    tmp_path: Path, restore_logging: None
) -> None:
    out = io.StringIO()
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "DATABASE_URL": f"postgresql://quiz:{DB_PASSWORD}@db/quiz",
    }
    setup_logging(_settings(tmp_path, log_format="json"), env=env, stream=out)
    log = logging.getLogger("tests.container")
    log.info("connecting with %s and %s", BOT_TOKEN, SIGNING_SECRET)
    log.warning("a stray discord token %s and app token %s", DISCORD_TOKEN, APP_TOKEN)
    try:
        raise RuntimeError(f"boom postgresql://quiz:{DB_PASSWORD}@db/quiz")
    except RuntimeError:
        log.exception("failed")
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    events = [json.loads(line) for line in lines]
    assert [e["level"] for e in events] == ["INFO", "WARNING", "ERROR"]
    assert "RuntimeError" in events[2]["exc"] and REDACTED in events[0]["message"]
    for secret in (BOT_TOKEN, SIGNING_SECRET, DISCORD_TOKEN, APP_TOKEN, DB_PASSWORD):
        assert secret not in out.getvalue()


def test_text_logs_are_one_line_per_event_at_the_level(
    tmp_path: Path, restore_logging: None
) -> None:
    out = io.StringIO()
    setup_logging(_settings(tmp_path, log_level="WARNING"), env={}, stream=out)
    log = logging.getLogger("tests.container")
    log.info("hidden")
    try:
        raise ValueError("multi\nline")
    except ValueError:
        log.exception("shown")
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and "shown" in lines[0] and "ValueError" in lines[0]


@pytest.mark.slow
async def test_the_slack_process_logs_json_and_never_a_secret(tmp_path: Path) -> None:
    """The real bot in HTTP mode against the fake, plus a settings error: grep ALL output."""
    fake = await FakeSlack().start()
    port, metrics_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "DISCORD_TOKEN": DISCORD_TOKEN,
        "SLACK_API_URL": fake.api_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "METRICS_PORT": str(metrics_port),
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "DEBUG",
        "DATABASE_URL": f"sqlite:///{tmp_path}/quiz.db",
        "HEARTBEAT_FILE": str(tmp_path / "heartbeat"),
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
        # A command signed with the wrong secret: Bolt logs the failure (never the secret).
        body = command_body(
            "ask which service scans images?",
            user="U1",
            channel="C1",
            response_url=fake.response_url("p"),
        )
        url = f"http://127.0.0.1:{port}/slack/events"
        async with aiohttp.ClientSession() as http:
            for _ in range(400):
                headers = {
                    **sign(body, secret=SIGNING_SECRET),
                    "Content-Type": "application/x-www-form-urlencoded",
                }
                try:
                    async with http.post(url, data=body, headers=headers) as resp:
                        if resp.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.05)
            bad = {
                **sign(body, secret="0" * 32),
                "Content-Type": "application/x-www-form-urlencoded",
            }
            async with http.post(url, data=body, headers=bad) as resp:
                assert resp.status == 401
        await fake.wait_for("response_url", _name="p", seconds=10)
        metrics = await asyncio.to_thread(_get, f"http://127.0.0.1:{metrics_port}/metrics")
        assert _listening_on(metrics_port) == {"127.0.0.1"}  # METRICS_HOST's default
        assert 'docker_quiz_commands_total{command="ask"} 1.0' in metrics
        assert "docker_quiz_ask_seconds_count 1.0" in metrics
        assert (tmp_path / "heartbeat").exists()
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=20)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await fake.stop()
    assert proc.returncode == 0, err.decode()
    assert not (tmp_path / "heartbeat").exists()
    lines = [line for line in err.decode().splitlines() if line.strip()]
    events = [json.loads(line) for line in lines]  # every line is one JSON event
    assert any(e["message"] == "shutting down" for e in events)
    # A settings error on the way in: named, never echoed.
    bad_env = {**env, "SLACK_BOT_TOKEN": "xoxp-" + BOT_TOKEN[5:]}
    failed = await asyncio.to_thread(_run, [sys.executable, "-c", code], env=bad_env)
    assert failed.returncode == 2 and "SLACK_BOT_TOKEN" in failed.stderr
    everything = out.decode() + err.decode() + failed.stdout + failed.stderr
    for secret in (BOT_TOKEN, SIGNING_SECRET, DISCORD_TOKEN, bad_env["SLACK_BOT_TOKEN"]):
        assert secret not in everything


def _run(argv: list[str], *, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=30)


def _listening_on(port: int) -> set[str]:
    """The local addresses with a TCP socket listening on `port` (from /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
            found.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return str(resp.read().decode())


# -- metrics --------------------------------------------------------------------------------


def test_metrics_listen_on_127_0_0_1_unless_metrics_host_says_otherwise() -> None:
    assert Settings.from_env({}).metrics_host == "127.0.0.1"
    assert Settings.from_env({"METRICS_HOST": "0.0.0.0"}).metrics_host == "0.0.0.0"
    assert Settings.from_env({"METRICS_HOST": "metrics.internal"}).metrics_host == (
        "metrics.internal"
    )
    for bad in ["not a host!", "²", "-x", "0.0.0.0:9100"]:
        with pytest.raises(SettingsError, match="METRICS_HOST"):
            Settings.from_env({"METRICS_HOST": bad})
    with pytest.raises(SettingsError, match="METRICS_PORT"):
        Settings.from_env({"METRICS_PORT": "9²"})


def test_metrics_count_commands_answers_asks_and_latency() -> None:
    metrics = Metrics()
    ask = Request(workspace="T", user="U", text="/docker-quiz ask what is ECR")
    metrics.observe(ask, Reply(text="ECR", kind="answer"), 0.02)
    metrics.observe(
        Request(workspace="T", user="U", text="quantum"), Reply(text="?", kind="decline"), 0.01
    )
    click = Request(workspace="T", user="U", action="a:1:2")
    right = Outcome(question_id="q", topic="t", correct=True)
    metrics.observe(click, Reply(text="yes", kind="feedback", outcome=right), 0.01)
    text = generate_latest(metrics.registry).decode()
    assert 'docker_quiz_commands_total{command="ask"} 1.0' in text
    assert 'docker_quiz_commands_total{command="text"} 1.0' in text
    assert 'docker_quiz_commands_total{command="button:answer"} 1.0' in text
    assert 'docker_quiz_answers_total{result="right"} 1.0' in text
    assert 'docker_quiz_asks_total{result="declined"} 1.0' in text
    assert "docker_quiz_ask_seconds_count 2.0" in text


def test_command_labels_stay_bounded() -> None:
    assert command_name(Request(workspace="T", user="U", text="/docker-quiz zzz")) == "help"
    assert command_name(Request(workspace="T", user="U", action="x" * 200)) == "button:other"


async def test_counted_outbox_counts_posts_and_failures() -> None:
    metrics = Metrics()

    class Flaky:
        async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
            return "1.0"

        async def post_reply(
            self, *, workspace: str, channel: str, thread: str, reply: Reply
        ) -> str:
            raise ConnectionError("down")

        async def notify(self, *, workspace: str, user: str, reply: Reply) -> None:
            raise ConnectionError("down")

    outbox = CountedOutbox(Flaky(), platform="slack", metrics=metrics)
    assert await outbox.post(workspace="T", channel="C", reply=Reply(text="q")) == "1.0"
    with pytest.raises(ConnectionError):
        await outbox.post_reply(workspace="T", channel="C", thread="1.0", reply=Reply(text="r"))
    text = generate_latest(metrics.registry).decode()
    assert 'docker_quiz_daily_posts_total{platform="slack"} 1.0' in text
    assert 'docker_quiz_platform_errors_total{platform="slack"} 1.0' in text


# -- health and heartbeat -------------------------------------------------------------------


def test_health_is_0_when_pack_and_database_are_fine(tmp_path: Path) -> None:
    out = io.StringIO()
    code = check_health(_settings(tmp_path), heartbeat_file=tmp_path / "none", out=out)
    assert code == 0 and out.getvalue().startswith("healthy")


def test_health_is_1_with_reasons(tmp_path: Path) -> None:
    out = io.StringIO()
    broken = Settings(knowledge_path=tmp_path / "no-pack", database_url="mysql://nope")
    code = check_health(broken, bot=True, heartbeat_file=tmp_path / "none", out=out)
    text = out.getvalue()
    assert code == 1
    assert "knowledge pack" in text and "database" in text and "no heartbeat" in text


def test_a_stale_heartbeat_is_unhealthy_and_a_fresh_one_healthy(tmp_path: Path) -> None:
    beat = tmp_path / "heartbeat"
    heartbeat.beat(beat)
    assert check_health(_settings(tmp_path), heartbeat_file=beat, out=io.StringIO()) == 0
    old = time.time() - 120
    os.utime(beat, (old, old))
    assert heartbeat.age(beat) is not None and heartbeat.age(beat) >= 119  # type: ignore[operator]
    out = io.StringIO()
    assert check_health(_settings(tmp_path), heartbeat_file=beat, out=out) == 1
    assert "lost its platform connection" in out.getvalue()


async def test_keep_alive_beats_only_while_alive_and_removes_the_file(tmp_path: Path) -> None:
    path, stop = tmp_path / "hb", asyncio.Event()
    up = [False]
    task = asyncio.create_task(
        heartbeat.keep_alive(path, stop=stop, alive=lambda: up[0], interval=0.01)
    )
    await asyncio.sleep(0.05)
    assert not path.exists()
    up[0] = True
    for _ in range(100):
        if path.exists():
            break
        await asyncio.sleep(0.01)
    assert path.exists()
    stop.set()
    await asyncio.wait_for(task, timeout=2)
    assert not path.exists()
