"""The review reminder: at most one direct message a day per person and platform, at their
own time in their zone, only when reviews are due; exactly once across restarts and replicas.

The daily question's machinery, reused (bot/daily/scheduler.py explains each choice): the
slot is the reminder's local time (`due_slot`, with its DST rules and late sends after
downtime, today only); a replica inserts the slot's claim row before sending
(bot/store/reminders.py), a claim left "sending" by a dead process is taken over after the
lease, and every send is bounded by half the lease.

A day is done once its slot is sent, skipped (nothing was due at the person's time: no
message that day, even if reviews fall due later) or given up; a changed time starts the
next day, so at most one message a day.

Failures, as the daily question's: a passing problem (rate limit, outage) waits out the
platform's Retry-After or the growing back-off and is tried again. A problem of the person
(they closed their direct messages to the bot) gives up the day at once: not retried until
tomorrow. A missing permission of the install (Slack's `missing_scope`: an install made
before `im:write` was added) also gives up the day, and the first replica to meet it in a
workspace logs what fixes it; `remind status` shows it to everyone there until a reminder
goes through again. Other lasting problems get the short back-off, then the day is given up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.daily.scheduler import (
    LEASE,
    POLL_SECONDS,
    DeliveryError,
    Outbox,
    Problem,
    due_slot,
    retry_delay,
    slot_key,
)
from bot.polling import every
from bot.replies import Reply
from bot.store import Reminder, ReminderSend, Store

log = logging.getLogger(__name__)

# Claim rows are kept this long: only today's slot can be claimed (a late send is today's),
# so older rows decide nothing; a local day is at most 26 hours of UTC.
KEEP_SENDS = timedelta(days=3)
# Problems that end the day's attempt at once: retrying within the day cannot help.
GIVE_UP_AT_ONCE = frozenset({Problem.DMS_CLOSED, Problem.MISSING_SCOPE})
# Problems of the install, not of one person: recorded for the workspace, told once.
INSTALL_PROBLEMS = frozenset({Problem.MISSING_SCOPE})


def _unnamed(workspace: str) -> str:
    return ""


@dataclass(frozen=True, slots=True)
class ReminderPlatform:
    """What the scheduler needs to know of a platform, given by its adapter.

    `name` names the claims ("slack", "discord"): one message a day per person on each.
    `serves(workspace)` says which workspaces are this platform's: a reminder turned on in
    one of them is sent here, and only reviews due in them are counted.
    `direct_workspace(user, workspace)` is the workspace the clicks on a direct message to
    `user` arrive in (Slack: the reminder's `workspace`; Discord: "dm:USER").
    `place_name(workspace)` names a workspace in the message ("" when there is one only).
    """

    name: str
    serves: Callable[[str], bool]
    direct_workspace: Callable[[str, str], str]
    place_name: Callable[[str], str] = _unnamed


# (reminder, the person's due question ids by workspace) -> the message; None: none counts.
RenderReminder = Callable[[Reminder, dict[str, list[str]]], Reply | None]


class ReminderScheduler:
    """Sends due reminders through an Outbox's `notify`; safe to run on every replica.

    `render` (the tutor's) builds the message from the due question ids of the workspaces
    `platform` serves; None when none counts.
    """

    def __init__(
        self,
        *,
        store: Store,
        outbox: Outbox,
        clock: Clock,
        platform: ReminderPlatform,
        render: RenderReminder,
        lease: timedelta = LEASE,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.store = store
        self.outbox = outbox
        self.clock = clock
        self.platform = platform
        self._troubled: set[str] = set()  # this pass's workspaces with a recorded problem
        self.render = render
        self.lease = lease
        self.poll_seconds = poll_seconds

    async def run_once(self) -> int:
        """Send every reminder that is due now, once; returns how many were sent. Who has
        reviews due is read in one query for everyone owed a message now; those with none
        are marked done for the day in one transaction (the common case costs two round
        trips, not three per person)."""
        now = self.clock.now()
        schedules = await asyncio.to_thread(
            lambda: self.store.reminder_schedules(platform=self.platform.name)
        )
        owed = [
            (schedule.reminder, slot)
            for schedule in schedules
            if self.platform.serves(schedule.reminder.workspace)
            and (
                slot := due_slot(
                    schedule.reminder,
                    now,
                    owed_from=schedule.owed_from,
                    last_post=schedule.last_done,
                )
            )
            is not None
        ]
        sent = 0
        if owed:
            workspaces = {reminder.workspace for reminder, _ in owed}
            self._troubled = await asyncio.to_thread(
                lambda: {w for w in workspaces if self.store.reminder_problem(workspace=w)}
            )
            users = [reminder.user for reminder, _ in owed]
            due = await asyncio.to_thread(lambda: self.store.due_reviews_of(users=users, now=now))
            quiet: list[tuple[str, str]] = []
            for reminder, slot in owed:
                try:
                    reply = self._message(reminder, due.get(reminder.user, {}))
                except Exception:  # a bug, not the platform: that person waits, logged
                    log.exception("could not build a review reminder on %s", self.platform.name)
                    continue
                if reply is None:
                    quiet.append((reminder.user, slot_key(slot)))
                elif await self._send(reminder, slot_key(slot), reply, now):
                    sent += 1
            if quiet:
                await asyncio.to_thread(
                    lambda: self.store.skip_reminders(
                        platform=self.platform.name, slots=quiet, now=now
                    )
                )
        await asyncio.to_thread(lambda: self.store.forget_reminder_sends(before=now - KEEP_SENDS))
        return sent

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Run passes until `stop` is set; a failing pass is logged and the loop goes on."""
        await every(self.poll_seconds, self.run_once, stop, log=log, what="reminder")

    async def _send(self, reminder: Reminder, slot: str, reply: Reply, now: datetime) -> bool:
        claim = await asyncio.to_thread(
            lambda: self.store.claim_reminder(
                platform=self.platform.name,
                user=reminder.user,
                slot=slot,
                now=now,
                lease=self.lease,
            )
        )
        if claim is None:
            return False
        try:
            await asyncio.wait_for(
                self.outbox.notify(workspace=reminder.workspace, user=reminder.user, reply=reply),
                timeout=self.lease.total_seconds() / 2,
            )
        except Exception as exc:  # any failure: the day must become retryable or given up
            await self._failed(reminder.workspace, claim, exc)
            return False
        await self._finish(claim, "sent")
        if reminder.workspace in self._troubled:  # it went through: the problem is fixed
            await asyncio.to_thread(
                lambda: self.store.clear_reminder_problem(workspace=reminder.workspace)
            )
            self._troubled.discard(reminder.workspace)
        log.info("review reminder sent on %s for %s", self.platform.name, slot)
        return True

    def _message(self, reminder: Reminder, due: dict[str, list[str]]) -> Reply | None:
        """The message for what is due in this platform's workspaces; None when none counts."""
        served = {w: ids for w, ids in due.items() if self.platform.serves(w)}
        return self.render(reminder, served)

    async def _finish(
        self,
        claim: ReminderSend,
        state: str,
        *,
        error: str | None = None,
        retry_at: datetime | None = None,
    ) -> None:
        now = self.clock.now()
        await asyncio.to_thread(
            lambda: self.store.finish_reminder(
                send=claim, state=state, now=now, error=error, retry_at=retry_at
            )
        )

    async def _failed(self, workspace: str, claim: ReminderSend, exc: Exception) -> None:
        problem = exc.problem if isinstance(exc, DeliveryError) else None
        delay = None if problem in GIVE_UP_AT_ONCE else retry_delay(exc, claim.attempts)
        if isinstance(exc, DeliveryError):  # the platform said why: no traceback needed
            after = "giving up today" if delay is None else f"retrying in {delay.seconds} s"
            log.warning("review reminder on %s failed (%s); %s", self.platform.name, exc, after)
        else:
            log.exception("review reminder on %s failed", self.platform.name)
        error = repr(exc)
        if delay is not None:
            await self._finish(claim, "failed", error=error, retry_at=self.clock.now() + delay)
            return
        await self._finish(claim, "dropped", error=error)
        if problem is not None and problem in INSTALL_PROBLEMS:
            await self._install_problem(workspace, problem)

    async def _install_problem(self, workspace: str, problem: Problem) -> None:
        now = self.clock.now()
        await asyncio.to_thread(
            lambda: record_install_problem(
                self.store, workspace=workspace, problem=problem, now=now
            )
        )


def record_install_problem(
    store: Store, *, workspace: str, problem: Problem, now: datetime
) -> bool:
    """Record a problem of the install that stops every reminder in `workspace` (shown by
    `remind status` until a reminder goes through); the first caller across replicas logs
    what fixes it. Returns True for that first caller."""
    first = store.note_reminder_problem(workspace=workspace, problem=problem.value, now=now)
    if first:
        log.error(
            "review reminders cannot be sent in workspace %s: %s. The app was installed "
            "before it asked for the permission to send direct messages; reinstall it "
            "(README: Upgrading an existing install); reminders resume the next day.",
            workspace,
            problem.value,
        )
    return first
