"""`daily on|off|status`: the workspace's daily question, set by its admins from chat,
and the scheduler that posts it."""

from __future__ import annotations

import random
from datetime import datetime

from bot.clock import Clock
from bot.commands import Invocation
from bot.content.pack import KnowledgePack
from bot.daily import wording
from bot.daily.scheduler import DailyConfig, DailyScheduler, Outbox, next_post_at
from bot.quiz.shuffle import Shuffler, shown
from bot.replies import Reply, Request
from bot.store import DailySchedule, Instance, Store, Tally
from bot.wording import error

DEFAULT_TIME = "09:00"
DEFAULT_REVEAL_HOURS = 8


class DailyCommands:
    """Parses and applies daily-quiz settings (only admins may change them); builds the
    scheduler that posts the questions and reveals."""

    def __init__(
        self,
        *,
        pack: KnowledgePack,
        store: Store,
        clock: Clock,
        rng: random.Random,
        shuffler: Shuffler | None = None,
    ) -> None:
        self.pack = pack
        self.store = store
        self.clock = clock
        self.rng = rng
        self.shuffler = shuffler or Shuffler.beside(rng)  # the daily post's option order

    def command(self, request: Request, invocation: Invocation) -> Reply:
        """Dispatch `daily on`, `daily off` and `daily status`."""
        action = invocation.text("action")
        if not action and set(invocation.values) - {"action"}:
            return error(wording.SAY_ON)  # `daily 9am EST`: settings need `on`
        if action in ("", "status"):
            return self._status(request)
        if not request.is_admin:
            return error(
                wording.ADMIN_CHECK_FAILED if request.admin_check_failed else wording.ADMINS_ONLY
            )
        return self._on(request, invocation) if action == "on" else self._off(request, invocation)

    def _on(self, request: Request, invocation: Invocation) -> Reply:
        channel = invocation.text("channel") or request.channel
        if not channel:
            return error(wording.NAME_THE_CHANNEL)
        config = DailyConfig(
            workspace=request.workspace,
            channel=channel,
            time=invocation.text("time", DEFAULT_TIME),
            # "daily on 9am" means 9am where the admin is: their own `tz`, else UTC
            tz=invocation.text("timezone")
            or self.store.get_timezone(workspace=request.workspace, user=request.user),
            reveal_hours=int(invocation.values.get("reveal_hours", DEFAULT_REVEAL_HOURS)),
            enabled=True,
            set_by=request.user,
        )
        now = self.clock.now()
        self.store.set_daily(config, now=now)
        # Announce what the scheduler will do: the same rule, on what was just stored.
        schedule = next(
            s
            for s in self.store.daily_schedules(workspace=request.workspace)
            if s.config.channel == channel
        )
        return wording.turned_on(config, _next_post(schedule, now), now)

    def _off(self, request: Request, invocation: Invocation) -> Reply:
        channel = invocation.text("channel") or request.channel
        configs = [c for c in self._configs(request) if c.enabled]
        if channel and not any(c.channel == channel for c in configs) and len(configs) == 1:
            channel = configs[0].channel
        target = next((c for c in configs if c.channel == channel), None)
        if target is None:
            return error(wording.NOT_ON_THERE)
        self.store.set_daily(
            DailyConfig(
                workspace=target.workspace,
                channel=target.channel,
                time=target.time,
                tz=target.tz,
                reveal_hours=target.reveal_hours,
                enabled=False,
            )
        )
        return wording.turned_off(target.channel)

    def _status(self, request: Request) -> Reply:
        now = self.clock.now()
        schedules = self.store.daily_schedules(workspace=request.workspace)
        return wording.status([(s.config, _next_post(s, now)) for s in schedules])

    def _configs(self, request: Request) -> list[DailyConfig]:
        return self.store.daily_configs(workspace=request.workspace)

    def scheduler(self, outbox: Outbox) -> DailyScheduler:
        """The daily-question loop, posting through an adapter's outbox."""

        def pick(seen: set[str]) -> str | None:
            fresh = [qid for qid in self.pack.questions if qid not in seen]
            return self.rng.choice(fresh) if fresh else None

        def post(instance: Instance) -> Reply:
            configs = self.store.daily_configs(workspace=instance.workspace)
            config = next((c for c in configs if c.channel == instance.channel), None)
            return wording.post(
                shown(self.pack.questions[instance.question_id], instance.order),
                self.pack,
                ref=instance.ref,
                reveal_hours=config.reveal_hours if config else DEFAULT_REVEAL_HOURS,
            )

        def reveal(instance: Instance, tally: Tally, first: list[str]) -> Reply:
            question = self.pack.questions[instance.question_id]
            # A question merged into another since it was posted shows its current options.
            order = None if instance.replaced_id is not None else instance.order
            return wording.reveal(
                shown(question, order),
                answered=tally.answered,
                correct=tally.correct,
                first_correct=first,
                updated=instance.replaced_id is not None,
            )

        return DailyScheduler(
            store=self.store,
            outbox=outbox,
            clock=self.clock,
            pick_question=pick,
            draw_order=lambda qid: self.shuffler.draw(self.pack.questions[qid]),
            render_question=post,
            render_reveal=reveal,
        )


def _next_post(schedule: DailySchedule, now: datetime) -> datetime:
    return next_post_at(
        schedule.config, now, owed_from=schedule.owed_from, last_post=schedule.last_post
    )
