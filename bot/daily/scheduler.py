"""The daily quiz: one question per channel per local day, exactly once, then a reveal.

Scheduling is a small asyncio loop over the database claims, not APScheduler. The claim rows
in the database already are the schedule's source of truth, shared by every replica; with
APScheduler we would keep a second copy of that schedule in its job store, reconcile it with
`daily on/off` edits, and still need the claims for exactly-once across replicas. Polling a
handful of rows every 30 seconds is cheap, and a late post after downtime falls out of the
same rule ("is today's slot due and unclaimed?") with no misfire settings to tune.

Exactly once: a replica inserts the slot's claim row (unique workspace, channel, and the
slot's UTC moment) before posting, and records the platform's message ref right after. A
post that raises marks the slot "failed" and a later pass retries it (see Failures). A
claim left "posting" by a process that died is taken over only after `lease` (2 minutes),
and every post is bounded by a timeout of half the lease, so a slow but live poster is
never overtaken.

The remaining window: if the process dies after the platform accepted the post but before
the ref is committed (one small UPDATE), the slot is re-posted after the lease, so that
channel sees the question twice. No protocol can close this without the platform taking an
idempotency key; we keep it to the milliseconds between the API's answer and that commit.

Time zones: the slot is HH:MM local time (zoneinfo). On a spring-forward day a time inside
the gap (02:30 in Europe/Berlin) is read with the offset before the change, so it posts at
03:30 local; on a fall-back day an ambiguous time posts at its first occurrence, and the
repeated hour cannot post again: that local day already had its post.

After downtime: today's slot, if missed, is posted late, once; earlier days are skipped.
The reveal is due `reveal_hours` after the actual post, so a late post still gets its window.

Changing the schedule: `due_slot` and `next_post_at` are one rule, read from what the store
holds (`DailySchedule`): a slot is owed when it is not before `owed_from` (the moment it was
turned on or its time or zone last changed) and falls on a local day after the last post's.
So moving the time or zone after today's post posts nothing extra, and the next post comes
exactly when the `daily on` reply said it would.

Failures: an Outbox raises `DeliveryError` with a platform-neutral `Problem`. A lasting one
(the bot is not in the channel, the channel is gone or archived, no permission) is retried
after a short back-off (1, then 5 minutes), then the slot is dropped, the channel paused (no
more posts until an admin sets it again; `daily status` shows why), and whoever set it up is
told once. A passing one (rate limit, outage) is retried after the platform's Retry-After,
or an exponential back-off from 30 s up to 15 minutes; so is any other exception. One broken
channel costs three attempts, not one every poll.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.daily import wording
from bot.errors import DockerQuizError
from bot.polling import every
from bot.replies import Reply
from bot.store import DailyConfig, DailyPost, DailySchedule, Instance, Store, Tally

__all__ = [
    "DailyConfig",
    "DailySchedule",
    "DailyScheduler",
    "DeliveryError",
    "LocalTime",
    "Outbox",
    "Problem",
    "due_slot",
    "next_post_at",
    "slot_at",
    "slot_key",
]

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
EVENT_KEY_TTL = timedelta(days=1)
POLL_SECONDS = 30.0
# A lasting error is retried after these waits, then the channel is paused.
LASTING_BACKOFF = (timedelta(minutes=1), timedelta(minutes=5))
# A passing error without Retry-After waits 30 s, 1 min, 2 min, ... at most 15 minutes.
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(minutes=15)


class Problem(StrEnum):
    """Why a platform refused a post, in the core's terms. Each adapter's Outbox maps its
    platform's errors to one of these (adapters/*/outbox.py)."""

    NOT_IN_CHANNEL = "not_in_channel"  # the bot must be invited to the channel
    CHANNEL_NOT_FOUND = "channel_not_found"  # deleted, or never was
    ARCHIVED = "archived"
    NO_PERMISSION = "no_permission"  # may not see or post in the channel
    MISSING_SCOPE = "missing_scope"  # the install lacks a permission it now needs
    DMS_CLOSED = "dms_closed"  # the person does not take direct messages from the bot
    RATE_LIMITED = "rate_limited"  # passing: wait Retry-After
    UNAVAILABLE = "unavailable"  # passing: the platform is down or unreachable

    @property
    def lasting(self) -> bool:
        """True when retrying cannot help until someone changes something."""
        return self not in (Problem.RATE_LIMITED, Problem.UNAVAILABLE)


class DeliveryError(DockerQuizError):
    """An Outbox's post failed: `problem` says why, `retry_after` (seconds) is the
    platform's Retry-After when it gave one. `str(exc)` names the platform's own error."""

    def __init__(self, problem: Problem, *, retry_after: float | None = None, detail: str = ""):
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.retry_after = retry_after


PickQuestion = Callable[[set[str]], str | None]
DrawOrder = Callable[[str], tuple[int, ...] | None]
RenderQuestion = Callable[[Instance], Reply]
RenderReveal = Callable[[Instance, Tally, list[str]], Reply]


class Outbox(Protocol):
    """How the core posts to a channel; each adapter implements it (print, Slack, Discord).

    A refused post raises `DeliveryError` with the platform's error mapped to a `Problem`
    (and its Retry-After); any other exception counts as a passing problem.
    """

    async def post(self, *, workspace: str, channel: str, reply: Reply) -> str:
        """Post at the top level of a channel; returns the platform's message ref."""
        ...

    async def post_reply(self, *, workspace: str, channel: str, thread: str, reply: Reply) -> str:
        """Post in the thread of message `thread`; returns the new message's ref."""
        ...

    async def notify(self, *, workspace: str, user: str, reply: Reply) -> None:
        """Tell one user privately (a direct message), e.g. that a channel's posts stopped."""
        ...


class LocalTime(Protocol):
    """Anything with a local "HH:MM" `time` in an IANA zone `tz`: a channel's daily question
    (`DailyConfig`), a person's review reminder (`Reminder`). The slot rules below apply to
    both."""

    @property
    def time(self) -> str: ...

    @property
    def tz(self) -> str: ...


def slot_at(config: LocalTime, day: date) -> datetime:
    """The UTC moment of the post on local `day` (gap times read with the earlier offset)."""
    hours, minutes = (int(part) for part in config.time.split(":"))
    local = datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(config.tz))
    return local.astimezone(ZoneInfo("UTC"))


def slot_key(moment: datetime) -> str:
    """The claim key of the slot due at `moment`: its UTC minute, "2026-03-02T09:00Z"."""
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%MZ")


def due_slot(
    config: LocalTime,
    now: datetime,
    *,
    owed_from: datetime | None = None,
    last_post: datetime | None = None,
) -> datetime | None:
    """The moment of today's slot if its post is due at `now`, else None.

    Only today counts (older missed days are skipped); a slot before `owed_from` (it was
    turned on or changed after it) is not owed, nor one on a local day that had a post.
    """
    today = _local_day(now, config)
    return slot_at(config, today) if _owed(config, today, now, owed_from, last_post) else None


def next_post_at(
    config: LocalTime,
    now: datetime,
    *,
    owed_from: datetime | None = None,
    last_post: datetime | None = None,
) -> datetime:
    """The first moment at or after `now` when `due_slot` says a post is due: `now` itself
    when today's slot is owed and has passed (a late post), else the next owed slot."""
    today = _local_day(now, config)
    for offset in range(3):
        day = today + timedelta(days=offset)
        at = slot_at(config, day)
        if offset == 0 and at <= now:
            if _owed(config, day, now, owed_from, last_post):
                return now
            continue
        if _owed(config, day, max(at, now), owed_from, last_post):
            return at
    return slot_at(config, today + timedelta(days=3))  # not reached: tomorrow is owed


def _owed(
    config: LocalTime,
    day: date,
    now: datetime,
    owed_from: datetime | None,
    last_post: datetime | None,
) -> bool:
    at = slot_at(config, day)
    if now < at or (owed_from is not None and at < owed_from):
        return False
    return last_post is None or _local_day(last_post, config) < day


def _local_day(moment: datetime, config: LocalTime) -> date:
    return moment.astimezone(ZoneInfo(config.tz)).date()


def retry_delay(error: BaseException, attempts: int) -> timedelta | None:
    """How long a failed post (or reveal) waits before attempt `attempts + 1`; None when
    it should not be retried (a lasting problem, after its short back-off)."""
    if isinstance(error, DeliveryError) and error.problem.lasting:
        return LASTING_BACKOFF[attempts - 1] if attempts <= len(LASTING_BACKOFF) else None
    if isinstance(error, DeliveryError) and error.retry_after is not None:
        return timedelta(seconds=max(0.0, error.retry_after))
    return min(FIRST_BACKOFF * (1 << min(max(0, attempts - 1), 10)), MAX_BACKOFF)


class DailyScheduler:
    """Posts due daily questions and reveals through an Outbox; safe to run on every replica.

    The tutor supplies the content: `pick_question(seen)` chooses a question id not in
    `seen` (None when none is left), `draw_order(question_id)` the order its options are
    shown in (bot.quiz.shuffle; None: the pack's order), `render_question(instance)` builds
    the post with its answer buttons in that order, `render_reveal(instance, tally,
    first_correct)` builds the reveal.
    """

    def __init__(
        self,
        *,
        store: Store,
        outbox: Outbox,
        clock: Clock,
        pick_question: PickQuestion,
        draw_order: DrawOrder = lambda question_id: None,
        render_question: RenderQuestion,
        render_reveal: RenderReveal,
        lease: timedelta = LEASE,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.store = store
        self.outbox = outbox
        self.clock = clock
        self.pick_question = pick_question
        self.draw_order = draw_order
        self.render_question = render_question
        self.render_reveal = render_reveal
        self.lease = lease
        self.poll_seconds = poll_seconds

    async def run_once(self) -> int:
        """Make every post and reveal that is due now, once; returns how many succeeded."""
        now = self.clock.now()
        done = 0
        for schedule in await asyncio.to_thread(self.store.daily_schedules):
            config = schedule.config
            if config.paused:
                continue
            slot = due_slot(config, now, owed_from=schedule.owed_from, last_post=schedule.last_post)
            if slot is not None and await self._post(config, slot, now):
                done += 1
        reveals = await asyncio.to_thread(
            lambda: self.store.claim_daily_reveal(now=now, lease=self.lease)
        )
        for post in reveals:
            if await self._reveal(post):
                done += 1
        # The bots' one periodic loop also forgets re-sent-event keys once no platform would
        # re-send them (Slack retries within minutes), so that table stays small.
        await asyncio.to_thread(lambda: self.store.forget_keys(before=now - EVENT_KEY_TTL))
        return done

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Run passes until `stop` is set; a failing pass is logged and the loop goes on."""
        await every(self.poll_seconds, self.run_once, stop, log=log, what="daily")

    async def _post(self, config: DailyConfig, slot: datetime, now: datetime) -> bool:
        claim = await asyncio.to_thread(
            lambda: self.store.claim_daily_post(
                workspace=config.workspace,
                channel=config.channel,
                slot=slot_key(slot),
                now=now,
                lease=self.lease,
            )
        )
        if claim is None:
            return False
        try:
            instance = await asyncio.to_thread(self._instance_for, claim, now)
            reply = self.render_question(instance)
            ref = await asyncio.wait_for(
                self.outbox.post(workspace=config.workspace, channel=config.channel, reply=reply),
                timeout=self.lease.total_seconds() / 2,
            )
        except Exception as exc:  # any failure: the slot must become retryable
            await self._post_failed(config, claim, exc, now)
            return False

        def record() -> None:
            posted_at = self.clock.now()
            self.store.mark_daily_posted(
                post=claim,
                message_ref=ref,
                now=posted_at,
                reveal_at=posted_at + timedelta(hours=config.reveal_hours),
            )
            self.store.set_instance_message(
                workspace=config.workspace, instance_id=instance.id, message_ref=ref
            )

        await asyncio.to_thread(record)
        log.info(
            "daily question posted to %s/%s for %s",
            config.workspace,
            config.channel,
            slot_key(slot),
        )
        return True

    def _instance_for(self, claim: DailyPost, now: datetime) -> Instance:
        """The slot's question instance: the one from a failed attempt, or a fresh pick."""
        if claim.instance_id is not None:
            found = self.store.get_instance(
                workspace=claim.workspace, instance_id=claim.instance_id
            )
            if found is not None:
                return found
        scope = f"channel:{claim.channel}"
        seen = self.store.seen(workspace=claim.workspace, scope=scope)
        question_id = self.pick_question(seen)
        if question_id is None and seen:  # the pool is used up: start it over
            self.store.reset_seen(workspace=claim.workspace, scope=scope)
            question_id = self.pick_question(set())
        if question_id is None:
            raise DockerQuizError("there are no questions to post")
        instance = self.store.create_instance(
            workspace=claim.workspace,
            question_id=question_id,
            kind="daily",
            now=now,
            channel=claim.channel,
            order=self.draw_order(question_id),
        )
        self.store.mark_seen(workspace=claim.workspace, scope=scope, question_id=question_id)
        self.store.set_daily_instance(post=claim, instance_id=instance.id)
        return instance

    async def _reveal(self, post: DailyPost) -> bool:
        try:
            reply = await asyncio.to_thread(self._reveal_reply, post)
            if reply is not None and post.message_ref is not None:
                await asyncio.wait_for(
                    self.outbox.post_reply(
                        workspace=post.workspace,
                        channel=post.channel,
                        thread=post.message_ref,
                        reply=reply,
                    ),
                    timeout=self.lease.total_seconds() / 2,
                )
        except Exception as exc:  # any failure: the reveal must become retryable
            await self._reveal_failed(post, exc)
            return False
        await asyncio.to_thread(lambda: self.store.mark_daily_revealed(post=post, ok=True))
        return reply is not None

    async def _post_failed(
        self, config: DailyConfig, claim: DailyPost, exc: Exception, now: datetime
    ) -> None:
        delay = retry_delay(exc, claim.attempts)
        _log_failure("post to", config.workspace, config.channel, exc, delay)
        error = repr(exc)
        if delay is None:
            await asyncio.to_thread(lambda: self.store.drop_daily_post(post=claim, error=error))
            await self._pause(config.workspace, config.channel, exc)
            return
        retry_at = now + delay
        await asyncio.to_thread(
            lambda: self.store.mark_daily_failed(post=claim, error=error, retry_at=retry_at)
        )

    async def _reveal_failed(self, post: DailyPost, exc: Exception) -> None:
        delay = retry_delay(exc, post.reveal_attempts)
        _log_failure("reveal in", post.workspace, post.channel, exc, delay)
        error = repr(exc)
        retry_at = self.clock.now() + delay if delay is not None else None
        await asyncio.to_thread(
            lambda: self.store.mark_daily_revealed(
                post=post, ok=False, error=error, retry_at=retry_at, drop=delay is None
            )
        )
        if delay is None:
            await self._pause(post.workspace, post.channel, exc)

    async def _pause(self, workspace: str, channel: str, exc: Exception) -> None:
        """Stop the channel's posts and tell whoever set it up, once (across replicas)."""
        problem = exc.problem if isinstance(exc, DeliveryError) else Problem.UNAVAILABLE
        now = self.clock.now()
        paused = await asyncio.to_thread(
            lambda: self.store.pause_daily(
                workspace=workspace, channel=channel, problem=problem.value, now=now
            )
        )
        if paused is None or paused.set_by is None:
            return
        try:
            await asyncio.wait_for(
                self.outbox.notify(
                    workspace=workspace, user=paused.set_by, reply=wording.paused(paused)
                ),
                timeout=self.lease.total_seconds() / 2,
            )
        except Exception as failure:  # telling is best effort: `daily status` shows it too
            log.warning(
                "could not tell %s that the daily question in %s/%s stopped: %r",
                paused.set_by,
                workspace,
                channel,
                failure,
            )

    def _reveal_reply(self, post: DailyPost) -> Reply | None:
        if post.instance_id is None:
            return None
        instance = self.store.get_instance(workspace=post.workspace, instance_id=post.instance_id)
        if instance is None:
            return None
        tally = self.store.tally(workspace=post.workspace, instance_id=instance.id)
        first = self.store.first_correct(workspace=post.workspace, instance_id=instance.id)
        return self.render_reveal(instance, tally, first)


def _log_failure(
    what: str, workspace: str, channel: str, exc: Exception, delay: timedelta | None
) -> None:
    if isinstance(exc, DeliveryError):  # the platform said why: no traceback needed
        after = "giving up" if delay is None else f"retrying in {delay.total_seconds():.0f} s"
        log.warning("daily %s %s/%s failed (%s); %s", what, workspace, channel, exc, after)
    else:
        log.exception("daily %s %s/%s failed", what, workspace, channel)
