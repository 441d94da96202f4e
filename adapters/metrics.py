"""Prometheus metrics on METRICS_PORT: what users asked, how it went, what failed.

`instrument(tutor, settings, platform=...)` turns them on for a bot (a no-op without
METRICS_PORT). Adapters report what only they see with `daily_posted()` and
`platform_error(platform)`, or wrap their daily outbox in `CountedOutbox`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server

from bot.commands import parse, parse_action
from bot.daily.scheduler import Outbox
from bot.replies import Reply, Request
from bot.settings import Settings
from bot.tutor import Tutor

ACTION_KINDS = {"a": "answer", "q": "quiz", "e": "explain", "r": "review"}
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """The counters, in a registry of their own (so tests can make as many as they like)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.commands = Counter(
            "docker_quiz_commands", "Requests by command name.", ["command"], registry=r
        )
        self.answers = Counter(
            "docker_quiz_answers", "Quiz answers judged, by result.", ["result"], registry=r
        )
        self.asks = Counter(
            "docker_quiz_asks", "Questions looked up, by result.", ["result"], registry=r
        )
        self.ask_seconds = Histogram(
            "docker_quiz_ask_seconds",
            "Time to answer a looked-up question.",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.daily_posts = Counter(
            "docker_quiz_daily_posts", "Daily questions posted.", ["platform"], registry=r
        )
        self.platform_errors = Counter(
            "docker_quiz_platform_errors",
            "Errors talking to the platform.",
            ["platform"],
            registry=r,
        )

    def observe(self, request: Request, reply: Reply, seconds: float) -> None:
        """A `Tutor.observers` hook: count the command and what came of it."""
        self.commands.labels(command_name(request)).inc()
        if reply.outcome is not None:
            self.answers.labels("right" if reply.outcome.correct else "wrong").inc()
        if reply.kind in ("answer", "decline"):
            self.asks.labels("matched" if reply.kind == "answer" else "declined").inc()
            self.ask_seconds.observe(seconds)

    def serve(self, port: int, *, host: str = "0.0.0.0") -> None:  # noqa: S104 - scraped from outside
        """Serve the text format at http://host:port/metrics in a daemon thread."""
        start_http_server(port, addr=host, registry=self.registry)


def command_name(request: Request) -> str:
    """A bounded label: a command's name, `button:<kind>`, or `text` for free text."""
    if request.action is not None:
        action = parse_action(request.action)
        return "button:" + ACTION_KINDS.get(action.kind if action else "", "other")
    command = parse(request.text)
    return command.name if command else "text"


_active: Metrics | None = None


def start_metrics(settings: Settings, *, host: str = "0.0.0.0") -> Metrics | None:  # noqa: S104
    """Serve metrics on METRICS_PORT; None (and no server) when it is not set."""
    global _active
    if settings.metrics_port is None:
        return None
    metrics = Metrics()
    metrics.serve(settings.metrics_port, host=host)
    _active = metrics
    logging.getLogger(__name__).info("metrics on port %d", settings.metrics_port)
    return metrics


def instrument(tutor: Tutor, settings: Settings, *, platform: str, logger: str) -> Metrics | None:
    """Start metrics, observe every request, count ERROR records of `logger` as platform errors."""
    metrics = start_metrics(settings)
    if metrics is not None:
        tutor.observers.append(metrics.observe)
        logging.getLogger(logger).addHandler(ErrorCounter(platform))
    return metrics


def daily_posted(platform: str = "") -> None:
    """Count one daily question posted (no-op when metrics are off)."""
    if _active is not None:
        _active.daily_posts.labels(platform).inc()


def platform_error(platform: str) -> None:
    """Count one failed call to the platform (no-op when metrics are off)."""
    if _active is not None:
        _active.platform_errors.labels(platform).inc()


class ErrorCounter(logging.Handler):
    """Counts an adapter's ERROR records (failed requests, lost deliveries) as platform errors."""

    def __init__(self, platform: str) -> None:
        super().__init__(level=logging.ERROR)
        self.platform = platform

    def emit(self, record: logging.LogRecord) -> None:
        platform_error(self.platform)


class CountedOutbox:
    """Wraps an adapter's daily `Outbox`: counts daily posts and failed posts."""

    def __init__(self, outbox: Outbox, *, platform: str) -> None:
        self.outbox = outbox
        self.platform = platform

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        """Post the daily question; counted once it is out."""
        ref = await self._counted(
            self.outbox.post(workspace=workspace, channel=channel, reply=reply)
        )
        daily_posted(self.platform)
        return ref

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        """Post in a thread (the reveal); only failures are counted."""
        return await self._counted(
            self.outbox.post_reply(workspace=workspace, channel=channel, thread=thread, reply=reply)
        )

    async def _counted(self, call: Awaitable[str]) -> str:
        try:
            return str(await call)
        except Exception:
            platform_error(self.platform)
            raise
