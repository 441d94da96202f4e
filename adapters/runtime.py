"""The one runtime every bot front end runs in: settings, logging, signals, the daily
scheduler, the heartbeat, metrics and graceful shutdown, written once.

A front end describes itself as a `FrontEnd` (how to read its settings, how to serve) and
`run(front_end, argv)` does the rest:

1. parse `--check` and the front end's own arguments; a front end may handle an action
   before any setting is read (`docker-quiz discord invite-url`);
2. read the core's and the front end's settings and check every one it will use, without
   connecting (`check_core`): an error prints one line naming the setting and the problem
   (never its value) and exits 2;
3. set up logging with every front end's secrets redacted; with `--check`, stop here;
4. build the tutor (a pack or database error exits 2), start metrics;
5. serve until SIGTERM/SIGINT: the front end connects, then asks the `Background` to start
   the daily scheduler and the heartbeat; on the signal it closes its connections, and the
   background work is given a bounded time to finish.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adapters import heartbeat
from adapters.frontends import install_hint
from adapters.heartbeat import Alive
from adapters.logs import setup_logging
from adapters.metrics import CountedOutbox, Metrics, instrument
from bot.daily.scheduler import Outbox
from bot.errors import DockerQuizError, PackError, SettingsError, StoreError
from bot.reminders.scheduler import ReminderPlatform
from bot.settings import Settings
from bot.store.engine import database_url
from bot.tutor import Tutor

log = logging.getLogger(__name__)

SHUTDOWN_GRACE = 10.0  # seconds the daily loop gets to finish a post in progress


@dataclass(frozen=True)
class FrontEnd:
    """A bot front end as the runtime sees it.

    `read_settings(env)` returns its settings or raises SettingsError; `summary(settings)`
    is the `--check` line; `serve(settings, tutor, background)` connects, serves until
    `background.stop` is set, then closes its own connections. `fatal` maps exceptions
    that end the bot to the one line to print (exit 2).
    """

    name: str
    description: str
    logger: str
    read_settings: Callable[[Mapping[str, str]], Any]
    summary: Callable[[Any], str]
    serve: Callable[[Any, Tutor, Background], Awaitable[None]]
    add_arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    before_settings: Callable[[argparse.Namespace], int | None] = lambda args: None
    fatal: Mapping[type[BaseException], str] = field(default_factory=dict)


class Background:
    """The work a bot does besides answering: the daily loop, the review-reminder loop and
    the heartbeat.

    `close()` (idempotent) sets `stop`, waits up to `grace` seconds for the daily and
    reminder loops to finish what they are sending, then cancels them, and removes the
    heartbeat file.
    """

    def __init__(
        self,
        *,
        tutor: Tutor,
        platform: str,
        stop: asyncio.Event | None = None,
        metrics: Metrics | None = None,
        heartbeat_file: Path | None = None,
        grace: float = SHUTDOWN_GRACE,
    ) -> None:
        self.tutor = tutor
        self.platform = platform
        self.stop = stop or asyncio.Event()
        self.metrics = metrics
        self.heartbeat_file = heartbeat_file
        self.grace = grace
        self.daily_task: asyncio.Task[None] | None = None
        self.reminder_task: asyncio.Task[None] | None = None
        self.heartbeat_task: asyncio.Task[None] | None = None

    def start_daily(self, outbox: Outbox) -> None:
        """Run the daily scheduler, posting through `outbox` (counted in metrics)."""
        counted = CountedOutbox(outbox, platform=self.platform, metrics=self.metrics)
        scheduler = self.tutor.daily_scheduler(counted)
        self.daily_task = asyncio.create_task(
            scheduler.run_forever(self.stop), name="daily-scheduler"
        )

    def start_reminders(self, outbox: Outbox, platform: ReminderPlatform) -> None:
        """Run the review-reminder scheduler beside the daily one, sending through `outbox`
        (counted in metrics) to the workspaces `platform` serves."""
        counted = CountedOutbox(outbox, platform=self.platform, metrics=self.metrics)
        scheduler = self.tutor.reminder_scheduler(counted, platform)
        self.reminder_task = asyncio.create_task(
            scheduler.run_forever(self.stop), name="reminder-scheduler"
        )

    def start_heartbeat(self, alive: Alive | None) -> None:
        """Touch the heartbeat file while `alive()` says the platform connection is up."""
        if self.heartbeat_file is None:
            return
        self.heartbeat_task = asyncio.create_task(
            heartbeat.keep_alive(self.heartbeat_file, stop=self.stop, alive=alive),
            name="heartbeat",
        )

    async def close(self) -> None:
        """Stop the background work (bounded); safe to call more than once."""
        self.stop.set()
        for task in (self.daily_task, self.reminder_task):
            if task is None:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(task), self.grace)
            if not task.done():
                task.cancel()
        if self.heartbeat_task is not None:
            await self.heartbeat_task  # returns once `stop` is set, removing the file


def run(front_end: FrontEnd, argv: list[str]) -> int:
    """`docker-quiz <front end> [...]`: the whole life of a bot; returns the exit code."""
    prog = f"docker-quiz {front_end.name}"
    parser = argparse.ArgumentParser(prog=prog, description=front_end.description)
    parser.add_argument(
        "--check", action="store_true", help="validate the settings and exit without connecting"
    )
    front_end.add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        handled = front_end.before_settings(args)
        if handled is not None:
            return handled
        core = Settings.from_env()
        settings = front_end.read_settings(os.environ)
        check_core(core, heartbeat_file=heartbeat.heartbeat_path(), load_knowledge=args.check)
    except DockerQuizError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    setup_logging(core)
    if core.database_note:
        log.warning("%s", core.database_note)
    if args.check:
        print(f"{prog}: settings OK ({front_end.summary(settings)})")
        return 0
    from bot.bootstrap import build_tutor

    try:
        tutor = build_tutor(core)
    except DockerQuizError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    try:
        metrics = instrument(tutor, core, platform=front_end.name, logger=front_end.logger)
        asyncio.run(
            serve(
                front_end,
                settings,
                tutor,
                metrics=metrics,
                heartbeat_file=heartbeat.heartbeat_path(),
            )
        )
    except tuple(front_end.fatal) as exc:
        message = next(m for kind, m in front_end.fatal.items() if isinstance(exc, kind))
        print(f"{prog}: {message}", file=sys.stderr)
        return 2
    finally:
        tutor.close()
    return 0


def check_core(settings: Settings, *, heartbeat_file: Path, load_knowledge: bool) -> None:
    """Check the core settings a bot will use, connecting to nothing: DATABASE_URL is a
    supported database URL with its driver installed, METRICS_PORT has its extra, the
    heartbeat's folder can be written, and (with `load_knowledge`) KNOWLEDGE_PATH is a
    folder whose pack loads. Raises SettingsError: "SETTING: problem", never the value."""
    try:
        database_url(settings.database_url)
    except StoreError as exc:
        raise SettingsError(str(exc)) from exc
    if settings.metrics_port is not None:
        try:
            import prometheus_client  # noqa: F401 - only to know the extra is there
        except ImportError as exc:
            raise SettingsError(
                f"METRICS_PORT: serving metrics needs the metrics extra: {install_hint('metrics')}"
            ) from exc
    folder = next((p for p in heartbeat_file.parents if p.exists()), Path("/"))
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise SettingsError("HEARTBEAT_FILE: its folder cannot be created or written")
    if load_knowledge:
        check_knowledge(settings.knowledge_path)


def check_knowledge(path: Path) -> None:
    """KNOWLEDGE_PATH is a folder holding a pack that loads; SettingsError otherwise."""
    from bot.content.pack import load_pack

    if not path.exists():
        raise SettingsError("KNOWLEDGE_PATH: no such folder")
    if not path.is_dir():
        raise SettingsError("KNOWLEDGE_PATH: not a folder")
    try:
        load_pack(path)
    except PackError as exc:
        raise SettingsError(
            f"KNOWLEDGE_PATH: the knowledge pack has {len(exc.problems)} problem(s); "
            "`docker-quiz validate` lists them"
        ) from exc


async def serve(
    front_end: FrontEnd,
    settings: Any,
    tutor: Tutor,
    *,
    stop: asyncio.Event | None = None,
    metrics: Metrics | None = None,
    heartbeat_file: Path | None = None,
) -> None:
    """Serve until SIGTERM/SIGINT (or until `stop` is set), then shut down cleanly."""
    background = Background(
        tutor=tutor,
        platform=front_end.name,
        stop=stop,
        metrics=metrics,
        heartbeat_file=heartbeat_file,
    )
    with _signals_set(background.stop):
        try:
            await front_end.serve(settings, tutor, background)
        finally:
            log.info("shutting down")
            await background.close()


@contextlib.contextmanager
def _signals_set(stop: asyncio.Event) -> Iterator[None]:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    try:
        yield
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)
