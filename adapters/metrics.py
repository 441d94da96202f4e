"""Prometheus metrics on METRICS_PORT (bound to METRICS_HOST, 127.0.0.1 unless set): what
users asked, how it went, what failed.

`instrument(tutor, settings, platform=..., logger=...)` turns them on for a bot (None, and
no server, without METRICS_PORT; only then is prometheus_client, the metrics extra,
imported): it serves them, observes every request through the tutor's observer hook, and
counts the adapter logger's ERROR records. The returned `Metrics` is passed to whatever
else counts (the daily outbox wrapper, `CountedOutbox`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING

from bot import actions
from bot.arguments import ParseContext
from bot.commands import parse
from bot.daily.scheduler import Outbox
from bot.replies import Reply, Request
from bot.settings import Settings
from bot.tutor import Tutor

if TYPE_CHECKING:  # the metrics extra is imported only when metrics are turned on
    from prometheus_client import CollectorRegistry

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """The counters, in a registry of their own (so tests can make as many as they like)."""

    def __init__(
        self, registry: CollectorRegistry | None = None, *, context: ParseContext | None = None
    ) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.registry = registry or CollectorRegistry()
        self.context = context or ParseContext()
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
        self.commands.labels(command_name(request, self.context)).inc()
        if reply.outcome is not None:
            self.answers.labels("right" if reply.outcome.correct else "wrong").inc()
        if reply.kind in ("answer", "decline"):
            self.asks.labels("matched" if reply.kind == "answer" else "declined").inc()
            self.ask_seconds.observe(seconds)

    def serve(self, port: int, *, host: str = "127.0.0.1") -> None:
        """Serve the text format at http://host:port/metrics in a daemon thread."""
        from prometheus_client import start_http_server

        start_http_server(port, addr=host, registry=self.registry)


def command_name(request: Request, context: ParseContext | None = None) -> str:
    """A bounded label: a command's name, `button:<kind>`, or `text` for free text."""
    if request.action is not None:
        return actions.label(request.action)
    parsed = parse(request.text, context or ParseContext())
    if parsed is None:
        return "text"
    spec = parsed.invocation.spec if parsed.invocation is not None else parsed.spec
    return spec.name if spec is not None else "help"


def instrument(
    tutor: Tutor,
    settings: Settings,
    *,
    platform: str,
    logger: str,
    host: str | None = None,
) -> Metrics | None:
    """Serve metrics on METRICS_HOST:METRICS_PORT (`host` overrides the setting), observe
    every request, and count ERROR records of `logger` as platform errors. None (and no
    server) when METRICS_PORT is not set."""
    if settings.metrics_port is None:
        return None
    host = host or settings.metrics_host
    metrics = Metrics(context=ParseContext(pack=tutor.pack))
    metrics.serve(settings.metrics_port, host=host)
    logging.getLogger(__name__).info("metrics on %s port %d", host, settings.metrics_port)
    tutor.observers.append(metrics.observe)
    logging.getLogger(logger).addHandler(ErrorCounter(metrics, platform))
    return metrics


class ErrorCounter(logging.Handler):
    """Counts an adapter's ERROR records (failed requests, lost deliveries) as platform errors."""

    def __init__(self, metrics: Metrics, platform: str) -> None:
        super().__init__(level=logging.ERROR)
        self.metrics = metrics
        self.platform = platform

    def emit(self, record: logging.LogRecord) -> None:
        self.metrics.platform_errors.labels(self.platform).inc()


class CountedOutbox:
    """Wraps an adapter's daily `Outbox`: counts daily posts and failed posts."""

    def __init__(self, outbox: Outbox, *, platform: str, metrics: Metrics | None) -> None:
        self.outbox = outbox
        self.platform = platform
        self.metrics = metrics

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        """Post the daily question; counted once it is out."""
        ref = await self._counted(
            self.outbox.post(workspace=workspace, channel=channel, reply=reply)
        )
        if self.metrics is not None:
            self.metrics.daily_posts.labels(self.platform).inc()
        return ref

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        """Post in a thread (the reveal); only failures are counted."""
        return await self._counted(
            self.outbox.post_reply(workspace=workspace, channel=channel, thread=thread, reply=reply)
        )

    async def notify(self, *, workspace: str, user: str, reply: Reply) -> None:
        """Send a direct message (a stopped daily question); only failures are counted."""
        await self._counted(self._notified(workspace=workspace, user=user, reply=reply))

    async def _notified(self, *, workspace: str, user: str, reply: Reply) -> str:
        await self.outbox.notify(workspace=workspace, user=user, reply=reply)
        return ""

    async def _counted(self, call: Awaitable[str]) -> str:
        try:
            return str(await call)
        except Exception:
            if self.metrics is not None:
                self.metrics.platform_errors.labels(self.platform).inc()
            raise
